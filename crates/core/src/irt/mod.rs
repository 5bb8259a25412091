//! Item response theory: the certification engine and item calibration.
//!
//! A 2PL model ([`model`]), a Bayesian capacity estimate on a fixed grid with a prior
//! re-centred at each answer ([`estimate`]), Fisher-information selection randomised among the
//! best items or, from v4-2026-ec, Sympson–Hetter exposure control ([`selection`], with
//! parameters calibrated per bank in [`exposure`]), and the mapping of a capacity to a score and
//! competence levels, aborted tests included ([`score`]). Every parameter lives in one versioned
//! [`IrtConfig`] so that a published result can always be recomputed with the parameters it was
//! computed with. Item parameters are estimated from answers by marginal maximum likelihood
//! ([`calibration`]). Pure: randomness comes from the generator the caller passes.

pub mod calibration;
pub mod config;
pub mod estimate;
pub mod exposure;
pub mod model;
pub mod score;
pub mod selection;

pub use calibration::{
    CalibrationError, CalibrationFit, CalibrationOptions, ItemEstimate, ItemRole, ItemStart,
    LatentDistribution, NormalPrior, Responses, calibrate,
};
pub use config::{ExposureControl, IrtConfig, ScoreScale, SelectionConfig, SympsonHetterSettings};
pub use estimate::{CapacityEstimator, Estimate};
pub use exposure::{Calibration, CalibrationRound, ExposureParameters};
pub use model::{Item, ItemBank, ItemParams, NO_GROUP};
pub use score::{CertificationScore, ScoringError, score_answers};
pub use selection::{Eligibility, Selected, Selection, TestState};
