-- migrate:up
-- index.html's row (the page, its gzip and br variants, four prepared
-- header lists: about 5 KB) passed PostgreSQL's default 2 KB threshold, so
-- the page was compressed and moved to the TOAST table like a .wasm: every
-- page load read it back from there and decompressed it, which cost
-- serve_html about as much as all of its own SQL (DESIGN.md, "Serving at
-- the floor"). Rows up to a page now stay whole and uncompressed in the
-- table; larger values still go to TOAST, the big assets' as before.
ALTER TABLE app_frontend.frontend_assets SET (toast_tuple_target = 8160);

-- An UPDATE keeps an unchanged value's TOAST pointer; "|| ''" makes each a
-- new value, stored under the new target. The trigger re-prepares the
-- headers from the same bytes, so nothing a client sees changes.
UPDATE app_frontend.frontend_assets
   SET content = content || ''::bytea,
       content_gzip = content_gzip || ''::bytea,
       content_br = content_br || ''::bytea;

-- migrate:down
ALTER TABLE app_frontend.frontend_assets RESET (toast_tuple_target);
