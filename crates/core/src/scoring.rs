//! Scoring of a learner's profile: pix and level per competence, global score, scorecards and
//! certification eligibility.
//!
//! A competence's pix is the floor of the pix earned by its validated skills (the latest
//! knowledge element of each skill counts); its level is `floor(pix / 8)`, never above the
//! framework's max reachable level. Pure functions of the elements and of the dates passed in.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::framework::Framework;
use crate::positioning::knowledge::{KeStatus, KnowledgeElement};
use crate::positioning::rules::{IMPROVE_DELAY, RESET_DELAY, Timestamp, remaining_days};

/// Pix per level.
pub const PIX_PER_LEVEL: u32 = 8;

/// Competences at level 1 or more a learner needs to be certifiable.
pub const CERTIFIABLE_COMPETENCES: usize = crate::certification::eligibility::MIN_COMPETENCES;

/// A competence's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetenceScore {
    /// The competence's code.
    pub competence: String,
    /// Floor of the earned pix.
    pub pix: u32,
    /// `min(floor(pix / 8), max reachable level)`.
    pub level: u8,
}

/// The level of `pix` pix, capped at `max_reachable`.
pub fn level_of(pix: u32, max_reachable: u8) -> u8 {
    u8::try_from(pix / PIX_PER_LEVEL)
        .unwrap_or(u8::MAX)
        .min(max_reachable)
}

/// The latest element of each skill, from elements in writing order.
fn latest(elements: &[KnowledgeElement]) -> HashMap<&str, &KnowledgeElement> {
    let mut map = HashMap::with_capacity(elements.len());
    for ke in elements {
        map.insert(ke.skill.as_str(), ke);
    }
    map
}

/// The score of every competence of the framework, in framework order, from the learner's
/// elements (in writing order). Elements on skills unknown to the framework are ignored.
pub fn competence_scores(
    framework: &Framework,
    elements: &[KnowledgeElement],
) -> Vec<CompetenceScore> {
    let mut earned: HashMap<&str, f64> = HashMap::new();
    for ke in latest(elements).values() {
        if ke.status != KeStatus::Validated {
            continue;
        }
        if let Some(skill) = framework.skill(&ke.skill) {
            *earned.entry(skill.competence.as_str()).or_default() += ke.earned_pix;
        }
    }
    framework
        .competences()
        .iter()
        .map(|c| {
            // Earned pix are small non-negative sums (at most a few dozens): the cast is exact
            // after the floor. A tiny epsilon absorbs sums like 3 × (8/3) = 7.999….
            let total = earned.get(c.code.as_str()).copied().unwrap_or(0.0);
            let pix = (total + 1e-9).floor().max(0.0) as u32;
            CompetenceScore {
                competence: c.code.clone(),
                pix,
                level: level_of(pix, framework.max_reachable_level()),
            }
        })
        .collect()
}

/// The global score: the sum of the competences' pix.
pub fn global_score(scores: &[CompetenceScore]) -> u32 {
    scores.iter().map(|s| s.pix).sum()
}

/// Whether a learner may take the certification, and how far they are when not: the rule of
/// [`crate::certification::eligibility`] on the competences' levels.
pub fn certification_eligibility(
    scores: &[CompetenceScore],
) -> crate::certification::eligibility::Eligibility {
    crate::certification::eligibility::eligibility(scores.iter().map(|s| s.level))
}

/// Whether a learner may take the certification: at least 5 competences at level 1 or more.
pub fn is_certifiable(scores: &[CompetenceScore]) -> bool {
    certification_eligibility(scores).is_eligible()
}

/// The learner's competence evaluation on one competence, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluation {
    /// Never started.
    None,
    /// Started, not finished.
    Started,
    /// Finished.
    Completed,
    /// Reset by the learner.
    Reset,
}

/// Where a learner stands on a competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorecardStatus {
    /// Nothing known.
    NotStarted,
    /// An evaluation runs, or something is known from elsewhere (a campaign).
    Started,
    /// The evaluation is over.
    Completed,
}

/// A learner's card for one competence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Pix and level.
    pub score: CompetenceScore,
    /// Not started, started or completed.
    pub status: ScorecardStatus,
    /// When the latest element on the competence was written.
    pub last_activity: Option<Timestamp>,
    /// Whole days before a reset is possible (0: possible now).
    pub remaining_days_before_reset: u32,
    /// Whole days before improving is possible (0: possible now).
    pub remaining_days_before_improving: u32,
}

/// The scorecard of `competence` at `now`, from the learner's elements on that competence (in
/// writing order) and the state of its evaluation; `None` if the competence is unknown.
pub fn scorecard(
    framework: &Framework,
    competence: &str,
    elements: &[KnowledgeElement],
    evaluation: Evaluation,
    now: Timestamp,
) -> Option<Scorecard> {
    framework.competence(competence)?;
    let mine: Vec<KnowledgeElement> = elements
        .iter()
        .filter(|ke| {
            framework
                .skill(&ke.skill)
                .is_some_and(|s| s.competence == competence)
        })
        .cloned()
        .collect();
    let score = competence_scores(framework, &mine)
        .into_iter()
        .find(|s| s.competence == competence)?;
    let known = latest(&mine)
        .values()
        .any(|ke| ke.status != KeStatus::Reset);
    // A reset after the last evaluation wipes it: the competence can be started again at once.
    let wiped = !known && !mine.is_empty();
    let status = match evaluation {
        Evaluation::Started => ScorecardStatus::Started,
        Evaluation::Completed if wiped => ScorecardStatus::NotStarted,
        Evaluation::Completed => ScorecardStatus::Completed,
        Evaluation::None | Evaluation::Reset if known => ScorecardStatus::Started,
        Evaluation::None | Evaluation::Reset => ScorecardStatus::NotStarted,
    };
    let last_activity = mine.iter().map(|ke| ke.created_at).max();
    let left = |delay| last_activity.map_or(0, |at| remaining_days(delay, at, now));
    Some(Scorecard {
        score,
        status,
        last_activity,
        remaining_days_before_reset: left(RESET_DELAY),
        remaining_days_before_improving: left(IMPROVE_DELAY),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positioning::knowledge::KeSource;
    use crate::positioning::rules::DAY;
    use crate::simulation::framework::{FrameworkShape, synthetic_framework};

    const T0: Timestamp = 1_700_000_000;

    fn ke(skill: &str, status: KeStatus, pix: f64) -> KnowledgeElement {
        KnowledgeElement {
            skill: skill.into(),
            status,
            source: KeSource::Direct,
            earned_pix: pix,
            created_at: T0,
        }
    }

    fn full() -> Framework {
        synthetic_framework(FrameworkShape::FULL)
    }

    /// Validates the skills of competence `c` (synthetic numbering) up to `level`.
    fn validated_up_to(f: &Framework, c: usize, level: u8) -> Vec<KnowledgeElement> {
        f.skills()
            .iter()
            .filter(|s| s.tube.starts_with(&format!("@c{c}t")) && s.level <= level)
            .map(|s| ke(&s.id, KeStatus::Validated, f.pix_value(&s.id)))
            .collect()
    }

    #[test]
    fn competence_pix_is_the_floor_of_the_earned_pix() {
        let f = full();
        let kes = [
            ke("@c0t01", KeStatus::Validated, 0.8),
            ke("@c0t02", KeStatus::Validated, 0.8),
            ke("@c0t11", KeStatus::Validated, 0.8),
            ke("@c0t12", KeStatus::Invalidated, 0.0),
        ];
        let scores = competence_scores(&f, &kes);
        assert_eq!(scores[0].competence, "1.1");
        assert_eq!(scores[0].pix, 2, "floor(2.4)");
        assert_eq!(scores[0].level, 0);
        assert!(scores[1..].iter().all(|s| s.pix == 0));
    }

    #[test]
    fn the_latest_element_of_a_skill_counts() {
        let f = full();
        let kes = [
            ke("@c0t01", KeStatus::Validated, 4.0),
            ke("@c0t01", KeStatus::Reset, 0.0),
        ];
        assert_eq!(competence_scores(&f, &kes)[0].pix, 0);
    }

    #[test]
    fn a_level_is_eight_pix_and_never_above_the_max_reachable_level() {
        assert_eq!(level_of(7, 6), 0);
        assert_eq!(level_of(8, 6), 1);
        assert_eq!(level_of(47, 6), 5);
        assert_eq!(level_of(64, 6), 6);
        assert_eq!(level_of(64, 8), 8);
        // A full competence: 10 tubes at levels 1..3 and 8 tubes at 4..6 give 8 pix per level.
        let f = full();
        let s = &competence_scores(&f, &validated_up_to(&f, 0, 6))[0];
        assert_eq!((s.pix, s.level), (48, 6));
    }

    #[test]
    fn the_global_score_sums_the_competences() {
        let f = full();
        let mut kes = validated_up_to(&f, 0, 2);
        kes.extend(validated_up_to(&f, 1, 1));
        let scores = competence_scores(&f, &kes);
        assert_eq!(global_score(&scores), 16 + 8);
    }

    #[test]
    fn certification_needs_five_competences_at_level_one() {
        let f = full();
        let mut kes = Vec::new();
        for c in 0..4 {
            kes.extend(validated_up_to(&f, c, 1));
        }
        assert!(!is_certifiable(&competence_scores(&f, &kes)));
        kes.extend(validated_up_to(&f, 4, 1));
        assert!(is_certifiable(&competence_scores(&f, &kes)));
    }

    #[test]
    fn a_scorecard_tells_its_status_and_delays() {
        let f = full();
        let kes = validated_up_to(&f, 0, 1);
        let card = |evaluation, kes: &[KnowledgeElement], now| {
            scorecard(&f, "1.1", kes, evaluation, now).unwrap()
        };
        let empty = card(Evaluation::None, &[], T0);
        assert_eq!(empty.status, ScorecardStatus::NotStarted);
        assert_eq!(empty.remaining_days_before_reset, 0);
        assert_eq!(
            card(Evaluation::None, &kes, T0).status,
            ScorecardStatus::Started
        );
        assert_eq!(
            card(Evaluation::Started, &kes, T0).status,
            ScorecardStatus::Started
        );
        let done = card(Evaluation::Completed, &kes, T0 + 2 * DAY);
        assert_eq!(done.status, ScorecardStatus::Completed);
        assert_eq!(done.score.level, 1);
        assert_eq!(done.remaining_days_before_reset, 5);
        assert_eq!(done.remaining_days_before_improving, 2);
        let reset = crate::positioning::rules::reset_elements(&kes, T0 + 8 * DAY);
        let mut after = kes.clone();
        after.extend(reset);
        let card = card(Evaluation::Reset, &after, T0 + 8 * DAY);
        assert_eq!(card.status, ScorecardStatus::NotStarted);
        assert_eq!(card.score.pix, 0);
        assert_eq!(card.remaining_days_before_reset, 7);
        assert!(scorecard(&f, "9.9", &[], Evaluation::None, T0).is_none());
    }

    #[test]
    fn a_completed_evaluation_reset_afterwards_can_be_started_again_at_once() {
        let f = full();
        let mut kes = validated_up_to(&f, 0, 2);
        let reset = crate::positioning::rules::reset_elements(&kes, T0 + 8 * DAY);
        kes.extend(reset);
        let card = scorecard(&f, "1.1", &kes, Evaluation::Completed, T0 + 8 * DAY).unwrap();
        assert_eq!(card.status, ScorecardStatus::NotStarted);
        assert_eq!((card.score.level, card.score.pix), (0, 0));
    }
}
