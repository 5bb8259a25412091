//! The job queue: work that may wait leaves the request (mail, certification scoring, item
//! calibration). A job is enqueued in the same transaction as the change that causes it, run
//! by a worker (in `acquis serve`'s process, or alone in `acquis worker`), retried with a
//! growing delay when it fails, and kept as failed after [`MAX_ATTEMPTS`], never dropped.

use std::future::Future;
use std::time::Duration;

use acquis_store::{ClaimedJob, NewJob};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, Letter};

/// Claims of one job before it is kept as failed.
pub const MAX_ATTEMPTS: i32 = 10;

/// How long a worker holds a claimed job before another may take it (a worker that died).
pub const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// How often an idle worker looks for due jobs when nothing wakes it.
pub const POLL: Duration = Duration::from_secs(2);

/// What a job does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Send one plain-text mail, already in words.
    Mail {
        /// The recipient.
        to: String,
        /// The subject line.
        subject: String,
        /// The body.
        body: String,
    },
    /// Score a finalised certification session (issue reports resolved by rule, one result
    /// per course).
    ScoreSession {
        /// The session.
        session_id: i64,
    },
    /// Calibrate the live release's challenges from the stored answers and write a new
    /// parameter set ([`crate::calibration::calibrate`]).
    Calibrate {
        /// What to calibrate and how.
        request: crate::calibration::CalibrationRequest,
    },
    /// Count the answers of the tests not counted yet into the item statistics.
    ItemStatistics,
}

impl Job {
    /// The stored kind (the `kind` column).
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Mail { .. } => "mail",
            Job::ScoreSession { .. } => "score_session",
            Job::Calibrate { .. } => "calibrate",
            Job::ItemStatistics => "item_statistics",
        }
    }

    /// The row to insert, due at `run_at`.
    pub fn to_new(&self, run_at: DateTime<Utc>) -> Result<NewJob, AppError> {
        Ok(NewJob {
            kind: self.kind().to_owned(),
            payload: serde_json::to_string(self)
                .map_err(|_| AppError::Internal("a job cannot be written as JSON"))?,
            run_at,
        })
    }
}

/// When a job that failed on its `attempts`-th claim runs again: 30 s, 1 min, 2 min… up to an
/// hour; `None` once it has had [`MAX_ATTEMPTS`].
pub fn retry_at(attempts: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doubling = attempts.clamp(1, 8) - 1;
    let delay = (30_i64 << doubling).min(3600);
    Some(now + chrono::Duration::seconds(delay))
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    /// Jobs done.
    pub done: u32,
    /// Jobs that failed (retried later or kept as failed).
    pub failed: u32,
}

impl App {
    /// The mail job for `letter` to `to`, worded in `locale`, due now.
    pub fn mail_job(&self, to: &str, locale: &str, letter: &Letter) -> Result<NewJob, AppError> {
        let written = self.letters.write(locale, letter);
        Job::Mail {
            to: to.to_owned(),
            subject: written.subject,
            body: written.body,
        }
        .to_new(self.now())
    }

    /// Enqueues jobs on their own and wakes this process's worker.
    pub async fn enqueue(&self, jobs: &[NewJob]) -> Result<(), AppError> {
        self.store.enqueue_jobs(jobs, self.now()).await?;
        self.wake_worker();
        Ok(())
    }

    /// Tells this process's worker that jobs were enqueued (after a commit).
    pub fn wake_worker(&self) {
        self.jobs_waker.notify_one();
    }

    /// Runs every job due now, one after the other, until none is left; returns what it did.
    /// Tests call it to deliver mail at once; the worker calls it on every wake-up.
    pub async fn run_due_jobs(&self) -> Result<Ran, AppError> {
        let mut ran = Ran::default();
        loop {
            let now = self.now();
            let Some(job) = self.store.claim_job(now, now + LEASE).await? else {
                return Ok(ran);
            };
            match self.run_job(&job).await {
                Ok(()) => {
                    self.store.complete_job(job.id).await?;
                    ran.done += 1;
                }
                Err(error) => {
                    let now = self.now();
                    let again = retry_at(job.attempts, now);
                    tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, %error, retry_at = ?again, "job failed");
                    self.store.fail_job(job.id, &error, again, now).await?;
                    ran.failed += 1;
                }
            }
        }
    }

    async fn run_job(&self, job: &ClaimedJob) -> Result<(), String> {
        let parsed: Job = serde_json::from_str(&job.payload)
            .map_err(|e| format!("unreadable {} job: {e}", job.kind))?;
        match parsed {
            Job::Mail { to, subject, body } => self
                .mailer
                .send(&to, &subject, &body)
                .await
                .map_err(|e| e.to_string()),
            Job::ScoreSession { session_id } => self
                .score_session(session_id)
                .await
                .map_err(|e| e.to_string()),
            Job::Calibrate { request } => crate::calibration::run_job(self, &request)
                .await
                .map_err(|e| e.to_string()),
            Job::ItemStatistics => self
                .run_item_statistics(|_| {})
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }

    /// The worker: runs due jobs whenever woken (a job enqueued in this process) or every
    /// [`POLL`] (jobs enqueued by another node, retries coming due), until `shutdown` resolves.
    pub async fn run_worker(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        tracing::info!("job worker started");
        loop {
            if let Err(e) = self.run_due_jobs().await {
                tracing::warn!(error = %e, "job worker cannot reach the queue");
            }
            tokio::select! {
                () = &mut shutdown => break,
                () = self.jobs_waker.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
        tracing::info!("job worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let waits: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|a| (retry_at(a, now).unwrap() - now).num_seconds())
            .collect();
        assert_eq!(waits[0], 30);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
        assert_eq!(*waits.last().unwrap(), 3600);
        assert_eq!(retry_at(MAX_ATTEMPTS, now), None);
    }

    #[test]
    fn a_mail_job_reads_back_from_its_payload() {
        let job = Job::Mail {
            to: "a@b.fr".into(),
            subject: "S".into(),
            body: "B".into(),
        };
        let new = job.to_new(Utc::now()).unwrap();
        assert_eq!(new.kind, "mail");
        assert_eq!(serde_json::from_str::<Job>(&new.payload).unwrap(), job);
    }
}
