-- Who does an occurrence: claiming (anyone-chores), reassigning (admins),
-- swapping a turn between members, and away periods. SECURITY INVOKER: the
-- policies on task_assignments, swap_offers and away_periods decide; each
-- change names the state it expects and answers 409 when the row moved on.

CREATE OR REPLACE FUNCTION api.claim_assignment(p_assignment_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
BEGIN
  PERFORM app_functions.require_post();
  IF NOT app_functions.in_task_pool(v_assignment.task_id, v_user_id) THEN
    PERFORM app_functions.api_error(403, 'Only members of this chore''s pool can claim it');
  END IF;
  UPDATE app_data.task_assignments a SET user_id = v_user_id
  WHERE a.assignment_id = v_assignment.assignment_id AND a.status = 'todo' AND a.user_id IS NULL;
  PERFORM app_functions.require_changed(FOUND, 'This occurrence is already taken or no longer open');
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
END
$$;

-- Pending offers of an occurrence that is no longer the offerer's (or no
-- longer open) can never be accepted: they are cancelled. The offer rows
-- are the two parties' to change (RLS), so an admin's reassignment needs
-- this definer; it cancels nothing that could still be accepted.
CREATE OR REPLACE FUNCTION app_functions.cancel_stale_swaps(p_assignment_id bigint)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
  UPDATE app_data.swap_offers o SET status = 'cancelled', decided_at = now()
  FROM app_data.task_assignments a
  WHERE o.assignment_id = p_assignment_id AND o.status = 'pending' AND a.assignment_id = o.assignment_id
    AND (a.status <> 'todo' OR a.user_id IS DISTINCT FROM o.from_user_id)
$$;
GRANT EXECUTE ON FUNCTION app_functions.cancel_stale_swaps(bigint) TO api_authenticated;

CREATE OR REPLACE FUNCTION api.reassign_assignment(p_assignment_id bigint DEFAULT NULL, p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint;
  v_assignment app_data.task_assignments;
  v_user_id bigint;
BEGIN
  v_admin_id := app_functions.require_admin_post('reassign occurrences');
  v_assignment := app_functions.existing_assignment(p_assignment_id);
  v_user_id := app_functions.active_member_id(p_user_id);
  UPDATE app_data.task_assignments a SET user_id = v_user_id
  WHERE a.assignment_id = v_assignment.assignment_id AND a.status = 'todo';
  PERFORM app_functions.require_changed(FOUND, 'This occurrence is no longer open');
  PERFORM app_functions.cancel_stale_swaps(v_assignment.assignment_id);
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'This member already has this occurrence open');
END
$$;

CREATE OR REPLACE FUNCTION app_functions.swap_offer_json(p_offer_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT json_build_object('offer_id', o.offer_id, 'assignment_id', o.assignment_id,
                           'from_user_id', o.from_user_id, 'to_user_id', o.to_user_id,
                           'status', o.status, 'created_at', o.created_at, 'decided_at', o.decided_at)
  FROM app_data.swap_offers o WHERE o.offer_id = p_offer_id
$$;

CREATE OR REPLACE FUNCTION api.offer_swap(p_assignment_id bigint DEFAULT NULL, p_to_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
  v_to_user_id bigint := app_functions.active_member_id(app_functions.required_id(p_to_user_id, 'To user id'));
  v_offer_id bigint;
BEGIN
  PERFORM app_functions.require_post();
  IF v_assignment.user_id IS DISTINCT FROM v_user_id THEN
    PERFORM app_functions.api_error(403, 'Only the assigned member can offer this occurrence');
  END IF;
  IF v_to_user_id = v_user_id THEN
    PERFORM app_functions.api_error(400, 'Offer it to someone else', NULL, 'p_to_user_id');
  END IF;
  IF v_assignment.status <> 'todo' THEN
    PERFORM app_functions.api_error(409, 'This occurrence is no longer open');
  END IF;
  INSERT INTO app_data.swap_offers (assignment_id, from_user_id, to_user_id)
  VALUES (v_assignment.assignment_id, v_user_id, v_to_user_id)
  RETURNING offer_id INTO v_offer_id;
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.swap_offer_json(v_offer_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'This occurrence is already offered', 'Wait for an answer or cancel the offer');
END
$$;

-- The addressee accepts (the occurrence becomes theirs, if it is still
-- open and still the offerer's) or declines; the offerer may cancel.
CREATE OR REPLACE FUNCTION app_functions.decide_swap(p_offer_id bigint, p_status text)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_offer app_data.swap_offers;
BEGIN
  PERFORM app_functions.require_post();
  SELECT * INTO v_offer FROM app_data.swap_offers o WHERE o.offer_id = app_functions.required_id(p_offer_id, 'Offer id');
  PERFORM app_functions.require_found(v_offer.offer_id IS NOT NULL, 'This swap offer does not exist', 'Offer id',
                                      p_offer_id);
  IF (p_status = 'cancelled' AND v_offer.from_user_id <> v_user_id)
     OR (p_status <> 'cancelled' AND v_offer.to_user_id <> v_user_id) THEN
    PERFORM app_functions.api_error(403, CASE WHEN p_status = 'cancelled' THEN 'Only the member who offered can cancel'
                                              ELSE 'Only the member it was offered to can answer' END);
  END IF;
  IF p_status = 'accepted' THEN
    -- Before the offer is closed: the policy that lets the addressee take
    -- the occurrence looks for a pending offer.
    UPDATE app_data.task_assignments a SET user_id = v_user_id
    WHERE a.assignment_id = v_offer.assignment_id AND a.status = 'todo' AND a.user_id = v_offer.from_user_id;
    PERFORM app_functions.require_changed(FOUND, 'This occurrence is no longer open or no longer theirs');
  END IF;
  UPDATE app_data.swap_offers o SET status = p_status, decided_at = now()
  WHERE o.offer_id = v_offer.offer_id AND o.status = 'pending';
  PERFORM app_functions.require_changed(FOUND, 'This swap offer has already been answered');
  RETURN app_functions.swap_offer_json(v_offer.offer_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'You already have this occurrence open');
END
$$;

CREATE OR REPLACE FUNCTION api.accept_swap(p_offer_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.decide_swap(p_offer_id, 'accepted') $$;

CREATE OR REPLACE FUNCTION api.decline_swap(p_offer_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.decide_swap(p_offer_id, 'declined') $$;

CREATE OR REPLACE FUNCTION api.cancel_swap(p_offer_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.decide_swap(p_offer_id, 'cancelled') $$;

-- Away periods in household-local dates. Open rotation turns due while the
-- member is away move on to whoever is next (the engine's choice); their
-- turns in an everyone-chore are skipped.
CREATE OR REPLACE FUNCTION app_functions.hand_on_turns_of_away(p_user_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_turn record;
BEGIN
  IF p_user_id <> app_functions.current_user_id() AND NOT app_functions.current_user_is_admin() THEN
    PERFORM app_functions.api_error(403, 'Only household admins can change another member''s away periods');
  END IF;
  FOR v_turn IN
    SELECT a.assignment_id, a.due_at, t AS task
    FROM app_data.task_assignments a JOIN app_data.tasks t ON t.task_id = a.task_id
    WHERE a.user_id = p_user_id AND a.status = 'todo' AND a.acted_by IS NULL
      AND t.assignee_mode IN ('rotation', 'everyone')
      AND NOT EXISTS (SELECT 1 FROM app_functions.available_pool(a.task_id, a.due_at) c WHERE c.user_id = p_user_id)
  LOOP
    IF (v_turn.task).assignee_mode = 'everyone' THEN
      UPDATE app_data.task_assignments a SET status = 'skipped', closed_at = now(), note = 'away'
      WHERE a.assignment_id = v_turn.assignment_id;
    ELSE
      UPDATE app_data.task_assignments a
      SET user_id = coalesce(app_functions.next_in_rotation(v_turn.task, v_turn.due_at, p_user_id), a.user_id)
      WHERE a.assignment_id = v_turn.assignment_id;
    END IF;
    UPDATE app_data.swap_offers o SET status = 'cancelled', decided_at = now()
    WHERE o.assignment_id = v_turn.assignment_id AND o.status = 'pending';
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION api.set_away(p_starts_on date DEFAULT NULL, p_ends_on date DEFAULT NULL,
                                        p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_member_id bigint := coalesce(p_user_id, v_user_id);
  v_away_id bigint;
BEGIN
  PERFORM app_functions.require_post();
  IF v_member_id <> v_user_id THEN
    PERFORM app_functions.require_admin('set another member''s away periods');
    PERFORM app_functions.active_member_id(v_member_id);
  END IF;
  IF p_starts_on IS NULL OR p_ends_on IS NULL THEN
    PERFORM app_functions.api_error(400, 'An away period needs a first and a last day', 'Give p_starts_on and p_ends_on',
                                    CASE WHEN p_starts_on IS NULL THEN 'p_starts_on' ELSE 'p_ends_on' END);
  END IF;
  IF p_ends_on < p_starts_on OR p_ends_on - p_starts_on > 366 THEN
    PERFORM app_functions.api_error(400, 'An away period ends on or after its first day, within a year', NULL, 'p_ends_on');
  END IF;
  INSERT INTO app_data.away_periods (user_id, starts_on, ends_on)
  VALUES (v_member_id, p_starts_on, p_ends_on)
  RETURNING away_id INTO v_away_id;
  PERFORM app_functions.hand_on_turns_of_away(v_member_id);
  PERFORM set_config('response.status', '201', true);
  RETURN (SELECT row_to_json(w) FROM (SELECT away_id, user_id, starts_on, ends_on FROM app_data.away_periods
                                      WHERE away_id = v_away_id) w);
END
$$;

CREATE OR REPLACE FUNCTION api.remove_away(p_away_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
BEGIN
  PERFORM app_functions.require_post();
  DELETE FROM app_data.away_periods w WHERE w.away_id = app_functions.required_id(p_away_id, 'Away id');
  PERFORM app_functions.require_found(FOUND, 'This away period does not exist or is not yours', 'Away id', p_away_id);
  RETURN json_build_object('away_id', p_away_id, 'removed', true);
END
$$;

CREATE OR REPLACE VIEW api.away_periods WITH (security_invoker = true) AS
SELECT w.away_id, w.user_id, u.username, w.starts_on, w.ends_on
FROM app_data.away_periods w JOIN app_data.users u ON u.user_id = w.user_id;

CREATE OR REPLACE VIEW api.swap_offers WITH (security_invoker = true) AS
SELECT o.offer_id, o.assignment_id, t.task_name, a.due_at, o.from_user_id, f.username AS from_username,
       o.to_user_id, tu.username AS to_username, o.status, o.created_at, o.decided_at
FROM app_data.swap_offers o
JOIN app_data.task_assignments a ON a.assignment_id = o.assignment_id
JOIN app_data.tasks t ON t.task_id = a.task_id
JOIN app_data.users f ON f.user_id = o.from_user_id
JOIN app_data.users tu ON tu.user_id = o.to_user_id;

REVOKE ALL ON api.away_periods, api.swap_offers FROM PUBLIC, api_anon, api_publisher;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON api.away_periods, api.swap_offers FROM api_authenticated;
GRANT SELECT ON api.away_periods, api.swap_offers TO api_authenticated;
CREATE OR REPLACE TRIGGER away_periods_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.away_periods
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();
CREATE OR REPLACE TRIGGER swap_offers_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.swap_offers
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();

GRANT EXECUTE ON FUNCTION app_functions.swap_offer_json(bigint), app_functions.decide_swap(bigint, text),
  app_functions.hand_on_turns_of_away(bigint) TO api_authenticated;
GRANT EXECUTE ON FUNCTION api.claim_assignment(bigint), api.reassign_assignment(bigint, bigint),
  api.offer_swap(bigint, bigint), api.accept_swap(bigint), api.decline_swap(bigint), api.cancel_swap(bigint),
  api.set_away(date, date, bigint), api.remove_away(bigint) TO api_authenticated;
