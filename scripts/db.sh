#!/usr/bin/env bash
# Database steps shared by the local stack and deploy.sh, against any
# PostgreSQL URL. Only "bootstrap" uses a superuser; everything else runs as
# app_owner, so app_owner owns every object it creates.
#
#   db.sh bootstrap        SUPERUSER_URL APP_OWNER_PASSWORD API_USER_PASSWORD
#   db.sh migrate          APP_OWNER_URL            (pending dbmate migrations)
#   db.sh status           APP_OWNER_URL            (exit 1 if any is pending)
#   db.sh apply-api        APP_OWNER_URL JWT_SECRET (db/api/*.sql, one transaction)
#   db.sh seed-dev         APP_OWNER_URL            (local stack only)
#   db.sh publisher-token  APP_OWNER_URL            (prints a 1-hour publishing JWT)
#
# MIGRATIONS_DIR (default db/migrations) points migrate/status at another
# directory, e.g. a release's copy or a test's.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PSQL=(psql -X -v ON_ERROR_STOP=1 --quiet --no-psqlrc)
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

need() { [ -n "${!1:-}" ] || die "$1 is not set (see README: Deploying to production)"; }

dbmate() {
  need APP_OWNER_URL
  "$DBMATE_BIN" --url "$APP_OWNER_URL" --migrations-dir "${MIGRATIONS_DIR:-$ROOT/db/migrations}" \
    --migrations-table app_data.schema_migrations --no-dump-schema "$@"
}

cmd_bootstrap() {
  need SUPERUSER_URL; need APP_OWNER_PASSWORD; need API_USER_PASSWORD
  "${PSQL[@]}" "$SUPERUSER_URL" -v db_name="$DB_NAME" \
    -v app_owner_password="$APP_OWNER_PASSWORD" -v api_user_password="$API_USER_PASSWORD" \
    -f "$ROOT/db/bootstrap/bootstrap.sql" >/dev/null
}

cmd_migrate() { dbmate migrate; }

cmd_status() {
  local out; out="$(dbmate status)"
  printf '%s\n' "$out"
  ! grep -q '^\[ \]' <<<"$out"
}

cmd_apply_api() {
  need APP_OWNER_URL; need JWT_SECRET
  [ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"
  local files=("$ROOT"/db/api/*.sql)
  # One transaction: a broken definition leaves the previous API in place.
  { echo 'BEGIN;'; for f in "${files[@]}"; do echo "\\ir $f"; done; echo 'COMMIT;'; } |
    "${PSQL[@]}" "$APP_OWNER_URL" -v jwt_secret="$JWT_SECRET" -f - >/dev/null
}

cmd_seed_dev() { need APP_OWNER_URL; "${PSQL[@]}" "$APP_OWNER_URL" -f "$ROOT/db/seed/dev_seed.sql" >/dev/null; }

cmd_publisher_token() {
  need APP_OWNER_URL
  "${PSQL[@]}" "$APP_OWNER_URL" -At -c 'SELECT app_functions.publisher_token()'
}

case "${1:-}" in
  bootstrap) cmd_bootstrap ;;
  migrate) cmd_migrate ;;
  status) cmd_status ;;
  apply-api) cmd_apply_api ;;
  seed-dev) cmd_seed_dev ;;
  publisher-token) cmd_publisher_token ;;
  *) die "usage: db.sh bootstrap|migrate|status|apply-api|seed-dev|publisher-token" ;;
esac
