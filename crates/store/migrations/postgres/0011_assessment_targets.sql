-- The target skills of assessments that are not on one competence (campaigns).
CREATE TABLE assessment_targets (
    assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id),
    skills        TEXT NOT NULL            -- JSON array of skill ids
);
CREATE INDEX campaign_participations_assessment ON campaign_participations (assessment_id);
