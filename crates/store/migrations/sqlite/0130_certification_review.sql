-- The operator's review of a scored certification session, stored as facts the scoring reads
-- (never an edit of a computed result in place): a person's decision on an issue report, a
-- question neutralised or restored for one candidate, a certification cancelled by an
-- operator (reinstating deletes the fact; the audit log keeps the history), the finalisation
-- comment read. Each course's `review_revision` grows with every review write, so a result
-- recomputed from stale facts is never stored.

CREATE TABLE certification_report_decisions (
    report_id  INTEGER PRIMARY KEY REFERENCES certification_issue_reports (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES certification_sessions (id),
    decision   TEXT NOT NULL CHECK (decision IN ('neutralise', 'no_effect')),
    comment    TEXT NOT NULL CHECK (length(comment) <= 500),
    decided_by INTEGER REFERENCES users (id),
    decided_at TEXT NOT NULL
);
CREATE INDEX certification_report_decisions_session ON certification_report_decisions (session_id);

CREATE TABLE certification_question_overrides (
    course_id       INTEGER NOT NULL REFERENCES certification_courses (id),
    question_number INTEGER NOT NULL CHECK (question_number >= 1),
    state           TEXT NOT NULL CHECK (state IN ('neutralised', 'restored')),
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TEXT NOT NULL,
    PRIMARY KEY (course_id, question_number)
);

CREATE TABLE certification_cancellations (
    course_id    INTEGER PRIMARY KEY REFERENCES certification_courses (id),
    reason       TEXT NOT NULL CHECK (length(reason) <= 500),
    cancelled_by INTEGER REFERENCES users (id),
    cancelled_at TEXT NOT NULL
);

CREATE TABLE certification_comment_reads (
    session_id INTEGER PRIMARY KEY REFERENCES certification_sessions (id),
    read_by    INTEGER REFERENCES users (id),
    read_at    TEXT NOT NULL
);

ALTER TABLE certification_courses ADD COLUMN review_revision INTEGER NOT NULL DEFAULT 0;
