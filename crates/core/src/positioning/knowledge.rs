//! Knowledge elements: what one answer taught us about one skill.
//!
//! An answer on skill `s` writes a direct element (validated if ok, invalidated otherwise). An
//! ok also validates, as inferred elements, the untested easier target skills of the same tube;
//! a failure invalidates the untested harder ones. The learner's profile is the latest element
//! per skill; a reset writes elements with status `Reset`. Elements are append-only: nothing
//! here ever edits or removes one.

use serde::{Deserialize, Serialize};

use crate::answer::AnswerStatus;
use crate::positioning::index::{PositioningIndex, SkillId, Target};
use crate::positioning::rules::Timestamp;

/// What an element says of its skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeStatus {
    /// The learner masters the skill.
    Validated,
    /// The learner does not master the skill.
    Invalidated,
    /// A reset erased what was known.
    Reset,
}

/// Whether the element comes from an answer on the skill itself or from one on its tube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeSource {
    /// An answer on a challenge of this skill.
    Direct,
    /// An answer on an easier (ok) or harder (failed) skill of the same tube.
    Inferred,
}

/// One knowledge element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeElement {
    /// The skill's id.
    pub skill: String,
    /// Validated, invalidated or reset.
    pub status: KeStatus,
    /// Direct or inferred.
    pub source: KeSource,
    /// The skill's pix value if validated, else 0.
    pub earned_pix: f64,
    /// When it was written (unix seconds).
    pub created_at: Timestamp,
}

/// Which past failures count in an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Attempt {
    /// Every past element counts: assessed skills are never asked again.
    Fresh,
    /// An improvement (or a campaign retry) started at `started_at`: skills invalidated before
    /// then are askable again; validated ones stay acquired.
    Improving {
        /// When the improving assessment started.
        started_at: Timestamp,
    },
}

/// The current state of one indexed skill for the running assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SkillState {
    /// Never assessed, reset, or a failure askable again.
    Untested,
    /// Assessed: `ok` says validated, `direct` whether it was answered itself.
    Known { ok: bool, direct: bool },
}

impl SkillState {
    pub(crate) fn is_untested(self) -> bool {
        self == SkillState::Untested
    }
}

/// The state of every indexed skill from the learner's elements, given in the order they were
/// written (the latest element of a skill wins). Elements on unindexed skills are ignored.
pub(crate) fn skill_states(
    index: &PositioningIndex,
    elements: &[KnowledgeElement],
    attempt: Attempt,
) -> Vec<SkillState> {
    let mut states = vec![SkillState::Untested; index.skill_count()];
    for ke in elements {
        let Some(id) = index.skill(&ke.skill) else {
            continue;
        };
        states[id.at()] = match (ke.status, attempt) {
            (KeStatus::Reset, _) => SkillState::Untested,
            (KeStatus::Invalidated, Attempt::Improving { started_at })
                if ke.created_at < started_at =>
            {
                SkillState::Untested
            }
            (status, _) => SkillState::Known {
                ok: status == KeStatus::Validated,
                direct: ke.source == KeSource::Direct,
            },
        };
    }
    states
}

/// An answer named a challenge that is not servable in this framework.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("challenge {0} is not a servable challenge of the framework")]
pub struct UnknownChallenge(pub String);

/// The elements one answer writes: the direct one on the challenge's skill, then the inferred
/// ones on untested target skills of the same tube (easier ones if ok, harder ones if not), by
/// increasing level. `elements` are the learner's elements before this answer.
pub fn knowledge_elements_for(
    index: &PositioningIndex,
    target: &Target,
    elements: &[KnowledgeElement],
    attempt: Attempt,
    challenge: &str,
    status: AnswerStatus,
    at: Timestamp,
) -> Result<Vec<KnowledgeElement>, UnknownChallenge> {
    let skill = index
        .skill_of_challenge(challenge)
        .ok_or_else(|| UnknownChallenge(challenge.to_string()))?;
    let states = skill_states(index, elements, attempt);
    let ok = status.is_ok();
    let element = |s: SkillId, source| KnowledgeElement {
        skill: index.skill_name(s).to_string(),
        status: if ok {
            KeStatus::Validated
        } else {
            KeStatus::Invalidated
        },
        source,
        earned_pix: if ok { index.skill_pix(s) } else { 0.0 },
        created_at: at,
    };
    let node = &index.skills[skill.at()];
    let mut out = vec![element(skill, KeSource::Direct)];
    for &other in &index.tubes[node.tube as usize].skills {
        let level = index.skill_level(other);
        let inferred = if ok {
            level < node.level
        } else {
            level > node.level
        };
        if inferred && target.contains(other) && states[other.at()].is_untested() {
            out.push(element(other, KeSource::Inferred));
        }
    }
    Ok(out)
}
