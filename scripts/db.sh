#!/usr/bin/env bash
# Database steps shared by the local stack and deploy.sh, against any
# PostgreSQL URL. Only "bootstrap" uses a superuser; everything else runs as
# app_owner, so app_owner owns every object it creates.
#
#   db.sh bootstrap           SUPERUSER_URL APP_OWNER_PASSWORD API_USER_PASSWORD
#   db.sh migrate             APP_OWNER_URL            (pending dbmate migrations)
#   db.sh status              APP_OWNER_URL            (exit 1 if any is pending)
#   db.sh apply-api           APP_OWNER_URL JWT_SECRET (db/api/*.sql, one transaction)
#   db.sh create-first-admin  APP_OWNER_URL [FIRST_ADMIN_USERNAME FIRST_ADMIN_PASSWORD]
#                             (the household's first admin when no active admin
#                             exists; without the two variables only a warning)
#   db.sh seed-dev            APP_OWNER_URL            (local stack only)
#   db.sh publisher-token     APP_OWNER_URL            (prints a 1-hour publishing JWT)
#
# URLs as PostgreSQL users write them (postgres://USER:PASS@HOST:PORT/DB,
# sslmode optional: without it SSL is used when the server offers it).
# Passwords and secrets never appear on a command line: libpq tools get them
# in PGPASSWORD, dbmate its URL in DATABASE_URL, psql scripts read them with
# \getenv. MIGRATIONS_DIR (default db/migrations) points migrate/status at
# another directory, e.g. a release's copy or a test's.
#
# Exit status: 0 done, 1 the step failed, 3 the database could not be
# reached (nothing was run; the message names host, port and libpq's reason),
# 4 create-first-admin: no admin exists and none was asked for (a warning).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Exit status 3 when URL $1 (named $2) does not connect.
connected() { pg_check_connection "${!1}" "$1" || exit 3; }

# A psql \i argument: single-quoted, quotes doubled.
psql_path() { local p="${1//\'/\'\'}"; printf "'%s'" "$p"; }

dbmate() {
  need_env APP_OWNER_URL
  connected APP_OWNER_URL
  dbmate_url "$APP_OWNER_URL" APP_OWNER_URL || exit 3
  DATABASE_URL="$DBMATE_URL" "$DBMATE_BIN" --migrations-dir "${MIGRATIONS_DIR:-$ROOT/db/migrations}" \
    --migrations-table app_data.schema_migrations --no-dump-schema "$@"
}

cmd_bootstrap() {
  need_env SUPERUSER_URL; need_env APP_OWNER_PASSWORD; need_env API_USER_PASSWORD
  connected SUPERUSER_URL
  export APP_OWNER_PASSWORD API_USER_PASSWORD
  # The passwords reach psql's variables from its environment (\getenv).
  { printf '\\getenv app_owner_password APP_OWNER_PASSWORD\n\\getenv api_user_password API_USER_PASSWORD\n'
    printf '\\i %s\n' "$(psql_path "$ROOT/db/bootstrap/bootstrap.sql")"; } |
    pg_psql "$SUPERUSER_URL" -v db_name="$DB_NAME" -f - >/dev/null
}

cmd_migrate() { dbmate migrate; }

cmd_status() {
  local out; out="$(dbmate status)"
  printf '%s\n' "$out"
  ! grep -q '^\[ \]' <<<"$out"
}

cmd_apply_api() {
  need_env APP_OWNER_URL; need_env JWT_SECRET
  [ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"
  connected APP_OWNER_URL
  export JWT_SECRET
  local files=("$ROOT"/db/api/*.sql) f
  # One transaction: a broken definition leaves the previous API in place.
  { echo '\getenv jwt_secret JWT_SECRET'
    echo 'BEGIN;'
    for f in "${files[@]}"; do printf '\\i %s\n' "$(psql_path "$f")"; done
    echo 'COMMIT;'; } |
    pg_psql "$APP_OWNER_URL" -f - >/dev/null
}

# Whether the household has an active admin (t/f). Columns read through
# to_jsonb so the query works before and after removed_at exists.
ADMIN_EXISTS_SQL="SELECT EXISTS (SELECT 1 FROM app_data.users u
                   WHERE u.is_admin AND (to_jsonb(u) ->> 'removed_at') IS NULL)"

cmd_create_first_admin() {
  need_env APP_OWNER_URL
  connected APP_OWNER_URL
  local exists id
  exists="$(pg_psql "$APP_OWNER_URL" -At -c "$ADMIN_EXISTS_SQL")"
  if [ "$exists" = t ]; then
    if [ -n "${FIRST_ADMIN_USERNAME:-}${FIRST_ADMIN_PASSWORD:-}" ]; then
      log "the household already has an active admin: FIRST_ADMIN_USERNAME/FIRST_ADMIN_PASSWORD ignored"
    else
      log "the household has an active admin"
    fi
    return 0
  fi
  if [ -z "${FIRST_ADMIN_USERNAME:-}" ] || [ -z "${FIRST_ADMIN_PASSWORD:-}" ]; then
    printf '%s\n' \
      "warning: this database has NO household admin yet, and nobody becomes admin by registering." \
      "warning: create the first admin: set FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD (8-72 bytes," \
      "warning: not a common password) and run deploy.sh again, or run: scripts/db.sh create-first-admin" \
      "warning: (with APP_OWNER_URL, FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD in the environment)." >&2
    exit 4
  fi
  export FIRST_ADMIN_USERNAME FIRST_ADMIN_PASSWORD
  local err reason
  err="$(mktemp)"
  # The password reaches psql from its environment (\getenv), never argv.
  if ! id="$(pg_psql "$APP_OWNER_URL" -At -f - 2>"$err" <<'SQL'
\getenv first_admin_username FIRST_ADMIN_USERNAME
\getenv first_admin_password FIRST_ADMIN_PASSWORD
SELECT app_functions.create_first_admin(:'first_admin_username', :'first_admin_password');
SQL
)"; then
    # The API's errors are JSON ({code, message, details, hint}): show
    # message and hint; anything else as psql printed it.
    reason="$(sed -n 's/^.*ERROR: *//p' "$err" | head -n 1)"
    reason="$(jq -r '[.message, .hint] | map(select(. != null and . != "")) | join(": ")' <<<"$reason" 2>/dev/null || printf '%s' "$reason")"
    [ -n "$reason" ] || reason="$(head -n 3 "$err" | tr '\n' ' ')"
    rm -f "$err"
    die "could not create the first admin '$FIRST_ADMIN_USERNAME': $reason"
  fi
  rm -f "$err"
  if [ -n "$id" ]; then
    log "created the first household admin $FIRST_ADMIN_USERNAME (user_id $id)"
  else
    log "the household already has an active admin: FIRST_ADMIN_USERNAME/FIRST_ADMIN_PASSWORD ignored"
  fi
}

cmd_seed_dev() { need_env APP_OWNER_URL; pg_psql "$APP_OWNER_URL" -f "$ROOT/db/seed/dev_seed.sql" >/dev/null; }

cmd_publisher_token() {
  need_env APP_OWNER_URL
  pg_psql "$APP_OWNER_URL" -At -c 'SELECT app_functions.publisher_token()'
}

case "${1:-}" in
  bootstrap) cmd_bootstrap ;;
  migrate) cmd_migrate ;;
  status) cmd_status ;;
  apply-api) cmd_apply_api ;;
  create-first-admin) cmd_create_first_admin ;;
  seed-dev) cmd_seed_dev ;;
  publisher-token) cmd_publisher_token ;;
  *) usage_error "unknown step: ${1:-} (bootstrap|migrate|status|apply-api|create-first-admin|seed-dev|publisher-token)" ;;
esac
