//! Finding a person among millions, and the operator's corrections to an account. A search
//! always goes through an index (migration 0105): the id, the unique email, the lower-cased
//! names, or, for "contains", a trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm`);
//! it never counts the table and never reads it whole. [`Store::explain_people_search`] shows
//! the plan, so a test can hold every kind of search to that at a million accounts.

use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::{Backend, NewAuditEntry, Store, StoreError, in_transaction, with_pool};

/// Which field a search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    /// The account id (exact only).
    Id,
    /// The email address.
    Email,
    /// The first or the last name.
    Name,
}

/// How a search term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Matching {
    /// The whole field, ignoring case.
    Exact,
    /// Anywhere in the field, ignoring case (at least [`CONTAINS_MIN`] characters: no index
    /// can serve a shorter one).
    Contains,
}

/// Fewest characters of a "contains" search (one trigram).
pub const CONTAINS_MIN: usize = 3;

/// A search for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Where to look.
    pub field: PersonField,
    /// How to match.
    pub matching: Matching,
    /// The term, trimmed, lower-cased by the caller for names and emails.
    pub term: String,
    /// At most this many (the first ones by id).
    pub limit: u32,
}

/// A person found.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRow {
    /// The account id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Anonymised, if it was.
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Temporarily locked until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// Locked until an operator lifts it.
    pub locked_permanently: bool,
}

const PERSON_COLUMNS: &str = "u.id, u.first_name, u.last_name, u.email, u.created_at, u.anonymised_at, u.locked_until, u.locked_permanently";

impl PeopleQuery {
    /// The statement for `backend` (`$1` the term), or `None` for a search no index serves
    /// (a "contains" shorter than [`CONTAINS_MIN`], an id that is not a number).
    fn sql(&self, backend: Backend) -> Option<String> {
        let contains_ok = self.term.chars().count() >= CONTAINS_MIN;
        let filter = match (self.field, self.matching, backend) {
            (PersonField::Id, _, _) => {
                self.term.parse::<i64>().ok()?;
                "u.id = $1".to_owned()
            }
            (PersonField::Email, Matching::Exact, _) => "u.email = $1".to_owned(),
            (PersonField::Name, Matching::Exact, _) => {
                "(lower(u.last_name) = $1 OR lower(u.first_name) = $1)".to_owned()
            }
            (_, Matching::Contains, _) if !contains_ok => return None,
            (PersonField::Email, Matching::Contains, Backend::Sqlite) => {
                "u.id IN (SELECT rowid FROM users_search WHERE email LIKE '%' || $1 || '%')"
                    .to_owned()
            }
            (PersonField::Name, Matching::Contains, Backend::Sqlite) => {
                "u.id IN (SELECT rowid FROM users_search WHERE first_name LIKE '%' || $1 || '%'
                          UNION SELECT rowid FROM users_search WHERE last_name LIKE '%' || $1 || '%')"
                    .to_owned()
            }
            (PersonField::Email, Matching::Contains, Backend::Postgres) => {
                "u.email LIKE '%' || $1 || '%'".to_owned()
            }
            (PersonField::Name, Matching::Contains, Backend::Postgres) => {
                "(lower(u.last_name) LIKE '%' || $1 || '%' OR lower(u.first_name) LIKE '%' || $1 || '%')"
                    .to_owned()
            }
        };
        Some(format!(
            "SELECT {PERSON_COLUMNS} FROM users u WHERE {filter} ORDER BY u.id LIMIT {}",
            self.limit.clamp(1, 500)
        ))
    }

    /// The term with LIKE's wildcards escaped away (they are matched as themselves: dropped).
    fn bound_term(&self) -> String {
        self.term.replace(['%', '_', '\\'], "")
    }
}

impl Store {
    /// The people `query` finds, by id; `None` when no index can serve it (the caller says
    /// why: too short, not a number).
    pub async fn search_people(
        &self,
        query: &PeopleQuery,
    ) -> Result<Option<Vec<PersonRow>>, StoreError> {
        let Some(sql) = query.sql(self.backend()) else {
            return Ok(None);
        };
        let term = query.bound_term();
        let rows: Vec<PersonRow> = match query.field {
            PersonField::Id => {
                let id: i64 = term.parse().unwrap_or_default();
                with_pool!(self, |pool| sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_all(pool)
                    .await?)
            }
            _ => with_pool!(self, |pool| sqlx::query_as(&sql)
                .bind(&term)
                .fetch_all(pool)
                .await?),
        };
        Ok(Some(rows))
    }

    /// The plan the database would follow for `query`, one line per step (`EXPLAIN QUERY
    /// PLAN` on SQLite, `EXPLAIN` on PostgreSQL); empty when no index can serve it.
    pub async fn explain_people_search(
        &self,
        query: &PeopleQuery,
    ) -> Result<Vec<String>, StoreError> {
        let Some(sql) = query.sql(self.backend()) else {
            return Ok(Vec::new());
        };
        let term = query.bound_term();
        let id: i64 = term.parse().unwrap_or_default();
        Ok(match &self.pool {
            crate::Pool::Sqlite(pool) => {
                let explain = format!("EXPLAIN QUERY PLAN {sql}");
                let q = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
                let q = if query.field == PersonField::Id {
                    q.bind(id)
                } else {
                    q.bind(term)
                };
                q.fetch_all(pool)
                    .await?
                    .into_iter()
                    .map(|(_, _, _, detail)| detail)
                    .collect()
            }
            crate::Pool::Postgres(pool) => {
                let explain = format!("EXPLAIN {sql}");
                let q = sqlx::query_scalar::<_, String>(&explain);
                let q = if query.field == PersonField::Id {
                    q.bind(id)
                } else {
                    q.bind(term)
                };
                q.fetch_all(pool).await?
            }
        })
    }

    /// Corrects an account's names and email on an operator's behalf, with one audit entry
    /// per kind of change, in one transaction. `Conflict` if another account has the email;
    /// `NotFound` if the account does not exist or is anonymised.
    pub async fn correct_user(
        &self,
        user_id: i64,
        first_name: &str,
        last_name: &str,
        email: &str,
        audits: &[NewAuditEntry<'_>],
    ) -> Result<(), StoreError> {
        let email = email.trim().to_lowercase();
        let result: Result<(), StoreError> = in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE users SET first_name = $1, last_name = $2, email = $3
                 WHERE id = $4 AND anonymised_at IS NULL",
            )
            .bind(first_name)
            .bind(last_name)
            .bind(&email)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::conflict_on_unique(e, "an account with this email"))?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound("user"));
            }
            // The names an organisation's learner took from this account follow it.
            sqlx::query(
                "UPDATE organization_learners SET first_name = $1, last_name = $2
                 WHERE user_id = $3 AND source = 'JOINED'",
            )
            .bind(first_name)
            .bind(last_name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            for audit in audits {
                write_audit!(tx, *audit);
            }
            Ok(())
        });
        result
    }
}
