//! What can go wrong in the organisation portal, as stable codes the pages translate.

use acquis_store::StoreError;

use crate::AppError;

/// An organisation use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    /// The organisation, or the thing of it asked for, does not exist, or the caller is not
    /// a member (who must not learn that it exists).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique value is taken (a national id, a key another import took meanwhile).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The caller is a member but the action is an administrator's.
    #[error("administrators only")]
    NotAdministrator,
    /// The change would leave the organisation without an administrator.
    #[error("an organisation keeps at least one administrator")]
    LastAdministrator,
    /// Not an email address.
    #[error("invalid email address")]
    InvalidEmail,
    /// The organisation's name is empty.
    #[error("an organisation has a name")]
    EmptyName,
    /// The invitation was sent to another address than the account's.
    #[error("the invitation is for another email address")]
    InvitationForAnother,
    /// Every code drawn was taken.
    #[error("no free campaign code")]
    NoFreeCode,
    /// A mail could not be sent (the change it announces is committed).
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
    /// Anything else.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for OrgError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => OrgError::NotFound(what),
            StoreError::Conflict(what) => OrgError::Conflict(what),
            other => OrgError::App(other.into()),
        }
    }
}

impl OrgError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            OrgError::NotFound(_) => "not_found",
            OrgError::Conflict(_) => "conflict",
            OrgError::NotAdministrator => "not_administrator",
            OrgError::LastAdministrator => "last_administrator",
            OrgError::InvalidEmail => "invalid_email",
            OrgError::EmptyName => "empty_name",
            OrgError::InvitationForAnother => "invitation_for_another",
            OrgError::NoFreeCode => "no_free_code",
            OrgError::Mail(_) => "mail_not_sent",
            OrgError::App(e) => e.code(),
        }
    }
}
