#!/usr/bin/env bash
# docker-entrypoint-initdb.d hook (first start of an empty volume only): runs
# the project's bootstrap, mounted from db/bootstrap/bootstrap.sql, as the
# container's superuser. Migrations and the API layer come from deploy.sh.
# The passwords reach psql's variables from its environment (\getenv), never
# its command line.
set -euo pipefail
: "${APP_OWNER_PASSWORD:?}" "${API_USER_PASSWORD:?}"
export APP_OWNER_PASSWORD API_USER_PASSWORD
printf '%s\n' '\getenv app_owner_password APP_OWNER_PASSWORD' '\getenv api_user_password API_USER_PASSWORD' \
  '\i /ctt/bootstrap.sql' |
  psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v db_name="${DB_NAME:-cleaning_tracker}" -f -
