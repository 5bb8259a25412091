//! The operator's review of a scored certification session, as facts (migration 0130): a
//! person's decision on an issue report, a question neutralised or restored for one
//! candidate, a certification cancelled (reinstating deletes the fact), the finalisation
//! comment read. Each write commits with the candidate's recomputed result and its audit
//! entry, and only if the course's `review_revision` is still the one the result was
//! computed from and the session is scored and unpublished — so a result is never stored
//! from stale facts and nothing changes once published.

use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::certification::SESSION_COLUMNS;
use crate::results::upsert_result;
use crate::{
    NewAuditEntry, NewResult, SessionRecord, Store, StoreError, in_transaction, with_pool,
};

/// A person's decision on an issue report, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportDecisionRecord {
    /// The report.
    pub report_id: i64,
    /// `neutralise` or `no_effect`.
    pub decision: String,
    /// Why.
    pub comment: String,
    /// The operator's account (`None`: the command line).
    pub decided_by: Option<i64>,
    /// When.
    pub decided_at: DateTime<Utc>,
}

/// A question overridden for one candidate, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuestionOverrideRecord {
    /// The course.
    pub course_id: i64,
    /// The question's number, from 1.
    pub question_number: i32,
    /// `neutralised` or `restored`.
    pub state: String,
    /// The operator's account.
    pub decided_by: Option<i64>,
    /// When.
    pub decided_at: DateTime<Utc>,
}

/// A certification cancelled by an operator, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CancellationRecord {
    /// The course.
    pub course_id: i64,
    /// Why.
    pub reason: String,
    /// The operator's account.
    pub cancelled_by: Option<i64>,
    /// When.
    pub cancelled_at: DateTime<Utc>,
}

/// Every review fact of one session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionReviewFacts {
    /// Decisions on reports.
    pub decisions: Vec<ReportDecisionRecord>,
    /// Question overrides, by course and number.
    pub overrides: Vec<QuestionOverrideRecord>,
    /// Cancellations, by course.
    pub cancellations: Vec<CancellationRecord>,
    /// When the finalisation comment was read, if it was.
    pub comment_read_at: Option<DateTime<Utc>>,
}

/// One review write.
#[derive(Debug, Clone, Copy)]
pub enum ReviewChange<'a> {
    /// A decision on a report of the course's candidate (replaces an earlier one).
    Decide {
        /// The report.
        report_id: i64,
        /// `neutralise` or `no_effect`.
        decision: &'a str,
        /// Why.
        comment: &'a str,
    },
    /// A question overridden (replaces an earlier override of it).
    Override {
        /// The question's number, from 1.
        question_number: i32,
        /// `neutralised` or `restored`.
        state: &'a str,
    },
    /// The certification cancelled (`false` when it already was).
    Cancel {
        /// Why.
        reason: &'a str,
    },
    /// The cancellation taken back.
    Reinstate,
}

/// What became of a review write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// Written, with the result and the audit entry.
    Done,
    /// The facts changed since they were read: read again and recompute.
    Stale,
    /// The session is not scored or is published: nothing written.
    Closed,
    /// The change changes nothing (cancel a cancelled one, reinstate one not cancelled).
    Unchanged,
}

/// A session waiting for the operator, with what its blockers are counted from.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ReviewSessionRow {
    /// The session.
    #[sqlx(flatten)]
    pub session: SessionRecord,
    /// The centre's name.
    pub centre_name: String,
    /// Reports the rules left to a person and no person decided yet.
    pub waiting_reports: i64,
    /// Results that could not be computed.
    pub scoring_errors: i64,
    /// Whether the finalisation comment was read.
    pub comment_read: bool,
}

/// Which sessions waiting for the operator a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewList {
    /// Scored, nothing in the way.
    Publishable,
    /// Scored, held by a comment, a report waiting for a person or a scoring error.
    NeedsPerson,
}

const WAITING: &str = "(SELECT COUNT(*) FROM certification_issue_reports ir WHERE ir.session_id = s.id AND ir.resolution = 'needs_person'
       AND NOT EXISTS (SELECT 1 FROM certification_report_decisions d WHERE d.report_id = ir.id))";
const ERRORS: &str = "(SELECT COUNT(*) FROM certification_results r WHERE r.session_id = s.id AND r.status = 'error')";
const READ: &str =
    "EXISTS (SELECT 1 FROM certification_comment_reads cr WHERE cr.session_id = s.id)";

impl Store {
    /// The review facts of a session.
    pub async fn session_review_facts(
        &self,
        session_id: i64,
    ) -> Result<SessionReviewFacts, StoreError> {
        let (decisions, overrides, cancellations, read) = with_pool!(self, |pool| {
            let decisions: Vec<ReportDecisionRecord> = sqlx::query_as(
                "SELECT report_id, decision, comment, decided_by, decided_at FROM certification_report_decisions WHERE session_id = $1 ORDER BY report_id",
            )
            .bind(session_id)
            .fetch_all(pool)
            .await?;
            let overrides: Vec<QuestionOverrideRecord> = sqlx::query_as(
                "SELECT o.course_id, o.question_number, o.state, o.decided_by, o.decided_at FROM certification_question_overrides o
                 JOIN certification_courses c ON c.id = o.course_id WHERE c.session_id = $1 ORDER BY o.course_id, o.question_number",
            )
            .bind(session_id)
            .fetch_all(pool)
            .await?;
            let cancellations: Vec<CancellationRecord> = sqlx::query_as(
                "SELECT x.course_id, x.reason, x.cancelled_by, x.cancelled_at FROM certification_cancellations x
                 JOIN certification_courses c ON c.id = x.course_id WHERE c.session_id = $1 ORDER BY x.course_id",
            )
            .bind(session_id)
            .fetch_all(pool)
            .await?;
            let read: Option<DateTime<Utc>> = sqlx::query_scalar(
                "SELECT read_at FROM certification_comment_reads WHERE session_id = $1",
            )
            .bind(session_id)
            .fetch_optional(pool)
            .await?;
            (decisions, overrides, cancellations, read)
        });
        Ok(SessionReviewFacts {
            decisions,
            overrides,
            cancellations,
            comment_read_at: read,
        })
    }

    /// The review revision of a course (how many review writes it had).
    pub async fn review_revision(&self, course_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT CAST(review_revision AS BIGINT) FROM certification_courses WHERE id = $1",
            )
            .bind(course_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Writes `change` about the course `course_id` with its recomputed `result` and `audit`
    /// entry in one transaction, if the course's review revision is still `revision` and
    /// its session is scored and unpublished.
    pub async fn apply_review(
        &self,
        course_id: i64,
        revision: i64,
        change: ReviewChange<'_>,
        result: &NewResult,
        audit: &NewAuditEntry<'_>,
    ) -> Result<ReviewOutcome, StoreError> {
        let by = audit.actor_user_id;
        let now = audit.at;
        Ok(in_transaction!(self, |tx| {
            let session_id: Option<i64> = sqlx::query_scalar(
                "UPDATE certification_courses SET review_revision = review_revision + 1
                 WHERE id = $1 AND review_revision = $2
                   AND session_id IN (SELECT id FROM certification_sessions WHERE scored_at IS NOT NULL AND published_at IS NULL)
                 RETURNING session_id",
            )
            .bind(course_id)
            .bind(revision)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(session_id) = session_id else {
                let open: Option<i64> = sqlx::query_scalar(
                    "SELECT c.id FROM certification_courses c JOIN certification_sessions s ON s.id = c.session_id
                     WHERE c.id = $1 AND s.scored_at IS NOT NULL AND s.published_at IS NULL",
                )
                .bind(course_id)
                .fetch_optional(&mut *tx)
                .await?;
                return Ok(if open.is_some() {
                    ReviewOutcome::Stale
                } else {
                    ReviewOutcome::Closed
                });
            };
            let changed = match change {
                ReviewChange::Decide {
                    report_id,
                    decision,
                    comment,
                } => sqlx::query(
                    "INSERT INTO certification_report_decisions (report_id, session_id, decision, comment, decided_by, decided_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (report_id) DO UPDATE SET decision = excluded.decision, comment = excluded.comment,
                       decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                )
                .bind(report_id)
                .bind(session_id)
                .bind(decision)
                .bind(comment)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
                ReviewChange::Override {
                    question_number,
                    state,
                } => sqlx::query(
                    "INSERT INTO certification_question_overrides (course_id, question_number, state, decided_by, decided_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (course_id, question_number) DO UPDATE SET state = excluded.state,
                       decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                )
                .bind(course_id)
                .bind(question_number)
                .bind(state)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
                ReviewChange::Cancel { reason } => sqlx::query(
                    "INSERT INTO certification_cancellations (course_id, reason, cancelled_by, cancelled_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (course_id) DO NOTHING",
                )
                .bind(course_id)
                .bind(reason)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
                ReviewChange::Reinstate => {
                    sqlx::query("DELETE FROM certification_cancellations WHERE course_id = $1")
                        .bind(course_id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                }
            };
            if changed == 0 {
                // Dropping the transaction rolls the revision back.
                return Ok(ReviewOutcome::Unchanged);
            }
            upsert_result!(tx, session_id, result, now);
            write_audit!(tx, *audit);
            ReviewOutcome::Done
        }))
    }

    /// Marks the session's finalisation comment read, with its audit entry; `false` when
    /// it was read already or the session is not finalised or is published.
    pub async fn mark_comment_read(
        &self,
        session_id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "INSERT INTO certification_comment_reads (session_id, read_by, read_at)
                 SELECT id, $2, $3 FROM certification_sessions
                 WHERE id = $1 AND finalised_at IS NOT NULL AND published_at IS NULL AND finalisation_comment IS NOT NULL
                 ON CONFLICT (session_id) DO NOTHING",
            )
            .bind(session_id)
            .bind(audit.actor_user_id)
            .bind(audit.at)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                write_audit!(tx, *audit);
            }
            done
        }))
    }

    /// The scored, unpublished sessions of `list`, by session number, at most
    /// `limit`, after the session `after` (keyset paging; no count).
    pub async fn review_sessions(
        &self,
        list: ReviewList,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<ReviewSessionRow>, StoreError> {
        let clear = format!(
            "{WAITING} = 0 AND {ERRORS} = 0 AND (s.finalisation_comment IS NULL OR {READ})"
        );
        let condition = match list {
            ReviewList::Publishable => clear,
            ReviewList::NeedsPerson => format!("NOT ({clear})"),
        };
        let sql = format!(
            "SELECT {SESSION_COLUMNS}, ce.name AS centre_name, {WAITING} AS waiting_reports, {ERRORS} AS scoring_errors, {READ} AS comment_read
             FROM certification_sessions s JOIN centres ce ON ce.id = s.centre_id
             WHERE s.finalised_at IS NOT NULL AND s.scored_at IS NOT NULL AND s.published_at IS NULL
               AND s.id > $1 AND {condition}
             ORDER BY s.id LIMIT $2"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(after.unwrap_or(0))
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?
        }))
    }
}
