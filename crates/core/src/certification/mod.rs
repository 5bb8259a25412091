//! Certification: the rules of centres, sessions, candidates and the certification test.
//!
//! - [`codes`]: the invigilator password (the access code is [`crate::campaign::code::SessionCode`]).
//! - [`session`]: a session's details, checked, and its status derived from facts.
//! - [`candidate`]: a candidate's details, checked field by field (form and CSV import).
//! - [`eligibility`]: who may be certified (5 competences at level 1 or more).
//! - [`matching`]: how a candidate's typed names are compared with the enrolment.
//! - [`course`]: the certification test itself — which question comes next, timers, alerts,
//!   authorisations — as a pure state machine over the IRT engine.
//! - [`finalisation`]: what the centre states when it closes a session (abort reasons, issue
//!   reports, incidents, comment).
//! - [`scoring`]: the automatic resolution of issue reports and the result of a test.
//! - [`review`]: the operator's review of a scored test (decisions on reports, question
//!   overrides, cancellation), as facts the scoring reads.
//! - [`verification`]: the certificate's verification code.

pub mod candidate;
pub mod codes;
pub mod course;
pub mod eligibility;
pub mod finalisation;
pub mod matching;
pub mod review;
pub mod scoring;
pub mod session;
pub mod verification;
