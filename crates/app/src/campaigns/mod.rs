//! Campaigns: what a target profile stores (`definition`: its tubes, stages and badges) and
//! what a shared participation keeps (`results`), from which every export and analysis is
//! computed without reading knowledge elements again; and the learner's side: find by code,
//! [join](join::join) (one transaction), the participation's results and sharing, and which
//! organisation learner a joining account is (`learner`).

pub mod definition;
mod error;
pub mod join;
pub mod learner;
pub mod participation;
pub mod results;

pub use definition::ProfileDefinition;
pub use error::CampaignError;
pub use join::{definition as profile_of, find, join, organization_name};
pub use learner::Claim;
pub use participation::{Shared, Sharing, current_results, owned, refresh, share};
pub use results::SharedResults;

/// What the pages and the API render of campaigns and participations (records are data).
pub use acquis_store::{CampaignRecord, ParticipationRecord};
