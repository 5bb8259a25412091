//! The replay of one positioning test (competence evaluation or campaign test).
//!
//! The engine ([`next_challenge`]) is run again before each stored answer, on the knowledge
//! the learner had then: the elements written elsewhere before that answer (other tests,
//! resets), and the elements this test's earlier answers write, recomputed by
//! [`knowledge_elements_for`]. Its decision is compared with the challenge the test asked; the
//! stored answer is then applied to the challenge asked (never to the recomputed one), so a
//! divergence does not cascade into invented answers.

use serde::Serialize;

use crate::answer::AnswerStatus;
use crate::positioning::engine::estimate_level;
use crate::positioning::knowledge::skill_states;
use crate::positioning::{
    Attempt, Decision, Explanation, KeStatus, KnowledgeElement, PositioningIndex, Situation,
    Target, Timestamp, knowledge_elements_for, next_challenge,
};
use crate::replay::Divergence;

/// One stored answer of the test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// The challenge answered (the one the test asked).
    pub challenge: String,
    /// Its status.
    pub status: AnswerStatus,
    /// When it was stored (unix seconds).
    pub at: Timestamp,
}

/// A knowledge element the test did not write from its own answers (another test, a reset),
/// placed among the test's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorElement {
    /// How many of the test's answers were stored before it: it is known from the decision
    /// of question `before_answer + 1` on.
    pub before_answer: usize,
    /// The element.
    pub element: KnowledgeElement,
}

/// What the replay of a positioning test starts from.
#[derive(Debug, Clone, Copy)]
pub struct PositioningInput<'a> {
    /// The skills the test may ask.
    pub target: &'a Target,
    /// Fresh, or improving (old failures askable again).
    pub attempt: Attempt,
    /// The test's locale.
    pub locale: &'a str,
    /// The test's seed.
    pub seed: u64,
    /// The learner's other knowledge elements, in the order they were written.
    pub prior: &'a [PriorElement],
    /// The test's answers, in order.
    pub answers: &'a [StoredAnswer],
}

/// One question of the test, recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositioningStep {
    /// Its number, from 1.
    pub number: usize,
    /// The pix earned on the test's skills before it.
    pub pix_before: f64,
    /// The engine's decision: phase, estimated level, filters, candidates with their reward,
    /// and the choice with the rule that made it.
    pub explanation: Explanation,
    /// The challenge the test asked.
    pub asked: String,
    /// Its skill, when the release knows the challenge.
    pub skill: Option<String>,
    /// How the recomputed choice differs from the question asked, if it does.
    pub divergence: Option<Divergence>,
    /// The answer's status.
    pub status: AnswerStatus,
    /// Skills the answer validated (its own first, then the easier ones of its tube).
    pub validated: Vec<String>,
    /// Skills the answer invalidated (its own first, then the harder ones of its tube).
    pub invalidated: Vec<String>,
    /// The engine's level estimate after the answer.
    pub estimate_after: f64,
    /// The pix earned on the test's skills after it.
    pub pix_after: f64,
}

/// A positioning test, recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositioningReplay {
    /// One step per stored answer, in order.
    pub steps: Vec<PositioningStep>,
    /// Whether the engine, after the last answer, asks nothing more (the test is over).
    pub completed: bool,
}

impl PositioningReplay {
    /// How many steps diverge from what the test asked.
    pub fn divergences(&self) -> usize {
        self.steps.iter().filter(|s| s.divergence.is_some()).count()
    }
}

/// Replays a positioning test from its stored answers.
pub fn replay_positioning(
    index: &PositioningIndex,
    input: &PositioningInput<'_>,
) -> PositioningReplay {
    let mut knowledge: Vec<KnowledgeElement> = Vec::new();
    let mut prior = input.prior.iter().peekable();
    let mut statuses: Vec<AnswerStatus> = Vec::with_capacity(input.answers.len());
    let mut steps = Vec::with_capacity(input.answers.len());
    let pix = |knowledge: &[KnowledgeElement]| pix_on_target(index, input.target, knowledge);
    for (n, answer) in input.answers.iter().enumerate() {
        while let Some(p) = prior.next_if(|p| p.before_answer <= n) {
            knowledge.push(p.element.clone());
        }
        let decision = next_challenge(
            index,
            &Situation {
                target: input.target,
                knowledge: &knowledge,
                attempt: input.attempt,
                answers: &statuses,
                locale: input.locale,
                seed: input.seed,
            },
        );
        let known = index.skill_of_challenge(&answer.challenge);
        let divergence = match (&decision, known) {
            (_, None) => Some(Divergence::UnknownQuestion),
            (Decision::Completed(_), _) => Some(Divergence::EndedBefore),
            (Decision::Next(next), _) if *next.challenge != *answer.challenge => {
                Some(Divergence::OtherQuestion {
                    replayed: next.challenge.to_string(),
                })
            }
            (Decision::Next(_), _) => None,
        };
        let pix_before = pix(&knowledge);
        let written = knowledge_elements_for(
            index,
            input.target,
            &knowledge,
            input.attempt,
            &answer.challenge,
            answer.status,
            answer.at,
        )
        .unwrap_or_default();
        let (validated, invalidated) = split(&written);
        knowledge.extend(written);
        statuses.push(answer.status);
        let states = skill_states(index, &knowledge, input.attempt);
        steps.push(PositioningStep {
            number: n + 1,
            pix_before,
            explanation: decision.explanation().clone(),
            asked: answer.challenge.clone(),
            skill: known.map(|s| index.skill_name(s).to_string()),
            divergence,
            status: answer.status,
            validated,
            invalidated,
            estimate_after: estimate_level(index, input.target, &states),
            pix_after: pix(&knowledge),
        });
    }
    for p in prior {
        knowledge.push(p.element.clone());
    }
    let last = next_challenge(
        index,
        &Situation {
            target: input.target,
            knowledge: &knowledge,
            attempt: input.attempt,
            answers: &statuses,
            locale: input.locale,
            seed: input.seed,
        },
    );
    PositioningReplay {
        steps,
        completed: matches!(last, Decision::Completed(_)),
    }
}

/// The skills an answer's elements validated and invalidated.
fn split(written: &[KnowledgeElement]) -> (Vec<String>, Vec<String>) {
    let pick = |status| {
        written
            .iter()
            .filter(|ke| ke.status == status)
            .map(|ke| ke.skill.clone())
            .collect()
    };
    (pick(KeStatus::Validated), pick(KeStatus::Invalidated))
}

/// The pix of the latest element of each target skill.
fn pix_on_target(index: &PositioningIndex, target: &Target, knowledge: &[KnowledgeElement]) -> f64 {
    let mut latest: Vec<Option<&KnowledgeElement>> = vec![None; index.skill_count()];
    for ke in knowledge {
        if let Some(s) = index.skill(&ke.skill)
            && target.contains(s)
        {
            latest[s.at()] = Some(ke);
        }
    }
    latest
        .into_iter()
        .flatten()
        .filter(|ke| ke.status == KeStatus::Validated)
        .map(|ke| ke.earned_pix)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulation::framework::{FrameworkShape, synthetic_framework};
    use crate::simulation::person_rng;
    use crate::simulation::positioning::Learner;
    use rand::Rng;

    /// Runs the engine live like the evaluation use case does, storing the answers.
    fn live_run(
        index: &PositioningIndex,
        framework: &crate::framework::Framework,
        target: &Target,
        learner: &Learner,
        seed: u64,
        rng: &mut impl Rng,
    ) -> Vec<StoredAnswer> {
        let mut knowledge = Vec::new();
        let mut statuses = Vec::new();
        let mut answers = Vec::new();
        while let Decision::Next(next) = next_challenge(
            index,
            &Situation {
                target,
                knowledge: &knowledge,
                attempt: Attempt::Fresh,
                answers: &statuses,
                locale: "fr",
                seed,
            },
        ) {
            let p = if learner.masters(framework, &next.skill) {
                0.9
            } else {
                0.2
            };
            let status = if rng.random::<f64>() < p {
                AnswerStatus::Ok
            } else if rng.random::<f64>() < 0.2 {
                AnswerStatus::Timedout
            } else {
                AnswerStatus::Ko
            };
            let at = statuses.len() as i64;
            knowledge.extend(
                knowledge_elements_for(
                    index,
                    target,
                    &knowledge,
                    Attempt::Fresh,
                    &next.challenge,
                    status,
                    at,
                )
                .unwrap(),
            );
            statuses.push(status);
            answers.push(StoredAnswer {
                challenge: next.challenge.to_string(),
                status,
                at,
            });
        }
        answers
    }

    #[test]
    fn a_replay_reproduces_every_question_of_simulated_evaluations() {
        let f = synthetic_framework(FrameworkShape {
            competences: 2,
            ..FrameworkShape::FULL
        });
        let index = PositioningIndex::new(&f);
        let target = index.competence_target("1.1").unwrap();
        for k in 0..30 {
            let mut rng = person_rng(11, k);
            let learner = Learner::draw(&f, &mut rng);
            let answers = live_run(&index, &f, &target, &learner, k, &mut rng);
            let replay = replay_positioning(
                &index,
                &PositioningInput {
                    target: &target,
                    attempt: Attempt::Fresh,
                    locale: "fr",
                    seed: k,
                    prior: &[],
                    answers: &answers,
                },
            );
            assert_eq!(replay.steps.len(), answers.len());
            assert_eq!(replay.divergences(), 0, "learner {k}");
            assert!(replay.completed);
            for (step, answer) in replay.steps.iter().zip(&answers) {
                let choice = step.explanation.choice.as_ref().unwrap();
                assert_eq!(*choice.challenge, *answer.challenge);
                assert_eq!(step.asked, answer.challenge);
                if answer.status.is_ok() {
                    assert_eq!(step.validated.first(), step.skill.as_ref());
                } else {
                    assert_eq!(step.invalidated.first(), step.skill.as_ref());
                }
                assert!(step.pix_after >= step.pix_before || !answer.status.is_ok());
            }
            assert!(replay.steps[0].explanation.estimated_level.is_none());
            if let Some(second) = replay.steps.get(1) {
                assert!(second.explanation.estimated_level.is_some());
                assert!(
                    second
                        .explanation
                        .candidates
                        .iter()
                        .all(|c| c.reward.is_some())
                );
            }
        }
    }

    #[test]
    fn a_question_the_engine_would_not_ask_is_reported_as_a_divergence() {
        let f = synthetic_framework(FrameworkShape {
            competences: 2,
            ..FrameworkShape::FULL
        });
        let index = PositioningIndex::new(&f);
        let target = index.competence_target("1.1").unwrap();
        let mut rng = person_rng(5, 1);
        let learner = Learner::draw(&f, &mut rng);
        let mut answers = live_run(&index, &f, &target, &learner, 7, &mut rng);
        let other = answers[2..]
            .iter()
            .map(|a| a.challenge.clone())
            .find(|c| *c != answers[1].challenge)
            .unwrap();
        answers[1].challenge = other.clone();
        answers.push(StoredAnswer {
            challenge: "no-such-challenge".into(),
            status: AnswerStatus::Ok,
            at: 99,
        });
        let replay = replay_positioning(
            &index,
            &PositioningInput {
                target: &target,
                attempt: Attempt::Fresh,
                locale: "fr",
                seed: 7,
                prior: &[],
                answers: &answers,
            },
        );
        assert_eq!(replay.steps[0].divergence, None);
        assert!(matches!(
            &replay.steps[1].divergence,
            Some(Divergence::OtherQuestion { replayed }) if *replayed != other
        ));
        assert_eq!(replay.steps[1].asked, other, "the asked question is kept");
        assert_eq!(
            replay.steps.last().unwrap().divergence,
            Some(Divergence::UnknownQuestion)
        );
    }

    #[test]
    fn elements_written_elsewhere_before_the_test_are_known_to_its_first_decision() {
        let f = synthetic_framework(FrameworkShape {
            competences: 2,
            ..FrameworkShape::FULL
        });
        let index = PositioningIndex::new(&f);
        let target = index.competence_target("1.1").unwrap();
        // Every target skill already assessed elsewhere: nothing is left to ask.
        let prior: Vec<PriorElement> = target
            .skills
            .iter()
            .map(|&s| PriorElement {
                before_answer: 0,
                element: KnowledgeElement {
                    skill: index.skill_name(s).to_string(),
                    status: KeStatus::Validated,
                    source: crate::positioning::KeSource::Direct,
                    earned_pix: index.skill_pix(s),
                    created_at: 0,
                },
            })
            .collect();
        let replay = replay_positioning(
            &index,
            &PositioningInput {
                target: &target,
                attempt: Attempt::Fresh,
                locale: "fr",
                seed: 1,
                prior: &prior,
                answers: &[],
            },
        );
        assert!(replay.steps.is_empty());
        assert!(replay.completed);
    }
}
