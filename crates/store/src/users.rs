//! Learner and staff accounts.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError, with_pool};

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
}

const COLUMNS: &str = "id, first_name, last_name, email, password_hash, locale, terms_accepted_at, created_at, anonymised_at";

impl Store {
    /// Creates an account; `Conflict` if the email is taken.
    #[tracing::instrument(skip_all)]
    pub async fn create_user(&self, user: NewUser<'_>) -> Result<UserRecord, StoreError> {
        let sql = format!(
            "INSERT INTO users (first_name, last_name, email, password_hash, locale, terms_accepted_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        );
        let email = user.email.trim().to_lowercase();
        let now = Utc::now();
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
}
