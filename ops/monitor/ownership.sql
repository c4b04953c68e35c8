-- Ownership: every schema, table, view, materialized view, sequence,
-- foreign table, function, procedure, aggregate, type and domain in the app
-- schemas, and whether app_owner owns it. Output: check, status, object, detail.
-- Array types and multiranges follow their element/range type; table row
-- types follow their table; indexes follow their table.
\ir schemas_and_roles_list.sql

WITH app_ns AS (
  SELECT oid, nspname, nspowner FROM pg_namespace
  WHERE nspname IN (SELECT name FROM app_schemas)
), objs AS (
  SELECT 'schema' AS kind, quote_ident(n.nspname) AS name, n.nspowner AS owner
  FROM app_ns n
  UNION ALL
  SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                        WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'foreign table' END,
         format('%I.%I', n.nspname, c.relname), c.relowner
  FROM pg_class c JOIN app_ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
         p.oid::regprocedure::text, p.proowner
  FROM pg_proc p JOIN app_ns n ON n.oid = p.pronamespace
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END,
         format('%I.%I', n.nspname, t.typname), t.typowner
  FROM pg_type t JOIN app_ns n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r')
    AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
    AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
)
SELECT 'ownership',
       CASE WHEN pg_get_userbyid(o.owner) = 'app_owner' THEN 'OK' ELSE 'NEEDS_ATTENTION' END,
       o.kind || ' ' || o.name,
       'owner ' || pg_get_userbyid(o.owner)
FROM objs o
ORDER BY 2 DESC, 3;
