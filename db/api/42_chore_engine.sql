-- The chore engine: when an occurrence is closed, plan the next one, and
-- choose who does it. docs/DESIGN.md ("Chore engine") states the rules.
--
-- These run as the owner (SECURITY DEFINER, called from triggers): members
-- may not insert occurrences, yet completing one must create the next. The
-- caller cannot steer them — their only input is the row that changed,
-- whose change RLS has already allowed — and nothing here is granted to a
-- request role, so no request can call them directly.

-- A wall-clock step on the household's clock: hours are elapsed time,
-- days, weeks and months keep the time of day across DST changes.
CREATE OR REPLACE FUNCTION app_functions.add_local_interval(p_from timestamptz, p_count integer, p_unit text,
                                                            p_zone text)
RETURNS timestamptz
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT CASE p_unit
           WHEN 'hours' THEN p_from + make_interval(hours => p_count)
           ELSE app_functions.local_instant(
                  (p_from AT TIME ZONE p_zone) + CASE p_unit
                                                   WHEN 'days' THEN make_interval(days => p_count)
                                                   WHEN 'weeks' THEN make_interval(weeks => p_count)
                                                   ELSE make_interval(months => p_count)
                                                 END, p_zone)
         END
$$;

-- Adaptive chores learn their interval: the mean gap between the last six
-- completions (five gaps), bounded to an hour..a year; with fewer than two
-- completions the chore's own interval is the guess.
CREATE OR REPLACE FUNCTION app_functions.learned_interval(p_task app_data.tasks)
RETURNS interval
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT CASE WHEN count(*) >= 2
              THEN least(greatest((max(completed_at) - min(completed_at)) / (count(*) - 1), interval '1 hour'),
                         interval '366 days')
         END
  FROM (SELECT a.completed_at FROM app_data.task_assignments a
        WHERE a.task_id = p_task.task_id AND a.completed_at IS NOT NULL
        ORDER BY a.completed_at DESC LIMIT 6) recent
$$;

-- Pool members who can take a turn due at p_due_at: not removed, not away
-- on that local date, in rotation order.
CREATE OR REPLACE FUNCTION app_functions.available_pool(p_task_id bigint, p_due_at timestamptz)
RETURNS TABLE (user_id bigint, pool_position integer)
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT p.user_id, p.position
  FROM app_data.task_pool p
  JOIN app_data.users u ON u.user_id = p.user_id AND u.removed_at IS NULL
  WHERE p.task_id = p_task_id
    AND NOT EXISTS (
      SELECT 1 FROM app_data.away_periods w
      WHERE w.user_id = p.user_id
        AND (coalesce(p_due_at, now()) AT TIME ZONE app_functions.household_time_zone())::date
            BETWEEN w.starts_on AND w.ends_on)
  ORDER BY p.position
$$;

-- Whose turn it is. p_last_user_id did the previous turn.
CREATE OR REPLACE FUNCTION app_functions.next_in_rotation(p_task app_data.tasks, p_due_at timestamptz,
                                                          p_last_user_id bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_candidates bigint[];
  v_last_position integer;
BEGIN
  SELECT array_agg(c.user_id ORDER BY c.pool_position) INTO v_candidates
  FROM app_functions.available_pool(p_task.task_id, p_due_at) c;
  -- Everyone away: someone still has to own it; the whole pool is asked.
  IF v_candidates IS NULL THEN
    SELECT array_agg(p.user_id ORDER BY p.position) INTO v_candidates
    FROM app_data.task_pool p JOIN app_data.users u ON u.user_id = p.user_id AND u.removed_at IS NULL
    WHERE p.task_id = p_task.task_id;
  END IF;
  IF v_candidates IS NULL THEN
    RETURN NULL;
  END IF;
  CASE p_task.rotation_strategy
    WHEN 'keep_last' THEN
      IF p_last_user_id = ANY (v_candidates) THEN
        RETURN p_last_user_id;
      END IF;
    WHEN 'random' THEN
      RETURN v_candidates[1 + floor(random() * cardinality(v_candidates))::integer];
    WHEN 'random_except_last' THEN
      IF cardinality(v_candidates) > 1 THEN
        v_candidates := array_remove(v_candidates, p_last_user_id);
      END IF;
      RETURN v_candidates[1 + floor(random() * cardinality(v_candidates))::integer];
    WHEN 'least_completed', 'least_assigned' THEN
      -- Fewest of this chore so far; ties go in rotation order after the last.
      RETURN (SELECT c.user_id
              FROM unnest(v_candidates) WITH ORDINALITY AS c(user_id, ord)
              ORDER BY (SELECT count(*) FROM app_data.task_assignments a
                        WHERE a.task_id = p_task.task_id AND a.user_id = c.user_id
                          AND (p_task.rotation_strategy = 'least_assigned'
                               OR a.status IN ('done', 'waiting', 'approved'))),
                       c.ord
              LIMIT 1);
    ELSE
      NULL;
  END CASE;
  -- round_robin (and keep_last when the last one is away): the next in pool
  -- order after the last one, wrapping around. Among the candidates, not
  -- the available members: with the whole pool away it still rotates.
  SELECT p.position INTO v_last_position FROM app_data.task_pool p
  WHERE p.task_id = p_task.task_id AND p.user_id = p_last_user_id;
  RETURN coalesce(
    (SELECT p.user_id FROM app_data.task_pool p
     WHERE p.task_id = p_task.task_id AND p.position > coalesce(v_last_position, -1)
       AND p.user_id = ANY (v_candidates)
     ORDER BY p.position LIMIT 1),
    v_candidates[1]);
END
$$;

-- The members an occurrence due at p_due_at goes to (NULL = unclaimed).
CREATE OR REPLACE FUNCTION app_functions.choose_assignees(p_task app_data.tasks, p_due_at timestamptz,
                                                          p_last_user_id bigint)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
BEGIN
  CASE p_task.assignee_mode
    WHEN 'fixed' THEN
      -- With no fixed member, a repeat goes back to whoever did the last one;
      -- a first occurrence then waits for an admin's assign_task.
      IF coalesce(p_task.fixed_user_id, p_last_user_id) IS NOT NULL THEN
        RETURN NEXT coalesce(p_task.fixed_user_id, p_last_user_id);
      END IF;
    WHEN 'rotation' THEN
      RETURN NEXT app_functions.next_in_rotation(p_task, p_due_at, p_last_user_id);
    WHEN 'anyone' THEN
      RETURN NEXT NULL;
    WHEN 'everyone' THEN
      RETURN QUERY SELECT c.user_id FROM app_functions.available_pool(p_task.task_id, p_due_at) c;
      -- Everyone away: the whole pool is asked, as for a rotation (with
      -- nobody the chore would never come back).
      IF NOT FOUND THEN
        RETURN QUERY SELECT p.user_id FROM app_data.task_pool p
                     JOIN app_data.users u ON u.user_id = p.user_id AND u.removed_at IS NULL
                     WHERE p.task_id = p_task.task_id ORDER BY p.position;
      END IF;
  END CASE;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.plan_occurrences(p_task app_data.tasks, p_due_at timestamptz,
                                                          p_last_user_id bigint, p_created_from bigint)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$
  INSERT INTO app_data.task_assignments (task_id, user_id, due_at, created_from)
  SELECT p_task.task_id, c.user_id, p_due_at, p_created_from
  FROM app_functions.choose_assignees(p_task, p_due_at, p_last_user_id) AS c(user_id)
  -- A fixed chore with nobody yet has no row: assign_task makes it.
  WHERE c.user_id IS NOT NULL OR p_task.assignee_mode = 'anyone'
  ON CONFLICT DO NOTHING
$$;

-- The first occurrence(s) of a new or re-planned chore. A calendar chore is
-- due at its first instance from now on (never in the past); interval and
-- adaptive chores at their start, or one interval from now; a one-off at
-- p_due_at (or undated); an after_task chore waits for the other chore.
CREATE OR REPLACE FUNCTION app_functions.schedule_first_occurrences(p_task_id bigint, p_due_at timestamptz)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_task app_data.tasks;
  v_zone text := app_functions.household_time_zone();
  v_due timestamptz;
BEGIN
  PERFORM app_functions.require_admin('plan chores');
  SELECT * INTO v_task FROM app_data.tasks t WHERE t.task_id = p_task_id AND t.archived_at IS NULL;
  IF v_task.task_id IS NULL OR EXISTS (SELECT 1 FROM app_data.task_assignments a
                                       WHERE a.task_id = p_task_id AND a.status = 'todo') THEN
    RETURN;
  END IF;
  CASE v_task.schedule_kind
    WHEN 'calendar' THEN
      SELECT i INTO v_due FROM app_functions.rrule_instances(v_task.rrule, v_task.schedule_start, v_zone, now(), 1) i;
      IF v_due IS NULL THEN
        RETURN;
      END IF;
    WHEN 'interval', 'adaptive' THEN
      v_due := CASE WHEN v_task.schedule_start IS NOT NULL
                    THEN greatest(app_functions.local_instant(v_task.schedule_start, v_zone), now())
                    ELSE app_functions.add_local_interval(now(), v_task.interval_count, v_task.interval_unit, v_zone)
               END;
    WHEN 'after_task' THEN
      RETURN;
    ELSE
      IF p_due_at IS NULL AND v_task.assignee_mode = 'fixed' AND v_task.fixed_user_id IS NULL THEN
        RETURN;
      END IF;
      v_due := p_due_at;
  END CASE;
  PERFORM app_functions.plan_occurrences(v_task, v_due, NULL, NULL);
END
$$;
GRANT EXECUTE ON FUNCTION app_functions.schedule_first_occurrences(bigint, timestamptz) TO api_authenticated;

-- After an occurrence is closed: the chore's next one, and the chores that
-- follow this one.
CREATE OR REPLACE FUNCTION app_functions.plan_after_close()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_task app_data.tasks;
  v_zone text := app_functions.household_time_zone();
  v_base timestamptz := coalesce(NEW.completed_at, NEW.closed_at);
  v_next timestamptz;
  v_follower app_data.tasks;
BEGIN
  SELECT * INTO v_task FROM app_data.tasks t WHERE t.task_id = NEW.task_id;
  IF v_task.archived_at IS NOT NULL THEN
    RETURN NULL;
  END IF;

  IF NEW.status IN ('waiting', 'done') THEN
    FOR v_follower IN SELECT * FROM app_data.tasks t
                      WHERE t.after_task_id = NEW.task_id AND t.archived_at IS NULL
                        AND NOT EXISTS (SELECT 1 FROM app_data.task_assignments a
                                        WHERE a.task_id = t.task_id AND a.status = 'todo') LOOP
      PERFORM app_functions.plan_occurrences(v_follower, NEW.completed_at + make_interval(hours => v_follower.after_hours),
        (SELECT a.user_id FROM app_data.task_assignments a WHERE a.task_id = v_follower.task_id
         AND a.user_id IS NOT NULL ORDER BY a.assignment_id DESC LIMIT 1), NEW.assignment_id);
    END LOOP;
  END IF;

  -- An everyone-chore's cycle ends when all of its members are done.
  IF v_task.assignee_mode = 'everyone' AND EXISTS (
       SELECT 1 FROM app_data.task_assignments a
       WHERE a.task_id = NEW.task_id AND a.status = 'todo' AND a.due_at IS NOT DISTINCT FROM NEW.due_at) THEN
    RETURN NULL;
  END IF;

  CASE v_task.schedule_kind
    WHEN 'calendar' THEN
      -- The next instance after this one; instances already past are
      -- recorded as missed (at most a year's worth of daily ones) and the
      -- next due date is the first one still ahead. Completed early (its
      -- instance still ahead), the next is the instance after it, not the
      -- same one again.
      SELECT i INTO v_next FROM app_functions.rrule_instances(v_task.rrule, v_task.schedule_start, v_zone,
                                                              greatest(now(), NEW.due_at + interval '1 microsecond'), 1) i;
      INSERT INTO app_data.task_assignments (task_id, user_id, due_at, status, closed_at, created_from)
      SELECT NEW.task_id, CASE WHEN v_task.assignee_mode = 'anyone' THEN NULL ELSE NEW.user_id END,
             i, 'missed', i, NEW.assignment_id
      FROM app_functions.rrule_instances(v_task.rrule, v_task.schedule_start, v_zone,
                                         NEW.due_at + interval '1 microsecond', 366) i
      WHERE NEW.due_at IS NOT NULL AND i < coalesce(v_next, now()) AND i <= now();
    WHEN 'interval' THEN
      v_next := app_functions.add_local_interval(v_base, v_task.interval_count, v_task.interval_unit, v_zone);
    WHEN 'adaptive' THEN
      v_next := coalesce(v_base + app_functions.learned_interval(v_task),
                         app_functions.add_local_interval(v_base, v_task.interval_count, v_task.interval_unit, v_zone));
    ELSE
      RETURN NULL;
  END CASE;
  IF v_next IS NOT NULL THEN
    PERFORM app_functions.plan_occurrences(v_task, v_next, NEW.user_id, NEW.assignment_id);
  END IF;
  RETURN NULL;
END
$$;

-- A rejected occurrence goes back to the same member: a new open
-- occurrence, same due time, while the rejection stays in the history.
CREATE OR REPLACE FUNCTION app_functions.redo_after_rejection()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, due_at, created_from)
  VALUES (NEW.task_id, NEW.user_id, NEW.reviewed_by, NEW.due_at, NEW.assignment_id)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- Undo: an occurrence back to open (or a review back to waiting) takes back
-- what that step created, unless someone has acted on that already. A
-- review created at most a rejection's redo (made in the review's own
-- transaction, so at reviewed_at); the next occurrence came from the
-- completion, which stands.
CREATE OR REPLACE FUNCTION app_functions.retract_after_undo()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_created bigint[];
BEGIN
  -- Locked first: a completion of a follow-up racing this undo either
  -- commits before (and the check below sees it) or waits for the undo.
  SELECT coalesce(array_agg(f.assignment_id), '{}') INTO v_created
  FROM (SELECT a.assignment_id FROM app_data.task_assignments a
        WHERE a.created_from = NEW.assignment_id
          AND (OLD.status IN ('waiting', 'done', 'skipped')
               OR (OLD.status = 'rejected' AND a.assigned_at >= OLD.reviewed_at))
        FOR UPDATE) f;
  IF EXISTS (SELECT 1 FROM app_data.task_assignments a
             WHERE a.assignment_id = ANY (v_created) AND a.status <> 'missed'
               AND (a.status <> 'todo' OR a.acted_by IS NOT NULL)) THEN
    PERFORM app_functions.api_error(409, 'Too late to undo: what followed has been acted on');
  END IF;
  DELETE FROM app_data.swap_offers o WHERE o.assignment_id = ANY (v_created);
  DELETE FROM app_data.task_assignments a WHERE a.assignment_id = ANY (v_created);
  RETURN NULL;
END
$$;

-- Which status changes exist at all (who may make them is RLS's business).
CREATE OR REPLACE FUNCTION app_functions.check_status_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'todo' AND NEW.status IN ('waiting', 'done', 'skipped'))
    OR (OLD.status IN ('waiting', 'done', 'skipped') AND NEW.status = 'todo')
    OR (OLD.status = 'waiting' AND NEW.status IN ('approved', 'rejected'))
    OR (OLD.status IN ('approved', 'rejected') AND NEW.status = 'waiting')) THEN
    PERFORM app_functions.api_error(409, 'This occurrence cannot change that way',
                                    p_details => format('%s to %s', OLD.status, NEW.status));
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER task_assignments_status_change
  BEFORE UPDATE OF status ON app_data.task_assignments
  FOR EACH ROW EXECUTE FUNCTION app_functions.check_status_change();
CREATE OR REPLACE TRIGGER task_assignments_plan_after_close
  AFTER UPDATE OF status ON app_data.task_assignments
  FOR EACH ROW WHEN (OLD.status = 'todo' AND NEW.status IN ('waiting', 'done', 'skipped'))
  EXECUTE FUNCTION app_functions.plan_after_close();
CREATE OR REPLACE TRIGGER task_assignments_redo_after_rejection
  AFTER UPDATE OF status ON app_data.task_assignments
  FOR EACH ROW WHEN (OLD.status = 'waiting' AND NEW.status = 'rejected')
  EXECUTE FUNCTION app_functions.redo_after_rejection();
CREATE OR REPLACE TRIGGER task_assignments_retract_after_undo
  AFTER UPDATE OF status ON app_data.task_assignments
  FOR EACH ROW WHEN ((OLD.status IN ('waiting', 'done', 'skipped') AND NEW.status = 'todo')
                     OR (OLD.status IN ('approved', 'rejected') AND NEW.status = 'waiting'))
  EXECUTE FUNCTION app_functions.retract_after_undo();
