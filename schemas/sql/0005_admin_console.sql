-- What the admin console shows and searches: the request each task came from, every claim of a task by a
-- worker, every POST of a callback, and the indexes its search pages by (newest or oldest first, keyset
-- on (created_ms, id), one filter leading).

ALTER TABLE tasks ADD COLUMN request TEXT NOT NULL DEFAULT '';

-- One row per claim: number counts 1, 2, ... per task across manual retries; ended_ms 0 = running.
CREATE TABLE task_attempts (
  task_id       TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  number        INTEGER NOT NULL,
  worker_id     TEXT    NOT NULL DEFAULT '',
  started_ms    BIGINT  NOT NULL DEFAULT 0,
  ended_ms      BIGINT  NOT NULL DEFAULT 0,
  outcome       TEXT    NOT NULL DEFAULT 'running',
  error_code    TEXT    NOT NULL DEFAULT '',
  error_message TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (task_id, number)
);

-- The last attempt's answer, and where the retry schedule restarts after a manual redelivery.
ALTER TABLE callbacks ADD COLUMN last_http_status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE callbacks ADD COLUMN last_response TEXT NOT NULL DEFAULT '';
ALTER TABLE callbacks ADD COLUMN redelivered_after INTEGER NOT NULL DEFAULT 0;

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

-- The search: every filter leads an index that ends in (created_ms, id), the order pages are read in.
CREATE INDEX tasks_created ON tasks (created_ms, id);
CREATE INDEX tasks_app_created_id ON tasks (app_id, created_ms, id);
DROP INDEX tasks_app_created;
CREATE INDEX tasks_api_created ON tasks (api, created_ms, id);
CREATE INDEX tasks_source_created ON tasks (source_id, created_ms, id);
CREATE INDEX tasks_input_created ON tasks (input, created_ms, id);
DROP INDEX tasks_status_created;
CREATE INDEX tasks_status_created ON tasks (status, created_ms, id);

-- The overview: engine time of tasks finished lately, callbacks that failed lately.
CREATE INDEX tasks_status_finished ON tasks (status, finished_ms);
-- Partial (failed rows only), so that no other lookup of callbacks (by task, by pending state) is drawn to it.
CREATE INDEX callbacks_failed_updated ON callbacks (state, updated_ms) WHERE state = 'failed';
