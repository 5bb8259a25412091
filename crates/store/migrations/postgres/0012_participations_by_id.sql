-- Exports and analyses walk a campaign's participations page by page in id order: without
-- this index each page would sort the whole campaign.
CREATE INDEX campaign_participations_campaign_id ON campaign_participations (campaign_id, id);
