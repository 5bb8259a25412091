//! Target profiles: what an organisation wants to assess, as tubes each capped at a level.
//!
//! A profile lists capped tubes and whole competences (every tube of the competence, capped at
//! the framework's max reachable level). Resolved against a framework it gives the target
//! skills, [`TargetSkills`]: every skill of a selected tube at or below its cap that has a
//! servable challenge. Skills nobody can be asked are left out on purpose: they would keep every
//! mastery rate below 100 % and are exactly the skills the positioning engine leaves out too
//! (`PositioningIndex::target_of`), so the test and the rate count the same skills.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::framework::{Framework, MAX_LEVEL};

/// Why a target profile cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// A level cap outside 1..=8.
    #[error("a level cap is between 1 and {MAX_LEVEL}, not {0}")]
    LevelCap(u8),
    /// The profile selects nothing.
    #[error("a target profile selects at least one tube")]
    Empty,
    /// A tube the framework does not have.
    #[error("unknown tube {0}")]
    UnknownTube(String),
    /// A competence the framework does not have.
    #[error("unknown competence {0}")]
    UnknownCompetence(String),
    /// The selection holds no skill that can be assessed.
    #[error("the target profile has no skill that can be assessed")]
    NoSkill,
}

/// The highest level assessed on a tube: 1..=8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct LevelCap(u8);

impl LevelCap {
    /// The highest cap (level 8).
    pub const MAX: LevelCap = LevelCap(MAX_LEVEL);

    /// A cap, if `level` is in 1..=8.
    pub fn new(level: u8) -> Result<Self, TargetError> {
        if (1..=MAX_LEVEL).contains(&level) {
            Ok(LevelCap(level))
        } else {
            Err(TargetError::LevelCap(level))
        }
    }

    /// The level.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for LevelCap {
    type Error = TargetError;

    fn try_from(level: u8) -> Result<Self, Self::Error> {
        LevelCap::new(level)
    }
}

impl From<LevelCap> for u8 {
    fn from(cap: LevelCap) -> u8 {
        cap.0
    }
}

/// A tube assessed up to a level.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CappedTube {
    /// The tube's id ("@recherche").
    pub tube: String,
    /// Skills above this level are not assessed.
    pub cap: LevelCap,
}

impl CappedTube {
    /// `tube` up to `cap`.
    pub fn new(tube: impl Into<String>, cap: LevelCap) -> Self {
        CappedTube {
            tube: tube.into(),
            cap,
        }
    }
}

/// One line of a target profile's selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetItem {
    /// One tube up to a level.
    Tube(CappedTube),
    /// Every tube of a competence, up to the framework's max reachable level.
    Competence {
        /// The competence's code ("1.1").
        competence: String,
    },
}

/// What a target profile selects (its name, description and stages are stored beside it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TargetProfile {
    /// Tubes and competences, in the order the author chose them.
    pub items: Vec<TargetItem>,
}

impl TargetProfile {
    /// A profile selecting `items`.
    pub fn new(items: Vec<TargetItem>) -> Self {
        TargetProfile { items }
    }

    /// Checks the selection against `framework`: not empty, every tube and competence known,
    /// at least one skill that can be assessed.
    pub fn validate(&self, framework: &Framework) -> Result<(), TargetError> {
        if self.items.is_empty() {
            return Err(TargetError::Empty);
        }
        for item in &self.items {
            match item {
                TargetItem::Tube(t) if framework.tube(&t.tube).is_none() => {
                    return Err(TargetError::UnknownTube(t.tube.clone()));
                }
                TargetItem::Competence { competence }
                    if framework.competence(competence).is_none() =>
                {
                    return Err(TargetError::UnknownCompetence(competence.clone()));
                }
                _ => {}
            }
        }
        if self.resolve(framework).is_empty() {
            return Err(TargetError::NoSkill);
        }
        Ok(())
    }

    /// The selected tubes in framework order, each with its cap: a tube selected twice keeps
    /// its highest cap; a whole competence caps its tubes at the max reachable level. Unknown
    /// tubes and competences are skipped.
    pub fn capped_tubes(&self, framework: &Framework) -> Vec<CappedTube> {
        let whole_cap = LevelCap(framework.max_reachable_level().clamp(1, MAX_LEVEL));
        let mut caps: HashMap<&str, LevelCap> = HashMap::new();
        let mut competences: HashSet<&str> = HashSet::new();
        for item in &self.items {
            match item {
                TargetItem::Tube(t) => {
                    let cap = caps.entry(t.tube.as_str()).or_insert(t.cap);
                    *cap = (*cap).max(t.cap);
                }
                TargetItem::Competence { competence } => {
                    competences.insert(competence.as_str());
                }
            }
        }
        framework
            .tubes()
            .iter()
            .filter_map(|tube| {
                let by_tube = caps.get(tube.id.as_str()).copied();
                let by_competence = competences
                    .contains(tube.competence.as_str())
                    .then_some(whole_cap);
                let cap = by_tube.max(by_competence)?;
                Some(CappedTube::new(tube.id.clone(), cap))
            })
            .collect()
    }

    /// The ids of the target skills, in framework order (see [`TargetProfile::resolve`]).
    pub fn skills(&self, framework: &Framework) -> Vec<String> {
        self.resolve(framework)
            .skills
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    /// The target skills grouped by tube, competence and area, ready to measure mastery: each
    /// skill of a selected tube at or below its cap that has a servable challenge.
    pub fn resolve(&self, framework: &Framework) -> TargetSkills {
        TargetSkills::new(framework, &self.capped_tubes(framework))
    }
}

/// One target skill and where it belongs (indices into [`TargetSkills`]' group lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSkill {
    /// The skill's id ("@recherche3").
    pub id: String,
    /// Its level.
    pub level: u8,
    /// Index into [`TargetSkills::tubes`].
    pub tube: usize,
    /// Index into [`TargetSkills::competences`].
    pub competence: usize,
    /// Index into [`TargetSkills::areas`].
    pub area: usize,
}

/// The resolved target of a profile: its skills and the tubes, competences and areas they
/// belong to (only groups holding at least one target skill, each in framework order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TargetSkills {
    skills: Vec<TargetSkill>,
    tubes: Vec<String>,
    competences: Vec<String>,
    areas: Vec<String>,
    positions: HashMap<String, usize>,
}

impl TargetSkills {
    fn new(framework: &Framework, capped: &[CappedTube]) -> Self {
        let mut target = TargetSkills::default();
        // (skill, level, tube index, competence code), tubes in framework order.
        let mut picked: Vec<(String, u8, usize, String)> = Vec::new();
        for ct in capped {
            let tube_no = target.tubes.len();
            let before = picked.len();
            picked.extend(
                framework
                    .skills_of_tube(&ct.tube)
                    .filter(|s| s.level <= ct.cap.get())
                    .filter(|s| framework.challenges_of(&s.id).any(|c| c.is_servable()))
                    .map(|s| (s.id.clone(), s.level, tube_no, s.competence.clone())),
            );
            if picked.len() > before {
                target.tubes.push(ct.tube.clone());
            }
        }
        let used: HashSet<&str> = picked.iter().map(|p| p.3.as_str()).collect();
        let competences: Vec<_> = framework
            .competences()
            .iter()
            .filter(|c| used.contains(c.code.as_str()))
            .collect();
        let used_areas: HashSet<&str> = competences.iter().map(|c| c.area.as_str()).collect();
        target.areas = framework
            .areas()
            .iter()
            .filter(|a| used_areas.contains(a.code.as_str()))
            .map(|a| a.code.clone())
            .collect();
        let competence_no: HashMap<&str, (usize, usize)> = competences
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let area = target.areas.iter().position(|a| *a == c.area).unwrap_or(0);
                (c.code.as_str(), (i, area))
            })
            .collect();
        for (id, level, tube, competence) in picked {
            let (competence, area) = competence_no[competence.as_str()];
            target.positions.insert(id.clone(), target.skills.len());
            target.skills.push(TargetSkill {
                id,
                level,
                tube,
                competence,
                area,
            });
        }
        target.competences = competences.iter().map(|c| c.code.clone()).collect();
        target
    }

    /// The target skills: grouped by tube, tubes in framework order, by increasing level.
    pub fn skills(&self) -> &[TargetSkill] {
        &self.skills
    }

    /// The ids of the target skills (what `PositioningIndex::target_of` takes).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.skills.iter().map(|s| s.id.as_str())
    }

    /// Tubes holding at least one target skill, in framework order.
    pub fn tubes(&self) -> &[String] {
        &self.tubes
    }

    /// Competence codes holding at least one target skill, in framework order.
    pub fn competences(&self) -> &[String] {
        &self.competences
    }

    /// Area codes holding at least one target skill, in framework order.
    pub fn areas(&self) -> &[String] {
        &self.areas
    }

    /// A fingerprint of the target skills in their order (16 hexadecimal digits, FNV-1a 64 of
    /// the ids): positions recorded on one target (see [`Mastery::to_bits`]) are read back
    /// only on a target with the same fingerprint.
    ///
    /// [`Mastery::to_bits`]: crate::campaign::Mastery::to_bits
    pub fn fingerprint(&self) -> String {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut hash = OFFSET;
        for id in self.ids() {
            for byte in id.bytes().chain(std::iter::once(b'\n')) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(PRIME);
            }
        }
        format!("{hash:016x}")
    }

    /// Number of target skills.
    pub fn len(&self) -> usize {
        self.skills.len()
    }

    /// Whether there is no target skill.
    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    /// The position of a skill in [`TargetSkills::skills`], if it is a target skill.
    pub fn position(&self, skill: &str) -> Option<usize> {
        self.positions.get(skill).copied()
    }

    /// Number of target skills at or below `level`.
    pub fn count_up_to(&self, level: u8) -> usize {
        self.skills.iter().filter(|s| s.level <= level).count()
    }

    /// Positions of the target skills on `tubes`, each at or below its cap: the scope of a
    /// badge criterion or a training trigger. Tubes outside the target add nothing.
    pub fn positions_on(&self, tubes: &[CappedTube]) -> Vec<usize> {
        let caps: HashMap<&str, u8> = tubes
            .iter()
            .map(|t| (t.tube.as_str(), t.cap.get()))
            .collect();
        self.skills
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                caps.get(self.tubes[s.tube].as_str())
                    .is_some_and(|&cap| s.level <= cap)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::fixture::{cap, framework, tube};

    #[test]
    fn a_capped_tube_targets_its_skills_up_to_the_cap() {
        let f = framework();
        let profile = TargetProfile::new(vec![tube("@c0t2", 2)]);
        assert_eq!(profile.skills(&f), ["@c0t21", "@c0t22"]);
    }

    #[test]
    fn a_whole_competence_targets_every_tube_up_to_the_max_reachable_level() {
        let f = framework();
        let profile = TargetProfile::new(vec![TargetItem::Competence {
            competence: "1.1".into(),
        }]);
        let target = profile.resolve(&f);
        // 3 tubes: an easy one (levels 1..3) and two with levels 1..6 (max reachable 6).
        assert_eq!(target.len(), 3 + 6 + 6);
        assert_eq!(target.tubes(), ["@c0t0", "@c0t1", "@c0t2"]);
        assert_eq!(target.competences(), ["1.1"]);
        assert_eq!(target.areas(), ["1"]);
    }

    #[test]
    fn a_tube_selected_twice_keeps_its_highest_cap() {
        let f = framework();
        let profile = TargetProfile::new(vec![
            tube("@c0t1", 4),
            TargetItem::Competence {
                competence: "1.1".into(),
            },
            tube("@c0t1", 2),
        ]);
        let caps = profile.capped_tubes(&f);
        assert_eq!(caps[1], CappedTube::new("@c0t1", cap(6)));
    }

    #[test]
    fn skills_without_a_servable_challenge_are_not_targeted() {
        let f = framework();
        // The fixture's @c1t17 has only a draft challenge.
        let skills = TargetProfile::new(vec![tube("@c1t1", 8)]).skills(&f);
        assert_eq!(skills.len(), 5);
        assert!(!skills.contains(&"@c1t17".to_string()));
        assert!(!skills.contains(&"@c1t16".to_string()));
    }

    #[test]
    fn target_skills_are_grouped_by_competence_and_area_in_framework_order() {
        let f = framework();
        let profile = TargetProfile::new(vec![tube("@c1t0", 1), tube("@c0t0", 1)]);
        let target = profile.resolve(&f);
        assert_eq!(target.competences(), ["1.1", "2.1"]);
        assert_eq!(target.areas(), ["1", "2"]);
        let first = &target.skills()[0];
        assert_eq!(
            (first.id.as_str(), first.competence, first.area),
            ("@c0t01", 0, 0)
        );
        let last = &target.skills()[1];
        assert_eq!(
            (last.id.as_str(), last.tube, last.competence, last.area),
            ("@c1t01", 1, 1, 1)
        );
    }

    #[test]
    fn a_profile_must_select_known_tubes_with_assessable_skills() {
        let f = framework();
        assert_eq!(
            TargetProfile::default().validate(&f),
            Err(TargetError::Empty)
        );
        assert_eq!(
            TargetProfile::new(vec![tube("@nope", 2)]).validate(&f),
            Err(TargetError::UnknownTube("@nope".into()))
        );
        assert_eq!(
            TargetProfile::new(vec![TargetItem::Competence {
                competence: "9.9".into()
            }])
            .validate(&f),
            Err(TargetError::UnknownCompetence("9.9".into()))
        );
        assert_eq!(
            TargetProfile::new(vec![tube("@c0t1", 3)]).validate(&f),
            Ok(())
        );
    }

    #[test]
    fn a_level_cap_is_between_one_and_eight() {
        assert!(LevelCap::new(0).is_err());
        assert!(LevelCap::new(9).is_err());
        assert_eq!(LevelCap::new(8), Ok(LevelCap::MAX));
        assert!(serde_json::from_str::<LevelCap>("9").is_err());
    }

    #[test]
    fn a_profile_survives_serialisation() {
        let profile = TargetProfile::new(vec![
            tube("@c0t1", 3),
            TargetItem::Competence {
                competence: "1.1".into(),
            },
        ]);
        let json = serde_json::to_value(&profile).unwrap();
        assert_eq!(json["items"][0]["kind"], "tube");
        assert_eq!(json["items"][0]["cap"], 3);
        let back: TargetProfile = serde_json::from_value(json).unwrap();
        assert_eq!(back, profile);
    }

    #[test]
    fn skills_on_capped_tubes_are_the_target_skills_up_to_each_cap() {
        let f = framework();
        let target = TargetProfile::new(vec![tube("@c0t1", 5), tube("@c0t2", 5)]).resolve(&f);
        let on = target.positions_on(&[
            CappedTube::new("@c0t2", cap(2)),
            CappedTube::new("@zz", cap(8)),
        ]);
        let ids: Vec<&str> = on.iter().map(|&i| target.skills()[i].id.as_str()).collect();
        assert_eq!(ids, ["@c0t21", "@c0t22"]);
    }
}
