//! The evaluation hot path: what one "next challenge" or "answer" request reads, in one call,
//! and the writes that follow it. On SQLite these run on the synchronous connections of
//! `sqlite_sync` (one hand-off per request instead of one per statement and row); on
//! PostgreSQL they are the usual pooled queries.

use acquis_core::AnswerStatus;
use acquis_core::positioning::{KeSource, KeStatus};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::assessments::{
    ANSWER_COLUMNS, ASSESSMENT_COLUMNS, AnswerRecord, AssessmentKind, AssessmentRecord,
    AssessmentState, KnowledgeElementRecord, NewAnswer, NewKnowledgeElement, Recorded,
    parse_source, parse_status, source_name, status_name,
};
use crate::sqlite_sync::{parse_timestamp, timestamp};
use crate::{Store, StoreError};

/// Who asks for an assessment.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A signed-in user (a browser session).
    User(i64),
    /// The holder of an API token, by the token's stored hash, at a time (expired tokens fail).
    Token {
        /// SHA-256 of the token, hex.
        hash: String,
        /// Now.
        now: DateTime<Utc>,
    },
}

/// The outcome of reading something on behalf of a caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Access<T> {
    /// The token is unknown or expired.
    Unauthorized,
    /// No such thing for this caller (also when it belongs to someone else).
    NotFound,
    /// Here it is.
    Granted(T),
}

/// Everything an evaluation request needs from the database, read together.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationState {
    /// The assessment.
    pub assessment: AssessmentRecord,
    /// The verdicts of its answers, in order (empty once it is over).
    pub statuses: Vec<AnswerStatus>,
    /// The learner's knowledge elements its engine looks at, oldest first: the competence's for
    /// a competence evaluation, all of them otherwise (empty once it is over).
    pub elements: Vec<KnowledgeElementRecord>,
    /// The target skills (JSON array of ids) of an assessment not on one competence.
    pub target: Option<String>,
}

const KE_COLUMNS: &str = "id, user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at";

impl Store {
    /// The user an API token belongs to, if it is valid at `now`.
    pub async fn api_token_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        if let Some(sync) = &self.sync {
            let hash = token_hash.to_owned();
            return sync.run(move |conn| token_user(conn, &hash, now)).await;
        }
        Ok(crate::with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The assessment `assessment_id` of the caller, with its answers' verdicts, the knowledge
    /// elements its engine needs and its target, in one call.
    pub async fn evaluation_state(
        &self,
        caller: Caller,
        assessment_id: i64,
    ) -> Result<Access<EvaluationState>, StoreError> {
        if let Some(sync) = &self.sync {
            return sync
                .run(move |conn| read_evaluation_state(conn, &caller, assessment_id))
                .await;
        }
        let user_id = match &caller {
            Caller::User(id) => *id,
            Caller::Token { hash, now } => match self.api_token_user(hash, *now).await? {
                Some(id) => id,
                None => return Ok(Access::Unauthorized),
            },
        };
        let assessment = match self.assessment(assessment_id).await? {
            Some(a) if a.user_id == user_id => a,
            _ => return Ok(Access::NotFound),
        };
        if assessment.state != AssessmentState::Started {
            return Ok(Access::Granted(EvaluationState {
                assessment,
                statuses: Vec::new(),
                elements: Vec::new(),
                target: None,
            }));
        }
        let statuses = self.answer_statuses_of(assessment_id).await?;
        let (elements, target) = match (&assessment.kind, &assessment.competence) {
            (AssessmentKind::CompetenceEvaluation, Some(competence)) => (
                self.knowledge_elements_of_competence(user_id, competence)
                    .await?,
                None,
            ),
            _ => (
                self.knowledge_elements_of(user_id).await?,
                self.assessment_target(assessment_id).await?,
            ),
        };
        Ok(Access::Granted(EvaluationState {
            assessment,
            statuses,
            elements,
            target,
        }))
    }
}

fn token_user(
    conn: &Connection,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT user_id FROM api_tokens WHERE token_hash = ?1 AND expires_at > ?2")?
        .query_row(params![hash, timestamp(now)], |r| r.get(0))
        .optional()?)
}

fn read_evaluation_state(
    conn: &mut Connection,
    caller: &Caller,
    assessment_id: i64,
) -> Result<Access<EvaluationState>, StoreError> {
    // One read transaction: the rows below are one consistent snapshot.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let user_id = match caller {
        Caller::User(id) => *id,
        Caller::Token { hash, now } => match token_user(&tx, hash, *now)? {
            Some(id) => id,
            None => return Ok(Access::Unauthorized),
        },
    };
    let assessment = tx
        .prepare_cached(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"
        ))?
        .query_row([assessment_id], assessment_row)
        .optional()?
        .transpose()?;
    let assessment = match assessment {
        Some(a) if a.user_id == user_id => a,
        _ => return Ok(Access::NotFound),
    };
    let mut state = EvaluationState {
        assessment,
        statuses: Vec::new(),
        elements: Vec::new(),
        target: None,
    };
    if state.assessment.state != AssessmentState::Started {
        return Ok(Access::Granted(state));
    }
    {
        let mut statuses =
            tx.prepare_cached("SELECT status FROM answers WHERE assessment_id = ?1 ORDER BY id")?;
        let mut rows = statuses.query([assessment_id])?;
        while let Some(row) = rows.next()? {
            let s: String = row.get(0)?;
            state.statuses.push(
                AnswerStatus::parse(&s)
                    .ok_or_else(|| StoreError::Corrupt(format!("answer status {s:?}")))?,
            );
        }
    }
    // A competence evaluation's engine looks at its competence only; a campaign's at the whole
    // profile, within its stored target.
    let competence = match (&state.assessment.kind, &state.assessment.competence) {
        (AssessmentKind::CompetenceEvaluation, Some(competence)) => Some(competence.as_str()),
        _ => None,
    };
    // Two statements rather than `?2 IS NULL OR …`, which would lose the index's order.
    let scope = if competence.is_some() {
        "AND competence = ?2"
    } else {
        ""
    };
    let mut elements = tx.prepare_cached(&format!(
        "SELECT {KE_COLUMNS} FROM knowledge_elements WHERE user_id = ?1 {scope} ORDER BY id"
    ))?;
    let mut rows = match competence {
        Some(competence) => elements.query(params![user_id, competence])?,
        None => elements.query([user_id])?,
    };
    while let Some(row) = rows.next()? {
        state.elements.push(knowledge_element_row(row)?);
    }
    if competence.is_none() {
        state.target = tx
            .prepare_cached("SELECT skills FROM assessment_targets WHERE assessment_id = ?1")?
            .query_row([assessment_id], |r| r.get(0))
            .optional()?;
    }
    Ok(Access::Granted(state))
}

fn optional_time(s: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    s.as_deref().map(parse_timestamp).transpose()
}

/// An assessment row in `ASSESSMENT_COLUMNS` order (the outer error is rusqlite's, the inner
/// one a value that cannot be read back).
fn assessment_row(r: &Row<'_>) -> rusqlite::Result<Result<AssessmentRecord, StoreError>> {
    let kind: String = r.get(2)?;
    let state: String = r.get(4)?;
    let shown_at: Option<String> = r.get(9)?;
    let created_at: String = r.get(12)?;
    let updated_at: String = r.get(13)?;
    let id = r.get(0)?;
    let user_id = r.get(1)?;
    let competence = r.get(3)?;
    let seed = r.get(5)?;
    let release_id = r.get(6)?;
    let locale = r.get(7)?;
    let current_challenge = r.get(8)?;
    let focused_out_challenge = r.get(10)?;
    let improving = r.get(11)?;
    Ok((|| {
        Ok(AssessmentRecord {
            id,
            user_id,
            kind: AssessmentKind::parse(&kind)?,
            competence,
            state: AssessmentState::parse(&state)?,
            seed,
            release_id,
            locale,
            current_challenge,
            challenge_shown_at: optional_time(shown_at)?,
            focused_out_challenge,
            improving,
            created_at: parse_timestamp(&created_at)?,
            updated_at: parse_timestamp(&updated_at)?,
        })
    })())
}

fn knowledge_element_row(r: &Row<'_>) -> Result<KnowledgeElementRecord, StoreError> {
    let source: String = r.get(6)?;
    let status: String = r.get(7)?;
    let created_at: String = r.get(9)?;
    Ok(KnowledgeElementRecord {
        id: r.get(0)?,
        user_id: r.get(1)?,
        assessment_id: r.get(2)?,
        answer_id: r.get(3)?,
        skill_id: r.get(4)?,
        competence: r.get(5)?,
        source: parse_source(&source)?,
        status: parse_status(&status)?,
        earned_pix: r.get(8)?,
        created_at: parse_timestamp(&created_at)?,
    })
}

fn answer_row(r: &Row<'_>) -> Result<AnswerRecord, StoreError> {
    let status: String = r.get(4)?;
    let created_at: String = r.get(6)?;
    Ok(AnswerRecord {
        id: r.get(0)?,
        assessment_id: r.get(1)?,
        challenge_id: r.get(2)?,
        value: r.get(3)?,
        status: AnswerStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("answer status {status:?}")))?,
        time_spent_ms: r.get(5)?,
        created_at: parse_timestamp(&created_at)?,
        label: r.get(7)?,
    })
}

/// An answer and its knowledge elements, owned (they cross to a blocking thread).
pub(crate) struct OwnedAnswer {
    pub user_id: i64,
    pub assessment_id: i64,
    pub challenge_id: String,
    pub value: String,
    pub status: AnswerStatus,
    pub time_spent_ms: Option<i64>,
    pub label: Option<String>,
    pub elements: Vec<(String, String, KeSource, KeStatus, f64)>,
}

impl OwnedAnswer {
    pub(crate) fn new(
        user_id: i64,
        answer: &NewAnswer<'_>,
        elements: &[NewKnowledgeElement<'_>],
    ) -> OwnedAnswer {
        OwnedAnswer {
            user_id,
            assessment_id: answer.assessment_id,
            challenge_id: answer.challenge_id.to_owned(),
            value: answer.value.to_owned(),
            status: answer.status,
            time_spent_ms: answer.time_spent_ms,
            label: answer.label.map(str::to_owned),
            elements: elements
                .iter()
                .map(|ke| {
                    (
                        ke.skill_id.to_owned(),
                        ke.competence.to_owned(),
                        ke.source,
                        ke.status,
                        ke.earned_pix,
                    )
                })
                .collect(),
        }
    }
}

/// `Store::record_answer` on a synchronous SQLite connection (the caller holds the writer lock).
pub(crate) fn record_answer(
    conn: &mut Connection,
    answer: &OwnedAnswer,
    now: DateTime<Utc>,
) -> Result<Recorded, StoreError> {
    let at = timestamp(now);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let inserted = tx
        .prepare_cached(&format!(
            "INSERT INTO answers (assessment_id, challenge_id, value, status, time_spent_ms, created_at, label)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (assessment_id, challenge_id) DO NOTHING
             RETURNING {ANSWER_COLUMNS}"
        ))?
        .query_row(
            params![
                answer.assessment_id,
                answer.challenge_id,
                answer.value,
                answer.status.as_str(),
                answer.time_spent_ms,
                at,
                answer.label
            ],
            |r| Ok(answer_row(r)),
        )
        .optional()?
        .transpose()?;
    let recorded = match inserted {
        Some(row) => {
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO knowledge_elements
                     (user_id, assessment_id, answer_id, skill_id, competence, source, status, earned_pix, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?;
                for (skill, competence, source, status, pix) in &answer.elements {
                    insert.execute(params![
                        answer.user_id,
                        answer.assessment_id,
                        row.id,
                        skill,
                        competence,
                        source_name(*source),
                        status_name(*status),
                        pix,
                        at
                    ])?;
                }
            }
            tx.prepare_cached(
                "UPDATE assessments SET current_challenge = NULL, challenge_shown_at = NULL,
                 focused_out_challenge = NULL, updated_at = ?1 WHERE id = ?2",
            )?
            .execute(params![at, answer.assessment_id])?;
            Recorded::Stored(row)
        }
        None => {
            let row = tx
                .prepare_cached(&format!(
                    "SELECT {ANSWER_COLUMNS} FROM answers WHERE assessment_id = ?1 AND challenge_id = ?2"
                ))?
                .query_row(params![answer.assessment_id, answer.challenge_id], |r| {
                    Ok(answer_row(r))
                })??;
            Recorded::Duplicate(row)
        }
    };
    tx.commit()?;
    Ok(recorded)
}

/// `Store::show_challenge` and `hold_challenge` on a synchronous SQLite connection; the number
/// of rows changed.
pub(crate) fn show_challenge(
    conn: &Connection,
    assessment_id: i64,
    challenge_id: &str,
    clock: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE assessments SET current_challenge = ?1, challenge_shown_at = ?2, updated_at = ?3
             WHERE id = ?4 AND state = 'started'",
        )?
        .execute(params![
            challenge_id,
            clock.map(timestamp),
            timestamp(now),
            assessment_id
        ])?)
}

/// `Store::finish_assessment` on a synchronous SQLite connection; the number of rows changed.
pub(crate) fn finish_assessment(
    conn: &Connection,
    assessment_id: i64,
    state: AssessmentState,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE assessments SET state = ?1, current_challenge = NULL, challenge_shown_at = NULL, updated_at = ?2
             WHERE id = ?3",
        )?
        .execute(params![state.as_str(), timestamp(now), assessment_id])?)
}
