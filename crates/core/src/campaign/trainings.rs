//! Trainings: resources an organisation recommends to participants whose results call for them.
//!
//! A training has triggers on capped tubes (the target skills of those tubes up to each cap): a
//! goal trigger fires while the mastery there is below its threshold (the training teaches what
//! is missing), a prerequisite trigger fires once it reaches its threshold (the learner is ready
//! for it). A training is recommended when it has triggers and all of them fire. A trigger whose
//! tubes hold no target skill never fires: the campaign says nothing about them.

use serde::{Deserialize, Serialize};

use crate::campaign::mastery::{Mastery, Percent};
use crate::campaign::settings::stored_names;
use crate::campaign::target::CappedTube;

/// The kind of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingKind {
    /// Self-paced learning material.
    SelfPaced,
    /// An online course.
    ELearning,
    /// Partly online, partly in person.
    Blended,
    /// A session in person.
    InPerson,
    /// A live online session.
    Webinar,
}

stored_names!(TrainingKind, "training kind", {
    SelfPaced => "self-paced",
    ELearning => "e-learning",
    Blended => "blended",
    InPerson => "in-person",
    Webinar => "webinar",
});

/// Whether a trigger fires below or above its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    /// Fires while the mastery is below the threshold.
    Goal,
    /// Fires once the mastery reaches the threshold.
    Prerequisite,
}

/// A condition on the mastery of some capped tubes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// Goal or prerequisite.
    pub kind: TriggerKind,
    /// The tubes and their caps.
    pub tubes: Vec<CappedTube>,
    /// The rate that separates firing from not firing.
    pub threshold: Percent,
}

impl Trigger {
    /// Whether the trigger fires for `mastery`.
    pub fn fires(&self, mastery: &Mastery<'_>) -> bool {
        let count = mastery.on_tubes(&self.tubes);
        if count.total == 0 {
            return false;
        }
        match self.kind {
            TriggerKind::Goal => !count.reaches(self.threshold),
            TriggerKind::Prerequisite => count.reaches(self.threshold),
        }
    }
}

/// A recommended resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    /// Title.
    pub title: String,
    /// Where to find it.
    pub link: String,
    /// Expected length, in minutes.
    pub duration_minutes: u32,
    /// Its language ("fr", "en").
    pub locale: String,
    /// Its kind.
    pub kind: TrainingKind,
    /// Who publishes it.
    #[serde(default)]
    pub editor: String,
    /// All must fire for the training to be recommended.
    pub triggers: Vec<Trigger>,
}

impl Training {
    /// Whether the training is recommended for `mastery`: it has triggers and all fire.
    pub fn is_recommended(&self, mastery: &Mastery<'_>) -> bool {
        !self.triggers.is_empty() && self.triggers.iter().all(|t| t.fires(mastery))
    }
}

/// The trainings recommended for `mastery`, in the given order. The caller picks the trainings
/// of the campaign's target profile in the learner's locale; a cohort's mastery gives the
/// trainings for the cohort's gaps.
pub fn recommended<'t>(trainings: &'t [Training], mastery: &Mastery<'_>) -> Vec<&'t Training> {
    trainings
        .iter()
        .filter(|t| t.is_recommended(mastery))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::fixture::{cap, framework, tube, validated};
    use crate::campaign::target::{TargetProfile, TargetSkills};

    fn target() -> TargetSkills {
        // @c0t1 levels 1..4, @c0t2 levels 1..4.
        TargetProfile::new(vec![tube("@c0t1", 4), tube("@c0t2", 4)]).resolve(&framework())
    }

    fn trigger(kind: TriggerKind, tube: &str, threshold: u8) -> Trigger {
        Trigger {
            kind,
            tubes: vec![CappedTube::new(tube, cap(4))],
            threshold: Percent::new(threshold).unwrap(),
        }
    }

    fn training(title: &str, triggers: Vec<Trigger>) -> Training {
        Training {
            title: title.into(),
            link: "https://example.org/formation".into(),
            duration_minutes: 90,
            locale: "fr".into(),
            kind: TrainingKind::ELearning,
            editor: "Acquis".into(),
            triggers,
        }
    }

    #[test]
    fn a_goal_training_is_recommended_below_its_threshold() {
        let target = target();
        let t = training("Chercher", vec![trigger(TriggerKind::Goal, "@c0t1", 50)]);
        let below = Mastery::of(&target, &validated(&["@c0t11"]));
        let at = Mastery::of(&target, &validated(&["@c0t11", "@c0t12"]));
        assert!(t.is_recommended(&below));
        assert!(!t.is_recommended(&at));
    }

    #[test]
    fn a_prerequisite_training_is_recommended_from_its_threshold() {
        let target = target();
        let t = training(
            "Aller plus loin",
            vec![trigger(TriggerKind::Prerequisite, "@c0t1", 50)],
        );
        assert!(!t.is_recommended(&Mastery::of(&target, &validated(&["@c0t11"]))));
        assert!(t.is_recommended(&Mastery::of(&target, &validated(&["@c0t11", "@c0t12"]))));
    }

    #[test]
    fn a_training_with_both_triggers_needs_both() {
        let target = target();
        let t = training(
            "Approfondir",
            vec![
                trigger(TriggerKind::Prerequisite, "@c0t1", 50),
                trigger(TriggerKind::Goal, "@c0t2", 50),
            ],
        );
        let ready_with_a_gap = Mastery::of(&target, &validated(&["@c0t11", "@c0t12"]));
        let no_gap = Mastery::of(
            &target,
            &validated(&["@c0t11", "@c0t12", "@c0t21", "@c0t22"]),
        );
        assert!(t.is_recommended(&ready_with_a_gap));
        assert!(!t.is_recommended(&no_gap));
    }

    #[test]
    fn a_trigger_on_tubes_outside_the_target_never_fires() {
        let target = target();
        let t = training("Ailleurs", vec![trigger(TriggerKind::Goal, "@c1t1", 100)]);
        assert!(!t.is_recommended(&Mastery::of(&target, &[])));
        assert!(!training("Sans déclencheur", vec![]).is_recommended(&Mastery::of(&target, &[])));
    }

    #[test]
    fn recommended_keeps_the_given_order() {
        let target = target();
        let list = [
            training("a", vec![trigger(TriggerKind::Goal, "@c0t1", 100)]),
            training("b", vec![trigger(TriggerKind::Prerequisite, "@c0t1", 100)]),
            training("c", vec![trigger(TriggerKind::Goal, "@c0t2", 100)]),
        ];
        let titles: Vec<&str> = recommended(&list, &Mastery::of(&target, &[]))
            .iter()
            .map(|t| t.title.as_str())
            .collect();
        assert_eq!(titles, ["a", "c"]);
    }

    #[test]
    fn training_kinds_have_stored_names() {
        assert_eq!(TrainingKind::InPerson.as_str(), "in-person");
        assert_eq!(
            serde_json::to_value(TrainingKind::ELearning).unwrap(),
            "e-learning"
        );
        assert_eq!("webinar".parse(), Ok(TrainingKind::Webinar));
    }
}
