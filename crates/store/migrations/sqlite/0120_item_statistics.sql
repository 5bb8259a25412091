-- Item statistics, counted by a job from the live answers, each test once: a completed
-- assessment (competence evaluation or campaign) or a scored certification course is marked
-- counted in the transaction that adds its answers to its challenges' sums, so a batch that
-- fails counts nothing and a batch never counts a test twice.

CREATE TABLE item_statistics (
    challenge_id           TEXT PRIMARY KEY,
    answers                INTEGER NOT NULL,
    ok                     INTEGER NOT NULL,
    ko                     INTEGER NOT NULL,
    skipped                INTEGER NOT NULL,
    timed_out              INTEGER NOT NULL,
    focused_out            INTEGER NOT NULL,
    partially              INTEGER NOT NULL,
    times                  TEXT NOT NULL,
    pos_n                  INTEGER NOT NULL,
    pos_sx                 REAL NOT NULL,
    pos_sy                 REAL NOT NULL,
    pos_syy                REAL NOT NULL,
    pos_sxy                REAL NOT NULL,
    cert_n                 INTEGER NOT NULL,
    cert_sx                REAL NOT NULL,
    cert_sy                REAL NOT NULL,
    cert_syy               REAL NOT NULL,
    cert_sxy               REAL NOT NULL,
    asked_in_certification INTEGER NOT NULL,
    other_values           INTEGER NOT NULL,
    updated_at             TEXT NOT NULL
);

CREATE TABLE item_answer_values (
    challenge_id TEXT NOT NULL,
    value        TEXT NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (challenge_id, value)
);

CREATE TABLE item_statistics_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    batches     INTEGER NOT NULL,
    assessments INTEGER NOT NULL,
    courses     INTEGER NOT NULL,
    answers     INTEGER NOT NULL,
    last_run_at TEXT
);
INSERT INTO item_statistics_state (id, batches, assessments, courses, answers) VALUES (1, 0, 0, 0, 0);

CREATE TABLE item_statistics_assessments (
    assessment_id INTEGER PRIMARY KEY REFERENCES assessments (id),
    batch         INTEGER NOT NULL
);
CREATE INDEX item_statistics_assessments_batch ON item_statistics_assessments (batch);

CREATE TABLE item_statistics_courses (
    course_id INTEGER PRIMARY KEY REFERENCES certification_courses (id),
    batch     INTEGER NOT NULL
);
CREATE INDEX item_statistics_courses_batch ON item_statistics_courses (batch);
