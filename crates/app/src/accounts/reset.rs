//! Password reset: a one-hour link by mail (`Letter::PasswordReset`, queued in the same
//! transaction as the token), used once. Asking never says whether the email has an account.

use acquis_core::account::{AccountError, Password};
use chrono::Duration;

use super::{password, token};
use crate::{App, AppError, Letter};

/// How long a password-reset link works.
pub const RESET_HOURS: i64 = 1;

/// Starts a password reset: if the email has an account, mails it a one-hour link. Says
/// nothing about whether it has one.
pub async fn request_reset(app: &App, email: &str, locale: &str) -> Result<(), AppError> {
    let Some(user) = app
        .store
        .user_by_email(email)
        .await?
        .filter(|u| u.anonymised_at.is_none())
    else {
        return Ok(());
    };
    let (secret, hash) = token::new_token();
    let now = app.now();
    let link = format!(
        "{}/reinitialiser-mot-de-passe?jeton={secret}",
        app.settings().public_url
    );
    let letter = Letter::PasswordReset {
        name: user.first_name.clone(),
        link,
    };
    let mail = app.mail_job(&user.email, locale, &letter)?;
    let expires = now + Duration::hours(RESET_HOURS);
    app.store
        .create_password_reset(&hash, user.id, expires, now, &[mail])
        .await?;
    app.wake_worker();
    Ok(())
}

/// Whether a reset token can still be used.
pub async fn reset_token_valid(app: &App, secret: &str) -> Result<bool, AppError> {
    Ok(app
        .store
        .password_reset_user(&token::hash(secret), app.now())
        .await?
        .is_some())
}

/// Why a reset failed.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// The link is unknown, used or expired.
    #[error("invalid or expired link")]
    InvalidToken,
    /// The new password breaks the policy.
    #[error(transparent)]
    Rule(#[from] AccountError),
    /// Storage or hashing failed.
    #[error("internal error")]
    Internal,
}

/// Sets a new password with a reset token (used once): lifts every sign-in lock and revokes
/// the account's portal sessions, API tokens and other reset links.
pub async fn reset_password(
    app: &App,
    secret: &str,
    new_password: &str,
) -> Result<i64, ResetError> {
    let password = Password::parse(new_password)?;
    let hash = password::hash(password.expose())
        .await
        .map_err(|_| ResetError::Internal)?;
    // One transaction: the link used, the password set, every lock lifted (the link proves
    // the mailbox), other sessions, API tokens and pending links revoked.
    let user = app
        .store
        .reset_password(&token::hash(secret), &hash, app.now())
        .await
        .map_err(|_| ResetError::Internal)?
        .ok_or(ResetError::InvalidToken)?;
    Ok(user)
}

impl ResetError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            ResetError::InvalidToken => "invalid_token",
            ResetError::Rule(AccountError::PasswordTooLong) => "password_too_long",
            ResetError::Rule(_) => "weak_password",
            ResetError::Internal => "internal",
        }
    }
}
