//! The choice of the next challenge, and its explanation.
//!
//! The first challenge goes to an easy tube (highest target level <= 3), untimed, at level 2
//! (else the lowest level present). Afterwards the engine estimates the level `L` that best
//! balances the direct answers, drops skills more than 2 levels above it, keeps easy tubes
//! first, avoids timed challenges right after a timeout, and keeps the skills of best reward
//! `p·(untested at or below) + (1 − p)·(untested at or above)` in their tube, `p = σ(L − level)`.
//! Ties are broken by the assessment's seed, so a decision can always be replayed. The test is
//! over when no skill remains.

use std::sync::Arc;

use serde::Serialize;

use crate::answer::AnswerStatus;
use crate::positioning::index::{PositioningIndex, SkillId, Target};
use crate::positioning::knowledge::{Attempt, KnowledgeElement, SkillState, skill_states};

/// Everything the engine looks at to choose the next challenge.
#[derive(Debug, Clone, Copy)]
pub struct Situation<'a> {
    /// The skills the assessment may ask.
    pub target: &'a Target,
    /// The learner's knowledge elements, in the order they were written.
    pub knowledge: &'a [KnowledgeElement],
    /// Whether old failures are askable again.
    pub attempt: Attempt,
    /// The statuses of this assessment's answers so far, in order.
    pub answers: &'a [AnswerStatus],
    /// The learner's locale: only challenges served in it are chosen.
    pub locale: &'a str,
    /// The assessment's seed: the same situation and seed always give the same decision.
    pub seed: u64,
}

/// The outcome of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
    /// Ask this challenge next.
    Next(NextChallenge),
    /// No skill remains: the assessment is over.
    Completed(Explanation),
}

impl Decision {
    /// Why the engine decided so.
    pub fn explanation(&self) -> &Explanation {
        match self {
            Decision::Next(next) => &next.explanation,
            Decision::Completed(explanation) => explanation,
        }
    }
}

/// The challenge to ask next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextChallenge {
    /// The challenge's id.
    pub challenge: Arc<str>,
    /// The skill it assesses.
    pub skill: Arc<str>,
    /// Why.
    pub explanation: Explanation,
}

/// Which rule set the decision followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// No answer yet in this assessment.
    FirstChallenge,
    /// Level estimate and reward.
    Adaptive,
}

/// A step that narrows the candidate skills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// Untested target skills with a servable challenge in the learner's locale.
    Playable,
    /// Skills more than 2 levels above the estimate are dropped.
    TooDifficult,
    /// Skills of easy tubes (highest level <= 3) first.
    EasyTubesFirst,
    /// Skills with an untimed challenge first (first challenge).
    UntimedFirst,
    /// No timed challenge right after a timeout.
    UntimedAfterTimeout,
    /// Level 2, else the lowest level present (first challenge).
    StartingLevel,
    /// The skills of best reward.
    BestReward,
}

/// What one filter did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FilterOutcome {
    /// The filter.
    pub filter: Filter,
    /// Candidates left after it.
    pub remaining: usize,
    /// A preference that no candidate met, so it kept them all.
    pub relaxed: bool,
}

/// A skill that was still a candidate when rewards were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The skill's id.
    pub skill: Arc<str>,
    /// Its tube's id.
    pub tube: Arc<str>,
    /// Its level.
    pub level: u8,
    /// Its reward (adaptive phase only).
    pub reward: Option<f64>,
}

/// Why the chosen skill was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reason {
    /// The first-challenge rule: easy tube, untimed, this starting level.
    FirstChallenge {
        /// Level 2, or the lowest level present.
        level: u8,
    },
    /// The best reward.
    BestReward {
        /// Its value.
        reward: f64,
    },
}

/// The chosen skill and challenge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// The skill.
    pub skill: Arc<str>,
    /// The challenge.
    pub challenge: Arc<str>,
    /// Why this skill.
    pub reason: Reason,
    /// How many skills were tied with it (the seed picked among them).
    pub tied: usize,
    /// How many challenges of the skill could be served (the seed picked among them).
    pub challenges: usize,
}

/// The data an administrator sees to understand a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// First challenge or adaptive.
    pub phase: Phase,
    /// The estimated level `L` (adaptive phase only).
    pub estimated_level: Option<f64>,
    /// The filters in the order they ran.
    pub filters: Vec<FilterOutcome>,
    /// The skills left before the final choice.
    pub candidates: Vec<Candidate>,
    /// The choice, unless the assessment is over.
    pub choice: Option<Choice>,
}

#[derive(Clone, Copy)]
struct Cand {
    skill: SkillId,
    level: u8,
    tube: u32,
    has_untimed: bool,
    reward: f64,
}

/// Chooses the next challenge of an assessment (or ends it), with its explanation.
pub fn next_challenge(index: &PositioningIndex, situation: &Situation<'_>) -> Decision {
    let states = skill_states(index, situation.knowledge, situation.attempt);
    let mask = index.locale_mask(situation.locale);
    let mut cands: Vec<Cand> = situation
        .target
        .skills
        .iter()
        .filter(|s| states[s.at()].is_untested())
        .filter_map(|&s| playable(index, s, mask))
        .collect();
    let mut filters = vec![FilterOutcome {
        filter: Filter::Playable,
        remaining: cands.len(),
        relaxed: false,
    }];
    let after_timeout = situation.answers.last() == Some(&AnswerStatus::Timedout);
    let (phase, estimated_level, untimed_only) = if situation.answers.is_empty() {
        prefer(&mut cands, &mut filters, Filter::EasyTubesFirst, |c| {
            situation.target.is_easy_tube(c.tube)
        });
        let untimed = prefer(&mut cands, &mut filters, Filter::UntimedFirst, |c| {
            c.has_untimed
        });
        keep_starting_level(&mut cands, &mut filters);
        (Phase::FirstChallenge, None, untimed)
    } else {
        let level = estimate_level(index, situation.target, &states);
        cands.retain(|c| f64::from(c.level) <= level + 2.0);
        filters.push(FilterOutcome {
            filter: Filter::TooDifficult,
            remaining: cands.len(),
            relaxed: false,
        });
        prefer(&mut cands, &mut filters, Filter::EasyTubesFirst, |c| {
            situation.target.is_easy_tube(c.tube)
        });
        let untimed = after_timeout
            && prefer(&mut cands, &mut filters, Filter::UntimedAfterTimeout, |c| {
                c.has_untimed
            });
        for c in &mut cands {
            c.reward = reward(index, situation.target, &states, level, c);
        }
        (Phase::Adaptive, Some(level), untimed)
    };
    let candidates = cands
        .iter()
        .map(|c| Candidate {
            skill: index.skill_name(c.skill).clone(),
            tube: index.tubes[c.tube as usize].id.clone(),
            level: c.level,
            reward: estimated_level.map(|_| c.reward),
        })
        .collect();
    if phase == Phase::Adaptive {
        keep_best_reward(&mut cands, &mut filters);
    }
    let mut explanation = Explanation {
        phase,
        estimated_level,
        filters,
        candidates,
        choice: None,
    };
    if cands.is_empty() {
        return Decision::Completed(explanation);
    }
    let step = situation.answers.len() as u64;
    let chosen = cands[pick(situation.seed, step, 0, cands.len())];
    let challenges: Vec<u32> = servable_challenges(index, chosen.skill, mask, untimed_only);
    let challenge = challenges[pick(situation.seed, step, 1, challenges.len())];
    let challenge = index.challenges[challenge as usize].id.clone();
    let skill = index.skill_name(chosen.skill).clone();
    explanation.choice = Some(Choice {
        skill: skill.clone(),
        challenge: challenge.clone(),
        reason: match phase {
            Phase::FirstChallenge => Reason::FirstChallenge {
                level: chosen.level,
            },
            Phase::Adaptive => Reason::BestReward {
                reward: chosen.reward,
            },
        },
        tied: cands.len(),
        challenges: challenges.len(),
    });
    Decision::Next(NextChallenge {
        challenge,
        skill,
        explanation,
    })
}

/// The candidate for `skill` if it has a servable challenge in the locale.
fn playable(index: &PositioningIndex, skill: SkillId, mask: u64) -> Option<Cand> {
    let node = &index.skills[skill.at()];
    let (from, to) = node.challenges;
    let mut any = false;
    let mut has_untimed = false;
    for c in &index.challenges[from as usize..to as usize] {
        if c.locales & mask != 0 {
            any = true;
            has_untimed |= !c.timed;
        }
    }
    any.then_some(Cand {
        skill,
        level: node.level,
        tube: node.tube,
        has_untimed,
        reward: 0.0,
    })
}

/// The skill's challenges served in the locale (untimed ones only if asked), by id.
fn servable_challenges(
    index: &PositioningIndex,
    skill: SkillId,
    mask: u64,
    untimed_only: bool,
) -> Vec<u32> {
    let (from, to) = index.skills[skill.at()].challenges;
    (from..to)
        .filter(|&c| {
            let node = &index.challenges[c as usize];
            node.locales & mask != 0 && !(untimed_only && node.timed)
        })
        .collect()
}

/// Keeps the candidates meeting a preference, or all of them if none does. Returns whether the
/// preference was applied.
fn prefer(
    cands: &mut Vec<Cand>,
    filters: &mut Vec<FilterOutcome>,
    filter: Filter,
    wanted: impl Fn(&Cand) -> bool,
) -> bool {
    let applied = cands.iter().any(&wanted);
    if applied {
        cands.retain(|c| wanted(c));
    }
    filters.push(FilterOutcome {
        filter,
        remaining: cands.len(),
        relaxed: !applied && !cands.is_empty(),
    });
    applied
}

fn keep_starting_level(cands: &mut Vec<Cand>, filters: &mut Vec<FilterOutcome>) {
    let level = if cands.iter().any(|c| c.level == 2) {
        2
    } else {
        cands.iter().map(|c| c.level).min().unwrap_or(0)
    };
    cands.retain(|c| c.level == level);
    filters.push(FilterOutcome {
        filter: Filter::StartingLevel,
        remaining: cands.len(),
        relaxed: false,
    });
}

fn keep_best_reward(cands: &mut Vec<Cand>, filters: &mut Vec<FilterOutcome>) {
    let best = cands.iter().map(|c| c.reward).fold(f64::MIN, f64::max);
    cands.retain(|c| c.reward >= best - 1e-9);
    filters.push(FilterOutcome {
        filter: Filter::BestReward,
        remaining: cands.len(),
        relaxed: false,
    });
}

/// The logistic function.
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The level `L` in {0.5, 1.0, …, 7.5} that maximises `−|Σ(outcome − σ(L − d))|` over the
/// direct answers on target skills plus two virtual ones (d = 0 ok, d = 7 failed); the lowest
/// such level on ties.
pub(crate) fn estimate_level(
    index: &PositioningIndex,
    target: &Target,
    states: &[SkillState],
) -> f64 {
    // Outcomes grouped by level: (oks, answers) for d = 0..=8.
    let mut by_level = [(0.0f64, 0.0f64); 9];
    by_level[0] = (1.0, 1.0);
    by_level[7].1 += 1.0;
    for &s in &target.skills {
        if let SkillState::Known { ok, direct: true } = states[s.at()] {
            let d = usize::from(index.skill_level(s)).min(8);
            by_level[d].0 += f64::from(u8::from(ok));
            by_level[d].1 += 1.0;
        }
    }
    estimate_from_counts(&by_level)
}

/// The level estimate from (oks, answers) per skill level 0..=8.
pub(crate) fn estimate_from_counts(by_level: &[(f64, f64); 9]) -> f64 {
    let mut best = (f64::NEG_INFINITY, 0.5);
    for step in 1..=15 {
        let l = f64::from(step) * 0.5;
        let gap: f64 = by_level
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n > 0.0)
            .map(|(d, (ok, n))| ok - n * sigmoid(l - d as f64))
            .sum();
        if -gap.abs() > best.0 {
            best = (-gap.abs(), l);
        }
    }
    best.1
}

/// `p·(untested target skills of the tube at or below) + (1 − p)·(… at or above)`.
fn reward(
    index: &PositioningIndex,
    target: &Target,
    states: &[SkillState],
    level: f64,
    cand: &Cand,
) -> f64 {
    let (mut below, mut above) = (0.0, 0.0);
    for &s in &index.tubes[cand.tube as usize].skills {
        if target.contains(s) && states[s.at()].is_untested() {
            let l = index.skill_level(s);
            below += f64::from(u8::from(l <= cand.level));
            above += f64::from(u8::from(l >= cand.level));
        }
    }
    let p = sigmoid(level - f64::from(cand.level));
    p * below + (1.0 - p) * above
}

/// A position in `0..len` drawn deterministically from the seed, the step and a salt.
fn pick(seed: u64, step: u64, salt: u64, len: usize) -> usize {
    let mixed = splitmix64(seed ^ splitmix64(step.wrapping_mul(2).wrapping_add(salt)));
    (mixed % len as u64) as usize
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests;
