-- Item calibration (issue 15): each run of `acquis calibrate` writes a new, never edited,
-- parameter set: a version label, the release whose challenges it covers, the options it ran
-- with, and per challenge the 2PL parameters with their standard errors and fit. A new
-- certification settings version may adopt a set; published results keep the version they were
-- computed with.
--
-- The items are a child table rather than a JSON column: the admin page sorts and filters a
-- set's items (by fit, by answers), and adopting a set reads the parameters of the challenges
-- of one bank, both of which a keyed row serves without parsing a document of thousands of
-- entries.

CREATE TABLE item_parameter_sets (
    id             INTEGER PRIMARY KEY,
    version        TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    release_id     INTEGER NOT NULL REFERENCES content_releases (id),
    options        TEXT NOT NULL,           -- the calibration options as JSON
    anchors        INTEGER NOT NULL,
    latent         TEXT NOT NULL CHECK (latent IN ('standard', 'linked')),
    latent_mean    REAL NOT NULL,
    latent_sd      REAL NOT NULL,
    persons        INTEGER NOT NULL,
    answers        INTEGER NOT NULL,
    iterations     INTEGER NOT NULL,
    converged      INTEGER NOT NULL,
    log_likelihood REAL NOT NULL
);

CREATE TABLE item_parameters (
    set_id       INTEGER NOT NULL REFERENCES item_parameter_sets (id) ON DELETE CASCADE,
    challenge_id TEXT NOT NULL,
    a            REAL NOT NULL,
    b            REAL NOT NULL,
    se_a         REAL,
    se_b         REAL,
    fit          REAL NOT NULL,             -- RMSD, see docs/calibration.md
    answers      INTEGER NOT NULL,
    fixed        INTEGER NOT NULL,
    PRIMARY KEY (set_id, challenge_id)
);
