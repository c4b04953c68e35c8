# The HTTP side of deploy.sh and monitor.sh (PostgREST checks, tokens, the
# schema-cache wait, the smoke test, the deploy lock). Sourced after
# scripts/lib.sh, which holds everything else.
# shellcheck shell=bash

# Nothing runs when this file is sourced: a script calls ops_init for the
# private temp dir the helpers below write to ($OPS_TMP), and removes it
# itself (trap ops_cleanup EXIT, or ops_cleanup from its own EXIT trap).
ops_init() { OPS_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ctt-ops.XXXXXX")"; }
ops_cleanup() { if [ -n "${OPS_TMP:-}" ]; then rm -rf -- "$OPS_TMP"; fi; }

# curl with short timeouts; prints the HTTP status, body to $OPS_TMP/body.
# (curl itself prints 000 when there is no HTTP answer at all.)
http() {
  : >"$OPS_TMP/body"; : >"$OPS_TMP/headers"
  curl -sS -o "$OPS_TMP/body" -D "$OPS_TMP/headers" -w '%{http_code}' --max-time 10 "$@" 2>"$OPS_TMP/curl.err" || true
}

# An HS256 JWT signed with JWT_SECRET, for checking it against a running
# PostgREST before anything is changed. Signed by the database's pgcrypto,
# as login tokens are; psql reads the secret from its environment
# (\getenv), so it is never an argument of any process.
probe_jwt() {
  export JWT_SECRET
  pg_psql "$APP_OWNER_URL" -At -v claims="$1" <<'SQL'
\getenv jwt_secret JWT_SECRET
WITH signing AS (
  SELECT translate(encode(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8'), 'base64'), E'+/=\n', '-_')
         || '.' || translate(encode(convert_to(:'claims', 'UTF8'), 'base64'), E'+/=\n', '-_') AS input)
SELECT input || '.' || translate(encode(public.hmac(convert_to(input, 'UTF8'), convert_to(:'jwt_secret', 'UTF8'), 'sha256'),
                                        'base64'), E'+/=\n', '-_')
FROM signing;
SQL
}
# curl arguments for "Authorization: Bearer TOKEN" that keep the token off
# curl's command line: the header is read from a private file.
bearer() {
  local file
  file="$(mktemp "$OPS_TMP/auth.XXXXXX")"
  printf 'Authorization: Bearer %s\n' "$1" >"$file"
  printf '%s' "@$file"
}
# Fails when PostgREST rejects the signature of a token made with JWT_SECRET
# (deploying would store a secret that signs logins PostgREST then refuses).
check_jwt_secret() {
  local token status
  # A server not bootstrapped yet has no app_owner (and no PostgREST to ask).
  if ! token="$(probe_jwt "{\"role\":\"api_anon\",\"exp\":$(( $(date +%s) + 300 ))}" 2>/dev/null)" || [ -z "$token" ]; then
    log "warning: cannot sign a probe token as app_owner yet; JWT_SECRET not checked"
    return 0
  fi
  status="$(http -H "$(bearer "$token")" "$API_URL/")"
  case "$status" in
    000) log "warning: PostgREST does not answer at $API_URL yet; JWT_SECRET not checked"; return 0 ;;
    401) grep -q 'JWS\|JWT\|PGRST30' "$OPS_TMP/body" || return 0
         return 1 ;;
    *) return 0 ;;
  esac
}

# Every api view and function a request role may use, as "role path" lines.
expected_api_paths() {
  pg_psql "$APP_OWNER_URL" -At -F ' ' <<'SQL'
SELECT r.role, '/' || c.relname
FROM (VALUES ('api_anon'), ('api_authenticated'), ('api_publisher')) r(role)
JOIN pg_class c ON c.relnamespace = 'api'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
WHERE has_table_privilege(r.role, c.oid, 'SELECT')
UNION
SELECT r.role, '/rpc/' || p.proname
FROM (VALUES ('api_anon'), ('api_authenticated'), ('api_publisher')) r(role)
JOIN pg_proc p ON p.pronamespace = 'api'::regnamespace
WHERE has_function_privilege(r.role, p.oid, 'EXECUTE')
ORDER BY 1, 2;
SQL
}

# Short-lived tokens for the OpenAPI probe (no user_id: RLS shows no rows).
probe_token() {
  pg_psql "$APP_OWNER_URL" -At -v role="$1" <<'SQL'
SELECT app_functions.sign_jwt(jsonb_build_object(
  'role', :'role', 'exp', extract(epoch FROM now() + interval '5 minutes')::bigint))
SQL
}

# Polls until PostgREST's OpenAPI description lists, for each request role,
# every path that role may use. Missing paths end up in $OPS_TMP/missing.
schema_cache_current() {
  local role path status
  : >"$OPS_TMP/missing"
  for role in api_anon api_authenticated api_publisher; do
    local auth=()
    [ "$role" = api_anon ] || auth=(-H "$(bearer "$(cat "$OPS_TMP/token.$role")")")
    status="$(http "${auth[@]}" -H 'Accept: application/openapi+json' "$API_URL/")"
    if [ "$status" != 200 ]; then
      echo "OpenAPI for $role answered $status" >>"$OPS_TMP/missing"; continue
    fi
    jq -r '.paths | keys[]' "$OPS_TMP/body" >"$OPS_TMP/served.$role" 2>/dev/null || { echo "OpenAPI for $role is not JSON" >>"$OPS_TMP/missing"; continue; }
    while read -r r path; do
      [ "$r" = "$role" ] || continue
      grep -qxF -- "$path" "$OPS_TMP/served.$role" || echo "$role:$path" >>"$OPS_TMP/missing"
    done <"$OPS_TMP/expected"
  done
  [ ! -s "$OPS_TMP/missing" ]
}
wait_for_schema_cache() {
  local timeout_s="$1" role
  expected_api_paths >"$OPS_TMP/expected" || return 1
  for role in api_authenticated api_publisher; do
    (umask 077; probe_token "$role" >"$OPS_TMP/token.$role") || return 1
  done
  local deadline=$(( $(date +%s) + timeout_s ))
  until schema_cache_current; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# The login smoke test: a real sign-in with SMOKE_USER/SMOKE_PASSWORD, or,
# without them, the page and a refused sign-in.
smoke_test() {
  local status ctype
  status="$(http "$API_URL/rpc/serve_html")"
  ctype="$(grep -i '^content-type:' "$OPS_TMP/headers" | tr -d '\r' | cut -d' ' -f2-)"
  [ "$status" = 200 ] || { log "GET /rpc/serve_html answered $status: $(head -c 300 "$OPS_TMP/body")"; return 1; }
  [[ "$ctype" == text/html* ]] || { log "GET /rpc/serve_html answered Content-Type '$ctype', not text/html"; return 1; }
  log "GET /rpc/serve_html: 200 $ctype"
  if [ -n "${SMOKE_USER:-}" ]; then
    need_env SMOKE_PASSWORD
    local token
    # The password goes from the environment (jq's env) through a pipe.
    export SMOKE_PASSWORD
    status="$(jq -nc --arg u "$SMOKE_USER" '{p_username: $u, p_password: env.SMOKE_PASSWORD}' |
      http -X POST -H 'Content-Type: application/json' --data-binary @- "$API_URL/rpc/login")"
    token="$(jq -r '.token // empty' "$OPS_TMP/body" 2>/dev/null || true)"
    { [ "$status" = 200 ] && [ -n "$token" ]; } || { log "POST /rpc/login as $SMOKE_USER answered $status: $(head -c 300 "$OPS_TMP/body")"; return 1; }
    status="$(http -H "$(bearer "$token")" "$API_URL/rpc/me")"
    [ "$status" = 200 ] || { log "GET /rpc/me with the new token answered $status"; return 1; }
    log "login as $SMOKE_USER and GET /rpc/me: 200"
  else
    status="$(http -X POST -H 'Content-Type: application/json' \
      --data '{"p_username":"deploy-smoke-nobody","p_password":"not-a-password"}' "$API_URL/rpc/login")"
    { [ "$status" = 401 ] && jq -e '.message' "$OPS_TMP/body" >/dev/null 2>&1; } \
      || { log "POST /rpc/login with bad credentials answered $status (expected 401 JSON): $(head -c 300 "$OPS_TMP/body")"; return 1; }
    log "POST /rpc/login with bad credentials: 401 JSON (set SMOKE_USER/SMOKE_PASSWORD for a real sign-in)"
  fi
}

# One deploy at a time per database: a session-level advisory lock held by a
# background psql for as long as this script runs (its stdin closes on exit,
# which ends the session and releases the lock, also on a crash).
DEPLOY_LOCK_SQL="SELECT pg_try_advisory_lock(hashtext('cleaning-tracker deploy')::bigint);"
take_deploy_lock() {
  exec {DEPLOY_LOCK_FD}> >(pg_psql "$APP_OWNER_URL" -At >"$OPS_TMP/lock.out" 2>&1)
  printf '%s\n' "$DEPLOY_LOCK_SQL" >&"$DEPLOY_LOCK_FD"
  wait_until "the deploy lock" 30 grep -qx '[tf]' "$OPS_TMP/lock.out" \
    || { log "could not take the deploy lock: $(cat "$OPS_TMP/lock.out")"; return 1; }
  [ "$(cat "$OPS_TMP/lock.out")" = t ]
}
