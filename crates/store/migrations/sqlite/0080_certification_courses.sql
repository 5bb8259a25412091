-- Certification tests: one course per candidate, the questions asked in order, at most one
-- answer per question, and the live alerts the candidate raised. A course's state is never
-- stored as such: it is replayed from these facts.

CREATE TABLE certification_courses (
    id                 INTEGER PRIMARY KEY,
    candidate_id       INTEGER NOT NULL UNIQUE REFERENCES candidates (id),
    session_id         INTEGER NOT NULL REFERENCES certification_sessions (id),
    user_id            INTEGER NOT NULL REFERENCES users (id),
    seed               INTEGER NOT NULL,
    locale             TEXT NOT NULL,
    accessible_only    INTEGER NOT NULL,
    extra_time_percent INTEGER NOT NULL,
    settings_version   TEXT NOT NULL,
    release_id         INTEGER NOT NULL,
    seat_hash          TEXT NOT NULL,
    started_at         TEXT NOT NULL,
    seated_at          TEXT NOT NULL,
    ended_at           TEXT,
    end_reason         TEXT CHECK (end_reason IN ('completed', 'ended_by_invigilator', 'ended_by_finalisation'))
);
CREATE INDEX certification_courses_session ON certification_courses (session_id);
CREATE INDEX certification_courses_user ON certification_courses (user_id);

CREATE TABLE certification_questions (
    course_id    INTEGER NOT NULL REFERENCES certification_courses (id),
    position     INTEGER NOT NULL,
    challenge_id TEXT NOT NULL,
    skill_id     TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    deadline_at  TEXT,
    focused_out  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (course_id, position),
    UNIQUE (course_id, challenge_id)
);

CREATE TABLE certification_answers (
    course_id    INTEGER NOT NULL REFERENCES certification_courses (id),
    position     INTEGER NOT NULL,
    challenge_id TEXT NOT NULL,
    value        TEXT NOT NULL,
    status       TEXT NOT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (course_id, position)
);

CREATE TABLE certification_alerts (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES certification_courses (id),
    position     INTEGER NOT NULL,
    challenge_id TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('PENDING', 'VALIDATED', 'DISMISSED')),
    reason       TEXT,
    created_at   TEXT NOT NULL,
    handled_at   TEXT
);
CREATE INDEX certification_alerts_course ON certification_alerts (course_id);
CREATE UNIQUE INDEX certification_alerts_one_pending ON certification_alerts (course_id) WHERE state = 'PENDING';
