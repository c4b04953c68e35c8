#!/usr/bin/env bash
# Benchmark of `uploader publish` with the real release build (dist/):
#
#   full   every asset compressed and sent (`publish --force`: the same work as
#          a first publish, without changing what the live site serves)
#   no-op  nothing changed (manifest compare only)
#
# Median of RUNS runs each (default 5), wall clock of the whole process.
#
#   scripts/bench/uploader.sh [DIST_DIR]
#
# Environment: RUNS, UPLOADER_API_URL (default: the local stack's API_URL),
# UPLOADER_TOKEN (default: a fresh one from scripts/db.sh publisher-token),
# UPLOADER_BIN (default: builds target/release/uploader).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
DIST="${1:-$ROOT/dist}"
RUNS="${RUNS:-5}"

[ -f "$DIST/index.html" ] || die "$DIST has no index.html: run \`make frontend\` first"

if [ -z "${UPLOADER_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p uploader) || die "building the uploader failed"
  UPLOADER_BIN="$DEFAULT_UPLOADER_BIN"
fi
[ -x "$UPLOADER_BIN" ] || die "no uploader binary at $UPLOADER_BIN"

if [ -z "${UPLOADER_API_URL:-}" ] || [ -z "${UPLOADER_TOKEN:-}" ]; then
  STACK_ENV="$("$ROOT/scripts/stack.sh" env)" || die "the local stack is not set up: run scripts/stack.sh up"
  eval "$STACK_ENV"
  export UPLOADER_API_URL="${UPLOADER_API_URL:-$API_URL}"
  if [ -z "${UPLOADER_TOKEN:-}" ]; then
    UPLOADER_TOKEN="$(APP_OWNER_URL="$APP_OWNER_URL" "$ROOT/scripts/db.sh" publisher-token)" \
      || die "could not mint a publisher token (is the stack running?)"
  fi
fi
export UPLOADER_TOKEN

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Runs the uploader RUNS times with the given arguments; prints the median ms.
median_ms() {
  local times=() start end
  for _ in $(seq "$RUNS"); do
    start=$(now_ms)
    "$UPLOADER_BIN" publish "$DIST" --json "$@" >/dev/null 2>"$TMP/err" \
      || die "publish failed: $(tail -n 1 "$TMP/err")"
    end=$(now_ms)
    times+=($(( end - start )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m}'
}

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

files=$(find "$DIST" -maxdepth 1 -type f ! -name '.*' | wc -l)
bytes=$(find "$DIST" -maxdepth 1 -type f ! -name '.*' -printf '%s\n' | awk '{s+=$1} END {print s}')
# Make sure the server holds this build, so the no-op run really is one.
"$UPLOADER_BIN" publish "$DIST" --json >/dev/null 2>"$TMP/err" || die "publish failed: $(tail -n 1 "$TMP/err")"

full=$(median_ms --force)
noop=$(median_ms)
echo "uploader benchmark: $DIST ($files files, $bytes bytes) -> $UPLOADER_API_URL, median of $RUNS runs"
printf '  full publish   %6s ms   (target <= 3000 ms)\n' "$full"
printf '  no-op publish  %6s ms   (target <=  500 ms)\n' "$noop"
