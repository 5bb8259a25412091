-- Acquis schema, SQLite flavour. Append-only tables (answers, knowledge elements) use 64-bit
-- ids (INTEGER PRIMARY KEY is a 64-bit rowid). Timestamps are RFC 3339 text in UTC.

CREATE TABLE content_releases (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    version      TEXT NOT NULL,
    checksum     TEXT NOT NULL,
    framework    TEXT NOT NULL,           -- the framework as JSON
    created_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX content_releases_published ON content_releases (published_at);
CREATE INDEX content_releases_checksum ON content_releases (checksum);

CREATE TABLE content_release_files (
    release_id INTEGER NOT NULL REFERENCES content_releases (id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    PRIMARY KEY (release_id, path)
);

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    email             TEXT NOT NULL UNIQUE,  -- stored lower-cased
    password_hash     TEXT NOT NULL,
    locale            TEXT NOT NULL DEFAULT 'fr',
    terms_accepted_at TEXT,
    created_at        TEXT NOT NULL,
    anonymised_at     TEXT
);

CREATE TABLE assessments (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id),
    kind               TEXT NOT NULL CHECK (kind IN ('competence_evaluation', 'campaign', 'certification')),
    competence         TEXT,
    state              TEXT NOT NULL CHECK (state IN ('started', 'completed', 'aborted')),
    seed               INTEGER NOT NULL,
    release_id         INTEGER NOT NULL REFERENCES content_releases (id),
    locale             TEXT NOT NULL,
    current_challenge  TEXT,
    challenge_shown_at TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX assessments_user ON assessments (user_id, competence);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    challenge_id  TEXT NOT NULL,
    value         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'ko', 'aband', 'timedout', 'focusedout', 'partially')),
    time_spent_ms INTEGER,
    created_at    TEXT NOT NULL,
    UNIQUE (assessment_id, challenge_id)
);

CREATE TABLE knowledge_elements (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    answer_id     INTEGER REFERENCES answers (id),
    skill_id      TEXT NOT NULL,
    competence    TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('direct', 'inferred')),
    status        TEXT NOT NULL CHECK (status IN ('validated', 'invalidated', 'reset')),
    earned_pix    REAL NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX knowledge_elements_user ON knowledge_elements (user_id, competence, id);
