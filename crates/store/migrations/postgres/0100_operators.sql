-- The platform's operators (one role each, given to an existing account) and the audit log
-- grown to say who did what, with which role, on what, from which client. The audit log is
-- append-only: the database itself refuses to change or delete an entry.

CREATE TABLE operators (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('SUPER_ADMIN', 'SUPPORT', 'METIER', 'CERTIF')),
    granted_at TIMESTAMPTZ NOT NULL,
    granted_by BIGINT REFERENCES users (id)
);
CREATE INDEX operators_role ON operators (role);

ALTER TABLE audit_log ADD COLUMN actor_role TEXT;
ALTER TABLE audit_log ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'platform';
ALTER TABLE audit_log ADD COLUMN target_id BIGINT;
ALTER TABLE audit_log ADD COLUMN client TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET target_kind = 'user', target_id = target_user_id WHERE target_user_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
