-- What the learner did, in words, when a simulator gave the answer (the value is an internal
-- token that is never shown): written by the simulator, shown only in the learner's corrections.
ALTER TABLE answers ADD COLUMN label TEXT;
