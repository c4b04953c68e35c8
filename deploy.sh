#!/usr/bin/env bash
# Zero-downtime deploy against any PostgreSQL and any running PostgREST:
#
#   prerequisites (database reachable) -> bootstrap if missing -> one-deploy-at-a-time lock
#   -> backup (pg_dump, keep last N) -> pending migrations (dbmate, as app_owner) -> API layer (one transaction)
#   -> first household admin (new database only) -> PostgREST schema cache reloaded (polled)
#   -> publish frontend (uploader) -> verify (ready, uploader verify, login smoke test)
#
# PostgREST is never stopped and nothing sleeps a fixed time: every wait is a
# poll with a deadline. Any failure stops with a message and exit status 1.
#
# Usage: deploy.sh [--skip-publish] [--skip-backup] [--help]
#
# Environment (see README.md, "Deploying to production"). URLs as PostgreSQL
# users write them; without sslmode SSL is used when the server offers it,
# an explicit sslmode (disable, prefer, require, verify-ca, verify-full with
# sslrootcert) is honoured by psql, pg_dump and dbmate alike. Passwords and
# secrets are handed to child processes in their environment, never as
# arguments (ps would show them).
#   APP_OWNER_URL        required  postgres://app_owner:PASS@HOST:PORT/cleaning_tracker
#   JWT_SECRET           required  >= 32 chars, the same as PostgREST's jwt-secret
#   API_URL              required  PostgREST base URL, e.g. https://example.org/api
#   POSTGREST_ADMIN_URL  optional  PostgREST admin server, e.g. http://127.0.0.1:3001 (/ready)
#   SUPERUSER_URL        optional  only used to bootstrap a server without roles/schemas,
#   APP_OWNER_PASSWORD, API_USER_PASSWORD   ... together with these two
#   FIRST_ADMIN_USERNAME, FIRST_ADMIN_PASSWORD  the household's first admin, created
#                        when the database has no active admin (ignored otherwise;
#                        without them a new database gets a warning and no admin)
#   DIST_DIR             frontend build to publish (default: dist)
#   UPLOADER_BIN         uploader binary (default: target/release/uploader, or under CARGO_TARGET_DIR)
#   BACKUP_DIR, BACKUP_KEEP   backups (default: ./backups, keep 5)
#   MIGRATIONS_DIR       migrations to apply (default: db/migrations)
#   SMOKE_USER, SMOKE_PASSWORD   a real account for the login smoke test
#   DEPLOY_TIMEOUT       seconds to wait for PostgREST at each poll (default 60)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=ops/lib-ops.sh
source "$ROOT/ops/lib-ops.sh"

SKIP_PUBLISH=0
SKIP_BACKUP=0
for arg in "$@"; do
  case "$arg" in
    --skip-publish) SKIP_PUBLISH=1 ;;
    --skip-backup) SKIP_BACKUP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $arg" ;;
  esac
done

DIST_DIR="${DIST_DIR:-$ROOT/dist}"
BACKUP_DIR="${BACKUP_DIR:-./backups}"
BACKUP_KEEP="${BACKUP_KEEP:-5}"
TIMEOUT="${DEPLOY_TIMEOUT:-60}"
UPLOADER_BIN="${UPLOADER_BIN:-$DEFAULT_UPLOADER_BIN}"
on_exit() {
  local rc=$?
  ops_cleanup
  [ "$rc" = 0 ] || printf 'error: deploy FAILED (exit %s); PostgREST was not stopped. See the messages above.\n' "$rc" >&2
}
ops_init
trap on_exit EXIT

# --- 1. prerequisites -------------------------------------------------------
step "checking prerequisites"
need_env APP_OWNER_URL "postgres://app_owner:PASSWORD@HOST:5432/$DB_NAME"
need_env JWT_SECRET "the same secret as PostgREST's jwt-secret (at least 32 characters)"
need_env API_URL "PostgREST's base URL, e.g. http://127.0.0.1:3000"
[ "${#JWT_SECRET}" -ge 32 ] || die "JWT_SECRET must be at least 32 characters"
[[ "$BACKUP_KEEP" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a positive integer (got '$BACKUP_KEEP')"
API_URL="${API_URL%/}"
# The database is the one in APP_OWNER_URL (bootstrap creates it by that name).
if [[ "$APP_OWNER_URL" =~ ^postgres(ql)?://[^/]+/([^?/]+) ]]; then
  DB_NAME="${BASH_REMATCH[2]}"
fi
export DB_NAME
need_cmd "Debian: postgresql-client, curl, jq" psql pg_dump curl jq
[ -x "$DBMATE_BIN" ] || die "dbmate not found at $DBMATE_BIN: run 'npm ci' or set DBMATE_BIN"
[ -d "${MIGRATIONS_DIR:-$ROOT/db/migrations}" ] || die "migrations directory ${MIGRATIONS_DIR:-} does not exist"
if [ -n "${FIRST_ADMIN_USERNAME:-}" ] || [ -n "${FIRST_ADMIN_PASSWORD:-}" ]; then
  need_env FIRST_ADMIN_USERNAME "set both FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD, or neither"
  need_env FIRST_ADMIN_PASSWORD "set both FIRST_ADMIN_USERNAME and FIRST_ADMIN_PASSWORD, or neither"
fi
if [ "$SKIP_PUBLISH" = 0 ]; then
  [ -x "$UPLOADER_BIN" ] || die "uploader not found at $UPLOADER_BIN: build it (cargo build -p uploader --release), set UPLOADER_BIN, or pass --skip-publish"
  [ -f "$DIST_DIR/index.html" ] || die "no frontend build in $DIST_DIR (index.html missing): build it (scripts/build-frontend.sh), set DIST_DIR, or pass --skip-publish"
fi
# The database server must answer before anything else is looked at: a wrong
# host or port is a connection failure, reported with libpq's reason.
need_server APP_OWNER_URL "nothing was changed"
check_jwt_secret || die "PostgREST at $API_URL rejects tokens signed with JWT_SECRET ($(jq -r '.message // empty' "$OPS_TMP/body" 2>/dev/null)): it must equal PostgREST's jwt-secret. Nothing was changed."

# --- 2-7. the database brought up to date (scripts/lib.sh, update_database) ----
# bootstrap when roles/schemas are missing -> lock -> backup -> migrations ->
# API layer -> first admin -> PostgREST schema cache reloaded -> publish.
update_before_migrate() {
  # An installed site: PostgREST must be serving before anything changes
  # (a wrong API_URL would otherwise be noticed only after the migrations).
  # On a new server it may still be waiting for the bootstrap.
  if [ "$DB_FRESH" = 0 ] && [ "$(http "$API_URL/")" = 000 ]; then
    die "PostgREST does not answer at $API_URL ($(cat "$OPS_TMP/curl.err")); nothing was changed. Check API_URL, or start PostgREST first."
  fi
  take_deploy_lock || die "another deploy.sh is running against this database (advisory lock held); nothing was changed"
  backup
}

backup() {
  if [ "$SKIP_BACKUP" = 1 ]; then
    log "backup skipped (--skip-backup)"; return 0
  elif [ "$DB_FRESH" = 1 ]; then
    log "backup skipped: the database was just created"; return 0
  fi
  step "backup (pg_dump as app_owner, custom format)"
  # Dumps hold password hashes and the JWT secret: readable by the owner only.
  umask 077
  mkdir -p "$BACKUP_DIR"
  local stamp file old f
  stamp="$(date -u +%Y%m%dT%H%M%S)-$(date -u +%N | cut -c1-6)Z"
  file="$BACKUP_DIR/${DB_NAME}-$stamp.dump"
  pg_run "$APP_OWNER_URL" pg_dump --format=custom --no-password --file="$file.partial" \
    || { rm -f "$file.partial"; die "pg_dump failed: no backup, nothing was changed (an object app_owner cannot read? ./monitor.sh lists objects owned by other roles)"; }
  mv "$file.partial" "$file"
  log "backup: $file ($(du -h "$file" | cut -f1))"
  # Rotation: timestamps sort by name; keep the newest BACKUP_KEEP.
  mapfile -t old < <(find "$BACKUP_DIR" -maxdepth 1 -name "${DB_NAME}-*.dump" -type f | sort -r | tail -n +"$((BACKUP_KEEP + 1))")
  for f in "${old[@]}"; do rm -f -- "$f"; log "removed old backup $f"; done
}

update_before_publish() {
  step "waiting for PostgREST to serve the new schema cache"
  if [ -n "${POSTGREST_ADMIN_URL:-}" ]; then
    wait_until "PostgREST /ready at ${POSTGREST_ADMIN_URL%/}/ready" "$TIMEOUT" \
      curl -fsS -o /dev/null --max-time 5 "${POSTGREST_ADMIN_URL%/}/ready" || die "PostgREST is not ready"
  fi
  # The reload is asynchronous: poll until every api view and function each
  # request role may use appears in PostgREST's OpenAPI description for it.
  wait_for_schema_cache "$TIMEOUT" || die "PostgREST did not pick up the new schema within ${TIMEOUT}s (missing: $(cat "$OPS_TMP/missing" 2>/dev/null)); is it connected to this database and listening for NOTIFY (db-channel-enabled)?"
  log "schema cache current"
}

UPDATE_PUBLISH=$(( 1 - SKIP_PUBLISH ))
update_database

# --- 8. verify ----------------------------------------------------------------
step "verifying"
if [ -n "${POSTGREST_ADMIN_URL:-}" ]; then
  curl -fsS -o /dev/null --max-time 5 "${POSTGREST_ADMIN_URL%/}/ready" || die "verify: PostgREST /ready does not answer 200"
fi
if [ "$SKIP_PUBLISH" = 0 ]; then
  "$UPLOADER_BIN" verify "$DIST_DIR" --api-url "$API_URL" || die "verify: uploader verify found differences between $DIST_DIR and what is served"
fi
smoke_test || die "verify: smoke test failed"
step "deploy complete"
if [ "$NO_ADMIN" = 1 ]; then
  log "warning: the household has no admin yet. Create one: FIRST_ADMIN_USERNAME=... FIRST_ADMIN_PASSWORD=... ./deploy.sh (same environment as this run), or scripts/db.sh create-first-admin"
fi
