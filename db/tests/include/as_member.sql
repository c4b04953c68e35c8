-- Shared by the pgTAP files that test RLS policies (\ir include/as_member.sql
-- after BEGIN): pg_prove runs only the files directly in db/tests.
--
-- Runs a statement as a signed-in request of member p_user_id would (role
-- api_authenticated, the JWT claim PostgREST sets) and says what happened:
-- "N rows" changed, or the SQLSTATE it failed with. A policy that hides a
-- row makes an UPDATE or DELETE change nothing, silently; a WITH CHECK
-- that fails raises 42501.
CREATE FUNCTION pg_temp.as_member(p_user_id bigint, p_sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
  v_result text;
BEGIN
  PERFORM set_config('request.jwt.claims',
                     json_build_object('role', 'api_authenticated', 'user_id', p_user_id)::text, true);
  BEGIN
    SET LOCAL ROLE api_authenticated;
    EXECUTE p_sql;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    v_result := v_count || ' rows';
  EXCEPTION WHEN OTHERS THEN
    v_result := SQLSTATE;
  END;
  RESET ROLE;
  PERFORM set_config('request.jwt.claims', '', true);
  RETURN v_result;
END
$$;
