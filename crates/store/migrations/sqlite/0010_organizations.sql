-- Organisations, their members and learners, target profiles, campaigns and participations.

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('SCO', 'SUP', 'PRO')),
    external_id TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    created_at      TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    accepted_at     TEXT,
    cancelled_at    TEXT
);

CREATE TABLE target_profiles (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    expected_minutes INTEGER,
    definition      TEXT NOT NULL,          -- JSON: tubes with caps, stages, badges
    created_at      TEXT NOT NULL
);

CREATE TABLE campaigns (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    code                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('ASSESSMENT', 'PROFILES_COLLECTION')),
    target_profile_id   INTEGER REFERENCES target_profiles (id),
    title               TEXT NOT NULL,
    landing_text        TEXT NOT NULL DEFAULT '',
    result_text         TEXT NOT NULL DEFAULT '',
    result_button_text  TEXT NOT NULL DEFAULT '',
    result_button_url   TEXT NOT NULL DEFAULT '',
    external_id_label   TEXT,
    external_id_kind    TEXT CHECK (external_id_kind IN ('text', 'email')),
    multiple_sendings   BOOLEAN NOT NULL DEFAULT FALSE,
    creator_id          INTEGER NOT NULL REFERENCES users (id),
    created_at          TEXT NOT NULL,
    archived_at         TEXT
);
CREATE INDEX campaigns_organization ON campaigns (organization_id);

CREATE TABLE organization_learners (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    birthdate       TEXT,
    division        TEXT,
    group_name      TEXT,
    attributes      TEXT NOT NULL DEFAULT '{}',  -- JSON object of extra imported columns
    user_id         INTEGER REFERENCES users (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX organization_learners_org ON organization_learners (organization_id);

CREATE TABLE campaign_participations (
    id                       INTEGER PRIMARY KEY,
    campaign_id              INTEGER NOT NULL REFERENCES campaigns (id),
    user_id                  INTEGER NOT NULL REFERENCES users (id),
    organization_learner_id  INTEGER REFERENCES organization_learners (id),
    assessment_id            INTEGER REFERENCES assessments (id),
    external_id              TEXT,
    status                   TEXT NOT NULL CHECK (status IN ('STARTED', 'TO_SHARE', 'SHARED')),
    created_at               TEXT NOT NULL,
    shared_at                TEXT,
    mastery_rate             REAL,
    pix_score                INTEGER,
    results                  TEXT,              -- JSON snapshot taken when shared
    improved                 BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX campaign_participations_campaign ON campaign_participations (campaign_id, status);
CREATE INDEX campaign_participations_user ON campaign_participations (user_id);

CREATE TABLE campaign_reminders (
    id               INTEGER PRIMARY KEY,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
    participation_id INTEGER NOT NULL REFERENCES campaign_participations (id),
    sent_by          INTEGER NOT NULL REFERENCES users (id),
    sent_at          TEXT NOT NULL
);
CREATE INDEX campaign_reminders_participation ON campaign_reminders (participation_id);
