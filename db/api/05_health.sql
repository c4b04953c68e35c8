-- The cheapest call there is: uptime monitors use it, and the serving
-- benchmark measures the serve functions against it (same PostgREST, same
-- pre-request), so the ratio shows what serving itself costs.
CREATE OR REPLACE FUNCTION api.ping()
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$ SELECT '{"ok": true}'::json $$;

REVOKE ALL ON FUNCTION api.ping() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.ping() TO api_anon, api_authenticated, api_publisher;
