-- Serving the app from the database. These live in "api" because a browser
-- cannot send Accept-Profile, and return media-type domains so PostgREST
-- sends the raw bytes (see DESIGN.md, facts 1-4). SECURITY DEFINER: nobody
-- but app_owner reads app_frontend directly.

-- The encoding the client accepts that we hold, best first.
CREATE OR REPLACE FUNCTION app_functions.accepts_encoding(p_accept_encoding text, p_encoding text)
RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
  SELECT coalesce(lower(p_accept_encoding), '') ~ ('(^|,)\s*' || p_encoding || '\s*(,|$|;(?!\s*q\s*=\s*0(\.0*)?\s*(,|$)))')
$$;

-- Trunk names build outputs "<name>-<16 hex digits>.<ext>": such a name
-- never changes content, so browsers may keep it forever.
CREATE OR REPLACE FUNCTION app_functions.is_content_hashed(p_asset_name text)
RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT p_asset_name ~ '-[0-9a-f]{16}(_bg)?\.[A-Za-z0-9]+$' $$;

CREATE OR REPLACE FUNCTION app_functions.asset_response(p_asset_name text, p_required_types text[] DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_asset app_frontend.frontend_assets%ROWTYPE;
  v_request_headers json := coalesce(current_setting('request.headers', true), '{}')::json;
  v_etag text;
  v_body bytea;
  v_headers jsonb;
BEGIN
  IF p_asset_name IS NULL OR p_asset_name = '' THEN
    PERFORM app_functions.api_error(400, 'p_asset_name is required');
  END IF;
  SELECT * INTO v_asset FROM app_frontend.frontend_assets a WHERE a.asset_name = p_asset_name;
  IF v_asset.asset_id IS NULL
     OR (p_required_types IS NOT NULL AND NOT split_part(v_asset.content_type, ';', 1) = ANY (p_required_types)) THEN
    PERFORM app_functions.api_error(404, format('No published asset named "%s"', left(p_asset_name, 200)));
  END IF;

  v_etag := '"' || v_asset.sha256 || '"';
  v_headers := jsonb_build_array(
    jsonb_build_object('Content-Type', v_asset.content_type),
    jsonb_build_object('Cache-Control', CASE WHEN app_functions.is_content_hashed(v_asset.asset_name)
                                             THEN 'public, max-age=31536000, immutable'
                                             ELSE 'no-cache' END),
    jsonb_build_object('ETag', v_etag),
    jsonb_build_object('Vary', 'Accept-Encoding'),
    jsonb_build_object('X-Content-Type-Options', 'nosniff'));

  IF v_request_headers ->> 'if-none-match' IS NOT NULL
     AND v_etag = ANY (string_to_array(replace(replace(v_request_headers ->> 'if-none-match', ' ', ''), 'W/', ''), ',')) THEN
    PERFORM set_config('response.status', '304', true);
    PERFORM set_config('response.headers', v_headers::text, true);
    RETURN ''::bytea;
  END IF;

  IF v_asset.content_br IS NOT NULL
     AND app_functions.accepts_encoding(v_request_headers ->> 'accept-encoding', 'br') THEN
    v_body := v_asset.content_br;
    v_headers := v_headers || jsonb_build_array(jsonb_build_object('Content-Encoding', 'br'));
  ELSIF v_asset.content_gzip IS NOT NULL
     AND app_functions.accepts_encoding(v_request_headers ->> 'accept-encoding', 'gzip') THEN
    v_body := v_asset.content_gzip;
    v_headers := v_headers || jsonb_build_array(jsonb_build_object('Content-Encoding', 'gzip'));
  ELSE
    v_body := v_asset.content;
  END IF;
  v_headers := v_headers || jsonb_build_array(jsonb_build_object('Content-Length', octet_length(v_body)::text));
  PERFORM set_config('response.headers', v_headers::text, true);
  RETURN v_body;
END
$$;

-- "*/*" rather than a "text/html" domain: PostgREST 12.0.2 sends a
-- "text/html" domain JSON-quoted when the request says "Accept: */*" (curl,
-- many HTTP clients), while the "*/*" handler answers every Accept raw and
-- the function sets the real Content-Type itself.
CREATE OR REPLACE FUNCTION api.serve_html(p_asset_name text DEFAULT 'index.html')
RETURNS app_functions."*/*"
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ SELECT app_functions.asset_response(coalesce(p_asset_name, 'index.html'), ARRAY['text/html'])::app_functions."*/*" $$;

CREATE OR REPLACE FUNCTION api.serve_css(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ SELECT app_functions.asset_response(p_asset_name, ARRAY['text/css'])::app_functions."*/*" $$;

CREATE OR REPLACE FUNCTION api.serve_js(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ SELECT app_functions.asset_response(p_asset_name, ARRAY['text/javascript', 'application/javascript'])::app_functions."*/*" $$;

CREATE OR REPLACE FUNCTION api.serve_wasm(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ SELECT app_functions.asset_response(p_asset_name, ARRAY['application/wasm'])::app_functions."*/*" $$;

-- Anything else Trunk copies (icons, images, fonts), with its stored type.
CREATE OR REPLACE FUNCTION api.serve_asset(p_asset_name text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$ SELECT app_functions.asset_response(p_asset_name)::app_functions."*/*" $$;

REVOKE ALL ON FUNCTION api.serve_html(text), api.serve_css(text), api.serve_js(text),
  api.serve_wasm(text), api.serve_asset(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.serve_html(text), api.serve_css(text), api.serve_js(text),
  api.serve_wasm(text), api.serve_asset(text) TO api_anon, api_authenticated, api_publisher;
