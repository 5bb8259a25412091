-- Tutorials a learner keeps for later ("Mes tutos"). The tutorial is the content's id (a
-- release may drop it: the page then leaves it out). One row per learner and tutorial, so a
-- repeated or concurrent save stores one.
CREATE TABLE saved_tutorials (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    tutorial_id TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, tutorial_id)
);
