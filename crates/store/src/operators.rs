//! The platform's operators: one role per account. Every change writes its audit entry in
//! the same transaction, and the last super-administrator can never be removed or demoted,
//! however many requests race (the changes to operators are serialised: the table is locked
//! on PostgreSQL, the writer lock and `BEGIN IMMEDIATE` serialise them on SQLite).

use acquis_core::operator::OperatorRole;
use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::stored::Stored;
use crate::{Backend, NewAuditEntry, Store, StoreError, in_transaction, with_pool};

/// An operator, with their account's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OperatorRecord {
    /// The account.
    pub user_id: i64,
    /// Its email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The role.
    #[sqlx(try_from = "Stored<OperatorRole>")]
    pub role: OperatorRole,
    /// Since when.
    pub granted_at: DateTime<Utc>,
}

/// What a change of operator role did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorChange {
    /// Done (and audited).
    Done,
    /// Nothing to do: the account is not an operator (a revocation) or already has the role.
    Unchanged,
    /// Refused, nothing changed: it is the last super-administrator.
    LastSuperAdmin,
}

impl Store {
    /// The operator role of an account, if it has one (and is not anonymised).
    pub async fn operator_role(&self, user_id: i64) -> Result<Option<OperatorRole>, StoreError> {
        let role: Option<Stored<OperatorRole>> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT o.role FROM operators o JOIN users u ON u.id = o.user_id
                 WHERE o.user_id = $1 AND u.anonymised_at IS NULL",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(role.map(|r| r.0))
    }

    /// Every operator, super-administrators first, then by email.
    pub async fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT o.user_id, u.email, u.first_name, u.last_name, o.role, o.granted_at
                 FROM operators o JOIN users u ON u.id = o.user_id
                 ORDER BY CASE o.role WHEN 'SUPER_ADMIN' THEN 0 ELSE 1 END, u.email",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Gives `user_id` the operator role `to` (`None`: takes their role away), with its audit
    /// entry, in one transaction; never leaves the platform without a super-administrator.
    /// `NotFound` if the account does not exist or is anonymised.
    pub async fn set_operator_role(
        &self,
        user_id: i64,
        to: Option<OperatorRole>,
        audit: NewAuditEntry<'_>,
    ) -> Result<OperatorChange, StoreError> {
        let postgres = self.backend() == Backend::Postgres;
        let granted_by = audit.actor_user_id;
        in_transaction!(self, |tx| {
            if postgres {
                sqlx::query("LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
            }
            let active: Option<i64> =
                sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND anonymised_at IS NULL")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if active.is_none() {
                return Err(StoreError::NotFound("user"));
            }
            let current: Option<Stored<OperatorRole>> =
                sqlx::query_scalar("SELECT role FROM operators WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let current = current.map(|r| r.0);
            if current == to {
                return Ok(OperatorChange::Unchanged);
            }
            if current == Some(OperatorRole::SuperAdmin) {
                let supers: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE role = $1")
                        .bind(OperatorRole::SuperAdmin.as_str())
                        .fetch_one(&mut *tx)
                        .await?;
                if supers <= 1 {
                    return Ok(OperatorChange::LastSuperAdmin);
                }
            }
            match (current, to) {
                (_, None) => {
                    sqlx::query("DELETE FROM operators WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                (None, Some(role)) => {
                    sqlx::query(
                        "INSERT INTO operators (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(user_id)
                    .bind(role.as_str())
                    .bind(audit.at)
                    .bind(granted_by)
                    .execute(&mut *tx)
                    .await?;
                }
                (Some(_), Some(role)) => {
                    sqlx::query(
                        "UPDATE operators SET role = $1, granted_at = $2, granted_by = $3 WHERE user_id = $4",
                    )
                    .bind(role.as_str())
                    .bind(audit.at)
                    .bind(granted_by)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            write_audit!(tx, audit);
            Ok(OperatorChange::Done)
        })
    }
}
