//! Finding a campaign by its code and joining it. A join decides everything first (the retry,
//! the external id, the organisation learner, the test's target) and then commits once, in one
//! store transaction (`Store::join_campaign`): a failure leaves no row behind, and concurrent
//! joins of one account give one participation.

use acquis_core::account::Email;
use acquis_core::campaign::{
    CampaignCode, CampaignType, ExternalIdKind, ParticipationStatus, Sendings, may_retry,
};
use acquis_store::{CampaignAssessment, Joined, NewJoin, StoreError};
use rand::RngCore;

use super::learner::{self, Claim};
use super::participation::refresh;
use super::{CampaignError, CampaignRecord, ParticipationRecord, ProfileDefinition, SharedResults};
use crate::App;

/// A campaign by the code a learner typed (any case, spaces trimmed).
pub async fn find(app: &App, code: &str) -> Result<CampaignRecord, CampaignError> {
    let code = CampaignCode::parse(code).map_err(|_| CampaignError::NotFound)?;
    app.store
        .campaign_by_code(code.as_str())
        .await?
        .ok_or(CampaignError::NotFound)
}

/// The campaign's target profile definition (`None` for a profiles collection).
pub async fn definition(
    app: &App,
    campaign: &CampaignRecord,
) -> Result<Option<ProfileDefinition>, CampaignError> {
    let Some(id) = campaign.target_profile_id else {
        return Ok(None);
    };
    let profile = app
        .store
        .target_profile(id)
        .await?
        .ok_or(CampaignError::BrokenProfile)?;
    ProfileDefinition::parse(&profile.definition)
        .map(Some)
        .map_err(|_| CampaignError::BrokenProfile)
}

/// The name of the organisation running `campaign` (empty if it is gone).
pub async fn organization_name(
    app: &App,
    campaign: &CampaignRecord,
) -> Result<String, CampaignError> {
    Ok(app
        .store
        .organization(campaign.organization_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}

/// The external id a join records: required when the campaign asks for one (unless an earlier
/// participation gave it), checked as an email when it must be one, at most 255 characters.
fn external_id_of(
    campaign: &CampaignRecord,
    given: Option<&str>,
    previous: Option<&ParticipationRecord>,
) -> Result<Option<String>, CampaignError> {
    match (
        &campaign.external_id_label,
        given.map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (Some(_), None) => match previous {
            Some(p) if p.external_id.is_some() => Ok(p.external_id.clone()),
            _ => Err(CampaignError::ExternalIdRequired),
        },
        (Some(_), Some(id)) => {
            let kind: ExternalIdKind = campaign
                .external_id_kind
                .as_deref()
                .unwrap_or("text")
                .parse()
                .unwrap_or(ExternalIdKind::Text);
            // An identifier is printed in exports and pages: no NUL or control characters.
            if id.chars().any(char::is_control)
                || (kind == ExternalIdKind::Email && Email::parse(id).is_err())
            {
                return Err(CampaignError::InvalidExternalId);
            }
            Ok(Some(id.chars().take(255).collect()))
        }
        (None, _) => Ok(None),
    }
}

/// What joining after `previous` means: `Ok(true)` for a retry, `Ok(false)` for a first
/// participation, `Err(p)` when the participation to return is `p` (in progress, or shared and
/// not to be taken again yet).
async fn retry_after(
    app: &App,
    campaign: &CampaignRecord,
    previous: Option<&ParticipationRecord>,
) -> Result<Result<bool, ParticipationRecord>, CampaignError> {
    let Some(p) = previous else {
        return Ok(Ok(false));
    };
    if p.status != ParticipationStatus::Shared {
        return Ok(Err(refresh(app, p.clone()).await?));
    }
    let sendings = Sendings::from(campaign.multiple_sendings);
    let shared_at = p.shared_at.map(|t| t.timestamp());
    let done = definition(app, campaign).await?.map(|d| {
        let target = d.target(&app.live().framework);
        SharedResults::parse(p.results.as_deref())
            .mastery(&target)
            .overall()
    });
    Ok(
        match may_retry(
            sendings,
            shared_at,
            done.unwrap_or_default(),
            app.now().timestamp(),
        ) {
            Ok(()) => Ok(true),
            Err(_) => Err(p.clone()),
        },
    )
}

/// Joins a campaign, or returns the participation in progress. A shared participation is
/// returned as is unless the campaign allows several sendings and the retry delay is over. A
/// new participation belongs to the organisation learner the account is (`claim` is the
/// identity it gives, see [`learner::resolve`]); nothing is written when that is refused, and
/// everything (learner link, assessment, target, participation) in one transaction otherwise.
pub async fn join(
    app: &App,
    user_id: i64,
    campaign: &CampaignRecord,
    external_id: Option<&str>,
    claim: &Claim,
    locale: &str,
) -> Result<ParticipationRecord, CampaignError> {
    if campaign.archived_at.is_some() {
        return Err(CampaignError::Archived);
    }
    let previous = app.store.latest_participation(campaign.id, user_id).await?;
    let retry = match retry_after(app, campaign, previous.as_ref()).await? {
        Ok(retry) => retry,
        Err(current) => return Ok(current),
    };
    let external_id = external_id_of(campaign, external_id, previous.as_ref())?;
    let learner = learner::resolve(app, campaign, user_id, claim).await?;
    let live = app.live();
    let (skills_json, status) = match campaign.kind {
        CampaignType::ProfilesCollection => (None, ParticipationStatus::ToShare),
        CampaignType::Assessment => {
            let definition = definition(app, campaign)
                .await?
                .ok_or(CampaignError::BrokenProfile)?;
            let skills = definition
                .target(&live.framework)
                .ids()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            let json = serde_json::to_string(&skills).unwrap_or_default();
            (Some(json), ParticipationStatus::Started)
        }
    };
    let seed = rand::rng().next_u64() as i64;
    let joined = app
        .store
        .join_campaign(NewJoin {
            campaign_id: campaign.id,
            organization_id: campaign.organization_id,
            user_id,
            previous: previous.as_ref().map(|p| p.id),
            learner: learner.link(),
            external_id: external_id.as_deref(),
            improved: retry,
            assessment: skills_json
                .as_deref()
                .map(|skills_json| CampaignAssessment {
                    seed,
                    release_id: live.release_id,
                    locale,
                    skills_json,
                }),
            status,
            now: app.now(),
        })
        .await;
    match joined {
        Ok(Joined::Created(p)) => Ok(p),
        Ok(Joined::Raced(p)) => Ok(refresh(app, p).await?),
        Err(StoreError::Conflict(_)) => Err(CampaignError::LearnerTaken),
        Err(e) => Err(e.into()),
    }
}
