-- Publishing builds (the uploader's side). Granted to api_publisher only:
-- neither anonymous visitors nor household members can change the site.

CREATE OR REPLACE FUNCTION app_functions.decode_content(p_content text, p_encoding text, p_field text)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
  IF p_content IS NULL THEN
    RETURN NULL;
  END IF;
  CASE coalesce(p_encoding, 'utf8')
    WHEN 'utf8' THEN RETURN convert_to(p_content, 'UTF8');
    WHEN 'base64' THEN RETURN decode(p_content, 'base64');
    ELSE PERFORM app_functions.api_error(400, 'p_encoding must be "utf8" or "base64"');
  END CASE;
  RETURN NULL;
EXCEPTION
  WHEN invalid_parameter_value OR invalid_binary_representation OR data_exception THEN
    PERFORM app_functions.api_error(400, 'Content is not valid for its p_encoding', p_details => p_field);
END
$$;

-- The guide's signature, extended: p_content is text (the guide's calls
-- still work); binary builds send it base64 with p_encoding => 'base64',
-- optionally with pre-compressed variants (always base64). For an HTML
-- page, p_inline_script_hashes lists the CSP hash source of each inline
-- <script> (the uploader computes them over the bytes it sends), so the
-- page's Content-Security-Policy allows exactly those and no other.
DROP FUNCTION IF EXISTS api.update_frontend_asset(text, text, text, text, text, text);
CREATE OR REPLACE FUNCTION api.update_frontend_asset(
  p_asset_name text DEFAULT NULL,
  p_content_type text DEFAULT NULL,
  p_content text DEFAULT NULL,
  p_encoding text DEFAULT 'utf8',
  p_content_gzip text DEFAULT NULL,
  p_content_br text DEFAULT NULL,
  p_inline_script_hashes text[] DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  c_max_bytes constant integer := 16777216;
  v_asset_name text := app_functions.required_text(p_asset_name, 'Asset name', 200);
  v_content_type text := lower(app_functions.required_text(p_content_type, 'Content type', 100));
  v_content bytea;
  v_gzip bytea := app_functions.decode_content(p_content_gzip, 'base64', 'p_content_gzip');
  v_br bytea := app_functions.decode_content(p_content_br, 'base64', 'p_content_br');
  v_previous_sha256 text;
  v_asset app_frontend.frontend_assets%ROWTYPE;
BEGIN
  IF v_asset_name !~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$' THEN
    PERFORM app_functions.api_error(400, 'Asset name must be a plain file name (letters, digits, ".", "_", "-")');
  END IF;
  IF v_content_type !~ '^[a-z0-9.+-]+/[a-z0-9.+-]+(; ?charset=[A-Za-z0-9_-]+)?$' THEN
    PERFORM app_functions.api_error(400, 'Content type must look like "type/subtype" or "type/subtype; charset=utf-8"');
  END IF;
  IF v_asset_name = 'index.html' AND split_part(v_content_type, ';', 1) <> 'text/html' THEN
    PERFORM app_functions.api_error(400, 'index.html must be text/html');
  END IF;
  IF cardinality(p_inline_script_hashes) > 20
     OR EXISTS (SELECT 1 FROM unnest(p_inline_script_hashes) h
                WHERE h IS NULL OR h !~ '^sha(256|384|512)-[A-Za-z0-9+/]{43,86}={0,2}$') THEN
    PERFORM app_functions.api_error(400, 'p_inline_script_hashes must hold at most 20 CSP hash sources like "sha384-<base64>"');
  END IF;
  IF p_content IS NULL THEN
    PERFORM app_functions.api_error(400, 'p_content is required');
  END IF;
  v_content := app_functions.decode_content(p_content, p_encoding, 'p_content');
  IF octet_length(v_content) > c_max_bytes
     OR coalesce(octet_length(v_gzip), 0) > c_max_bytes OR coalesce(octet_length(v_br), 0) > c_max_bytes THEN
    PERFORM app_functions.api_error(413, format('An asset may be at most %s bytes', c_max_bytes));
  END IF;

  SELECT a.sha256 INTO v_previous_sha256 FROM app_frontend.frontend_assets a WHERE a.asset_name = v_asset_name;

  INSERT INTO app_frontend.frontend_assets AS a (asset_name, content_type, content, content_gzip, content_br,
                                                 inline_script_hashes)
  VALUES (v_asset_name, v_content_type, v_content, v_gzip, v_br, coalesce(p_inline_script_hashes, '{}'))
  ON CONFLICT (asset_name) DO UPDATE
    SET content_type = EXCLUDED.content_type,
        content = EXCLUDED.content,
        content_gzip = EXCLUDED.content_gzip,
        content_br = EXCLUDED.content_br,
        inline_script_hashes = EXCLUDED.inline_script_hashes,
        updated_at = now()
  RETURNING a.* INTO v_asset;

  -- Each new index.html is a release: what rollback restores and what
  -- prune keeps the assets of.
  IF v_asset_name = 'index.html' AND v_asset.sha256 IS DISTINCT FROM v_previous_sha256 THEN
    INSERT INTO app_frontend.releases (content, content_gzip, content_br, content_type, inline_script_hashes)
    VALUES (v_content, v_gzip, v_br, v_asset.content_type, v_asset.inline_script_hashes);
  END IF;

  RETURN json_build_object(
    'asset_id', v_asset.asset_id, 'asset_name', v_asset.asset_name,
    'content_type', v_asset.content_type, 'size', octet_length(v_asset.content),
    'sha256', v_asset.sha256, 'changed', v_asset.sha256 IS DISTINCT FROM v_previous_sha256,
    'message', 'Asset updated successfully');
END
$$;

-- The hashes let the uploader see a page whose stored policy differs from
-- what it would send (and republish it even though its bytes are equal).
-- (A new result column needs the old definition dropped, once.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = to_regprocedure('api.frontend_asset_manifest()')
             AND NOT 'inline_script_hashes' = ANY (p.proargnames)) THEN
    DROP FUNCTION api.frontend_asset_manifest();
  END IF;
END
$$;
CREATE OR REPLACE FUNCTION api.frontend_asset_manifest()
RETURNS TABLE (asset_name text, content_type text, size integer, sha256 text,
               gzip_size integer, br_size integer, updated_at timestamptz,
               inline_script_hashes text[])
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT a.asset_name, a.content_type, octet_length(a.content), a.sha256,
         octet_length(a.content_gzip), octet_length(a.content_br), a.updated_at,
         a.inline_script_hashes
  FROM app_frontend.frontend_assets a
  ORDER BY a.asset_name
$$;

CREATE OR REPLACE FUNCTION api.frontend_releases()
RETURNS TABLE (release_id bigint, sha256 text, published_at timestamptz,
               rolled_back_at timestamptz, is_current boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT r.release_id, r.sha256, r.published_at, r.rolled_back_at,
         r.sha256 = (SELECT a.sha256 FROM app_frontend.frontend_assets a WHERE a.asset_name = 'index.html')
         AND r.release_id = (SELECT max(r2.release_id) FROM app_frontend.releases r2 WHERE r2.rolled_back_at IS NULL)
  FROM app_frontend.releases r
  ORDER BY r.release_id DESC
$$;

-- Puts the previous release's index.html back; the current one is marked
-- rolled back so a second rollback goes one further.
CREATE OR REPLACE FUNCTION api.rollback_frontend()
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_current app_frontend.releases%ROWTYPE;
  v_previous app_frontend.releases%ROWTYPE;
BEGIN
  SELECT * INTO v_current FROM app_frontend.releases r
  WHERE r.rolled_back_at IS NULL ORDER BY r.release_id DESC LIMIT 1 FOR UPDATE;
  SELECT * INTO v_previous FROM app_frontend.releases r
  WHERE r.rolled_back_at IS NULL AND r.release_id < v_current.release_id
  ORDER BY r.release_id DESC LIMIT 1;
  IF v_previous.release_id IS NULL THEN
    PERFORM app_functions.api_error(409, 'There is no previous release to roll back to');
  END IF;
  UPDATE app_frontend.releases r SET rolled_back_at = now() WHERE r.release_id = v_current.release_id;
  UPDATE app_frontend.frontend_assets a
  SET content = v_previous.content, content_gzip = v_previous.content_gzip,
      content_br = v_previous.content_br, content_type = v_previous.content_type,
      inline_script_hashes = v_previous.inline_script_hashes, updated_at = now()
  WHERE a.asset_name = 'index.html';
  RETURN json_build_object('restored_release_id', v_previous.release_id, 'sha256', v_previous.sha256,
                           'rolled_back_release_id', v_current.release_id);
END
$$;

-- Deletes assets that neither the current nor the previous release
-- references, so a client still holding the previous index.html loads.
CREATE OR REPLACE FUNCTION api.prune_frontend_assets(p_dry_run boolean DEFAULT false)
RETURNS TABLE (asset_name text, size integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_kept_pages text[];
BEGIN
  SELECT array_agg(convert_from(k.content, 'UTF8')) INTO v_kept_pages
  FROM (
    SELECT a.content FROM app_frontend.frontend_assets a WHERE a.asset_name = 'index.html'
    UNION ALL
    (SELECT r.content FROM app_frontend.releases r WHERE r.rolled_back_at IS NULL
     ORDER BY r.release_id DESC LIMIT 2)
  ) k;
  RETURN QUERY
  WITH unreferenced AS (
    SELECT a.asset_id, a.asset_name, octet_length(a.content) AS size
    FROM app_frontend.frontend_assets a
    WHERE a.asset_name <> 'index.html'
      AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(v_kept_pages, '{}')) page
                      WHERE strpos(page, 'p_asset_name=' || a.asset_name) > 0)
  ), deleted AS (
    DELETE FROM app_frontend.frontend_assets a
    USING unreferenced u
    WHERE a.asset_id = u.asset_id AND NOT p_dry_run
    RETURNING a.asset_name
  )
  SELECT u.asset_name, u.size FROM unreferenced u ORDER BY u.asset_name;
END
$$;

REVOKE ALL ON FUNCTION api.update_frontend_asset(text, text, text, text, text, text, text[]),
  api.frontend_asset_manifest(), api.frontend_releases(), api.rollback_frontend(),
  api.prune_frontend_assets(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.update_frontend_asset(text, text, text, text, text, text, text[]),
  api.frontend_asset_manifest(), api.frontend_releases(), api.rollback_frontend(),
  api.prune_frontend_assets(boolean) TO api_publisher;
