//! Simulated learners with a known true level per tube taking competence evaluations.

use rand::Rng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::answer::AnswerStatus;
use crate::framework::Framework;
use crate::positioning::{
    Attempt, Decision, KnowledgeElement, PositioningIndex, Situation, knowledge_elements_for,
    next_challenge,
};
use crate::scoring::{competence_scores, level_of};

/// How a simulated learner answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnswerModel {
    /// Probability of failing a skill the learner masters.
    pub slip: f64,
    /// Probability of succeeding on a skill the learner does not master.
    pub guess: f64,
}

/// A simulated learner: the highest level mastered in each tube (framework tube order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Learner {
    /// True level per tube, 0 for none.
    pub tube_levels: Vec<u8>,
}

impl Learner {
    /// A learner of overall level drawn uniformly in [0, 7) whose tubes scatter around it.
    pub fn draw(framework: &Framework, rng: &mut impl Rng) -> Self {
        let overall: f64 = rng.random_range(0.0..7.0);
        // A fixed, valid standard deviation: the constructor cannot fail.
        let scatter = Normal::new(0.0, 0.75).expect("valid normal");
        let tube_levels = framework
            .tubes()
            .iter()
            .map(|t| {
                let top = framework
                    .skills_of_tube(&t.id)
                    .map(|s| s.level)
                    .max()
                    .unwrap_or(0);
                let level = (overall + scatter.sample(rng)).round();
                level.clamp(0.0, f64::from(top)) as u8
            })
            .collect();
        Learner { tube_levels }
    }

    /// Whether the learner masters a skill.
    pub fn masters(&self, framework: &Framework, skill: &str) -> bool {
        let Some(s) = framework.skill(skill) else {
            return false;
        };
        framework
            .tubes()
            .iter()
            .position(|t| t.id == s.tube)
            .is_some_and(|t| s.level <= self.tube_levels[t])
    }

    /// The level the learner truly has on `competence`: the level the pix of the mastered
    /// skills give.
    pub fn true_level(&self, framework: &Framework, competence: &str) -> u8 {
        let pix: f64 = framework
            .skills()
            .iter()
            .filter(|s| s.competence == competence && self.masters(framework, &s.id))
            .map(|s| framework.pix_value(&s.id))
            .sum();
        level_of((pix + 1e-9).floor() as u32, framework.max_reachable_level())
    }
}

/// One simulated competence evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationOutcome {
    /// The competence.
    pub competence: String,
    /// The learner's true level.
    pub true_level: u8,
    /// The level the evaluation gave.
    pub final_level: u8,
    /// Questions asked.
    pub questions: usize,
}

/// Runs `learner` through the evaluation of `competence` until the engine stops.
pub fn simulate_evaluation(
    framework: &Framework,
    index: &PositioningIndex,
    competence: &str,
    learner: &Learner,
    model: AnswerModel,
    seed: u64,
    rng: &mut impl Rng,
) -> Option<EvaluationOutcome> {
    let target = index.competence_target(competence)?;
    let mut knowledge: Vec<KnowledgeElement> = Vec::new();
    let mut answers = Vec::new();
    while let Decision::Next(next) = next_challenge(
        index,
        &Situation {
            target: &target,
            knowledge: &knowledge,
            attempt: Attempt::Fresh,
            answers: &answers,
            locale: "fr",
            seed,
        },
    ) {
        let p = if learner.masters(framework, &next.skill) {
            1.0 - model.slip
        } else {
            model.guess
        };
        let status = if rng.random::<f64>() < p {
            AnswerStatus::Ok
        } else {
            AnswerStatus::Ko
        };
        let kes = knowledge_elements_for(
            index,
            &target,
            &knowledge,
            Attempt::Fresh,
            &next.challenge,
            status,
            answers.len() as i64,
        )
        .ok()?;
        knowledge.extend(kes);
        answers.push(status);
    }
    let final_level = competence_scores(framework, &knowledge)
        .into_iter()
        .find(|s| s.competence == competence)
        .map_or(0, |s| s.level);
    Some(EvaluationOutcome {
        competence: competence.to_string(),
        true_level: learner.true_level(framework, competence),
        final_level,
        questions: answers.len(),
    })
}

/// The accuracy of many evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PositioningAccuracy {
    /// Evaluations.
    pub evaluations: usize,
    /// Share whose final level equals the true one.
    pub exact: f64,
    /// Mean absolute level error.
    pub mean_absolute_error: f64,
    /// Mean number of questions.
    pub mean_questions: f64,
}

/// Sums up evaluations.
pub fn positioning_accuracy(outcomes: &[EvaluationOutcome]) -> PositioningAccuracy {
    let n = outcomes.len().max(1) as f64;
    let exact = outcomes
        .iter()
        .filter(|o| o.final_level == o.true_level)
        .count();
    let mae: f64 = outcomes
        .iter()
        .map(|o| f64::from(o.final_level.abs_diff(o.true_level)))
        .sum();
    let questions: usize = outcomes.iter().map(|o| o.questions).sum();
    PositioningAccuracy {
        evaluations: outcomes.len(),
        exact: exact as f64 / n,
        mean_absolute_error: mae / n,
        mean_questions: questions as f64 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulation::framework::{FrameworkShape, synthetic_framework};
    use crate::simulation::person_rng;

    #[test]
    fn a_learner_who_never_slips_nor_guesses_gets_a_level_close_to_the_true_one() {
        let f = synthetic_framework(FrameworkShape {
            competences: 2,
            ..FrameworkShape::FULL
        });
        let index = PositioningIndex::new(&f);
        let model = AnswerModel {
            slip: 0.0,
            guess: 0.0,
        };
        let mut outcomes = Vec::new();
        for k in 0..40 {
            let mut rng = person_rng(3, k);
            let learner = Learner::draw(&f, &mut rng);
            for c in ["1.1", "2.1"] {
                outcomes.push(
                    simulate_evaluation(&f, &index, c, &learner, model, k, &mut rng).unwrap(),
                );
            }
        }
        let acc = positioning_accuracy(&outcomes);
        assert!(acc.mean_absolute_error < 1.0, "{acc:?}");
        assert!(
            acc.mean_questions > 3.0 && acc.mean_questions < 60.0,
            "{acc:?}"
        );
        assert!(
            outcomes.iter().all(|o| o.final_level <= o.true_level),
            "no guess, no slip: never above"
        );
    }
}
