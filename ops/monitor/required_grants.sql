-- Grants the site cannot work without (the other half of "grants as
-- designed"): the anonymous page, sign-in and registration, the member views,
-- the publisher's upload. db/api/*.sql grants them; this notices when one was
-- revoked by hand (fix.sql re-grants from the same list, required_grants_list.sql).
-- Output: check, status, object, detail.
\ir required_grants_list.sql

WITH checked AS (
  SELECT r.*,
         CASE r.kind
           WHEN 'schema' THEN (SELECT has_schema_privilege(r.role, n.oid, r.privilege) FROM pg_namespace n WHERE n.nspname = r.name)
           WHEN 'function' THEN CASE WHEN to_regprocedure(r.name) IS NOT NULL
                                     THEN has_function_privilege(r.role, to_regprocedure(r.name), r.privilege) END
           ELSE CASE WHEN to_regclass(r.name) IS NOT NULL THEN has_table_privilege(r.role, to_regclass(r.name), r.privilege) END
         END AS granted
  FROM required_grants r
)
SELECT 'grants:required',
       CASE WHEN granted THEN 'OK' ELSE 'NEEDS_ATTENTION' END,
       kind || ' ' || name,
       CASE WHEN granted THEN format('%s has %s', role, privilege)
            WHEN granted IS NULL THEN 'missing: run deploy.sh (applies the API layer)'
            ELSE format('%s lacks %s (the site needs it)', role, privilege) END
FROM checked
ORDER BY 2 DESC, 3, role;
