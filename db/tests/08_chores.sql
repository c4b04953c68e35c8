-- The chore engine's data rules hold whatever path data comes in by (even
-- app_owner's own SQL): an occurrence's status agrees with its columns, a
-- member has one open occurrence per due time, pools are ordered, swap
-- offers move through their states once, a schedule names everything it
-- needs. Then the status changes the trigger allows, and the RLS policies
-- that decide who may act on an occurrence (docs/DESIGN.md, "Chore engine").
BEGIN;
SELECT plan(70);

\ir include/as_member.sql
SET LOCAL ROLE app_owner;

-- Fixtures: a one-off chore with one open occurrence for user2 (due
-- tomorrow), one closed ("done") for user2, an unclaimed occurrence of an
-- anyone-chore whose pool is user1 and user2. Ids kept in settings so the
-- statements below can name them.
INSERT INTO app_data.tasks (task_name, created_by) VALUES ('pgTAP chore', 4);
INSERT INTO app_data.tasks (task_name, created_by, schedule_kind, interval_count, interval_unit, assignee_mode)
VALUES ('pgTAP anyone chore', 4, 'interval', 1, 'weeks', 'anyone');
SELECT set_config('pgtap.task', (SELECT task_id FROM app_data.tasks WHERE task_name = 'pgTAP chore')::text, true);
SELECT set_config('pgtap.any_task', (SELECT task_id FROM app_data.tasks WHERE task_name = 'pgTAP anyone chore')::text, true);
INSERT INTO app_data.task_pool (task_id, user_id, position)
VALUES (current_setting('pgtap.any_task')::bigint, 1, 0), (current_setting('pgtap.any_task')::bigint, 2, 1);
INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, due_at)
VALUES (current_setting('pgtap.task')::bigint, 2, 4, now() + interval '1 day');
SELECT set_config('pgtap.open', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);
INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, due_at, status, completed_at, closed_at, acted_by, acted_at)
VALUES (current_setting('pgtap.task')::bigint, 2, 4, now() - interval '1 day', 'done', now(), now(), 2, now());
SELECT set_config('pgtap.done', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);
INSERT INTO app_data.task_assignments (task_id, user_id, due_at)
VALUES (current_setting('pgtap.any_task')::bigint, NULL, now() + interval '2 days');
SELECT set_config('pgtap.unclaimed', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);

-- Migration 0008 kept the guide's data: its tasks are one-offs assigned by
-- hand, each with approval as before.
SELECT is(
  (SELECT array_agg(DISTINCT format('%s/%s/%s', schedule_kind, assignee_mode, requires_approval))
   FROM app_data.tasks WHERE task_id BETWEEN 1 AND 6),
  ARRAY['once/fixed/t'], 'the sample tasks are once/fixed chores that need approval');

-- Status and the columns it summarises.
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'finished')$$,
  '23514', NULL, 'an unknown status is rejected');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, completed_at)
                   VALUES (current_setting('pgtap.task')::bigint, 3, now())$$,
  '23514', NULL, 'an open (todo) occurrence cannot carry a completion time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, closed_at)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'waiting', now())$$,
  '23514', NULL, 'a waiting occurrence needs a completion time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, completed_at, closed_at)
                   VALUES (current_setting('pgtap.task')::bigint, NULL, 'done', now(), now())$$,
  '23514', NULL, 'a completed occurrence belongs to a member');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, completed_at, closed_at, is_approved)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'approved', now(), now(), false)$$,
  '23514', NULL, 'approved means is_approved is true');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, completed_at, closed_at, is_approved)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'rejected', now(), now(), true)$$,
  '23514', NULL, 'rejected means is_approved is false');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, completed_at, closed_at)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'skipped', now(), now())$$,
  '23514', NULL, 'a skipped occurrence has no completion time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, closed_at, is_approved)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'missed', now(), false)$$,
  '23514', NULL, 'a missed occurrence has no review');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status)
                   VALUES (current_setting('pgtap.task')::bigint, 3, 'skipped')$$,
  '23514', NULL, 'a closed occurrence has a closing time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, closed_at)
                   VALUES (current_setting('pgtap.task')::bigint, 3, now())$$,
  '23514', NULL, 'an open occurrence has no closing time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, note)
                   VALUES (current_setting('pgtap.task')::bigint, 3, repeat('n', 501))$$,
  '23514', NULL, 'a note over 500 characters is rejected');
SELECT lives_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, status, closed_at, due_at)
                  VALUES (current_setting('pgtap.task')::bigint, 3, 'missed', now(), now() - interval '3 days')$$,
  'a missed occurrence: closed, never completed, never reviewed');

-- One open occurrence per member and due time; one unclaimed per chore.
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, due_at)
                   SELECT task_id, user_id, due_at FROM app_data.task_assignments
                   WHERE assignment_id = current_setting('pgtap.open')::bigint$$,
  '23505', NULL, 'a second open occurrence for the same member and due time is rejected');
SELECT lives_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, due_at)
                  SELECT task_id, user_id, due_at + interval '1 week' FROM app_data.task_assignments
                  WHERE assignment_id = current_setting('pgtap.open')::bigint$$,
  'the same member may have the next due time open beside it');
SELECT lives_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, due_at)
                  SELECT task_id, user_id, due_at FROM app_data.task_assignments
                  WHERE assignment_id = current_setting('pgtap.done')::bigint$$,
  'a closed occurrence does not block an open one with its due time (a rejection''s redo)');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id)
                   VALUES (current_setting('pgtap.task')::bigint, 1), (current_setting('pgtap.task')::bigint, 1)$$,
  '23505', NULL, 'undated open occurrences count as the same due time');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id, due_at)
                   VALUES (current_setting('pgtap.any_task')::bigint, NULL, now() + interval '9 days')$$,
  '23505', NULL, 'a chore has at most one unclaimed open occurrence');

-- Pools: each member once, positions unique and bounded.
SELECT throws_ok($$INSERT INTO app_data.task_pool (task_id, user_id, position)
                   VALUES (current_setting('pgtap.any_task')::bigint, 3, 1)$$,
  '23505', NULL, 'two pool members cannot share a position');
SELECT throws_ok($$INSERT INTO app_data.task_pool (task_id, user_id, position)
                   VALUES (current_setting('pgtap.any_task')::bigint, 2, 5)$$,
  '23505', NULL, 'a member is in a pool once');
SELECT throws_ok($$INSERT INTO app_data.task_pool (task_id, user_id, position)
                   VALUES (current_setting('pgtap.any_task')::bigint, 3, -1)$$,
  '23514', NULL, 'a negative pool position is rejected');
SELECT throws_ok($$INSERT INTO app_data.task_pool (task_id, user_id, position)
                   VALUES (current_setting('pgtap.any_task')::bigint, 3, 1001)$$,
  '23514', NULL, 'a pool position over 1000 is rejected');
SELECT throws_ok($$INSERT INTO app_data.task_pool (task_id, user_id, position)
                   VALUES (current_setting('pgtap.any_task')::bigint, 999999, 7)$$,
  '23503', NULL, 'a pool member must exist');

-- Swap offers: pending until decided, once; never to oneself.
SELECT throws_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
                   VALUES (current_setting('pgtap.open')::bigint, 2, 2)$$,
  '23514', NULL, 'a swap offer goes to someone else');
SELECT throws_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id, status)
                   VALUES (current_setting('pgtap.open')::bigint, 2, 1, 'maybe')$$,
  '23514', NULL, 'an unknown swap offer status is rejected');
SELECT throws_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id, decided_at)
                   VALUES (current_setting('pgtap.open')::bigint, 2, 1, now())$$,
  '23514', NULL, 'a pending offer has no decision time');
SELECT throws_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id, status)
                   VALUES (current_setting('pgtap.open')::bigint, 2, 1, 'accepted')$$,
  '23514', NULL, 'a decided offer has a decision time');
SELECT lives_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
                  VALUES (current_setting('pgtap.open')::bigint, 2, 1)$$,
  'a pending offer');
SELECT throws_ok($$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
                   VALUES (current_setting('pgtap.open')::bigint, 2, 3)$$,
  '23505', NULL, 'an occurrence has at most one pending offer');
SELECT lives_ok($$UPDATE app_data.swap_offers SET status = 'declined', decided_at = now()
                  WHERE assignment_id = current_setting('pgtap.open')::bigint AND status = 'pending';
                  INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
                  VALUES (current_setting('pgtap.open')::bigint, 2, 3)$$,
  'once declined, the occurrence may be offered again');

-- Schedules name what they need; the rest stays empty.
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind) VALUES ('pgTAP s1', 'hourly')$$,
  '23514', NULL, 'an unknown schedule kind is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, schedule_start)
                   VALUES ('pgTAP s2', 'calendar', '2026-01-01 08:00')$$,
  '23514', NULL, 'a calendar schedule needs a rule');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, rrule) VALUES ('pgTAP s3', 'calendar', 'FREQ=DAILY')$$,
  '23514', NULL, 'a calendar schedule needs a start');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, interval_count) VALUES ('pgTAP s4', 'interval', 3)$$,
  '23514', NULL, 'an interval schedule needs a unit');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, interval_unit) VALUES ('pgTAP s5', 'adaptive', 'days')$$,
  '23514', NULL, 'an adaptive schedule needs a first interval');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, after_task_id) VALUES ('pgTAP s6', 'after_task', 1)$$,
  '23514', NULL, 'an after_task schedule needs its hours');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, after_hours) VALUES ('pgTAP s7', 'after_task', 2)$$,
  '23514', NULL, 'an after_task schedule needs the chore it follows');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, rrule) VALUES ('pgTAP s8', 'FREQ=DAILY')$$,
  '23514', NULL, 'a one-off has no rule');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, interval_count, interval_unit) VALUES ('pgTAP s9', 1, 'days')$$,
  '23514', NULL, 'a one-off has no interval');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, interval_count, interval_unit)
                   VALUES ('pgTAP s10', 'interval', 0, 'days')$$,
  '23514', NULL, 'an interval of 0 is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, interval_count, interval_unit)
                   VALUES ('pgTAP s11', 'interval', 1001, 'days')$$,
  '23514', NULL, 'an interval over 1000 is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, interval_count, interval_unit)
                   VALUES ('pgTAP s12', 'interval', 1, 'fortnights')$$,
  '23514', NULL, 'an unknown interval unit is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, after_task_id, after_hours)
                   VALUES ('pgTAP s13', 'after_task', 1, 8761)$$,
  '23514', NULL, 'more than a year after the other chore is rejected');
SELECT throws_ok($$UPDATE app_data.tasks SET schedule_kind = 'after_task', after_task_id = task_id, after_hours = 1
                   WHERE task_id = current_setting('pgtap.task')::bigint$$,
  '23514', NULL, 'a chore cannot follow itself');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, assignee_mode) VALUES ('pgTAP s14', 'rotation')$$,
  '23514', NULL, 'a rotation needs a strategy');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, rotation_strategy) VALUES ('pgTAP s15', 'round_robin')$$,
  '23514', NULL, 'only a rotation has a strategy');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, assignee_mode, rotation_strategy)
                   VALUES ('pgTAP s16', 'rotation', 'alphabetical')$$,
  '23514', NULL, 'an unknown rotation strategy is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, assignee_mode, fixed_user_id) VALUES ('pgTAP s17', 'anyone', 1)$$,
  '23514', NULL, 'only a fixed chore has a fixed member');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, assignee_mode) VALUES ('pgTAP s18', 'somebody')$$,
  '23514', NULL, 'an unknown assignee mode is rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, schedule_kind, rrule, schedule_start)
                   VALUES ('pgTAP s19', 'calendar', repeat('X', 501), '2026-01-01 08:00')$$,
  '23514', NULL, 'a rule over 500 characters is rejected');

-- Away periods: in order, at most a year.
SELECT throws_ok($$INSERT INTO app_data.away_periods (user_id, starts_on, ends_on) VALUES (1, '2026-05-02', '2026-05-01')$$,
  '23514', NULL, 'an away period ends on or after its first day');
SELECT throws_ok($$INSERT INTO app_data.away_periods (user_id, starts_on, ends_on) VALUES (1, '2026-01-01', '2027-01-03')$$,
  '23514', NULL, 'an away period lasts at most a year');

-- Status changes the trigger allows (RLS decides who; this, which).
SELECT throws_ok($$UPDATE app_data.task_assignments SET status = 'approved', completed_at = now(), closed_at = now(),
                   is_approved = true, reviewed_by = 4, reviewed_at = now()
                   WHERE assignment_id = current_setting('pgtap.open')::bigint$$,
  'PGRST', NULL, 'an open occurrence cannot be approved without being completed');
SELECT throws_ok($$UPDATE app_data.task_assignments SET status = 'waiting'
                   WHERE assignment_id = current_setting('pgtap.done')::bigint$$,
  'PGRST', NULL, 'a done occurrence cannot be sent for review');
SELECT throws_ok($$UPDATE app_data.task_assignments SET status = 'todo', closed_at = NULL
                   WHERE task_id = current_setting('pgtap.task')::bigint AND status = 'missed'$$,
  'PGRST', NULL, 'a missed occurrence cannot be reopened');
SELECT lives_ok($$UPDATE app_data.task_assignments SET status = 'skipped', closed_at = now(), acted_by = 2, acted_at = now()
                  WHERE assignment_id = current_setting('pgtap.open')::bigint$$,
  'an open occurrence can be skipped');
SELECT lives_ok($$UPDATE app_data.task_assignments SET status = 'todo', closed_at = NULL, acted_by = NULL, acted_at = NULL
                  WHERE assignment_id = current_setting('pgtap.open')::bigint$$,
  'and the skip undone');

-- The policies on occurrences: the guide's two were replaced by these.
SELECT is(
  (SELECT array_agg(policyname::text ORDER BY policyname) FROM pg_policies
   WHERE schemaname = 'app_data' AND tablename = 'task_assignments' AND cmd IN ('UPDATE', 'DELETE', 'INSERT')),
  ARRAY['task_assignments_admin_assign', 'task_assignments_admin_deletes_untouched', 'task_assignments_admin_manages',
        'task_assignments_member_acts', 'task_assignments_swap_accepted'],
  'occurrences are changed under exactly the chore engine''s policies');

-- What RLS lets a member (user1) and an admin (id 4) do, row by row.
RESET ROLE;
SELECT is(pg_temp.as_member(1, $$UPDATE app_data.task_assignments
                                 SET status = 'skipped', closed_at = now(), acted_by = 1, acted_at = now()
                                 WHERE assignment_id = current_setting('pgtap.open')::bigint$$),
  '0 rows', 'a member cannot close another member''s occurrence');
SELECT is(pg_temp.as_member(2, $$UPDATE app_data.task_assignments SET user_id = 1
                                 WHERE assignment_id = current_setting('pgtap.open')::bigint$$),
  '42501', 'a member cannot hand their occurrence to someone else');
SELECT is(pg_temp.as_member(1, $$UPDATE app_data.task_assignments SET note = 'mine now'
                                 WHERE assignment_id = current_setting('pgtap.done')::bigint$$),
  '0 rows', 'a member cannot touch another member''s finished work');
SELECT is(pg_temp.as_member(3, $$UPDATE app_data.task_assignments SET user_id = 3
                                 WHERE assignment_id = current_setting('pgtap.unclaimed')::bigint$$),
  '0 rows', 'a member outside the pool cannot claim an unclaimed occurrence');
SELECT is(pg_temp.as_member(1, $$UPDATE app_data.task_assignments SET user_id = 2
                                 WHERE assignment_id = current_setting('pgtap.unclaimed')::bigint$$),
  '42501', 'a pool member cannot hand an unclaimed occurrence to someone else');
SELECT is(pg_temp.as_member(1, $$UPDATE app_data.task_assignments SET user_id = 1
                                 WHERE assignment_id = current_setting('pgtap.unclaimed')::bigint$$),
  '1 rows', 'a pool member can claim an unclaimed occurrence');
SELECT is(pg_temp.as_member(1, $$DELETE FROM app_data.task_assignments
                                 WHERE assignment_id = current_setting('pgtap.unclaimed')::bigint$$),
  '0 rows', 'a member cannot delete an occurrence');
SELECT is(pg_temp.as_member(1, $$INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
                                 VALUES (current_setting('pgtap.open')::bigint, 1, 3)$$),
  '42501', 'a member cannot offer someone else''s occurrence');
SELECT is(pg_temp.as_member(1, $$INSERT INTO app_data.away_periods (user_id, starts_on, ends_on)
                                 VALUES (2, current_date, current_date)$$),
  '42501', 'a member cannot set another member away');
SELECT is(pg_temp.as_member(1, $$INSERT INTO app_data.task_pool (task_id, user_id, position)
                                 VALUES (current_setting('pgtap.any_task')::bigint, 3, 9)$$),
  '42501', 'a member cannot change a pool');
SELECT is(pg_temp.as_member(4, $$DELETE FROM app_data.task_assignments
                                 WHERE assignment_id = current_setting('pgtap.done')::bigint$$),
  '0 rows', 'an admin cannot delete an occurrence someone has acted on');
SELECT is(pg_temp.as_member(4, $$DELETE FROM app_data.task_assignments
                                 WHERE assignment_id = current_setting('pgtap.unclaimed')::bigint$$),
  '1 rows', 'an admin can delete an occurrence nobody has acted on');

SELECT * FROM finish();
ROLLBACK;
