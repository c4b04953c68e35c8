-- The guide's development layout, as a fixture for the conversion test and
-- for trying convert.sh by hand: tables and functions in "public", owned by
-- whoever runs this (in the guide: the superuser cleaning_user), with data.
-- Run as that superuser in the development database.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE users (
  user_id SERIAL PRIMARY KEY,
  username VARCHAR(255) UNIQUE NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE tasks (
  task_id SERIAL PRIMARY KEY,
  task_name VARCHAR(255) UNIQUE NOT NULL,
  description TEXT
);
CREATE TABLE task_assignments (
  assignment_id SERIAL PRIMARY KEY,
  task_id INT NOT NULL REFERENCES tasks(task_id),
  user_id INT NOT NULL REFERENCES users(user_id),
  assigned_at TIMESTAMPTZ DEFAULT NOW(),
  completed_at TIMESTAMPTZ,
  is_approved BOOLEAN DEFAULT NULL,
  UNIQUE(task_id, user_id, completed_at)
);
CREATE TABLE frontend_assets (
  asset_id SERIAL PRIMARY KEY,
  asset_name VARCHAR(255) UNIQUE NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  content TEXT NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE FUNCTION login(p_username TEXT, p_password TEXT) RETURNS JSON AS $$
  SELECT json_build_object('user_id', user_id, 'username', username)
  FROM users WHERE username = p_username AND password_hash = crypt(p_password, password_hash)
$$ LANGUAGE sql SECURITY DEFINER;
CREATE FUNCTION serve_html(p_asset_name TEXT DEFAULT 'index.html') RETURNS TEXT AS $$
  SELECT content FROM frontend_assets WHERE asset_name = p_asset_name
$$ LANGUAGE sql SECURITY DEFINER;
CREATE FUNCTION update_frontend_asset(p_asset_name TEXT, p_content_type TEXT, p_content TEXT) RETURNS JSON AS $$
  INSERT INTO frontend_assets (asset_name, content_type, content) VALUES (p_asset_name, p_content_type, p_content)
  ON CONFLICT (asset_name) DO UPDATE SET content = EXCLUDED.content, updated_at = now()
  RETURNING json_build_object('asset_id', asset_id)
$$ LANGUAGE sql SECURITY DEFINER;

INSERT INTO users (username, password_hash) VALUES
  ('user1', crypt('password123', gen_salt('bf', 6))),
  ('user2', crypt('password123', gen_salt('bf', 6))),
  ('user3', crypt('password123', gen_salt('bf', 6)));
-- A gap in the ids, as deleted rows leave in real data.
INSERT INTO users (user_id, username, password_hash) VALUES (7, 'grandma', crypt('knitting-2024', gen_salt('bf', 6)));
SELECT setval('users_user_id_seq', 7);

INSERT INTO tasks (task_name, description) VALUES
  ('Kitchen Cleaning', 'Clean the kitchen surfaces and floor.'),
  ('Bathroom Cleaning', 'Clean the toilet, shower, and sink.'),
  ('Living Room Tidying', 'Tidy up the living room area.'),
  ('Trash Duty', 'Take out the trash and recycling.'),
  ('Vacuuming', NULL),
  ('Dishwashing', 'Wash all dirty dishes — even the pans ☺.');

INSERT INTO task_assignments (task_id, user_id) VALUES (1, 1), (2, 2), (3, 3), (4, 1), (5, 2), (6, 7);
INSERT INTO task_assignments (task_id, user_id, assigned_at, completed_at, is_approved) VALUES
  (1, 2, now() - interval '3 days', now() - interval '2 days', true),
  (2, 3, now() - interval '3 days', now() - interval '1 day', false),
  (3, 1, now() - interval '2 days', now() - interval '1 day', NULL);

INSERT INTO frontend_assets (asset_name, content_type, content) VALUES
  ('index.html', 'text/html', '<!doctype html><html><head><title>Cleaning Tracker (dev)</title><link rel="stylesheet" href="/rpc/serve_css?p_asset_name=styles.css"></head><body><h1>Chores ✓</h1><script src="/rpc/serve_js?p_asset_name=app.js"></script></body></html>'),
  ('styles.css', 'text/css', 'body { font-family: sans-serif; } h1::after { content: "★"; }'),
  ('app.js', 'application/javascript', 'console.log("hello from the dev build");');
