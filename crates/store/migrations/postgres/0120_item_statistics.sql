-- Item statistics, counted by a job from the live answers, each test once: a completed
-- assessment (competence evaluation or campaign) or a scored certification course is marked
-- counted in the transaction that adds its answers to its challenges' sums, so a batch that
-- fails counts nothing and a batch never counts a test twice.

CREATE TABLE item_statistics (
    challenge_id           TEXT PRIMARY KEY,
    answers                BIGINT NOT NULL,
    ok                     BIGINT NOT NULL,
    ko                     BIGINT NOT NULL,
    skipped                BIGINT NOT NULL,
    timed_out              BIGINT NOT NULL,
    focused_out            BIGINT NOT NULL,
    partially              BIGINT NOT NULL,
    times                  TEXT NOT NULL,
    pos_n                  BIGINT NOT NULL,
    pos_sx                 DOUBLE PRECISION NOT NULL,
    pos_sy                 DOUBLE PRECISION NOT NULL,
    pos_syy                DOUBLE PRECISION NOT NULL,
    pos_sxy                DOUBLE PRECISION NOT NULL,
    cert_n                 BIGINT NOT NULL,
    cert_sx                DOUBLE PRECISION NOT NULL,
    cert_sy                DOUBLE PRECISION NOT NULL,
    cert_syy               DOUBLE PRECISION NOT NULL,
    cert_sxy               DOUBLE PRECISION NOT NULL,
    asked_in_certification BIGINT NOT NULL,
    other_values           BIGINT NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);

CREATE TABLE item_answer_values (
    challenge_id TEXT NOT NULL,
    value        TEXT NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (challenge_id, value)
);

CREATE TABLE item_statistics_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    batches     BIGINT NOT NULL,
    assessments BIGINT NOT NULL,
    courses     BIGINT NOT NULL,
    answers     BIGINT NOT NULL,
    last_run_at TIMESTAMPTZ
);
INSERT INTO item_statistics_state (id, batches, assessments, courses, answers) VALUES (1, 0, 0, 0, 0);

CREATE TABLE item_statistics_assessments (
    assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id),
    batch         BIGINT NOT NULL
);
CREATE INDEX item_statistics_assessments_batch ON item_statistics_assessments (batch);

CREATE TABLE item_statistics_courses (
    course_id BIGINT PRIMARY KEY REFERENCES certification_courses (id),
    batch     BIGINT NOT NULL
);
CREATE INDEX item_statistics_courses_batch ON item_statistics_courses (batch);
