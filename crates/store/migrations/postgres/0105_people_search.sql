-- Finding a person among millions without reading them all: exact searches go through
-- indexes on the lower-cased names (the email is already unique and stored lower-cased);
-- "contains" searches go through trigram indexes (pg_trgm, a trusted extension, kept in the
-- public schema so every schema of the database shares it).

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE INDEX users_last_name ON users (lower(last_name), lower(first_name));
CREATE INDEX users_first_name ON users (lower(first_name));
CREATE INDEX users_email_trgm ON users USING gin (email public.gin_trgm_ops);
CREATE INDEX users_last_name_trgm ON users USING gin (lower(last_name) public.gin_trgm_ops);
CREATE INDEX users_first_name_trgm ON users USING gin (lower(first_name) public.gin_trgm_ops);
