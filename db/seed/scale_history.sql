-- A household at scale, for the reading tests (tests/tests/chores_read.rs)
-- and `make bench` only, never deploy.sh: 20 members, 200 chores of every
-- schedule kind and assignee mode, 100,000 closed occurrences spread over
-- the last two years, and an open set like a busy household's (a few
-- overdue, most due within three weeks, some one-offs without a date, a
-- few pending swap offers).
--
-- Runs as app_owner (the tables' owner, so RLS does not apply) after the
-- sample household (db/seed/dev_seed.sql) is loaded. Plain SQL without psql
-- meta-commands, so tests can send it with `psql -c`. Loads once: a second
-- run finds scale_m01 and does nothing. Deterministic apart from now().
-- Run `VACUUM ANALYZE app_data.task_assignments` after it (outside its
-- transaction) before measuring anything: the cards' update leaves a dead
-- row version behind for every occurrence.
DO $seed$
DECLARE
  v_members bigint[];
  v_admins bigint[];
  v_tasks bigint[];
  v_zone text := app_functions.household_time_zone();
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.users WHERE username = 'scale_m01') THEN
    RETURN;
  END IF;
  PERFORM setseed(0.4242);

  -- 16 more members (scale_m01 a second admin, so an admin's own work can
  -- be reviewed), password "password123" hashed cheaply: nobody signs in
  -- as them in the benchmark, and bcrypt cost 10 would take seconds.
  INSERT INTO app_data.users (username, password_hash, is_admin)
  SELECT format('scale_m%s', to_char(i, 'FM00')), public.crypt('password123', public.gen_salt('bf', 4)), i = 1
  FROM generate_series(1, 16) i;
  SELECT array_agg(user_id ORDER BY user_id) INTO v_members
  FROM (SELECT user_id FROM app_data.users WHERE removed_at IS NULL ORDER BY user_id LIMIT 20) m;
  SELECT array_agg(user_id ORDER BY user_id) INTO v_admins
  FROM app_data.users WHERE is_admin AND removed_at IS NULL;

  -- 200 chores: half on calendar rules, the rest interval, adaptive,
  -- one-off and chained; assignees fixed, rotating, anyone or everyone.
  INSERT INTO app_data.tasks (task_name, description, created_by, schedule_kind, rrule, schedule_start,
                              interval_count, interval_unit, assignee_mode, fixed_user_id, rotation_strategy,
                              requires_approval)
  SELECT format('Scale chore %s', to_char(i, 'FM000')),
         format('Chore %s of the scale household: wipe, sort, "check"; repeat.', i),
         v_admins[1], k.kind,
         CASE WHEN k.kind = 'calendar' THEN (ARRAY['FREQ=WEEKLY;BYDAY=MO', 'FREQ=DAILY', 'FREQ=MONTHLY;BYMONTHDAY=1',
                                                   'FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA'])[i % 5 + 1] END,
         CASE WHEN k.kind = 'calendar' THEN ((now() AT TIME ZONE v_zone)::date - 730) + time '18:00' END,
         CASE WHEN k.kind IN ('interval', 'adaptive') THEN 1 + i % 7 END,
         CASE WHEN k.kind IN ('interval', 'adaptive') THEN 'days' END,
         m.mode,
         CASE WHEN m.mode = 'fixed' THEN v_members[i % 20 + 1] END,
         CASE WHEN m.mode = 'rotation' THEN 'round_robin' END,
         i % 3 <> 0
  FROM generate_series(1, 200) i
  CROSS JOIN LATERAL (SELECT CASE WHEN i % 10 < 5 THEN 'calendar' WHEN i % 10 < 7 THEN 'interval'
                                  WHEN i % 10 = 7 THEN 'adaptive' ELSE 'once' END AS kind) k
  CROSS JOIN LATERAL (SELECT (ARRAY['fixed', 'fixed', 'fixed', 'rotation', 'rotation', 'anyone', 'everyone'])[i % 7 + 1]
                             AS mode) m;
  SELECT array_agg(task_id ORDER BY task_id) INTO v_tasks FROM app_data.tasks WHERE task_name LIKE 'Scale chore %';

  -- Pools of five for rotation, anyone and everyone.
  INSERT INTO app_data.task_pool (task_id, user_id, position)
  SELECT t.task_id, v_members[(t.n + k * 4) % 20 + 1], k
  FROM (SELECT task_id, row_number() OVER (ORDER BY task_id) AS n FROM app_data.tasks
        WHERE task_id = ANY (v_tasks) AND assignee_mode <> 'fixed') t
  CROSS JOIN generate_series(0, 4) k;

  -- 100,000 closed occurrences, closed at any moment of the last two years
  -- (waiting ones in the last week: approval does not take months). With
  -- the row triggers off: rendered one by one, the cards cost ten times
  -- what one set-based update below does, and the points triggers have
  -- nothing to settle (every seeded chore is worth 0 points).
  ALTER TABLE app_data.task_assignments DISABLE TRIGGER USER;
  INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, assigned_at, status, due_at, closed_at,
                                         completed_at, is_approved, reviewed_by, reviewed_at, acted_by, acted_at, note)
  -- (Every third missed one was never claimed: no member.)
  SELECT r.task_id, CASE WHEN r.status = 'missed' AND r.n % 3 = 0 THEN NULL ELSE r.user_id END,
         v_admins[1], r.due_at - interval '3 days', r.status, r.due_at, r.closed_at,
         CASE WHEN r.status IN ('waiting', 'done', 'approved', 'rejected') THEN r.closed_at END,
         CASE r.status WHEN 'approved' THEN true WHEN 'rejected' THEN false END,
         CASE WHEN r.status IN ('approved', 'rejected')
              THEN CASE WHEN r.user_id = v_admins[1] THEN v_admins[2] ELSE v_admins[1] END END,
         CASE WHEN r.status IN ('approved', 'rejected') THEN r.closed_at + interval '5 hours' END,
         CASE WHEN r.status <> 'missed' THEN r.user_id END,
         CASE WHEN r.status <> 'missed' THEN r.closed_at END,
         CASE WHEN r.n % 10 = 0 THEN (ARRAY['Done, but the sponge is worn out', 'Used the new "eco" cleaner',
                                            '=1+1 looked odd on the list', 'Skipped: away, sorry'])[r.n / 10 % 4 + 1]
              ELSE '' END
  FROM (SELECT g.n, v_tasks[1 + floor(random() * 200)::int] AS task_id,
               v_members[1 + floor(random() * 20)::int] AS user_id,
               s.status,
               c.closed_at, c.closed_at - random() * interval '2 days' AS due_at
        FROM generate_series(1, 100000) g(n)
        -- (g.n keeps the draw per row: an uncorrelated subquery runs once.)
        CROSS JOIN LATERAL (SELECT random() + 0 * g.n AS r) x
        CROSS JOIN LATERAL (SELECT CASE WHEN x.r < 0.55 THEN 'approved' WHEN x.r < 0.75 THEN 'done'
                                        WHEN x.r < 0.79 THEN 'rejected' WHEN x.r < 0.87 THEN 'skipped'
                                        WHEN x.r < 0.97 THEN 'missed' ELSE 'waiting' END AS status) s
        CROSS JOIN LATERAL (SELECT now() - random() * CASE WHEN s.status = 'waiting' THEN interval '7 days'
                                                              ELSE interval '730 days' END AS closed_at) c) r;

  UPDATE app_data.task_assignments a SET card = app_functions.occurrence_card(a) WHERE a.card IS NULL;
  ALTER TABLE app_data.task_assignments ENABLE TRIGGER USER;

  -- The open set: one occurrence per chore (everyone-chores: one per pool
  -- member, anyone-chores: unclaimed), due from three days ago to three
  -- weeks ahead; half the one-offs have no due date.
  INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, status, due_at)
  SELECT t.task_id, o.user_id, v_admins[1], 'todo', d.due_at
  FROM app_data.tasks t
  CROSS JOIN LATERAL (SELECT CASE WHEN t.schedule_kind = 'once' AND t.task_id % 2 = 0 THEN NULL
                                  ELSE now() + (random() * 24 - 3) * interval '1 day' END AS due_at) d
  CROSS JOIN LATERAL (
    SELECT p.user_id FROM app_data.task_pool p WHERE p.task_id = t.task_id AND t.assignee_mode = 'everyone'
    UNION ALL
    SELECT CASE WHEN t.assignee_mode = 'anyone' THEN NULL
                ELSE coalesce(t.fixed_user_id, (SELECT p.user_id FROM app_data.task_pool p
                                                WHERE p.task_id = t.task_id ORDER BY p.position LIMIT 1),
                              v_members[t.task_id % 20 + 1]) END
    WHERE t.assignee_mode <> 'everyone') o
  WHERE t.task_id = ANY (v_tasks);

  -- A few turns offered to someone else.
  INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
  SELECT a.assignment_id, a.user_id, v_members[(array_position(v_members, a.user_id) % 20) + 1]
  FROM app_data.task_assignments a
  WHERE a.status = 'todo' AND a.user_id IS NOT NULL AND a.task_id = ANY (v_tasks) AND a.task_id % 17 = 0;
END
$seed$;

ANALYZE app_data.users, app_data.tasks, app_data.task_pool, app_data.task_assignments, app_data.swap_offers;
