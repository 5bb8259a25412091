//! Scoring a finished certification test: the automatic resolution of the centre's issue
//! reports, then the result — validated with a score, a global level and a level per
//! competence, rejected, or cancelled — from the stored facts and the settings version alone,
//! so a published result can be recomputed years later and give the same figures.
//!
//! Rules:
//! - every counted answer feeds the capacity (only `ok` is right); a question neutralised by a
//!   validated live alert or by a report counts for nothing;
//! - a complete test (or one stopped for a technical reason after enough answers) is scored
//!   on its answers;
//! - a test the candidate stopped after at least `min_answers` answers is scored with the
//!   missing answers counted wrong ([`crate::irt::score_answers`]);
//! - fewer than `min_answers` answers: *rejected* when the candidate stopped, *cancelled*
//!   for a technical abort (or when the bank could not fill the test);
//! - an unfinished test needs an abort reason: without one it cannot be scored.

use serde::{Deserialize, Serialize};

use crate::answer::AnswerStatus;
use crate::certification::course::{
    AlertFact, AlertReason, AlertState, AskedQuestion, Course, CourseRules, EndReason,
    RecordedAnswer,
};
use crate::certification::finalisation::{AbortReason, ChallengeProblem, IssueKind};
use crate::irt::{CapacityEstimator, CertificationScore, IrtConfig, ItemBank, score_answers};

/// What a challenge carries, for the resolution of in-challenge reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChallengeTraits {
    /// It shows a picture.
    pub image: bool,
    /// It embeds a simulator.
    pub embed: bool,
    /// It has files to download.
    pub attachment: bool,
    /// Leaving its page is recorded.
    pub focused: bool,
}

impl ChallengeTraits {
    /// The traits of `challenge`.
    pub fn of(challenge: &crate::Challenge) -> Self {
        ChallengeTraits {
            image: challenge.illustration.is_some(),
            embed: challenge.embed.is_some(),
            attachment: !challenge.attachments.is_empty(),
            focused: challenge.focused,
        }
    }
}

/// How an issue report is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The question is neutralised: it counts for nothing.
    Neutralised,
    /// The focus-out is forgiven: the `focusedout` answer counts as right.
    FocusOutAccepted,
    /// A rule applies but changes nothing, for the reason given.
    NoEffect(NoEffect),
    /// No rule applies: a person decides.
    NeedsPerson,
}

/// Why an automatically resolved report changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoEffect {
    /// The question has no picture, simulator or file of the kind reported.
    NoSuchElement,
    /// The question was answered right: neutralising it would lower the result.
    AnsweredRight,
    /// The question is not a focused one.
    NotFocused,
    /// The answer was not marked as a focus-out.
    NoFocusOut,
}

impl Resolution {
    /// Whether it was decided by a rule (not waiting for a person).
    pub fn is_automatic(self) -> bool {
        self != Resolution::NeedsPerson
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Neutralised => "neutralised",
            Resolution::FocusOutAccepted => "focus_out_accepted",
            Resolution::NoEffect(NoEffect::NoSuchElement) => "no_effect_no_such_element",
            Resolution::NoEffect(NoEffect::AnsweredRight) => "no_effect_answered_right",
            Resolution::NoEffect(NoEffect::NotFocused) => "no_effect_not_focused",
            Resolution::NoEffect(NoEffect::NoFocusOut) => "no_effect_no_focus_out",
            Resolution::NeedsPerson => "needs_person",
        }
    }

    /// The resolution stored as `name`.
    pub fn parse(name: &str) -> Option<Resolution> {
        [
            Resolution::Neutralised,
            Resolution::FocusOutAccepted,
            Resolution::NoEffect(NoEffect::NoSuchElement),
            Resolution::NoEffect(NoEffect::AnsweredRight),
            Resolution::NoEffect(NoEffect::NotFocused),
            Resolution::NoEffect(NoEffect::NoFocusOut),
            Resolution::NeedsPerson,
        ]
        .into_iter()
        .find(|r| r.as_str() == name)
    }
}

/// The question numbered `number` (from 1) in the order questions were asked, each challenge
/// once.
pub fn question_at(asked: &[AskedQuestion], number: u32) -> Option<&AskedQuestion> {
    let mut seen: Vec<&str> = Vec::with_capacity(asked.len());
    for q in asked {
        if !seen.contains(&q.challenge_id.as_str()) {
            seen.push(&q.challenge_id);
            if seen.len() == number as usize {
                return Some(q);
            }
        }
    }
    None
}

/// Resolves one report by rule: an image, simulator or file problem on a question that has
/// one, a website or software problem, a skip forced by an error page, or an accessibility
/// problem neutralises the question if it was failed or skipped; an unintentional focus-out
/// on a focused question makes its `focusedout` answer count; everything else (and a report
/// naming a question that was never asked) waits for a person.
pub fn resolve_report(
    kind: IssueKind,
    question: Option<u32>,
    asked: &[AskedQuestion],
    answers: &[RecordedAnswer],
    traits: impl Fn(&str) -> Option<ChallengeTraits>,
) -> Resolution {
    let IssueKind::InChallenge(problem) = kind else {
        return Resolution::NeedsPerson;
    };
    let Some(q) = question.and_then(|n| question_at(asked, n)) else {
        return Resolution::NeedsPerson;
    };
    let Some(traits) = traits(&q.challenge_id) else {
        return Resolution::NeedsPerson;
    };
    let status = answers
        .iter()
        .find(|a| a.challenge_id == q.challenge_id)
        .map(|a| a.status);
    let answered_right = status.is_some_and(AnswerStatus::is_ok);
    let neutralise_unless_right = || {
        if answered_right {
            Resolution::NoEffect(NoEffect::AnsweredRight)
        } else {
            Resolution::Neutralised
        }
    };
    let needs = |present: bool| {
        if present {
            neutralise_unless_right()
        } else {
            Resolution::NoEffect(NoEffect::NoSuchElement)
        }
    };
    match problem {
        ChallengeProblem::Alert(AlertReason::ImageNotDisplaying) => needs(traits.image),
        ChallengeProblem::Alert(AlertReason::EmbedNotWorking) => needs(traits.embed),
        ChallengeProblem::Alert(AlertReason::FileNotOpening) => needs(traits.attachment),
        ChallengeProblem::Alert(
            AlertReason::WebsiteUnavailable
            | AlertReason::SoftwareNotWorking
            | AlertReason::Accessibility,
        )
        | ChallengeProblem::SkippedOnError => neutralise_unless_right(),
        ChallengeProblem::Alert(AlertReason::UnintentionalFocusOut) => {
            if !traits.focused {
                Resolution::NoEffect(NoEffect::NotFocused)
            } else if status == Some(AnswerStatus::Focusedout) {
                Resolution::FocusOutAccepted
            } else {
                Resolution::NoEffect(NoEffect::NoFocusOut)
            }
        }
        ChallengeProblem::Alert(AlertReason::ExtraTimeExceeded | AlertReason::Other) => {
            Resolution::NeedsPerson
        }
    }
}

/// The outcome of a certification test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificationStatus {
    /// Scored: the certificate is obtained (without a global level below the first band).
    Validated,
    /// Too few answers, the candidate having stopped.
    Rejected,
    /// Too few answers, for a technical reason.
    Cancelled,
}

crate::campaign::settings::stored_names!(CertificationStatus, "certification status", {
    Validated => "validated",
    Rejected => "rejected",
    Cancelled => "cancelled",
});

/// Everything a test's result is computed from, as stored.
#[derive(Debug, Clone, Copy)]
pub struct ScoringInput<'a> {
    /// The rules of the settings version the test ran under.
    pub rules: &'a CourseRules,
    /// The bank the test drew from (same release, locale and accessibility).
    pub bank: &'a ItemBank,
    /// The test's seed.
    pub seed: u64,
    /// The questions asked, in order.
    pub asked: &'a [AskedQuestion],
    /// The answers, in order.
    pub answers: &'a [RecordedAnswer],
    /// The live alerts' facts, in order.
    pub alerts: &'a [AlertFact],
    /// How the test ended, as stored.
    pub end: Option<EndReason>,
    /// Why an unfinished test stopped, as the centre stated it.
    pub abort: Option<AbortReason>,
    /// Challenges neutralised by a report (a rule or a person).
    pub neutralised: &'a [String],
    /// Challenges whose focus-out was forgiven.
    pub focus_out_accepted: &'a [String],
}

/// A test's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificationResult {
    /// Validated, rejected or cancelled.
    pub status: CertificationStatus,
    /// The settings version it was computed with.
    pub version: String,
    /// Answers that counted.
    pub answered: usize,
    /// The score and capacity, for a validated test.
    pub score: Option<CertificationScore>,
    /// The global level (1 to 7, the band of the score), `None` below the first band or when
    /// not validated.
    pub global_level: Option<u8>,
    /// The level of each competence, for a validated test.
    pub competence_levels: Vec<(String, u8)>,
    /// Every neutralised challenge (live alerts and reports), in the order asked.
    pub neutralised: Vec<String>,
}

/// Why a test cannot be scored (the session is then not publishable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultError {
    /// The test stopped early and the centre gave no reason.
    #[error("the test stopped after {answered} answers and no abort reason was given")]
    NoAbortReason {
        /// Answers that counted.
        answered: usize,
    },
    /// The IRT scoring refused the answers.
    #[error(transparent)]
    Irt(#[from] crate::irt::ScoringError),
}

/// The global level of a score: the number of score bands it reaches past the first (64,
/// 128, 256, … 768 with the standard scale), `None` below the first band.
pub fn global_level(config: &IrtConfig, score: u32) -> Option<u8> {
    let reached = config
        .score
        .intervals
        .iter()
        .skip(1)
        .filter(|[lo, _]| score >= config.score(*lo))
        .count();
    u8::try_from(reached).ok().filter(|&n| n > 0)
}

/// Computes a test's result from its facts. `competences` are the framework's competence
/// codes and `max_level` the highest level a competence can reach.
pub fn score_course(
    input: &ScoringInput<'_>,
    competences: &[String],
    max_level: u8,
) -> Result<CertificationResult, ResultError> {
    let answers: Vec<RecordedAnswer> = input
        .answers
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if a.status == AnswerStatus::Focusedout
                && input.focus_out_accepted.contains(&a.challenge_id)
            {
                a.status = AnswerStatus::Ok;
            }
            a
        })
        .collect();
    let mut alerts = input.alerts.to_vec();
    alerts.extend(input.neutralised.iter().map(|id| AlertFact {
        challenge_id: id.clone(),
        state: AlertState::Validated(AlertReason::Other),
    }));
    let course = Course::replay(
        input.rules,
        input.bank,
        input.seed,
        input.asked,
        &answers,
        &alerts,
    );
    let config = &input.rules.irt;
    let answered = course.answered();
    let neutralised = course.neutralised().to_vec();
    let finished = answered >= input.rules.length || input.end == Some(EndReason::Completed);
    let not_scored = |status| CertificationResult {
        status,
        version: config.version.clone(),
        answered,
        score: None,
        global_level: None,
        competence_levels: Vec::new(),
        neutralised: neutralised.clone(),
    };
    let scored = course.scored_answers();
    let score = match (finished, input.abort) {
        _ if answered < input.rules.min_answers => {
            let status = match input.abort {
                Some(AbortReason::Candidate) => CertificationStatus::Rejected,
                Some(AbortReason::Technical) => CertificationStatus::Cancelled,
                None if finished => CertificationStatus::Cancelled,
                None => return Err(ResultError::NoAbortReason { answered }),
            };
            return Ok(not_scored(status));
        }
        (true, _) | (false, Some(AbortReason::Technical)) => unpadded(config, input.bank, &scored),
        (false, Some(AbortReason::Candidate)) => {
            // The missing answers are the questions never asked: neutralised ones are not
            // missing, they were asked and do not count.
            let shortened = IrtConfig {
                test_length: input.rules.length.saturating_sub(neutralised.len()),
                min_answers: 0,
                ..config.clone()
            };
            let mut s = score_answers(input.bank, &shortened, &scored)?;
            s.version = config.version.clone();
            s
        }
        (false, None) => return Err(ResultError::NoAbortReason { answered }),
    };
    let global = global_level(config, score.score);
    let levels = config.competence_levels(
        score.capacity,
        competences.iter().map(String::as_str),
        max_level,
    );
    Ok(CertificationResult {
        status: CertificationStatus::Validated,
        version: config.version.clone(),
        answered,
        global_level: global,
        competence_levels: levels,
        score: Some(score),
        neutralised,
    })
}

/// The score of the answers given, nothing added.
fn unpadded(config: &IrtConfig, bank: &ItemBank, scored: &[(usize, bool)]) -> CertificationScore {
    let mut estimator = CapacityEstimator::new(config);
    for &(item, correct) in scored {
        if let Some(it) = bank.items().get(item) {
            estimator.record(&it.params, correct);
        }
    }
    let estimate = estimator.estimate();
    CertificationScore {
        version: config.version.clone(),
        capacity: estimate.capacity,
        error: estimate.error,
        score: config.score(estimate.capacity),
        level: config.competence_level(estimate.capacity),
        answered: scored.len(),
        scored_as_wrong: 0,
    }
}

#[cfg(test)]
mod tests;
