//! Campaigns as a service shared by the organisation portal, the learner pages and the API.
//!
//! `definition` is what a target profile stores (its tubes, stages and badges); `results` is
//! what a shared participation keeps, from which every export and analysis is computed without
//! touching knowledge elements again.

pub mod definition;
pub mod results;
pub mod service;

pub use definition::ProfileDefinition;
pub use results::SharedResults;
