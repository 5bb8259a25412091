-- Importing the same list twice creates nobody twice: each imported learner carries the key
-- `core::campaign::roster::match_key` gives it (its national student id, else its names and
-- birth date), unique per organisation, so two imports running at once cannot both insert
-- the same person. Learners imported before this migration have no key yet: an import that
-- matches one writes it.
ALTER TABLE organization_learners ADD COLUMN national_id TEXT;
ALTER TABLE organization_learners ADD COLUMN match_key TEXT;
CREATE UNIQUE INDEX organization_learners_match_key
    ON organization_learners (organization_id, match_key) WHERE match_key IS NOT NULL;
