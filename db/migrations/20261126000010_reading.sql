-- migrate:up
-- Reading the chores at scale (docs/DESIGN.md, "Reading the chore
-- history"): the agenda and history pages must answer within 1.2x of the
-- trivial request. Rendering an occurrence as JSON at read time (joins for
-- the chore's and members' names, four timestamps) cost ten times what
-- reading the page's keys does, so each occurrence keeps its rendered JSON
-- object, its card, written with the row: a trigger in
-- db/api/46_occurrence_cards.sql renders it on every insert and update,
-- and re-renders a chore's or member's cards when a name they show
-- changes. Reads concatenate cards. NULL only until the API layer, applied
-- right after the migrations in the same deploy, renders every card.
ALTER TABLE app_data.task_assignments ADD COLUMN card text;

-- Which renderer wrote the cards: the API layer re-renders every card on
-- deploy when db/api's renderer differs (a one-row table, owner only).
CREATE TABLE app_data.read_model (
  only_row      boolean PRIMARY KEY DEFAULT true CONSTRAINT read_model_one_row CHECK (only_row),
  card_renderer text
);
INSERT INTO app_data.read_model DEFAULT VALUES;
ALTER TABLE app_data.read_model ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app_data.read_model FROM api_authenticated;

-- History pages filtered by member or by status walk the closed set newest
-- first like the unfiltered ones (task_assignments_history_idx), so each
-- filter gets the same keyset order behind its own leading column: without
-- them a page of a member's or of a rare status (rejected: 4 % of the rows)
-- reads thousands of other rows to find 50. A chore's filter has
-- task_assignments_task_history_idx already.
CREATE INDEX task_assignments_user_history_idx
  ON app_data.task_assignments (user_id, closed_at DESC, assignment_id DESC) WHERE status <> 'todo';
CREATE INDEX task_assignments_status_history_idx
  ON app_data.task_assignments (status, closed_at DESC, assignment_id DESC) WHERE status <> 'todo';
-- One member's agenda: their open occurrences, and the unclaimed ones
-- (user_id IS NULL), without reading the household's whole open set.
CREATE INDEX task_assignments_open_user_idx
  ON app_data.task_assignments (user_id, due_at) WHERE status = 'todo';

-- The agenda leaves archived chores out: a probe of the few archived ones
-- instead of a scan of every chore per request.
CREATE INDEX tasks_archived_idx ON app_data.tasks (task_id) WHERE archived_at IS NOT NULL;

-- migrate:down
-- The API layer's triggers write the column: they go with it.
DROP TRIGGER IF EXISTS task_assignments_zz_render_card ON app_data.task_assignments;
DROP TRIGGER IF EXISTS tasks_rerender_cards ON app_data.tasks;
DROP TRIGGER IF EXISTS users_rerender_cards ON app_data.users;
DROP INDEX app_data.tasks_archived_idx;
DROP INDEX app_data.task_assignments_open_user_idx;
DROP INDEX app_data.task_assignments_status_history_idx;
DROP INDEX app_data.task_assignments_user_history_idx;
DROP TABLE app_data.read_model;
ALTER TABLE app_data.task_assignments DROP COLUMN card;
