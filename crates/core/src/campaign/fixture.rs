//! A small framework and helpers shared by the campaign tests.

use crate::campaign::target::{LevelCap, TargetItem};
use crate::challenge::ChallengeStatus;
use crate::framework::{Framework, Skill};
use crate::positioning::knowledge::{KeSource, KeStatus, KnowledgeElement};
use crate::simulation::framework::{FrameworkShape, synthetic_framework};

pub(crate) const T0: i64 = 1_700_000_000;

/// Two competences ("1.1" in area 1, "2.1" in area 2), three tubes each (`@c<c>t<t>`): tube 0
/// has levels 1..3, tubes 1 and 2 levels 1..6; one validated challenge per skill. On `@c1t1`,
/// level 6 has only a draft challenge and a level 7 exists with only a draft challenge.
pub(crate) fn framework() -> Framework {
    let shape = FrameworkShape {
        competences: 2,
        tubes: 3,
        levels: 6,
        challenges: 1,
        easy_tubes: 1,
    };
    let mut data = synthetic_framework(shape).data().clone();
    let mut draft = data
        .challenges
        .iter()
        .find(|c| c.skill == "@c1t16")
        .cloned()
        .unwrap();
    for c in data.challenges.iter_mut().filter(|c| c.skill == "@c1t16") {
        c.status = ChallengeStatus::Draft;
    }
    data.skills.push(Skill {
        id: "@c1t17".into(),
        tube: "@c1t1".into(),
        competence: "2.1".into(),
        level: 7,
        description: String::new(),
    });
    draft.id = "c1t17-draft".into();
    draft.skill = "@c1t17".into();
    draft.status = ChallengeStatus::Draft;
    data.challenges.push(draft);
    Framework::new(data).unwrap()
}

/// A level cap.
pub(crate) fn cap(level: u8) -> LevelCap {
    LevelCap::new(level).unwrap()
}

/// A capped tube item.
pub(crate) fn tube(id: &str, level: u8) -> TargetItem {
    TargetItem::Tube(crate::campaign::target::CappedTube::new(id, cap(level)))
}

/// A direct element written at `T0`.
pub(crate) fn ke(skill: &str, status: KeStatus) -> KnowledgeElement {
    KnowledgeElement {
        skill: skill.into(),
        status,
        source: KeSource::Direct,
        earned_pix: 0.0,
        created_at: T0,
    }
}

/// Validated elements on `skills`.
pub(crate) fn validated(skills: &[&str]) -> Vec<KnowledgeElement> {
    skills.iter().map(|s| ke(s, KeStatus::Validated)).collect()
}
