-- The reward store: admins define rewards, members ask for them, admins
-- approve (which spends the points through the ledger) or decline.
-- SECURITY INVOKER: the policies on rewards, redemptions and points_ledger
-- (migration 20261126000011_points.sql) decide; each state change names the
-- state it expects and answers 409 when the row has moved on.

CREATE OR REPLACE VIEW api.rewards WITH (security_invoker = true) AS
SELECT w.reward_id, w.name, w.description, w.cost, w.stock,
       w.archived_at IS NOT NULL AS is_archived, w.archived_at, w.created_at
FROM app_data.rewards w;

CREATE OR REPLACE VIEW api.redemptions WITH (security_invoker = true) AS
SELECT r.redemption_id, r.reward_id, w.name AS reward_name, r.user_id, u.username, r.cost, r.status,
       r.created_at, r.decided_by, d.username AS decided_by_username, r.decided_at
FROM app_data.redemptions r
JOIN app_data.rewards w ON w.reward_id = r.reward_id
JOIN app_data.users u ON u.user_id = r.user_id
LEFT JOIN app_data.users d ON d.user_id = r.decided_by;

REVOKE ALL ON api.rewards, api.redemptions FROM PUBLIC, api_anon, api_publisher;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON api.rewards, api.redemptions FROM api_authenticated;
GRANT SELECT ON api.rewards, api.redemptions TO api_authenticated;
CREATE OR REPLACE TRIGGER rewards_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.rewards
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();
CREATE OR REPLACE TRIGGER redemptions_read_only INSTEAD OF INSERT OR UPDATE OR DELETE ON api.redemptions
  FOR EACH ROW EXECUTE FUNCTION app_functions.refuse_view_write();

CREATE OR REPLACE FUNCTION app_functions.reward_json(p_reward_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$ SELECT row_to_json(w) FROM api.rewards w WHERE w.reward_id = p_reward_id $$;

CREATE OR REPLACE FUNCTION app_functions.redemption_json(p_redemption_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$ SELECT row_to_json(r) FROM api.redemptions r WHERE r.redemption_id = p_redemption_id $$;

CREATE OR REPLACE FUNCTION app_functions.existing_reward(p_reward_id bigint)
RETURNS app_data.rewards
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_reward app_data.rewards;
BEGIN
  SELECT * INTO v_reward FROM app_data.rewards w WHERE w.reward_id = app_functions.required_id(p_reward_id, 'Reward id');
  PERFORM app_functions.require_found(v_reward.reward_id IS NOT NULL, 'This reward does not exist', 'Reward id',
                                      p_reward_id);
  RETURN v_reward;
END
$$;

-- Members see only their own redemptions (RLS): someone else's is "not
-- found" to them, as it would be if it did not exist.
CREATE OR REPLACE FUNCTION app_functions.existing_redemption(p_redemption_id bigint)
RETURNS app_data.redemptions
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_redemption app_data.redemptions;
BEGIN
  SELECT * INTO v_redemption FROM app_data.redemptions r
  WHERE r.redemption_id = app_functions.required_id(p_redemption_id, 'Redemption id');
  PERFORM app_functions.require_found(v_redemption.redemption_id IS NOT NULL, 'This redemption does not exist',
                                      'Redemption id', p_redemption_id);
  RETURN v_redemption;
END
$$;

-- A reward's definition, for create and update: name, description, cost,
-- stock (NULL: unlimited).
CREATE OR REPLACE FUNCTION app_functions.reward_definition(p_reward_name text, p_description text, p_cost integer,
                                                           p_stock integer)
RETURNS app_data.rewards
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v app_data.rewards;
BEGIN
  v.name := app_functions.required_text(p_reward_name, 'Reward name', 100);
  v.description := app_functions.optional_description(p_description);
  IF p_cost IS NULL OR p_cost NOT BETWEEN 1 AND 1000000 THEN
    PERFORM app_functions.api_error(400, 'Cost must be between 1 and 1000000 points', p_details => 'p_cost');
  END IF;
  IF p_stock NOT BETWEEN 0 AND 1000000 THEN
    PERFORM app_functions.api_error(400, 'Stock must be between 0 and 1000000, or null for unlimited',
                                    p_details => 'p_stock');
  END IF;
  v.cost := p_cost;
  v.stock := p_stock;
  RETURN v;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.ensure_reward_name_free(p_reward_name text, p_except_reward_id bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.rewards w
             WHERE lower(w.name) = lower(p_reward_name) AND w.reward_id IS DISTINCT FROM p_except_reward_id) THEN
    PERFORM app_functions.api_error(409, 'A reward with this name already exists', 'Choose another name',
                                    p_details => 'p_reward_name');
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION api.create_reward(p_reward_name text DEFAULT NULL, p_description text DEFAULT NULL,
                                             p_cost integer DEFAULT NULL, p_stock integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v app_data.rewards;
  v_reward_id bigint;
BEGIN
  PERFORM app_functions.require_admin_post('define rewards');
  v := app_functions.reward_definition(p_reward_name, p_description, p_cost, p_stock);
  PERFORM app_functions.ensure_reward_name_free(v.name, NULL);
  INSERT INTO app_data.rewards (name, description, cost, stock, created_by)
  VALUES (v.name, v.description, v.cost, v.stock, v_admin_id)
  RETURNING reward_id INTO v_reward_id;
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.reward_json(v_reward_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'A reward with this name already exists', 'Choose another name',
                                    p_details => 'p_reward_name');
END
$$;

-- Replaces the whole definition (the editor sends all of it). Pending
-- redemptions keep the cost they were asked at.
CREATE OR REPLACE FUNCTION api.update_reward(p_reward_id bigint DEFAULT NULL, p_reward_name text DEFAULT NULL,
                                             p_description text DEFAULT NULL, p_cost integer DEFAULT NULL,
                                             p_stock integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v_reward app_data.rewards;
  v app_data.rewards;
BEGIN
  PERFORM app_functions.require_admin_post('change rewards');
  v_reward := app_functions.existing_reward(p_reward_id);
  v := app_functions.reward_definition(p_reward_name, p_description, p_cost, p_stock);
  PERFORM app_functions.ensure_reward_name_free(v.name, v_reward.reward_id);
  UPDATE app_data.rewards w SET name = v.name, description = v.description, cost = v.cost, stock = v.stock
  WHERE w.reward_id = v_reward.reward_id AND w.archived_at IS NULL;
  PERFORM app_functions.require_changed(FOUND, 'This reward is archived and cannot be changed');
  RETURN app_functions.reward_json(v_reward.reward_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'A reward with this name already exists', 'Choose another name',
                                    p_details => 'p_reward_name');
END
$$;

-- Archived rewards leave the store; requests already pending can still be
-- decided.
CREATE OR REPLACE FUNCTION api.archive_reward(p_reward_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v_reward app_data.rewards;
BEGIN
  PERFORM app_functions.require_admin_post('archive rewards');
  v_reward := app_functions.existing_reward(p_reward_id);
  UPDATE app_data.rewards w SET archived_at = coalesce(w.archived_at, now()) WHERE w.reward_id = v_reward.reward_id;
  RETURN app_functions.reward_json(v_reward.reward_id);
END
$$;

-- A member asks for a reward for themselves. Refused (409) when what they
-- have is less than the cost: their balance minus what their other pending
-- requests would spend. The approval is what spends, under the balance's
-- CHECK, so two requests that pass here at once still cannot overdraw.
CREATE OR REPLACE FUNCTION api.redeem_reward(p_reward_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_reward app_data.rewards;
  v_available integer;
  v_redemption_id bigint;
BEGIN
  PERFORM app_functions.require_post();
  v_reward := app_functions.existing_reward(p_reward_id);
  IF v_reward.archived_at IS NOT NULL THEN
    PERFORM app_functions.api_error(409, 'This reward is no longer offered');
  END IF;
  IF v_reward.stock = 0 THEN
    PERFORM app_functions.api_error(409, 'This reward is out of stock');
  END IF;
  v_available := (app_functions.points_summary(v_user_id) ->> 'available')::integer;
  IF v_available < v_reward.cost THEN
    PERFORM app_functions.api_error(409, 'Not enough points for this reward',
                                    'Pending requests count against the balance until they are decided',
                                    p_details => format('%s available, %s needed', v_available, v_reward.cost));
  END IF;
  INSERT INTO app_data.redemptions (reward_id, user_id, cost)
  VALUES (v_reward.reward_id, v_user_id, v_reward.cost)
  RETURNING redemption_id INTO v_redemption_id;
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.redemption_json(v_redemption_id);
END
$$;

-- Closes a pending request as p_status (cancelled, approved, declined),
-- decided by p_user_id; a 409 once it has been decided.
CREATE OR REPLACE FUNCTION app_functions.close_redemption(p_redemption_id bigint, p_status text, p_user_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
BEGIN
  UPDATE app_data.redemptions r SET status = p_status, decided_by = p_user_id, decided_at = now()
  WHERE r.redemption_id = p_redemption_id AND r.status = 'pending';
  PERFORM app_functions.require_changed(FOUND, 'This request has already been decided');
END
$$;

CREATE OR REPLACE FUNCTION api.cancel_redemption(p_redemption_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_redemption app_data.redemptions;
BEGIN
  PERFORM app_functions.require_post();
  v_redemption := app_functions.existing_redemption(p_redemption_id);
  IF v_redemption.user_id <> v_user_id THEN
    PERFORM app_functions.api_error(403, 'Only the member who asked can cancel this request',
                                    'A household admin can decline it');
  END IF;
  PERFORM app_functions.close_redemption(v_redemption.redemption_id, 'cancelled', v_user_id);
  RETURN app_functions.redemption_json(v_redemption.redemption_id);
END
$$;

-- An admin decides someone else's pending request. Approving spends the
-- cost (a 'redemption' ledger row) and takes one from the stock, in one
-- transaction: not enough points, or no stock left, refuses the whole
-- approval with 409 and changes nothing.
CREATE OR REPLACE FUNCTION app_functions.decide_redemption(p_redemption_id bigint, p_approve boolean)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_user();
  v_redemption app_data.redemptions;
  v_reward_name text;
  v_constraint text;
BEGIN
  PERFORM app_functions.require_admin_post(CASE WHEN p_approve THEN 'approve' ELSE 'decline' END || ' reward requests');
  v_redemption := app_functions.existing_redemption(p_redemption_id);
  IF v_redemption.user_id = v_admin_id THEN
    PERFORM app_functions.api_error(403, 'You cannot decide your own request', 'Another household admin has to');
  END IF;
  PERFORM app_functions.close_redemption(v_redemption.redemption_id,
                                         CASE WHEN p_approve THEN 'approved' ELSE 'declined' END, v_admin_id);
  IF p_approve THEN
    BEGIN
      UPDATE app_data.rewards w SET stock = w.stock - 1
      WHERE w.reward_id = v_redemption.reward_id AND w.stock IS NOT NULL
      RETURNING w.name INTO v_reward_name;
      INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, redemption_id, created_by)
      VALUES (v_redemption.user_id, -v_redemption.cost, 'redemption',
              coalesce(v_reward_name, (SELECT w.name FROM app_data.rewards w WHERE w.reward_id = v_redemption.reward_id)),
              v_redemption.redemption_id, v_admin_id);
    EXCEPTION WHEN check_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint = 'rewards_stock_not_negative' THEN
        PERFORM app_functions.api_error(409, 'This reward is out of stock', 'Add stock, or decline the request');
      ELSIF v_constraint = 'point_balances_not_negative' THEN
        PERFORM app_functions.api_error(409, 'Not enough points for this reward', 'Decline the request');
      END IF;
      RAISE;
    END;
  END IF;
  RETURN app_functions.redemption_json(v_redemption.redemption_id);
END
$$;

CREATE OR REPLACE FUNCTION api.approve_redemption(p_redemption_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.decide_redemption(p_redemption_id, true) $$;

CREATE OR REPLACE FUNCTION api.decline_redemption(p_redemption_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.decide_redemption(p_redemption_id, false) $$;

REVOKE ALL ON FUNCTION app_functions.reward_json(bigint), app_functions.redemption_json(bigint),
  app_functions.existing_reward(bigint), app_functions.existing_redemption(bigint),
  app_functions.reward_definition(text, text, integer, integer), app_functions.ensure_reward_name_free(text, bigint),
  app_functions.close_redemption(bigint, text, bigint), app_functions.decide_redemption(bigint, boolean),
  api.create_reward(text, text, integer, integer), api.update_reward(bigint, text, text, integer, integer),
  api.archive_reward(bigint), api.redeem_reward(bigint), api.cancel_redemption(bigint),
  api.approve_redemption(bigint), api.decline_redemption(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.reward_json(bigint), app_functions.redemption_json(bigint),
  app_functions.existing_reward(bigint), app_functions.existing_redemption(bigint),
  app_functions.reward_definition(text, text, integer, integer), app_functions.ensure_reward_name_free(text, bigint),
  app_functions.close_redemption(bigint, text, bigint), app_functions.decide_redemption(bigint, boolean)
  TO api_authenticated;
GRANT EXECUTE ON FUNCTION api.create_reward(text, text, integer, integer),
  api.update_reward(bigint, text, text, integer, integer), api.archive_reward(bigint), api.redeem_reward(bigint),
  api.cancel_redemption(bigint), api.approve_redemption(bigint), api.decline_redemption(bigint)
  TO api_authenticated;
