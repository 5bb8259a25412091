-- Trainings an organisation recommends, attached to one or more of its target profiles.
CREATE TABLE trainings (
    id               INTEGER PRIMARY KEY,
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    title            TEXT NOT NULL,
    link             TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    locale           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    editor           TEXT NOT NULL DEFAULT '',
    triggers         TEXT NOT NULL,           -- JSON: core's triggers (kind, capped tubes, threshold)
    created_at       TEXT NOT NULL
);
CREATE INDEX trainings_organization ON trainings (organization_id);

CREATE TABLE target_profile_trainings (
    target_profile_id INTEGER NOT NULL REFERENCES target_profiles (id),
    training_id       INTEGER NOT NULL REFERENCES trainings (id),
    PRIMARY KEY (target_profile_id, training_id)
);
CREATE INDEX target_profile_trainings_training ON target_profile_trainings (training_id);
