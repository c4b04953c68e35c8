#!/usr/bin/env bash
# Runs every Rust test binary of the workspace (the frontend's wasm tests
# aside) in TEST_LANES lanes at once (default 2).
#
#   scripts/test-lanes.sh            what `make test` runs
#   TEST_LANES=1 scripts/test-lanes.sh   one binary after another
#
# Why lanes: each test binary starts its own PostgreSQL cluster and
# PostgREST on free loopback ports, and most of their time is spent
# waiting (browsers, drills, a 30 s storm), so two binaries side by side
# finish the suite in a good deal less wall time than `cargo test` running
# them one by one. Every binary runs whole, as `cargo test` would run it
# (its package directory as the working directory); its output goes to a
# log that is printed when it fails. Exits 1 when any binary failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_cmd "scripts/install.sh installs it" jq

LANES="${TEST_LANES:-2}"
[[ "$LANES" =~ ^[1-9]$ ]] || die "TEST_LANES must be a number from 1 to 9, not '$LANES'"
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/ctt-test-lanes.XXXXXX")"
trap 'rm -rf "$LOGS"' EXIT

# Seconds each binary took in a `make test` run (2 lanes, 2 cores): the longest are
# started first and each goes to the lane with the least work so far. A
# binary not listed counts as 20 s.
weight() {
  case "$1" in
    browser) echo 192 ;; ops) echo 107 ;; uploader) echo 71 ;;
    drills) echo 66 ;; attack) echo 53 ;; points) echo 51 ;;
    access_matrix) echo 49 ;; chores_read) echo 35 ;; browser_scale) echo 29 ;;
    chores) echo 25 ;; bad_input) echo 22 ;; proxy) echo 19 ;;
    serving) echo 16 ;; auth) echo 9 ;; rrule) echo 6 ;; pgtap) echo 4 ;;
    *) echo 20 ;;
  esac
}

step "building the test binaries"
# One line per test binary: weight, name, package directory, executable.
(cd "$ROOT" && cargo test --workspace --exclude frontend --no-run --message-format=json) |
  jq -r 'select(.reason == "compiler-artifact" and .profile.test and .executable != null)
         | [.target.name, (.manifest_path | sub("/Cargo.toml$"; "")), .executable] | @tsv' |
  while IFS=$'\t' read -r name dir exe; do
    # The tests package's binaries are the long ones; other packages' unit
    # tests take a moment.
    if [ "$dir" = "$ROOT/tests" ]; then w="$(weight "$name")"; else w=1; fi
    printf '%s\t%s\t%s\t%s\n' "$w" "$name" "$dir" "$exe"
  done | sort -rn >"$LOGS/binaries"
[ -s "$LOGS/binaries" ] || die "cargo built no test binaries"

# Longest first, each to the least loaded lane.
declare -a lane_load
for ((l = 0; l < LANES; l++)); do lane_load[l]=0; : >"$LOGS/lane$l"; done
while IFS=$'\t' read -r w name dir exe; do
  best=0
  for ((l = 1; l < LANES; l++)); do
    [ "${lane_load[l]}" -lt "${lane_load[best]}" ] && best=$l
  done
  lane_load[best]=$(( lane_load[best] + w ))
  printf '%s\t%s\t%s\n' "$name" "$dir" "$exe" >>"$LOGS/lane$best"
done <"$LOGS/binaries"

run_lane() {
  local lane="$1" name dir exe log started status
  while IFS=$'\t' read -r name dir exe; do
    # The executable's file name is unique (a package's lib, bin and
    # integration tests may share a name).
    log="$LOGS/$(basename "$exe").log"
    started="$(date +%s)"
    status=0
    (cd "$dir" && "$exe") >"$log" 2>&1 || status=$?
    printf '%s\t%s\t%s\t%s\n' "$name" "$status" "$(( $(date +%s) - started ))" "$log" >>"$LOGS/results"
    if [ "$status" = 0 ]; then
      step "lane $lane: $name passed in $(( $(date +%s) - started )) s ($(grep -h '^test result' "$log" | tail -1))"
    else
      step "lane $lane: $name FAILED (status $status) after $(( $(date +%s) - started )) s"
    fi
  done <"$LOGS/lane$lane"
}

step "running $(wc -l <"$LOGS/binaries") test binaries in $LANES lanes"
pids=()
for ((l = 0; l < LANES; l++)); do run_lane "$l" & pids+=("$!"); done
for pid in "${pids[@]}"; do wait "$pid"; done

failed=0
while IFS=$'\t' read -r name status _ log; do
  [ "$status" = 0 ] && continue
  failed=1
  printf '\n===== %s failed (status %s); its output: =====\n' "$name" "$status" >&2
  cat "$log" >&2
done <"$LOGS/results"
[ "$(wc -l <"$LOGS/results")" = "$(wc -l <"$LOGS/binaries")" ] || die "not every test binary ran"
[ "$failed" = 0 ] || die "some test binaries failed (their output is above)"
step "every test binary passed"
