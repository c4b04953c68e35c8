-- Repair statements for drift, one per row, in the order they must run:
-- ownership first (so the grant fixes apply to app_owner's objects), RLS,
-- then grants. Per-object ALTER ... OWNER, never a database-wide REASSIGN
-- OWNED for other roles; only api_user, which must own nothing anywhere, is
-- reassigned wholesale. Run by monitor.sh --fix (as a superuser when objects
-- belong to another role).
\ir required_grants_list.sql
\ir schemas_and_roles_list.sql

WITH app_ns AS (
  SELECT oid, nspname FROM pg_namespace WHERE nspname IN (SELECT name FROM app_schemas)
), owner AS (
  SELECT oid FROM pg_roles WHERE rolname = 'app_owner'
), wrong_rel AS (
  -- Sequences owned by a column follow their table's owner.
  SELECT c.oid, c.relkind, c.relnamespace, format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN app_ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> (SELECT oid FROM owner)
    AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
             AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
), stmts(ord, stmt) AS (
  SELECT 1, format('ALTER SCHEMA %I OWNER TO app_owner', n.nspname)
  FROM pg_namespace n JOIN app_ns a ON a.oid = n.oid WHERE n.nspowner <> (SELECT oid FROM owner)
  UNION ALL
  SELECT 2, format('ALTER %s %s OWNER TO app_owner',
                   CASE w.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, w.name)
  FROM wrong_rel w
  UNION ALL
  -- What app_owner's default privileges would have granted had app_owner
  -- created it (e.g. SELECT for api_authenticated on app_data tables).
  SELECT 3, format('GRANT %s ON %s %s TO %s', a.privilege_type,
                   CASE WHEN w.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, w.name,
                   CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
  FROM wrong_rel w
  JOIN pg_default_acl d ON d.defaclrole = (SELECT oid FROM owner)
       AND d.defaclnamespace IN (0, w.relnamespace)
       AND d.defaclobjtype = CASE WHEN w.relkind = 'S' THEN 'S' ELSE 'r' END
  CROSS JOIN LATERAL aclexplode(d.defaclacl) a
  WHERE a.grantee <> (SELECT oid FROM owner)
  UNION ALL
  SELECT 4, format('ALTER %s %s OWNER TO app_owner',
                   CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                   p.oid::regprocedure)
  FROM pg_proc p JOIN app_ns n ON n.oid = p.pronamespace WHERE p.proowner <> (SELECT oid FROM owner)
  UNION ALL
  SELECT 5, format('ALTER %s %I.%I OWNER TO app_owner', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                   n.nspname, t.typname)
  FROM pg_type t JOIN app_ns n ON n.oid = t.typnamespace
  WHERE t.typowner <> (SELECT oid FROM owner) AND t.typtype IN ('b', 'c', 'd', 'e', 'r')
    AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
    AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
  UNION ALL
  SELECT 6, 'REASSIGN OWNED BY api_user TO app_owner'
  WHERE EXISTS (SELECT 1 FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
                WHERE r.rolname = 'api_user' AND d.deptype = 'o')
  UNION ALL
  SELECT 7, format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', n.nspname, c.relname)
  FROM pg_class c JOIN app_ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
  UNION ALL
  SELECT 7, format('ALTER VIEW %I.%I SET (security_invoker = true)', n.nspname, c.relname)
  FROM pg_class c JOIN app_ns n ON n.oid = c.relnamespace
  WHERE c.relkind = 'v'
    AND NOT coalesce(c.reloptions, '{}') && ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1']
  UNION ALL
  SELECT 8, format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', p.oid::regprocedure)
  FROM pg_proc p JOIN app_ns n ON n.oid = p.pronamespace
  WHERE EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
  UNION ALL
  -- Required grants that were revoked (tests/tests/ops/ revokes one and
  -- expects the fix).
  SELECT 11, format('GRANT %s ON %s %s TO %s', r.privilege,
                    CASE r.kind WHEN 'view' THEN 'TABLE' WHEN 'function' THEN 'FUNCTION' ELSE 'SCHEMA' END,
                    r.name, r.role)
  FROM required_grants r
  WHERE CASE r.kind
          WHEN 'schema' THEN NOT has_schema_privilege(r.role, r.name, r.privilege)
          WHEN 'function' THEN to_regprocedure(r.name) IS NOT NULL
                               AND NOT has_function_privilege(r.role, to_regprocedure(r.name), r.privilege)
          ELSE to_regclass(r.name) IS NOT NULL AND NOT has_table_privilege(r.role, to_regclass(r.name), r.privilege)
        END
  UNION ALL
  SELECT 9, format('REVOKE ALL ON SCHEMA %I FROM api_anon, PUBLIC', n.nspname)
  FROM pg_namespace n
  WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name NOT IN ('api', 'app_functions')) AND has_schema_privilege('api_anon', n.oid, 'USAGE')
  UNION ALL
  SELECT 10, format('REVOKE ALL ON %s %I.%I FROM api_anon, PUBLIC',
                    CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name <> 'api')
    AND ((c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND (has_table_privilege('api_anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
               OR has_any_column_privilege('api_anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')))
         OR CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('api_anon', c.oid, 'USAGE, SELECT, UPDATE') ELSE false END)
  UNION ALL
  -- Last: the owner fix above re-applies default grants, which would give
  -- api_authenticated SELECT on these; nothing but the API's definer
  -- functions may touch them.
  SELECT 12, format('REVOKE ALL ON TABLE %s FROM api_anon, api_authenticated, api_publisher, api_user', t.name)
  FROM (VALUES ('app_data.sessions'), ('app_data.login_attempts'), ('app_data.invites'),
               ('app_data.household'), ('app_data.common_passwords'),
               -- calendar feed keys' hashes; which renderer wrote the cards
               ('app_data.calendar_feeds'), ('app_data.read_model')) t(name)
  WHERE to_regclass(t.name) IS NOT NULL
    AND EXISTS (SELECT 1 FROM (SELECT role FROM request_roles UNION ALL VALUES ('api_user')) r(role)
                WHERE has_table_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                   OR has_any_column_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, REFERENCES'))
)
SELECT stmt FROM stmts ORDER BY ord, stmt;
