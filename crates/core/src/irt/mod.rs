//! Item response theory: the certification engine (and, later, calibration).
//!
//! A 2PL model ([`model`]), a Bayesian capacity estimate on a fixed grid with a prior
//! re-centred at each answer ([`estimate`]), Fisher-information selection randomised among the
//! best items for exposure control ([`selection`]), and the mapping of a capacity to a score and
//! competence levels, aborted tests included ([`score`]). Every parameter lives in one versioned
//! [`IrtConfig`] so that a published result can always be recomputed with the parameters it was
//! computed with. Pure: randomness comes from the generator the caller passes.

pub mod config;
pub mod estimate;
pub mod model;
pub mod score;
pub mod selection;

pub use config::{IrtConfig, ScoreScale, SelectionConfig};
pub use estimate::{CapacityEstimator, Estimate};
pub use model::{Item, ItemBank, ItemParams, NO_GROUP};
pub use score::{CertificationScore, ScoringError, score_answers};
pub use selection::{Eligibility, Selected, Selection, TestState};
