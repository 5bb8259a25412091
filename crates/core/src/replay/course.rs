//! The replay of one certification test.
//!
//! Before each question asked, the test is rebuilt by [`Course::replay`] from the facts stored
//! before it (the earlier questions, their answers and alerts) with the rules of the course's
//! settings version, and its selection ([`Course::next_selection`]) is read: the capacity and
//! error then, the most informative items considered with their Fisher information, the
//! eligibility rule and the rule that picked one. The recomputed choice is compared with the
//! question asked.

use std::collections::HashSet;

use serde::Serialize;

use crate::answer::AnswerStatus;
use crate::certification::course::{
    AlertFact, AlertState, AskedQuestion, Course, CourseRules, RecordedAnswer,
};
use crate::irt::{Eligibility, Estimate, ExposureControl, ItemBank, NO_GROUP};
use crate::replay::Divergence;

/// What the replay of a certification test starts from.
#[derive(Debug, Clone, Copy)]
pub struct CourseInput<'a> {
    /// The rules of the course's settings version.
    pub rules: &'a CourseRules,
    /// The item bank the course drew from (its release, its locale, its accessibility).
    pub bank: &'a ItemBank,
    /// The course's seed.
    pub seed: u64,
    /// The questions asked, in order.
    pub asked: &'a [AskedQuestion],
    /// The answers, in order.
    pub answers: &'a [RecordedAnswer],
    /// The alert facts, in order.
    pub alerts: &'a [AlertFact],
}

/// The rule that picked the question among the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CourseRule {
    /// A walk down the `top` most informative items stopping at each with
    /// `keep_probability`, drawn from the seed (v3-2024); it stopped at `rank` (from 0).
    TopWalk {
        /// Items considered.
        top: usize,
        /// The probability of stopping at each.
        keep_probability: f64,
        /// Where the walk stopped.
        rank: usize,
    },
    /// Sympson–Hetter exposure control (v4): the most informative eligible item accepted
    /// with its exposure parameter; the course runs with every parameter at 1, so the most
    /// informative item.
    SympsonHetter {
        /// The chosen item's rank among the candidates.
        rank: usize,
    },
}

/// A candidate item of one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemCandidate {
    /// Its challenge.
    pub challenge: String,
    /// Its Fisher information at the capacity before the question.
    pub information: f64,
    /// Whether the rule picked it.
    pub chosen: bool,
}

/// How many items of the bank were out of the running at one step, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Exclusions {
    /// Already asked.
    pub asked: usize,
    /// Of a tube already asked (one question per tube).
    pub tube_used: usize,
    /// Of the tube of a question neutralised by a validated alert.
    pub validated_alert: usize,
    /// Left out by the eligibility rule (competence not covered first, or competence asked
    /// within the spacing window).
    pub eligibility: usize,
}

/// What became of the question asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CourseOutcome {
    /// Answered with this status; it fed the estimate.
    Answered {
        /// The status.
        status: AnswerStatus,
    },
    /// Neutralised by a validated alert: it feeds nothing.
    Neutralised,
    /// Not answered (the question waiting, or the test ended on it).
    Unanswered,
}

/// One question of the test, recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseStep {
    /// Its number, from 1 (neutralised questions included).
    pub number: usize,
    /// The capacity and its error before it.
    pub before: Estimate,
    /// The items considered, most informative first (empty when the replay chose nothing).
    pub candidates: Vec<ItemCandidate>,
    /// The rule that decided eligibility.
    pub eligibility: Option<Eligibility>,
    /// The rule that picked among the candidates.
    pub rule: Option<CourseRule>,
    /// Why the other items were not candidates.
    pub excluded: Exclusions,
    /// The challenge the test asked.
    pub asked: String,
    /// How the recomputed choice differs from the question asked, if it does.
    pub divergence: Option<Divergence>,
    /// What became of the question.
    pub outcome: CourseOutcome,
    /// The capacity and its error after it.
    pub after: Estimate,
}

/// A certification test, recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseReplay {
    /// One step per question asked, in order.
    pub steps: Vec<CourseStep>,
}

impl CourseReplay {
    /// Replays a certification test from its facts.
    pub fn of(input: &CourseInput<'_>) -> CourseReplay {
        let mut distinct: Vec<&AskedQuestion> = Vec::new();
        let mut seen = HashSet::new();
        for q in input.asked {
            if seen.insert(q.challenge_id.as_str()) {
                distinct.push(q);
            }
        }
        let prefix = |k: usize| rebuild(input, &distinct[..k]);
        let mut before = prefix(0);
        let mut steps = Vec::with_capacity(distinct.len());
        for (k, q) in distinct.iter().enumerate() {
            let after = prefix(k + 1);
            steps.push(step(input, &distinct[..k], &before, q, &after));
            before = after;
        }
        CourseReplay { steps }
    }

    /// How many steps diverge from what the test asked.
    pub fn divergences(&self) -> usize {
        self.steps.iter().filter(|s| s.divergence.is_some()).count()
    }
}

/// The test as it stood once the questions `asked` (and only their answers and alerts) were
/// stored.
fn rebuild(input: &CourseInput<'_>, asked: &[&AskedQuestion]) -> Course {
    let ids: HashSet<&str> = asked.iter().map(|q| q.challenge_id.as_str()).collect();
    let questions: Vec<AskedQuestion> = asked.iter().map(|q| (*q).clone()).collect();
    let answers: Vec<RecordedAnswer> = input
        .answers
        .iter()
        .filter(|a| ids.contains(a.challenge_id.as_str()))
        .cloned()
        .collect();
    let alerts: Vec<AlertFact> = input
        .alerts
        .iter()
        .filter(|a| ids.contains(a.challenge_id.as_str()))
        .cloned()
        .collect();
    Course::replay(
        input.rules,
        input.bank,
        input.seed,
        &questions,
        &answers,
        &alerts,
    )
}

fn step(
    input: &CourseInput<'_>,
    earlier: &[&AskedQuestion],
    before: &Course,
    asked: &AskedQuestion,
    after: &Course,
) -> CourseStep {
    let items = input.bank.items();
    let selection = before.next_selection();
    let divergence = match &selection {
        None => Some(Divergence::EndedBefore),
        Some(_) if !items.iter().any(|i| i.id == asked.challenge_id) => {
            Some(Divergence::UnknownQuestion)
        }
        Some(s) if items[s.item].id != asked.challenge_id => Some(Divergence::OtherQuestion {
            replayed: items[s.item].id.clone(),
        }),
        Some(_) => None,
    };
    let config = &input.rules.irt.selection;
    let rule = selection.as_ref().map(|s| match config.exposure {
        ExposureControl::TopWalk => CourseRule::TopWalk {
            top: config.top,
            keep_probability: config.keep_probability,
            rank: s.rank,
        },
        ExposureControl::SympsonHetter(_) => CourseRule::SympsonHetter { rank: s.rank },
    });
    let candidates = selection
        .as_ref()
        .map(|s| {
            s.candidates
                .iter()
                .map(|&(i, information)| ItemCandidate {
                    challenge: items[i].id.clone(),
                    information,
                    chosen: i == s.item,
                })
                .collect()
        })
        .unwrap_or_default();
    CourseStep {
        number: earlier.len() + 1,
        before: before.estimate(),
        candidates,
        eligibility: selection.as_ref().map(|s| s.eligibility),
        rule,
        excluded: exclusions(
            input,
            earlier,
            before,
            selection.as_ref().map(|s| s.eligibility),
        ),
        asked: asked.challenge_id.clone(),
        divergence,
        outcome: outcome(input, asked),
        after: after.estimate(),
    }
}

fn outcome(input: &CourseInput<'_>, asked: &AskedQuestion) -> CourseOutcome {
    let id = asked.challenge_id.as_str();
    let neutralised = input
        .alerts
        .iter()
        .any(|a| a.challenge_id == id && matches!(a.state, AlertState::Validated(_)));
    if neutralised {
        return CourseOutcome::Neutralised;
    }
    match input.answers.iter().find(|a| a.challenge_id == id) {
        Some(a) => CourseOutcome::Answered { status: a.status },
        None => CourseOutcome::Unanswered,
    }
}

/// Counts the items out of the running before a question, by the first reason that applies.
fn exclusions(
    input: &CourseInput<'_>,
    earlier: &[&AskedQuestion],
    before: &Course,
    eligibility: Option<Eligibility>,
) -> Exclusions {
    let items = input.bank.items();
    let config = &input.rules.irt.selection;
    let position = |id: &str| items.iter().position(|i| i.id == id);
    let neutralised: HashSet<&str> = before.neutralised().iter().map(String::as_str).collect();
    let mut used_items = HashSet::new();
    let mut used_tubes = HashSet::new();
    let mut alert_tubes = HashSet::new();
    let mut covered = HashSet::new();
    let mut answered_competences = Vec::new();
    for q in earlier {
        let Some(i) = position(&q.challenge_id) else {
            continue;
        };
        used_items.insert(i);
        let item = &items[i];
        if neutralised.contains(q.challenge_id.as_str()) {
            alert_tubes.insert(item.tube);
        } else {
            used_tubes.insert(item.tube);
            covered.insert(item.competence);
            answered_competences.push(item.competence);
        }
    }
    let recent: HashSet<u32> = answered_competences
        .iter()
        .rev()
        .take(config.competence_spacing)
        .copied()
        .collect();
    let mut out = Exclusions::default();
    for (i, item) in items.iter().enumerate() {
        if used_items.contains(&i) {
            out.asked += 1;
        } else if item.tube != NO_GROUP && alert_tubes.contains(&item.tube) {
            out.validated_alert += 1;
        } else if config.one_per_tube && item.tube != NO_GROUP && used_tubes.contains(&item.tube) {
            out.tube_used += 1;
        } else {
            let left_out = match eligibility {
                Some(Eligibility::UncoveredCompetences) => {
                    item.competence == NO_GROUP || covered.contains(&item.competence)
                }
                Some(Eligibility::SpacedCompetences) => {
                    item.competence != NO_GROUP && recent.contains(&item.competence)
                }
                _ => false,
            };
            out.eligibility += usize::from(left_out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certification::course::{AlertReason, Next};
    use crate::irt::IrtConfig;
    use crate::simulation::certification::{BankShape, synthetic_bank};
    use crate::simulation::person_rng;
    use rand::Rng;

    /// Runs a course live like the certification use case does: rebuild from the facts,
    /// ask what `next` says, store the answer.
    fn live_course(
        rules: &CourseRules,
        bank: &ItemBank,
        seed: u64,
        capacity: f64,
        alert_on: Option<usize>,
    ) -> (Vec<AskedQuestion>, Vec<RecordedAnswer>, Vec<AlertFact>) {
        let mut rng = person_rng(seed, 3);
        let (mut asked, mut answers, mut alerts) = (Vec::new(), Vec::new(), Vec::new());
        loop {
            let course = Course::replay(rules, bank, seed, &asked, &answers, &alerts);
            let (item, challenge_id) = match course.next() {
                Next::Ask { item, challenge_id } => (item, challenge_id),
                Next::Current(_) => unreachable!("every question is answered at once"),
                Next::Finished => break,
            };
            let t = asked.len() as i64;
            asked.push(AskedQuestion {
                challenge_id: challenge_id.clone(),
                skill_id: format!("skill-{item}"),
                asked_at_ms: t,
                deadline_ms: None,
            });
            if alert_on == Some(asked.len()) {
                alerts.push(AlertFact {
                    challenge_id,
                    state: AlertState::Validated(AlertReason::Other),
                });
                continue;
            }
            let p = bank.items()[item].params.probability(capacity);
            let status = if rng.random::<f64>() < p {
                AnswerStatus::Ok
            } else {
                AnswerStatus::Ko
            };
            answers.push(RecordedAnswer {
                challenge_id,
                status,
                answered_at_ms: t,
            });
        }
        (asked, answers, alerts)
    }

    fn replay_equals_the_live_run(version: &str) {
        let bank = synthetic_bank(BankShape::CERTIFICATION, 4);
        let irt = IrtConfig::by_version(version).unwrap();
        let rules = CourseRules {
            length: irt.test_length,
            min_answers: irt.min_answers,
            irt,
            ..CourseRules::standard()
        };
        for k in 0..6u64 {
            let capacity = -2.0 + f64::from(k as u32) * 0.8;
            let alert = (k % 2 == 1).then_some(5);
            let (asked, answers, alerts) = live_course(&rules, &bank, k, capacity, alert);
            let replay = CourseReplay::of(&CourseInput {
                rules: &rules,
                bank: &bank,
                seed: k,
                asked: &asked,
                answers: &answers,
                alerts: &alerts,
            });
            assert_eq!(replay.steps.len(), asked.len());
            assert_eq!(replay.divergences(), 0, "{version} candidate {k}");
            for (step, q) in replay.steps.iter().zip(&asked) {
                assert_eq!(step.asked, q.challenge_id);
                let chosen: Vec<_> = step.candidates.iter().filter(|c| c.chosen).collect();
                assert_eq!(chosen.len(), 1);
                assert_eq!(chosen[0].challenge, q.challenge_id);
                assert!(step.rule.is_some() && step.eligibility.is_some());
            }
            let full = Course::replay(&rules, &bank, k, &asked, &answers, &alerts);
            assert_eq!(replay.steps.last().unwrap().after, full.estimate());
            assert_eq!(replay.steps[0].excluded.asked, 0);
            assert_eq!(replay.steps[1].excluded.asked, 1);
            if alert.is_some() {
                assert_eq!(replay.steps[4].outcome, CourseOutcome::Neutralised);
                assert_eq!(replay.steps[4].before, replay.steps[4].after);
                assert!(replay.steps[5].excluded.validated_alert > 0);
            }
        }
    }

    #[test]
    fn a_replay_reproduces_every_question_of_simulated_v3_courses() {
        replay_equals_the_live_run("v3-2024");
    }

    #[test]
    fn a_replay_reproduces_every_question_of_simulated_v4_courses() {
        replay_equals_the_live_run("v4-2026-ec");
    }

    #[test]
    fn a_question_the_selection_would_not_pick_is_reported_as_a_divergence() {
        let bank = synthetic_bank(BankShape::CERTIFICATION, 4);
        let rules = CourseRules::standard();
        let (mut asked, mut answers, alerts) = live_course(&rules, &bank, 9, 0.5, None);
        let other = bank
            .items()
            .iter()
            .map(|i| i.id.clone())
            .find(|id| !asked.iter().any(|q| q.challenge_id == *id))
            .unwrap();
        asked[3].challenge_id = other.clone();
        answers[3].challenge_id = other.clone();
        let replay = CourseReplay::of(&CourseInput {
            rules: &rules,
            bank: &bank,
            seed: 9,
            asked: &asked,
            answers: &answers,
            alerts: &alerts,
        });
        assert_eq!(replay.steps[2].divergence, None);
        assert!(matches!(
            replay.steps[3].divergence,
            Some(Divergence::OtherQuestion { .. })
        ));
        assert_eq!(replay.steps[3].asked, other);
    }
}
