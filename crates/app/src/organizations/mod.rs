//! The organisation portal's use cases: who may act on an organisation ([`Membership`], a
//! value only [`App::membership`](crate::App::membership) hands out), its members and
//! invitations (an organisation always keeps an administrator), target profiles, campaigns
//! (with their codes), trainings, learners, follow-up and reminders, analysis and exports.
//!
//! Every use case that touches an organisation's data takes a `Membership` (or an
//! [`Administration`]) as its first argument, so "only a member of this organisation" is
//! checked by the type system, not by each caller. Nothing here knows of HTTP.

mod access;
pub mod analysis;
pub mod campaigns;
mod error;
pub mod export;
pub mod follow_up;
pub mod learners;
pub mod members;
pub mod profiles;
pub mod trainings;

pub use access::{Administration, Membership};
pub use error::OrgError;

pub use acquis_core::ids::{
    InvitationId, OrganizationId, OrganizationLearnerId, TargetProfileId, TrainingId,
};
pub use acquis_core::organization::{OrganizationKind, Role};
/// What the portal's pages render: the store's records are plain data (the store itself is
/// never reachable from here).
pub use acquis_store::{
    AnalysisRecord, CampaignRecord, InvitationRecord, LearnerQuery, LearnerSort, MemberRecord,
    NewOrganizationLearner, OrganizationLearnerRecord, OrganizationRecord, ParticipantFilter,
    ParticipantRecord, ParticipantSort, TargetProfileRecord, TrainingRecord,
};
