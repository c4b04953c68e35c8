-- migrate:up
-- Chores that repeat. A chore is still the guide's `tasks` row, now with a
-- schedule and a way of choosing who does it; each occurrence is still a
-- `task_assignments` row (the guide's table stays the history), now with a
-- due time and an explicit status. docs/DESIGN.md, "Chore engine", gives the
-- semantics; the functions that apply them live in db/api/4x_*.sql.

-- What a chore's schedule is. 'once' is today's behaviour (the guide's
-- create_task), so every existing task becomes a one-off.
ALTER TABLE app_data.tasks
  ADD COLUMN schedule_kind text NOT NULL DEFAULT 'once'
    CONSTRAINT tasks_schedule_kind CHECK (schedule_kind IN ('once', 'calendar', 'interval', 'adaptive', 'after_task')),
  -- calendar: an RFC 5545 RRULE from a local start (household wall clock).
  ADD COLUMN rrule text
    CONSTRAINT tasks_rrule_length CHECK (char_length(rrule) <= 500),
  ADD COLUMN schedule_start timestamp,
  -- interval/adaptive: every N units after the last completion (adaptive:
  -- the first guess until completions teach a better one).
  ADD COLUMN interval_count integer
    CONSTRAINT tasks_interval_count_range CHECK (interval_count BETWEEN 1 AND 1000),
  ADD COLUMN interval_unit text
    CONSTRAINT tasks_interval_unit CHECK (interval_unit IN ('hours', 'days', 'weeks', 'months')),
  -- after_task: due N hours after an occurrence of another chore is done.
  ADD COLUMN after_task_id bigint REFERENCES app_data.tasks (task_id),
  ADD COLUMN after_hours integer
    CONSTRAINT tasks_after_hours_range CHECK (after_hours BETWEEN 0 AND 8760),
  -- Who does it. 'fixed' with no member is the guide's model: an admin
  -- assigns each occurrence by hand (assign_task), and a repeat goes back to
  -- whoever did the last one.
  ADD COLUMN assignee_mode text NOT NULL DEFAULT 'fixed'
    CONSTRAINT tasks_assignee_mode CHECK (assignee_mode IN ('fixed', 'rotation', 'anyone', 'everyone')),
  ADD COLUMN fixed_user_id bigint REFERENCES app_data.users (user_id),
  ADD COLUMN rotation_strategy text
    CONSTRAINT tasks_rotation_strategy CHECK (rotation_strategy IN
      ('round_robin', 'least_completed', 'least_assigned', 'random', 'random_except_last', 'keep_last')),
  -- Today every completion waits for an admin; now each chore says.
  ADD COLUMN requires_approval boolean NOT NULL DEFAULT true,
  ADD CONSTRAINT tasks_schedule_complete CHECK (
    CASE schedule_kind
      WHEN 'once' THEN rrule IS NULL AND interval_count IS NULL AND after_task_id IS NULL
      WHEN 'calendar' THEN rrule IS NOT NULL AND schedule_start IS NOT NULL
      WHEN 'interval' THEN interval_count IS NOT NULL AND interval_unit IS NOT NULL
      WHEN 'adaptive' THEN interval_count IS NOT NULL AND interval_unit IS NOT NULL
      WHEN 'after_task' THEN after_task_id IS NOT NULL AND after_hours IS NOT NULL
    END),
  ADD CONSTRAINT tasks_not_after_itself CHECK (after_task_id IS DISTINCT FROM task_id),
  ADD CONSTRAINT tasks_rotation_has_strategy CHECK ((assignee_mode = 'rotation') = (rotation_strategy IS NOT NULL)),
  ADD CONSTRAINT tasks_fixed_user_only_when_fixed CHECK (fixed_user_id IS NULL OR assignee_mode = 'fixed');
CREATE INDEX tasks_after_task_id_idx ON app_data.tasks (after_task_id);
CREATE INDEX tasks_fixed_user_id_idx ON app_data.tasks (fixed_user_id);

-- The members a rotation, an anyone- or an everyone-chore draws from, in
-- rotation order.
CREATE TABLE app_data.task_pool (
  task_id  bigint  NOT NULL REFERENCES app_data.tasks (task_id) ON DELETE CASCADE,
  user_id  bigint  NOT NULL REFERENCES app_data.users (user_id),
  position integer NOT NULL CONSTRAINT task_pool_position_range CHECK (position BETWEEN 0 AND 1000),
  PRIMARY KEY (task_id, user_id),
  CONSTRAINT task_pool_position_key UNIQUE (task_id, position)
);
CREATE INDEX task_pool_user_id_idx ON app_data.task_pool (user_id);

-- Occurrences. status was derived in the view from completed_at and
-- is_approved; skipped and missed occurrences have neither, so it is stored
-- now, and constraints tie it to the columns it summarises.
ALTER TABLE app_data.task_assignments
  ADD COLUMN status text NOT NULL DEFAULT 'todo'
    CONSTRAINT task_assignments_status CHECK (status IN ('todo', 'waiting', 'done', 'approved', 'rejected', 'skipped', 'missed')),
  ADD COLUMN due_at timestamptz,
  -- When the occurrence left 'todo' (completed, skipped, missed): the
  -- history's order. For a completion it equals completed_at.
  ADD COLUMN closed_at timestamptz,
  -- Who acted (the assignee, or an admin on their behalf) and when: undo
  -- belongs to whoever acted.
  ADD COLUMN acted_by bigint REFERENCES app_data.users (user_id) ON DELETE SET NULL,
  ADD COLUMN acted_at timestamptz,
  ADD COLUMN note text NOT NULL DEFAULT ''
    CONSTRAINT task_assignments_note_length CHECK (char_length(note) <= 500),
  -- The occurrence whose completion (or skip, rejection) created this one:
  -- undo removes what its action created.
  ADD COLUMN created_from bigint REFERENCES app_data.task_assignments (assignment_id) ON DELETE SET NULL;

UPDATE app_data.task_assignments SET
  status = CASE
             WHEN completed_at IS NULL THEN 'todo'
             WHEN is_approved IS NULL THEN 'waiting'
             WHEN is_approved THEN 'approved'
             ELSE 'rejected'
           END,
  closed_at = completed_at,
  acted_by = CASE WHEN completed_at IS NOT NULL THEN user_id END,
  acted_at = completed_at;

-- An unclaimed occurrence of an anyone-chore has no member yet.
ALTER TABLE app_data.task_assignments ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE app_data.task_assignments
  ADD CONSTRAINT task_assignments_status_columns CHECK (
    CASE status
      WHEN 'todo' THEN completed_at IS NULL AND is_approved IS NULL AND closed_at IS NULL
      WHEN 'waiting' THEN completed_at IS NOT NULL AND is_approved IS NULL AND user_id IS NOT NULL
      WHEN 'done' THEN completed_at IS NOT NULL AND is_approved IS NULL AND user_id IS NOT NULL
      WHEN 'approved' THEN completed_at IS NOT NULL AND is_approved AND user_id IS NOT NULL
      WHEN 'rejected' THEN completed_at IS NOT NULL AND NOT is_approved AND user_id IS NOT NULL
      ELSE completed_at IS NULL AND is_approved IS NULL
    END),
  ADD CONSTRAINT task_assignments_closed_when_not_todo CHECK ((status = 'todo') = (closed_at IS NULL));

-- A member has at most one open occurrence of a chore per due time
-- (replaces the old "completed_at IS NULL" form: skipped and missed ones are
-- not open, and a rejected one comes back beside the next one). An undated
-- one-off still gets one open assignment per member.
DROP INDEX app_data.task_assignments_one_open;
CREATE UNIQUE INDEX task_assignments_one_open
  ON app_data.task_assignments (task_id, user_id, due_at) NULLS NOT DISTINCT WHERE status = 'todo';
-- At most one unclaimed open occurrence of a chore.
CREATE UNIQUE INDEX task_assignments_one_unclaimed
  ON app_data.task_assignments (task_id) WHERE status = 'todo' AND user_id IS NULL;
-- The agenda reads the open set (small) by due time; history pages walk the
-- closed set newest first (keyset on closed_at, assignment_id).
CREATE INDEX task_assignments_open_due_idx
  ON app_data.task_assignments (due_at, assignment_id) WHERE status = 'todo';
CREATE INDEX task_assignments_history_idx
  ON app_data.task_assignments (closed_at DESC, assignment_id DESC) WHERE status <> 'todo';
CREATE INDEX task_assignments_task_history_idx
  ON app_data.task_assignments (task_id, closed_at DESC) WHERE status <> 'todo';
CREATE INDEX task_assignments_acted_by_idx ON app_data.task_assignments (acted_by);
CREATE INDEX task_assignments_created_from_idx ON app_data.task_assignments (created_from);

-- Away periods, in the household's local dates (inclusive): rotation and
-- pools skip a member who is away on the due date.
CREATE TABLE app_data.away_periods (
  away_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id   bigint NOT NULL REFERENCES app_data.users (user_id),
  starts_on date   NOT NULL,
  ends_on   date   NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT away_periods_order CHECK (ends_on >= starts_on),
  CONSTRAINT away_periods_length CHECK (ends_on - starts_on <= 366)
);
CREATE INDEX away_periods_user_idx ON app_data.away_periods (user_id, ends_on);

-- Swapping a turn: the assignee offers an open occurrence to another member,
-- who accepts or declines.
CREATE TABLE app_data.swap_offers (
  offer_id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  assignment_id bigint NOT NULL REFERENCES app_data.task_assignments (assignment_id) ON DELETE CASCADE,
  from_user_id  bigint NOT NULL REFERENCES app_data.users (user_id),
  to_user_id    bigint NOT NULL REFERENCES app_data.users (user_id),
  status        text   NOT NULL DEFAULT 'pending'
                CONSTRAINT swap_offers_status CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  CONSTRAINT swap_offers_to_someone_else CHECK (to_user_id <> from_user_id),
  CONSTRAINT swap_offers_decided CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX swap_offers_one_pending ON app_data.swap_offers (assignment_id) WHERE status = 'pending';
CREATE INDEX swap_offers_from_user_idx ON app_data.swap_offers (from_user_id);
CREATE INDEX swap_offers_to_user_idx ON app_data.swap_offers (to_user_id) WHERE status = 'pending';

-- A member's calendar feed is read without a session (phone calendars
-- cannot sign in): a secret key, stored only as its SHA-256.
CREATE TABLE app_data.calendar_feeds (
  user_id    bigint PRIMARY KEY REFERENCES app_data.users (user_id),
  key_sha256 bytea  NOT NULL CONSTRAINT calendar_feeds_key_length CHECK (octet_length(key_sha256) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX calendar_feeds_key_idx ON app_data.calendar_feeds (key_sha256);

ALTER TABLE app_data.task_pool ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_data.away_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_data.swap_offers ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_data.calendar_feeds ENABLE ROW LEVEL SECURITY;

-- Reading: one household, one board — pools, away periods and swap offers
-- are visible to every signed-in member. Feed keys are not readable at all
-- (only their owner's definer functions touch them).
REVOKE ALL ON app_data.calendar_feeds FROM api_authenticated;
CREATE POLICY task_pool_read ON app_data.task_pool
  FOR SELECT TO api_authenticated USING (app_functions.current_user_id() IS NOT NULL);
CREATE POLICY away_periods_read ON app_data.away_periods
  FOR SELECT TO api_authenticated USING (app_functions.current_user_id() IS NOT NULL);
CREATE POLICY swap_offers_read ON app_data.swap_offers
  FOR SELECT TO api_authenticated USING (app_functions.current_user_id() IS NOT NULL);

-- Writing chores: admins (as for tasks).
GRANT INSERT, DELETE ON app_data.task_pool TO api_authenticated;
CREATE POLICY task_pool_admin_insert ON app_data.task_pool
  FOR INSERT TO api_authenticated WITH CHECK (app_functions.current_user_is_admin());
CREATE POLICY task_pool_admin_delete ON app_data.task_pool
  FOR DELETE TO api_authenticated USING (app_functions.current_user_is_admin());
GRANT INSERT (schedule_kind, rrule, schedule_start, interval_count, interval_unit, after_task_id, after_hours,
              assignee_mode, fixed_user_id, rotation_strategy, requires_approval),
      UPDATE (schedule_kind, rrule, schedule_start, interval_count, interval_unit, after_task_id, after_hours,
              assignee_mode, fixed_user_id, rotation_strategy, requires_approval)
  ON app_data.tasks TO api_authenticated;

-- Away periods: a member sets their own, an admin anyone's.
GRANT INSERT (user_id, starts_on, ends_on), DELETE ON app_data.away_periods TO api_authenticated;
CREATE POLICY away_periods_own_or_admin_insert ON app_data.away_periods
  FOR INSERT TO api_authenticated
  WITH CHECK (user_id = app_functions.current_user_id() OR app_functions.current_user_is_admin());
CREATE POLICY away_periods_own_or_admin_delete ON app_data.away_periods
  FOR DELETE TO api_authenticated
  USING (user_id = app_functions.current_user_id() OR app_functions.current_user_is_admin());

-- Swap offers: only the assignee offers their own open occurrence; only the
-- addressee decides (the offerer may cancel).
GRANT INSERT (assignment_id, from_user_id, to_user_id), UPDATE (status, decided_at)
  ON app_data.swap_offers TO api_authenticated;
CREATE POLICY swap_offers_assignee_offers ON app_data.swap_offers
  FOR INSERT TO api_authenticated
  WITH CHECK (from_user_id = app_functions.current_user_id()
              AND EXISTS (SELECT 1 FROM app_data.task_assignments a
                          WHERE a.assignment_id = swap_offers.assignment_id
                            AND a.user_id = app_functions.current_user_id() AND a.status = 'todo'));
CREATE POLICY swap_offers_parties_decide ON app_data.swap_offers
  FOR UPDATE TO api_authenticated
  USING (status = 'pending'
         AND app_functions.current_user_id() IN (to_user_id, from_user_id))
  WITH CHECK ((status IN ('accepted', 'declined') AND to_user_id = app_functions.current_user_id())
              OR (status = 'cancelled' AND from_user_id = app_functions.current_user_id()));

-- Occurrences. The old "assignee completes" policy allowed only the
-- completed_at step; acting on an occurrence now covers complete, skip,
-- claim and undo, so it is replaced. Which transitions are legal at all is
-- the status trigger's business (db/api); who may make them is decided here.
DROP POLICY task_assignments_assignee_completes ON app_data.task_assignments;
DROP POLICY task_assignments_admin_reviews ON app_data.task_assignments;
GRANT UPDATE (user_id, status, completed_at, closed_at, acted_by, acted_at, note, due_at)
  ON app_data.task_assignments TO api_authenticated;
GRANT INSERT (status, due_at, created_from) ON app_data.task_assignments TO api_authenticated;

CREATE FUNCTION app_functions.in_task_pool(p_task_id bigint, p_user_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM app_data.task_pool p WHERE p.task_id = p_task_id AND p.user_id = p_user_id)
$$;
GRANT EXECUTE ON FUNCTION app_functions.in_task_pool(bigint, bigint) TO api_authenticated;

CREATE FUNCTION app_functions.has_pending_swap_to(p_assignment_id bigint, p_user_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM app_data.swap_offers o
                 WHERE o.assignment_id = p_assignment_id AND o.to_user_id = p_user_id AND o.status = 'pending')
$$;
GRANT EXECUTE ON FUNCTION app_functions.has_pending_swap_to(bigint, bigint) TO api_authenticated;

-- The member acts on their own open occurrence (complete, skip), claims an
-- unclaimed one from a pool they are in, or takes back their own action
-- within ten minutes; the row always stays theirs.
CREATE POLICY task_assignments_member_acts ON app_data.task_assignments
  FOR UPDATE TO api_authenticated
  USING ((status = 'todo'
          AND (user_id = app_functions.current_user_id()
               OR (user_id IS NULL AND app_functions.in_task_pool(task_id, app_functions.current_user_id()))))
         OR (status IN ('waiting', 'done', 'skipped')
             AND acted_by = app_functions.current_user_id()
             AND acted_at > now() - interval '10 minutes'))
  WITH CHECK (user_id = app_functions.current_user_id()
              AND status IN ('todo', 'waiting', 'done', 'skipped')
              AND (acted_by IS NULL OR acted_by = app_functions.current_user_id())
              AND is_approved IS NULL);
-- Accepting a swap moves the occurrence to the one it was offered to.
CREATE POLICY task_assignments_swap_accepted ON app_data.task_assignments
  FOR UPDATE TO api_authenticated
  USING (status = 'todo' AND app_functions.has_pending_swap_to(assignment_id, app_functions.current_user_id()))
  WITH CHECK (status = 'todo' AND user_id = app_functions.current_user_id());
-- Admins manage every occurrence; reviewing one's own work stays impossible
-- (task_assignments_no_self_review).
CREATE POLICY task_assignments_admin_manages ON app_data.task_assignments
  FOR UPDATE TO api_authenticated
  USING (app_functions.current_user_is_admin())
  WITH CHECK (app_functions.current_user_is_admin()
              AND (reviewed_by IS NULL OR reviewed_by = app_functions.current_user_id()));
-- Admins may also remove an occurrence nobody has acted on (an undo's
-- follow-up, a mistaken assignment).
GRANT DELETE ON app_data.task_assignments TO api_authenticated;
CREATE POLICY task_assignments_admin_deletes_untouched ON app_data.task_assignments
  FOR DELETE TO api_authenticated
  USING (app_functions.current_user_is_admin() AND status = 'todo' AND acted_by IS NULL);

GRANT USAGE ON SEQUENCE app_data.away_periods_away_id_seq, app_data.swap_offers_offer_id_seq
  TO api_authenticated;

-- migrate:down
DROP POLICY task_assignments_admin_deletes_untouched ON app_data.task_assignments;
REVOKE DELETE ON app_data.task_assignments FROM api_authenticated;
DROP POLICY task_assignments_admin_manages ON app_data.task_assignments;
DROP POLICY task_assignments_swap_accepted ON app_data.task_assignments;
DROP POLICY task_assignments_member_acts ON app_data.task_assignments;
DROP FUNCTION app_functions.has_pending_swap_to(bigint, bigint);
DROP FUNCTION app_functions.in_task_pool(bigint, bigint);
DROP TABLE app_data.calendar_feeds;
DROP TABLE app_data.swap_offers;
DROP TABLE app_data.away_periods;
DROP TABLE app_data.task_pool;
DROP INDEX app_data.task_assignments_one_open;
DELETE FROM app_data.task_assignments WHERE user_id IS NULL OR status IN ('skipped', 'missed', 'done');
CREATE UNIQUE INDEX task_assignments_one_open
  ON app_data.task_assignments (task_id, user_id) WHERE completed_at IS NULL;
ALTER TABLE app_data.task_assignments
  DROP CONSTRAINT task_assignments_status_columns,
  DROP CONSTRAINT task_assignments_closed_when_not_todo,
  ALTER COLUMN user_id SET NOT NULL,
  DROP COLUMN status, DROP COLUMN due_at, DROP COLUMN closed_at, DROP COLUMN acted_by,
  DROP COLUMN acted_at, DROP COLUMN note, DROP COLUMN created_from;
ALTER TABLE app_data.tasks
  DROP COLUMN schedule_kind, DROP COLUMN rrule, DROP COLUMN schedule_start, DROP COLUMN interval_count,
  DROP COLUMN interval_unit, DROP COLUMN after_task_id, DROP COLUMN after_hours, DROP COLUMN assignee_mode,
  DROP COLUMN fixed_user_id, DROP COLUMN rotation_strategy, DROP COLUMN requires_approval;
CREATE POLICY task_assignments_assignee_completes ON app_data.task_assignments
  FOR UPDATE TO api_authenticated
  USING (user_id = app_functions.current_user_id() AND completed_at IS NULL)
  WITH CHECK (user_id = app_functions.current_user_id() AND is_approved IS NULL);
CREATE POLICY task_assignments_admin_reviews ON app_data.task_assignments
  FOR UPDATE TO api_authenticated
  USING (app_functions.current_user_is_admin()
         AND completed_at IS NOT NULL AND is_approved IS NULL
         AND user_id <> app_functions.current_user_id())
  WITH CHECK (reviewed_by = app_functions.current_user_id()
              AND user_id <> app_functions.current_user_id());
