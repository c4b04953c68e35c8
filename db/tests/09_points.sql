-- Points (docs/DESIGN.md, "Points and rewards"): the ledger is append-only
-- for everyone, balances follow it and never go below zero, each kind of
-- entry has its shape, an occurrence credits exactly what its state says
-- however often it changes, and RLS lets nobody award themselves anything.
BEGIN;
SELECT plan(57);

\ir include/as_member.sql
-- What the ledger holds for a member, and what their balance row says.
CREATE FUNCTION pg_temp.ledger_sum(p_user_id bigint) RETURNS bigint
LANGUAGE sql AS $$ SELECT coalesce(sum(amount), 0) FROM app_data.points_ledger WHERE user_id = p_user_id $$;
CREATE FUNCTION pg_temp.balance(p_user_id bigint) RETURNS bigint
LANGUAGE sql AS $$ SELECT coalesce((SELECT balance FROM app_data.point_balances WHERE user_id = p_user_id), 0) $$;
CREATE FUNCTION pg_temp.occurrence_sum(p_assignment_id bigint, p_user_id bigint) RETURNS bigint
LANGUAGE sql AS $$
  SELECT coalesce(sum(amount), 0) FROM app_data.points_ledger
  WHERE assignment_id = p_assignment_id AND user_id = p_user_id
$$;
SET LOCAL ROLE app_owner;

-- Members of this file's own (9001..9003), so no balance from elsewhere
-- (the sample household, other files) counts.
INSERT INTO app_data.users (user_id, username, password_hash)
VALUES (9001, 'pgtap_points_a', '$2a$06$x'), (9002, 'pgtap_points_b', '$2a$06$x'), (9003, 'pgtap_points_c', '$2a$06$x');

-- The shape of things.
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'app_data'::regnamespace
             AND c.relname IN ('points_ledger', 'point_balances', 'rewards', 'redemptions') AND c.relrowsecurity),
          ARRAY['point_balances', 'points_ledger', 'redemptions', 'rewards'], 'RLS is on for every points table');
SELECT ok(NOT has_table_privilege('api_authenticated', 'app_data.points_ledger', 'UPDATE, DELETE, TRUNCATE'),
          'no request role may change or remove a ledger row');
SELECT ok(NOT has_any_column_privilege('api_authenticated', 'app_data.point_balances', 'INSERT, UPDATE')
          AND NOT has_table_privilege('api_authenticated', 'app_data.point_balances', 'DELETE, TRUNCATE'),
          'no request role may write a balance');
SELECT ok(NOT has_column_privilege('api_authenticated', 'app_data.points_ledger', 'assignment_id', 'INSERT')
          AND NOT has_column_privilege('api_authenticated', 'app_data.points_ledger', 'task_id', 'INSERT'),
          'no request may write an occurrence''s credit itself (only the reconciling trigger does)');
SELECT ok(NOT has_column_privilege('api_authenticated', 'app_data.redemptions', 'cost', 'UPDATE')
          AND NOT has_column_privilege('api_authenticated', 'app_data.redemptions', 'user_id', 'UPDATE'),
          'a redemption''s cost and member are fixed once asked');
SELECT is((SELECT count(*)::int FROM pg_trigger
           WHERE tgrelid = 'app_data.task_assignments'::regclass AND tgname LIKE 'task_assignments_settle_points%'),
          3, 'occurrences are settled on insert, on a change of status or member, and on removal');

-- Constraints, whatever path a row comes by.
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, 0, 'adjustment', 'x')$$,
  '23514', NULL, 'an entry of zero points is refused');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, 5, 'bonus', 'x')$$,
  '23514', NULL, 'an unknown kind is refused');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, 5, 'adjustment', '')$$,
  '23514', NULL, 'an adjustment needs a reason');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, assignment_id) VALUES (9001, -5, 'earned', 1)$$,
  '23514', NULL, 'earned points are positive');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, assignment_id) VALUES (9001, 5, 'reversed', 1)$$,
  '23514', NULL, 'a reversal takes points back');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind) VALUES (9001, 5, 'earned')$$,
  '23514', NULL, 'earned points name their occurrence');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, -1, 'adjustment', 'x')$$,
  '23514', NULL, 'a balance cannot go below zero (nothing to take from)');
SELECT throws_ok($$INSERT INTO app_data.rewards (name, cost) VALUES ('Free', 0)$$,
  '23514', NULL, 'a reward costs something');
SELECT throws_ok($$INSERT INTO app_data.rewards (name, cost, stock) VALUES ('Negative', 5, -1)$$,
  '23514', NULL, 'stock is never negative');

INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, 30, 'adjustment', 'pgTAP start');
INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, -12, 'adjustment', 'pgTAP take');
SELECT is(pg_temp.balance(9001), 18::bigint, 'the balance follows the ledger''s inserts');
SELECT is(pg_temp.balance(9001), pg_temp.ledger_sum(9001), 'the balance equals the ledger''s sum');
SELECT throws_ok($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9001, -19, 'adjustment', 'x')$$,
  '23514', NULL, 'taking more than the balance holds is refused');

-- Append-only, also for the owner.
SELECT throws_ok($$UPDATE app_data.points_ledger SET amount = 1000 WHERE user_id = 9001$$,
  '42501', NULL, 'a ledger row cannot be changed, even by its owner');
SELECT throws_ok($$DELETE FROM app_data.points_ledger WHERE user_id = 9001$$,
  '42501', NULL, 'a ledger row cannot be removed, even by its owner');
SELECT throws_ok($$TRUNCATE app_data.points_ledger CASCADE$$,
  '42501', NULL, 'the ledger cannot be emptied, even by its owner');
SELECT throws_ok($$UPDATE app_data.point_balances SET balance = 1000 WHERE user_id = 9001$$,
  '42501', NULL, 'a balance is not set directly, even by its owner');
SELECT throws_ok($$INSERT INTO app_data.point_balances (user_id, balance) VALUES (9002, 1000)$$,
  '42501', NULL, 'a balance is not created directly, even by its owner');

-- Reconciliation. A chore worth 7 points with a penalty of 5; one
-- occurrence for member 9002, no approval needed.
INSERT INTO app_data.tasks (task_name, created_by, points, penalty_points, requires_approval)
VALUES ('pgTAP points chore', 4, 7, 5, false);
SELECT set_config('pgtap.task', (SELECT task_id FROM app_data.tasks WHERE task_name = 'pgTAP points chore')::text, true);
INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by)
VALUES (current_setting('pgtap.task')::bigint, 9002, 4);
SELECT set_config('pgtap.occ', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);

UPDATE app_data.task_assignments SET status = 'done', completed_at = now(), closed_at = now()
WHERE assignment_id = current_setting('pgtap.occ')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9002), 7::bigint, 'done: the member earns the points');
UPDATE app_data.task_assignments SET status = 'todo', completed_at = NULL, closed_at = NULL
WHERE assignment_id = current_setting('pgtap.occ')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9002), 0::bigint, 'undone: they are taken back');
UPDATE app_data.task_assignments SET status = 'done', completed_at = now(), closed_at = now()
WHERE assignment_id = current_setting('pgtap.occ')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9002), 7::bigint, 'done again: earned once more, not twice');
SELECT is((SELECT array_agg(kind || ' ' || amount ORDER BY entry_id) FROM app_data.points_ledger
           WHERE assignment_id = current_setting('pgtap.occ')::bigint),
          ARRAY['earned 7', 'reversed -7', 'earned 7'], 'each step is a row of its own');
UPDATE app_data.tasks SET points = 100 WHERE task_id = current_setting('pgtap.task')::bigint;
UPDATE app_data.task_assignments SET user_id = 9003 WHERE assignment_id = current_setting('pgtap.occ')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9002), 0::bigint,
  'another member now: the first one''s points are taken back');
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9003), 100::bigint,
  '... and the new member earns (at the chore''s points now)');
UPDATE app_data.task_assignments SET user_id = 9003 WHERE assignment_id = current_setting('pgtap.occ')::bigint;
UPDATE app_data.task_assignments SET note = 'touched' WHERE assignment_id = current_setting('pgtap.occ')::bigint;
SELECT is((SELECT count(*)::int FROM app_data.points_ledger WHERE assignment_id = current_setting('pgtap.occ')::bigint),
          5, 'a change that moves nothing writes nothing');
UPDATE app_data.tasks SET points = 7 WHERE task_id = current_setting('pgtap.task')::bigint;

-- Approval: waiting earns nothing, approved earns, a review undone takes
-- back, rejected earns nothing.
UPDATE app_data.tasks SET requires_approval = true WHERE task_id = current_setting('pgtap.task')::bigint;
INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, due_at)
VALUES (current_setting('pgtap.task')::bigint, 9002, 4, now());
SELECT set_config('pgtap.rev', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);
UPDATE app_data.task_assignments SET status = 'waiting', completed_at = now(), closed_at = now()
WHERE assignment_id = current_setting('pgtap.rev')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.rev')::bigint, 9002), 0::bigint, 'waiting for approval: nothing yet');
UPDATE app_data.task_assignments SET status = 'approved', is_approved = true, reviewed_by = 4, reviewed_at = now()
WHERE assignment_id = current_setting('pgtap.rev')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.rev')::bigint, 9002), 7::bigint, 'approved: earned');
UPDATE app_data.task_assignments SET status = 'waiting', is_approved = NULL, reviewed_by = NULL, reviewed_at = NULL
WHERE assignment_id = current_setting('pgtap.rev')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.rev')::bigint, 9002), 0::bigint, 'review undone: taken back');
UPDATE app_data.task_assignments SET status = 'rejected', is_approved = false, reviewed_by = 4, reviewed_at = now()
WHERE assignment_id = current_setting('pgtap.rev')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.rev')::bigint, 9002), 0::bigint, 'rejected: nothing');

-- Taking back points already spent fails, and changes nothing.
SELECT set_config('pgtap.spend', (-pg_temp.balance(9003))::text, true);
INSERT INTO app_data.points_ledger (user_id, amount, kind, reason)
VALUES (9003, current_setting('pgtap.spend')::integer, 'adjustment', 'pgTAP spend it all');
SELECT throws_ok($$UPDATE app_data.task_assignments SET status = 'todo', completed_at = NULL, closed_at = NULL
                   WHERE assignment_id = current_setting('pgtap.occ')::bigint$$,
  'PGRST', NULL, 'undoing an occurrence whose points were spent is refused');
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.occ')::bigint, 9003), 100::bigint, '... and the credit stays');

-- Penalties: a missed occurrence costs the penalty, clamped to what the
-- member has; removing it gives the penalty back.
SELECT is(pg_temp.balance(9002), 0::bigint, 'the member has nothing left from the steps above');
INSERT INTO app_data.points_ledger (user_id, amount, kind, reason) VALUES (9002, 7, 'adjustment', 'pgTAP pocket money');
INSERT INTO app_data.task_assignments (task_id, user_id, due_at, status, closed_at)
VALUES (current_setting('pgtap.task')::bigint, 9002, now() - interval '2 days', 'missed', now() - interval '2 days');
SELECT set_config('pgtap.missed', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.missed')::bigint, 9002), -5::bigint, 'missed: the penalty is charged');
INSERT INTO app_data.task_assignments (task_id, user_id, due_at, status, closed_at)
VALUES (current_setting('pgtap.task')::bigint, 9002, now() - interval '3 days', 'missed', now() - interval '3 days');
SELECT set_config('pgtap.missed2', (SELECT max(assignment_id) FROM app_data.task_assignments)::text, true);
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.missed2')::bigint, 9002), -2::bigint,
  'a penalty beyond the balance is clamped to it (recording a miss never fails)');
SELECT is(pg_temp.balance(9002), 0::bigint, '... leaving zero');
DELETE FROM app_data.task_assignments WHERE assignment_id = current_setting('pgtap.missed')::bigint;
SELECT is(pg_temp.occurrence_sum(current_setting('pgtap.missed')::bigint, 9002), 0::bigint,
  'a missed occurrence removed (its undo): the penalty is given back');
SELECT is(pg_temp.balance(9002), 5::bigint, '... to the balance');

-- After all of it, every balance is its ledger's sum.
SELECT is((SELECT count(*)::int FROM app_data.users u
           WHERE pg_temp.balance(u.user_id) <> pg_temp.ledger_sum(u.user_id)), 0,
          'every balance equals the sum of its ledger');

-- What RLS lets requests do.
RESET ROLE;
SELECT is(pg_temp.as_member(1, $$SELECT 1 FROM app_data.points_ledger WHERE user_id <> 1$$), '0 rows',
  'a member reads only their own ledger rows');
SELECT is(pg_temp.as_member(1, $$SELECT 1 FROM app_data.point_balances WHERE user_id <> 1$$), '0 rows',
  'a member reads only their own balance');
SELECT is(pg_temp.as_member(4, $$SELECT 1 FROM app_data.points_ledger WHERE user_id = 9002$$) <> '0 rows', true,
  'an admin reads everyone''s');
SELECT is(pg_temp.as_member(1, $$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, created_by)
                                 VALUES (1, 50, 'adjustment', 'me', 1)$$), '42501',
  'a member cannot adjust their own points');
SELECT is(pg_temp.as_member(1, $$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, created_by)
                                 VALUES (2, 50, 'adjustment', 'friend', 1)$$), '42501',
  'a member cannot adjust anyone''s points');
SELECT is(pg_temp.as_member(4, $$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, created_by)
                                 VALUES (4, 50, 'adjustment', 'me', 4)$$), '42501',
  'an admin cannot adjust their own points');
SELECT is(pg_temp.as_member(4, $$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, created_by)
                                 VALUES (1, 3, 'adjustment', 'pgTAP well done', 4)$$), '1 rows',
  'an admin adjusts a member''s points');

INSERT INTO app_data.rewards (name, cost, stock, created_by) VALUES ('pgTAP cinema', 10, 1, 4);
SELECT set_config('pgtap.reward', (SELECT reward_id FROM app_data.rewards WHERE name = 'pgTAP cinema')::text, true);
SELECT is(pg_temp.as_member(1, format($$INSERT INTO app_data.redemptions (reward_id, user_id, cost) VALUES (%s, 1, 1)$$,
                                      current_setting('pgtap.reward'))), '42501',
  'a member cannot ask for a reward below its price');
SELECT is(pg_temp.as_member(1, format($$INSERT INTO app_data.redemptions (reward_id, user_id, cost) VALUES (%s, 2, 10)$$,
                                      current_setting('pgtap.reward'))), '42501',
  'a member asks only for themselves');
SELECT is(pg_temp.as_member(1, format($$INSERT INTO app_data.redemptions (reward_id, user_id, cost) VALUES (%s, 1, 10)$$,
                                      current_setting('pgtap.reward'))), '1 rows',
  'a member asks for a reward at its price');
SELECT set_config('pgtap.redemption', (SELECT max(redemption_id) FROM app_data.redemptions)::text, true);
SELECT is(pg_temp.as_member(2, format($$UPDATE app_data.redemptions SET status = 'cancelled', decided_by = 2,
                                        decided_at = now() WHERE redemption_id = %s$$, current_setting('pgtap.redemption'))),
  '0 rows', 'another member cannot cancel it');
SELECT is(pg_temp.as_member(1, format($$UPDATE app_data.redemptions SET status = 'approved', decided_by = 1,
                                        decided_at = now() WHERE redemption_id = %s$$, current_setting('pgtap.redemption'))),
  '42501', 'the member cannot approve it');
SELECT is(pg_temp.as_member(4, format($$UPDATE app_data.redemptions SET status = 'approved', decided_by = 4,
                                        decided_at = now() WHERE redemption_id = %s$$, current_setting('pgtap.redemption'))),
  '1 rows', 'an admin approves it');
SELECT is(pg_temp.as_member(4, format($$INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, redemption_id, created_by)
                                        VALUES (1, -1, 'redemption', 'x', %s, 4)$$, current_setting('pgtap.redemption'))),
  '42501', 'its spend is exactly its cost');

SELECT * FROM finish();
ROLLBACK;
