-- Double clicks and concurrent requests start things once.
--
-- A participation carries its attempt number in its campaign (1, then 2 for a retry, ...):
-- (campaign, account, attempt) is unique, so two joins decided at once cannot both insert.
ALTER TABLE campaign_participations ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
UPDATE campaign_participations SET attempt = (
    SELECT COUNT(*) FROM campaign_participations earlier
    WHERE earlier.campaign_id = campaign_participations.campaign_id
      AND earlier.user_id = campaign_participations.user_id
      AND earlier.id <= campaign_participations.id
);
CREATE UNIQUE INDEX campaign_participations_attempt
    ON campaign_participations (campaign_id, user_id, attempt);

-- At most one evaluation in progress per account and competence: older duplicates left by
-- earlier races are closed as aborted (the newest is the one the portal resumes).
UPDATE assessments SET state = 'aborted'
WHERE kind = 'competence_evaluation' AND state = 'started'
  AND id NOT IN (
    SELECT MAX(id) FROM assessments
    WHERE kind = 'competence_evaluation' AND state = 'started'
    GROUP BY user_id, competence
  );
CREATE UNIQUE INDEX assessments_one_started
    ON assessments (user_id, competence)
    WHERE kind = 'competence_evaluation' AND state = 'started';
