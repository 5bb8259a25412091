//! Learner and staff accounts.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction, with_pool};

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
}

const COLUMNS: &str = "id, first_name, last_name, email, password_hash, locale, terms_accepted_at, created_at, anonymised_at, failed_logins, locked_until, locked_permanently";

/// A user's sign-in lockout state, as computed by `core`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2, locked_permanently = $3 WHERE id = $4")
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

    /// Replaces a user's password hash and clears any lockout.
    pub async fn update_password(
        &self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL
                 WHERE id = $2 AND anonymised_at IS NULL",
            )
            .bind(password_hash)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("user"))
        } else {
            Ok(())
        }
    }

    /// Anonymises an account in one transaction: personal data replaced (also the names
    /// organisations' learners took from the account), credentials and tokens removed, the act
    /// written to the audit log. Results stay, attached to no one.
    #[tracing::instrument(skip(self))]
    pub async fn anonymise_user(
        &self,
        user_id: i64,
        actor_user_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
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
            sqlx::query(
                "INSERT INTO audit_log (at, actor_user_id, action, target_user_id, detail) VALUES ($1, $2, 'user.anonymised', $3, '')",
            )
            .bind(now)
            .bind(actor_user_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    /// The audit log entries about a user, oldest first: (action, actor).
    pub async fn audit_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<(String, Option<i64>)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT action, actor_user_id FROM audit_log WHERE target_user_id = $1 ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
