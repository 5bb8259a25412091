//! The operator's use cases (the `/admin` portal and the `acquis admin` commands): who is an
//! operator and with which role ([`access`], [`operators`]), support's work on people
//! ([`people`]), organisations and centres ([`groups`]), content releases ([`releases`]),
//! certification review ([`review`]), item statistics ([`items`]), and the audit log every
//! operator change writes ([`audit`]). Every use case takes an [`Operator`], the proof that the
//! caller is one, and first asks it for the permission the change needs
//! ([`Operator::require`]), so a role's limits hold on the server whatever page or command
//! calls it.

pub mod access;
pub mod audit;
mod error;
pub mod groups;
pub mod items;
pub mod operators;
pub mod people;
pub mod releases;
pub mod review;

pub use access::{Client, Operator};
pub use acquis_core::operator::{AuditAction, AuditTarget, OperatorRole, Permission};
pub use acquis_store::{
    AuditQuery, AuditRecord, Group, GroupKind, GroupQuery, GroupRow, Matching, OperatorRecord,
    PersonField, PersonRow,
};
pub use error::AdminError;
