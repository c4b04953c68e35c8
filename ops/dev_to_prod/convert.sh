#!/usr/bin/env bash
# Converts a database in the guide's development layout (tables and functions
# in "public", owned by the superuser cleaning_user) into the production
# layout in place, without losing a row. See README.md, "Migrating from the development setup".
#
#   1. pg_dump backup of the development database (as the superuser)
#   2. bootstrap: roles, schemas, pgcrypto (superuser; idempotent)
#   3. dbmate migrations as app_owner: app_owner owns every new table
#   4. migrations/001_setup_production_ownership.sql as the superuser, one
#      transaction: copy rows (ids kept, bcrypt hashes kept, text assets to
#      bytea), set sequences, compare counts and checksums, drop the old objects
#   5. the API layer as app_owner (NOTIFY pgrst reloads a running PostgREST)
#   6. monitor.sh: every object in the app schemas owned by app_owner
#
# Environment:
#   SUPERUSER_URL       required  the development superuser, connected to the
#                                 development database (postgres://cleaning_user:...@HOST/cleaning_tracker)
#   APP_OWNER_URL       required  postgres://app_owner:PASS@HOST/cleaning_tracker (same database)
#                       (URLs as PostgreSQL users write them; without sslmode SSL
#                       is used when the server offers it; passwords are passed to
#                       psql, pg_dump and dbmate in their environment, never argv)
#   APP_OWNER_PASSWORD, API_USER_PASSWORD  required  (passwords the bootstrap sets; the
#                                 first must be the one in APP_OWNER_URL)
#   JWT_SECRET          required  >= 32 chars, PostgREST's jwt-secret
#   BACKUP_DIR          default ./backups
#   CONVERT_ADMINS      usernames (comma-separated) to make household admins;
#                       default: the user with the lowest user_id
# Safe to re-run after a failure: steps 2-3 are idempotent and step 4 is
# all-or-nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) usage_error "unknown argument: $1" ;;
esac

need_env SUPERUSER_URL "postgres://cleaning_user:PASSWORD@HOST:5432/cleaning_tracker"
need_env APP_OWNER_URL "postgres://app_owner:PASSWORD@HOST:5432/cleaning_tracker"
need_env APP_OWNER_PASSWORD
need_env API_USER_PASSWORD
need_env JWT_SECRET
[ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"
BACKUP_DIR="${BACKUP_DIR:-./backups}"

# Both servers must answer before anything changes (a wrong host or port is
# reported as a connection failure; app_owner may not exist yet).
pg_try_connect "$SUPERUSER_URL" || die "cannot connect with SUPERUSER_URL to $(pg_error "$SUPERUSER_URL"); nothing was changed"
need_server APP_OWNER_URL "nothing was changed"
info="$(pg_psql "$SUPERUSER_URL" -At -F ' ' -c \
  "SELECT current_database(), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
          to_regclass('public.users') IS NOT NULL")"
read -r db is_super has_dev <<<"$info"
[ "$is_super" = t ] || die "SUPERUSER_URL must connect as a superuser (the development cleaning_user is one)"
export DB_NAME="$db"
if [ "$has_dev" != t ]; then
  if bootstrapped && [ "$(pg_psql "$APP_OWNER_URL" -At -c 'SELECT count(*) > 0 FROM app_data.users' 2>/dev/null)" = t ]; then
    log "database $db has no development tables and holds production data: already converted"
    exit 0
  fi
  die "database $db has no public.users: it is not in the development layout"
fi

log "1/6 backup of the development database $db"
umask 077  # the dump holds password hashes
mkdir -p "$BACKUP_DIR"
backup="$BACKUP_DIR/${db}-before-conversion-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_run "$SUPERUSER_URL" pg_dump --format=custom --file="$backup" || die "pg_dump failed; nothing was changed"
log "backup: $backup (restore: pg_restore --clean --if-exists -d \"\$SUPERUSER_URL\" $backup)"

# Steps 2-5: the path deploy.sh takes (scripts/lib.sh, update_database),
# with the data copied between the migrations and the API layer. Nothing is
# published: the site keeps its frontend.
update_before_api() {
  step "copying the data (one transaction, checked by counts and checksums)"
  pg_psql "$SUPERUSER_URL" -v admins="${CONVERT_ADMINS:-}" \
    -f "$ROOT/migrations/001_setup_production_ownership.sql" \
    || die "copying failed and was rolled back: the development tables are untouched (fix the data and re-run)"
}
UPDATE_PUBLISH=0 UPDATE_NOTE="The development tables are untouched."
update_database

log "6/6 checking ownership and grants (monitor.sh)"
"$ROOT/monitor.sh" --problems || die "monitor.sh reports problems after the conversion (see above)"
log "conversion complete: $db is in the production layout; point PostgREST at it as api_user (see README.md, section Deploying to production)"
