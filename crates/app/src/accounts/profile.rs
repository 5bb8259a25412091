//! What a signed-in learner changes on `/compte`: names, email, password (each checked first
//! by the caller's form), and the deletion of the account (anonymised in one transaction).

use acquis_core::account::{Email, Password};
use acquis_core::ids::UserId;
use acquis_store::StoreError;

use super::password;
use crate::{App, AppError};

/// Why an email change was refused.
#[derive(Debug, thiserror::Error)]
pub enum EmailChangeError {
    /// Another account uses this email.
    #[error("an account already uses this email")]
    Taken,
    /// Storage failed.
    #[error(transparent)]
    Store(AppError),
}

impl EmailChangeError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            EmailChangeError::Taken => "email_taken",
            EmailChangeError::Store(_) => "internal",
        }
    }
}

/// Sets the account's first and last names (already parsed with `sign_up::parse_name`).
pub async fn change_names(
    app: &App,
    user: UserId,
    first: &str,
    last: &str,
) -> Result<(), AppError> {
    Ok(app.store.update_names(user.get(), first, last).await?)
}

/// Sets the account's email.
pub async fn change_email(app: &App, user: UserId, email: &Email) -> Result<(), EmailChangeError> {
    match app.store.update_email(user.get(), email.as_str()).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(EmailChangeError::Taken),
        Err(e) => Err(EmailChangeError::Store(e.into())),
    }
}

/// Sets the account's password (hashed here), revoking the account's other portal sessions,
/// its API tokens and pending reset links in the same transaction. Returns the account's new
/// credential epoch, for the caller's own session to stay signed in.
pub async fn change_password(app: &App, user: UserId, new: &Password) -> Result<i32, AppError> {
    let hash = password::hash(new.expose()).await?;
    Ok(app.store.update_password(user.get(), &hash).await?)
}

/// Anonymises the account in one transaction (the person asked for it themselves).
pub async fn delete(app: &App, user: UserId) -> Result<(), AppError> {
    let audit = acquis_store::NewAuditEntry {
        at: app.now(),
        actor_user_id: Some(user.get()),
        actor_role: None,
        action: acquis_core::operator::AuditAction::UserAnonymised,
        target: acquis_core::operator::AuditTarget::User(user.get()),
        detail: "asked by the account holder",
        client: "",
    };
    Ok(app.store.anonymise_user(user.get(), audit).await?)
}
