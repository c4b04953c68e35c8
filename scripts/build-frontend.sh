#!/usr/bin/env bash
# Release build of the Leptos app into dist/ with Trunk, fully offline: the
# tools are pinned in Trunk.toml and installed by scripts/install.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
# Trunk runs cargo with --offline: fetch the crates first.
cargo fetch --quiet
trunk build --release=true index.html
