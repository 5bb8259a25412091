//! Assessments (one test run each), their answers and the knowledge elements answers write.
//!
//! An answer and its knowledge elements are written in one transaction, and an answer to a
//! challenge already answered in the same assessment is not stored twice: the first one wins
//! and is returned as `Recorded::Duplicate`.

use acquis_core::AnswerStatus;
use acquis_core::positioning::{KeSource, KeStatus};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, hot_path, in_transaction, with_pool};

/// What an assessment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentKind {
    /// A learner's test on one competence.
    CompetenceEvaluation,
    /// A test in an organisation's campaign.
    Campaign,
    /// A certification test.
    Certification,
}

impl AssessmentKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentKind::CompetenceEvaluation => "competence_evaluation",
            AssessmentKind::Campaign => "campaign",
            AssessmentKind::Certification => "certification",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "competence_evaluation" => AssessmentKind::CompetenceEvaluation,
            "campaign" => AssessmentKind::Campaign,
            "certification" => AssessmentKind::Certification,
            other => return Err(StoreError::Corrupt(format!("assessment kind {other:?}"))),
        })
    }
}

/// Where an assessment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentState {
    /// Questions are being asked.
    Started,
    /// No question remains.
    Completed,
    /// Stopped before the end.
    Aborted,
}

impl AssessmentState {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentState::Started => "started",
            AssessmentState::Completed => "completed",
            AssessmentState::Aborted => "aborted",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "started" => AssessmentState::Started,
            "completed" => AssessmentState::Completed,
            "aborted" => AssessmentState::Aborted,
            other => return Err(StoreError::Corrupt(format!("assessment state {other:?}"))),
        })
    }
}

/// An assessment to start.
#[derive(Debug, Clone)]
pub struct NewAssessment<'a> {
    /// The learner.
    pub user_id: i64,
    /// What it is for.
    pub kind: AssessmentKind,
    /// The competence, for a competence evaluation.
    pub competence: Option<&'a str>,
    /// Seed of the deterministic challenge choice (replayable).
    pub seed: i64,
    /// The content release it runs on.
    pub release_id: i64,
    /// The learner's locale.
    pub locale: &'a str,
    /// An improvement: failures from before it are askable again.
    pub improving: bool,
}

/// A stored assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRecord {
    /// 64-bit id.
    pub id: i64,
    /// The learner.
    pub user_id: i64,
    /// What it is for.
    pub kind: AssessmentKind,
    /// The competence, for a competence evaluation.
    pub competence: Option<String>,
    /// Where it stands.
    pub state: AssessmentState,
    /// Seed of the deterministic challenge choice.
    pub seed: i64,
    /// The content release it runs on.
    pub release_id: i64,
    /// The learner's locale.
    pub locale: String,
    /// The challenge shown and not yet answered, if any.
    pub current_challenge: Option<String>,
    /// When it was shown (the server-side start of its timer).
    pub challenge_shown_at: Option<DateTime<Utc>>,
    /// The focused challenge the learner left the page of, if they did.
    pub focused_out_challenge: Option<String>,
    /// An improvement: failures from before it are askable again.
    pub improving: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    id: i64,
    user_id: i64,
    kind: String,
    competence: Option<String>,
    state: String,
    seed: i64,
    release_id: i64,
    locale: String,
    current_challenge: Option<String>,
    challenge_shown_at: Option<DateTime<Utc>>,
    focused_out_challenge: Option<String>,
    improving: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<AssessmentRow> for AssessmentRecord {
    type Error = StoreError;

    fn try_from(r: AssessmentRow) -> Result<Self, StoreError> {
        Ok(AssessmentRecord {
            id: r.id,
            user_id: r.user_id,
            kind: AssessmentKind::parse(&r.kind)?,
            competence: r.competence,
            state: AssessmentState::parse(&r.state)?,
            seed: r.seed,
            release_id: r.release_id,
            locale: r.locale,
            current_challenge: r.current_challenge,
            challenge_shown_at: r.challenge_shown_at,
            focused_out_challenge: r.focused_out_challenge,
            improving: r.improving,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub(crate) const ASSESSMENT_COLUMNS: &str = "id, user_id, kind, competence, state, seed, release_id, locale, current_challenge, challenge_shown_at, focused_out_challenge, improving, created_at, updated_at";

/// An answer to store.
#[derive(Debug, Clone)]
pub struct NewAnswer<'a> {
    /// The assessment.
    pub assessment_id: i64,
    /// The challenge answered.
    pub challenge_id: &'a str,
    /// The raw value.
    pub value: &'a str,
    /// The verdict.
    pub status: AnswerStatus,
    /// Time the learner took, as measured by the server.
    pub time_spent_ms: Option<i64>,
    /// What the learner did, in words, when a simulator gave the value.
    pub label: Option<&'a str>,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    /// 64-bit id.
    pub id: i64,
    /// The assessment.
    pub assessment_id: i64,
    /// The challenge answered.
    pub challenge_id: String,
    /// The raw value.
    pub value: String,
    /// The verdict.
    pub status: AnswerStatus,
    /// Time taken.
    pub time_spent_ms: Option<i64>,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// What the learner did, in words, when a simulator gave the value.
    pub label: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: i64,
    assessment_id: i64,
    challenge_id: String,
    value: String,
    status: String,
    time_spent_ms: Option<i64>,
    created_at: DateTime<Utc>,
    label: Option<String>,
}

impl TryFrom<AnswerRow> for AnswerRecord {
    type Error = StoreError;

    fn try_from(r: AnswerRow) -> Result<Self, StoreError> {
        let status = AnswerStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("answer status {:?}", r.status)))?;
        Ok(AnswerRecord {
            id: r.id,
            assessment_id: r.assessment_id,
            challenge_id: r.challenge_id,
            value: r.value,
            status,
            time_spent_ms: r.time_spent_ms,
            created_at: r.created_at,
            label: r.label,
        })
    }
}

pub(crate) const ANSWER_COLUMNS: &str =
    "id, assessment_id, challenge_id, value, status, time_spent_ms, created_at, label";

/// A knowledge element to store with an answer.
#[derive(Debug, Clone)]
pub struct NewKnowledgeElement<'a> {
    /// The skill.
    pub skill_id: &'a str,
    /// The skill's competence.
    pub competence: &'a str,
    /// Direct or inferred.
    pub source: KeSource,
    /// Validated, invalidated or reset.
    pub status: KeStatus,
    /// Pix earned (the skill's value if validated, else 0).
    pub earned_pix: f64,
}

/// A stored knowledge element.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeElementRecord {
    /// 64-bit id.
    pub id: i64,
    /// The learner.
    pub user_id: i64,
    /// The assessment that wrote it.
    pub assessment_id: i64,
    /// The answer that wrote it (none for a reset).
    pub answer_id: Option<i64>,
    /// The skill.
    pub skill_id: String,
    /// The skill's competence.
    pub competence: String,
    /// Direct or inferred.
    pub source: KeSource,
    /// Validated, invalidated or reset.
    pub status: KeStatus,
    /// Pix earned.
    pub earned_pix: f64,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct KnowledgeElementRow {
    id: i64,
    user_id: i64,
    assessment_id: i64,
    answer_id: Option<i64>,
    skill_id: String,
    competence: String,
    source: String,
    status: String,
    earned_pix: f64,
    created_at: DateTime<Utc>,
}

pub(crate) fn source_name(s: KeSource) -> &'static str {
    match s {
        KeSource::Direct => "direct",
        KeSource::Inferred => "inferred",
    }
}

pub(crate) fn status_name(s: KeStatus) -> &'static str {
    match s {
        KeStatus::Validated => "validated",
        KeStatus::Invalidated => "invalidated",
        KeStatus::Reset => "reset",
    }
}

/// A stored knowledge element source.
pub(crate) fn parse_source(s: &str) -> Result<KeSource, StoreError> {
    match s {
        "direct" => Ok(KeSource::Direct),
        "inferred" => Ok(KeSource::Inferred),
        other => Err(StoreError::Corrupt(format!(
            "knowledge element source {other:?}"
        ))),
    }
}

/// A stored knowledge element status.
pub(crate) fn parse_status(s: &str) -> Result<KeStatus, StoreError> {
    match s {
        "validated" => Ok(KeStatus::Validated),
        "invalidated" => Ok(KeStatus::Invalidated),
        "reset" => Ok(KeStatus::Reset),
        other => Err(StoreError::Corrupt(format!(
            "knowledge element status {other:?}"
        ))),
    }
}

impl TryFrom<KnowledgeElementRow> for KnowledgeElementRecord {
    type Error = StoreError;

    fn try_from(r: KnowledgeElementRow) -> Result<Self, StoreError> {
        Ok(KnowledgeElementRecord {
            id: r.id,
            user_id: r.user_id,
            assessment_id: r.assessment_id,
            answer_id: r.answer_id,
            skill_id: r.skill_id,
            competence: r.competence,
            source: parse_source(&r.source)?,
            status: parse_status(&r.status)?,
            earned_pix: r.earned_pix,
            created_at: r.created_at,
        })
    }
}

/// What `record_answer` did.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// The answer and its knowledge elements were stored.
    Stored(AnswerRecord),
    /// This challenge was already answered in this assessment; nothing was written.
    Duplicate(AnswerRecord),
}

impl Store {
    /// Starts an assessment. An account has at most one competence evaluation in progress
    /// per competence (a unique index): when a concurrent start got there first, nothing is
    /// written and that evaluation is returned.
    #[tracing::instrument(skip_all, fields(user = new.user_id))]
    pub async fn create_assessment(
        &self,
        new: NewAssessment<'_>,
        now: DateTime<Utc>,
    ) -> Result<AssessmentRecord, StoreError> {
        let sql = format!(
            "INSERT INTO assessments (user_id, kind, competence, state, seed, release_id, locale, improving, created_at, updated_at)
             VALUES ($1, $2, $3, 'started', $4, $5, $6, $7, $8, $8)
             ON CONFLICT DO NOTHING RETURNING {ASSESSMENT_COLUMNS}"
        );
        let started = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments
             WHERE user_id = $1 AND kind = $2 AND competence = $3 AND state = 'started'"
        );
        let _turn = self.write_turn().await;
        let row: Option<AssessmentRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(new.user_id)
                .bind(new.kind.as_str())
                .bind(new.competence)
                .bind(new.seed)
                .bind(new.release_id)
                .bind(new.locale)
                .bind(new.improving)
                .bind(now)
                .fetch_optional(pool)
                .await?
        });
        let row = match row {
            Some(row) => row,
            // A concurrent start of the same evaluation won: that one is the evaluation.
            None => with_pool!(self, |pool| {
                sqlx::query_as(&started)
                    .bind(new.user_id)
                    .bind(new.kind.as_str())
                    .bind(new.competence)
                    .fetch_one(pool)
                    .await?
            }),
        };
        row.try_into()
    }

    /// An assessment by id.
    pub async fn assessment(&self, id: i64) -> Result<Option<AssessmentRecord>, StoreError> {
        let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1");
        let row: Option<AssessmentRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?);
        row.map(TryInto::try_into).transpose()
    }

    /// A learner's assessments, newest first.
    pub async fn assessments_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<AssessmentRecord>, StoreError> {
        let sql = format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE user_id = $1 ORDER BY id DESC"
        );
        let rows: Vec<AssessmentRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(pool)
            .await?);
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Records which challenge is shown and when (the server-side start of its timer).
    pub async fn show_challenge(
        &self,
        assessment_id: i64,
        challenge_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.set_current_challenge(assessment_id, challenge_id, Some(at), at)
            .await
    }

    /// Makes `challenge_id` the assessment's current challenge without starting its clock: a
    /// timed challenge waits behind its notice until the learner starts it.
    pub async fn hold_challenge(
        &self,
        assessment_id: i64,
        challenge_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.set_current_challenge(assessment_id, challenge_id, None, now)
            .await
    }

    /// The current challenge of a started assessment, with its clock started at `clock` (or
    /// not yet); `NotFound` unless the assessment is started.
    async fn set_current_challenge(
        &self,
        assessment_id: i64,
        challenge_id: &str,
        clock: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let done = if let Some(sync) = &self.sync {
            let turn = self.writer.clone().lock_owned().await;
            let challenge = challenge_id.to_owned();
            sync.run(move |conn| {
                let done = hot_path::show_challenge(conn, assessment_id, &challenge, clock, now);
                drop(turn);
                done
            })
            .await?
        } else {
            let _turn = self.write_turn().await;
            with_pool!(self, |pool| {
                sqlx::query(
                    "UPDATE assessments SET current_challenge = $1, challenge_shown_at = $2, updated_at = $3
                     WHERE id = $4 AND state = 'started'",
                )
                .bind(challenge_id)
                .bind(clock)
                .bind(now)
                .bind(assessment_id)
                .execute(pool)
                .await?
                .rows_affected()
            }) as usize
        };
        if done == 0 {
            Err(StoreError::NotFound("started assessment"))
        } else {
            Ok(())
        }
    }

    /// Starts the clock of a held challenge (see [`Store::hold_challenge`]) at `at`, once: a
    /// second start (double click, second tab) changes nothing. Returns whether this call
    /// started it.
    pub async fn start_clock(
        &self,
        assessment_id: i64,
        challenge_id: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _turn = self.write_turn().await;
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE assessments SET challenge_shown_at = $1, updated_at = $1
                 WHERE id = $2 AND state = 'started' AND current_challenge = $3
                   AND challenge_shown_at IS NULL",
            )
            .bind(at)
            .bind(assessment_id)
            .bind(challenge_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Records that the learner left the page of the focused challenge `challenge_id`; ignored
    /// unless it is the one shown.
    pub async fn mark_focused_out(
        &self,
        assessment_id: i64,
        challenge_id: &str,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE assessments SET focused_out_challenge = current_challenge
                 WHERE id = $1 AND current_challenge = $2",
            )
            .bind(assessment_id)
            .bind(challenge_id)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Marks an assessment completed or aborted.
    pub async fn finish_assessment(
        &self,
        assessment_id: i64,
        state: AssessmentState,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if let Some(sync) = &self.sync {
            let turn = self.writer.clone().lock_owned().await;
            let done = sync
                .run(move |conn| {
                    let done = hot_path::finish_assessment(conn, assessment_id, state, now);
                    drop(turn);
                    done
                })
                .await?;
            return if done == 0 {
                Err(StoreError::NotFound("assessment"))
            } else {
                Ok(())
            };
        }
        let _turn = self.write_turn().await;
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE assessments SET state = $1, current_challenge = NULL, challenge_shown_at = NULL, updated_at = $2
                 WHERE id = $3",
            )
            .bind(state.as_str())
            .bind(now)
            .bind(assessment_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("assessment"))
        } else {
            Ok(())
        }
    }

    /// Stores an answer and the knowledge elements it writes, in one transaction. A second
    /// answer to the same challenge of the same assessment stores nothing.
    #[tracing::instrument(skip_all, fields(assessment = answer.assessment_id, challenge = answer.challenge_id))]
    pub async fn record_answer(
        &self,
        user_id: i64,
        answer: NewAnswer<'_>,
        elements: &[NewKnowledgeElement<'_>],
        now: DateTime<Utc>,
    ) -> Result<Recorded, StoreError> {
        let insert = format!(
            "INSERT INTO answers (assessment_id, challenge_id, value, status, time_spent_ms, created_at, label)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (assessment_id, challenge_id) DO NOTHING
             RETURNING {ANSWER_COLUMNS}"
        );
        let existing = format!(
            "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = $1 AND challenge_id = $2"
        );
        if let Some(sync) = &self.sync {
            let turn = self.writer.clone().lock_owned().await;
            let owned = hot_path::OwnedAnswer::new(user_id, &answer, elements);
            return sync
                .run(move |conn| {
                    let recorded = hot_path::record_answer(conn, &owned, now);
                    drop(turn);
                    recorded
                })
                .await;
        }
        let (row, stored) = in_transaction!(self, |tx| {
            let inserted: Option<AnswerRow> = sqlx::query_as(&insert)
                .bind(answer.assessment_id)
                .bind(answer.challenge_id)
                .bind(answer.value)
                .bind(answer.status.as_str())
                .bind(answer.time_spent_ms)
                .bind(now)
                .bind(answer.label)
                .fetch_optional(&mut *tx)
                .await?;
            match inserted {
                Some(row) => {
                    // One statement for all the elements: each statement is a round trip.
                    if !elements.is_empty() {
                        let mut insert = sqlx::QueryBuilder::new(
                            "INSERT INTO knowledge_elements
                             (user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at) ",
                        );
                        insert.push_values(elements, |mut values, ke| {
                            values
                                .push_bind(user_id)
                                .push_bind(answer.assessment_id)
                                .push_bind(row.id)
                                .push_bind(ke.skill_id)
                                .push_bind(ke.competence)
                                .push_bind(source_name(ke.source))
                                .push_bind(status_name(ke.status))
                                .push_bind(ke.earned_pix)
                                .push_bind(now);
                        });
                        insert.build().execute(&mut *tx).await?;
                    }
                    sqlx::query(
                        "UPDATE assessments SET current_challenge = NULL, challenge_shown_at = NULL,
                         focused_out_challenge = NULL, updated_at = $1 WHERE id = $2",
                    )
                    .bind(now)
                    .bind(answer.assessment_id)
                    .execute(&mut *tx)
                    .await?;
                    (row, true)
                }
                None => {
                    let row: AnswerRow = sqlx::query_as(&existing)
                        .bind(answer.assessment_id)
                        .bind(answer.challenge_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    (row, false)
                }
            }
        });
        let record = AnswerRecord::try_from(row)?;
        Ok(if stored {
            Recorded::Stored(record)
        } else {
            Recorded::Duplicate(record)
        })
    }

    /// The answers of an assessment, in order.
    pub async fn answers_of(&self, assessment_id: i64) -> Result<Vec<AnswerRecord>, StoreError> {
        let sql =
            format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = $1 ORDER BY id");
        let rows: Vec<AnswerRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(assessment_id)
            .fetch_all(pool)
            .await?);
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// The answer to `challenge_id` in an assessment, if there is one.
    pub async fn answer_to(
        &self,
        assessment_id: i64,
        challenge_id: &str,
    ) -> Result<Option<AnswerRecord>, StoreError> {
        let sql = format!(
            "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = $1 AND challenge_id = $2"
        );
        let row: Option<AnswerRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(assessment_id)
            .bind(challenge_id)
            .fetch_optional(pool)
            .await?);
        row.map(TryInto::try_into).transpose()
    }

    /// The verdicts of an assessment's answers, in order (what the positioning engine needs,
    /// without the answers' values).
    pub async fn answer_statuses_of(
        &self,
        assessment_id: i64,
    ) -> Result<Vec<AnswerStatus>, StoreError> {
        let rows: Vec<String> = with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT status FROM answers WHERE assessment_id = $1 ORDER BY id"
        )
        .bind(assessment_id)
        .fetch_all(pool)
        .await?);
        rows.iter()
            .map(|s| {
                AnswerStatus::parse(s)
                    .ok_or_else(|| StoreError::Corrupt(format!("answer status {s:?}")))
            })
            .collect()
    }

    /// A learner's knowledge elements on one competence, oldest first.
    pub async fn knowledge_elements_of_competence(
        &self,
        user_id: i64,
        competence: &str,
    ) -> Result<Vec<KnowledgeElementRecord>, StoreError> {
        let rows: Vec<KnowledgeElementRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at
                 FROM knowledge_elements WHERE user_id = $1 AND competence = $2 ORDER BY id",
            )
            .bind(user_id)
            .bind(competence)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// A learner's knowledge elements, oldest first (the latest per skill is the current one).
    pub async fn knowledge_elements_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<KnowledgeElementRecord>, StoreError> {
        let rows: Vec<KnowledgeElementRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at
                 FROM knowledge_elements WHERE user_id = $1 ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Writes reset elements for a learner (a competence reset), outside any answer.
    pub async fn add_knowledge_elements(
        &self,
        user_id: i64,
        assessment_id: i64,
        elements: &[NewKnowledgeElement<'_>],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            for ke in elements {
                sqlx::query(
                    "INSERT INTO knowledge_elements
                     (user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at)
                     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)",
                )
                .bind(user_id)
                .bind(assessment_id)
                .bind(ke.skill_id)
                .bind(ke.competence)
                .bind(source_name(ke.source))
                .bind(status_name(ke.status))
                .bind(ke.earned_pix)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }
}
