//! Competence evaluations, shared by the portal pages and the JSON API: start or resume, the
//! next challenge, an answer (the benchmarked hot path: one read and one write per step, see
//! `Store::evaluation_state` and `Store::record_answer`), improve, reset, and the learner's
//! scorecards.
//!
//! The rules are `core`'s (positioning engine, answer checking, scoring); this module only
//! gathers their inputs from the store and the live content, and stores their outputs. Time
//! comes from the caller (`App::now`), read once per request.

use crate::AppError;
use acquis_core::answer::{AnswerContext, Correction, SKIP, evaluate};
use acquis_core::positioning::{
    Attempt, Decision, KnowledgeElement, Situation, Target, can_improve, can_reset,
    knowledge_elements_for, next_challenge, reset_elements,
};
use acquis_core::scoring::{self, Evaluation, Scorecard, ScorecardStatus};
use acquis_core::{AnswerStatus, Challenge};
use acquis_store::{
    Access, KnowledgeElementRecord, NewAnswer, NewAssessment, NewKnowledgeElement, Recorded,
    StoreError,
};
/// What the pages and the API render of assessments and answers (records are data).
pub use acquis_store::{
    AnswerRecord, AssessmentKind, AssessmentRecord, AssessmentState, Caller, EvaluationState,
};
use chrono::{DateTime, Utc};
use rand::RngCore;

use acquis_core::ids::{AssessmentId, UserId};

use crate::{App, LiveContent};

/// Why an evaluation step was refused.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// No such competence in the live framework.
    #[error("unknown competence {0}")]
    UnknownCompetence(String),
    /// No such assessment for this learner.
    #[error("assessment not found")]
    NotFound,
    /// The API token is unknown or expired.
    #[error("unauthorized")]
    Unauthorized,
    /// The assessment is over.
    #[error("the assessment is over")]
    Finished,
    /// The answer is not for the challenge being shown.
    #[error("this challenge is not the one being asked")]
    NotCurrentChallenge,
    /// The answer cannot be read for this challenge.
    #[error("invalid answer: {0}")]
    InvalidAnswer(String),
    /// Improving or resetting is not allowed yet.
    #[error("not allowed before {days} more day(s)")]
    TooEarly {
        /// Days left.
        days: u32,
    },
    /// Nothing to improve or reset.
    #[error("nothing to do on this competence yet")]
    NothingToDo,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] AppError),
}

impl EvalError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::UnknownCompetence(_) => "unknown_competence",
            EvalError::NotFound => "not_found",
            EvalError::Unauthorized => "unauthorized",
            EvalError::Finished => "finished",
            EvalError::NotCurrentChallenge => "not_current_challenge",
            EvalError::InvalidAnswer(_) => "invalid_answer",
            EvalError::TooEarly { .. } => "too_early",
            EvalError::NothingToDo => "nothing_to_do",
            EvalError::Store(_) => "internal",
        }
    }
}

fn seconds(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// The learner's knowledge elements as `core` sees them.
pub fn to_core(elements: &[KnowledgeElementRecord]) -> Vec<KnowledgeElement> {
    elements
        .iter()
        .map(|ke| KnowledgeElement {
            skill: ke.skill_id.clone(),
            status: ke.status,
            source: ke.source,
            earned_pix: ke.earned_pix,
            created_at: seconds(ke.created_at),
        })
        .collect()
}

/// An assessment of `user`, or `NotFound` (also for another learner's).
pub async fn owned(
    app: &App,
    user: UserId,
    id: AssessmentId,
) -> Result<AssessmentRecord, EvalError> {
    match app.store.assessment(id.get()).await? {
        Some(a) if a.user_id == user.get() => Ok(a),
        _ => Err(EvalError::NotFound),
    }
}

/// An assessment of the caller with what its next step needs (answers' verdicts, knowledge
/// elements, target), read in one call; `NotFound` also for another learner's.
pub async fn load(
    app: &App,
    caller: Caller,
    id: AssessmentId,
) -> Result<EvaluationState, EvalError> {
    match app.store.evaluation_state(caller, id.get()).await? {
        Access::Granted(loaded) => Ok(loaded),
        Access::NotFound => Err(EvalError::NotFound),
        Access::Unauthorized => Err(EvalError::Unauthorized),
    }
}

/// The latest competence evaluation of a learner on a competence.
async fn latest(
    app: &App,
    user_id: i64,
    competence: &str,
) -> Result<Option<AssessmentRecord>, EvalError> {
    Ok(app
        .store
        .assessments_of_user(user_id)
        .await?
        .into_iter()
        .find(|a| {
            a.kind == AssessmentKind::CompetenceEvaluation
                && a.competence.as_deref() == Some(competence)
        }))
}

async fn create(
    app: &App,
    user_id: i64,
    competence: &str,
    locale: &str,
    improving: bool,
) -> Result<AssessmentRecord, EvalError> {
    let live = app.live();
    let seed = rand::rng().next_u64() as i64;
    Ok(app
        .store
        .create_assessment(
            NewAssessment {
                user_id,
                kind: AssessmentKind::CompetenceEvaluation,
                competence: Some(competence),
                seed,
                release_id: live.release_id,
                locale,
                improving,
            },
            app.now(),
        )
        .await?)
}

/// Resumes the learner's evaluation on `competence`, or starts one. A completed evaluation is
/// returned as is (improving is its own action).
pub async fn start_or_resume(
    app: &App,
    user_id: i64,
    competence: &str,
    locale: &str,
) -> Result<AssessmentRecord, EvalError> {
    if app.live().framework.competence(competence).is_none() {
        return Err(EvalError::UnknownCompetence(competence.to_owned()));
    }
    match latest(app, user_id, competence).await? {
        Some(a) if a.state == AssessmentState::Started => Ok(a),
        // A completed evaluation stays until the competence is reset: then a fresh one starts.
        Some(a) if a.state == AssessmentState::Completed => {
            let card = scorecard_of(app, user_id, competence, app.now()).await?;
            if card.status == ScorecardStatus::NotStarted {
                create(app, user_id, competence, locale, false).await
            } else {
                Ok(a)
            }
        }
        _ => create(app, user_id, competence, locale, false).await,
    }
}

/// Starts an improving evaluation: allowed 4 days after the last activity of a completed one.
pub async fn improve(
    app: &App,
    user_id: i64,
    competence: &str,
    locale: &str,
) -> Result<AssessmentRecord, EvalError> {
    let now = app.now();
    let card = scorecard_of(app, user_id, competence, now).await?;
    match latest(app, user_id, competence).await? {
        Some(a) if a.state == AssessmentState::Started => Ok(a),
        Some(_) if card.status == ScorecardStatus::NotStarted => {
            create(app, user_id, competence, locale, false).await
        }
        Some(a) if a.state == AssessmentState::Completed => {
            let last = card.last_activity.unwrap_or_else(|| seconds(a.updated_at));
            if !can_improve(last, seconds(now)) {
                return Err(EvalError::TooEarly {
                    days: card.remaining_days_before_improving,
                });
            }
            create(app, user_id, competence, locale, true).await
        }
        _ => Err(EvalError::NothingToDo),
    }
}

/// Resets a competence: allowed 7 days after the last activity; writes reset knowledge
/// elements and closes the evaluation, so the next one starts from scratch.
pub async fn reset(app: &App, user_id: i64, competence: &str) -> Result<(), EvalError> {
    let now = app.now();
    let card = scorecard_of(app, user_id, competence, now).await?;
    let Some(last) = card.last_activity else {
        return Err(EvalError::NothingToDo);
    };
    if !can_reset(last, seconds(now)) {
        return Err(EvalError::TooEarly {
            days: card.remaining_days_before_reset,
        });
    }
    let Some(assessment) = latest(app, user_id, competence).await? else {
        return Err(EvalError::NothingToDo);
    };
    let live = app.live();
    let elements = to_core(&app.store.knowledge_elements_of(user_id).await?);
    let mine: Vec<KnowledgeElement> = elements
        .into_iter()
        .filter(|ke| {
            live.framework
                .skill(&ke.skill)
                .is_some_and(|s| s.competence == competence)
        })
        .collect();
    let resets = reset_elements(&mine, seconds(now));
    let rows: Vec<NewKnowledgeElement<'_>> = resets
        .iter()
        .map(|ke| NewKnowledgeElement {
            skill_id: &ke.skill,
            competence,
            source: ke.source,
            status: ke.status,
            earned_pix: 0.0,
        })
        .collect();
    app.store
        .add_knowledge_elements(user_id, assessment.id, &rows, now)
        .await?;
    if assessment.state == AssessmentState::Started {
        app.store
            .finish_assessment(assessment.id, AssessmentState::Aborted, now)
            .await?;
    }
    Ok(())
}

/// The challenge to show.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The challenge.
    pub challenge: Challenge,
    /// When its clock started (its timer runs from then); `None` while a timed challenge waits
    /// behind its notice for the learner to start it.
    pub shown_at: Option<DateTime<Utc>>,
    /// Its number in the assessment (1-based).
    pub number: usize,
}

/// When the clock of a timed challenge starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerStart {
    /// As soon as the challenge is chosen or asked for (API clients see its timer at once).
    Now,
    /// When the learner starts it from its notice ([`start_clock`]); untimed challenges start
    /// at once.
    AfterNotice,
}

/// What comes next in an assessment.
#[derive(Debug, Clone)]
pub enum Next {
    /// Show this challenge.
    Challenge(Box<Shown>),
    /// The assessment is over.
    Completed,
}

/// The skills an assessment may ask: its competence's, or the campaign target stored with it.
fn target_of(live: &LiveContent, loaded: &EvaluationState) -> Option<Target> {
    if let Some(competence) = loaded.assessment.competence.as_deref() {
        return live.positioning.competence_target(competence);
    }
    let json = loaded.target.as_deref()?;
    let skills: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    Some(
        live.positioning
            .target_of(skills.iter().map(String::as_str)),
    )
}

fn attempt_of(assessment: &AssessmentRecord) -> Attempt {
    if assessment.improving {
        Attempt::Improving {
            started_at: seconds(assessment.created_at),
        }
    } else {
        Attempt::Fresh
    }
}

/// The challenge being shown, or the engine's next choice (then recorded as shown now), or
/// the end of the assessment.
pub async fn next(
    app: &App,
    loaded: &EvaluationState,
    clock: TimerStart,
    now: DateTime<Utc>,
) -> Result<Next, EvalError> {
    let assessment = &loaded.assessment;
    if assessment.state != AssessmentState::Started {
        return Ok(Next::Completed);
    }
    let live = app.live();
    let number = loaded.statuses.len() + 1;
    if let Some(current) = &assessment.current_challenge
        && let Some(challenge) = live.framework.challenge(current)
    {
        let mut shown_at = assessment.challenge_shown_at;
        if shown_at.is_none() && clock == TimerStart::Now {
            app.store.start_clock(assessment.id, current, now).await?;
            shown_at = Some(now);
        }
        return Ok(Next::Challenge(Box::new(Shown {
            challenge: challenge.clone(),
            shown_at,
            number,
        })));
    }
    let Some(target) = target_of(&live, loaded) else {
        app.store
            .finish_assessment(assessment.id, AssessmentState::Completed, now)
            .await?;
        return Ok(Next::Completed);
    };
    let elements = to_core(&loaded.elements);
    let decision = decide(&live, &target, &elements, assessment, &loaded.statuses);
    match decision {
        Decision::Completed(_) => {
            app.store
                .finish_assessment(assessment.id, AssessmentState::Completed, now)
                .await?;
            Ok(Next::Completed)
        }
        Decision::Next(next) => {
            let challenge = live
                .framework
                .challenge(&next.challenge)
                .cloned()
                .ok_or(EvalError::Finished)?;
            let shown_at = if challenge.timer.is_some() && clock == TimerStart::AfterNotice {
                app.store
                    .hold_challenge(assessment.id, &challenge.id, app.now())
                    .await?;
                None
            } else {
                app.store
                    .show_challenge(assessment.id, &challenge.id, now)
                    .await?;
                Some(now)
            };
            Ok(Next::Challenge(Box::new(Shown {
                challenge,
                shown_at,
                number,
            })))
        }
    }
}

/// Starts the clock of the timed challenge waiting behind its notice; a repeat (double click,
/// second tab) changes nothing, and so does a stale page for another challenge.
pub async fn start_clock(
    app: &App,
    assessment: &AssessmentRecord,
    challenge_id: &str,
    now: DateTime<Utc>,
) -> Result<(), EvalError> {
    app.store
        .start_clock(assessment.id, challenge_id, now)
        .await?;
    Ok(())
}

/// The engine's decision for an assessment (also what an administrator can have explained).
pub fn decide(
    live: &LiveContent,
    target: &Target,
    elements: &[KnowledgeElement],
    assessment: &AssessmentRecord,
    answers: &[AnswerStatus],
) -> Decision {
    let situation = Situation {
        target,
        knowledge: elements,
        attempt: attempt_of(assessment),
        answers,
        locale: &assessment.locale,
        seed: assessment.seed as u64,
    };
    next_challenge(&live.positioning, &situation)
}

/// What an answer did.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The stored answer (the first one if this was a repeat).
    pub answer: AnswerRecord,
    /// The correction, when this request stored the answer.
    pub correction: Option<Correction>,
    /// The answer had already been stored: nothing was written.
    pub duplicate: bool,
    /// Competence level before and after.
    pub levels: (u8, u8),
}

/// An answer as the learner gave it.
#[derive(Debug, Clone, Copy)]
pub struct Given<'a> {
    /// The challenge answered.
    pub challenge_id: &'a str,
    /// The raw value (choices, input or inputs as JSON, or the skip marker).
    pub raw: &'a str,
    /// What the learner did, in words, when a simulator gave the value.
    pub label: Option<&'a str>,
}

/// Longest description of a simulator action that is kept, in characters.
pub const LABEL_MAX_CHARS: usize = 400;

/// A simulator's description, made safe to store: control characters (NUL included) become
/// spaces, white space is collapsed, and it is cut to [`LABEL_MAX_CHARS`].
fn clean_label(label: &str) -> String {
    let spaced: String = label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(LABEL_MAX_CHARS)
        .collect()
}

/// Checks and stores an answer to the challenge being shown, with the knowledge elements it
/// writes, in one transaction. Timing and focus are the server's: a late answer is `timedout`.
pub async fn answer(
    app: &App,
    loaded: &EvaluationState,
    given: Given<'_>,
    now: DateTime<Utc>,
) -> Result<Answered, EvalError> {
    let Given {
        challenge_id,
        raw,
        label,
    } = given;
    let assessment = &loaded.assessment;
    // The challenge being shown has no answer yet (storing one clears it, in the same
    // transaction), so only another challenge can be a repeat worth looking up; a repeat
    // racing this request is caught when storing.
    let shown = assessment.state == AssessmentState::Started
        && assessment.current_challenge.as_deref() == Some(challenge_id);
    if !shown {
        if let Some(existing) = app.store.answer_to(assessment.id, challenge_id).await? {
            return Ok(Answered {
                answer: existing,
                correction: None,
                duplicate: true,
                levels: (0, 0),
            });
        }
        if assessment.state != AssessmentState::Started {
            return Err(EvalError::Finished);
        }
        return Err(EvalError::NotCurrentChallenge);
    }
    let live = app.live();
    let challenge = live
        .framework
        .challenge(challenge_id)
        .ok_or(EvalError::NotCurrentChallenge)?;
    // A timed challenge is answered once its clock runs (its notice comes first); it can be
    // skipped from the notice.
    if challenge.timer.is_some() && assessment.challenge_shown_at.is_none() && raw.trim() != SKIP {
        return Err(EvalError::NotCurrentChallenge);
    }
    // Only a simulator describes what the learner did; the words are shown back to them alone.
    let label = label
        .filter(|_| challenge.embed.is_some())
        .map(clean_label)
        .filter(|l| !l.is_empty());
    let target = target_of(&live, loaded).ok_or(EvalError::Finished)?;
    let context = AnswerContext {
        elapsed_secs: assessment
            .challenge_shown_at
            .map(|t| (now - t).num_milliseconds() as f64 / 1000.0),
        left_page: assessment.focused_out_challenge.as_deref() == Some(challenge_id),
    };
    let correction =
        evaluate(challenge, raw, &context).map_err(|e| EvalError::InvalidAnswer(e.to_string()))?;
    let elements = to_core(&loaded.elements);
    let new = knowledge_elements_for(
        &live.positioning,
        &target,
        &elements,
        attempt_of(assessment),
        challenge_id,
        correction.status,
        seconds(now),
    )
    .map_err(|_| EvalError::NotCurrentChallenge)?;
    // Every element of one answer is on the challenge's tube, so on one competence.
    let competence = live
        .framework
        .skill(&challenge.skill)
        .map(|s| s.competence.clone())
        .unwrap_or_default();
    let rows: Vec<NewKnowledgeElement<'_>> = new
        .iter()
        .map(|ke| NewKnowledgeElement {
            skill_id: &ke.skill,
            competence: &competence,
            source: ke.source,
            status: ke.status,
            earned_pix: ke.earned_pix,
        })
        .collect();
    let time_spent_ms = assessment
        .challenge_shown_at
        .map(|t| (now - t).num_milliseconds());
    let recorded = app
        .store
        .record_answer(
            assessment.user_id,
            NewAnswer {
                assessment_id: assessment.id,
                challenge_id,
                value: raw,
                status: correction.status,
                time_spent_ms,
                label: label.as_deref(),
            },
            &rows,
            now,
        )
        .await?;
    let level = |elements: &[KnowledgeElement]| {
        scoring::competence_scores(&live.framework, elements)
            .into_iter()
            .find(|s| s.competence == competence)
            .map_or(0, |s| s.level)
    };
    let before = level(&elements);
    let mut after_elements = elements;
    after_elements.extend(new);
    let after = level(&after_elements);
    Ok(match recorded {
        Recorded::Stored(answer) => Answered {
            answer,
            correction: Some(correction),
            duplicate: false,
            levels: (before, after),
        },
        Recorded::Duplicate(answer) => Answered {
            answer,
            correction: None,
            duplicate: true,
            levels: (before, before),
        },
    })
}

/// Records that the learner left the page of the focused challenge being shown.
pub async fn focus_lost(
    app: &App,
    assessment: &AssessmentRecord,
    challenge_id: &str,
) -> Result<(), EvalError> {
    app.store
        .mark_focused_out(assessment.id, challenge_id)
        .await?;
    Ok(())
}

/// One competence's scorecard for a learner.
async fn scorecard_of(
    app: &App,
    user_id: i64,
    competence: &str,
    now: DateTime<Utc>,
) -> Result<Scorecard, EvalError> {
    scorecards_at(app, user_id, now)
        .await?
        .into_iter()
        .find(|c| c.score.competence == competence)
        .ok_or_else(|| EvalError::UnknownCompetence(competence.to_owned()))
}

/// The learner's scorecards, one per competence of the live framework, in order, at the
/// clock's time.
pub async fn scorecards(app: &App, user_id: i64) -> Result<Vec<Scorecard>, EvalError> {
    scorecards_at(app, user_id, app.now()).await
}

async fn scorecards_at(
    app: &App,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Scorecard>, EvalError> {
    let live = app.live();
    let elements = to_core(&app.store.knowledge_elements_of(user_id).await?);
    let assessments = app.store.assessments_of_user(user_id).await?;
    let cards = live
        .framework
        .competences()
        .iter()
        .filter_map(|c| {
            let evaluation = match assessments.iter().find(|a| {
                a.kind == AssessmentKind::CompetenceEvaluation
                    && a.competence.as_deref() == Some(c.code.as_str())
            }) {
                Some(a) if a.state == AssessmentState::Started => Evaluation::Started,
                Some(a) if a.state == AssessmentState::Completed => Evaluation::Completed,
                Some(_) => Evaluation::Reset,
                None => Evaluation::None,
            };
            scoring::scorecard(
                &live.framework,
                &c.code,
                &elements,
                evaluation,
                seconds(now),
            )
        })
        .collect();
    Ok(cards)
}

/// The answers of an assessment the caller owns (see [`owned`]), in order.
pub async fn answers(
    app: &App,
    assessment: &AssessmentRecord,
) -> Result<Vec<AnswerRecord>, EvalError> {
    Ok(app.store.answers_of(assessment.id).await?)
}

/// The code of the campaign a campaign assessment belongs to, if any.
pub async fn campaign_code_of(
    app: &App,
    assessment: &AssessmentRecord,
) -> Result<Option<String>, EvalError> {
    if assessment.kind != AssessmentKind::Campaign {
        return Ok(None);
    }
    let Some(p) = app.store.participation_of_assessment(assessment.id).await? else {
        return Ok(None);
    };
    Ok(app.store.campaign(p.campaign_id).await?.map(|c| c.code))
}

/// The answers of the learner's latest evaluation on `competence`, in order (none when there
/// is no evaluation yet).
pub async fn latest_answers(
    app: &App,
    user_id: i64,
    competence: &str,
) -> Result<Vec<AnswerRecord>, EvalError> {
    match latest(app, user_id, competence).await? {
        Some(a) => Ok(app.store.answers_of(a.id).await?),
        None => Ok(vec![]),
    }
}

impl From<StoreError> for EvalError {
    fn from(e: StoreError) -> Self {
        EvalError::Store(e.into())
    }
}
