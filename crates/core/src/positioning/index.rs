//! A compact, integer-indexed view of the framework built once for the positioning engine.
//!
//! The framework is keyed by strings; the engine runs on every answer, so it works on dense
//! integer ids instead: skills, tubes and servable challenges in vectors, each locale a bit.
//! Only skills with at least one servable challenge are indexed: the others can never be asked
//! and are worth no pix.

use std::collections::HashMap;
use std::sync::Arc;

use crate::framework::Framework;

/// A skill's position in a [`PositioningIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillId(pub(crate) u32);

impl SkillId {
    pub(crate) fn at(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SkillNode {
    pub id: Arc<str>,
    pub tube: u32,
    pub level: u8,
    pub pix: f64,
    /// Range into `PositioningIndex::challenges`, sorted by challenge id.
    pub challenges: (u32, u32),
}

#[derive(Debug, Clone)]
pub(crate) struct TubeNode {
    pub id: Arc<str>,
    /// Indexed skills of the tube, by increasing level.
    pub skills: Vec<SkillId>,
}

#[derive(Debug, Clone)]
pub(crate) struct ChallengeNode {
    pub id: Arc<str>,
    pub skill: SkillId,
    pub timed: bool,
    /// One bit per locale of `PositioningIndex::locales`.
    pub locales: u64,
}

/// The framework as the positioning engine needs it, built once per content release.
#[derive(Debug, Clone)]
pub struct PositioningIndex {
    pub(crate) skills: Vec<SkillNode>,
    pub(crate) tubes: Vec<TubeNode>,
    pub(crate) challenges: Vec<ChallengeNode>,
    skill_ids: HashMap<Arc<str>, SkillId>,
    challenge_ids: HashMap<Arc<str>, u32>,
    competences: HashMap<String, Vec<SkillId>>,
    locales: Vec<String>,
}

impl PositioningIndex {
    /// Indexes the servable part of `framework`.
    pub fn new(framework: &Framework) -> Self {
        let mut index = PositioningIndex {
            skills: Vec::new(),
            tubes: Vec::new(),
            challenges: Vec::new(),
            skill_ids: HashMap::new(),
            challenge_ids: HashMap::new(),
            competences: HashMap::new(),
            locales: Vec::new(),
        };
        for tube in framework.tubes() {
            let tube_no = index.tubes.len() as u32;
            let mut tube_skills = Vec::new();
            for skill in framework.skills_of_tube(&tube.id) {
                let mut servable: Vec<_> = framework
                    .challenges_of(&skill.id)
                    .filter(|c| c.is_servable())
                    .collect();
                if servable.is_empty() {
                    continue;
                }
                servable.sort_by(|a, b| a.id.cmp(&b.id));
                let id = SkillId(index.skills.len() as u32);
                let first = index.challenges.len() as u32;
                for c in servable {
                    let locales = c.locales.iter().fold(0, |m, l| m | index.locale_bit(l));
                    let cid: Arc<str> = c.id.as_str().into();
                    index
                        .challenge_ids
                        .insert(cid.clone(), index.challenges.len() as u32);
                    index.challenges.push(ChallengeNode {
                        id: cid,
                        skill: id,
                        timed: c.timer.is_some(),
                        locales,
                    });
                }
                let sid: Arc<str> = skill.id.as_str().into();
                index.skill_ids.insert(sid.clone(), id);
                index.skills.push(SkillNode {
                    id: sid,
                    tube: tube_no,
                    level: skill.level,
                    pix: framework.pix_value(&skill.id),
                    challenges: (first, index.challenges.len() as u32),
                });
                index
                    .competences
                    .entry(skill.competence.clone())
                    .or_default()
                    .push(id);
                tube_skills.push(id);
            }
            index.tubes.push(TubeNode {
                id: tube.id.as_str().into(),
                skills: tube_skills,
            });
        }
        index
    }

    /// Bit of `locale`, registering it (at most 64 locales; later ones are never served).
    fn locale_bit(&mut self, locale: &str) -> u64 {
        let pos = match self.locales.iter().position(|l| l == locale) {
            Some(p) => p,
            None => {
                self.locales.push(locale.to_string());
                self.locales.len() - 1
            }
        };
        if pos < 64 { 1 << pos } else { 0 }
    }

    /// The bit mask of `locale` (0 when no challenge is served in it).
    pub(crate) fn locale_mask(&self, locale: &str) -> u64 {
        match self.locales.iter().position(|l| l == locale) {
            Some(p) if p < 64 => 1 << p,
            _ => 0,
        }
    }

    /// The id of a skill, if it has a servable challenge.
    pub fn skill(&self, id: &str) -> Option<SkillId> {
        self.skill_ids.get(id).copied()
    }

    /// The string id of an indexed skill.
    pub fn skill_name(&self, id: SkillId) -> &Arc<str> {
        &self.skills[id.at()].id
    }

    /// The level of an indexed skill.
    pub fn skill_level(&self, id: SkillId) -> u8 {
        self.skills[id.at()].level
    }

    /// The pix a validated skill earns.
    pub fn skill_pix(&self, id: SkillId) -> f64 {
        self.skills[id.at()].pix
    }

    /// The skill a servable challenge assesses.
    pub fn skill_of_challenge(&self, challenge: &str) -> Option<SkillId> {
        self.challenge_ids
            .get(challenge)
            .map(|&c| self.challenges[c as usize].skill)
    }

    /// Number of indexed skills.
    pub fn skill_count(&self) -> usize {
        self.skills.len()
    }

    /// The target of a competence evaluation: every indexed skill of the competence.
    pub fn competence_target(&self, competence: &str) -> Option<Target> {
        self.competences
            .get(competence)
            .map(|skills| self.target(skills.iter().copied()))
    }

    /// The target of a campaign: the given skills; skills that have no servable challenge (or
    /// do not exist) cannot be positioned and are left out.
    pub fn target_of<'a>(&self, skills: impl IntoIterator<Item = &'a str>) -> Target {
        self.target(skills.into_iter().filter_map(|s| self.skill(s)))
    }

    fn target(&self, skills: impl Iterator<Item = SkillId>) -> Target {
        let mut member = vec![false; self.skills.len()];
        let mut tube_max = vec![0u8; self.tubes.len()];
        let mut list = Vec::new();
        for s in skills {
            if !member[s.at()] {
                member[s.at()] = true;
                list.push(s);
                let node = &self.skills[s.at()];
                let max = &mut tube_max[node.tube as usize];
                *max = (*max).max(node.level);
            }
        }
        list.sort_unstable();
        Target {
            skills: list,
            member,
            tube_max,
        }
    }
}

/// The skills an assessment may ask, with what the engine needs to know about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub(crate) skills: Vec<SkillId>,
    pub(crate) member: Vec<bool>,
    /// Highest target level of each tube (0 when the tube has no target skill).
    pub(crate) tube_max: Vec<u8>,
}

impl Target {
    /// The target skills, in index order.
    pub fn skills(&self) -> &[SkillId] {
        &self.skills
    }

    /// Whether `skill` is a target skill.
    pub fn contains(&self, skill: SkillId) -> bool {
        self.member.get(skill.at()).copied().unwrap_or(false)
    }

    /// Whether a tube is "easy": its highest target skill is at level 3 or below.
    pub(crate) fn is_easy_tube(&self, tube: u32) -> bool {
        self.tube_max[tube as usize] <= 3
    }
}
