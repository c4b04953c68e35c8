#!/usr/bin/env bash
# Health, ownership and privilege drift report for a deployed database.
#
# Usage: monitor.sh [--fix] [--json] [--problems] [--help]
#
#   --fix       repair ownership and grant drift, print every statement run,
#               then check again. Objects owned by another role can only be
#               given to app_owner by a superuser: set SUPERUSER_URL for that
#               (grant drift on app_owner's own objects needs only APP_OWNER_URL).
#   --json      one JSON document on stdout: {ok, needs_attention, checks[], fixes[]}
#   --problems  text output lists only what needs attention (and a summary)
#
# Checks: database reachable; PostgREST answering (API_URL, POSTGREST_ADMIN_URL);
# owner of every schema, table, view, materialized view, sequence, function,
# procedure, type and domain in app_data, app_functions, app_frontend, api
# (must be app_owner); RLS on every table; no PUBLIC EXECUTE on functions there;
# nothing in app_data/app_frontend reachable by api_anon; app_owner/api_user not
# superuser, api_user NOINHERIT and owning nothing; no pending migrations.
#
# Environment: APP_OWNER_URL (required), API_URL, POSTGREST_ADMIN_URL,
# SUPERUSER_URL (for --fix), MIGRATIONS_DIR (default db/migrations).
# Exit status: 0 all OK, 1 something needs attention (an unreachable database
# included) or --fix failed, 2 usage error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=ops/lib-ops.sh
source "$ROOT/ops/lib-ops.sh"

# Every die here exits 2 (usage or setup); the checks report, never die.
DIE_STATUS=2 README_SECTION=Monitoring
FIX=0 JSON=0 PROBLEMS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --fix) FIX=1 ;;
    --json) JSON=1 ;;
    --problems) PROBLEMS_ONLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $arg" ;;
  esac
done
need_env APP_OWNER_URL "postgres://app_owner:PASSWORD@HOST:5432/$DB_NAME"
ops_init
trap ops_cleanup EXIT
API_URL="${API_URL:-}"; API_URL="${API_URL%/}"

RESULTS="$OPS_TMP/results.tsv"
FIXES="$OPS_TMP/fixes.txt"
: >"$FIXES"
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }

run_checks() {
  : >"$RESULTS"
  # Database health: everything else depends on it.
  local version
  if version="$(pg_psql "$APP_OWNER_URL" -At -c \
       "SELECT current_setting('server_version') || ', database ' || current_database() || ', connected as ' || current_user" 2>"$OPS_TMP/pg.err")"; then
    row database OK "postgresql" "PostgreSQL $version"
  else
    row database NEEDS_ATTENTION "postgresql" "cannot connect to $(pg_url_where "$APP_OWNER_URL"): $(head -n 2 "$OPS_TMP/pg.err" | tr '\n\t' '  ')"
    return 0
  fi

  # API health.
  if [ -n "$API_URL" ]; then
    local status
    status="$(http "$API_URL/rpc/serve_html")"
    if [ "$status" = 200 ]; then row api OK "$API_URL/rpc/serve_html" "HTTP 200"
    else row api NEEDS_ATTENTION "$API_URL/rpc/serve_html" "HTTP $status $(head -c 200 "$OPS_TMP/body" | tr '\n\t' '  ')$(tr '\n' ' ' <"$OPS_TMP/curl.err")"; fi
  else
    row api SKIPPED "-" "API_URL not set"
  fi
  if [ -n "${POSTGREST_ADMIN_URL:-}" ]; then
    local status
    status="$(http "${POSTGREST_ADMIN_URL%/}/ready")"
    if [ "$status" = 200 ]; then row api OK "${POSTGREST_ADMIN_URL%/}/ready" "HTTP 200"
    else row api NEEDS_ATTENTION "${POSTGREST_ADMIN_URL%/}/ready" "HTTP $status"; fi
  fi

  local f
  for f in ownership rls grants required_grants roles; do
    pg_psql "$APP_OWNER_URL" -At -F $'\t' -f "$ROOT/ops/monitor/$f.sql" >>"$RESULTS" 2>"$OPS_TMP/pg.err" \
      || row "$f" NEEDS_ATTENTION "-" "check failed: $(head -n 2 "$OPS_TMP/pg.err" | tr '\n' ' ')"
  done

  # Pending migrations (dbmate status: "[X] applied", "[ ] pending").
  local out
  if out="$("$ROOT/scripts/db.sh" status 2>&1)"; then
    row migrations OK "-" "$(grep -c '^\[X\]' <<<"$out" || true) applied, none pending"
  elif grep -q '^\[ \]' <<<"$out"; then
    while read -r _ _ name; do row migrations NEEDS_ATTENTION "$name" "pending: run deploy.sh"; done < <(grep '^\[ \]' <<<"$out")
  else
    row migrations NEEDS_ATTENTION "-" "dbmate status failed: $(tr '\n' ' ' <<<"$out" | head -c 300)"
  fi
}

apply_fixes() {
  pg_psql "$APP_OWNER_URL" -At -f "$ROOT/ops/monitor/fix.sql" >"$OPS_TMP/stmts" 2>"$OPS_TMP/pg.err" \
    || die "could not compute repairs: $(cat "$OPS_TMP/pg.err")"
  if [ ! -s "$OPS_TMP/stmts" ]; then
    [ "$JSON" = 1 ] || log "--fix: no ownership or grant drift to repair"
    return 0
  fi
  local db url
  db="$(pg_psql "$APP_OWNER_URL" -At -c 'SELECT current_database()')"
  # As a superuser when one is given (needed for objects another role owns),
  # otherwise as app_owner. One transaction: all repairs or none.
  if [ -n "${SUPERUSER_URL:-}" ]; then url="$SUPERUSER_URL"; else url="$APP_OWNER_URL"; fi
  {
    [ -n "${SUPERUSER_URL:-}" ] && printf '\\connect %s\n' "$(printf '%s' "$db" | sed 's/"/""/g; s/.*/"&"/')"
    echo 'BEGIN;'
    sed 's/$/;/' "$OPS_TMP/stmts"
    echo 'COMMIT;'
  } >"$OPS_TMP/fix-script.sql"
  if ! pg_psql "$url" -f "$OPS_TMP/fix-script.sql" >/dev/null 2>"$OPS_TMP/pg.err"; then
    printf 'error: --fix failed, nothing was changed: %s\n' "$(grep -v '^$' "$OPS_TMP/pg.err" | head -n 3 | tr '\n' ' ')" >&2
    if [ -z "${SUPERUSER_URL:-}" ] && grep -q 'must be owner\|permission denied\|must be able to SET ROLE\|must be member' "$OPS_TMP/pg.err"; then
      printf 'hint: objects owned by another role can only be reassigned by a superuser: set SUPERUSER_URL\n' >&2
    fi
    printf 'statements attempted:\n' >&2; sed 's/^/  /' "$OPS_TMP/stmts" >&2
    exit 1
  fi
  cp "$OPS_TMP/stmts" "$FIXES"
  if [ "$JSON" = 0 ]; then
    while IFS= read -r s; do printf 'FIXED  %s\n' "$s"; done <"$FIXES"
  fi
}

run_checks
if [ "$FIX" = 1 ] && grep -q "^database	OK" "$RESULTS"; then
  apply_fixes
  run_checks
fi

attention="$(cut -f2 "$RESULTS" | grep -c '^NEEDS_ATTENTION$' || true)"
total="$(wc -l <"$RESULTS")"
if [ "$JSON" = 1 ]; then
  jq -n --rawfile results "$RESULTS" --rawfile fixes "$FIXES" --argjson attention "$attention" '
    { ok: ($attention == 0), needs_attention: $attention,
      checks: ($results | split("\n") | map(select(length > 0) | split("\t")
               | {check: .[0], status: .[1], object: .[2], detail: .[3]})),
      fixes: ($fixes | split("\n") | map(select(length > 0))) }'
else
  while IFS=$'\t' read -r check status object detail; do
    [ "$PROBLEMS_ONLY" = 1 ] && [ "$status" != NEEDS_ATTENTION ] && continue
    printf '%-16s %-22s %-60s %s\n' "$status" "$check" "$object" "$detail"
  done <"$RESULTS"
  if [ "$attention" = 0 ]; then
    printf 'summary: all %s checks OK\n' "$total"
  else
    printf 'summary: %s of %s checks NEED ATTENTION%s\n' "$attention" "$total" \
      "$([ "$FIX" = 1 ] || echo ' (monitor.sh --fix repairs ownership, RLS and grant drift; SUPERUSER_URL for objects owned by other roles)')"
  fi
fi
[ "$attention" = 0 ]
