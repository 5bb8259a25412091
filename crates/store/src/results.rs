//! What follows a certification session: the centre's finalisation and issue reports, the
//! scoring job's results, publication, and the certificates read by their holder or by
//! anyone with a verification code.
//!
//! The use cases decide; the writes here are conditional (`WHERE finalised_at IS NULL`,
//! `WHERE published_at IS NULL`, unique verification codes), so two requests racing can never
//! both win.

use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::jobs::enqueue_on;
use crate::{Backend, NewAuditEntry, NewJob, Store, StoreError, in_transaction, with_pool};

/// An issue report, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IssueReportRecord {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// The candidate it is about.
    pub candidate_id: i64,
    /// Its category.
    pub category: String,
    /// Its subcategory, if the category has them.
    pub subcategory: Option<String>,
    /// The question number (from 1), for in-challenge problems.
    pub question_number: Option<i32>,
    /// What happened.
    pub description: String,
    /// When the centre wrote it.
    pub created_at: DateTime<Utc>,
    /// How it was resolved (by the scoring job's rules or a person), if it was.
    pub resolution: Option<String>,
    /// When.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// An issue report to store.
#[derive(Debug, Clone, Copy)]
pub struct NewIssueReport<'a> {
    /// The candidate.
    pub candidate_id: i64,
    /// Category.
    pub category: &'a str,
    /// Subcategory.
    pub subcategory: Option<&'a str>,
    /// Question number.
    pub question_number: Option<i32>,
    /// Description.
    pub description: &'a str,
}

/// The session's side of a finalisation.
#[derive(Debug, Clone, Copy)]
pub struct SessionFinalisation<'a> {
    /// An incident happened.
    pub had_incident: bool,
    /// Candidates had trouble joining.
    pub had_joining_issue: bool,
    /// The comment.
    pub comment: Option<&'a str>,
    /// The abort reason of each unfinished course, as (course id, `candidate`|`technical`).
    pub aborts: &'a [(i64, &'a str)],
}

/// A result, as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ResultRecord {
    /// The course it is the result of.
    pub course_id: i64,
    /// The session.
    pub session_id: i64,
    /// The candidate's account.
    pub user_id: i64,
    /// `validated`, `rejected`, `cancelled`, or `error` when it could not be computed.
    pub status: String,
    /// The certification settings version it was computed with.
    pub settings_version: String,
    /// The final capacity (validated).
    pub capacity: Option<f64>,
    /// Its error.
    pub capacity_error: Option<f64>,
    /// The score, 0–895 (validated).
    pub score: Option<i32>,
    /// The global level (validated, from the first band on).
    pub global_level: Option<i32>,
    /// The competence levels, JSON `[["1.1", 3], …]`.
    pub competence_levels: String,
    /// Answers that counted.
    pub answered: i32,
    /// Missing answers counted wrong.
    pub scored_as_wrong: i32,
    /// The neutralised challenges, JSON array.
    pub neutralised: String,
    /// Why it could not be computed (`error`).
    pub problem: Option<String>,
    /// When it was computed.
    pub computed_at: DateTime<Utc>,
    /// The certificate's verification code (validated).
    pub verification_code: Option<String>,
    /// The salt of the holder's identity hash in the credential.
    pub holder_salt: String,
    /// When the operator revoked it.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A result to store.
#[derive(Debug, Clone)]
pub struct NewResult {
    /// The course.
    pub course_id: i64,
    /// The account.
    pub user_id: i64,
    /// Status name.
    pub status: String,
    /// Settings version.
    pub settings_version: String,
    /// Capacity.
    pub capacity: Option<f64>,
    /// Its error.
    pub capacity_error: Option<f64>,
    /// Score.
    pub score: Option<i32>,
    /// Global level.
    pub global_level: Option<i32>,
    /// Competence levels, JSON.
    pub competence_levels: String,
    /// Answers that counted.
    pub answered: i32,
    /// Missing answers counted wrong.
    pub scored_as_wrong: i32,
    /// Neutralised challenges, JSON.
    pub neutralised: String,
    /// Why it could not be computed.
    pub problem: Option<String>,
    /// A fresh verification code, kept only if the result has none yet (validated).
    pub verification_code: Option<String>,
    /// A fresh salt, kept only if the result has none yet.
    pub holder_salt: String,
}

/// A certificate with what its pages show: the result, the holder's names as enrolled, the
/// session and its centre.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CertificateRecord {
    /// The result.
    #[sqlx(flatten)]
    pub result: ResultRecord,
    /// The candidate.
    pub candidate_id: i64,
    /// Birth name.
    pub birth_name: String,
    /// First name.
    pub first_name: String,
    /// Birth date, ISO.
    pub birthdate: String,
    /// The session's date, ISO.
    pub session_date: String,
    /// The centre's name.
    pub centre_name: String,
    /// When the session's results were published.
    pub published_at: Option<DateTime<Utc>>,
    /// The account's email (the credential's hashed identity).
    pub email: String,
}

const RESULT_COLUMNS: &str = "r.course_id, r.session_id, r.user_id, r.status, r.settings_version, r.capacity, r.capacity_error, r.score, r.global_level, r.competence_levels, r.answered, r.scored_as_wrong, r.neutralised, r.problem, r.computed_at, r.verification_code, r.holder_salt, r.revoked_at";

const CERTIFICATE_FROM: &str = "FROM certification_results r
     JOIN certification_courses co ON co.id = r.course_id
     JOIN candidates ca ON ca.id = co.candidate_id
     JOIN certification_sessions s ON s.id = r.session_id
     JOIN centres ce ON ce.id = s.centre_id
     JOIN users u ON u.id = r.user_id";

fn certificate_select(condition: &str) -> String {
    format!(
        "SELECT {RESULT_COLUMNS}, ca.id AS candidate_id, ca.birth_name, ca.first_name, ca.birthdate, s.session_date, ce.name AS centre_name, s.published_at, u.email {CERTIFICATE_FROM} WHERE {condition}"
    )
}

/// Stores one computed result (insert or replace), keeping the verification code and salt
/// the result already had.
pub(crate) const UPSERT_RESULT: &str = "INSERT INTO certification_results (course_id, session_id, user_id, status, settings_version, capacity, capacity_error, score, global_level, competence_levels, answered, scored_as_wrong, neutralised, problem, computed_at, verification_code, holder_salt)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (course_id) DO UPDATE SET status = excluded.status, settings_version = excluded.settings_version,
       capacity = excluded.capacity, capacity_error = excluded.capacity_error, score = excluded.score,
       global_level = excluded.global_level, competence_levels = excluded.competence_levels,
       answered = excluded.answered, scored_as_wrong = excluded.scored_as_wrong,
       neutralised = excluded.neutralised, problem = excluded.problem, computed_at = excluded.computed_at,
       verification_code = COALESCE(certification_results.verification_code, excluded.verification_code)";

/// Writes the [`NewResult`] `r` of session `session_id` on the transaction `tx`.
macro_rules! upsert_result {
    ($tx:expr, $session_id:expr, $r:expr, $now:expr) => {{
        let r: &$crate::NewResult = $r;
        sqlx::query($crate::results::UPSERT_RESULT)
            .bind(r.course_id)
            .bind($session_id)
            .bind(r.user_id)
            .bind(&r.status)
            .bind(&r.settings_version)
            .bind(r.capacity)
            .bind(r.capacity_error)
            .bind(r.score)
            .bind(r.global_level)
            .bind(&r.competence_levels)
            .bind(r.answered)
            .bind(r.scored_as_wrong)
            .bind(&r.neutralised)
            .bind(&r.problem)
            .bind($now)
            .bind(&r.verification_code)
            .bind(&r.holder_salt)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use upsert_result;

impl Store {
    /// Adds an issue report about a candidate of the session, unless the session is
    /// finalised; its id, or `None` when it was.
    pub async fn add_issue_report(
        &self,
        session_id: i64,
        report: NewIssueReport<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        Ok(in_transaction!(self, |tx| {
            sqlx::query_scalar(
                "INSERT INTO certification_issue_reports (session_id, candidate_id, category, subcategory, question_number, description, created_at)
                 SELECT s.id, $2, $3, $4, $5, $6, $7 FROM certification_sessions s
                 WHERE s.id = $1 AND s.finalised_at IS NULL
                   AND EXISTS (SELECT 1 FROM candidates c WHERE c.id = $2 AND c.session_id = s.id)
                 RETURNING id",
            )
            .bind(session_id)
            .bind(report.candidate_id)
            .bind(report.category)
            .bind(report.subcategory)
            .bind(report.question_number)
            .bind(report.description)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
        }))
    }

    /// Deletes an issue report of the session while it is not finalised; `false` otherwise.
    pub async fn delete_issue_report(
        &self,
        session_id: i64,
        report_id: i64,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            sqlx::query(
                "DELETE FROM certification_issue_reports WHERE id = $1 AND session_id = $2
                 AND session_id IN (SELECT id FROM certification_sessions WHERE finalised_at IS NULL)",
            )
            .bind(report_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// The issue reports of a session, oldest first.
    pub async fn issue_reports(
        &self,
        session_id: i64,
    ) -> Result<Vec<IssueReportRecord>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, session_id, candidate_id, category, subcategory, question_number, description, created_at, resolution, resolved_at
                 FROM certification_issue_reports WHERE session_id = $1 ORDER BY id",
            )
            .bind(session_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Finalises the session unless it already is: the boxes and comment, the abort reason of
    /// each unfinished course (which ends it), pending alerts dismissed, and the scoring job,
    /// in one transaction. `false` when it was finalised already.
    pub async fn finalise_session(
        &self,
        session_id: i64,
        finalisation: SessionFinalisation<'_>,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_sessions SET finalised_at = $1, had_incident = $2, had_joining_issue = $3, finalisation_comment = $4, scored_at = NULL
                 WHERE id = $5 AND finalised_at IS NULL",
            )
            .bind(now)
            .bind(finalisation.had_incident)
            .bind(finalisation.had_joining_issue)
            .bind(finalisation.comment)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !done {
                return Ok(false);
            }
            for (course_id, reason) in finalisation.aborts {
                sqlx::query(
                    "UPDATE certification_courses SET abort_reason = $1, ended_at = COALESCE(ended_at, $2), end_reason = COALESCE(end_reason, 'ended_by_finalisation')
                     WHERE id = $3 AND session_id = $4",
                )
                .bind(*reason)
                .bind(now)
                .bind(*course_id)
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "UPDATE certification_alerts SET state = 'DISMISSED', handled_at = $1 WHERE state = 'PENDING'
                 AND course_id IN (SELECT id FROM certification_courses WHERE session_id = $2)",
            )
            .bind(now)
            .bind(session_id)
            .execute(&mut *tx)
            .await?;
            enqueue_on!(&mut *tx, job, now)?;
            if self.backend() == Backend::Postgres {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(crate::course::SESSION_CHANNEL)
                    .bind(session_id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            true
        }))
    }

    /// Takes a finalisation back (the operator), unless the session is published: the centre
    /// may then add reports and finalise again; results and resolutions are dropped (the
    /// next finalisation scores again). `false` when it was not finalised or is published.
    pub async fn unfinalise_session(
        &self,
        session_id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_sessions SET finalised_at = NULL, scored_at = NULL, review_started_at = NULL
                 WHERE id = $1 AND finalised_at IS NOT NULL AND published_at IS NULL",
            )
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                sqlx::query("DELETE FROM certification_results WHERE session_id = $1")
                    .bind(session_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE certification_issue_reports SET resolution = NULL, resolved_at = NULL WHERE session_id = $1",
                )
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
                write_audit!(tx, *audit);
            }
            done
        }))
    }

    /// Stores the scoring job's results for a finalised, unpublished session, with the
    /// resolution of each report, in one transaction; a result keeps the verification code
    /// and salt it already had. `false` when the session is no longer finalised or is
    /// published (nothing is written).
    pub async fn save_results(
        &self,
        session_id: i64,
        results: &[NewResult],
        resolutions: &[(i64, String)],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let open = sqlx::query(
                "UPDATE certification_sessions SET scored_at = $1 WHERE id = $2 AND finalised_at IS NOT NULL AND published_at IS NULL",
            )
            .bind(now)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !open {
                return Ok(false);
            }
            for r in results {
                upsert_result!(tx, session_id, r, now);
            }
            for (report_id, resolution) in resolutions {
                sqlx::query(
                    "UPDATE certification_issue_reports SET resolution = $1, resolved_at = $2 WHERE id = $3 AND session_id = $4",
                )
                .bind(resolution)
                .bind(now)
                .bind(*report_id)
                .bind(session_id)
                .execute(&mut *tx)
                .await?;
            }
            true
        }))
    }

    /// The results of a session, by course.
    pub async fn session_results(&self, session_id: i64) -> Result<Vec<ResultRecord>, StoreError> {
        let sql = format!(
            "SELECT {RESULT_COLUMNS} FROM certification_results r WHERE r.session_id = $1 ORDER BY r.course_id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(session_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The certificates of a session, by birth name.
    pub async fn session_certificates(
        &self,
        session_id: i64,
    ) -> Result<Vec<CertificateRecord>, StoreError> {
        let sql = certificate_select("r.session_id = $1 ORDER BY ca.birth_name, ca.first_name");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(session_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The finalised sessions whose results are computed and not published, oldest first.
    pub async fn scored_unpublished_sessions(&self) -> Result<Vec<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM certification_sessions WHERE finalised_at IS NOT NULL AND scored_at IS NOT NULL AND published_at IS NULL ORDER BY finalised_at, id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Publishes a scored session unless it is published, with its mail jobs and its audit
    /// entry, in one transaction; `false` when it was not publishable as stored (not scored,
    /// or published): nothing is written.
    pub async fn publish_session(
        &self,
        session_id: i64,
        jobs: &[NewJob],
        audit: &NewAuditEntry<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_sessions SET published_at = $1 WHERE id = $2 AND finalised_at IS NOT NULL AND scored_at IS NOT NULL AND published_at IS NULL",
            )
            .bind(now)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if done {
                for job in jobs {
                    enqueue_on!(&mut *tx, job, now)?;
                }
                write_audit!(tx, *audit);
            }
            done
        }))
    }

    /// Takes a publication back, with its audit entry; `false` when the session was not
    /// published (nothing is written).
    pub async fn unpublish_session(
        &self,
        session_id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_sessions SET published_at = NULL WHERE id = $1 AND published_at IS NOT NULL",
            )
            .bind(session_id)
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

    /// The account's results, latest session first.
    pub async fn certificates_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<CertificateRecord>, StoreError> {
        let sql =
            certificate_select("r.user_id = $1 ORDER BY s.session_date DESC, r.course_id DESC");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?
        }))
    }

    /// The certificate of a course.
    pub async fn certificate(
        &self,
        course_id: i64,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let sql = certificate_select("r.course_id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(course_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The certificate with this verification code.
    pub async fn certificate_by_code(
        &self,
        code: &str,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let sql = certificate_select("r.verification_code = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(code).fetch_optional(pool).await?
        }))
    }

    /// Whether the certificate at this status-list index (its course id) must not verify:
    /// revoked, cancelled by an operator, or its session not published (any more). An index no certificate has is not
    /// withdrawn (the signature check already vouched for the credential).
    pub async fn certificate_withdrawn(&self, course_id: i64) -> Result<bool, StoreError> {
        let withdrawn: Option<bool> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT (r.revoked_at IS NOT NULL OR s.published_at IS NULL OR r.status <> 'validated') FROM certification_results r
                 JOIN certification_sessions s ON s.id = r.session_id WHERE r.course_id = $1",
            )
            .bind(course_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(withdrawn.unwrap_or(false))
    }

    /// The status-list indices (course ids) of certificates that must not verify: revoked,
    /// cancelled by an operator, or whose session is not published (any more).
    pub async fn withdrawn_certificates(&self) -> Result<Vec<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT r.course_id FROM certification_results r JOIN certification_sessions s ON s.id = r.session_id
                 WHERE r.verification_code IS NOT NULL AND (r.revoked_at IS NOT NULL OR s.published_at IS NULL OR r.status <> 'validated')
                 ORDER BY r.course_id",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
