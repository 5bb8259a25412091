//! The certification test as a pure state machine, rebuilt from stored facts.
//!
//! Nothing here reads a clock or touches storage. The caller keeps a log of facts — the
//! questions asked ([`AskedQuestion`]), the answers recorded ([`RecordedAnswer`]) and the live
//! alerts and what the invigilator decided about them ([`AlertFact`]) — and rebuilds the test
//! with [`Course::replay`] whenever it must decide something. The same facts and seed always
//! give the same [`Course`], hence the same next question: a decision can be replayed and
//! audited at any time.
//!
//! Around the test itself, [`candidate_state`], [`check_entry`], [`authorisation_valid`] and
//! [`may_start`] turn a candidate's facts into what the invigilator's live list shows and into
//! the gate of the waiting page (authorisation valid 15 minutes, no start more than 24 hours
//! after the session's first start).
//!
//! Times are unix milliseconds (`i64`), passed in by the caller.

use std::collections::{HashMap, HashSet};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::answer::AnswerStatus;
use crate::challenge::Challenge;
use crate::irt::{
    CapacityEstimator, Estimate, IrtConfig, ItemBank, NO_GROUP, Selected, Selection, TestState,
};

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60_000;

/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 60 * MINUTE_MS;

/// Slack allowed past a question's deadline before its answer counts as timed out, in
/// milliseconds (the same two seconds as [`crate::answer::TIMER_GRACE_SECS`]).
pub const ANSWER_GRACE_MS: i64 = 2_000;

/// The rules of a certification test: its length, the answers needed to score it, and the
/// delays around starting and resuming it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseRules {
    /// Questions that count towards a complete test (neutralised ones do not count).
    pub length: usize,
    /// Answers an unfinished test needs to be scored at all.
    pub min_answers: usize,
    /// How long an invigilator's authorisation to start or resume stays usable, in minutes.
    pub authorisation_minutes: i64,
    /// No test starts more than this many hours after the session's first start.
    pub start_window_hours: i64,
    /// The IRT engine's parameters (estimate and selection).
    pub irt: IrtConfig,
}

impl CourseRules {
    /// The rules of DESIGN.md: 32 questions, 20 answers to be scored, authorisations valid
    /// 15 minutes, a 24-hour start window, over [`IrtConfig::certification`].
    pub fn standard() -> Self {
        let irt = IrtConfig::certification();
        CourseRules {
            length: irt.test_length,
            min_answers: irt.min_answers,
            authorisation_minutes: 15,
            start_window_hours: 24,
            irt,
        }
    }

    fn authorisation_ms(&self) -> i64 {
        self.authorisation_minutes.saturating_mul(MINUTE_MS)
    }

    fn start_window_ms(&self) -> i64 {
        self.start_window_hours.saturating_mul(HOUR_MS)
    }
}

impl Default for CourseRules {
    fn default() -> Self {
        CourseRules::standard()
    }
}

/// A question put to the candidate: the fact stored when the course asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedQuestion {
    /// The challenge asked.
    pub challenge_id: String,
    /// Its skill (a validated alert keeps the rest of the test away from it).
    pub skill_id: String,
    /// When it was shown.
    pub asked_at_ms: i64,
    /// When its time runs out, for a timed challenge (extra time included).
    pub deadline_ms: Option<i64>,
}

impl AskedQuestion {
    /// The question of `challenge` shown at `asked_at_ms` to a candidate entitled to
    /// `extra_time_percent` more time: a timer of `t` seconds gives a deadline of
    /// `asked_at + t·(1 + extra/100)` (60 s with 50 % extra time: 90 s).
    pub fn new(challenge: &Challenge, asked_at_ms: i64, extra_time_percent: u32) -> Self {
        let deadline_ms = challenge.timer.map(|secs| {
            // t·1000·(100 + extra)/100, exact in integers.
            let allowed = i64::from(secs)
                .saturating_mul(10)
                .saturating_mul(100 + i64::from(extra_time_percent));
            asked_at_ms.saturating_add(allowed)
        });
        AskedQuestion {
            challenge_id: challenge.id.clone(),
            skill_id: challenge.skill.clone(),
            asked_at_ms,
            deadline_ms,
        }
    }
}

/// An answer as stored: the status the answer checker gave, already corrected to `timedout`
/// when [`Course::check_answer`] said it came too late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    /// The challenge answered.
    pub challenge_id: String,
    /// Its status; only `ok` counts as right.
    pub status: AnswerStatus,
    /// When it arrived.
    pub answered_at_ms: i64,
}

/// Why an invigilator validated a candidate's live alert (the subcategories of an alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlertReason {
    /// The question's picture does not show.
    ImageNotDisplaying,
    /// The simulator does not load or respond.
    EmbedNotWorking,
    /// An attachment cannot be opened.
    FileNotOpening,
    /// A website the question relies on cannot be reached.
    WebsiteUnavailable,
    /// A piece of software the question relies on does not work.
    SoftwareNotWorking,
    /// The candidate's extra time was not applied to the timer.
    ExtraTimeExceeded,
    /// The candidate left the page of a focused question without meaning to.
    UnintentionalFocusOut,
    /// The question cannot be answered with the candidate's accessibility needs.
    Accessibility,
    /// Anything else.
    Other,
}

impl AlertReason {
    /// Every reason, in a stable order.
    pub const ALL: [AlertReason; 9] = [
        AlertReason::ImageNotDisplaying,
        AlertReason::EmbedNotWorking,
        AlertReason::FileNotOpening,
        AlertReason::WebsiteUnavailable,
        AlertReason::SoftwareNotWorking,
        AlertReason::ExtraTimeExceeded,
        AlertReason::UnintentionalFocusOut,
        AlertReason::Accessibility,
        AlertReason::Other,
    ];

    /// The stored name (stable, `SCREAMING_SNAKE_CASE`).
    pub fn as_str(self) -> &'static str {
        match self {
            AlertReason::ImageNotDisplaying => "IMAGE_NOT_DISPLAYING",
            AlertReason::EmbedNotWorking => "EMBED_NOT_WORKING",
            AlertReason::FileNotOpening => "FILE_NOT_OPENING",
            AlertReason::WebsiteUnavailable => "WEBSITE_UNAVAILABLE",
            AlertReason::SoftwareNotWorking => "SOFTWARE_NOT_WORKING",
            AlertReason::ExtraTimeExceeded => "EXTRA_TIME_EXCEEDED",
            AlertReason::UnintentionalFocusOut => "UNINTENTIONAL_FOCUS_OUT",
            AlertReason::Accessibility => "ACCESSIBILITY",
            AlertReason::Other => "OTHER",
        }
    }

    /// The reason stored as `name` ([`as_str`](AlertReason::as_str)).
    pub fn parse(name: &str) -> Option<AlertReason> {
        AlertReason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Where a live alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum AlertState {
    /// Reported by the candidate, not decided yet: answering is blocked.
    Pending,
    /// Accepted by the invigilator: the question is neutralised.
    Validated(AlertReason),
    /// Turned down by the invigilator: the question stays the current one.
    Dismissed,
}

/// One stored fact about a live alert. An alert raised, then decided, is two facts on the
/// same challenge, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertFact {
    /// The question the alert is about.
    pub challenge_id: String,
    /// What the fact says.
    pub state: AlertState,
}

/// How a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Every question was answered (or the bank ran out).
    Completed,
    /// The invigilator ended it.
    EndedByInvigilator,
    /// The centre finalised the session while it was unfinished.
    EndedByFinalisation,
}

impl EndReason {
    /// Every reason, in a stable order.
    pub const ALL: [EndReason; 3] = [
        EndReason::Completed,
        EndReason::EndedByInvigilator,
        EndReason::EndedByFinalisation,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Completed => "completed",
            EndReason::EndedByInvigilator => "ended_by_invigilator",
            EndReason::EndedByFinalisation => "ended_by_finalisation",
        }
    }

    /// The reason stored as `name` ([`as_str`](EndReason::as_str)).
    pub fn parse(name: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// What the test does next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "next", rename_all = "snake_case")]
pub enum Next {
    /// Ask this challenge (store an [`AskedQuestion`] for it, then show it).
    Ask {
        /// Its position in the bank given to [`Course::replay`].
        item: usize,
        /// Its challenge id.
        challenge_id: String,
    },
    /// The question already asked still waits for its answer (or for an alert's decision).
    Current(AskedQuestion),
    /// Nothing more to ask.
    Finished,
}

/// Whether an acceptable answer arrived in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerTiming {
    /// Before the deadline and its grace, or on an untimed question.
    InTime,
    /// After the deadline and its grace: store it as `timedout`.
    TimedOut,
}

impl AnswerTiming {
    /// The status to store for an answer the checker judged `judged`.
    pub fn status(self, judged: AnswerStatus) -> AnswerStatus {
        match self {
            AnswerTiming::InTime => judged,
            AnswerTiming::TimedOut => AnswerStatus::Timedout,
        }
    }
}

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerRefusal {
    /// The challenge is not the question waiting for an answer (never asked, already
    /// answered, or neutralised): one answer per question.
    #[error("this question is not the one waiting for an answer")]
    NotCurrent,
    /// A live alert on the question waits for the invigilator.
    #[error("an alert on this question waits for the invigilator")]
    AlertOpen,
    /// The test is over.
    #[error("the test is over")]
    Ended,
}

/// Why a live alert is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AlertRefusal {
    /// Alerts are only raised on the question waiting for an answer.
    #[error("alerts are only raised on the question waiting for an answer")]
    NotCurrent,
    /// An alert on this question already waits for the invigilator.
    #[error("an alert on this question already waits for the invigilator")]
    AlreadyPending,
    /// The test is over.
    #[error("the test is over")]
    Ended,
}

/// A certification test rebuilt from its facts.
#[derive(Debug, Clone)]
pub struct Course {
    rules: CourseRules,
    seed: u64,
    /// The items still selectable plus the answered ones (a view of the caller's bank).
    bank: ItemBank,
    /// Position in `bank` → position in the caller's bank.
    origin: Vec<usize>,
    /// What selection knows of the answered questions, on `bank`.
    state: TestState,
    estimator: CapacityEstimator,
    /// Distinct questions asked, neutralised ones included.
    asked: usize,
    /// Answers that count towards the length, as (caller's bank position or none, right).
    counted: Vec<(Option<usize>, bool)>,
    neutralised: Vec<String>,
    excluded_skills: Vec<String>,
    current: Option<AskedQuestion>,
    current_alert_pending: bool,
    ended: Option<EndReason>,
}

/// How the alert facts of one challenge fold: a validation is final, otherwise the latest
/// fact stands.
#[derive(Debug, Clone, Copy, Default)]
struct AlertFold {
    validated: bool,
    latest: Option<AlertState>,
}

impl Course {
    /// Rebuilds a test from its facts, in the order they were stored.
    ///
    /// - Each challenge counts once: a second [`AskedQuestion`] or [`RecordedAnswer`] on the
    ///   same challenge is ignored, as are answers to questions never asked.
    /// - An answered question feeds the capacity estimate (only `ok` is right) and counts
    ///   towards [`CourseRules::length`].
    /// - A question with a validated alert is neutralised, answered or not: it feeds nothing,
    ///   does not count, and its tube — which holds every challenge of its skill — is left out
    ///   of later selection (an [`ItemBank`] knows tubes, not skills; see
    ///   [`Course::excluded_skills`]). Its competence is not counted as covered.
    /// - The last question asked, unanswered and not neutralised, is the current one; a
    ///   pending alert on it blocks its answer, a dismissed one leaves it as it was. Earlier
    ///   unanswered questions (inconsistent facts) are never asked again and do not count.
    /// - Challenges missing from `bank` count when answered but cannot feed the estimate.
    pub fn replay(
        rules: &CourseRules,
        bank: &ItemBank,
        seed: u64,
        asked: &[AskedQuestion],
        answers: &[RecordedAnswer],
        alerts: &[AlertFact],
    ) -> Course {
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(bank.len());
        for (i, item) in bank.items().iter().enumerate() {
            position.entry(item.id.as_str()).or_insert(i);
        }
        let mut answer_of: HashMap<&str, &RecordedAnswer> = HashMap::new();
        for a in answers {
            answer_of.entry(a.challenge_id.as_str()).or_insert(a);
        }
        let mut alert_of: HashMap<&str, AlertFold> = HashMap::new();
        for fact in alerts {
            let fold = alert_of.entry(fact.challenge_id.as_str()).or_default();
            fold.validated |= matches!(fact.state, AlertState::Validated(_));
            fold.latest = Some(fact.state);
        }

        let mut estimator = CapacityEstimator::new(&rules.irt);
        let mut seen: HashSet<&str> = HashSet::new();
        let mut distinct: Vec<&AskedQuestion> = Vec::new();
        for q in asked {
            if seen.insert(q.challenge_id.as_str()) {
                distinct.push(q);
            }
        }
        let mut used = vec![false; bank.len()];
        let mut excluded_tubes: HashSet<u32> = HashSet::new();
        let mut recorded: Vec<usize> = Vec::new();
        let mut counted = Vec::new();
        let mut neutralised = Vec::new();
        let mut excluded_skills: Vec<String> = Vec::new();
        let mut current = None;
        let mut current_alert_pending = false;
        let last = distinct.len().saturating_sub(1);
        for (n, q) in distinct.iter().enumerate() {
            let id = q.challenge_id.as_str();
            let at = position.get(id).copied();
            if let Some(i) = at {
                used[i] = true;
            }
            let alert = alert_of.get(id).copied().unwrap_or_default();
            if alert.validated {
                neutralised.push(q.challenge_id.clone());
                if !excluded_skills.contains(&q.skill_id) {
                    excluded_skills.push(q.skill_id.clone());
                }
                if let Some(i) = at
                    && bank.items()[i].tube != NO_GROUP
                {
                    excluded_tubes.insert(bank.items()[i].tube);
                }
            } else if let Some(answer) = answer_of.get(id) {
                let correct = answer.status.is_ok();
                if let Some(i) = at {
                    estimator.record(&bank.items()[i].params, correct);
                    recorded.push(i);
                }
                counted.push((at, correct));
            } else if n == last {
                current = Some((*q).clone());
                current_alert_pending = alert.latest == Some(AlertState::Pending);
            }
        }

        // The view selection works on: answered items (so that tubes, coverage and spacing
        // see them) and the items that may still be asked.
        let mut view = Vec::new();
        let mut origin = Vec::new();
        let mut view_of = vec![usize::MAX; bank.len()];
        let mut answered = vec![false; bank.len()];
        for &i in &recorded {
            answered[i] = true;
        }
        for (i, item) in bank.items().iter().enumerate() {
            let open = !used[i] && !excluded_tubes.contains(&item.tube);
            if answered[i] || open {
                view_of[i] = view.len();
                view.push(item.clone());
                origin.push(i);
            }
        }
        let view = ItemBank::new(view);
        let mut state = TestState::new(&view);
        for &i in &recorded {
            state.record(&view, view_of[i]);
        }

        Course {
            rules: rules.clone(),
            seed,
            bank: view,
            origin,
            state,
            estimator,
            asked: distinct.len(),
            counted,
            neutralised,
            excluded_skills,
            current,
            current_alert_pending,
            ended: None,
        }
    }

    /// The same test, ended for `reason` (as stored by the caller: the invigilator ended it,
    /// or the session was finalised). It asks nothing more and refuses answers and alerts.
    pub fn with_end(mut self, reason: EndReason) -> Course {
        self.ended = Some(reason);
        self
    }

    /// What comes next: the current question while it waits, else the question chosen by the
    /// IRT selection (certification rules, randomised from the seed and the number of
    /// questions asked so far), or `Finished` once [`CourseRules::length`] answers count, the
    /// test was ended, or nothing is left to ask.
    pub fn next(&self) -> Next {
        if self.ended.is_some() || self.counted.len() >= self.rules.length {
            return Next::Finished;
        }
        if let Some(q) = &self.current {
            return Next::Current(q.clone());
        }
        match self.choose() {
            Some(chosen) => {
                let item = self.origin[chosen.item];
                Next::Ask {
                    item,
                    challenge_id: self.bank.items()[chosen.item].id.clone(),
                }
            }
            None => Next::Finished,
        }
    }

    /// The selection [`Course::next`] makes when it chooses a new question — the item, the
    /// best items it chose among with their information and the eligibility rule — with
    /// positions in the caller's bank; `None` when [`Course::next`] chooses nothing new (the
    /// test is over, or a question waits for its answer). What the "why this question"
    /// replay shows.
    pub fn next_selection(&self) -> Option<Selected> {
        if self.ended.is_some() || self.counted.len() >= self.rules.length || self.current.is_some()
        {
            return None;
        }
        let mut chosen = self.choose()?;
        chosen.item = self.origin[chosen.item];
        for candidate in &mut chosen.candidates {
            candidate.0 = self.origin[candidate.0];
        }
        Some(chosen)
    }

    /// The IRT selection on the view bank, randomised from the seed and the number of
    /// questions asked so far.
    fn choose(&self) -> Option<Selected> {
        let mut rng = ChaCha8Rng::seed_from_u64(step_seed(self.seed, self.asked as u64));
        let selection = Selection::new(&self.bank, &self.rules.irt.selection);
        selection.choose(&self.state, self.estimator.estimate().capacity, &mut rng)
    }

    /// Whether an answer to `challenge_id` arriving at `now_ms` is accepted, and if so whether
    /// it came in time (a deadline passed by more than [`ANSWER_GRACE_MS`] makes it timed out).
    pub fn check_answer(
        &self,
        challenge_id: &str,
        now_ms: i64,
    ) -> Result<AnswerTiming, AnswerRefusal> {
        let current = self.open_question().map_err(|ended| {
            if ended {
                AnswerRefusal::Ended
            } else {
                AnswerRefusal::NotCurrent
            }
        })?;
        if current.challenge_id != challenge_id {
            return Err(AnswerRefusal::NotCurrent);
        }
        if self.current_alert_pending {
            return Err(AnswerRefusal::AlertOpen);
        }
        match current.deadline_ms {
            Some(deadline) if now_ms > deadline.saturating_add(ANSWER_GRACE_MS) => {
                Ok(AnswerTiming::TimedOut)
            }
            _ => Ok(AnswerTiming::InTime),
        }
    }

    /// Whether the candidate may raise a live alert on `challenge_id`: only on the question
    /// waiting for an answer, with no alert already pending on it, before the end.
    pub fn check_alert(&self, challenge_id: &str) -> Result<(), AlertRefusal> {
        let current = self.open_question().map_err(|ended| {
            if ended {
                AlertRefusal::Ended
            } else {
                AlertRefusal::NotCurrent
            }
        })?;
        if current.challenge_id != challenge_id {
            return Err(AlertRefusal::NotCurrent);
        }
        if self.current_alert_pending {
            return Err(AlertRefusal::AlreadyPending);
        }
        Ok(())
    }

    /// The question waiting for an answer, or whether the test is over (`true`) or simply
    /// has no such question (`false`).
    fn open_question(&self) -> Result<&AskedQuestion, bool> {
        if self.ended.is_some() || self.counted.len() >= self.rules.length {
            return Err(true);
        }
        match &self.current {
            Some(q) => Ok(q),
            None => Err(self.is_finished()),
        }
    }

    /// Answers that count towards the length (neutralised questions excluded).
    pub fn answered(&self) -> usize {
        self.counted.len()
    }

    /// Distinct questions asked, neutralised ones included.
    pub fn asked(&self) -> usize {
        self.asked
    }

    /// The number of the question the candidate is on, from 1, at most the length.
    pub fn question_number(&self) -> usize {
        (self.counted.len() + 1).min(self.rules.length)
    }

    /// The question waiting for an answer, if any.
    pub fn current(&self) -> Option<&AskedQuestion> {
        self.current.as_ref()
    }

    /// Whether a live alert on the current question waits for the invigilator.
    pub fn alert_pending(&self) -> bool {
        self.current.is_some() && self.current_alert_pending
    }

    /// The capacity estimate after the counted answers (the initial capacity before any).
    pub fn estimate(&self) -> Estimate {
        self.estimator.estimate()
    }

    /// The capacity after the counted answers.
    pub fn capacity(&self) -> f64 {
        self.estimator.estimate().capacity
    }

    /// Whether nothing more will be asked.
    pub fn is_finished(&self) -> bool {
        self.next() == Next::Finished
    }

    /// How the test ended, if it did: the reason given to [`Course::with_end`], else
    /// `Completed` once it is finished.
    pub fn end_reason(&self) -> Option<EndReason> {
        self.ended
            .or_else(|| self.is_finished().then_some(EndReason::Completed))
    }

    /// Whether enough answers count for the test to be scored.
    pub fn has_enough_answers(&self) -> bool {
        self.counted.len() >= self.rules.min_answers
    }

    /// The challenges neutralised by a validated alert, in the order they were asked.
    pub fn neutralised(&self) -> &[String] {
        &self.neutralised
    }

    /// The skills of the neutralised questions: nothing of them is asked again. Selection
    /// enforces it by leaving out the whole tube of each neutralised question (a tube holds
    /// every challenge of its skills).
    pub fn excluded_skills(&self) -> &[String] {
        &self.excluded_skills
    }

    /// The counted answers on challenges of the bank, as (position in the bank given to
    /// [`Course::replay`], right), in order: what [`crate::irt::score_answers`] takes.
    pub fn scored_answers(&self) -> Vec<(usize, bool)> {
        self.counted
            .iter()
            .filter_map(|&(at, correct)| at.map(|i| (i, correct)))
            .collect()
    }

    /// The rules the test runs under.
    pub fn rules(&self) -> &CourseRules {
        &self.rules
    }
}

/// The generator seed of the selection after `step` questions: distinct per step, fixed by the
/// test's seed.
fn step_seed(seed: u64, step: u64) -> u64 {
    splitmix64(seed ^ splitmix64(step))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What is known of one candidate of a session, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CandidateFacts {
    /// When the invigilator confirmed the candidate's presence.
    pub present_confirmed_at: Option<i64>,
    /// When the invigilator last authorised the candidate to start or resume. The caller
    /// clears it when the candidate's test is interrupted (the candidate left or lost their
    /// connection), so that resuming needs a new authorisation.
    pub authorised_at: Option<i64>,
    /// Whether the candidate has entered the test with that authorisation.
    pub authorisation_used: bool,
    /// When the candidate's test started.
    pub started_at: Option<i64>,
    /// How the test ended, if it did.
    pub ended: Option<EndReason>,
    /// Answers that count towards the length.
    pub answered: usize,
    /// Whether a live alert of the candidate waits for the invigilator.
    pub pending_alert: bool,
    /// Whether the candidate may be certified.
    pub eligible: bool,
}

/// Where a candidate stands, as the invigilator's live list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CandidateState {
    /// The candidate's profile does not allow certification.
    NotEligible,
    /// Neither present nor authorised yet.
    NotArrived,
    /// Present or authorised, test not started.
    Present {
        /// Whether an unused authorisation is still valid.
        authorised: bool,
    },
    /// Answering question `question` of `of`.
    InTest {
        /// The question the candidate is on, from 1.
        question: usize,
        /// Questions in the test.
        of: usize,
    },
    /// Answering is blocked by a live alert waiting for the invigilator.
    WaitingOnAlert {
        /// The question the alert is about, from 1.
        question: usize,
        /// Questions in the test.
        of: usize,
    },
    /// Started, then left: resuming needs an authorisation.
    Interrupted {
        /// Whether an unused authorisation to resume is still valid.
        resume_authorised: bool,
        /// Answers that count so far.
        answered: usize,
    },
    /// Every question answered.
    Finished,
    /// The invigilator ended the test.
    EndedByInvigilator,
    /// The session was finalised while the test was unfinished.
    EndedByFinalisation,
}

impl CandidateState {
    /// A stable name, for the live list's filters and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateState::NotEligible => "not_eligible",
            CandidateState::NotArrived => "not_arrived",
            CandidateState::Present { .. } => "present",
            CandidateState::InTest { .. } => "in_test",
            CandidateState::WaitingOnAlert { .. } => "waiting_on_alert",
            CandidateState::Interrupted { .. } => "interrupted",
            CandidateState::Finished => "finished",
            CandidateState::EndedByInvigilator => "ended_by_invigilator",
            CandidateState::EndedByFinalisation => "ended_by_finalisation",
        }
    }

    /// Sort key of the live list: pending alerts first, then candidates waiting for an
    /// authorisation to resume, candidates in the room, those in their test, those not yet
    /// arrived, and the ended ones last.
    pub fn list_rank(self) -> u8 {
        match self {
            CandidateState::WaitingOnAlert { .. } => 0,
            CandidateState::Interrupted { .. } => 1,
            CandidateState::Present { .. } => 2,
            CandidateState::InTest { .. } => 3,
            CandidateState::NotArrived => 4,
            CandidateState::NotEligible => 5,
            CandidateState::Finished
            | CandidateState::EndedByInvigilator
            | CandidateState::EndedByFinalisation => 6,
        }
    }

    /// Whether the invigilator has something to do: decide an alert or authorise a resume.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            CandidateState::WaitingOnAlert { .. }
                | CandidateState::Interrupted {
                    resume_authorised: false,
                    ..
                }
        )
    }

    /// Whether the invigilator may authorise the candidate to start or resume now.
    pub fn may_authorise(self) -> bool {
        matches!(
            self,
            CandidateState::NotArrived
                | CandidateState::Present { .. }
                | CandidateState::Interrupted { .. }
        )
    }

    /// Whether the invigilator may end the candidate's test now.
    pub fn may_end(self) -> bool {
        matches!(
            self,
            CandidateState::InTest { .. }
                | CandidateState::WaitingOnAlert { .. }
                | CandidateState::Interrupted { .. }
        )
    }
}

/// Where the candidate of `facts` stands at `now_ms`.
pub fn candidate_state(facts: &CandidateFacts, now_ms: i64, rules: &CourseRules) -> CandidateState {
    if !facts.eligible {
        return CandidateState::NotEligible;
    }
    match facts.ended {
        Some(EndReason::Completed) => return CandidateState::Finished,
        Some(EndReason::EndedByInvigilator) => return CandidateState::EndedByInvigilator,
        Some(EndReason::EndedByFinalisation) => return CandidateState::EndedByFinalisation,
        None => {}
    }
    let fresh = |at: Option<i64>| {
        at.is_some_and(|at| !facts.authorisation_used && authorisation_valid(at, now_ms, rules))
    };
    if facts.started_at.is_none() {
        if facts.present_confirmed_at.is_none() && facts.authorised_at.is_none() {
            return CandidateState::NotArrived;
        }
        return CandidateState::Present {
            authorised: fresh(facts.authorised_at),
        };
    }
    if facts.answered >= rules.length {
        return CandidateState::Finished;
    }
    let question = (facts.answered + 1).min(rules.length);
    if facts.pending_alert {
        return CandidateState::WaitingOnAlert {
            question,
            of: rules.length,
        };
    }
    if facts.authorised_at.is_some() && facts.authorisation_used {
        return CandidateState::InTest {
            question,
            of: rules.length,
        };
    }
    CandidateState::Interrupted {
        resume_authorised: fresh(facts.authorised_at),
        answered: facts.answered,
    }
}

/// Whether an authorisation given at `authorised_at_ms` is still usable at `now_ms`: for
/// [`CourseRules::authorisation_minutes`] after it was given (one given "in the future", by a
/// clock slightly ahead, counts as fresh).
pub fn authorisation_valid(authorised_at_ms: i64, now_ms: i64, rules: &CourseRules) -> bool {
    now_ms.saturating_sub(authorised_at_ms) < rules.authorisation_ms()
}

/// Whether a test of a session may start at `now_ms`: always for the session's first start,
/// then until [`CourseRules::start_window_hours`] after it.
pub fn may_start(
    session_first_started_at_ms: Option<i64>,
    now_ms: i64,
    rules: &CourseRules,
) -> bool {
    match session_first_started_at_ms {
        None => true,
        Some(first) => now_ms.saturating_sub(first) <= rules.start_window_ms(),
    }
}

/// Why a candidate may not enter (or re-enter) the test from the waiting page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EntryRefusal {
    /// The candidate's profile does not allow certification.
    #[error("the candidate may not be certified")]
    NotEligible,
    /// No unused authorisation from the invigilator.
    #[error("the invigilator has not authorised the candidate")]
    NotAuthorised,
    /// The authorisation is too old: the invigilator must give a new one.
    #[error("the authorisation has expired")]
    AuthorisationExpired,
    /// The session's first test started too long ago for a new one to start.
    #[error("too late to start a test in this session")]
    WindowClosed,
    /// The candidate's test is over.
    #[error("the test is over")]
    Ended,
}

/// Whether the candidate of `facts` may enter the test at `now_ms`: eligible, test not over,
/// within the start window when it has not started yet, with a valid unused authorisation.
pub fn check_entry(
    facts: &CandidateFacts,
    session_first_started_at_ms: Option<i64>,
    now_ms: i64,
    rules: &CourseRules,
) -> Result<(), EntryRefusal> {
    if !facts.eligible {
        return Err(EntryRefusal::NotEligible);
    }
    if facts.ended.is_some() || facts.answered >= rules.length {
        return Err(EntryRefusal::Ended);
    }
    if facts.started_at.is_none() && !may_start(session_first_started_at_ms, now_ms, rules) {
        return Err(EntryRefusal::WindowClosed);
    }
    let Some(at) = facts.authorised_at.filter(|_| !facts.authorisation_used) else {
        return Err(EntryRefusal::NotAuthorised);
    };
    if !authorisation_valid(at, now_ms, rules) {
        return Err(EntryRefusal::AuthorisationExpired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::{ChallengeStatus, IrtParams, Question};
    use crate::irt::{Item, ItemParams};
    use proptest::prelude::*;

    const T0: i64 = 1_780_000_000_000;

    /// 4 competences × 3 tubes × 3 items; item `k` of a tube is skill level `k + 1`.
    fn bank() -> ItemBank {
        let mut items = Vec::new();
        for comp in 0..4u32 {
            for t in 0..3u32 {
                let tube = comp * 3 + t;
                for k in 0..3u32 {
                    items.push(Item {
                        id: format!("c{comp}-t{tube}-{k}"),
                        params: ItemParams::two_pl(1.0 + 0.1 * f64::from(t), f64::from(k) - 2.5),
                        tube,
                        competence: comp,
                    });
                }
            }
        }
        ItemBank::new(items)
    }

    /// The skill of a test item: its tube and level.
    fn skill_of(id: &str) -> String {
        let mut parts = id.split('-');
        let _ = parts.next();
        format!(
            "@{}{}",
            parts.next().unwrap_or(""),
            parts.next().unwrap_or("")
        )
    }

    fn asked(id: &str, at: i64) -> AskedQuestion {
        AskedQuestion {
            challenge_id: id.into(),
            skill_id: skill_of(id),
            asked_at_ms: at,
            deadline_ms: None,
        }
    }

    fn answer(id: &str, status: AnswerStatus, at: i64) -> RecordedAnswer {
        RecordedAnswer {
            challenge_id: id.into(),
            status,
            answered_at_ms: at,
        }
    }

    fn challenge(timer: Option<u32>) -> Challenge {
        Challenge {
            id: "ch".into(),
            skill: "@s1".into(),
            status: ChallengeStatus::Validated,
            locales: vec!["fr".into()],
            instruction: String::new(),
            explanation: String::new(),
            question: Question::Qcu {
                proposals: vec!["a".into(), "b".into()],
                solution: 1,
            },
            illustration: None,
            attachments: vec![],
            embed: None,
            timer,
            focused: false,
            accessible: false,
            irt: IrtParams::default_for_level(1),
        }
    }

    #[derive(Default)]
    struct Log {
        asked: Vec<AskedQuestion>,
        answers: Vec<RecordedAnswer>,
        alerts: Vec<AlertFact>,
    }

    impl Log {
        fn course(&self, rules: &CourseRules, bank: &ItemBank, seed: u64) -> Course {
            Course::replay(rules, bank, seed, &self.asked, &self.answers, &self.alerts)
        }

        /// Asks the next question; its id.
        fn ask(&mut self, rules: &CourseRules, bank: &ItemBank, seed: u64) -> Option<String> {
            match self.course(rules, bank, seed).next() {
                Next::Ask { challenge_id, item } => {
                    assert_eq!(bank.items()[item].id, challenge_id);
                    let at = T0 + 1_000 * self.asked.len() as i64;
                    self.asked.push(asked(&challenge_id, at));
                    Some(challenge_id)
                }
                _ => None,
            }
        }

        fn answer(&mut self, id: &str, status: AnswerStatus) {
            self.answers.push(answer(id, status, T0));
        }

        fn alert(&mut self, id: &str, state: AlertState) {
            self.alerts.push(AlertFact {
                challenge_id: id.into(),
                state,
            });
        }
    }

    /// A whole test answered with `status`; the challenges asked.
    fn run(rules: &CourseRules, bank: &ItemBank, seed: u64, status: AnswerStatus) -> Log {
        let mut log = Log::default();
        while let Some(id) = log.ask(rules, bank, seed) {
            log.answer(&id, status);
        }
        log
    }

    #[test]
    fn standard_rules_follow_the_design() {
        let r = CourseRules::standard();
        assert_eq!((r.length, r.min_answers), (32, 20));
        assert_eq!((r.authorisation_minutes, r.start_window_hours), (15, 24));
        assert_eq!(r.irt, IrtConfig::certification());
        assert_eq!(
            ANSWER_GRACE_MS as f64,
            crate::answer::TIMER_GRACE_SECS * 1000.0
        );
    }

    #[test]
    fn extra_time_stretches_the_deadline() {
        let q = AskedQuestion::new(&challenge(Some(60)), T0, 50);
        assert_eq!(q.deadline_ms, Some(T0 + 90_000));
        assert_eq!(q.skill_id, "@s1");
        assert_eq!(
            AskedQuestion::new(&challenge(Some(60)), T0, 0).deadline_ms,
            Some(T0 + 60_000)
        );
        assert_eq!(
            AskedQuestion::new(&challenge(None), T0, 50).deadline_ms,
            None
        );
        let huge = AskedQuestion::new(&challenge(Some(u32::MAX)), i64::MAX - 1, u32::MAX);
        assert_eq!(huge.deadline_ms, Some(i64::MAX));
    }

    #[test]
    fn an_answer_past_the_deadline_and_its_grace_is_timed_out() {
        let bank = bank();
        let rules = CourseRules::standard();
        let mut log = Log::default();
        let id = log.ask(&rules, &bank, 1).unwrap_or_default();
        log.asked[0].deadline_ms = Some(T0 + 90_000);
        let course = log.course(&rules, &bank, 1);
        assert_eq!(
            course.check_answer(&id, T0 + 92_000),
            Ok(AnswerTiming::InTime)
        );
        assert_eq!(
            course.check_answer(&id, T0 + 92_001),
            Ok(AnswerTiming::TimedOut)
        );
        assert_eq!(
            AnswerTiming::TimedOut.status(AnswerStatus::Ok),
            AnswerStatus::Timedout
        );
        assert_eq!(
            AnswerTiming::InTime.status(AnswerStatus::Ko),
            AnswerStatus::Ko
        );
        log.asked[0].deadline_ms = None;
        let course = log.course(&rules, &bank, 1);
        assert_eq!(course.check_answer(&id, i64::MAX), Ok(AnswerTiming::InTime));
    }

    #[test]
    fn names_round_trip() {
        for r in AlertReason::ALL {
            assert_eq!(AlertReason::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::Value::String(r.as_str().into()))
            );
        }
        assert_eq!(
            AlertReason::ImageNotDisplaying.as_str(),
            "IMAGE_NOT_DISPLAYING"
        );
        assert_eq!(AlertReason::parse("image_not_displaying"), None);
        for r in EndReason::ALL {
            assert_eq!(EndReason::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn a_test_asks_its_length_then_finishes_one_tube_at_a_time() {
        let bank = bank();
        let rules = CourseRules {
            length: 10,
            ..CourseRules::standard()
        };
        let log = run(&rules, &bank, 3, AnswerStatus::Ok);
        assert_eq!(log.asked.len(), 10);
        let course = log.course(&rules, &bank, 3);
        assert_eq!(course.answered(), 10);
        assert!(course.is_finished());
        assert_eq!(course.end_reason(), Some(EndReason::Completed));
        assert_eq!(course.scored_answers().len(), 10);
        let tubes: HashSet<u32> = log
            .asked
            .iter()
            .filter_map(|q| bank.items().iter().find(|i| i.id == q.challenge_id))
            .map(|i| i.tube)
            .collect();
        assert_eq!(tubes.len(), 10, "one question per tube");
        let first: HashSet<&str> = log.asked[..4]
            .iter()
            .map(|q| &q.challenge_id[..2])
            .collect();
        assert_eq!(first.len(), 4, "every competence first");
    }

    #[test]
    fn an_exhausted_bank_finishes_the_test() {
        let bank = bank();
        let rules = CourseRules::standard();
        let log = run(&rules, &bank, 9, AnswerStatus::Ko);
        assert_eq!(log.asked.len(), 12, "one per tube");
        let course = log.course(&rules, &bank, 9);
        assert!(course.is_finished());
        assert!(!course.has_enough_answers());
        assert_eq!(course.end_reason(), Some(EndReason::Completed));
    }

    #[test]
    fn only_ok_raises_the_capacity() {
        let bank = bank();
        let rules = CourseRules::standard();
        let capacity = |status| {
            let mut log = Log::default();
            let id = log.ask(&rules, &bank, 5).unwrap_or_default();
            log.answer(&id, status);
            log.course(&rules, &bank, 5).capacity()
        };
        let ok = capacity(AnswerStatus::Ok);
        for status in [
            AnswerStatus::Ko,
            AnswerStatus::Aband,
            AnswerStatus::Timedout,
            AnswerStatus::Focusedout,
            AnswerStatus::Partially,
        ] {
            assert!(capacity(status) < ok, "{status:?}");
            assert_eq!(capacity(status), capacity(AnswerStatus::Ko));
        }
    }

    #[test]
    fn one_answer_per_question() {
        let bank = bank();
        let rules = CourseRules::standard();
        let mut log = Log::default();
        let first = log.ask(&rules, &bank, 2).unwrap_or_default();
        let course = log.course(&rules, &bank, 2);
        assert_eq!(course.next(), Next::Current(log.asked[0].clone()));
        assert_eq!(course.current(), Some(&log.asked[0]));
        assert_eq!(course.question_number(), 1);
        assert_eq!(
            course.check_answer("c9-t99-0", T0),
            Err(AnswerRefusal::NotCurrent)
        );
        log.answer(&first, AnswerStatus::Ok);
        let course = log.course(&rules, &bank, 2);
        assert_eq!(
            course.check_answer(&first, T0),
            Err(AnswerRefusal::NotCurrent)
        );
        assert_eq!(course.check_alert(&first), Err(AlertRefusal::NotCurrent));
        assert_eq!(course.answered(), 1);
        assert_eq!(course.question_number(), 2);
        // A second answer on the same question changes nothing.
        log.answer(&first, AnswerStatus::Ko);
        assert_eq!(log.course(&rules, &bank, 2).capacity(), course.capacity());
    }

    #[test]
    fn a_dismissed_alert_keeps_the_question() {
        let bank = bank();
        let rules = CourseRules::standard();
        let mut log = Log::default();
        let id = log.ask(&rules, &bank, 4).unwrap_or_default();
        assert_eq!(log.course(&rules, &bank, 4).check_alert(&id), Ok(()));
        log.alert(&id, AlertState::Pending);
        let course = log.course(&rules, &bank, 4);
        assert!(course.alert_pending());
        assert_eq!(course.next(), Next::Current(log.asked[0].clone()));
        assert_eq!(course.check_answer(&id, T0), Err(AnswerRefusal::AlertOpen));
        assert_eq!(course.check_alert(&id), Err(AlertRefusal::AlreadyPending));
        log.alert(&id, AlertState::Dismissed);
        let course = log.course(&rules, &bank, 4);
        assert!(!course.alert_pending());
        assert_eq!(course.next(), Next::Current(log.asked[0].clone()));
        assert_eq!(course.check_answer(&id, T0), Ok(AnswerTiming::InTime));
        assert_eq!(course.check_alert(&id), Ok(()), "a new alert may follow");
        assert!(course.neutralised().is_empty());
    }

    #[test]
    fn a_validated_alert_neutralises_the_question_and_its_skill() {
        let bank = bank();
        let rules = CourseRules::standard();
        let mut log = Log::default();
        let id = log.ask(&rules, &bank, 6).unwrap_or_default();
        log.alert(&id, AlertState::Pending);
        log.alert(&id, AlertState::Validated(AlertReason::ImageNotDisplaying));
        let course = log.course(&rules, &bank, 6);
        assert_eq!(course.answered(), 0);
        assert_eq!(course.asked(), 1);
        assert_eq!(course.neutralised(), std::slice::from_ref(&id));
        assert_eq!(course.excluded_skills(), [skill_of(&id)]);
        assert_eq!(course.capacity(), rules.irt.initial_capacity);
        assert_eq!(course.check_answer(&id, T0), Err(AnswerRefusal::NotCurrent));
        // The rest of the test never comes back to that tube, and still counts 12 − 1 tubes.
        let tube = &id[..id.rfind('-').unwrap_or(0)];
        while let Some(next) = log.ask(&rules, &bank, 6) {
            assert!(!next.starts_with(&format!("{tube}-")), "{next} after {id}");
            log.answer(&next, AnswerStatus::Ok);
        }
        let course = log.course(&rules, &bank, 6);
        assert_eq!((course.asked(), course.answered()), (12, 11));
        // A later validation also neutralises an answered question.
        let answered = log.asked[1].challenge_id.clone();
        log.alert(&answered, AlertState::Validated(AlertReason::Other));
        assert_eq!(log.course(&rules, &bank, 6).answered(), 10);
    }

    #[test]
    fn replay_gives_the_same_decisions() {
        let bank = bank();
        let rules = CourseRules::standard();
        let a = run(&rules, &bank, 11, AnswerStatus::Ok);
        let b = run(&rules, &bank, 11, AnswerStatus::Ok);
        assert_eq!(a.asked, b.asked);
        for n in 0..a.asked.len() {
            let prefix = Log {
                asked: a.asked[..n].to_vec(),
                answers: a.answers[..n].to_vec(),
                alerts: vec![],
            };
            let next = prefix.course(&rules, &bank, 11).next();
            assert!(
                matches!(&next, Next::Ask { challenge_id, .. } if *challenge_id == a.asked[n].challenge_id),
                "step {n}: {next:?}"
            );
        }
        let seeds: HashSet<Vec<String>> = (0..8)
            .map(|seed| {
                run(&rules, &bank, seed, AnswerStatus::Ok)
                    .asked
                    .into_iter()
                    .map(|q| q.challenge_id)
                    .collect()
            })
            .collect();
        assert!(seeds.len() > 1, "the seed randomises the selection");
    }

    #[test]
    fn an_ended_test_refuses_everything() {
        let bank = bank();
        let rules = CourseRules::standard();
        let mut log = Log::default();
        let id = log.ask(&rules, &bank, 1).unwrap_or_default();
        let course = log
            .course(&rules, &bank, 1)
            .with_end(EndReason::EndedByInvigilator);
        assert_eq!(course.next(), Next::Finished);
        assert!(course.is_finished());
        assert_eq!(course.end_reason(), Some(EndReason::EndedByInvigilator));
        assert_eq!(course.check_answer(&id, T0), Err(AnswerRefusal::Ended));
        assert_eq!(course.check_alert(&id), Err(AlertRefusal::Ended));
        let done = run(&rules, &bank, 1, AnswerStatus::Ok).course(&rules, &bank, 1);
        assert_eq!(done.check_answer(&id, T0), Err(AnswerRefusal::Ended));
    }

    fn facts() -> CandidateFacts {
        CandidateFacts {
            eligible: true,
            ..CandidateFacts::default()
        }
    }

    #[test]
    fn the_live_list_state_follows_the_facts() {
        let r = CourseRules::standard();
        let now = T0 + 5 * MINUTE_MS;
        let state = |f: CandidateFacts| candidate_state(&f, now, &r);
        assert_eq!(
            state(CandidateFacts::default()),
            CandidateState::NotEligible
        );
        assert_eq!(state(facts()), CandidateState::NotArrived);
        let present = CandidateFacts {
            present_confirmed_at: Some(T0),
            ..facts()
        };
        assert_eq!(
            state(present),
            CandidateState::Present { authorised: false }
        );
        let authorised = CandidateFacts {
            authorised_at: Some(T0),
            ..present
        };
        assert_eq!(
            state(authorised),
            CandidateState::Present { authorised: true }
        );
        assert_eq!(
            candidate_state(&authorised, T0 + 15 * MINUTE_MS, &r),
            CandidateState::Present { authorised: false }
        );
        let in_test = CandidateFacts {
            authorisation_used: true,
            started_at: Some(T0 + MINUTE_MS),
            answered: 3,
            ..authorised
        };
        assert_eq!(
            state(in_test),
            CandidateState::InTest {
                question: 4,
                of: 32
            }
        );
        let alert = CandidateFacts {
            pending_alert: true,
            ..in_test
        };
        assert_eq!(
            state(alert),
            CandidateState::WaitingOnAlert {
                question: 4,
                of: 32
            }
        );
        let left = CandidateFacts {
            authorised_at: None,
            ..in_test
        };
        let interrupted = state(left);
        assert_eq!(
            interrupted,
            CandidateState::Interrupted {
                resume_authorised: false,
                answered: 3
            }
        );
        assert!(interrupted.needs_attention() && interrupted.may_authorise());
        let resume = CandidateFacts {
            authorised_at: Some(now),
            authorisation_used: false,
            ..left
        };
        assert_eq!(
            state(resume),
            CandidateState::Interrupted {
                resume_authorised: true,
                answered: 3
            }
        );
        let all = CandidateFacts {
            answered: 32,
            ..in_test
        };
        assert_eq!(state(all), CandidateState::Finished);
        for (reason, expected) in [
            (EndReason::Completed, CandidateState::Finished),
            (
                EndReason::EndedByInvigilator,
                CandidateState::EndedByInvigilator,
            ),
            (
                EndReason::EndedByFinalisation,
                CandidateState::EndedByFinalisation,
            ),
        ] {
            let ended = CandidateFacts {
                ended: Some(reason),
                ..in_test
            };
            assert_eq!(state(ended), expected);
            assert!(!expected.may_end() && !expected.may_authorise());
        }
        assert!(state(alert).list_rank() < state(in_test).list_rank());
        assert!(state(in_test).may_end());
        assert_eq!(state(alert).as_str(), "waiting_on_alert");
    }

    #[test]
    fn authorisations_last_fifteen_minutes_and_starts_a_day() {
        let r = CourseRules::standard();
        assert!(authorisation_valid(T0, T0, &r));
        assert!(authorisation_valid(T0, T0 + 15 * MINUTE_MS - 1, &r));
        assert!(!authorisation_valid(T0, T0 + 15 * MINUTE_MS, &r));
        assert!(authorisation_valid(T0, T0 - MINUTE_MS, &r));
        assert!(may_start(None, T0, &r));
        assert!(may_start(Some(T0), T0 + 24 * HOUR_MS, &r));
        assert!(!may_start(Some(T0), T0 + 24 * HOUR_MS + 1, &r));
        assert!(!authorisation_valid(i64::MIN, i64::MAX, &r));
        assert!(!may_start(Some(i64::MIN), i64::MAX, &r));
    }

    #[test]
    fn entry_needs_a_fresh_authorisation_within_the_window() {
        let r = CourseRules::standard();
        let now = T0 + MINUTE_MS;
        let ok = CandidateFacts {
            authorised_at: Some(T0),
            ..facts()
        };
        assert_eq!(check_entry(&ok, None, now, &r), Ok(()));
        assert_eq!(check_entry(&ok, Some(T0 - HOUR_MS), now, &r), Ok(()));
        let check = |f: CandidateFacts, first: Option<i64>, at: i64| check_entry(&f, first, at, &r);
        assert_eq!(
            check(
                CandidateFacts {
                    eligible: false,
                    ..ok
                },
                None,
                now
            ),
            Err(EntryRefusal::NotEligible)
        );
        assert_eq!(check(facts(), None, now), Err(EntryRefusal::NotAuthorised));
        assert_eq!(
            check(
                CandidateFacts {
                    authorisation_used: true,
                    ..ok
                },
                None,
                now
            ),
            Err(EntryRefusal::NotAuthorised)
        );
        assert_eq!(
            check(ok, None, T0 + 20 * MINUTE_MS),
            Err(EntryRefusal::AuthorisationExpired)
        );
        assert_eq!(
            check(ok, Some(now - 25 * HOUR_MS), now),
            Err(EntryRefusal::WindowClosed)
        );
        let resuming = CandidateFacts {
            started_at: Some(T0 - 30 * HOUR_MS),
            answered: 10,
            ..ok
        };
        assert_eq!(
            check(resuming, Some(now - 25 * HOUR_MS), now),
            Ok(()),
            "the window only bounds starts"
        );
        assert_eq!(
            check(
                CandidateFacts {
                    answered: 32,
                    ..resuming
                },
                None,
                now
            ),
            Err(EntryRefusal::Ended)
        );
        assert_eq!(
            check(
                CandidateFacts {
                    ended: Some(EndReason::EndedByInvigilator),
                    ..ok
                },
                None,
                now
            ),
            Err(EntryRefusal::Ended)
        );
    }

    fn status() -> impl Strategy<Value = AnswerStatus> {
        prop_oneof![
            Just(AnswerStatus::Ok),
            Just(AnswerStatus::Ko),
            Just(AnswerStatus::Aband),
            Just(AnswerStatus::Timedout),
            Just(AnswerStatus::Focusedout),
            Just(AnswerStatus::Partially),
        ]
    }

    fn alert_state() -> impl Strategy<Value = AlertState> {
        prop_oneof![
            Just(AlertState::Pending),
            Just(AlertState::Dismissed),
            (0..9usize).prop_map(|i| AlertState::Validated(AlertReason::ALL[i])),
        ]
    }

    /// Ids of the test bank, plus a few it does not hold.
    fn id() -> impl Strategy<Value = String> {
        (0..5u32, 0..13u32, 0..4u32).prop_map(|(c, t, k)| format!("c{c}-t{t}-{k}"))
    }

    proptest! {
        #[test]
        fn random_facts_never_panic(
            seed in any::<u64>(),
            length in 0..40usize,
            asked_ids in prop::collection::vec((id(), any::<i64>(), prop::option::of(any::<i64>())), 0..30),
            answers in prop::collection::vec((id(), status(), any::<i64>()), 0..30),
            alerts in prop::collection::vec((id(), alert_state()), 0..10),
            now in any::<i64>(),
            probe in id(),
            minutes in any::<i64>(),
            hours in any::<i64>(),
        ) {
            let bank = bank();
            let rules = CourseRules {
                length,
                authorisation_minutes: minutes,
                start_window_hours: hours,
                ..CourseRules::standard()
            };
            let asked: Vec<AskedQuestion> = asked_ids
                .into_iter()
                .map(|(id, at, deadline)| AskedQuestion {
                    skill_id: skill_of(&id),
                    challenge_id: id,
                    asked_at_ms: at,
                    deadline_ms: deadline,
                })
                .collect();
            let answers: Vec<RecordedAnswer> = answers
                .into_iter()
                .map(|(id, status, at)| answer(&id, status, at))
                .collect();
            let alerts: Vec<AlertFact> = alerts
                .into_iter()
                .map(|(challenge_id, state)| AlertFact { challenge_id, state })
                .collect();
            let course = Course::replay(&rules, &bank, seed, &asked, &answers, &alerts);
            let next = course.next();
            prop_assert_eq!(&next, &Course::replay(&rules, &bank, seed, &asked, &answers, &alerts).next());
            if let Next::Ask { item, challenge_id } = &next {
                prop_assert_eq!(&bank.items()[*item].id, challenge_id);
                prop_assert!(!asked.iter().any(|q| &q.challenge_id == challenge_id));
            }
            let _ = course.check_answer(&probe, now);
            let _ = course.check_alert(&probe);
            if let Some(q) = course.current() {
                let q = q.clone();
                let _ = course.check_answer(&q.challenge_id, now);
            }
            prop_assert!(course.capacity().is_finite());
            let _ = (course.end_reason(), course.scored_answers(), course.question_number());
            let facts = CandidateFacts {
                present_confirmed_at: Some(now.wrapping_mul(3)),
                authorised_at: Some(now.wrapping_add(seed as i64)),
                authorisation_used: seed % 2 == 0,
                started_at: (seed % 3 == 0).then_some(now),
                ended: None,
                answered: length,
                pending_alert: seed % 5 == 0,
                eligible: seed % 7 != 0,
            };
            let _ = candidate_state(&facts, now, &rules);
            let _ = check_entry(&facts, Some(seed as i64), now, &rules);
        }
    }
}
