-- Finding a person among millions without reading them all: exact searches go through
-- indexes on the lower-cased names (the email is already unique and stored lower-cased);
-- "contains" searches go through a full-text index of trigrams over the names and the email,
-- kept in step with the users table by triggers.

CREATE INDEX users_last_name ON users (lower(last_name), lower(first_name));
CREATE INDEX users_first_name ON users (lower(first_name));

CREATE VIRTUAL TABLE users_search USING fts5 (
    first_name, last_name, email,
    content = 'users', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO users_search (rowid, first_name, last_name, email)
    SELECT id, first_name, last_name, email FROM users;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, first_name, last_name, email)
        VALUES (new.id, new.first_name, new.last_name, new.email);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, first_name, last_name, email)
        VALUES ('delete', old.id, old.first_name, old.last_name, old.email);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF first_name, last_name, email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, first_name, last_name, email)
        VALUES ('delete', old.id, old.first_name, old.last_name, old.email);
    INSERT INTO users_search (rowid, first_name, last_name, email)
        VALUES (new.id, new.first_name, new.last_name, new.email);
END;
