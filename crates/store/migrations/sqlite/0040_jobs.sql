-- The job queue: work that may wait (mail today; certificates, scoring, statistics later),
-- enqueued in the same transaction as the change that causes it and run by a worker. A
-- claimed job is leased (locked_until) so a worker that dies gives it back; a job that keeps
-- failing is kept with failed_at set and its last error, never dropped.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    run_at       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_error   TEXT,
    failed_at    TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE failed_at IS NULL;
