//! The certification test's facts: a candidate's entry (link to an account, instructions,
//! access code, the invigilator's authorisation), the course (one per candidate), the
//! questions asked, at most one answer per question, the live alerts, and the invigilator's
//! access to a session. Every write that an invigilator's live page must see also sends a
//! `NOTIFY` on PostgreSQL, in the same transaction, so every node learns of it.
//!
//! Nothing here decides a rule: the use cases decide with `core::certification::course` and
//! the writes here are conditional (`WHERE … IS NULL`, `ON CONFLICT DO NOTHING`, a unique
//! partial index), so two requests racing can never both win.

use chrono::{DateTime, Utc};

use crate::certification::CANDIDATE_COLUMNS;
use crate::{Backend, CandidateRecord, Store, StoreError, in_transaction, with_pool};

/// The channel of the PostgreSQL notifications about certification sessions; the payload is
/// the session's id.
pub const SESSION_CHANNEL: &str = "acquis_certif";

/// A candidate's course, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseRecord {
    /// Id.
    pub id: i64,
    /// The candidate.
    pub candidate_id: i64,
    /// The session.
    pub session_id: i64,
    /// The candidate's account.
    pub user_id: i64,
    /// The seed of the test's random draws.
    pub seed: i64,
    /// The locale challenges are served in.
    pub locale: String,
    /// Only accessible challenges.
    pub accessible_only: bool,
    /// Extra time, percent.
    pub extra_time_percent: i32,
    /// The certification settings version.
    pub settings_version: String,
    /// The content release the test draws from.
    pub release_id: i64,
    /// The hash of the secret the candidate's browser holds (rotated at each authorised
    /// entry: another browser must be authorised again).
    pub seat_hash: String,
    /// Started at.
    pub started_at: DateTime<Utc>,
    /// When the current seat was taken.
    pub seated_at: DateTime<Utc>,
    /// Ended at.
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it ended (`completed`, `ended_by_invigilator`, `ended_by_finalisation`).
    pub end_reason: Option<String>,
    /// Why an unfinished test stopped, as the centre stated at finalisation (`candidate`,
    /// `technical`).
    pub abort_reason: Option<String>,
}

/// A course to start.
#[derive(Debug, Clone)]
pub struct NewCourse<'a> {
    /// The seed.
    pub seed: i64,
    /// The locale.
    pub locale: &'a str,
    /// Only accessible challenges.
    pub accessible_only: bool,
    /// Extra time, percent.
    pub extra_time_percent: i32,
    /// The settings version.
    pub settings_version: &'a str,
    /// The content release.
    pub release_id: i64,
}

/// A question asked, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuestionRecord {
    /// Its position, from 0.
    pub position: i32,
    /// The challenge.
    pub challenge_id: String,
    /// Its skill.
    pub skill_id: String,
    /// Asked at.
    pub asked_at: DateTime<Utc>,
    /// The deadline of a timed challenge (extra time included).
    pub deadline_at: Option<DateTime<Utc>>,
    /// The candidate left the page of this focused challenge.
    pub focused_out: bool,
}

/// An answer, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseAnswerRecord {
    /// The question's position.
    pub position: i32,
    /// The challenge.
    pub challenge_id: String,
    /// The raw value.
    pub value: String,
    /// Its status (`ok`, `ko`, `skipped`, `timedout`, `focusedout`, …).
    pub status: String,
    /// Answered at.
    pub answered_at: DateTime<Utc>,
}

/// A live alert, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AlertRecord {
    /// Id.
    pub id: i64,
    /// The question's position.
    pub position: i32,
    /// The challenge.
    pub challenge_id: String,
    /// `PENDING`, `VALIDATED` or `DISMISSED`.
    pub state: String,
    /// The subcategory of a validated alert.
    pub reason: Option<String>,
    /// Raised at.
    pub created_at: DateTime<Utc>,
    /// Handled at.
    pub handled_at: Option<DateTime<Utc>>,
}

/// Everything a course's state is replayed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseFacts {
    /// The course.
    pub course: CourseRecord,
    /// The questions, in order.
    pub questions: Vec<QuestionRecord>,
    /// The answers, in order.
    pub answers: Vec<CourseAnswerRecord>,
    /// The alerts, oldest first.
    pub alerts: Vec<AlertRecord>,
}

/// One candidate on the invigilator's board: the enrolment, its course if started, the
/// number of answers and the pending alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    /// The candidate.
    pub candidate: CandidateRecord,
    /// The course, once started.
    pub course: Option<CourseRecord>,
    /// Answers given.
    pub answered: i64,
    /// The pending alert, if any.
    pub pending_alert: Option<AlertRecord>,
}

/// What became of an attempt to take a seat (start or resume a test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// A new course.
    Started(i64),
    /// The candidate's course, in a new seat.
    Resumed(i64),
    /// The authorisation was used meanwhile (a second tab, a double click).
    AuthorisationTaken,
}

/// What became of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerWrite {
    /// Recorded.
    Recorded,
    /// The question already has its answer.
    Duplicate,
    /// An alert is open on the course.
    AlertOpen,
    /// The course ended.
    Ended,
}

/// The invigilator's access to a session, as its gate reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvigilatorGate {
    /// The session.
    pub id: i64,
    /// The password's hash.
    pub invigilator_hash: String,
    /// Failed attempts since the last success or lock.
    pub invigilator_failures: i32,
    /// Locked until.
    pub invigilator_locked_until: Option<DateTime<Utc>>,
    /// Finalised at (a finalised session is not invigilated).
    pub finalised_at: Option<DateTime<Utc>>,
}

const COURSE_COLUMNS: &str = "id, candidate_id, session_id, user_id, seed, locale, accessible_only, extra_time_percent, settings_version, release_id, seat_hash, started_at, seated_at, ended_at, end_reason, abort_reason";

/// Sends the session's notification inside a PostgreSQL transaction (nothing on SQLite: its
/// single process publishes in memory after the commit).
macro_rules! notify_session {
    ($store:expr, $tx:expr, $session:expr) => {
        if $store.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(SESSION_CHANNEL)
                .bind($session.to_string())
                .execute(&mut *$tx)
                .await?;
        }
    };
}

impl Store {
    /// The candidate `id`.
    pub async fn candidate(&self, id: i64) -> Result<Option<CandidateRecord>, StoreError> {
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        }))
    }

    /// The enrolments linked to `user_id`, latest first.
    pub async fn candidates_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<CandidateRecord>, StoreError> {
        let sql = format!(
            "SELECT {CANDIDATE_COLUMNS} FROM candidates WHERE user_id = $1 ORDER BY linked_at DESC, id DESC"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?
        }))
    }

    /// Links the enrolment to `user_id` unless another account holds it; `false` when it is
    /// held, or when the account already holds another enrolment of the session.
    pub async fn link_candidate(
        &self,
        session_id: i64,
        candidate_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let linked = in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE candidates SET user_id = $1, linked_at = COALESCE(linked_at, $2) WHERE id = $3 AND session_id = $4 AND (user_id IS NULL OR user_id = $1)",
            )
            .bind(user_id)
            .bind(now)
            .bind(candidate_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await;
            match done {
                Ok(r) => {
                    notify_session!(self, tx, session_id);
                    r.rows_affected() == 1
                }
                // The transaction is aborted on PostgreSQL: leave without committing.
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Ok(false),
                Err(e) => return Err(e.into()),
            }
        });
        Ok(linked)
    }

    /// Records that the candidate confirmed the instructions.
    pub async fn confirm_instructions(
        &self,
        candidate_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE candidates SET instructions_at = COALESCE(instructions_at, $1) WHERE id = $2 AND user_id = $3",
            )
            .bind(now)
            .bind(candidate_id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// Records that the candidate typed the access code: they now wait for the invigilator
    /// (who sees it at once).
    pub async fn enter_access_code(
        &self,
        session_id: i64,
        candidate_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE candidates SET code_entered_at = $1 WHERE id = $2 AND user_id = $3 AND session_id = $4",
            )
            .bind(now)
            .bind(candidate_id)
            .bind(user_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            notify_session!(self, tx, session_id);
            done
        }))
    }

    /// The invigilator authorises the candidate to start or resume (a fresh authorisation).
    pub async fn authorise_candidate(
        &self,
        session_id: i64,
        candidate_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE candidates SET authorised_at = $1, authorisation_used = FALSE WHERE id = $2 AND session_id = $3 AND user_id IS NOT NULL",
            )
            .bind(now)
            .bind(candidate_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            notify_session!(self, tx, session_id);
            done
        }))
    }

    /// Takes a seat with the authorisation given at `authorised_at` (checked by the caller):
    /// uses it, starts the candidate's course (the session's first start is recorded) or
    /// gives the running one a new seat. `AuthorisationTaken` if it was used meanwhile.
    #[allow(clippy::too_many_arguments)]
    pub async fn take_seat(
        &self,
        session_id: i64,
        candidate_id: i64,
        user_id: i64,
        authorised_at: DateTime<Utc>,
        course: &NewCourse<'_>,
        seat_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Seat, StoreError> {
        let course_sql =
            format!("SELECT {COURSE_COLUMNS} FROM certification_courses WHERE candidate_id = $1");
        Ok(in_transaction!(self, |tx| {
            let used = sqlx::query(
                "UPDATE candidates SET authorisation_used = TRUE WHERE id = $1 AND user_id = $2 AND session_id = $3 AND authorised_at = $4 AND authorisation_used = FALSE",
            )
            .bind(candidate_id)
            .bind(user_id)
            .bind(session_id)
            .bind(authorised_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if used != 1 {
                Seat::AuthorisationTaken
            } else {
                let existing: Option<CourseRecord> = sqlx::query_as(&course_sql)
                    .bind(candidate_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let seat = match existing {
                    Some(c) => {
                        sqlx::query(
                            "UPDATE certification_courses SET seat_hash = $1, seated_at = $2 WHERE id = $3",
                        )
                        .bind(seat_hash)
                        .bind(now)
                        .bind(c.id)
                        .execute(&mut *tx)
                        .await?;
                        Seat::Resumed(c.id)
                    }
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO certification_courses (candidate_id, session_id, user_id, seed, locale, accessible_only, extra_time_percent, settings_version, release_id, seat_hash, started_at, seated_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                        )
                        .bind(candidate_id)
                        .bind(session_id)
                        .bind(user_id)
                        .bind(course.seed)
                        .bind(course.locale)
                        .bind(course.accessible_only)
                        .bind(course.extra_time_percent)
                        .bind(course.settings_version)
                        .bind(course.release_id)
                        .bind(seat_hash)
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await?;
                        sqlx::query(
                            "UPDATE certification_sessions SET first_started_at = COALESCE(first_started_at, $1) WHERE id = $2",
                        )
                        .bind(now)
                        .bind(session_id)
                        .execute(&mut *tx)
                        .await?;
                        Seat::Started(id)
                    }
                };
                notify_session!(self, tx, session_id);
                seat
            }
        }))
    }

    /// The course of the candidate, if started.
    pub async fn course_of_candidate(
        &self,
        candidate_id: i64,
    ) -> Result<Option<CourseRecord>, StoreError> {
        let sql =
            format!("SELECT {COURSE_COLUMNS} FROM certification_courses WHERE candidate_id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(candidate_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Everything the course `course_id` is replayed from.
    pub async fn course_facts(&self, course_id: i64) -> Result<Option<CourseFacts>, StoreError> {
        let course_sql =
            format!("SELECT {COURSE_COLUMNS} FROM certification_courses WHERE id = $1");
        let q_sql = "SELECT position, challenge_id, skill_id, asked_at, deadline_at, focused_out FROM certification_questions WHERE course_id = $1 ORDER BY position";
        let a_sql = "SELECT position, challenge_id, value, status, answered_at FROM certification_answers WHERE course_id = $1 ORDER BY position";
        let al_sql = "SELECT id, position, challenge_id, state, reason, created_at, handled_at FROM certification_alerts WHERE course_id = $1 ORDER BY id";
        Ok(with_pool!(self, |pool| {
            let course: Option<CourseRecord> = sqlx::query_as(&course_sql)
                .bind(course_id)
                .fetch_optional(pool)
                .await?;
            match course {
                None => None,
                Some(course) => Some(CourseFacts {
                    course,
                    questions: sqlx::query_as(q_sql)
                        .bind(course_id)
                        .fetch_all(pool)
                        .await?,
                    answers: sqlx::query_as(a_sql)
                        .bind(course_id)
                        .fetch_all(pool)
                        .await?,
                    alerts: sqlx::query_as(al_sql)
                        .bind(course_id)
                        .fetch_all(pool)
                        .await?,
                }),
            }
        }))
    }

    /// Records the question asked at `position`; `false` if that position is taken (another
    /// request asked first: read it back).
    pub async fn ask_question(
        &self,
        course_id: i64,
        position: i32,
        challenge_id: &str,
        skill_id: &str,
        asked_at: DateTime<Utc>,
        deadline_at: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO certification_questions (course_id, position, challenge_id, skill_id, asked_at, deadline_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(course_id)
            .bind(position)
            .bind(challenge_id)
            .bind(skill_id)
            .bind(asked_at)
            .bind(deadline_at)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// Records that the candidate left the page of the (focused) question at `position`
    /// before answering it.
    pub async fn mark_focus_out(&self, course_id: i64, position: i32) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE certification_questions SET focused_out = TRUE WHERE course_id = $1 AND position = $2
                 AND NOT EXISTS (SELECT 1 FROM certification_answers a WHERE a.course_id = $1 AND a.position = $2)",
            )
            .bind(course_id)
            .bind(position)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// Sets the enrolment's eligibility as last computed from the account's profile.
    pub async fn set_candidate_eligibility(
        &self,
        candidate_id: i64,
        eligible: bool,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE candidates SET eligible = $1 WHERE id = $2")
                .bind(eligible)
                .bind(candidate_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records the answer to the question at `position`, once, unless an alert is open or
    /// the course ended; `completes` ends the course as completed with it.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_course_answer(
        &self,
        session_id: i64,
        course_id: i64,
        position: i32,
        challenge_id: &str,
        value: &str,
        status: &str,
        completes: bool,
        now: DateTime<Utc>,
    ) -> Result<AnswerWrite, StoreError> {
        let lock = self.row_lock();
        let gate_sql = format!(
            "SELECT ended_at IS NOT NULL AS ended, EXISTS (SELECT 1 FROM certification_alerts WHERE course_id = $1 AND state = 'PENDING') AS alert FROM certification_courses WHERE id = $1{lock}"
        );
        Ok(in_transaction!(self, |tx| {
            let gate: Option<(bool, bool)> = sqlx::query_as(&gate_sql)
                .bind(course_id)
                .fetch_optional(&mut *tx)
                .await?;
            match gate {
                None | Some((true, _)) => AnswerWrite::Ended,
                Some((_, true)) => AnswerWrite::AlertOpen,
                Some((false, false)) => {
                    let inserted = sqlx::query(
                        "INSERT INTO certification_answers (course_id, position, challenge_id, value, status, answered_at)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    )
                    .bind(course_id)
                    .bind(position)
                    .bind(challenge_id)
                    .bind(value)
                    .bind(status)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        == 1;
                    if !inserted {
                        AnswerWrite::Duplicate
                    } else {
                        if completes {
                            sqlx::query(
                                "UPDATE certification_courses SET ended_at = $1, end_reason = 'completed' WHERE id = $2 AND ended_at IS NULL",
                            )
                            .bind(now)
                            .bind(course_id)
                            .execute(&mut *tx)
                            .await?;
                        }
                        notify_session!(self, tx, session_id);
                        AnswerWrite::Recorded
                    }
                }
            }
        }))
    }

    /// Ends a course (when the bank runs out) as completed; `false` if it had ended.
    pub async fn complete_course(
        &self,
        session_id: i64,
        course_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_courses SET ended_at = $1, end_reason = 'completed' WHERE id = $2 AND ended_at IS NULL",
            )
            .bind(now)
            .bind(course_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            notify_session!(self, tx, session_id);
            done
        }))
    }

    /// Raises an alert on the question at `position`; `false` if one is pending already or
    /// the course ended.
    pub async fn raise_alert(
        &self,
        session_id: i64,
        course_id: i64,
        position: i32,
        challenge_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let raised = in_transaction!(self, |tx| {
            let done = sqlx::query(
                "INSERT INTO certification_alerts (course_id, position, challenge_id, state, created_at)
                 SELECT $1, $2, $3, 'PENDING', $4 FROM certification_courses WHERE id = $1 AND ended_at IS NULL",
            )
            .bind(course_id)
            .bind(position)
            .bind(challenge_id)
            .bind(now)
            .execute(&mut *tx)
            .await;
            match done {
                Ok(r) => {
                    notify_session!(self, tx, session_id);
                    r.rows_affected() == 1
                }
                // The transaction is aborted on PostgreSQL: leave without committing.
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Ok(false),
                Err(e) => return Err(e.into()),
            }
        });
        Ok(raised)
    }

    /// Handles a pending alert of the session: validated with `reason`, or dismissed
    /// (`None`); `false` if it is not pending or not this session's.
    pub async fn handle_alert(
        &self,
        session_id: i64,
        alert_id: i64,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let state = if reason.is_some() {
            "VALIDATED"
        } else {
            "DISMISSED"
        };
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_alerts SET state = $1, reason = $2, handled_at = $3
                 WHERE id = $4 AND state = 'PENDING'
                 AND course_id IN (SELECT id FROM certification_courses WHERE session_id = $5)",
            )
            .bind(state)
            .bind(reason)
            .bind(now)
            .bind(alert_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            notify_session!(self, tx, session_id);
            done
        }))
    }

    /// Ends the candidate's course for `reason` (`ended_by_invigilator`, …); `false` if it
    /// had ended or not started.
    pub async fn end_course(
        &self,
        session_id: i64,
        candidate_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE certification_courses SET ended_at = $1, end_reason = $2 WHERE candidate_id = $3 AND session_id = $4 AND ended_at IS NULL",
            )
            .bind(now)
            .bind(reason)
            .bind(candidate_id)
            .bind(session_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            sqlx::query(
                "UPDATE certification_alerts SET state = 'DISMISSED', handled_at = $1 WHERE state = 'PENDING' AND course_id IN (SELECT id FROM certification_courses WHERE candidate_id = $2)",
            )
            .bind(now)
            .bind(candidate_id)
            .execute(&mut *tx)
            .await?;
            notify_session!(self, tx, session_id);
            done
        }))
    }

    /// The invigilator's board of a session: every candidate with their course, answers and
    /// pending alert, by birth name (three queries, whatever the number of candidates).
    pub async fn session_board(&self, session_id: i64) -> Result<Vec<BoardRow>, StoreError> {
        let candidates = self.candidates(session_id).await?;
        let course_sql =
            format!("SELECT {COURSE_COLUMNS} FROM certification_courses WHERE session_id = $1");
        let counts_sql = "SELECT c.id, COUNT(a.position) FROM certification_courses c LEFT JOIN certification_answers a ON a.course_id = c.id WHERE c.session_id = $1 GROUP BY c.id";
        let alerts_sql = "SELECT al.course_id, al.id, al.position, al.challenge_id, al.state, al.reason, al.created_at, al.handled_at FROM certification_alerts al JOIN certification_courses c ON c.id = al.course_id WHERE c.session_id = $1 AND al.state = 'PENDING'";
        type AlertRow = (
            i64,
            i64,
            i32,
            String,
            String,
            Option<String>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        );
        let (courses, counts, alerts): (Vec<CourseRecord>, Vec<(i64, i64)>, Vec<AlertRow>) =
            with_pool!(self, |pool| {
                (
                    sqlx::query_as(&course_sql)
                        .bind(session_id)
                        .fetch_all(pool)
                        .await?,
                    sqlx::query_as(counts_sql)
                        .bind(session_id)
                        .fetch_all(pool)
                        .await?,
                    sqlx::query_as(alerts_sql)
                        .bind(session_id)
                        .fetch_all(pool)
                        .await?,
                )
            });
        Ok(candidates
            .into_iter()
            .map(|candidate| {
                let course = courses
                    .iter()
                    .find(|c| c.candidate_id == candidate.id)
                    .cloned();
                let id = course.as_ref().map(|c| c.id);
                let answered = id
                    .and_then(|id| counts.iter().find(|(c, _)| *c == id))
                    .map_or(0, |(_, n)| *n);
                let pending_alert = id.and_then(|id| {
                    alerts.iter().find(|a| a.0 == id).map(|a| AlertRecord {
                        id: a.1,
                        position: a.2,
                        challenge_id: a.3.clone(),
                        state: a.4.clone(),
                        reason: a.5.clone(),
                        created_at: a.6,
                        handled_at: a.7,
                    })
                });
                BoardRow {
                    candidate,
                    course,
                    answered,
                    pending_alert,
                }
            })
            .collect())
    }

    /// The invigilator gate of session `id`.
    pub async fn invigilator_gate(&self, id: i64) -> Result<Option<InvigilatorGate>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, invigilator_hash, invigilator_failures, invigilator_locked_until, finalised_at FROM certification_sessions WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Counts a failed invigilator password on session `id`, atomically; at `max` failures
    /// the session's invigilator access locks until `lock_until` and the count restarts.
    /// Returns whether this failure locked it.
    pub async fn invigilator_failed(
        &self,
        id: i64,
        max: i32,
        lock_until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let failures: Option<i32> = sqlx::query_scalar(
                "UPDATE certification_sessions SET invigilator_failures = invigilator_failures + 1 WHERE id = $1 RETURNING invigilator_failures",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            match failures {
                Some(n) if n >= max => {
                    sqlx::query(
                        "UPDATE certification_sessions SET invigilator_failures = 0, invigilator_locked_until = $1 WHERE id = $2",
                    )
                    .bind(lock_until)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    true
                }
                _ => false,
            }
        }))
    }

    /// Clears the failure count after a right password.
    pub async fn invigilator_succeeded(&self, id: i64) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE certification_sessions SET invigilator_failures = 0 WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    fn row_lock(&self) -> &'static str {
        if self.backend() == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        }
    }
}

/// A PostgreSQL connection listening to [`SESSION_CHANNEL`].
#[derive(Debug)]
pub struct SessionListener(sqlx::postgres::PgListener);

impl SessionListener {
    /// The next session id notified.
    pub async fn next(&mut self) -> Result<i64, StoreError> {
        loop {
            let n = self.0.recv().await?;
            if let Ok(id) = n.payload().parse() {
                return Ok(id);
            }
        }
    }
}

impl Store {
    /// A listener of the session notifications on PostgreSQL; `None` on SQLite.
    pub async fn listen_sessions(&self) -> Result<Option<SessionListener>, StoreError> {
        match &self.pool {
            crate::Pool::Sqlite(_) => Ok(None),
            crate::Pool::Postgres(pool) => {
                let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
                listener.listen(SESSION_CHANNEL).await?;
                Ok(Some(SessionListener(listener)))
            }
        }
    }
}
