-- Tasks submitted or deleted together are counted together: one delta row per app and statement instead of
-- one trigger call and one row per task (a batch of submissions is one multi-row INSERT). A status change
-- (claims, cancels, retries: one row at a time) keeps the row trigger of 0003.

DROP TRIGGER tasks_queue_count ON tasks;

CREATE TRIGGER tasks_queue_count AFTER UPDATE OF status, api, app_id ON tasks
  FOR EACH ROW EXECUTE FUNCTION tasks_queue_count_delta();

CREATE FUNCTION tasks_queue_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO queue_count_deltas (api, app_id, delta)
    SELECT api, app_id, COUNT(*) FROM inserted_tasks WHERE status = 'QUEUED' GROUP BY api, app_id;
  RETURN NULL;
END
$$;

CREATE FUNCTION tasks_queue_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO queue_count_deltas (api, app_id, delta)
    SELECT api, app_id, -COUNT(*) FROM deleted_tasks WHERE status = 'QUEUED' GROUP BY api, app_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_queue_count_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS inserted_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_queue_count_inserted();

CREATE TRIGGER tasks_queue_count_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS deleted_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_queue_count_deleted();
