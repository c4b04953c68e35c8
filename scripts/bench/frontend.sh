#!/usr/bin/env bash
# Frontend load benchmark: publishes dist/ (build it first with
# `make frontend`) into an isolated test stack and reports, as
# medians over CTT_BENCH_RUNS (default 7) headless-Chromium runs, the bytes
# on the wire for a first and a repeat visit, how many asset bodies the
# repeat visit downloads again, and navigation -> Today (the landing screen)
# rendered.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOT"
exec cargo run --quiet -p tests --bin frontend_bench
