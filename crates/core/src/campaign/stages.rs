//! Stages (paliers): named steps of a target's mastery shown to the learner and to the
//! organisation.
//!
//! A list of stages is either all percentages or all levels, and always starts with a stage at
//! 0 (every participant reaches at least that one). A level stage `L` stands for the share of
//! target skills at level `L` or below: it is reached when the learner validated at least as
//! many skills as the target has up to `L`. The reached stage is the highest one whose
//! threshold the mastery rate reaches.

use serde::{Deserialize, Serialize};

use crate::campaign::mastery::{Count, Percent};
use crate::campaign::target::TargetSkills;
use crate::framework::MAX_LEVEL;

/// What a stage asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StageThreshold {
    /// A mastery rate of the whole target.
    Percent(Percent),
    /// Every target skill up to this level (0..=8), as a share of the target.
    Level(u8),
}

impl StageThreshold {
    fn order(self) -> u8 {
        match self {
            StageThreshold::Percent(p) => p.get(),
            StageThreshold::Level(l) => l,
        }
    }

    fn is_level(self) -> bool {
        matches!(self, StageThreshold::Level(_))
    }

    /// The threshold as a fraction of the target (numerator, denominator).
    fn fraction(self, target: &TargetSkills) -> (u64, u64) {
        match self {
            StageThreshold::Percent(p) => (u64::from(p.get()), 100),
            StageThreshold::Level(l) => (target.count_up_to(l) as u64, target.len() as u64),
        }
    }
}

/// One stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// What reaching it takes.
    pub threshold: StageThreshold,
    /// The title the learner sees.
    pub title: String,
    /// The message the learner sees.
    pub message: String,
    /// The title the organisation sees (empty: the learner's title).
    #[serde(default)]
    pub prescriber_title: String,
    /// The description the organisation sees.
    #[serde(default)]
    pub prescriber_message: String,
}

impl Stage {
    /// The title the organisation sees.
    pub fn prescriber_title(&self) -> &str {
        if self.prescriber_title.is_empty() {
            &self.title
        } else {
            &self.prescriber_title
        }
    }
}

/// Why a list of stages is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    /// No stage at 0 %, or level 0.
    #[error("the first stage has a threshold of 0")]
    NoFirstStage,
    /// Percentages and levels mixed.
    #[error("stages are all percentages or all levels")]
    MixedKinds,
    /// Two stages with the same threshold.
    #[error("two stages have the threshold {0}")]
    Duplicate(u8),
    /// A level above 8.
    #[error("a stage level is between 0 and {MAX_LEVEL}, not {0}")]
    Level(u8),
    /// A stage without a title.
    #[error("stage {0} has no title")]
    NoTitle(usize),
}

/// A valid list of stages, by increasing threshold, the first one at 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Stage>", into = "Vec<Stage>")]
pub struct Stages(Vec<Stage>);

/// The stage a participant reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReachedStage<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// Its position: 0 for the first stage (so also the number of stars earned).
    pub index: usize,
    /// Number of stages.
    pub count: usize,
}

impl ReachedStage<'_> {
    /// The stage's number as people count: 1 for the first stage, up to [`count`](Self::count)
    /// ("Palier 3 / 3" for the last of three).
    pub fn number(&self) -> usize {
        self.index + 1
    }
}

/// A stage's number from its index (0 for the first): stages are counted from 1 of N.
pub fn stage_number(index: usize) -> usize {
    index + 1
}

/// A stage's index from its number (`None` for 0): the inverse of [`stage_number`].
pub fn stage_index(number: usize) -> Option<usize> {
    number.checked_sub(1)
}

impl Stages {
    /// The rates (0..=1) of the whole target that reach stage `index` and not the next one:
    /// `(from, below)`, `below` being `None` for the last stage. Rates here are exact fractions
    /// made into floats, as stored participations keep their rate; `None` if there is no such
    /// stage.
    pub fn rate_range(&self, target: &TargetSkills, index: usize) -> Option<(f64, Option<f64>)> {
        let rate = |s: &Stage| {
            let (num, den) = s.threshold.fraction(target);
            if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            }
        };
        let from = rate(self.0.get(index)?);
        Some((from, self.0.get(index + 1).map(rate)))
    }

    /// Checks and sorts `stages`: one kind of threshold, unique thresholds, one at 0, levels
    /// within 0..=8, titles not blank.
    pub fn new(mut stages: Vec<Stage>) -> Result<Self, StageError> {
        let Some(first) = stages.first() else {
            return Err(StageError::NoFirstStage);
        };
        let levels = first.threshold.is_level();
        for (i, s) in stages.iter().enumerate() {
            if s.threshold.is_level() != levels {
                return Err(StageError::MixedKinds);
            }
            if let StageThreshold::Level(l) = s.threshold
                && l > MAX_LEVEL
            {
                return Err(StageError::Level(l));
            }
            if s.title.trim().is_empty() {
                return Err(StageError::NoTitle(i + 1));
            }
        }
        stages.sort_by_key(|s| s.threshold.order());
        if let Some(pair) = stages
            .windows(2)
            .find(|w| w[0].threshold.order() == w[1].threshold.order())
        {
            return Err(StageError::Duplicate(pair[0].threshold.order()));
        }
        if stages[0].threshold.order() != 0 {
            return Err(StageError::NoFirstStage);
        }
        Ok(Stages(stages))
    }

    /// The stages, by increasing threshold.
    pub fn as_slice(&self) -> &[Stage] {
        &self.0
    }

    /// Number of stages (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a valid list has its first stage.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stage reached with `overall`, the mastery of the whole `target`: the highest stage
    /// whose threshold it reaches (the first stage at least).
    pub fn reached(&self, target: &TargetSkills, overall: Count) -> ReachedStage<'_> {
        let index = self
            .0
            .iter()
            .rposition(|s| {
                let (num, den) = s.threshold.fraction(target);
                overall.reaches_fraction(num, den)
            })
            .unwrap_or(0);
        ReachedStage {
            stage: &self.0[index],
            index,
            count: self.0.len(),
        }
    }
}

impl TryFrom<Vec<Stage>> for Stages {
    type Error = StageError;

    fn try_from(stages: Vec<Stage>) -> Result<Self, Self::Error> {
        Stages::new(stages)
    }
}

impl From<Stages> for Vec<Stage> {
    fn from(stages: Stages) -> Self {
        stages.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::campaign::fixture::{framework, tube};
    use crate::campaign::target::TargetProfile;

    fn stage(threshold: StageThreshold, title: &str) -> Stage {
        Stage {
            threshold,
            title: title.into(),
            message: format!("Bravo, {title}"),
            prescriber_title: String::new(),
            prescriber_message: String::new(),
        }
    }

    fn percent(p: u8) -> StageThreshold {
        StageThreshold::Percent(Percent::new(p).unwrap())
    }

    fn by_percent(thresholds: &[u8]) -> Stages {
        Stages::new(
            thresholds
                .iter()
                .map(|&p| stage(percent(p), &format!("{p}")))
                .collect(),
        )
        .unwrap()
    }

    fn target() -> TargetSkills {
        // @c0t1 levels 1..4 and @c0t2 levels 1..2: 6 skills, 2 at level 1, 4 up to level 2.
        TargetProfile::new(vec![tube("@c0t1", 4), tube("@c0t2", 2)]).resolve(&framework())
    }

    #[test]
    fn a_stage_is_reached_at_its_threshold() {
        let stages = by_percent(&[0, 50, 80]);
        let target = target();
        let reached = stages.reached(&target, Count::new(5, 10));
        assert_eq!((reached.index, reached.stage.title.as_str()), (1, "50"));
        assert_eq!(reached.count, 3);
    }

    #[test]
    fn a_stage_is_not_reached_just_below_its_threshold() {
        let stages = by_percent(&[0, 50, 80]);
        assert_eq!(stages.reached(&target(), Count::new(79, 100)).index, 1);
        assert_eq!(stages.reached(&target(), Count::new(49, 100)).index, 0);
    }

    #[test]
    fn everyone_reaches_the_first_stage() {
        let stages = by_percent(&[0, 30]);
        assert_eq!(stages.reached(&target(), Count::new(0, 10)).index, 0);
        assert_eq!(
            stages
                .reached(&TargetSkills::default(), Count::default())
                .index,
            0
        );
    }

    #[test]
    fn a_level_stage_asks_for_as_many_skills_as_the_target_has_up_to_that_level() {
        let stages = Stages::new(vec![
            stage(StageThreshold::Level(0), "début"),
            stage(StageThreshold::Level(1), "niveau 1"),
            stage(StageThreshold::Level(2), "niveau 2"),
        ])
        .unwrap();
        let target = target();
        assert_eq!(stages.reached(&target, Count::new(1, 6)).index, 0);
        assert_eq!(stages.reached(&target, Count::new(2, 6)).index, 1);
        assert_eq!(stages.reached(&target, Count::new(4, 6)).index, 2);
    }

    #[test]
    fn stages_are_counted_from_one_of_n() {
        let stages = by_percent(&[0, 50, 80]);
        let last = stages.reached(&target(), Count::new(9, 10));
        assert_eq!(
            (last.number(), last.count),
            (3, 3),
            "the last of three reads 3 / 3"
        );
        let first = stages.reached(&target(), Count::new(0, 10));
        assert_eq!(first.number(), 1);
        assert_eq!(stage_index(stage_number(2)), Some(2));
        assert_eq!(stage_index(0), None);
    }

    #[test]
    fn a_stage_covers_the_rates_from_its_threshold_to_the_next() {
        let stages = by_percent(&[0, 50, 80]);
        assert_eq!(stages.rate_range(&target(), 1), Some((0.5, Some(0.8))));
        assert_eq!(stages.rate_range(&target(), 2), Some((0.8, None)));
        assert_eq!(stages.rate_range(&target(), 3), None);
    }

    #[test]
    fn stages_are_sorted_by_threshold() {
        let stages = by_percent(&[60, 0, 20]);
        let order: Vec<&str> = stages.as_slice().iter().map(|s| s.title.as_str()).collect();
        assert_eq!(order, ["0", "20", "60"]);
    }

    #[test]
    fn a_stage_list_starts_at_zero() {
        let err = Stages::new(vec![stage(percent(10), "a")]).unwrap_err();
        assert_eq!(err, StageError::NoFirstStage);
        assert_eq!(Stages::new(vec![]).unwrap_err(), StageError::NoFirstStage);
    }

    #[test]
    fn stage_thresholds_are_unique() {
        let err = Stages::new(vec![
            stage(percent(0), "a"),
            stage(percent(40), "b"),
            stage(percent(40), "c"),
        ])
        .unwrap_err();
        assert_eq!(err, StageError::Duplicate(40));
    }

    #[test]
    fn percentages_and_levels_are_not_mixed() {
        let err = Stages::new(vec![
            stage(percent(0), "a"),
            stage(StageThreshold::Level(3), "b"),
        ])
        .unwrap_err();
        assert_eq!(err, StageError::MixedKinds);
        let err = Stages::new(vec![stage(StageThreshold::Level(9), "a")]).unwrap_err();
        assert_eq!(err, StageError::Level(9));
    }

    #[test]
    fn a_stage_has_a_title() {
        let err = Stages::new(vec![stage(percent(0), " ")]).unwrap_err();
        assert_eq!(err, StageError::NoTitle(1));
    }

    #[test]
    fn the_organisation_sees_the_learner_title_unless_given_its_own() {
        let mut s = stage(percent(0), "Bravo");
        assert_eq!(s.prescriber_title(), "Bravo");
        s.prescriber_title = "Acquis de base".into();
        assert_eq!(s.prescriber_title(), "Acquis de base");
    }

    #[test]
    fn stages_deserialise_only_when_valid() {
        let json = r#"[{"threshold":{"kind":"percent","value":0},"title":"a","message":""},
                       {"threshold":{"kind":"percent","value":50},"title":"b","message":""}]"#;
        let stages: Stages = serde_json::from_str(json).unwrap();
        assert_eq!(stages.len(), 2);
        let bad = r#"[{"threshold":{"kind":"percent","value":50},"title":"b","message":""}]"#;
        assert!(serde_json::from_str::<Stages>(bad).is_err());
    }

    proptest! {
        #[test]
        fn the_reached_stage_never_goes_down_as_the_rate_goes_up(
            mut thresholds in prop::collection::btree_set(1u8..=100, 0..6),
            total in 1u64..200,
            a in 0u64..200,
            b in 0u64..200,
        ) {
            thresholds.insert(0);
            let stages = by_percent(&thresholds.into_iter().collect::<Vec<_>>());
            let (low, high) = (a.min(b).min(total), a.max(b).min(total));
            let target = target();
            let at_low = stages.reached(&target, Count::new(low, total));
            let at_high = stages.reached(&target, Count::new(high, total));
            prop_assert!(at_low.index <= at_high.index);
            let threshold = at_high.stage.threshold.order();
            prop_assert!(Count::new(high, total).percent() >= threshold);
        }
    }
}
