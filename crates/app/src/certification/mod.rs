//! The certification portal's use cases: centres and their members (a centre always keeps an
//! administrator, as an organisation does), sessions with their access code and invigilator
//! password, and the candidates enrolled in them (one by one or by file, with their
//! convocation mails).
//!
//! Every use case that touches a centre's data takes a [`CentreMembership`] (or a
//! [`CentreAdministration`]), a value only [`App::centre_membership`](crate::App::centre_membership)
//! hands out after the database said the user is a member: "only a member of this centre" is
//! checked by the type system. Nothing here knows of HTTP.

mod access;
pub mod candidates;
pub mod centres;
pub mod certificates;
pub mod course;
mod error;
pub mod events;
pub mod finalisation;
pub mod invigilation;
mod operator;
pub mod publication;
pub mod scoring;
pub mod sessions;

pub use access::{CentreAdministration, CentreMembership};
pub use error::CertifError;
pub use operator::Operator;

pub use acquis_core::certification::session::{
    SessionField, SessionForm, SessionProblem, SessionStatus,
};
pub use acquis_core::ids::{CandidateId, CentreId, CentreInvitationId, SessionId};
pub use acquis_store::{
    CandidateRecord, CentreRecord, InvitationRecord, MemberRecord, SessionFilter, SessionRecord,
};
