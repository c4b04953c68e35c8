#!/usr/bin/env bash
# Release build of the Leptos app into dist/, fully offline (the tools are
# pinned in Trunk.toml and installed by scripts/install.sh).
#
# Trunk builds the page, the CSS and the copied files, and cargo's .wasm.
# Then every screen but sign-in and Today is cut out of that .wasm into a
# chunk fetched on first use (frontend/src/lazy.rs): wasm-split on cargo's
# output (it needs the linker's relocations, hence --emit-relocs),
# wasm-bindgen on the main part, wasm-opt on both (Trunk's own wasm-opt is
# off in index.html: it would optimise a module that is then replaced).
#
# The page lives at /rpc/serve_html and every asset at
# /rpc/serve_<kind>?p_asset_name=<name>, so the two references the split
# adds inside JavaScript (the main module imports the loader, the loader
# imports the main module and fetches the chunk) are written as serving URLs
# relative to the module, which resolve under any API prefix. index.html
# names both new files (the uploader publishes what it references and prune
# keeps it; the service worker caches the chunk with the release) and gets
# the integrity hashes of the files rewritten here.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
need_cmd wasm-split-cli
need_cmd wasm-bindgen
need_cmd wasm-opt
need_cmd openssl

WASM_OPT_FLAGS=(--remove-exports '--pass-arg=remove-exports@*intounderlying*' -Oz
  --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int)
DIST="$ROOT/dist"
CARGO_WASM="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/release/frontend.wasm"

# Trunk runs cargo with --offline: fetch the crates first.
cargo fetch --quiet
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs --cfg ctt_split" \
  trunk build --release=true index.html

shopt -s nullglob
main_js=("$DIST"/frontend-*.js)
shopt -u nullglob
[ "${#main_js[@]}" -eq 1 ] || die "expected one frontend-<hash>.js in $DIST, found ${#main_js[@]}"
stem="$(basename "${main_js[0]}" .js)"

work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

step "splitting the lazily loaded screens out of $(basename "$CARGO_WASM")"
wasm-split-cli "$CARGO_WASM" "$work" --out-name "$stem"
[ -f "$work/split_screens.wasm" ] || die "wasm-split made no screens chunk: is frontend/src/lazy.rs built with --cfg ctt_split?"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-name "$stem" --out-dir "$work/bindgen" "$work/$stem.wasm"
wasm-opt "${WASM_OPT_FLAGS[@]}" "$work/bindgen/${stem}_bg.wasm" -o "$DIST/${stem}_bg.wasm"
wasm-opt "${WASM_OPT_FLAGS[@]}" "$work/split_screens.wasm" -o "$work/screens.wasm"

# A content-hashed name, as Trunk names its files.
hashed() { printf '%s-%s.%s' "$1" "$(sha256sum "$2" | cut -c1-16)" "$3"; }
# Replaces the quoted text $2 by $3 in file $1, failing if it is not there
# exactly once (a new wasm-split or wasm-bindgen must not slip through).
replace_once() {
  local count; count="$(grep -cF -- "$2" "$1" || true)"
  [ "$count" = 1 ] || die "$(basename "$1"): expected $2 once, found it $count times"
  local from="$2" to="$3"
  awk -v from="$from" -v to="$to" '{ i = index($0, from); if (i) $0 = substr($0, 1, i - 1) to substr($0, i + length(from)); print }' \
    "$1" >"$1.new" && mv "$1.new" "$1"
}
sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"; }

chunk="$(hashed screens "$work/screens.wasm" wasm)"
mv "$work/screens.wasm" "$DIST/$chunk"
replace_once "$work/__wasm_split.js" '"./split_screens.wasm"' "\"./serve_wasm?p_asset_name=$chunk\""
replace_once "$work/__wasm_split.js" "from \"./$stem.js\"" "from \"./serve_js?p_asset_name=$stem.js\""
loader="$(hashed split "$work/__wasm_split.js" js)"
mv "$work/__wasm_split.js" "$DIST/$loader"
# (Only the import: the wasm's own import module keeps its name.)
replace_once "$work/bindgen/$stem.js" 'from "./__wasm_split.js"' "from \"./serve_js?p_asset_name=$loader\""
mv "$work/bindgen/$stem.js" "$DIST/$stem.js"

index="$DIST/index.html"
for file in "$stem.js" "${stem}_bg.wasm"; do
  old="$(grep -o "href=\"/$file\" crossorigin=\"anonymous\" integrity=\"[^\"]*\"" "$index")" ||
    die "index.html has no integrity for /$file"
  replace_once "$index" "$old" "href=\"/$file\" crossorigin=\"anonymous\" integrity=\"$(sri "$DIST/$file")\""
done
replace_once "$index" '</head>' "<link rel=\"modulepreload\" href=\"/$loader\" crossorigin=\"anonymous\" integrity=\"$(sri "$DIST/$loader")\"><meta name=\"ctt-lazy-screens\" content=\"/$chunk\" /></head>"

# What each part weighs (brotli, as browsers get it), where brotli is installed.
for file in "$stem.js" "${stem}_bg.wasm" "$loader" "$chunk"; do
  size="$(wc -c <"$DIST/$file") B"
  if command -v brotli >/dev/null; then size="$size, brotli $(brotli -q 11 -c "$DIST/$file" | wc -c) B"; fi
  step "$(printf '%-36s %s' "$file" "$size")"
done
