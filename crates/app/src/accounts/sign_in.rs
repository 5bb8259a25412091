//! Sign-in with lockout (`core`'s `Lockout`: failures count, a lock lasts, then a permanent
//! one), and the account a session or an API token stands for.

use crate::AppError;
use acquis_core::account::Lockout;
use acquis_store::{LoginState, StoreError};
use chrono::{DateTime, Utc};

use super::{UserRecord, password};
use crate::App;

/// Why sign-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown email or wrong password (never said which).
    #[error("invalid credentials")]
    Invalid,
    /// Too many failures: refused without checking the password.
    #[error("account locked")]
    Locked(Lock),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] AppError),
}

/// A sign-in lock, as the person is told about it (each lifts with a password reset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Refused for this many more minutes (rounded up), after
    /// [`acquis_core::account::TEMPORARY_LOCK_AFTER`] failures.
    Temporary {
        /// Minutes until sign-in is allowed again.
        minutes_left: i64,
    },
    /// Refused until a password reset or an operator lifts it, after
    /// [`acquis_core::account::PERMANENT_LOCK_AFTER`] failures.
    Permanent,
}

fn lockout_of(state: LoginState) -> Lockout {
    Lockout {
        failures: state.failed_logins,
        locked_until: state.locked_until.map(|t| t.timestamp()),
        permanent: state.locked_permanently,
    }
}

fn login_state(l: Lockout) -> LoginState {
    LoginState {
        failed_logins: l.failures,
        locked_until: l.locked_until.and_then(|s| DateTime::from_timestamp(s, 0)),
        locked_permanently: l.permanent,
    }
}

fn lock_of(state: LoginState, now: DateTime<Utc>) -> Lock {
    match state.locked_until {
        Some(until) if !state.locked_permanently => Lock::Temporary {
            minutes_left: ((until - now).num_seconds().max(1) + 59) / 60,
        },
        _ => Lock::Permanent,
    }
}

/// Checks credentials at the clock's time, counted towards the lockout (see
/// [`check_password`]).
pub async fn sign_in(app: &App, email: &str, pass: &str) -> Result<UserRecord, SignInError> {
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
    check_password(app, &user, pass).await?;
    Ok(user)
}

/// Checks `pass` against the account's password, as sign-in does and counted with it (the
/// current password asked on `/compte` goes through here too, so a stolen session cannot
/// guess it freely). Each attempt is counted as a failure in one atomic step *before* the
/// hash is checked, and refused unchecked once the account is locked: concurrent guesses
/// cannot race the lockout, and at most [`acquis_core::account::TEMPORARY_LOCK_AFTER`]
/// passwords are checked before the lock. A right password then puts the count back to what
/// a success leaves.
pub async fn check_password(app: &App, user: &UserRecord, pass: &str) -> Result<(), SignInError> {
    let now = app.now();
    let counted = app
        .store
        .count_sign_in_attempt(user.id, |state| {
            lockout_of(state).attempt(now.timestamp()).map(login_state)
        })
        .await?;
    let (before, after) = match counted {
        None => return Err(SignInError::Invalid),
        Some((before, None)) => return Err(SignInError::Locked(lock_of(before, now))),
        Some((before, Some(after))) => (before, after),
    };
    if password::verify(&user.password_hash, pass).await {
        app.store
            .set_login_state(user.id, login_state(lockout_of(before).after_success()))
            .await?;
        Ok(())
    } else if lockout_of(after).is_locked(now.timestamp()) {
        Err(SignInError::Locked(lock_of(after, now)))
    } else {
        Err(SignInError::Invalid)
    }
}

/// Lifts every sign-in lock of the account with this email on behalf of `op` (`acquis user
/// unlock`, the operator's portal), with its audit entry; `detail` says where it came from.
/// Returns whether there was anything to lift; `NotFound` if no active account has this email.
pub async fn unlock(
    app: &App,
    op: &crate::admin::Operator,
    email: &str,
    detail: &str,
) -> Result<bool, crate::admin::AdminError> {
    use acquis_core::operator::{AuditAction, AuditTarget, Permission};
    op.require(Permission::People)?;
    let user = app
        .store
        .user_by_email(email)
        .await?
        .filter(|u| u.anonymised_at.is_none())
        .ok_or(crate::admin::AdminError::NotFound("user"))?;
    let audit = op.audit(
        AuditAction::UserUnlocked,
        AuditTarget::User(user.id),
        detail,
        app.now(),
    );
    Ok(app.store.unlock_user(user.id, audit).await?)
}

impl SignInError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::Invalid => "invalid_credentials",
            SignInError::Locked(_) => "account_locked",
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
