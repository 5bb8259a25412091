//! Accounts as a service shared by the portal and the API: sign-up, sign-in with lockout,
//! password reset, email and password changes, anonymisation.

pub mod export;

use acquis_core::account::{AccountError, Email, Lockout, Password};
use acquis_store::{LoginState, NewUser, StoreError, UserRecord};
use chrono::{DateTime, Duration, Utc};

use crate::AppState;
use crate::auth::{password, token};

/// How long a password-reset link works.
pub const RESET_HOURS: i64 = 1;

/// Why sign-up or an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignUpError {
    /// A name is empty.
    #[error("first and last name are required")]
    MissingName,
    /// A name is longer than 100 characters or holds a control character.
    #[error("a name must be at most 100 characters, without control characters")]
    InvalidName,
    /// Terms of use not accepted.
    #[error("the terms of use must be accepted")]
    TermsNotAccepted,
    /// Email or password refused.
    #[error(transparent)]
    Rule(#[from] AccountError),
    /// The email has an account already.
    #[error("an account already uses this email")]
    EmailTaken,
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
    /// Hashing failed.
    #[error("internal error")]
    Internal,
}

impl From<StoreError> for SignUpError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => SignUpError::EmailTaken,
            other => SignUpError::Store(other),
        }
    }
}

/// A sign-up request, as typed.
#[derive(Debug, Clone, Copy)]
pub struct SignUp<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// Email.
    pub email: &'a str,
    /// Password.
    pub password: &'a str,
    /// Terms accepted.
    pub accept_terms: bool,
    /// Preferred locale.
    pub locale: &'a str,
}

/// A first or last name as typed: trimmed, non-empty, at most 100 characters, no control
/// character.
pub fn parse_name(raw: &str) -> Result<&str, SignUpError> {
    use crate::pages::form::{MAX_NAME_CHARS, TextProblem, line};
    line(raw, MAX_NAME_CHARS).map_err(|p| match p {
        TextProblem::Missing => SignUpError::MissingName,
        TextProblem::TooLong | TextProblem::Control => SignUpError::InvalidName,
    })
}

/// Every problem of a sign-up form at once, with the field it is about (`first_name`,
/// `last_name`, `email`, `password`, `accept_terms`), in the form's order. A taken email is
/// only known on creation.
pub fn sign_up_problems(form: &SignUp<'_>) -> Vec<(&'static str, SignUpError)> {
    let mut problems = Vec::new();
    if let Err(e) = parse_name(form.first_name) {
        problems.push(("first_name", e));
    }
    if let Err(e) = parse_name(form.last_name) {
        problems.push(("last_name", e));
    }
    if let Err(e) = Email::parse(form.email) {
        problems.push(("email", e.into()));
    }
    if let Err(e) = Password::parse(form.password) {
        problems.push(("password", e.into()));
    }
    if !form.accept_terms {
        problems.push(("accept_terms", SignUpError::TermsNotAccepted));
    }
    problems
}

/// Creates an account (refusing with the first of [`sign_up_problems`]).
pub async fn sign_up(state: &AppState, form: SignUp<'_>) -> Result<UserRecord, SignUpError> {
    if let Some((_, e)) = sign_up_problems(&form).into_iter().next() {
        return Err(e);
    }
    let (first, last) = (form.first_name.trim(), form.last_name.trim());
    let email = Email::parse(form.email)?;
    let password = Password::parse(form.password)?;
    let hash = password::hash(password.expose())
        .await
        .map_err(|_| SignUpError::Internal)?;
    Ok(state
        .store
        .create_user(NewUser {
            first_name: first,
            last_name: last,
            email: email.as_str(),
            password_hash: &hash,
            locale: form.locale,
            terms_accepted_at: Some(Utc::now()),
        })
        .await?)
}

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
    Store(#[from] StoreError),
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

/// Checks credentials, counting failures towards the lockout.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    pass: &str,
    now: DateTime<Utc>,
) -> Result<UserRecord, SignInError> {
    let user = state
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
            state
                .store
                .set_login_state(user.id, login_state(lockout.after_success()))
                .await?;
        }
        Ok(user)
    } else {
        let after = lockout.after_failure(now.timestamp());
        state
            .store
            .set_login_state(user.id, login_state(after))
            .await?;
        if after.is_locked(now.timestamp()) {
            Err(SignInError::Locked)
        } else {
            Err(SignInError::Invalid)
        }
    }
}

/// Starts a password reset: if the email has an account, mails it a one-hour link. Says
/// nothing about whether it has one.
pub async fn request_reset(
    state: &AppState,
    email: &str,
    lang: crate::i18n::Lang,
) -> Result<(), StoreError> {
    let Some(user) = state
        .store
        .user_by_email(email)
        .await?
        .filter(|u| u.anonymised_at.is_none())
    else {
        return Ok(());
    };
    let (secret, hash) = token::new_token();
    state
        .store
        .create_password_reset(&hash, user.id, Utc::now() + Duration::hours(RESET_HOURS))
        .await?;
    let link = format!(
        "{}/reinitialiser-mot-de-passe?jeton={secret}",
        state.config.public_url
    );
    let subject = lang.t("mail-reset-subject");
    let body = lang.t_args(
        "mail-reset-body",
        &[
            ("name", crate::i18n::text(user.first_name.clone())),
            ("link", crate::i18n::text(link)),
        ],
    );
    if let Err(e) = state.mailer.send(&user.email, &subject, &body).await {
        tracing::error!(error = %e, "password reset mail not sent");
    }
    Ok(())
}

/// Whether a reset token can still be used.
pub async fn reset_token_valid(state: &AppState, secret: &str) -> Result<bool, StoreError> {
    Ok(state
        .store
        .password_reset_user(&token::hash(secret), Utc::now())
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

/// Sets a new password with a reset token (used once).
pub async fn reset_password(
    state: &AppState,
    secret: &str,
    new_password: &str,
) -> Result<i64, ResetError> {
    let password = Password::parse(new_password)?;
    let hash = password::hash(password.expose())
        .await
        .map_err(|_| ResetError::Internal)?;
    let user = state
        .store
        .consume_password_reset(&token::hash(secret), Utc::now())
        .await
        .map_err(|_| ResetError::Internal)?
        .ok_or(ResetError::InvalidToken)?;
    state
        .store
        .update_password(user, &hash)
        .await
        .map_err(|_| ResetError::Internal)?;
    Ok(user)
}
