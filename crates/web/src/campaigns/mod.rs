//! Campaigns as a service shared by the organisation portal, the learner pages and the API.
//!
//! `definition` is what a target profile stores (its tubes, stages and badges); `results` is
//! what a shared participation keeps, from which every export and analysis is computed without
//! touching knowledge elements again; `learner` says which organisation learner a joining
//! account is; `trainings` reads an organisation's trainings.

pub mod learner;
pub mod service;
pub mod trainings;

pub use acquis_app::campaigns::{ProfileDefinition, SharedResults, definition, results};
