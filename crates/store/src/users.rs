//! Learner and staff accounts.

use chrono::{DateTime, Utc};

use crate::NewAuditEntry;
use crate::audit::write_audit;
use crate::{Store, StoreError, in_transaction, with_pool};

/// The password change shared by [`Store::update_password`] and [`Store::reset_password`],
/// on the caller's transaction `$tx`: evaluates to the new epoch, or `None` if the account is
/// not active (a macro, as the body is compiled once per backend).
macro_rules! replace_password_on {
    ($tx:ident, $user_id:expr, $password_hash:expr) => {{
        let epoch: Option<i32> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL,
             locked_permanently = FALSE, credential_epoch = credential_epoch + 1
             WHERE id = $2 AND anonymised_at IS NULL RETURNING credential_epoch",
        )
        .bind($password_hash)
        .bind($user_id)
        .fetch_optional(&mut *$tx)
        .await?;
        if epoch.is_some() {
            sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
                .bind($user_id)
                .execute(&mut *$tx)
                .await?;
            sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
                .bind($user_id)
                .execute(&mut *$tx)
                .await?;
        }
        epoch
    }};
}

/// An account to create. The password is already hashed by the caller (Argon2id).
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// Email; stored lower-cased.
    pub email: &'a str,
    /// PHC string of the password hash.
    pub password_hash: &'a str,
    /// Preferred locale.
    pub locale: &'a str,
    /// When the terms of use were accepted.
    pub terms_accepted_at: Option<DateTime<Utc>>,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRecord {
    /// 64-bit id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email, lower-cased.
    pub email: String,
    /// PHC string of the password hash.
    pub password_hash: String,
    /// Preferred locale.
    pub locale: String,
    /// When the terms were accepted.
    pub terms_accepted_at: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account was anonymised, if it was.
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Consecutive failed sign-ins.
    pub failed_logins: i32,
    /// Sign-in refused until then (temporary lockout).
    pub locked_until: Option<DateTime<Utc>>,
    /// Sign-in refused until an administrator unlocks the account.
    pub locked_permanently: bool,
    /// Bumped at every password change or reset: a session opened before is no longer valid.
    pub credential_epoch: i32,
}

const COLUMNS: &str = "id, first_name, last_name, email, password_hash, locale, terms_accepted_at, created_at, anonymised_at, failed_logins, locked_until, locked_permanently, credential_epoch";

/// The sign-in lockout state of an active account.
const SELECT_LOGIN_STATE: &str = "SELECT failed_logins, locked_until, locked_permanently FROM users
     WHERE id = $1 AND anonymised_at IS NULL";

/// Stores a sign-in lockout state: `$1..$3` the state, `$4` the account.
const UPDATE_LOGIN_STATE: &str =
    "UPDATE users SET failed_logins = $1, locked_until = $2, locked_permanently = $3 WHERE id = $4";

/// A user's sign-in lockout state, as computed by `core`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct LoginState {
    /// Consecutive failed sign-ins.
    pub failed_logins: i32,
    /// Temporary lockout end.
    pub locked_until: Option<DateTime<Utc>>,
    /// Permanent lockout.
    pub locked_permanently: bool,
}

impl Store {
    /// Creates an account; `Conflict` if the email is taken.
    #[tracing::instrument(skip_all)]
    pub async fn create_user(
        &self,
        user: NewUser<'_>,
        now: DateTime<Utc>,
    ) -> Result<UserRecord, StoreError> {
        let sql = format!(
            "INSERT INTO users (first_name, last_name, email, password_hash, locale, terms_accepted_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        );
        let email = user.email.trim().to_lowercase();
        let created = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(user.first_name)
                .bind(user.last_name)
                .bind(&email)
                .bind(user.password_hash)
                .bind(user.locale)
                .bind(user.terms_accepted_at)
                .bind(now)
                .fetch_one(pool)
                .await
        });
        created.map_err(|e| StoreError::conflict_on_unique(e, "an account with this email"))
    }

    /// The account with this email (case-insensitive), if any.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
        let email = email.trim().to_lowercase();
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(&email)
            .fetch_optional(pool)
            .await?))
    }

    /// The account with this id, if any.
    pub async fn user(&self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// Stores a user's sign-in lockout state.
    pub async fn set_login_state(&self, user_id: i64, state: LoginState) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(UPDATE_LOGIN_STATE)
                .bind(state.failed_logins)
                .bind(state.locked_until)
                .bind(state.locked_permanently)
                .bind(user_id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Counts one sign-in attempt on `user_id` before its password is checked, atomically:
    /// `decide` gets the stored state and returns the state to store (the attempt counted), or
    /// `None` to refuse it (nothing written). Concurrent attempts on one account are
    /// serialised (its row locked on PostgreSQL, the writer lock and `BEGIN IMMEDIATE` on
    /// SQLite), so each sees the count the previous one left. Returns the state before the
    /// attempt and what `decide` stored; `None` if there is no such active account.
    pub async fn count_sign_in_attempt<F>(
        &self,
        user_id: i64,
        decide: F,
    ) -> Result<Option<(LoginState, Option<LoginState>)>, StoreError>
    where
        F: FnOnce(LoginState) -> Option<LoginState>,
    {
        let postgres = self.backend() == crate::Backend::Postgres;
        let lock = if postgres { " FOR UPDATE" } else { "" };
        let select = format!("{SELECT_LOGIN_STATE}{lock}");
        Ok(in_transaction!(self, |tx| {
            let before: Option<LoginState> = sqlx::query_as(&select)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            match before {
                None => None,
                Some(before) => {
                    let after = decide(before);
                    if let Some(state) = after {
                        sqlx::query(UPDATE_LOGIN_STATE)
                            .bind(state.failed_logins)
                            .bind(state.locked_until)
                            .bind(state.locked_permanently)
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Some((before, after))
                }
            }
        }))
    }

    /// Lifts every sign-in lock of an account (temporary and permanent) and clears its
    /// failure count, writing who did it to the audit log; `NotFound` if there is no such
    /// active account. Returns whether the account was locked or had failures.
    pub async fn unlock_user(
        &self,
        user_id: i64,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        in_transaction!(self, |tx| {
            let before: Option<LoginState> = sqlx::query_as(SELECT_LOGIN_STATE)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound("user"));
            };
            let cleared = LoginState::default();
            sqlx::query(UPDATE_LOGIN_STATE)
                .bind(cleared.failed_logins)
                .bind(cleared.locked_until)
                .bind(cleared.locked_permanently)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            write_audit!(tx, audit);
            Ok(before != cleared)
        })
    }

    /// Changes a user's email; `Conflict` if another account has it.
    pub async fn update_email(&self, user_id: i64, email: &str) -> Result<(), StoreError> {
        let email = email.trim().to_lowercase();
        let result = with_pool!(self, |pool| {
            sqlx::query("UPDATE users SET email = $1 WHERE id = $2 AND anonymised_at IS NULL")
                .bind(&email)
                .bind(user_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        });
        match result.map_err(|e| StoreError::conflict_on_unique(e, "an account with this email"))? {
            0 => Err(StoreError::NotFound("user")),
            _ => Ok(()),
        }
    }

    /// Replaces a user's password hash in one transaction, revoking what the old credentials
    /// gave: every sign-in lock is lifted, the credential epoch moves on (so every portal
    /// session opened before stops counting as signed in), API tokens and pending reset links
    /// are deleted. Returns the new epoch (the caller's own session keeps working by taking
    /// it); `NotFound` if there is no such active account.
    pub async fn update_password(
        &self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<i32, StoreError> {
        in_transaction!(self, |tx| {
            let epoch = replace_password_on!(tx, user_id, password_hash);
            epoch.ok_or(StoreError::NotFound("user"))
        })
    }

    /// Uses a password-reset link (once, before it expires) to set a new password, with the
    /// same revocations as [`Store::update_password`], all in one transaction: the mailbox
    /// is proved, so every lock is lifted too. Returns the account's id, or `None` if the
    /// link is unknown, used or expired (nothing changes then).
    pub async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        in_transaction!(self, |tx| {
            let user: Option<i64> = sqlx::query_scalar(
                "UPDATE password_resets SET used_at = $2
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            match user {
                None => Ok(None),
                Some(user) => Ok(replace_password_on!(tx, user, password_hash).map(|_| user)),
            }
        })
    }

    /// Anonymises an account in one transaction: personal data replaced (also the names
    /// organisations' learners took from the account), credentials and tokens removed, the act
    /// written to the audit log. Results stay, attached to no one.
    #[tracing::instrument(skip(self))]
    pub async fn anonymise_user(
        &self,
        user_id: i64,
        audit: NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let now = audit.at;
        let placeholder = format!("anonyme-{user_id}@anonyme.invalid");
        in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE users SET first_name = '', last_name = '', email = $1, password_hash = '',
                 anonymised_at = $2, failed_logins = 0, locked_until = NULL
                 WHERE id = $3 AND anonymised_at IS NULL",
            )
            .bind(&placeholder)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("user"));
            }
            sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            // A learner an organisation got from this account carries the account's names;
            // one it imported is the organisation's own record and stays as imported.
            sqlx::query(
                "UPDATE organization_learners SET first_name = '', last_name = ''
                 WHERE user_id = $1 AND source = 'JOINED'",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM password_resets WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM saved_tutorials WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            write_audit!(tx, audit);
        });
        Ok(())
    }
}
