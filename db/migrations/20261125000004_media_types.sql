-- migrate:up
-- PostgREST 12 media type handlers: a function returning a domain named
-- after a media type sends its value raw instead of as JSON. Over bytea so
-- the .wasm and pre-compressed bodies go out byte-exact.
--
-- "*/*" (the "any" handler) because PostgREST 12.0.2 does not pick a
-- specific handler such as "text/html" for "Accept: */*", which browsers
-- send for module scripts and fetch() of the .wasm, and curl sends for
-- everything. The serving functions set Content-Type themselves.
CREATE DOMAIN app_functions."*/*" AS bytea;
GRANT USAGE ON TYPE app_functions."*/*" TO api_anon, api_authenticated, api_publisher;
GRANT USAGE ON SCHEMA app_functions TO api_anon, api_publisher;

-- migrate:down
DROP DOMAIN app_functions."*/*";
