-- Roles as designed: app_owner and api_user are not superusers (nor bypass
-- RLS), api_user is NOINHERIT and owns nothing in any database.
-- Output: check, status, object, detail.
SELECT 'roles', CASE WHEN r.rolname IS NULL THEN 'NEEDS_ATTENTION'
                     WHEN r.rolsuper OR r.rolbypassrls THEN 'NEEDS_ATTENTION' ELSE 'OK' END,
       'role ' || x.name,
       CASE WHEN r.rolname IS NULL THEN 'role is missing (run the bootstrap)'
            WHEN r.rolsuper THEN 'is a SUPERUSER (re-run the bootstrap to reset it)'
            WHEN r.rolbypassrls THEN 'has BYPASSRLS (re-run the bootstrap to reset it)'
            ELSE 'not superuser, no BYPASSRLS' END
FROM (VALUES ('app_owner'), ('api_user')) x(name) LEFT JOIN pg_roles r ON r.rolname = x.name
UNION ALL
SELECT 'roles', CASE WHEN r.rolinherit THEN 'NEEDS_ATTENTION' ELSE 'OK' END, 'role api_user',
       CASE WHEN r.rolinherit THEN 'has INHERIT: it holds every request role''s rights itself (re-run the bootstrap)'
            ELSE 'NOINHERIT' END
FROM pg_roles r WHERE r.rolname = 'api_user'
UNION ALL
SELECT 'roles', CASE WHEN count(d.*) = 0 THEN 'OK' ELSE 'NEEDS_ATTENTION' END, 'role api_user',
       CASE WHEN count(d.*) = 0 THEN 'owns nothing'
            ELSE format('owns %s object(s) (in %s database(s))', count(d.*), count(DISTINCT d.dbid)) END
FROM pg_roles r LEFT JOIN pg_shdepend d ON d.refobjid = r.oid AND d.deptype = 'o'
WHERE r.rolname = 'api_user'
GROUP BY r.oid;
