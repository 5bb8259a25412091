//! Badges: distinctions a participant obtains when every criterion of the badge is met.
//!
//! A criterion asks for a mastery rate, either on the whole target or on some capped tubes
//! (the target skills of those tubes up to each cap). A criterion whose scope holds no target
//! skill is never met: nobody earns a badge for what the campaign did not assess.

use serde::{Deserialize, Serialize};

use crate::campaign::mastery::{Count, Mastery, Percent};
use crate::campaign::target::CappedTube;

/// One condition of a badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Criterion {
    /// The mastery rate of the whole target reaches `threshold`.
    Campaign {
        /// Minimum rate.
        threshold: Percent,
    },
    /// The mastery rate of the target skills on `tubes` (each up to its cap) reaches
    /// `threshold`.
    Tubes {
        /// The tubes and their caps.
        tubes: Vec<CappedTube>,
        /// Minimum rate.
        threshold: Percent,
    },
}

impl Criterion {
    /// Whether `mastery` meets the criterion.
    pub fn is_met(&self, mastery: &Mastery<'_>) -> bool {
        let (count, threshold) = match self {
            Criterion::Campaign { threshold } => (mastery.overall(), *threshold),
            Criterion::Tubes { tubes, threshold } => (mastery.on_tubes(tubes), *threshold),
        };
        met(count, threshold)
    }
}

fn met(count: Count, threshold: Percent) -> bool {
    count.total > 0 && count.reaches(threshold)
}

/// Why a badge is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadgeError {
    /// No key or no title.
    #[error("a badge has a key and a title")]
    Unnamed,
    /// No criterion: it would be given to everyone.
    #[error("badge {0} has no criterion")]
    NoCriterion(String),
    /// A tubes criterion with no tube.
    #[error("a criterion of badge {0} names no tube")]
    NoTube(String),
}

/// A badge of a target profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// Unique, stable key (what the store and the export refer to).
    pub key: String,
    /// Title.
    pub title: String,
    /// Message shown to the learner who obtains it.
    pub message: String,
    /// Image.
    pub image_url: String,
    /// Alternative text of the image.
    pub alt_message: String,
    /// Every one must be met.
    pub criteria: Vec<Criterion>,
}

impl Badge {
    /// Whether `mastery` obtains the badge: every criterion is met (a badge without criteria is
    /// never obtained).
    pub fn is_obtained(&self, mastery: &Mastery<'_>) -> bool {
        !self.criteria.is_empty() && self.criteria.iter().all(|c| c.is_met(mastery))
    }

    /// Checks the badge can be stored: named, with criteria, every tubes criterion naming tubes.
    pub fn validate(&self) -> Result<(), BadgeError> {
        if self.key.trim().is_empty() || self.title.trim().is_empty() {
            return Err(BadgeError::Unnamed);
        }
        if self.criteria.is_empty() {
            return Err(BadgeError::NoCriterion(self.key.clone()));
        }
        let empty = |c: &Criterion| matches!(c, Criterion::Tubes { tubes, .. } if tubes.is_empty());
        if self.criteria.iter().any(empty) {
            return Err(BadgeError::NoTube(self.key.clone()));
        }
        Ok(())
    }
}

/// The badges `mastery` obtains, in the given order.
pub fn obtained<'b>(badges: &'b [Badge], mastery: &Mastery<'_>) -> Vec<&'b Badge> {
    badges.iter().filter(|b| b.is_obtained(mastery)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::fixture::{cap, framework, tube, validated};
    use crate::campaign::target::{TargetProfile, TargetSkills};

    fn target() -> TargetSkills {
        // @c0t1 levels 1..4, @c0t2 levels 1..4: 8 skills.
        TargetProfile::new(vec![tube("@c0t1", 4), tube("@c0t2", 4)]).resolve(&framework())
    }

    fn pct(p: u8) -> Percent {
        Percent::new(p).unwrap()
    }

    fn badge(criteria: Vec<Criterion>) -> Badge {
        Badge {
            key: "PIX_EMPLOI".into(),
            title: "Pix Emploi".into(),
            message: "Bravo".into(),
            image_url: "/badges/emploi.svg".into(),
            alt_message: "Badge Pix Emploi".into(),
            criteria,
        }
    }

    fn on_t1_up_to_2(threshold: u8) -> Criterion {
        Criterion::Tubes {
            tubes: vec![CappedTube::new("@c0t1", cap(2))],
            threshold: pct(threshold),
        }
    }

    #[test]
    fn a_campaign_criterion_is_met_at_its_threshold() {
        let target = target();
        let m = Mastery::of(
            &target,
            &validated(&["@c0t11", "@c0t12", "@c0t21", "@c0t22"]),
        );
        assert!(Criterion::Campaign { threshold: pct(50) }.is_met(&m));
        assert!(!Criterion::Campaign { threshold: pct(51) }.is_met(&m));
    }

    #[test]
    fn a_tubes_criterion_looks_only_at_its_tubes_up_to_their_caps() {
        let target = target();
        // @c0t13 is above the cap: it does not count.
        let m = Mastery::of(&target, &validated(&["@c0t11", "@c0t13"]));
        assert!(on_t1_up_to_2(50).is_met(&m));
        assert!(!on_t1_up_to_2(51).is_met(&m));
    }

    #[test]
    fn a_criterion_on_tubes_outside_the_target_is_never_met() {
        let target = target();
        let m = Mastery::of(&target, &validated(&["@c0t11"]));
        let elsewhere = Criterion::Tubes {
            tubes: vec![CappedTube::new("@c1t1", cap(3))],
            threshold: pct(0),
        };
        assert!(!elsewhere.is_met(&m));
    }

    #[test]
    fn a_badge_is_obtained_when_all_its_criteria_are_met() {
        let target = target();
        let b = badge(vec![
            Criterion::Campaign { threshold: pct(25) },
            on_t1_up_to_2(100),
        ]);
        let both = Mastery::of(&target, &validated(&["@c0t11", "@c0t12"]));
        let one = Mastery::of(&target, &validated(&["@c0t11", "@c0t21"]));
        assert!(b.is_obtained(&both));
        assert!(!b.is_obtained(&one), "the tubes criterion is not met");
        assert_eq!(obtained(std::slice::from_ref(&b), &both).len(), 1);
    }

    #[test]
    fn a_badge_without_criteria_is_never_obtained_nor_accepted() {
        let target = target();
        let b = badge(vec![]);
        assert!(!b.is_obtained(&Mastery::of(&target, &validated(&["@c0t11"]))));
        assert_eq!(
            b.validate(),
            Err(BadgeError::NoCriterion("PIX_EMPLOI".into()))
        );
        let no_tube = badge(vec![Criterion::Tubes {
            tubes: vec![],
            threshold: pct(10),
        }]);
        assert_eq!(
            no_tube.validate(),
            Err(BadgeError::NoTube("PIX_EMPLOI".into()))
        );
    }

    #[test]
    fn criteria_survive_serialisation() {
        let c = on_t1_up_to_2(60);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["scope"], "tubes");
        assert_eq!(serde_json::from_value::<Criterion>(json).unwrap(), c);
    }
}
