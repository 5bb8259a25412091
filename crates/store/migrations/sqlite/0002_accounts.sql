-- Accounts: login lockout, sessions, API tokens, password resets, audit log; focus tracking.

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN locked_permanently BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,          -- SHA-256 of the token, hex
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,          -- SHA-256 of the token, hex
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_user_id  INTEGER,
    action         TEXT NOT NULL,
    target_user_id INTEGER,
    detail         TEXT NOT NULL DEFAULT ''
);

ALTER TABLE assessments ADD COLUMN focused_out_challenge TEXT;
ALTER TABLE assessments ADD COLUMN improving BOOLEAN NOT NULL DEFAULT FALSE;
