-- Fair claiming between apps: workers take the oldest queued task of the app served least recently.
-- app_turns holds one row per (api, app_id) that ever queued a task: last_turn grows by one each time a
-- worker takes one of its tasks (0 = never served); among apps never served, the one that first queued a
-- task (first_queued_ms) goes first.

CREATE TABLE app_turns (
  api             TEXT   NOT NULL,
  app_id          TEXT   NOT NULL,
  last_turn       BIGINT NOT NULL DEFAULT 0,
  first_queued_ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (api, app_id)
);

CREATE INDEX app_turns_order ON app_turns (last_turn, first_queued_ms, api, app_id);

INSERT INTO app_turns (api, app_id, last_turn, first_queued_ms)
  SELECT api, app_id, 0, MIN(created_ms) FROM tasks GROUP BY api, app_id;

-- An app's queued tasks, oldest first: the claim's pick and the per-app queue count.
CREATE INDEX tasks_queue_of_app ON tasks (status, api, app_id, created_ms, id);
