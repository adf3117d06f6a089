-- One row the readiness probe writes (GET /readyz): a real write shows the database file accepts them.
CREATE TABLE readiness (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_ms BIGINT NOT NULL DEFAULT 0
);
