#!/usr/bin/env bash
# docker-entrypoint-initdb.d hook (first start of an empty volume only): runs
# the project's bootstrap, mounted from db/bootstrap/bootstrap.sql, as the
# container's superuser. Migrations and the API layer come from deploy.sh.
set -euo pipefail
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db_name="${DB_NAME:-cleaning_tracker}" \
  -v app_owner_password="${APP_OWNER_PASSWORD:?}" -v api_user_password="${API_USER_PASSWORD:?}" \
  -f /ctt/bootstrap.sql
