-- Reconciling accounts with organisation learners when they join a campaign.
-- `source` tells an imported learner (matched against the identity a joining account gives)
-- from one created from the account's names (organisations without an imported list).
ALTER TABLE organization_learners
    ADD COLUMN source TEXT NOT NULL DEFAULT 'IMPORTED' CHECK (source IN ('IMPORTED', 'JOINED'));
-- An account is at most one learner of an organisation, found at once when it joins.
CREATE UNIQUE INDEX organization_learners_user ON organization_learners (organization_id, user_id);
-- Candidates for an identity are read by birth date, then compared by name.
CREATE INDEX organization_learners_birthdate ON organization_learners (organization_id, birthdate);

-- Participations started before reconciliation belong to a learner made from the account's
-- names, as new ones in an organisation without a list do.
INSERT INTO organization_learners (organization_id, first_name, last_name, user_id, source, created_at)
SELECT DISTINCT c.organization_id, u.first_name, u.last_name, u.id, 'JOINED', now()
FROM campaign_participations p
JOIN campaigns c ON c.id = p.campaign_id
JOIN users u ON u.id = p.user_id
WHERE p.organization_learner_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM organization_learners ol
                  WHERE ol.organization_id = c.organization_id AND ol.user_id = u.id);
UPDATE campaign_participations SET organization_learner_id = (
    SELECT ol.id FROM organization_learners ol JOIN campaigns c ON c.organization_id = ol.organization_id
    WHERE c.id = campaign_participations.campaign_id AND ol.user_id = campaign_participations.user_id
)
WHERE organization_learner_id IS NULL;
