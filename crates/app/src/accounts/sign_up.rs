//! Sign-up: every problem of the form at once, then the account, with its Argon2id hash.

use crate::AppError;
use acquis_core::account::{AccountError, Email, Password};
use acquis_store::{NewUser, StoreError};

use super::{UserRecord, password};
use crate::App;

/// Longest first or last name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

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
    Store(AppError),
    /// Hashing failed.
    #[error("internal error")]
    Internal,
}

impl From<StoreError> for SignUpError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => SignUpError::EmailTaken,
            other => SignUpError::Store(other.into()),
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
    let value = raw.trim();
    if value.is_empty() {
        Err(SignUpError::MissingName)
    } else if value.chars().count() > MAX_NAME_CHARS || value.chars().any(char::is_control) {
        Err(SignUpError::InvalidName)
    } else {
        Ok(value)
    }
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
pub async fn sign_up(app: &App, form: SignUp<'_>) -> Result<UserRecord, SignUpError> {
    if let Some((_, e)) = sign_up_problems(&form).into_iter().next() {
        return Err(e);
    }
    let (first, last) = (form.first_name.trim(), form.last_name.trim());
    let email = Email::parse(form.email)?;
    let password = Password::parse(form.password)?;
    let hash = password::hash(password.expose())
        .await
        .map_err(|_| SignUpError::Internal)?;
    Ok(app
        .store
        .create_user(
            NewUser {
                first_name: first,
                last_name: last,
                email: email.as_str(),
                password_hash: &hash,
                locale: form.locale,
                terms_accepted_at: Some(app.now()),
            },
            app.now(),
        )
        .await?)
}

impl SignUpError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            SignUpError::MissingName => "missing_name",
            SignUpError::InvalidName => "invalid_name",
            SignUpError::TermsNotAccepted => "terms_not_accepted",
            SignUpError::Rule(AccountError::InvalidEmail) => "invalid_email",
            SignUpError::Rule(AccountError::PasswordTooLong) => "password_too_long",
            SignUpError::Rule(_) => "weak_password",
            SignUpError::EmailTaken => "email_taken",
            SignUpError::Store(_) | SignUpError::Internal => "internal",
        }
    }
}
