-- Certification centres, their members and invitations, sessions and enrolled candidates.

CREATE TABLE centres (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('SCO', 'SUP', 'PRO')),
    external_id TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE centre_memberships (
    id         INTEGER PRIMARY KEY,
    centre_id  INTEGER NOT NULL REFERENCES centres (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    created_at TEXT NOT NULL,
    UNIQUE (centre_id, user_id)
);
CREATE INDEX centre_memberships_user ON centre_memberships (user_id);

CREATE TABLE centre_invitations (
    id           INTEGER PRIMARY KEY,
    centre_id    INTEGER NOT NULL REFERENCES centres (id),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    accepted_at  TEXT,
    cancelled_at TEXT
);

CREATE TABLE certification_sessions (
    id                 INTEGER PRIMARY KEY,
    centre_id          INTEGER NOT NULL REFERENCES centres (id),
    site               TEXT NOT NULL,
    room               TEXT NOT NULL,
    session_date       TEXT NOT NULL,
    session_time       TEXT NOT NULL,
    examiners          TEXT NOT NULL,
    description        TEXT NOT NULL,
    access_code        TEXT NOT NULL UNIQUE,
    invigilator_hash   TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    first_started_at   TEXT,
    finalised_at       TEXT,
    review_started_at  TEXT,
    published_at       TEXT,
    invigilator_failures     INTEGER NOT NULL DEFAULT 0,
    invigilator_locked_until TEXT
);
CREATE INDEX certification_sessions_centre ON certification_sessions (centre_id, session_date);

CREATE TABLE candidates (
    id                 INTEGER PRIMARY KEY,
    session_id         INTEGER NOT NULL REFERENCES certification_sessions (id) ON DELETE CASCADE,
    birth_name         TEXT NOT NULL,
    first_name         TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birthdate          TEXT NOT NULL,
    born_in_france     INTEGER NOT NULL,
    birth_insee        TEXT,
    birth_postal_code  TEXT,
    birth_city         TEXT,
    birth_country      TEXT,
    convocation_email  TEXT,
    results_email      TEXT,
    external_id        TEXT,
    extra_time_percent INTEGER NOT NULL CHECK (extra_time_percent BETWEEN 0 AND 99),
    accessibility      INTEGER NOT NULL,
    billing_mode       TEXT CHECK (billing_mode IN ('FREE', 'PAID', 'PREPAID')),
    prepayment_code    TEXT,
    duplicate_key      TEXT NOT NULL,
    user_id            INTEGER REFERENCES users (id),
    linked_at          TEXT,
    instructions_at    TEXT,
    code_entered_at    TEXT,
    authorised_at      TEXT,
    authorisation_used INTEGER NOT NULL DEFAULT 0,
    eligible           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    UNIQUE (session_id, duplicate_key),
    UNIQUE (session_id, user_id)
);
CREATE INDEX candidates_user ON candidates (user_id);
