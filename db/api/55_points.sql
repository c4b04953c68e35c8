-- Points: what occurrences earn and cost, admins' adjustments, a member's
-- statement and the leaderboard. docs/DESIGN.md "Points and rewards" states
-- the rules; the ledger, balances and their guards are in migration
-- 20261126000011_points.sql; the store is db/api/56_rewards.sql.

-- Each write below catches check_violation around its ledger insert: the
-- balance's CHECK (point_balances_not_negative) becomes the API's 409, any
-- other constraint is re-raised as the bug it would be.

-- Reconciliation: what an occurrence should have credited, to whom, set
-- against what the ledger already holds for it; the difference is written.
-- An occurrence that is done (no approval needed) or approved credits the
-- chore's points to its member; a missed one costs its penalty, clamped to
-- the member's balance so that recording a miss never fails; anything
-- else credits nothing. Run after every change of status or member and
-- after a removal, it makes undo, reject, reassignment and repeats take
-- back or move points exactly once, whatever order they come in.
--
-- An amount already held is kept: changing a chore's points later does not
-- revalue occurrences already credited (only what is credited afresh).
--
-- SECURITY DEFINER, like the engine's planning triggers: members may not
-- write ledger rows, yet completing an occurrence must credit it. Its only
-- input is the row whose change RLS already allowed; no request role can
-- call it. Concurrent changes of one occurrence are serialised by that
-- row's lock (held by the UPDATE or DELETE that fired this), and each
-- statement here reads the ledger afresh (READ COMMITTED).
CREATE OR REPLACE FUNCTION app_functions.settle_occurrence_points()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_occurrence app_data.task_assignments := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  v_status text := CASE WHEN TG_OP = 'DELETE' THEN 'removed' ELSE NEW.status END;
  v_task app_data.tasks;
  v_actor bigint := app_functions.current_user_id();
  v_holder record;
  v_is_assignee boolean;
  v_earn_target integer;
  v_penalty_target integer;
  v_balance integer;
  v_constraint text;
BEGIN
  SELECT * INTO v_task FROM app_data.tasks t WHERE t.task_id = v_occurrence.task_id;
  -- Everyone who holds something for this occurrence, and its member now;
  -- in user order, so two settlements never wait on balances crosswise.
  FOR v_holder IN
    SELECT h.user_id,
           coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('earned', 'reversed')), 0)::integer AS earned,
           coalesce(sum(l.amount) FILTER (WHERE l.kind = 'penalty'), 0)::integer AS penalty
    FROM (SELECT l.user_id FROM app_data.points_ledger l WHERE l.assignment_id = v_occurrence.assignment_id
          UNION
          SELECT v_occurrence.user_id WHERE TG_OP <> 'DELETE' AND v_occurrence.user_id IS NOT NULL) h
    LEFT JOIN app_data.points_ledger l ON l.assignment_id = v_occurrence.assignment_id AND l.user_id = h.user_id
    GROUP BY h.user_id
    ORDER BY h.user_id
  LOOP
    v_is_assignee := TG_OP <> 'DELETE' AND v_holder.user_id = v_occurrence.user_id;
    v_earn_target := CASE WHEN v_is_assignee AND v_status IN ('done', 'approved')
                          THEN CASE WHEN v_holder.earned > 0 THEN v_holder.earned ELSE v_task.points END
                          ELSE 0 END;
    IF v_is_assignee AND v_status = 'missed' THEN
      IF v_holder.penalty < 0 THEN
        v_penalty_target := v_holder.penalty;
      ELSE
        -- Locked, so no spend slips in between reading and charging.
        SELECT b.balance INTO v_balance FROM app_data.point_balances b
        WHERE b.user_id = v_holder.user_id FOR UPDATE;
        v_penalty_target := -least(v_task.penalty_points, coalesce(v_balance, 0));
      END IF;
    ELSE
      v_penalty_target := 0;
    END IF;

    BEGIN
      IF v_earn_target <> v_holder.earned THEN
        INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, assignment_id, task_id, created_by)
        VALUES (v_holder.user_id, v_earn_target - v_holder.earned,
                CASE WHEN v_earn_target > v_holder.earned THEN 'earned' ELSE 'reversed' END,
                CASE WHEN v_earn_target > v_holder.earned THEN v_status
                     WHEN NOT v_is_assignee AND TG_OP = 'UPDATE' THEN 'reassigned'
                     WHEN v_status = 'todo' THEN 'undone'
                     WHEN v_status = 'waiting' THEN 'review undone'
                     ELSE v_status END,
                v_occurrence.assignment_id, v_occurrence.task_id, v_actor);
      END IF;
      IF v_penalty_target <> v_holder.penalty THEN
        INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, assignment_id, task_id, created_by)
        VALUES (v_holder.user_id, v_penalty_target - v_holder.penalty, 'penalty',
                CASE WHEN v_penalty_target < v_holder.penalty THEN 'missed'
                     WHEN NOT v_is_assignee AND TG_OP = 'UPDATE' THEN 'reassigned'
                     ELSE 'missed occurrence ' || v_status END,
                v_occurrence.assignment_id, v_occurrence.task_id, v_actor);
      END IF;
    EXCEPTION WHEN check_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint IS DISTINCT FROM 'point_balances_not_negative' THEN
        RAISE;
      END IF;
      PERFORM app_functions.api_error(409, 'The points for this occurrence have been spent already',
        'Taking them back would leave a negative balance; it can be undone once the balance covers them again');
    END;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER task_assignments_settle_points_on_insert
  AFTER INSERT ON app_data.task_assignments
  FOR EACH ROW WHEN (NEW.status IN ('done', 'approved', 'missed'))
  EXECUTE FUNCTION app_functions.settle_occurrence_points();
CREATE OR REPLACE TRIGGER task_assignments_settle_points
  AFTER UPDATE OF status, user_id ON app_data.task_assignments
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION app_functions.settle_occurrence_points();
-- An undo removes the missed occurrences its step recorded: their
-- penalties are given back.
CREATE OR REPLACE TRIGGER task_assignments_settle_points_on_delete
  AFTER DELETE ON app_data.task_assignments
  FOR EACH ROW EXECUTE FUNCTION app_functions.settle_occurrence_points();

-- Points per chore. A function of its own beside create_chore/update_chore
-- (whose signatures stay as they are); the tasks view shows both columns.
CREATE OR REPLACE FUNCTION api.set_chore_points(p_task_id bigint DEFAULT NULL, p_points integer DEFAULT NULL,
                                                p_penalty_points integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v_task_id bigint;
BEGIN
  PERFORM app_functions.require_admin_post('set points');
  v_task_id := app_functions.existing_task_id(p_task_id);
  IF p_points IS NULL AND p_penalty_points IS NULL THEN
    PERFORM app_functions.api_error(400, 'Nothing to change: give p_points and/or p_penalty_points');
  END IF;
  IF p_points NOT BETWEEN 0 AND 10000 THEN
    PERFORM app_functions.api_error(400, 'Points must be between 0 and 10000', p_details => 'p_points');
  END IF;
  IF p_penalty_points NOT BETWEEN 0 AND 10000 THEN
    PERFORM app_functions.api_error(400, 'Penalty points must be between 0 and 10000', p_details => 'p_penalty_points');
  END IF;
  UPDATE app_data.tasks t
  SET points = coalesce(p_points, t.points), penalty_points = coalesce(p_penalty_points, t.penalty_points)
  WHERE t.task_id = v_task_id AND t.archived_at IS NULL;
  PERFORM app_functions.require_changed(FOUND, 'This task is archived and cannot be changed');
  RETURN app_functions.task_json(v_task_id);
END
$$;

-- A member's balance, and what their pending requests have set aside.
CREATE OR REPLACE FUNCTION app_functions.points_summary(p_user_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT json_build_object('user_id', p_user_id, 'balance', b.balance, 'pending', p.pending,
                           'available', b.balance - p.pending)
  FROM (SELECT coalesce((SELECT x.balance FROM app_data.point_balances x WHERE x.user_id = p_user_id), 0) AS balance) b,
       (SELECT coalesce(sum(r.cost), 0)::integer AS pending FROM app_data.redemptions r
        WHERE r.user_id = p_user_id AND r.status = 'pending') p
$$;

-- An admin adds or takes points, with a reason, for someone else (never
-- themselves). Taking more than the balance holds is refused.
CREATE OR REPLACE FUNCTION api.adjust_points(p_user_id bigint DEFAULT NULL, p_amount integer DEFAULT NULL,
                                             p_reason text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v_user_id bigint;
  v_reason text;
  v_entry_id bigint;
  v_constraint text;
BEGIN
  PERFORM app_functions.require_admin_post('adjust points');
  v_user_id := app_functions.active_member_id(p_user_id);
  IF v_user_id = v_admin_id THEN
    PERFORM app_functions.api_error(403, 'You cannot adjust your own points', 'Another household admin has to');
  END IF;
  IF p_amount IS NULL OR p_amount = 0 OR abs(p_amount) > 100000 THEN
    PERFORM app_functions.api_error(400, 'Amount must be a non-zero number of points, at most 100000 either way',
                                    p_details => 'p_amount');
  END IF;
  v_reason := app_functions.required_text(p_reason, 'Reason', 200);
  BEGIN
    INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, created_by)
    VALUES (v_user_id, p_amount, 'adjustment', v_reason, v_admin_id)
    RETURNING entry_id INTO v_entry_id;
  EXCEPTION WHEN check_violation THEN
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    IF v_constraint IS DISTINCT FROM 'point_balances_not_negative' THEN
      RAISE;
    END IF;
    PERFORM app_functions.api_error(409, 'This would take the balance below zero');
  END;
  PERFORM set_config('response.status', '201', true);
  RETURN json_build_object('entry_id', v_entry_id, 'user_id', v_user_id, 'amount', p_amount,
                           'kind', 'adjustment', 'reason', v_reason,
                           'balance', app_functions.points_summary(v_user_id) -> 'balance');
END
$$;

-- A member's statement, newest first, a page at a time: keyset on
-- entry_id (p_cursor is the last entry_id of the previous page). Admins
-- may read anyone's (p_user_id); RLS gives a member only their own rows.
CREATE OR REPLACE FUNCTION api.my_points(p_cursor bigint DEFAULT NULL, p_limit integer DEFAULT 50,
                                         p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_caller_id bigint := app_functions.require_user();
  v_user_id bigint := coalesce(p_user_id, v_caller_id);
  v_items json;
  v_count integer;
  v_last bigint;
BEGIN
  IF v_user_id <> v_caller_id THEN
    PERFORM app_functions.require_admin('read another member''s points');
    PERFORM app_functions.known_user_id(p_user_id);
  END IF;
  IF p_cursor IS NOT NULL THEN
    PERFORM app_functions.required_id(p_cursor, 'Cursor');
  END IF;
  IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 200 THEN
    PERFORM app_functions.api_error(400, 'Limit must be between 1 and 200', p_details => 'p_limit');
  END IF;
  SELECT json_agg(row_to_json(e) ORDER BY e.entry_id DESC), count(*), min(e.entry_id)
  INTO v_items, v_count, v_last
  FROM (SELECT l.entry_id, l.amount, l.kind, l.reason, l.assignment_id, l.task_id, t.task_name,
               l.redemption_id, w.name AS reward_name, l.created_by, c.username AS created_by_username,
               l.created_at
        FROM app_data.points_ledger l
        LEFT JOIN app_data.tasks t ON t.task_id = l.task_id
        LEFT JOIN app_data.redemptions r ON r.redemption_id = l.redemption_id
        LEFT JOIN app_data.rewards w ON w.reward_id = r.reward_id
        LEFT JOIN app_data.users c ON c.user_id = l.created_by
        WHERE l.user_id = v_user_id AND (p_cursor IS NULL OR l.entry_id < p_cursor)
        ORDER BY l.entry_id DESC
        LIMIT p_limit) e;
  RETURN (app_functions.points_summary(v_user_id)::jsonb
          || jsonb_build_object('items', coalesce(v_items, '[]'),
                                'next_cursor', CASE WHEN v_count = p_limit AND EXISTS (
                                                 SELECT 1 FROM app_data.points_ledger l
                                                 WHERE l.user_id = v_user_id AND l.entry_id < v_last)
                                               THEN v_last END))::json;
END
$$;

-- Points earned (earned minus taken back) per member since an instant. The
-- ledger rows are private to their member; the leaderboard needs only
-- these sums, so this narrow definer gives every signed-in member the sums
-- and nothing else.
CREATE OR REPLACE FUNCTION app_functions.points_earned_since(p_since timestamptz)
RETURNS TABLE (user_id bigint, points bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT l.user_id, sum(l.amount)
  FROM app_data.points_ledger l
  WHERE l.kind IN ('earned', 'reversed') AND l.created_at >= p_since
    AND app_functions.current_user_id() IS NOT NULL
  GROUP BY l.user_id
$$;

-- Members ranked by points earned this week (from Monday 00:00), this
-- month, or ever, on the household's wall clock. Ties share a rank.
CREATE OR REPLACE FUNCTION api.leaderboard(p_period text DEFAULT 'week')
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_zone text := app_functions.household_time_zone();
  v_since timestamptz;
BEGIN
  v_since := CASE p_period
               WHEN 'week' THEN app_functions.local_instant(date_trunc('week', now() AT TIME ZONE v_zone), v_zone)
               WHEN 'month' THEN app_functions.local_instant(date_trunc('month', now() AT TIME ZONE v_zone), v_zone)
               WHEN 'all' THEN '-infinity'::timestamptz
             END;
  IF v_since IS NULL THEN
    PERFORM app_functions.api_error(400, 'Unknown period', 'One of: week, month, all', p_details => 'p_period');
  END IF;
  RETURN json_build_object(
    'period', p_period,
    'since', CASE WHEN p_period <> 'all' THEN app_functions.local_iso(v_since, v_zone) END,
    'time_zone', v_zone,
    'members', coalesce((
      SELECT json_agg(json_build_object('rank', m.rank, 'user_id', m.user_id, 'username', m.username,
                                        'points', m.points) ORDER BY m.rank, lower(m.username))
      FROM (SELECT u.user_id, u.username, coalesce(e.points, 0) AS points,
                   rank() OVER (ORDER BY coalesce(e.points, 0) DESC) AS rank
            FROM app_data.users u
            LEFT JOIN app_functions.points_earned_since(v_since) e ON e.user_id = u.user_id
            WHERE u.removed_at IS NULL) m), '[]'));
END
$$;

-- Balances at a glance: a member sees their own row, an admin everyone's.
CREATE OR REPLACE VIEW api.point_balances WITH (security_invoker = true) AS
SELECT b.user_id, u.username, b.balance, b.updated_at
FROM app_data.point_balances b JOIN app_data.users u ON u.user_id = b.user_id;

REVOKE ALL ON api.point_balances FROM PUBLIC, api_anon, api_publisher;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON api.point_balances FROM api_authenticated;
GRANT SELECT ON api.point_balances TO api_authenticated;
CREATE OR REPLACE TRIGGER point_balances_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.point_balances
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();

REVOKE ALL ON FUNCTION app_functions.settle_occurrence_points(),
  app_functions.points_summary(bigint), app_functions.points_earned_since(timestamptz),
  api.set_chore_points(bigint, integer, integer), api.adjust_points(bigint, integer, text),
  api.my_points(bigint, integer, bigint), api.leaderboard(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.points_summary(bigint),
  app_functions.points_earned_since(timestamptz) TO api_authenticated;
GRANT EXECUTE ON FUNCTION api.set_chore_points(bigint, integer, integer), api.adjust_points(bigint, integer, text),
  api.my_points(bigint, integer, bigint), api.leaderboard(text) TO api_authenticated;
