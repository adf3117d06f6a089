-- Queued tasks counted as they come and go, so that admitting a submission (max_queue, max_queue_per_app)
-- reads two rows instead of counting a queue that may hold millions. Triggers keep the counts, whichever
-- statement or process moves a task: a row counts while its status is 'QUEUED'.

CREATE TABLE queued_of_app (
  api     TEXT   NOT NULL,
  app_id  TEXT   NOT NULL,
  queued  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (api, app_id)
) WITHOUT ROWID;

-- One row (id 1): every app's queued tasks together.
CREATE TABLE queued_total (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  queued  BIGINT  NOT NULL DEFAULT 0
);

INSERT INTO queued_of_app (api, app_id, queued)
  SELECT api, app_id, COUNT(*) FROM tasks WHERE status = 'QUEUED' GROUP BY api, app_id;
INSERT INTO queued_total (id, queued) SELECT 1, COUNT(*) FROM tasks WHERE status = 'QUEUED';

CREATE TRIGGER tasks_queued_insert AFTER INSERT ON tasks WHEN NEW.status = 'QUEUED'
BEGIN
  INSERT INTO queued_of_app (api, app_id, queued) VALUES (NEW.api, NEW.app_id, 1)
    ON CONFLICT (api, app_id) DO UPDATE SET queued = queued + 1;
  UPDATE queued_total SET queued = queued + 1 WHERE id = 1;
END;

CREATE TRIGGER tasks_queued_delete AFTER DELETE ON tasks WHEN OLD.status = 'QUEUED'
BEGIN
  UPDATE queued_of_app SET queued = queued - 1 WHERE api = OLD.api AND app_id = OLD.app_id;
  UPDATE queued_total SET queued = queued - 1 WHERE id = 1;
END;

-- Any change of status, api or app_id: the old row leaves its count, the new one joins its own.
CREATE TRIGGER tasks_queued_update AFTER UPDATE OF status, api, app_id ON tasks
  WHEN OLD.status = 'QUEUED' OR NEW.status = 'QUEUED'
BEGIN
  UPDATE queued_of_app SET queued = queued - 1
    WHERE OLD.status = 'QUEUED' AND api = OLD.api AND app_id = OLD.app_id;
  INSERT INTO queued_of_app (api, app_id, queued) SELECT NEW.api, NEW.app_id, 1 WHERE NEW.status = 'QUEUED'
    ON CONFLICT (api, app_id) DO UPDATE SET queued = queued + 1;
  UPDATE queued_total SET queued = queued - (OLD.status = 'QUEUED') + (NEW.status = 'QUEUED') WHERE id = 1;
END;
