//! A target profile's stored definition: the target (tubes with caps, or whole competences),
//! its stages and its badges, as `core` types serialised to JSON.

use acquis_core::Framework;
use acquis_core::campaign::{Badge, Stages, TargetProfile, TargetSkills};
use serde::{Deserialize, Serialize};

/// What `target_profiles.definition` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileDefinition {
    /// The target: tubes with level caps, or whole competences.
    pub profile: TargetProfile,
    /// Stages (thresholds with messages), if any.
    #[serde(default)]
    pub stages: Option<Stages>,
    /// Badges, if any.
    #[serde(default)]
    pub badges: Vec<Badge>,
}

impl ProfileDefinition {
    /// Reads a stored definition.
    pub fn parse(json: &str) -> Result<ProfileDefinition, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The target skills in `framework` (only skills that have a servable challenge).
    pub fn target(&self, framework: &Framework) -> TargetSkills {
        self.profile.resolve(framework)
    }
}
