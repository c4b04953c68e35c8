-- The guide's sample household, for the local dev stack and tests only:
-- deploy.sh never loads it. Runs as app_owner; loads once (skips when any
-- user exists), so restarting the stack keeps what you changed.
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO app_data.users (user_id, username, password_hash, is_admin)
SELECT v.user_id, v.username, public.crypt('password123', public.gen_salt('bf', 10)), v.is_admin
FROM (VALUES (1, 'user1', false), (2, 'user2', false), (3, 'user3', false), (4, 'admin', true))
     AS v(user_id, username, is_admin)
WHERE NOT EXISTS (SELECT 1 FROM app_data.users);

INSERT INTO app_data.tasks (task_id, task_name, description, created_by)
SELECT v.task_id, v.task_name, v.description, 4
FROM (VALUES
  (1, 'Kitchen Cleaning', 'Clean the kitchen surfaces and floor.'),
  (2, 'Bathroom Cleaning', 'Clean the toilet, shower, and sink.'),
  (3, 'Living Room Tidying', 'Tidy up the living room area.'),
  (4, 'Trash Duty', 'Take out the trash and recycling.'),
  (5, 'Vacuuming', 'Vacuum all carpets and rugs.'),
  (6, 'Dishwashing', 'Wash all dirty dishes.')) AS v(task_id, task_name, description)
WHERE NOT EXISTS (SELECT 1 FROM app_data.tasks);

INSERT INTO app_data.task_assignments (assignment_id, task_id, user_id, assigned_by)
SELECT v.assignment_id, v.task_id, v.user_id, 4
FROM (VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 1), (5, 5, 2), (6, 6, 3))
     AS v(assignment_id, task_id, user_id)
WHERE NOT EXISTS (SELECT 1 FROM app_data.task_assignments);

-- Explicit ids above: move the identity sequences past them.
SELECT setval(pg_get_serial_sequence('app_data.users', 'user_id'), (SELECT max(user_id) FROM app_data.users));
SELECT setval(pg_get_serial_sequence('app_data.tasks', 'task_id'), (SELECT max(task_id) FROM app_data.tasks));
SELECT setval(pg_get_serial_sequence('app_data.task_assignments', 'assignment_id'),
              (SELECT max(assignment_id) FROM app_data.task_assignments));
-- Recurring chores, created the way the app creates them (as the admin,
-- through api.create_chore), so their first due dates come from the engine
-- and sit around today. A little history behind them makes the first run
-- look lived in.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.tasks WHERE schedule_kind <> 'once') THEN
    RETURN;
  END IF;
  PERFORM set_config('request.jwt.claims', '{"role": "api_authenticated", "user_id": 4}', true);
  PERFORM set_config('request.method', 'POST', true);
  PERFORM api.create_chore(p_task_name => 'Do the dishes', p_description => 'Load or wash, wipe the counter.',
    p_schedule_kind => 'calendar', p_rrule => 'FREQ=DAILY', p_start => to_char(current_date - 14, 'YYYY-MM-DD') || 'T20:00',
    p_assignee_mode => 'rotation', p_pool => ARRAY[1, 2, 3]::bigint[], p_rotation_strategy => 'round_robin',
    p_requires_approval => false);
  PERFORM api.create_chore(p_task_name => 'Vacuum the flat', p_description => 'All rooms, under the sofa too.',
    p_schedule_kind => 'calendar', p_rrule => 'FREQ=WEEKLY;BYDAY=SA', p_start => to_char(current_date - 28, 'YYYY-MM-DD') || 'T10:00',
    p_assignee_mode => 'rotation', p_pool => ARRAY[1, 2, 3]::bigint[], p_rotation_strategy => 'least_completed');
  PERFORM api.create_chore(p_task_name => 'Mop the kitchen floor', p_description => 'After vacuuming, once it is dry.',
    p_schedule_kind => 'after_task', p_after_task_id => (SELECT task_id FROM app_data.tasks WHERE task_name = 'Vacuum the flat'),
    p_after_hours => 2, p_assignee_mode => 'rotation', p_pool => ARRAY[3, 2, 1]::bigint[], p_rotation_strategy => 'round_robin');
  PERFORM api.create_chore(p_task_name => 'Deep-clean the bathroom', p_description => 'Tiles, grout, shower head, mirror.',
    p_schedule_kind => 'calendar', p_rrule => 'FREQ=MONTHLY;BYDAY=1SA', p_start => to_char(current_date - 60, 'YYYY-MM-DD') || 'T11:00',
    p_assignee_mode => 'rotation', p_pool => ARRAY[2, 3, 1]::bigint[], p_rotation_strategy => 'round_robin');
  PERFORM api.create_chore(p_task_name => 'Take out the bins', p_description => 'Rubbish and recycling to the kerb.',
    p_schedule_kind => 'calendar', p_rrule => 'FREQ=WEEKLY;BYDAY=MO,TH', p_start => to_char(current_date - 21, 'YYYY-MM-DD') || 'T19:00',
    p_assignee_mode => 'rotation', p_pool => ARRAY[1, 2, 3]::bigint[], p_rotation_strategy => 'round_robin',
    p_requires_approval => false);
  PERFORM api.create_chore(p_task_name => 'Tidy your own room', p_description => 'Floor clear, bed made.',
    p_schedule_kind => 'calendar', p_rrule => 'FREQ=WEEKLY;BYDAY=SA', p_start => to_char(current_date - 28, 'YYYY-MM-DD') || 'T12:00',
    p_assignee_mode => 'everyone', p_pool => ARRAY[1, 2, 3]::bigint[], p_requires_approval => false);
  PERFORM api.create_chore(p_task_name => 'Water the plants', p_description => 'Every plant on the windowsills.',
    p_schedule_kind => 'interval', p_interval_count => 3, p_interval_unit => 'days',
    p_start => to_char(current_date, 'YYYY-MM-DD') || 'T09:00',
    p_assignee_mode => 'anyone', p_pool => ARRAY[1, 2, 3]::bigint[], p_requires_approval => false);
  PERFORM api.create_chore(p_task_name => 'Clean the fridge', p_description => 'Throw out what has gone off, wipe the shelves.',
    p_schedule_kind => 'adaptive', p_interval_count => 2, p_interval_unit => 'weeks',
    p_start => to_char(current_date + 10, 'YYYY-MM-DD') || 'T18:00', p_assignee_mode => 'fixed', p_user_id => 2);

  -- Two weeks of dish duty behind us: mostly done, one missed.
  INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, assigned_at, due_at, status,
                                         completed_at, closed_at, acted_by, acted_at)
  SELECT t.task_id, 1 + d % 3, 4, due - interval '1 day', due,
         CASE WHEN d = 4 THEN 'missed' ELSE 'done' END,
         CASE WHEN d = 4 THEN NULL ELSE due + interval '25 minutes' END,
         due + interval '25 minutes',
         CASE WHEN d = 4 THEN NULL ELSE 1 + d % 3 END,
         CASE WHEN d = 4 THEN NULL ELSE due + interval '25 minutes' END
  FROM app_data.tasks t,
       generate_series(1, 14) d,
       LATERAL (SELECT app_functions.local_instant((current_date - d) + time '20:00',
                                                   app_functions.household_time_zone()) AS due) x
  WHERE t.task_name = 'Do the dishes';
END
$$;

COMMIT;
