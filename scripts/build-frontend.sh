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
# The main module, its JS, the loader and the chunk are one unit (the chunk
# calls into the main module by export), so all four are named after one
# hash of their bytes: whatever changes, every name changes, and a browser
# never mixes a cached part of one build with another (they are served
# `immutable`).
#
# The page lives at /rpc/serve_html and every asset at
# /rpc/serve_<kind>?p_asset_name=<name>, so the two references the split
# adds inside JavaScript (the main module imports the loader, the loader
# imports the main module and fetches the chunk) are written as serving URLs
# relative to the module, which resolve under any API prefix. index.html
# names both new files (the uploader publishes what it references and prune
# keeps it; the service worker caches the chunk with the release) and gets
# the integrity hashes of the files written here.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
need_cmd "scripts/install.sh installs it" trunk wasm-split-cli wasm-bindgen wasm-opt openssl jq sha256sum

WASM_OPT_FLAGS=(--remove-exports '--pass-arg=remove-exports@*intounderlying*' -Oz
  --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int)
DIST="$ROOT/dist"

# Trunk runs cargo with --offline: fetch the crates first.
cargo fetch --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps --offline | jq -r .target_directory)"
CARGO_WASM="$target_dir/wasm32-unknown-unknown/release/frontend.wasm"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs --cfg ctt_split" \
  trunk build --release=true index.html

shopt -s nullglob
trunk_js=("$DIST"/frontend-*.js)
shopt -u nullglob
[ "${#trunk_js[@]}" -eq 1 ] || die "expected one frontend-<hash>.js in $DIST, found ${#trunk_js[@]}"
trunk_stem="$(basename "${trunk_js[0]}" .js)"

work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

step "splitting the lazily loaded screens out of $CARGO_WASM"
mkdir "$work/split" "$work/bindgen" "$work/out"
wasm-split-cli "$CARGO_WASM" "$work/split" --out-name main
chunks="$(cd "$work/split" && find . -name '*.wasm' ! -name main.wasm | sort | tr '\n' ' ')"
[ "$chunks" = "./split_screens.wasm " ] ||
  die "wasm-split made these chunks: ${chunks:-none}; expected ./split_screens.wasm only (frontend/src/lazy.rs, --cfg ctt_split)"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-name main --out-dir "$work/bindgen" "$work/split/main.wasm"
wasm-opt "${WASM_OPT_FLAGS[@]}" "$work/bindgen/main_bg.wasm" -o "$work/out/main_bg.wasm"
wasm-opt "${WASM_OPT_FLAGS[@]}" "$work/split/split_screens.wasm" -o "$work/out/screens.wasm"
cp "$work/bindgen/main.js" "$work/out/main.js"
cp "$work/split/__wasm_split.js" "$work/out/split.js"

hash="$(cat "$work/out/main_bg.wasm" "$work/out/main.js" "$work/out/split.js" "$work/out/screens.wasm" |
  sha256sum | cut -c1-16)"
[ "${#hash}" = 16 ] || die "could not hash the build"
main_js="frontend-$hash.js" main_wasm="frontend-${hash}_bg.wasm" loader="split-$hash.js" chunk="screens-$hash.wasm"

# Replaces the text $2 by $3 in file $1, failing unless it is there exactly
# once (a new wasm-split or wasm-bindgen must not slip through).
replace_once() {
  local count; count="$(grep -cF -- "$2" "$1" || true)"
  [ "$count" = 1 ] || die "$(basename "$1"): expected $2 once, found it $count times"
  awk -v from="$2" -v to="$3" '{ i = index($0, from); if (i) $0 = substr($0, 1, i - 1) to substr($0, i + length(from)); print }' \
    "$1" >"$work/replaced" && cat "$work/replaced" >"$1"
}
replace_once "$work/out/split.js" '"./split_screens.wasm"' "\"./serve_wasm?p_asset_name=$chunk\""
replace_once "$work/out/split.js" 'from "./main.js"' "from \"./serve_js?p_asset_name=$main_js\""
# (Only the import: the wasm's own import module keeps its name.)
replace_once "$work/out/main.js" 'from "./__wasm_split.js"' "from \"./serve_js?p_asset_name=$loader\""

# Trunk's unsplit module goes; the split one takes its place in the page.
rm -f "$DIST/$trunk_stem.js" "$DIST/${trunk_stem}_bg.wasm"
cp "$work/out/main.js" "$DIST/$main_js"
cp "$work/out/main_bg.wasm" "$DIST/$main_wasm"
cp "$work/out/split.js" "$DIST/$loader"
cp "$work/out/screens.wasm" "$DIST/$chunk"

index="$DIST/index.html"
sed "s/$trunk_stem/frontend-$hash/g" "$index" >"$work/index.html"
sri() {
  local digest; digest="$(openssl dgst -sha384 -binary "$1" | openssl base64 -A)"
  [ -n "$digest" ] || die "could not hash $1"
  printf 'sha384-%s' "$digest"
}
for file in "$main_js" "$main_wasm"; do
  old="$(grep -o "href=\"/$file\" crossorigin=\"anonymous\" integrity=\"[^\"]*\"" "$work/index.html")" ||
    die "index.html has no integrity for /$file"
  new_sri="$(sri "$DIST/$file")"
  replace_once "$work/index.html" "$old" "href=\"/$file\" crossorigin=\"anonymous\" integrity=\"$new_sri\""
done
loader_sri="$(sri "$DIST/$loader")"
replace_once "$work/index.html" '</head>' "<link rel=\"modulepreload\" href=\"/$loader\" crossorigin=\"anonymous\" integrity=\"$loader_sri\"><meta name=\"ctt-lazy-screens\" content=\"/$chunk\" /></head>"
cp "$work/index.html" "$index"

# What each part weighs (brotli, as browsers get it), where brotli is installed.
for file in "$main_js" "$main_wasm" "$loader" "$chunk"; do
  size="$(wc -c <"$DIST/$file") B"
  if command -v brotli >/dev/null; then size="$size, brotli $(brotli -q 11 -c "$DIST/$file" | wc -c) B"; fi
  step "$(printf '%-36s %s' "$file" "$size")"
done
