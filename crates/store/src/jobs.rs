//! The job queue's SQL: enqueue (alone, or inside another change's transaction), claim one due
//! job under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the writer lock and
//! `BEGIN IMMEDIATE` on SQLite), then complete it (the row goes: its payload may hold a link)
//! or record its failure (retried at a later time, or kept as failed). What a job does and
//! when it is retried is the use-case layer's business; this module only stores.

use chrono::{DateTime, Utc};

use crate::{Pool, Store, StoreError, in_transaction, with_pool};

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// What to do (`mail`, …): the worker dispatches on it.
    pub kind: String,
    /// Its input, as JSON.
    pub payload: String,
    /// Not before.
    pub run_at: DateTime<Utc>,
}

/// A job a worker holds until its lease ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    /// Its id.
    pub id: i64,
    /// What to do.
    pub kind: String,
    /// Its input, as JSON.
    pub payload: String,
    /// How many times it has been claimed, this one included.
    pub attempts: i32,
}

/// A job as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Its id.
    pub id: i64,
    /// What to do.
    pub kind: String,
    /// Its input, as JSON.
    pub payload: String,
    /// Not before.
    pub run_at: DateTime<Utc>,
    /// Claims so far.
    pub attempts: i32,
    /// The last failure's message.
    pub last_error: Option<String>,
    /// When it was given up on (kept, never dropped).
    pub failed_at: Option<DateTime<Utc>>,
}

/// Inserts `job` on an open connection or transaction; used by every change that causes work,
/// so the job commits (or rolls back) with it.
macro_rules! enqueue_on {
    ($conn:expr, $job:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO jobs (kind, payload, run_at, attempts, created_at)
             VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(&$job.kind)
        .bind(&$job.payload)
        .bind($job.run_at)
        .bind($now)
        .execute($conn)
        .await
    };
}
#[allow(unused_imports)]
// used by the changes that cause mail as they move into one transaction
pub(crate) use enqueue_on;

type JobRow = (
    i64,
    String,
    String,
    DateTime<Utc>,
    i32,
    Option<String>,
    Option<DateTime<Utc>>,
);

fn record(row: JobRow) -> JobRecord {
    let (id, kind, payload, run_at, attempts, last_error, failed_at) = row;
    JobRecord {
        id,
        kind,
        payload,
        run_at,
        attempts,
        last_error,
        failed_at,
    }
}

impl Store {
    /// Enqueues jobs on their own (one transaction for all).
    pub async fn enqueue_jobs(
        &self,
        jobs: &[NewJob],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            for job in jobs {
                enqueue_on!(&mut *tx, job, now)?;
            }
        });
        Ok(())
    }

    /// Enqueues jobs an operator asked for, with the audit entry of the request, in one
    /// transaction.
    pub async fn enqueue_jobs_audited(
        &self,
        jobs: &[NewJob],
        now: DateTime<Utc>,
        audit: crate::NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            for job in jobs {
                enqueue_on!(&mut *tx, job, now)?;
            }
            crate::audit::write_audit!(tx, audit);
        });
        Ok(())
    }

    /// Claims the oldest due job that no live lease holds, leasing it until `lease_until`;
    /// `None` when nothing is due. Two workers never hold the same job at once.
    pub async fn claim_job(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedJob>, StoreError> {
        const DUE: &str = "SELECT id FROM jobs
             WHERE failed_at IS NULL AND run_at <= $1
               AND (locked_until IS NULL OR locked_until <= $1)
             ORDER BY run_at, id LIMIT 1";
        let row: Option<(i64, String, String, i32)> = match &self.pool {
            Pool::Postgres(pool) => {
                sqlx::query_as(&format!(
                    "UPDATE jobs SET locked_until = $2, attempts = attempts + 1
                     WHERE id = ({DUE} FOR UPDATE SKIP LOCKED)
                     RETURNING id, kind, payload, attempts"
                ))
                .bind(now)
                .bind(lease_until)
                .fetch_optional(pool)
                .await?
            }
            Pool::Sqlite(_) => in_transaction!(self, |tx| {
                sqlx::query_as(&format!(
                    "UPDATE jobs SET locked_until = $2, attempts = attempts + 1
                     WHERE id = ({DUE})
                     RETURNING id, kind, payload, attempts"
                ))
                .bind(now)
                .bind(lease_until)
                .fetch_optional(&mut *tx)
                .await?
            }),
        };
        Ok(row.map(|(id, kind, payload, attempts)| ClaimedJob {
            id,
            kind,
            payload,
            attempts,
        }))
    }

    /// A job done: the row goes.
    pub async fn complete_job(&self, id: i64) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        with_pool!(self, |pool| sqlx::query("DELETE FROM jobs WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// A job failed: it runs again at `retry_at`, or, when `retry_at` is `None`, it is kept as
    /// failed (with its payload and `error`) for an operator to see.
    pub async fn fail_job(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        with_pool!(self, |pool| {
            match retry_at {
                Some(at) => sqlx::query(
                    "UPDATE jobs SET locked_until = NULL, run_at = $2, last_error = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(at)
                .bind(error)
                .execute(pool)
                .await,
                None => sqlx::query(
                    "UPDATE jobs SET locked_until = NULL, failed_at = $2, last_error = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(now)
                .bind(error)
                .execute(pool)
                .await,
            }
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The jobs still queued or failed, oldest first, at most `limit`.
    pub async fn jobs(&self, limit: i64) -> Result<Vec<JobRecord>, StoreError> {
        let rows: Vec<JobRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, payload, run_at, attempts, last_error, failed_at
                 FROM jobs ORDER BY id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(record).collect())
    }

    /// How many jobs are due at `now` (not failed, not leased).
    pub async fn due_jobs(&self, now: DateTime<Utc>) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT count(*) FROM jobs WHERE failed_at IS NULL AND run_at <= $1
                   AND (locked_until IS NULL OR locked_until <= $1)",
            )
            .bind(now)
            .fetch_one(pool)
            .await?
        }))
    }
}
