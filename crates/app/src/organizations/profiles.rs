//! Target profiles of an organisation, and what an assessment campaign measures: its
//! profile's definition resolved against the live framework.

use acquis_core::Framework;
use acquis_core::campaign::{Badge, Stages, TargetSkills};
use acquis_core::ids::TargetProfileId;
use acquis_store::{CampaignRecord, TargetProfileRecord};

use crate::App;
use crate::campaigns::ProfileDefinition;
use crate::organizations::{Membership, OrgError};

/// A target profile to create (its definition already checked by `core`).
#[derive(Debug, Clone)]
pub struct NewProfile<'a> {
    /// Name.
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Expected test length, in minutes.
    pub minutes: Option<i32>,
    /// Tubes, stages and badges.
    pub definition: &'a ProfileDefinition,
}

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

impl App {
    /// The organisation's target profiles.
    pub async fn target_profiles(
        &self,
        membership: &Membership,
    ) -> Result<Vec<TargetProfileRecord>, OrgError> {
        Ok(self.store.target_profiles(membership.id().get()).await?)
    }

    /// A target profile of the organisation; `NotFound` if it is another's.
    pub async fn target_profile(
        &self,
        membership: &Membership,
        id: TargetProfileId,
    ) -> Result<TargetProfileRecord, OrgError> {
        self.store
            .target_profile(id.get())
            .await?
            .filter(|p| p.organization_id == membership.id().get())
            .ok_or(OrgError::NotFound("target profile"))
    }

    /// Stores a target profile of the organisation.
    pub async fn create_target_profile(
        &self,
        membership: &Membership,
        profile: &NewProfile<'_>,
    ) -> Result<TargetProfileRecord, OrgError> {
        Ok(self
            .store
            .create_target_profile(
                membership.id().get(),
                profile.name,
                profile.description,
                profile.minutes,
                &profile.definition.to_json(),
                self.now(),
            )
            .await?)
    }

    /// The target of `campaign`, if it is an assessment on a readable target profile.
    pub async fn campaign_target(
        &self,
        campaign: &CampaignRecord,
        framework: &Framework,
    ) -> Result<Option<CampaignTarget>, OrgError> {
        let Some(id) = campaign.target_profile_id else {
            return Ok(None);
        };
        let Some(record) = self.store.target_profile(id).await? else {
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
