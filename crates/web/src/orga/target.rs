//! What an assessment campaign measures: its target profile's definition resolved against the
//! live framework. Profiles collections have none.

use acquis_core::Framework;
use acquis_core::campaign::{Badge, Stages, TargetSkills};
use acquis_store::CampaignRecord;

use crate::campaigns::ProfileDefinition;
use crate::{AppState, WebError};

/// A campaign's target, stages and badges.
#[derive(Debug, Clone)]
pub struct CampaignTarget {
    /// The target profile's name.
    pub profile_name: String,
    /// The target skills.
    pub skills: TargetSkills,
    /// Stages, if the profile has some.
    pub stages: Option<Stages>,
    /// Badges.
    pub badges: Vec<Badge>,
}

impl CampaignTarget {
    /// The target of `campaign`, if it is an assessment on a readable target profile.
    pub async fn of(
        state: &AppState,
        campaign: &CampaignRecord,
        framework: &Framework,
    ) -> Result<Option<CampaignTarget>, WebError> {
        let Some(id) = campaign.target_profile_id else {
            return Ok(None);
        };
        let Some(record) = state.store.target_profile(id).await? else {
            return Ok(None);
        };
        let definition = match ProfileDefinition::parse(&record.definition) {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(profile = id, error = %e, "unreadable target profile definition");
                return Ok(None);
            }
        };
        Ok(Some(CampaignTarget {
            profile_name: record.name,
            skills: definition.target(framework),
            stages: definition.stages,
            badges: definition.badges,
        }))
    }
}
