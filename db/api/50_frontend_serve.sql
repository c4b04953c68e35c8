-- Serving the app from the database. These live in "api" because a browser
-- cannot send Accept-Profile, and return media-type domains so PostgREST
-- sends the raw bytes (see DESIGN.md, facts 1-4). SECURITY DEFINER: nobody
-- but app_owner reads app_frontend directly.

DROP FUNCTION IF EXISTS app_functions.accepts_encoding(text, text);

-- Trunk names build outputs "<name>-<16 hex digits>.<ext>": such a name
-- never changes content, so browsers may keep it forever.
CREATE OR REPLACE FUNCTION app_functions.is_content_hashed(p_asset_name text)
RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT p_asset_name ~ '-[0-9a-f]{16}(_bg)?\.[A-Za-z0-9]+$' $$;

-- Every header an asset is served with, computed when it is published (or
-- rolled back), so a request only picks one of four prepared lists.
CREATE OR REPLACE FUNCTION app_functions.content_security_policy(p_inline_script_hashes text[])
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
  -- 'wasm-unsafe-eval' lets the page compile its own .wasm (and nothing
  -- else: eval() stays blocked); Trunk's inline bootstrap script runs only
  -- because its hash is listed. Styles, images and fetch() fall back to
  -- default-src 'self'. Kept short on purpose: PostgREST parses every
  -- response header list per request (each header and byte showed in the
  -- serving benchmark), which is also why X-Frame-Options is left to the
  -- proxy: frame-ancestors supersedes it in every current browser.
  SELECT concat_ws('; ',
    'default-src ''self''',
    concat_ws(' ', 'script-src ''self'' ''wasm-unsafe-eval''',
              (SELECT string_agg(format('''%s''', h), ' ' ORDER BY h) FROM unnest(p_inline_script_hashes) h)),
    'object-src ''none''', 'base-uri ''none''', 'frame-ancestors ''none''', 'form-action ''self''')
$$;

CREATE OR REPLACE FUNCTION app_functions.prepare_asset_headers()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  v_headers jsonb := jsonb_build_array(
    jsonb_build_object('Content-Type', NEW.content_type),
    jsonb_build_object('Cache-Control', CASE WHEN app_functions.is_content_hashed(NEW.asset_name)
                                             THEN 'public, max-age=31536000, immutable'
                                             ELSE 'no-cache' END),
    jsonb_build_object('ETag', '"' || encode(sha256(NEW.content), 'hex') || '"'),
    jsonb_build_object('Vary', 'Accept-Encoding'),
    jsonb_build_object('X-Content-Type-Options', 'nosniff'),
    jsonb_build_object('Referrer-Policy', 'no-referrer'));
BEGIN
  IF split_part(NEW.content_type, ';', 1) = 'text/html' THEN
    v_headers := v_headers || jsonb_build_array(
      jsonb_build_object('Content-Security-Policy', app_functions.content_security_policy(NEW.inline_script_hashes)));
  END IF;
  NEW.headers_not_modified := v_headers::text;
  NEW.headers_plain := (v_headers || jsonb_build_array(
    jsonb_build_object('Content-Length', octet_length(NEW.content)::text)))::text;
  NEW.headers_gzip := (v_headers || jsonb_build_array(jsonb_build_object('Content-Encoding', 'gzip'),
    jsonb_build_object('Content-Length', octet_length(NEW.content_gzip)::text)))::text;
  NEW.headers_br := (v_headers || jsonb_build_array(jsonb_build_object('Content-Encoding', 'br'),
    jsonb_build_object('Content-Length', octet_length(NEW.content_br)::text)))::text;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER frontend_assets_prepare_headers
  BEFORE INSERT OR UPDATE ON app_frontend.frontend_assets
  FOR EACH ROW EXECUTE FUNCTION app_functions.prepare_asset_headers();
-- Re-prepared on every deploy: assets published before this API version or
-- under an older policy get the current headers.
UPDATE app_frontend.frontend_assets a SET content_type = a.content_type;

-- The hot path: every page load and asset goes through here, so it is one
-- query with a plan kept per connection (each further statement or function
-- layer showed in the serving benchmark, `make bench`). The request's
-- headers are parsed once, into variables, before that query: written as
-- subqueries of it, the planner flattened them and the JSON was parsed
-- again for every expression that used a header (13 times a request; with
-- a browser's headers about 140 µs, a fifth of the whole request). No SET
-- search_path of its own (a GUC save and restore per call): only the
-- SECURITY DEFINER serve functions below call it, and they pin
-- search_path = '' themselves; every name here is schema-qualified.
CREATE OR REPLACE FUNCTION app_functions.asset_response(p_asset_name text, p_required_types text[] DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_request jsonb := pg_catalog.current_setting('request.headers', true)::jsonb;
  v_encodings text := pg_catalog.lower(v_request ->> 'accept-encoding');
  -- An encoding counts when listed without "q=0". Browsers send a plain
  -- list, which strpos answers; weights need the regex.
  v_br boolean := CASE WHEN pg_catalog.strpos(v_encodings, ';') = 0 THEN pg_catalog.strpos(v_encodings, 'br') > 0
                       ELSE v_encodings ~ '(^|,)\s*br\s*(,|$|;(?!\s*q\s*=\s*0(\.0*)?\s*(,|$)))' END;
  v_gzip boolean := CASE WHEN pg_catalog.strpos(v_encodings, ';') = 0 THEN pg_catalog.strpos(v_encodings, 'gzip') > 0
                         ELSE v_encodings ~ '(^|,)\s*gzip\s*(,|$|;(?!\s*q\s*=\s*0(\.0*)?\s*(,|$)))' END;
  v_etags text[] := pg_catalog.string_to_array(
    pg_catalog.replace(pg_catalog.replace(v_request ->> 'if-none-match', ' ', ''), 'W/', ''), ',');
  v_not_modified boolean;
  v_headers text;
  v_body bytea;
BEGIN
  IF p_asset_name IS NULL OR p_asset_name = '' THEN
    PERFORM app_functions.api_error(400, 'p_asset_name is required');
  END IF;
  -- Only the one representation sent is read (each may be megabytes).
  SELECT c.not_modified,
         pg_catalog.set_config('response.headers',
           CASE WHEN c.not_modified THEN a.headers_not_modified
                WHEN v_br AND a.content_br IS NOT NULL THEN a.headers_br
                WHEN v_gzip AND a.content_gzip IS NOT NULL THEN a.headers_gzip
                ELSE a.headers_plain END, true),
         CASE WHEN c.not_modified THEN ''::bytea
              WHEN v_br AND a.content_br IS NOT NULL THEN a.content_br
              WHEN v_gzip AND a.content_gzip IS NOT NULL THEN a.content_gzip
              ELSE a.content END
  INTO v_not_modified, v_headers, v_body
  FROM app_frontend.frontend_assets a
  CROSS JOIN LATERAL (SELECT coalesce('"' || a.sha256 || '"' = ANY (v_etags), false) AS not_modified) c
  WHERE a.asset_name = p_asset_name
    AND (p_required_types IS NULL OR pg_catalog.split_part(a.content_type, ';', 1) = ANY (p_required_types));
  IF NOT FOUND THEN
    PERFORM app_functions.api_error(404, 'No published asset with this name', p_details => p_asset_name);
  END IF;
  IF v_not_modified THEN
    -- An assignment, not PERFORM: PERFORM runs a whole query through the
    -- executor, an assignment evaluates the expression alone.
    v_headers := pg_catalog.set_config('response.status', '304', true);
  END IF;
  RETURN v_body;
END
$$;

-- PL/pgSQL rather than SQL wrappers: a non-inlinable SQL function is parsed
-- and planned again in every request's query, a PL/pgSQL one keeps its plan
-- for the connection's life.
-- "*/*" rather than a "text/html" domain: PostgREST 12.0.2 sends a
-- "text/html" domain JSON-quoted when the request says "Accept: */*" (curl,
-- many HTTP clients), while the "*/*" handler answers every Accept raw and
-- the function sets the real Content-Type itself.
CREATE OR REPLACE FUNCTION api.serve_html(p_asset_name text DEFAULT 'index.html')
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ BEGIN RETURN app_functions.asset_response(coalesce(p_asset_name, 'index.html'), ARRAY['text/html']); END $$;

CREATE OR REPLACE FUNCTION api.serve_css(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ BEGIN RETURN app_functions.asset_response(p_asset_name, ARRAY['text/css']); END $$;

CREATE OR REPLACE FUNCTION api.serve_js(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ BEGIN RETURN app_functions.asset_response(p_asset_name, ARRAY['text/javascript', 'application/javascript']); END $$;

CREATE OR REPLACE FUNCTION api.serve_wasm(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ BEGIN RETURN app_functions.asset_response(p_asset_name, ARRAY['application/wasm']); END $$;

-- Anything else Trunk copies (icons, images, fonts), with its stored type.
CREATE OR REPLACE FUNCTION api.serve_asset(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ BEGIN RETURN app_functions.asset_response(p_asset_name); END $$;

REVOKE ALL ON FUNCTION api.serve_html(text), api.serve_css(text), api.serve_js(text),
  api.serve_wasm(text), api.serve_asset(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.serve_html(text), api.serve_css(text), api.serve_js(text),
  api.serve_wasm(text), api.serve_asset(text) TO api_anon, api_authenticated, api_publisher;
