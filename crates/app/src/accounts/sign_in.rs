//! Sign-in with lockout (`core`'s `Lockout`: failures count, a lock lasts, then a permanent
//! one), and the account a session or an API token stands for.

use crate::AppError;
use acquis_core::account::Lockout;
use acquis_store::{LoginState, StoreError};
use chrono::DateTime;

use super::{UserRecord, password};
use crate::App;

/// Why sign-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown email or wrong password (never said which).
    #[error("invalid credentials")]
    Invalid,
    /// Too many failures.
    #[error("account locked")]
    Locked,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] AppError),
}

fn lockout_of(user: &UserRecord) -> Lockout {
    Lockout {
        failures: user.failed_logins,
        locked_until: user.locked_until.map(|t| t.timestamp()),
        permanent: user.locked_permanently,
    }
}

fn login_state(l: Lockout) -> LoginState {
    LoginState {
        failed_logins: l.failures,
        locked_until: l.locked_until.and_then(|s| DateTime::from_timestamp(s, 0)),
        locked_permanently: l.permanent,
    }
}

/// Checks credentials at the clock's time, counting failures towards the lockout.
pub async fn sign_in(app: &App, email: &str, pass: &str) -> Result<UserRecord, SignInError> {
    let now = app.now();
    let user = app
        .store
        .user_by_email(email)
        .await?
        .filter(|u| u.anonymised_at.is_none());
    let Some(user) = user else {
        // Same work as for a real account, so timing does not reveal which emails exist.
        let _ = password::verify(&password::DUMMY_HASH, pass).await;
        return Err(SignInError::Invalid);
    };
    let lockout = lockout_of(&user);
    if lockout.is_locked(now.timestamp()) {
        return Err(SignInError::Locked);
    }
    if password::verify(&user.password_hash, pass).await {
        if lockout.failures > 0 {
            app.store
                .set_login_state(user.id, login_state(lockout.after_success()))
                .await?;
        }
        Ok(user)
    } else {
        let after = lockout.after_failure(now.timestamp());
        app.store
            .set_login_state(user.id, login_state(after))
            .await?;
        if after.is_locked(now.timestamp()) {
            Err(SignInError::Locked)
        } else {
            Err(SignInError::Invalid)
        }
    }
}

impl SignInError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::Invalid => "invalid_credentials",
            SignInError::Locked => "account_locked",
            SignInError::Store(_) => "internal",
        }
    }
}

/// The account `id` (a session's), unless it is gone or anonymised.
pub async fn active_user(app: &App, id: i64) -> Result<Option<UserRecord>, AppError> {
    Ok(app
        .store
        .user(id)
        .await?
        .filter(|u| u.anonymised_at.is_none()))
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Store(e.into())
    }
}
