-- PostgREST does not notice new or changed functions by itself; this is
-- delivered when the API transaction commits.
NOTIFY pgrst, 'reload schema';
