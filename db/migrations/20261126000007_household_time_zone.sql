-- migrate:up
-- Every due date is computed on the household's wall clock: one IANA zone
-- for the household (members of one home share a clock). A CHECK cannot
-- call pg_timezone_names (not immutable), so the API refuses unknown zones
-- before they get here; 'UTC' is always valid.
ALTER TABLE app_data.household
  ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'
    CONSTRAINT household_time_zone_format CHECK (time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$');

-- Read by invoker functions of every signed-in member (due dates, previews);
-- the table itself stays closed to request roles.
CREATE FUNCTION app_functions.household_time_zone() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT h.time_zone FROM app_data.household h
$$;
GRANT EXECUTE ON FUNCTION app_functions.household_time_zone() TO api_authenticated;

-- migrate:down
DROP FUNCTION app_functions.household_time_zone();
ALTER TABLE app_data.household DROP COLUMN time_zone;
