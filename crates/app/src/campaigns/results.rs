//! What a shared participation keeps: the target skills it had validated (assessment
//! campaigns) or the 16-competence profile (profiles collections), as JSON in
//! `campaign_participations.results`.

use acquis_core::campaign::{Mastery, TargetSkills};
use acquis_core::positioning::{KeSource, KeStatus, KnowledgeElement};
use acquis_core::scoring::CompetenceScore;
use serde::{Deserialize, Serialize};

/// The snapshot taken when a participant shares.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SharedResults {
    /// Target skills validated at sharing (assessment campaigns).
    #[serde(default)]
    pub validated: Vec<String>,
    /// Level and pix per competence at sharing (profiles collections).
    #[serde(default)]
    pub competences: Vec<CompetenceScore>,
}

impl SharedResults {
    /// Reads a stored snapshot (an unreadable one counts as empty).
    pub fn parse(json: Option<&str>) -> SharedResults {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The compact form of a learner's `mastery` that is stored beside the snapshot and read
    /// by the campaign analysis: (fingerprint of its target, validated positions).
    pub fn compact(mastery: &Mastery<'_>) -> (String, String) {
        (mastery.target().fingerprint(), mastery.to_bits())
    }

    /// The mastery of `target` this snapshot records.
    pub fn mastery<'t>(&self, target: &'t TargetSkills) -> Mastery<'t> {
        let elements: Vec<KnowledgeElement> = self
            .validated
            .iter()
            .map(|skill| KnowledgeElement {
                skill: skill.clone(),
                status: KeStatus::Validated,
                source: KeSource::Direct,
                earned_pix: 0.0,
                created_at: 0,
            })
            .collect();
        Mastery::of(target, &elements)
    }
}
