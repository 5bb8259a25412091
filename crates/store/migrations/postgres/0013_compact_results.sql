-- The compact form of a shared participation's results, read by the campaign analysis instead
-- of the JSON snapshot: the validated target positions as hexadecimal digits (results_bits)
-- and the fingerprint of the target they refer to (results_target). Participations shared
-- before, or on a target that has changed since, have none or another fingerprint: the
-- analysis then reads the snapshot.
ALTER TABLE campaign_participations ADD COLUMN results_target TEXT;
ALTER TABLE campaign_participations ADD COLUMN results_bits TEXT;
