-- Queued tasks counted as they come and go, so that admitting a submission (max_queue, max_queue_per_app)
-- does not count a queue that may hold millions. A trigger appends +1 / -1 rows to queue_count_deltas
-- whenever a task enters or leaves the 'QUEUED' status: appends only, so that claims and submissions on
-- several gateways never wait on one another's counter rows (nor deadlock on them). The upkeep leader folds
-- the deltas into queue_counts every sweep (PgTaskStore::fold_counts), one statement that deletes and adds
-- them at once; a count is queue_counts plus the deltas not folded yet, read in one snapshot.

CREATE TABLE queue_counts (
  api     TEXT   NOT NULL,
  app_id  TEXT   NOT NULL,
  queued  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (api, app_id)
);

CREATE TABLE queue_count_deltas (
  id      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  api     TEXT    NOT NULL,
  app_id  TEXT    NOT NULL,
  delta   INTEGER NOT NULL
);

CREATE INDEX queue_count_deltas_app ON queue_count_deltas (api, app_id) INCLUDE (delta);

INSERT INTO queue_counts (api, app_id, queued)
  SELECT api, app_id, COUNT(*) FROM tasks WHERE status = 'QUEUED' GROUP BY api, app_id;

CREATE FUNCTION tasks_queue_count_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'QUEUED' THEN
    INSERT INTO queue_count_deltas (api, app_id, delta) VALUES (OLD.api, OLD.app_id, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'QUEUED' THEN
    INSERT INTO queue_count_deltas (api, app_id, delta) VALUES (NEW.api, NEW.app_id, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_queue_count AFTER INSERT OR DELETE OR UPDATE OF status, api, app_id ON tasks
  FOR EACH ROW EXECUTE FUNCTION tasks_queue_count_delta();
