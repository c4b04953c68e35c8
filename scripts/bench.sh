#!/usr/bin/env bash
# `make bench`: every benchmark, side by side in one run on a throwaway stack
# (free loopback ports, deleted afterwards). Figures are medians or ratios
# measured in this run: the machines are shared and noisy, so compare within
# a run, not across runs.
#
#   1. serving   wrk against PostgREST: index.html, the .wasm (gzip), a JSON
#                view, and the ratios between them; then "serving at the
#                floor": serve_html against a trivial SQL function through the
#                same PostgREST, alternated BENCH_ROUNDS times, ratio of the
#                medians (`serve_html / trivial = 0.NN`), next to the same
#                ratio for a constant page: the page's bytes and its eight
#                headers from a function that does nothing else, i.e. what
#                PostgREST itself costs for them (`constant page / trivial`)
#   2. uploader  full and no-op publish of the real dist/ (scripts/bench/uploader.sh)
#   3. frontend  bytes on the wire, first vs repeat load, time to first task
#                list in headless Chromium (scripts/bench/frontend.sh)
#   4. agenda    reading at scale (100,000 closed occurrences): the agenda and
#                a history page of 50 against api.ping, p50s and ratios, and
#                the export's time (scripts/bench/agenda.sh)
#
#   scripts/bench.sh [serving|uploader|frontend|agenda ...]   (default: all four)
#
# Environment: BENCH_SECONDS (wrk duration per target, 5), BENCH_ROUNDS
# (serve_html/trivial alternations, 3), RUNS (uploader, 5),
# CTT_BENCH_RUNS (frontend, 7).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(serving uploader frontend agenda)
for part in "${parts[@]}"; do
  case "$part" in serving|uploader|frontend|agenda) ;; *) usage_error "unknown benchmark: $part" ;; esac
done
wanted() { [[ " ${parts[*]} " == *" $1 "* ]]; }
[ -f dist/index.html ] || die "no dist/: run 'make frontend' first"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
CTT_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ctt-bench-XXXXXX")"
chmod 755 "$CTT_DATA_DIR"
CTT_PG_PORT="$(free_port)" CTT_API_PORT="$(free_port)" CTT_ADMIN_PORT="$(free_port)"
export CTT_DATA_DIR CTT_PG_PORT CTT_API_PORT CTT_ADMIN_PORT
export CTT_OWNER_PID=$$ CTT_REMOVE_DATA_ON_EXIT=1 CTT_PUBLISH=1
trap 'scripts/stack.sh down >/dev/null 2>&1; rm -rf "$CTT_DATA_DIR"' EXIT
scripts/stack.sh up
set -a; eval "$(scripts/stack.sh env)"; set +a

bench_serving() {
  echo "== serving (wrk -t2 -c16, ${BENCH_SECONDS:-5}s each, 127.0.0.1:$CTT_API_PORT)"
  token="$(curl -fsS -H 'Content-Type: application/json' -d '{"p_username":"user1","p_password":"password123"}' \
    "$API_URL/rpc/login" | jq -r .token)"
  wasm_files=(dist/*_bg.wasm)
  wasm="$(basename "${wasm_files[0]}")"
  run_wrk() {
    local label="$1"; shift
    local out; out="$(wrk -t2 -c16 -d"${BENCH_SECONDS:-5}s" --latency "$@")"
    local rps p50
    rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    printf '%-28s %10s req/s   p50 %s\n' "$label" "$rps" "$p50" >&2
    echo "$rps"
  }
  html="$(run_wrk "index.html (navigation)" -H 'Accept: text/html,*/*;q=0.8' "$API_URL/rpc/serve_html")"
  wasm_rps="$(run_wrk "app .wasm (gzip)" -H 'Accept: */*' -H 'Accept-Encoding: gzip' "$API_URL/rpc/serve_wasm?p_asset_name=$wasm")"
  json="$(run_wrk "GET /task_assignments" -H "Authorization: Bearer $token" "$API_URL/task_assignments")"
  awk -v h="$html" -v w="$wasm_rps" -v j="$json" \
    'BEGIN { printf "ratios: wasm/html %.2f, json/html %.2f\n", w / h, j / h }' >&2

  # Serving at the floor: how close index.html gets to the cheapest request
  # PostgREST can answer. The trivial function is api.ping() when the API has a
  # GET-able one, otherwise one made here, in this throwaway stack only.
  trivial=ping
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/rpc/ping")" != 200 ]; then
    trivial=bench_trivial
    pg_psql "$APP_OWNER_URL" -c "
      CREATE OR REPLACE FUNCTION api.bench_trivial() RETURNS json
        LANGUAGE sql STABLE AS \$\$ SELECT '{\"ok\":true}'::json \$\$;
      REVOKE EXECUTE ON FUNCTION api.bench_trivial() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION api.bench_trivial() TO api_anon;
      NOTIFY pgrst, 'reload schema';"
    wait_until "PostgREST to list api.bench_trivial" 30 \
      curl -fsS -o /dev/null "$API_URL/rpc/bench_trivial"
  fi
  # The floor under serving: the same page bytes and the same prepared
  # headers (the plain variant, as wrk asks for no encoding) as constants,
  # in this throwaway stack only. What serve_html costs beyond it is ours.
  pg_psql "$APP_OWNER_URL" -c "
    DO \$do\$ BEGIN
      EXECUTE (SELECT format(\$f\$
        CREATE OR REPLACE FUNCTION api.bench_constant_page() RETURNS app_functions.\"*/*\"
          LANGUAGE plpgsql STABLE SET search_path = ''
          AS \$b\$ DECLARE h text; BEGIN h := pg_catalog.set_config('response.headers', %L, true); RETURN %L::bytea; END \$b\$
        \$f\$, a.headers_plain, a.content)
        FROM app_frontend.frontend_assets a WHERE a.asset_name = 'index.html');
    END \$do\$;
    REVOKE EXECUTE ON FUNCTION api.bench_constant_page() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION api.bench_constant_page() TO api_anon;
    NOTIFY pgrst, 'reload schema';"
  wait_until "PostgREST to list api.bench_constant_page" 30 \
    curl -fsS -o /dev/null "$API_URL/rpc/bench_constant_page"

  rounds="${BENCH_ROUNDS:-3}"
  echo "== serving at the floor: serve_html vs GET /rpc/$trivial, alternated, $rounds rounds" >&2
  html_runs=() trivial_runs=() constant_runs=()
  for _ in $(seq "$rounds"); do
    html_runs+=("$(run_wrk "serve_html" -H 'Accept: text/html,*/*;q=0.8' "$API_URL/rpc/serve_html")")
    trivial_runs+=("$(run_wrk "trivial ($trivial)" "$API_URL/rpc/$trivial")")
    constant_runs+=("$(run_wrk "constant page" -H 'Accept: text/html,*/*;q=0.8' "$API_URL/rpc/bench_constant_page")")
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  html_median="$(median "${html_runs[@]}")"
  trivial_median="$(median "${trivial_runs[@]}")"
  constant_median="$(median "${constant_runs[@]}")"
  printf 'medians: serve_html %s req/s, trivial %s req/s, constant page %s req/s\n' \
    "$html_median" "$trivial_median" "$constant_median" >&2
  awk -v c="$constant_median" -v t="$trivial_median" \
    'BEGIN { printf "constant page / trivial = %.2f (PostgREST'"'"'s own cost of the page'"'"'s headers and bytes)\n", c / t }' >&2
  awk -v h="$html_median" -v t="$trivial_median" 'BEGIN { printf "serve_html / trivial = %.2f\n", h / t }'
}

if wanted serving; then bench_serving; fi

if wanted uploader; then
  echo "== uploader (median of ${RUNS:-5})" >&2
  UPLOADER_BIN="$DEFAULT_UPLOADER_BIN" scripts/bench/uploader.sh dist
fi

if wanted frontend; then
  echo "== frontend" >&2
  scripts/bench/frontend.sh
fi

# Last: it loads 100,000 occurrences into this throwaway stack.
if wanted agenda; then scripts/bench/agenda.sh; fi
