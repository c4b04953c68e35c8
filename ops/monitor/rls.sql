-- Row-level security: on for every table in the app schemas, so a grant
-- alone never exposes rows. Output: check, status, object, detail.
\ir schemas_and_roles_list.sql

SELECT 'rls',
       CASE WHEN c.relrowsecurity THEN 'OK' ELSE 'NEEDS_ATTENTION' END,
       format('table %I.%I', n.nspname, c.relname),
       CASE WHEN c.relrowsecurity THEN 'row level security enabled' ELSE 'row level security is OFF' END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN (SELECT name FROM app_schemas) AND c.relkind IN ('r', 'p')
ORDER BY 2 DESC, 3;

-- Views in the app schemas run with the caller's rights
-- (security_invoker), otherwise they read as their owner and bypass RLS.
SELECT 'rls:view-invoker',
       CASE WHEN coalesce(c.reloptions, '{}') && ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1']
            THEN 'OK' ELSE 'NEEDS_ATTENTION' END,
       format('view %I.%I', n.nspname, c.relname),
       CASE WHEN coalesce(c.reloptions, '{}') && ARRAY['security_invoker=true', 'security_invoker=on', 'security_invoker=1']
            THEN 'security_invoker' ELSE 'not security_invoker: reads as its owner, bypassing RLS' END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN (SELECT name FROM app_schemas) AND c.relkind = 'v'
ORDER BY 2 DESC, 3;
