-- The task table, the callback outbox and the media table on PostgreSQL: in one step, the shape the SQLite
-- migrations 0001..0005 (schemas/sql) reach. Times are BIGINT ms since the epoch, JSON is kept as TEXT.
-- Text that statements compare or order (ids, apps, statuses) uses the "C" collation: byte order, as in
-- SQLite, whatever the database's locale.

CREATE TABLE tasks (
  id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  app_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
  api             TEXT COLLATE "C" NOT NULL DEFAULT '',
  vendor          TEXT    NOT NULL DEFAULT '',
  type            TEXT COLLATE "C" NOT NULL DEFAULT '',
  source_id       TEXT COLLATE "C" NOT NULL DEFAULT '',
  input           TEXT COLLATE "C" NOT NULL DEFAULT '',
  params          TEXT    NOT NULL DEFAULT '{}',
  callback_url    TEXT    NOT NULL DEFAULT '',
  -- Always '': callbacks are signed with the config's current secret when a task finishes.
  callback_secret TEXT    NOT NULL DEFAULT '',
  extra           TEXT    NOT NULL DEFAULT '',
  status          TEXT COLLATE "C" NOT NULL DEFAULT 'QUEUED',
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
  worker_id       TEXT    NOT NULL DEFAULT '',
  request         TEXT    NOT NULL DEFAULT ''
);

-- An app's queued tasks, oldest first: the claim's pick and the per-app queue count.
CREATE INDEX tasks_queue_of_app ON tasks (status, api, app_id, created_ms, id);
-- The search: filters lead indexes that end in (created_ms, id), the order pages are read in.
CREATE INDEX tasks_created ON tasks (created_ms, id);
CREATE INDEX tasks_app_created_id ON tasks (app_id, created_ms, id);
CREATE INDEX tasks_api_created ON tasks (api, created_ms, id);
CREATE INDEX tasks_status_created ON tasks (status, created_ms, id);
-- A source is a client's file id or an input path or URL of any length: a B-tree entry is limited to about
-- 2.7 kB, a hash entry is not (equality is all the search asks of them).
CREATE INDEX tasks_source ON tasks USING hash (source_id);
CREATE INDEX tasks_input ON tasks USING hash (input);
-- The overview: engine time of tasks finished lately.
CREATE INDEX tasks_status_finished ON tasks (status, finished_ms);

-- Fair claiming between apps (see schemas/sql/0002_fair_queue.sql).
CREATE TABLE app_turns (
  api             TEXT COLLATE "C" NOT NULL,
  app_id          TEXT COLLATE "C" NOT NULL,
  last_turn       BIGINT NOT NULL DEFAULT 0,
  first_queued_ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (api, app_id)
);

CREATE INDEX app_turns_order ON app_turns (last_turn, first_queued_ms, api, app_id);

CREATE TABLE callbacks (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id           TEXT COLLATE "C" NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  url               TEXT    NOT NULL,
  body              TEXT    NOT NULL DEFAULT '',
  content_type      TEXT    NOT NULL DEFAULT 'application/json',
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms   BIGINT  NOT NULL DEFAULT 0,
  state             TEXT COLLATE "C" NOT NULL DEFAULT 'pending',
  last_error        TEXT    NOT NULL DEFAULT '',
  created_ms        BIGINT  NOT NULL DEFAULT 0,
  updated_ms        BIGINT  NOT NULL DEFAULT 0,
  last_http_status  INTEGER NOT NULL DEFAULT 0,
  last_response     TEXT    NOT NULL DEFAULT '',
  redelivered_after INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX callbacks_state_next ON callbacks (state, next_attempt_ms);
CREATE INDEX callbacks_task ON callbacks (task_id);
CREATE INDEX callbacks_failed_updated ON callbacks (state, updated_ms) WHERE state = 'failed';

-- One row per POST of a delivery.
CREATE TABLE callback_attempts (
  callback_id      BIGINT  NOT NULL REFERENCES callbacks (id) ON DELETE CASCADE,
  number           INTEGER NOT NULL,
  at_ms            BIGINT  NOT NULL DEFAULT 0,
  http_status      INTEGER NOT NULL DEFAULT 0,
  error            TEXT    NOT NULL DEFAULT '',
  response_snippet TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (callback_id, number)
);

-- One row per claim: number counts 1, 2, ... per task across manual retries; ended_ms 0 = running.
CREATE TABLE task_attempts (
  task_id       TEXT COLLATE "C" NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  number        INTEGER NOT NULL,
  worker_id     TEXT    NOT NULL DEFAULT '',
  started_ms    BIGINT  NOT NULL DEFAULT 0,
  ended_ms      BIGINT  NOT NULL DEFAULT 0,
  outcome       TEXT    NOT NULL DEFAULT 'running',
  error_code    TEXT    NOT NULL DEFAULT '',
  error_message TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (task_id, number)
);

CREATE TABLE media (
  file_id    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  source     TEXT   NOT NULL,
  created_ms BIGINT NOT NULL DEFAULT 0
);

-- One row the readiness probe writes (GET /readyz).
CREATE TABLE readiness (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_ms BIGINT NOT NULL DEFAULT 0
);
