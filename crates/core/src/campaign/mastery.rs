//! Mastery of a target: how many target skills a learner (or a cohort) has validated, overall
//! and by tube, competence and area.
//!
//! The mastery rate is validated target skills / target skills; a learner's state on a skill is
//! the latest knowledge element on it (a reset or a later failure undoes a validation). A cohort
//! is measured the same way by summing learners: its rate is the mean of its members' rates, as
//! they share one target. Rates are compared to thresholds in exact integer arithmetic, so 50 %
//! means 50 % and never 49.999…

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::campaign::target::{CappedTube, TargetSkills};
use crate::positioning::knowledge::{KeStatus, KnowledgeElement};
use crate::positioning::rules::Timestamp;

/// A percentage outside 0..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a percentage is between 0 and 100, not {0}")]
pub struct PercentError(pub u8);

/// A whole percentage, 0..=100: the thresholds of stages, badges and trainings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Percent(u8);

impl Percent {
    /// 0 %.
    pub const ZERO: Percent = Percent(0);
    /// 100 %.
    pub const FULL: Percent = Percent(100);

    /// A percentage, if `value` is in 0..=100.
    pub fn new(value: u8) -> Result<Self, PercentError> {
        if value <= 100 {
            Ok(Percent(value))
        } else {
            Err(PercentError(value))
        }
    }

    /// The value.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Percent {
    type Error = PercentError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Percent::new(value)
    }
}

impl From<Percent> for u8 {
    fn from(p: Percent) -> u8 {
        p.0
    }
}

/// Validated skills out of skills: a mastery rate kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Count {
    /// Validated skills (summed over a cohort's members).
    pub validated: u64,
    /// Skills (summed over a cohort's members).
    pub total: u64,
}

impl Count {
    /// `validated` out of `total`.
    pub fn new(validated: u64, total: u64) -> Self {
        Count { validated, total }
    }

    /// The rate in 0..=1; 0 when there is nothing to master.
    pub fn rate(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.validated as f64 / self.total as f64
        }
    }

    /// The rate as a whole percentage, rounded down: so `percent() >= t` exactly when the rate
    /// reaches `t` %, and 100 is shown only when everything is mastered.
    pub fn percent(self) -> u8 {
        let percent = (u128::from(self.validated) * 100)
            .checked_div(u128::from(self.total))
            .unwrap_or(0);
        // Never above 100 while validated <= total.
        u8::try_from(percent.min(100)).unwrap_or(100)
    }

    /// The rate on a scale of `scale` (100 for a whole percentage, 100 also for a fraction
    /// with two decimals), as people read it: rounded to the nearest, halves up, so 2 / 3
    /// reads 67 %. Rounding never claims what is not there: a partial mastery never reads as
    /// the whole scale, and some mastery never reads as 0.
    pub fn rounded(self, scale: u64) -> u64 {
        if self.total == 0 || self.validated == 0 {
            return 0;
        }
        let validated = u128::from(self.validated.min(self.total));
        let total = u128::from(self.total);
        let scale128 = u128::from(scale);
        let nearest = (validated * scale128 * 2 + total) / (total * 2);
        let nearest = u64::try_from(nearest).unwrap_or(scale);
        if validated == total {
            scale
        } else {
            nearest.clamp(1, scale.saturating_sub(1))
        }
    }

    /// The rate as a whole percentage for display, rounded (see [`Count::rounded`]); use
    /// [`Count::percent`] or [`Count::reaches`] to compare with thresholds.
    pub fn display_percent(self) -> u8 {
        u8::try_from(self.rounded(100)).unwrap_or(100)
    }

    /// Whether the rate is at least `threshold`.
    pub fn reaches(self, threshold: Percent) -> bool {
        self.reaches_fraction(u64::from(threshold.get()), 100)
    }

    /// Whether the rate is at least `num / den` (an empty count has rate 0; a zero `den`
    /// means a fraction of 0).
    pub(crate) fn reaches_fraction(self, num: u64, den: u64) -> bool {
        if self.total == 0 || den == 0 || num == 0 {
            return num == 0 || den == 0;
        }
        u128::from(self.validated) * u128::from(den) >= u128::from(num) * u128::from(self.total)
    }

    /// Whether every skill is mastered (and there is at least one).
    pub fn is_full(self) -> bool {
        self.total > 0 && self.validated == self.total
    }
}

impl Add for Count {
    type Output = Count;

    fn add(self, other: Count) -> Count {
        Count::new(self.validated + other.validated, self.total + other.total)
    }
}

impl AddAssign for Count {
    fn add_assign(&mut self, other: Count) {
        *self = *self + other;
    }
}

impl Sum for Count {
    fn sum<I: Iterator<Item = Count>>(iter: I) -> Count {
        iter.fold(Count::default(), Add::add)
    }
}

/// The mastery of one learner, or of a cohort of learners, over one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mastery<'t> {
    target: &'t TargetSkills,
    /// Per target skill, how many members validated it.
    validated: Vec<u32>,
    members: u32,
}

impl<'t> Mastery<'t> {
    /// A cohort of nobody, to [`add`](Mastery::add) learners to.
    pub fn empty(target: &'t TargetSkills) -> Self {
        Mastery {
            target,
            validated: vec![0; target.len()],
            members: 0,
        }
    }

    /// One learner's mastery from their elements, given in writing order (the latest element
    /// of a skill wins). Elements on skills outside the target are ignored.
    pub fn of(target: &'t TargetSkills, elements: &[KnowledgeElement]) -> Self {
        let mut mastery = Mastery {
            target,
            validated: vec![0; target.len()],
            members: 1,
        };
        for ke in elements {
            if let Some(i) = target.position(&ke.skill) {
                mastery.validated[i] = u32::from(ke.status == KeStatus::Validated);
            }
        }
        mastery
    }

    /// One learner's mastery as it stood at `at` (elements written later are ignored): the
    /// results of a participation as shared.
    pub fn as_of(target: &'t TargetSkills, elements: &[KnowledgeElement], at: Timestamp) -> Self {
        let mut mastery = Mastery::of(target, &[]);
        for ke in elements.iter().filter(|ke| ke.created_at <= at) {
            if let Some(i) = target.position(&ke.skill) {
                mastery.validated[i] = u32::from(ke.status == KeStatus::Validated);
            }
        }
        mastery
    }

    /// A learner's validated target skills in compact form, as stored when a participation is
    /// shared: one hexadecimal digit per four target positions, position `4k + b` being bit
    /// `b` of digit `k` (for a cohort, a position is set when anyone validated it). Read back
    /// with [`Mastery::from_bits`] on a target with the same
    /// [`fingerprint`](TargetSkills::fingerprint).
    pub fn to_bits(&self) -> String {
        self.validated
            .chunks(4)
            .map(|chunk| {
                let digit = chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v > 0)
                    .fold(0u32, |d, (b, _)| d | 1 << b);
                char::from_digit(digit, 16).unwrap_or('0')
            })
            .collect()
    }

    /// One learner's mastery from [`Mastery::to_bits`]'s form; `None` unless `bits` has
    /// exactly one hexadecimal digit per four target skills and no bit past the last one.
    pub fn from_bits(target: &'t TargetSkills, bits: &str) -> Option<Self> {
        let len = target.len();
        if bits.len() != len.div_ceil(4) {
            return None;
        }
        let mut validated = vec![0; len];
        for (k, c) in bits.chars().enumerate() {
            let digit = c.to_digit(16)?;
            for b in 0..4 {
                if digit & 1 << b != 0 {
                    *validated.get_mut(4 * k + b)? = 1;
                }
            }
        }
        Some(Mastery {
            target,
            validated,
            members: 1,
        })
    }

    /// Adds the members of `other` (measured on the same target) to this cohort.
    ///
    /// # Panics
    /// If `other` was measured on a target of another size.
    pub fn add(&mut self, other: &Mastery<'_>) {
        assert_eq!(
            self.validated.len(),
            other.validated.len(),
            "not the same target"
        );
        for (mine, theirs) in self.validated.iter_mut().zip(&other.validated) {
            *mine += theirs;
        }
        self.members += other.members;
    }

    /// The target measured.
    pub fn target(&self) -> &'t TargetSkills {
        self.target
    }

    /// Learners measured (1 for a learner).
    pub fn members(&self) -> u32 {
        self.members
    }

    /// Members who validated the target skill at `position` (see [`TargetSkills::position`]).
    pub fn validated_at(&self, position: usize) -> u32 {
        self.validated.get(position).copied().unwrap_or(0)
    }

    /// Whether a learner validated `skill` (for a cohort: whether anyone did).
    pub fn is_validated(&self, skill: &str) -> bool {
        self.target
            .position(skill)
            .is_some_and(|i| self.validated[i] > 0)
    }

    /// Mastery of the whole target.
    pub fn overall(&self) -> Count {
        self.count(0..self.validated.len())
    }

    /// Mastery per tube, aligned with [`TargetSkills::tubes`].
    pub fn tubes(&self) -> Vec<Count> {
        self.grouped(self.target.tubes().len(), |i| self.target.skills()[i].tube)
    }

    /// Mastery per competence, aligned with [`TargetSkills::competences`].
    pub fn competences(&self) -> Vec<Count> {
        self.grouped(self.target.competences().len(), |i| {
            self.target.skills()[i].competence
        })
    }

    /// Mastery per area, aligned with [`TargetSkills::areas`].
    pub fn areas(&self) -> Vec<Count> {
        self.grouped(self.target.areas().len(), |i| self.target.skills()[i].area)
    }

    /// Mastery of one competence, if it holds target skills.
    pub fn competence(&self, code: &str) -> Option<Count> {
        let at = self.target.competences().iter().position(|c| c == code)?;
        Some(self.competences()[at])
    }

    /// Mastery of one area, if it holds target skills.
    pub fn area(&self, code: &str) -> Option<Count> {
        let at = self.target.areas().iter().position(|a| a == code)?;
        Some(self.areas()[at])
    }

    /// Mastery of one tube, if it holds target skills.
    pub fn tube(&self, id: &str) -> Option<Count> {
        let at = self.target.tubes().iter().position(|t| t == id)?;
        Some(self.tubes()[at])
    }

    /// Mastery of the target skills on `tubes`, each up to its cap (an empty count when none of
    /// them is in the target).
    pub fn on_tubes(&self, tubes: &[CappedTube]) -> Count {
        self.count(self.target.positions_on(tubes))
    }

    fn count(&self, positions: impl IntoIterator<Item = usize>) -> Count {
        let (validated, skills) = positions.into_iter().fold((0u64, 0u64), |(v, n), i| {
            (v + u64::from(self.validated[i]), n + 1)
        });
        Count::new(validated, skills * u64::from(self.members))
    }

    fn grouped(&self, groups: usize, group_of: impl Fn(usize) -> usize) -> Vec<Count> {
        let mut counts = vec![Count::default(); groups];
        for (i, &v) in self.validated.iter().enumerate() {
            let c = &mut counts[group_of(i)];
            c.validated += u64::from(v);
            c.total += u64::from(self.members);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::campaign::fixture::{T0, framework, ke, tube, validated};
    use crate::campaign::target::{LevelCap, TargetProfile};

    fn target() -> TargetSkills {
        // 1.1: @c0t1 1..4 (4 skills); 2.1: @c1t0 1..2 (2 skills).
        TargetProfile::new(vec![tube("@c0t1", 4), tube("@c1t0", 2)]).resolve(&framework())
    }

    #[test]
    fn a_displayed_rate_is_rounded_not_truncated() {
        assert_eq!(Count::new(2, 3).display_percent(), 67);
        assert_eq!(Count::new(1, 3).display_percent(), 33);
        assert_eq!(
            Count::new(1, 8).display_percent(),
            13,
            "12.5 rounds half up"
        );
        assert_eq!(
            Count::new(199, 200).display_percent(),
            99,
            "not all: never 100"
        );
        assert_eq!(Count::new(1, 300).display_percent(), 1, "some: never 0");
        assert_eq!(Count::new(3, 3).display_percent(), 100);
        assert_eq!(Count::default().display_percent(), 0);
    }

    #[test]
    fn the_mastery_rate_is_validated_target_skills_over_target_skills() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t11", "@c0t12", "@c1t01"]));
        assert_eq!(m.overall(), Count::new(3, 6));
        assert_eq!(m.overall().rate(), 0.5);
        assert_eq!(m.overall().percent(), 50);
    }

    #[test]
    fn mastery_is_counted_per_competence_area_and_tube() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t11", "@c1t01", "@c1t02"]));
        assert_eq!(m.competences(), [Count::new(1, 4), Count::new(2, 2)]);
        assert_eq!(m.areas(), [Count::new(1, 4), Count::new(2, 2)]);
        assert_eq!(m.competence("2.1"), Some(Count::new(2, 2)));
        assert_eq!(m.area("1"), Some(Count::new(1, 4)));
        assert_eq!(m.tube("@c0t1"), Some(Count::new(1, 4)));
        assert_eq!(m.competence("3.1"), None);
    }

    #[test]
    fn the_compact_form_reads_back_as_the_same_mastery() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t11", "@c0t13", "@c1t02"]));
        // Positions 0 and 2 (digit 0 = 0b0101), position 5 (digit 1 = 0b0010).
        assert_eq!(m.to_bits(), "52");
        assert_eq!(Mastery::from_bits(&target, "52"), Some(m));
        assert_eq!(
            Mastery::from_bits(&target, &Mastery::empty(&target).to_bits()).map(|m| m.overall()),
            Some(Count::new(0, 6))
        );
        assert_eq!(Mastery::from_bits(&target, "5"), None, "too short");
        assert_eq!(Mastery::from_bits(&target, "520"), None, "too long");
        assert_eq!(Mastery::from_bits(&target, "5g"), None, "not hexadecimal");
        assert_eq!(
            Mastery::from_bits(&target, "54"),
            None,
            "position 6 is past the target"
        );
    }

    #[test]
    fn the_fingerprint_tells_targets_apart() {
        let a = target();
        let b = TargetProfile::new(vec![tube("@c0t1", 3), tube("@c1t0", 2)]).resolve(&framework());
        assert_eq!(a.fingerprint(), target().fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    proptest! {
        #[test]
        fn any_learner_survives_the_compact_form(picks in proptest::collection::vec(any::<bool>(), 6)) {
            let target = target();
            let ids: Vec<&str> = target.ids().zip(&picks).filter(|(_, p)| **p).map(|(id, _)| id).collect();
            let m = Mastery::of(&target, &validated(&ids));
            prop_assert_eq!(Mastery::from_bits(&target, &m.to_bits()), Some(m));
        }
    }

    #[test]
    fn the_latest_element_of_a_skill_wins() {
        let target = target();
        let elements = [
            ke("@c0t11", KeStatus::Validated),
            ke("@c0t11", KeStatus::Invalidated),
            ke("@c0t12", KeStatus::Validated),
            ke("@c0t12", KeStatus::Reset),
            ke("@c0t13", KeStatus::Invalidated),
            ke("@c0t13", KeStatus::Validated),
        ];
        let m = Mastery::of(&target, &elements);
        assert_eq!(m.overall(), Count::new(1, 6));
        assert!(m.is_validated("@c0t13"));
        assert!(!m.is_validated("@c0t11"));
    }

    #[test]
    fn skills_outside_the_target_do_not_count() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t15", "@c0t21", "@nope"]));
        assert_eq!(m.overall(), Count::new(0, 6));
    }

    #[test]
    fn mastery_as_of_a_date_ignores_later_elements() {
        let target = target();
        let mut later = ke("@c0t12", KeStatus::Validated);
        later.created_at = T0 + 10;
        let elements = [ke("@c0t11", KeStatus::Validated), later];
        assert_eq!(
            Mastery::as_of(&target, &elements, T0).overall().validated,
            1
        );
        assert_eq!(
            Mastery::as_of(&target, &elements, T0 + 10)
                .overall()
                .validated,
            2
        );
    }

    #[test]
    fn a_cohort_rate_is_the_mean_of_its_members_rates() {
        let target = target();
        let mut cohort = Mastery::empty(&target);
        cohort.add(&Mastery::of(
            &target,
            &validated(&["@c0t11", "@c0t12", "@c0t13"]),
        ));
        cohort.add(&Mastery::of(&target, &validated(&["@c0t11"])));
        assert_eq!(cohort.members(), 2);
        assert_eq!(cohort.overall(), Count::new(4, 12));
        assert_eq!(cohort.validated_at(0), 2);
        assert_eq!(cohort.competences()[0], Count::new(4, 8));
    }

    #[test]
    fn mastery_on_capped_tubes_counts_only_target_skills_up_to_the_caps() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t11", "@c0t13"]));
        let two = LevelCap::new(2).unwrap();
        assert_eq!(
            m.on_tubes(&[CappedTube::new("@c0t1", two)]),
            Count::new(1, 2)
        );
        assert_eq!(
            m.on_tubes(&[CappedTube::new("@c0t2", two)]),
            Count::default()
        );
    }

    #[test]
    fn an_empty_target_has_a_zero_rate() {
        let empty = TargetSkills::default();
        let m = Mastery::of(&empty, &validated(&["@c0t11"]));
        assert_eq!(m.overall().rate(), 0.0);
        assert!(!m.overall().reaches(Percent::new(1).unwrap()));
        assert!(m.overall().reaches(Percent::ZERO));
    }

    #[test]
    fn thresholds_are_compared_exactly() {
        let third = Count::new(1, 3);
        assert!(third.reaches(Percent::new(33).unwrap()));
        assert!(!third.reaches(Percent::new(34).unwrap()));
        assert_eq!(third.percent(), 33);
        assert_eq!(
            Count::new(199, 200).percent(),
            99,
            "never rounded up to 100"
        );
        assert!(Percent::new(101).is_err());
    }

    const SKILLS: [&str; 8] = [
        "@c0t11", "@c0t12", "@c0t13", "@c0t14", "@c1t01", "@c1t02", "@c0t21", "@nope",
    ];

    fn any_elements() -> impl Strategy<Value = Vec<KnowledgeElement>> {
        let status = prop_oneof![
            Just(KeStatus::Validated),
            Just(KeStatus::Invalidated),
            Just(KeStatus::Reset)
        ];
        prop::collection::vec((0..SKILLS.len(), status), 0..30)
            .prop_map(|v| v.into_iter().map(|(s, st)| ke(SKILLS[s], st)).collect())
    }

    proptest! {
        #[test]
        fn the_mastery_rate_stays_between_zero_and_one(elements in any_elements()) {
            let target = target();
            let m = Mastery::of(&target, &elements);
            let rate = m.overall().rate();
            prop_assert!((0.0..=1.0).contains(&rate));
            prop_assert!(m.overall().percent() <= 100);
            for c in m.competences().into_iter().chain(m.areas()).chain(m.tubes()) {
                prop_assert!(c.validated <= c.total);
            }
        }

        #[test]
        fn groups_add_up_to_the_whole(elements in any_elements()) {
            let target = target();
            let m = Mastery::of(&target, &elements);
            prop_assert_eq!(m.competences().into_iter().sum::<Count>(), m.overall());
            prop_assert_eq!(m.areas().into_iter().sum::<Count>(), m.overall());
            prop_assert_eq!(m.tubes().into_iter().sum::<Count>(), m.overall());
        }

        #[test]
        fn a_displayed_percent_is_within_half_a_point_and_never_overclaims(validated in 0u64..500, extra in 0u64..500) {
            let c = Count::new(validated, validated + extra);
            let shown = f64::from(c.display_percent());
            if c.total > 0 {
                let exact = c.rate() * 100.0;
                prop_assert!((shown - exact).abs() <= 1.0);
                prop_assert_eq!(shown == 100.0, c.is_full());
                prop_assert_eq!(shown == 0.0, validated == 0);
            }
        }

        #[test]
        fn percent_agrees_with_reaches(validated in 0u64..500, extra in 0u64..500, t in 0u8..=100) {
            let c = Count::new(validated, validated + extra);
            let t = Percent::new(t).unwrap();
            prop_assert_eq!(c.percent() >= t.get(), c.reaches(t));
        }
    }
}
