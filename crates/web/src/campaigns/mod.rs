//! Campaigns in the web layer: `trainings` reads an organisation's trainings. The learner's
//! use cases (join, results, share, reconciliation) and the definitions live in
//! `acquis_app::campaigns`, re-exported here for the pages that render them.

pub mod trainings;

pub use acquis_app::campaigns::{ProfileDefinition, SharedResults, definition, results};
