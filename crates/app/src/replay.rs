//! "Why this question": the replay of a test for the learner who took it (their own tests
//! only: anyone else's is `NotFound`) and for an operator (`Permission::Read`).
//!
//! A replay is recomputed, never read back: the stored answers in order, the content release
//! the test was served from, its seed and, for a certification test, the rules of its
//! settings version go through `acquis_core::replay`, which runs the engines again and flags
//! every step whose recomputed choice differs from the question asked. Reading only: nothing
//! is written. The question still waiting for an answer is never part of a replay.

use std::collections::HashMap;
use std::sync::Arc;

use acquis_core::Framework;
use acquis_core::certification::course::CourseRules;
use acquis_core::ids::{AssessmentId, UserId};
use acquis_core::positioning::{Attempt, PositioningIndex, Target};
use acquis_core::replay::{
    CourseInput, CourseOutcome, CourseReplay, PositioningInput, PositioningReplay, PriorElement,
    StoredAnswer, replay_positioning,
};
use acquis_store::{AssessmentKind, AssessmentRecord, AssessmentState, CourseRecord};

use crate::admin::{AdminError, Operator, Permission};
use crate::certification::course::core_facts;
use crate::certification::scoring::{bank_of, rules_for};
use crate::evaluations::to_core;
use crate::{App, AppError};

/// Who asks for a replay.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    /// The learner themselves: their own tests only.
    Learner(UserId),
    /// An operator (support): anyone's, with `Permission::Read`.
    Operator(&'a Operator),
}

impl Viewer<'_> {
    /// Whether the viewer may see a test of `owner`: `NotAllowed` for an operator without
    /// the permission, `NotFound` for a learner looking at another's test.
    fn check(&self, owner: i64, what: &'static str) -> Result<(), AdminError> {
        match self {
            Viewer::Operator(op) => op.require(Permission::Read),
            Viewer::Learner(user) if user.get() == owner => Ok(()),
            Viewer::Learner(_) => Err(AdminError::NotFound(what)),
        }
    }
}

/// A positioning test (competence evaluation or campaign test), replayed.
#[derive(Debug, Clone)]
pub struct AssessmentReplay {
    /// The test.
    pub assessment: AssessmentRecord,
    /// The content release it was served from.
    pub release_id: i64,
    /// The steps, one per stored answer.
    pub replay: PositioningReplay,
}

impl AssessmentReplay {
    /// The test is over but the engine, replayed, would still ask something: a divergence
    /// at the end (what it would ask is not shown).
    pub fn ends_differently(&self) -> bool {
        self.assessment.state == AssessmentState::Completed && !self.replay.completed
    }
}

/// A certification test, replayed.
#[derive(Debug, Clone)]
pub struct CourseReplayView {
    /// The course.
    pub course: CourseRecord,
    /// The rules of its settings version.
    pub rules: CourseRules,
    /// The steps, one per question asked and seen through (the question waiting for an
    /// answer is left out).
    pub replay: CourseReplay,
}

/// The positioning index of a content release: the live one, or built from the stored release.
async fn index_of(app: &App, release_id: i64) -> Result<Arc<PositioningIndex>, AdminError> {
    let live = app.live();
    if live.release_id == release_id {
        return Ok(Arc::new(live.positioning.clone()));
    }
    let framework: Framework = app
        .store
        .release_framework(release_id)
        .await?
        .ok_or(AdminError::NotFound("content release"))?;
    Ok(Arc::new(PositioningIndex::new(&framework)))
}

/// The skills the test could ask: its competence's, or its stored campaign target.
async fn target_of(
    app: &App,
    index: &PositioningIndex,
    assessment: &AssessmentRecord,
) -> Result<Target, AdminError> {
    if let Some(code) = assessment.competence.as_deref() {
        return index
            .competence_target(code)
            .ok_or(AdminError::NotFound("competence"));
    }
    let json = app
        .store
        .assessment_target(assessment.id)
        .await?
        .ok_or(AdminError::NotFound("target"))?;
    let skills: Vec<String> = serde_json::from_str(&json)
        .map_err(|_| AdminError::App(AppError::Internal("stored target")))?;
    Ok(index.target_of(skills.iter().map(String::as_str)))
}

/// Replays a competence evaluation or campaign test step by step.
pub async fn replay_assessment(
    app: &App,
    viewer: Viewer<'_>,
    id: AssessmentId,
) -> Result<AssessmentReplay, AdminError> {
    if let Viewer::Operator(op) = viewer {
        op.require(Permission::Read)?;
    }
    let assessment = app
        .store
        .assessment(id.get())
        .await?
        .filter(|a| a.kind != AssessmentKind::Certification)
        .ok_or(AdminError::NotFound("assessment"))?;
    viewer.check(assessment.user_id, "assessment")?;
    let index = index_of(app, assessment.release_id).await?;
    let target = target_of(app, &index, &assessment).await?;
    let answers = app.store.answers_of(assessment.id).await?;
    let elements = app.store.knowledge_elements_of(assessment.user_id).await?;
    // Where each answer's elements start: an element written elsewhere is known from the
    // first decision after the answers stored before it.
    let mut first_element: HashMap<i64, i64> = HashMap::new();
    for ke in &elements {
        if let Some(answer) = ke.answer_id {
            first_element.entry(answer).or_insert(ke.id);
        }
    }
    let answer_ids: Vec<i64> = answers.iter().map(|a| a.id).collect();
    let starts: Vec<Option<i64>> = answer_ids
        .iter()
        .map(|a| first_element.get(a).copied())
        .collect();
    let others: Vec<_> = elements
        .iter()
        .filter(|ke| ke.answer_id.is_none_or(|a| !answer_ids.contains(&a)))
        .collect();
    let prior: Vec<PriorElement> = others
        .iter()
        .zip(to_core(
            &others.iter().map(|ke| (*ke).clone()).collect::<Vec<_>>(),
        ))
        .map(|(record, element)| PriorElement {
            before_answer: answers
                .iter()
                .zip(&starts)
                .filter(|(a, start)| match start {
                    Some(first) => *first < record.id,
                    None => a.created_at <= record.created_at,
                })
                .count(),
            element,
        })
        .collect();
    let stored: Vec<StoredAnswer> = answers
        .iter()
        .map(|a| StoredAnswer {
            challenge: a.challenge_id.clone(),
            status: a.status,
            at: a.created_at.timestamp(),
        })
        .collect();
    let attempt = if assessment.improving {
        Attempt::Improving {
            started_at: assessment.created_at.timestamp(),
        }
    } else {
        Attempt::Fresh
    };
    let replay = replay_positioning(
        &index,
        &PositioningInput {
            target: &target,
            attempt,
            locale: &assessment.locale,
            seed: assessment.seed as u64,
            prior: &prior,
            answers: &stored,
        },
    );
    Ok(AssessmentReplay {
        release_id: assessment.release_id,
        assessment,
        replay,
    })
}

/// Replays a certification test step by step, with the rules of its settings version and
/// the item bank of its release.
pub async fn replay_course(
    app: &App,
    viewer: Viewer<'_>,
    course_id: i64,
) -> Result<CourseReplayView, AdminError> {
    if let Viewer::Operator(op) = viewer {
        op.require(Permission::Read)?;
    }
    let facts = app
        .store
        .course_facts(course_id)
        .await?
        .ok_or(AdminError::NotFound("course"))?;
    viewer.check(facts.course.user_id, "course")?;
    let rules = rules_for(&facts.course.settings_version)
        .ok_or(AdminError::NotFound("settings version"))?;
    let framework = app
        .release_framework(facts.course.release_id)
        .await
        .map_err(|_| AdminError::NotFound("content release"))?;
    let bank = bank_of(&framework, &facts.course);
    let (asked, answers, alerts) = core_facts(&facts);
    let mut replay = CourseReplay::of(&CourseInput {
        rules: &rules,
        bank: &bank,
        seed: facts.course.seed as u64,
        asked: &asked,
        answers: &answers,
        alerts: &alerts,
    });
    let waiting = facts.course.ended_at.is_none()
        && replay
            .steps
            .last()
            .is_some_and(|s| s.outcome == CourseOutcome::Unanswered);
    if waiting {
        replay.steps.pop();
    }
    Ok(CourseReplayView {
        course: facts.course,
        rules,
        replay,
    })
}
