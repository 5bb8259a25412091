//! The audit log: one append-only row per operator change (who, with which role, what, on
//! what, when, from which client). Entries are written by [`write_audit!`] inside the
//! transaction of the change they record, so a change and its entry commit or fail together;
//! the database refuses to update or delete an entry (triggers of migration 0100).

use acquis_core::operator::{AuditAction, AuditTarget, OperatorRole};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction, with_pool};

/// An audit entry to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAuditEntry<'a> {
    /// When.
    pub at: DateTime<Utc>,
    /// The operator's account; `None` for the server's command line.
    pub actor_user_id: Option<i64>,
    /// The role the operator acted with; `None` for a person acting on their own account.
    pub actor_role: Option<OperatorRole>,
    /// What was done.
    pub action: AuditAction,
    /// On what.
    pub target: AuditTarget,
    /// What changed, in a few words for the operator (field names, a reason), never a
    /// secret or a whole personal record.
    pub detail: &'a str,
    /// The client it came from (address and browser, or `command line`).
    pub client: &'a str,
}

/// The statement every entry is written with.
pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, actor_user_id, actor_role, action, target_kind, target_id, target_user_id, detail, client) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Writes `entry` (a [`NewAuditEntry`]) on the transaction `tx`, returning early with the
/// error if the write fails.
macro_rules! write_audit {
    ($tx:expr, $entry:expr) => {{
        let entry: &$crate::NewAuditEntry<'_> = &$entry;
        let user = match entry.target {
            acquis_core::operator::AuditTarget::User(id) => Some(id),
            _ => None,
        };
        sqlx::query($crate::audit::INSERT_AUDIT)
            .bind(entry.at)
            .bind(entry.actor_user_id)
            .bind(entry.actor_role.map(|r| r.as_str()))
            .bind(entry.action.as_str())
            .bind(entry.target.kind())
            .bind(entry.target.id())
            .bind(user)
            .bind(entry.detail)
            .bind(entry.client)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use write_audit;

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Its id (entries are numbered in the order they were written).
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The operator's account; `None` for the command line (or entries older than roles).
    pub actor_user_id: Option<i64>,
    /// The operator's email, when the account still exists.
    pub actor_email: Option<String>,
    /// The role acted with; `None` for entries written before roles existed.
    pub actor_role: Option<OperatorRole>,
    /// What was done; `None` for a name this build does not know (kept, shown raw).
    pub action: Option<AuditAction>,
    /// The stored action name.
    pub action_name: String,
    /// On what.
    pub target: Option<AuditTarget>,
    /// The detail.
    pub detail: String,
    /// The client.
    pub client: String,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor_user_id: Option<i64>,
    actor_email: Option<String>,
    actor_role: Option<String>,
    action: String,
    target_kind: String,
    target_id: Option<i64>,
    detail: String,
    client: String,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor_email: r.actor_email,
            actor_role: r.actor_role.and_then(|s| s.parse().ok()),
            action: r.action.parse().ok(),
            action_name: r.action,
            target: AuditTarget::from_stored(&r.target_kind, r.target_id),
            detail: r.detail,
            client: r.client,
        }
    }
}

/// Which entries to read: newest first, one page at a time (keyset on the id, never an
/// offset or a count over the whole log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuditQuery {
    /// Only entries about this target.
    pub target: Option<AuditTarget>,
    /// Only entries by this operator.
    pub actor_user_id: Option<i64>,
    /// Only this action.
    pub action: Option<AuditAction>,
    /// Only entries older than this id (the next page).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

impl Store {
    /// Writes one audit entry on its own (a change made elsewhere in one statement, or a job
    /// requested).
    pub async fn record_audit(&self, entry: NewAuditEntry<'_>) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            write_audit!(tx, entry);
        });
        Ok(())
    }

    /// One page of the audit log, newest first.
    pub async fn audit_entries(&self, q: AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        let mut sql = String::from(
            "SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, a.actor_role, a.action,
                    a.target_kind, a.target_id, a.detail, a.client
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
             WHERE 1 = 1",
        );
        let mut n = 0;
        let mut param = || {
            n += 1;
            format!("${n}")
        };
        if q.target.is_some() {
            sql += &format!(
                " AND a.target_kind = {} AND a.target_id = {}",
                param(),
                param()
            );
        }
        if q.actor_user_id.is_some() {
            sql += &format!(" AND a.actor_user_id = {}", param());
        }
        if q.action.is_some() {
            sql += &format!(" AND a.action = {}", param());
        }
        if q.before_id.is_some() {
            sql += &format!(" AND a.id < {}", param());
        }
        sql += &format!(" ORDER BY a.id DESC LIMIT {}", param());
        let rows: Vec<AuditRow> = with_pool!(self, |pool| {
            let mut query = sqlx::query_as(&sql);
            if let Some(t) = q.target {
                query = query.bind(t.kind()).bind(t.id());
            }
            if let Some(actor) = q.actor_user_id {
                query = query.bind(actor);
            }
            if let Some(action) = q.action {
                query = query.bind(action.as_str());
            }
            if let Some(before) = q.before_id {
                query = query.bind(before);
            }
            query.bind(i64::from(q.limit)).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }

    /// The audit log entries about a user, oldest first: (action, actor).
    pub async fn audit_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<(String, Option<i64>)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT action, actor_user_id FROM audit_log WHERE target_kind = 'user' AND target_id = $1 ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
