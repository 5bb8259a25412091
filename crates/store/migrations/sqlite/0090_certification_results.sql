-- What follows a certification session: the centre's finalisation (incident boxes, comment,
-- the abort reason of each unfinished test, issue reports per candidate), then the scoring
-- job's results (one per course, recomputable from the stored facts and the settings version)
-- and the certificates' verification codes. Publication is the session's `published_at`.

ALTER TABLE certification_sessions ADD COLUMN had_incident INTEGER NOT NULL DEFAULT 0;
ALTER TABLE certification_sessions ADD COLUMN had_joining_issue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE certification_sessions ADD COLUMN finalisation_comment TEXT;
ALTER TABLE certification_sessions ADD COLUMN scored_at TEXT;

ALTER TABLE certification_courses ADD COLUMN abort_reason TEXT CHECK (abort_reason IN ('candidate', 'technical'));

CREATE TABLE certification_issue_reports (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES certification_sessions (id),
    candidate_id    INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    category        TEXT NOT NULL,
    subcategory     TEXT,
    question_number INTEGER,
    description     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    resolution      TEXT,
    resolved_at     TEXT
);
CREATE INDEX certification_issue_reports_session ON certification_issue_reports (session_id);

CREATE TABLE certification_results (
    course_id         INTEGER PRIMARY KEY REFERENCES certification_courses (id),
    session_id        INTEGER NOT NULL REFERENCES certification_sessions (id),
    user_id           INTEGER NOT NULL REFERENCES users (id),
    status            TEXT NOT NULL CHECK (status IN ('validated', 'rejected', 'cancelled', 'error')),
    settings_version  TEXT NOT NULL,
    capacity          REAL,
    capacity_error    REAL,
    score             INTEGER,
    global_level      INTEGER,
    competence_levels TEXT NOT NULL,
    answered          INTEGER NOT NULL,
    scored_as_wrong   INTEGER NOT NULL,
    neutralised       TEXT NOT NULL,
    problem           TEXT,
    computed_at       TEXT NOT NULL,
    verification_code TEXT UNIQUE,
    holder_salt       TEXT NOT NULL,
    revoked_at        TEXT
);
CREATE INDEX certification_results_session ON certification_results (session_id);
CREATE INDEX certification_results_user ON certification_results (user_id);
