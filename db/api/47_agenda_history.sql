-- Reading the chores at scale: the agenda (what is open now and soon) and
-- the history (closed occurrences, newest first, a page at a time). Both
-- run as the caller (SECURITY INVOKER): the read policies decide, as for
-- the api views. docs/DESIGN.md, "Reading the chore history", gives the
-- semantics.
--
-- Built for the request budget (`make bench`: within 1.2x of api.ping;
-- every item below was measured):
-- - an item is the occurrence's stored card (46_occurrence_cards.sql): a
--   page is its keys, read from an index in the order returned, and the
--   cards concatenated;
-- - PL/pgSQL with static queries, so each connection keeps their plans;
--   the hot path calls no SQL function with a SET clause (such a function
--   is never inlined: its body is planned again at every call): the
--   helpers below are inlined, with every name qualified instead;
-- - the body goes out through the "*/*" media-type handler as the bytes
--   built here: PostgREST 12.0.2 sends a function's json result as
--   `json_agg(result)->0`, which parses the whole body again, and a json
--   value built from text would be parsed once more to validate it;
-- - the rows come out of their subquery's ORDER BY in order and are
--   aggregated without sorting them again, as PostgREST's own json_agg
--   over an ordered subquery relies on.

-- Statuses an occurrence can have once it has left 'todo'.
CREATE OR REPLACE FUNCTION app_functions.closed_statuses()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$ SELECT ARRAY['waiting', 'done', 'approved', 'rejected', 'skipped', 'missed'] $$;

-- One agenda item: the card with the two facts that change while the row
-- does not (is it overdue yet, is a swap offered), put in front of its
-- fields. By replace(), which compares bytes: left(), substr() and the like
-- count every character of the card first, a fifth of an agenda's time. A
-- card starts with '{"assignment_id":', and nowhere else holds those bytes
-- (a quote inside a JSON string is escaped).
CREATE OR REPLACE FUNCTION app_functions.agenda_item(p_card text, p_due_at timestamptz,
                                                     p_offer_id bigint, p_to_user_id bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.replace(p_card, '{"assignment_id":',
           CASE WHEN p_due_at OPERATOR(pg_catalog.<) pg_catalog.now()
                THEN '{"is_overdue":true,' ELSE '{"is_overdue":false,' END
           OPERATOR(pg_catalog.||) CASE WHEN p_offer_id IS NULL THEN '"swap_offer":null,'
                                        ELSE '"swap_offer":{"offer_id":' OPERATOR(pg_catalog.||) p_offer_id
                                             OPERATOR(pg_catalog.||) ',"to_user_id":' OPERATOR(pg_catalog.||) p_to_user_id
                                             OPERATOR(pg_catalog.||) '},' END
           OPERATOR(pg_catalog.||) '"assignment_id":')
$$;

-- Every open occurrence due before the end of day p_days on the
-- household's wall clock (day 0 is today, so overdue ones are always in),
-- and the open ones without a due date, soonest first, undated last.
-- Archived chores' occurrences are left out.
CREATE OR REPLACE FUNCTION api.agenda(p_days integer DEFAULT 7, p_user_id bigint DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE
SET search_path = ''
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_zone text;
  v_today date;
  v_end timestamp;
  v_until timestamptz;
  v_earlier timestamptz;
  v_items text;
  v_count bigint;
BEGIN
  -- One test on the way of a valid call: each PL/pgSQL expression is set
  -- up again in every request (see history below).
  IF app_functions.current_user_id() IS NULL OR p_days IS NULL OR p_days NOT BETWEEN 0 AND 366
     OR p_user_id < 1 THEN
    PERFORM app_functions.require_user();
    IF p_days IS NULL OR p_days NOT BETWEEN 0 AND 366 THEN
      PERFORM app_functions.api_error(400, 'Days must be between 0 and 366',
                                      '0 is today (and everything overdue), 7 the week after today', 'p_days');
    END IF;
    PERFORM app_functions.required_id(p_user_id, 'User id');
  END IF;
  v_zone := app_functions.household_time_zone();
  v_today := (now() AT TIME ZONE v_zone)::date;
  -- The local midnight that ends day N, by local_instant's rule
  -- (11_local_time.sql: a time that does not exist moves forward with the
  -- gap, an ambiguous one is the earlier instant), in place: a call to it
  -- costs more than the rest of a member's agenda.
  v_end := (v_today + p_days + 1)::timestamp;
  v_until := v_end AT TIME ZONE v_zone;
  v_earlier := (v_end - (((v_until - interval '6 hours') AT TIME ZONE v_zone)
                         - ((v_until - interval '6 hours') AT TIME ZONE 'UTC'))) AT TIME ZONE 'UTC';
  IF v_earlier < v_until AND (v_earlier AT TIME ZONE v_zone) = v_end THEN
    v_until := v_earlier;
  END IF;

  -- The open set is small (one occurrence per chore and member at most):
  -- the household's is read whole from its partial index in due order, a
  -- member's from theirs and the unclaimed ones. At most 1,000 items; a
  -- 1,001st says the answer was cut.
  IF p_user_id IS NULL THEN
    SELECT string_agg(a.item, ',') FILTER (WHERE a.n <= 1000), count(*)
    INTO v_items, v_count
    FROM (SELECT row_number() OVER (ORDER BY ta.due_at NULLS LAST, ta.assignment_id) AS n,
                 app_functions.agenda_item(ta.card, ta.due_at, o.offer_id, o.to_user_id) AS item
          FROM app_data.task_assignments ta
          LEFT JOIN app_data.swap_offers o ON o.assignment_id = ta.assignment_id AND o.status = 'pending'
          WHERE ta.status = 'todo'
            AND (ta.due_at < v_until OR ta.due_at IS NULL)
            AND ta.task_id NOT IN (SELECT t.task_id FROM app_data.tasks t WHERE t.archived_at IS NOT NULL)
          ORDER BY ta.due_at NULLS LAST, ta.assignment_id
          LIMIT 1001) a;
  ELSE
    SELECT string_agg(a.item, ',') FILTER (WHERE a.n <= 1000), count(*)
    INTO v_items, v_count
    FROM (SELECT row_number() OVER (ORDER BY ta.due_at NULLS LAST, ta.assignment_id) AS n,
                 app_functions.agenda_item(ta.card, ta.due_at, o.offer_id, o.to_user_id) AS item
          FROM app_data.task_assignments ta
          LEFT JOIN app_data.swap_offers o ON o.assignment_id = ta.assignment_id AND o.status = 'pending'
          WHERE ta.status = 'todo'
            AND (ta.due_at < v_until OR ta.due_at IS NULL)
            AND ta.task_id NOT IN (SELECT t.task_id FROM app_data.tasks t WHERE t.archived_at IS NOT NULL)
            -- Theirs, and the unclaimed ones they may claim.
            AND (ta.user_id = p_user_id
                 OR (ta.user_id IS NULL
                     AND ta.task_id IN (SELECT p.task_id FROM app_data.task_pool p WHERE p.user_id = p_user_id)))
          ORDER BY ta.due_at NULLS LAST, ta.assignment_id
          LIMIT 1001) a;
    -- Someone the household never had has nothing due: asked only then.
    IF v_count = 0 AND NOT EXISTS (SELECT 1 FROM app_data.users u WHERE u.user_id = p_user_id) THEN
      PERFORM app_functions.api_error(404, 'This user does not exist', p_details => format('user id %s', p_user_id));
    END IF;
  END IF;

  PERFORM pg_catalog.set_config('response.headers', '[{"Content-Type":"application/json; charset=utf-8"}]', true);
  RETURN convert_to('{"time_zone":' || to_json(v_zone) || ',"today":"' || to_char(v_today, 'YYYY-MM-DD')
                    || '","until":"' || to_char(v_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                    || '","truncated":' || (v_count > 1000) || ',"items":[' || coalesce(v_items, '') || ']}', 'UTF8');
END
$$;

-- The history's cursor: where the last page ended (closed_at to the
-- microsecond, assignment_id), bound to the filters it was made for, with
-- a checksum, base64url-encoded. Opaque to clients; a cursor that was
-- changed, cut short or made for other filters is a 400. The checksum
-- catches mangling, not forgery, and needs no secret: a forged cursor can
-- only start a page somewhere else among rows the caller may read anyway.
-- STABLE like convert_to: a function claiming more than its body is never
-- inlined (and a SQL function that is not is parsed again at every call).
CREATE OR REPLACE FUNCTION app_functions.history_cursor_check(p_position text, p_filters text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
           'history-cursor|' OPERATOR(pg_catalog.||) p_position OPERATOR(pg_catalog.||) '|'
           OPERATOR(pg_catalog.||) p_filters, 'UTF8')), 'hex'), 16)
$$;

CREATE OR REPLACE FUNCTION app_functions.history_cursor(p_position text, p_filters text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.rtrim(pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
           p_position OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) app_functions.history_cursor_check(p_position, p_filters),
           'UTF8'), 'base64'), E'+/\n', '-_'), '=')
$$;

-- A history answer around its page: the items, and where the next page
-- starts when there is one. Inlined into the page's query (no SET clause,
-- every name qualified), which also sets the Content-Type in passing.
CREATE OR REPLACE FUNCTION app_functions.history_body(p_items text, p_count bigint, p_last_closed timestamptz,
                                                      p_last_id bigint, p_limit integer, p_filters text)
RETURNS bytea
LANGUAGE sql VOLATILE
AS $$
  SELECT pg_catalog.convert_to(
           '{"items":[' OPERATOR(pg_catalog.||) COALESCE(p_items, '') OPERATOR(pg_catalog.||) '],"next_cursor":'
           OPERATOR(pg_catalog.||) CASE WHEN p_count OPERATOR(pg_catalog.>) p_limit
                THEN '"' OPERATOR(pg_catalog.||) app_functions.history_cursor(
                       'v1.' OPERATOR(pg_catalog.||) (EXTRACT(epoch FROM p_last_closed)
                                                      OPERATOR(pg_catalog.*) 1000000)::bigint
                       OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) p_last_id, p_filters) OPERATOR(pg_catalog.||) '"'
                ELSE 'null' END
           OPERATOR(pg_catalog.||) '}'
           OPERATOR(pg_catalog.||) pg_catalog.left(pg_catalog.set_config('response.headers',
                                     '[{"Content-Type":"application/json; charset=utf-8"}]', true), 0),
           'UTF8')
$$;

-- Closed occurrences, newest first by (closed_at, assignment_id): a keyset,
-- so page 2,000 costs what page 1 does and no row is repeated or skipped
-- when others close meanwhile. Dates are the household's local dates, both
-- inclusive.
CREATE OR REPLACE FUNCTION api.history(p_cursor text DEFAULT NULL, p_limit integer DEFAULT 50,
                                       p_user_id bigint DEFAULT NULL, p_task_id bigint DEFAULT NULL,
                                       p_status text DEFAULT NULL, p_from date DEFAULT NULL, p_to date DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE
SET search_path = ''
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_filters text;
  v_zone text;
  -- Plain values, never COALESCE in the query: under row-level security a
  -- condition PostgreSQL cannot prove leakproof (COALESCE is one) is kept
  -- out of the index scan, and a page 1,000 deep then reads 50,000 rows.
  v_before_closed timestamptz := 'infinity';
  v_before_id bigint := 9223372036854775807;
  v_from timestamptz := '-infinity';
  v_to timestamptz := 'infinity';
  v_parts text[];
  v_body bytea;
BEGIN
  -- A page without filters (the app's usual one, a cursor or not) passes
  -- this one test. Each PL/pgSQL expression is set up again in every
  -- transaction, i.e. every request: fewer of them on the way measurably
  -- shorten it.
  IF app_functions.current_user_id() IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 200
     OR num_nonnulls(p_user_id, p_task_id, p_status, p_from, p_to) > 0 THEN
    PERFORM app_functions.require_user();
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 200 THEN
      PERFORM app_functions.api_error(400, 'A page holds 1 to 200 items', p_details => 'p_limit');
    END IF;
    IF p_status IS NOT NULL AND p_status <> ALL (app_functions.closed_statuses()) THEN
      PERFORM app_functions.api_error(400, 'Unknown history status',
                                      'One of: waiting, done, approved, rejected, skipped, missed', 'p_status');
    END IF;
    IF NOT isfinite(p_from) OR p_from NOT BETWEEN '1900-01-01' AND '9999-12-30' THEN
      PERFORM app_functions.api_error(400, 'Dates must lie between 1900 and 9999', p_details => 'p_from');
    END IF;
    IF NOT isfinite(p_to) OR p_to NOT BETWEEN '1900-01-01' AND '9999-12-30' THEN
      PERFORM app_functions.api_error(400, 'Dates must lie between 1900 and 9999', p_details => 'p_to');
    END IF;
    IF p_from > p_to THEN
      PERFORM app_functions.api_error(400, 'The first day must not be after the last', p_details => 'p_to');
    END IF;
    IF p_user_id IS NOT NULL THEN
      PERFORM app_functions.known_user_id(p_user_id);
    END IF;
    IF p_task_id IS NOT NULL THEN
      PERFORM app_functions.existing_task_id(p_task_id);
    END IF;
    v_filters := format('%s|%s|%s|%s|%s', p_user_id, p_task_id, p_status, p_from, p_to);
    IF p_from IS NOT NULL OR p_to IS NOT NULL THEN
      v_zone := app_functions.household_time_zone();
      v_from := coalesce(app_functions.local_instant(p_from::timestamp, v_zone), v_from);
      v_to := coalesce(app_functions.local_instant((p_to + 1)::timestamp, v_zone), v_to);
    END IF;
  END IF;

  IF p_cursor IS NOT NULL THEN
    -- The alphabet and length first: decode() would raise its own error
    -- on anything else, and 'escape' writes any byte that is not
    -- printable ASCII as \nnn, which the pattern then refuses. Written
    -- again from its position, the cursor must come out the same: the
    -- checksum, and one spelling per cursor (base64's spare bits too).
    IF p_cursor ~ '^[A-Za-z0-9_-]{16,120}$' AND length(p_cursor) % 4 <> 1 THEN
      v_parts := regexp_match(
        encode(decode(translate(p_cursor, '-_', '+/') || repeat('=', (4 - length(p_cursor) % 4) % 4), 'base64'),
               'escape'),
        '^(v1\.(-?[0-9]{1,17})\.([0-9]{1,18}))\.[0-9a-f]{16}$');
    END IF;
    IF v_parts IS NULL OR app_functions.history_cursor(v_parts[1], coalesce(v_filters, '||||')) <> p_cursor THEN
      PERFORM app_functions.api_error(400, 'This cursor does not belong to this query',
                                      'Pass next_cursor from the previous page unchanged, with the same filters',
                                      'p_cursor');
    END IF;
    v_before_closed := 'epoch'::timestamptz + v_parts[2]::bigint * interval '1 microsecond';
    v_before_id := v_parts[3]::bigint;
  END IF;

  -- The page, one row more than asked (is there a next one?). Without a
  -- member, chore or status filter it is a static query over
  -- task_assignments_history_idx; with one the query is built for it, so
  -- that filter's own index leads (one cached plan would keep a single index
  -- for every filter).
  IF p_user_id IS NULL AND p_task_id IS NULL AND p_status IS NULL THEN
    SELECT app_functions.history_body(p.items, p.n, p.last_closed, p.last_id, p_limit,
                                      coalesce(v_filters, '||||'))
    INTO v_body
    FROM (SELECT string_agg(k.card, ',') FILTER (WHERE k.n <= p_limit) AS items, count(*) AS n,
                 max(k.closed_at) FILTER (WHERE k.n = p_limit) AS last_closed,
                 max(k.assignment_id) FILTER (WHERE k.n = p_limit) AS last_id
          FROM (SELECT row_number() OVER (ORDER BY ta.closed_at DESC, ta.assignment_id DESC) AS n,
                       ta.assignment_id, ta.closed_at, ta.card
                FROM app_data.task_assignments ta
                WHERE ta.status <> 'todo'
                  AND (ta.closed_at, ta.assignment_id) < (v_before_closed, v_before_id)
                  AND ta.closed_at >= v_from AND ta.closed_at < v_to
                ORDER BY ta.closed_at DESC, ta.assignment_id DESC
                LIMIT p_limit + 1) k) p;
  ELSE
    EXECUTE format(
      'SELECT app_functions.history_body(p.items, p.n, p.last_closed, p.last_id, $8, $9)
       FROM (SELECT string_agg(k.card, '','') FILTER (WHERE k.n <= $8) AS items, count(*) AS n,
                    max(k.closed_at) FILTER (WHERE k.n = $8) AS last_closed,
                    max(k.assignment_id) FILTER (WHERE k.n = $8) AS last_id
             FROM (SELECT row_number() OVER (ORDER BY ta.closed_at DESC, ta.assignment_id DESC) AS n,
                          ta.assignment_id, ta.closed_at, ta.card
                   FROM app_data.task_assignments ta
                   WHERE ta.status <> %L
                     AND (ta.closed_at, ta.assignment_id) < ($1, $2)
                     AND ta.closed_at >= $3 AND ta.closed_at < $4 %s %s %s
                   ORDER BY ta.closed_at DESC, ta.assignment_id DESC
                   LIMIT $8 + 1) k) p',
      'todo',
      CASE WHEN p_user_id IS NOT NULL THEN 'AND ta.user_id = $5' END,
      CASE WHEN p_task_id IS NOT NULL THEN 'AND ta.task_id = $6' END,
      CASE WHEN p_status IS NOT NULL THEN 'AND ta.status = $7' END)
    INTO v_body
    USING v_before_closed, v_before_id, v_from, v_to, p_user_id, p_task_id, p_status, p_limit, v_filters;
  END IF;
  RETURN v_body;
END
$$;

REVOKE ALL ON FUNCTION
  app_functions.closed_statuses(),
  app_functions.agenda_item(text, timestamptz, bigint, bigint),
  app_functions.history_cursor_check(text, text),
  app_functions.history_cursor(text, text),
  app_functions.history_body(text, bigint, timestamptz, bigint, integer, text),
  api.agenda(integer, bigint),
  api.history(text, integer, bigint, bigint, text, date, date)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  app_functions.closed_statuses(),
  app_functions.agenda_item(text, timestamptz, bigint, bigint),
  app_functions.history_cursor_check(text, text),
  app_functions.history_cursor(text, text),
  app_functions.history_body(text, bigint, timestamptz, bigint, integer, text),
  api.agenda(integer, bigint),
  api.history(text, integer, bigint, bigint, text, date, date)
TO api_authenticated;
