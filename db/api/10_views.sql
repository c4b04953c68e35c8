-- Read side of the API. security_invoker makes each view run with the
-- caller's rights, so the RLS policies on app_data apply (a plain view runs
-- as its owner and would bypass them). No view selects password_hash.

CREATE OR REPLACE VIEW api.users WITH (security_invoker = true) AS
SELECT u.user_id, u.username, u.is_admin, u.created_at
FROM app_data.users u
WHERE u.removed_at IS NULL;

CREATE OR REPLACE VIEW api.tasks WITH (security_invoker = true) AS
SELECT t.task_id, t.task_name, t.description, t.created_at,
       t.archived_at IS NOT NULL AS is_archived, t.archived_at,
       t.schedule_kind, t.rrule, t.schedule_start, t.interval_count, t.interval_unit,
       t.after_task_id, t.after_hours, t.assignee_mode, t.fixed_user_id, t.rotation_strategy,
       t.requires_approval,
       coalesce((SELECT array_agg(p.user_id ORDER BY p.position) FROM app_data.task_pool p
                 WHERE p.task_id = t.task_id), '{}') AS pool,
       t.points, t.penalty_points
FROM app_data.tasks t;

CREATE OR REPLACE VIEW api.task_assignments WITH (security_invoker = true) AS
SELECT ta.assignment_id, ta.task_id, t.task_name, t.description,
       ta.user_id, u.username AS assigned_to,
       ta.assigned_at, ta.completed_at, ta.is_approved,
       ta.status,
       ta.reviewed_at, reviewer.username AS reviewed_by,
       ta.due_at, ta.closed_at, ta.note, actor.username AS acted_by
FROM app_data.task_assignments ta
JOIN app_data.tasks t ON t.task_id = ta.task_id
-- An unclaimed occurrence of an anyone-chore has no member yet.
LEFT JOIN app_data.users u ON u.user_id = ta.user_id
LEFT JOIN app_data.users reviewer ON reviewer.user_id = ta.reviewed_by
LEFT JOIN app_data.users actor ON actor.user_id = ta.acted_by;

-- Read-only: never INSERT/UPDATE/DELETE on these (they are auto-updatable).
REVOKE ALL ON api.users, api.tasks, api.task_assignments FROM PUBLIC, api_anon, api_publisher;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
  ON api.users, api.tasks, api.task_assignments FROM api_authenticated;
GRANT SELECT ON api.users, api.tasks, api.task_assignments TO api_authenticated;

-- The joined view is not auto-updatable, and PostgreSQL reports that (as
-- HTTP 500) before it checks privileges. An INSTEAD OF trigger makes every
-- view take the privilege path, so a write attempt is a clean 401/403, and
-- tells anyone who does hold the privilege where writes go.
CREATE OR REPLACE FUNCTION app_functions.refuse_view_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.api_error(405, format('%s is read-only', TG_TABLE_NAME),
                                  'Use the /rpc/ functions to change data');
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER users_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.users
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();
CREATE OR REPLACE TRIGGER tasks_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.tasks
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();
CREATE OR REPLACE TRIGGER task_assignments_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.task_assignments
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();
