-- The shared task table, the callback outbox and the media table.
-- Portable SQL: the same statements are meant to run on PostgreSQL (BIGINT times in ms since the epoch,
-- TEXT everywhere else, JSON kept as TEXT).

CREATE TABLE tasks (
  id              TEXT    NOT NULL PRIMARY KEY,
  app_id          TEXT    NOT NULL DEFAULT '',
  api             TEXT    NOT NULL DEFAULT '',
  vendor          TEXT    NOT NULL DEFAULT '',
  type            TEXT    NOT NULL DEFAULT '',
  source_id       TEXT    NOT NULL DEFAULT '',
  input           TEXT    NOT NULL DEFAULT '',
  params          TEXT    NOT NULL DEFAULT '{}',
  callback_url    TEXT    NOT NULL DEFAULT '',
  callback_secret TEXT    NOT NULL DEFAULT '',
  extra           TEXT    NOT NULL DEFAULT '',
  status          TEXT    NOT NULL DEFAULT 'QUEUED',
  progress        INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  error_code      TEXT    NOT NULL DEFAULT '',
  error_message   TEXT    NOT NULL DEFAULT '',
  outputs         TEXT    NOT NULL DEFAULT '[]',
  created_ms      BIGINT  NOT NULL DEFAULT 0,
  updated_ms      BIGINT  NOT NULL DEFAULT 0,
  started_ms      BIGINT  NOT NULL DEFAULT 0,
  finished_ms     BIGINT  NOT NULL DEFAULT 0,
  lease_until_ms  BIGINT  NOT NULL DEFAULT 0,
  worker_id       TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX tasks_status_created ON tasks (status, created_ms);
CREATE INDEX tasks_app_created ON tasks (app_id, created_ms);

-- INTEGER PRIMARY KEY is SQLite's auto-assigned row id; PostgreSQL spells it BIGINT GENERATED ALWAYS AS IDENTITY.
CREATE TABLE callbacks (
  id              INTEGER NOT NULL PRIMARY KEY,
  task_id         TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  url             TEXT    NOT NULL,
  body            TEXT    NOT NULL DEFAULT '',
  content_type    TEXT    NOT NULL DEFAULT 'application/json',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT  NOT NULL DEFAULT 0,
  state           TEXT    NOT NULL DEFAULT 'pending',
  last_error      TEXT    NOT NULL DEFAULT '',
  created_ms      BIGINT  NOT NULL DEFAULT 0,
  updated_ms      BIGINT  NOT NULL DEFAULT 0
);

CREATE INDEX callbacks_state_next ON callbacks (state, next_attempt_ms);
CREATE INDEX callbacks_task ON callbacks (task_id);

CREATE TABLE media (
  file_id    TEXT   NOT NULL PRIMARY KEY,
  source     TEXT   NOT NULL,
  created_ms BIGINT NOT NULL DEFAULT 0
);
