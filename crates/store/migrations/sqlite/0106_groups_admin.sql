-- The operator's management of organisations and certification centres: tags to find and
-- group them, archiving (an archived organisation or centre is closed to its members, kept
-- for the record), and a centre's accreditations (the core certification today). Every
-- existing centre keeps running: it is given the core accreditation.

ALTER TABLE organizations ADD COLUMN archived_at TEXT;
ALTER TABLE centres ADD COLUMN archived_at TEXT;

CREATE TABLE organization_tags (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    tag             TEXT NOT NULL,
    PRIMARY KEY (organization_id, tag)
);
CREATE INDEX organization_tags_tag ON organization_tags (tag);

CREATE TABLE centre_tags (
    centre_id INTEGER NOT NULL REFERENCES centres (id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (centre_id, tag)
);
CREATE INDEX centre_tags_tag ON centre_tags (tag);

CREATE TABLE centre_accreditations (
    centre_id     INTEGER NOT NULL REFERENCES centres (id),
    certification TEXT NOT NULL CHECK (certification IN ('CORE')),
    granted_at    TEXT NOT NULL,
    granted_by    INTEGER REFERENCES users (id),
    PRIMARY KEY (centre_id, certification)
);
INSERT INTO centre_accreditations (centre_id, certification, granted_at)
    SELECT id, 'CORE', created_at FROM centres;
