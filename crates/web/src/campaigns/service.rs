//! The learner's side of a campaign: join by code, take the test, see the results, share.

use acquis_core::account::Email;
use acquis_core::campaign::reconciliation::IdentityField;
use acquis_core::campaign::{
    CampaignCode, CampaignType, ExternalIdKind, Mastery, ParticipationStatus, RetryRefusal,
    Sendings, may_retry,
};
use acquis_core::scoring;
use acquis_store::{
    AssessmentKind, AssessmentState, CampaignRecord, CompactResults, NewAssessment,
    ParticipationRecord, StoreError,
};
use rand::RngCore;

use crate::AppState;
use crate::campaigns::learner::{self, Claim};
use crate::campaigns::{ProfileDefinition, SharedResults};
use crate::evaluation;

/// Why a campaign step was refused.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// No campaign with this code (or not the caller's participation).
    #[error("campaign not found")]
    NotFound,
    /// The campaign is archived.
    #[error("the campaign is archived")]
    Archived,
    /// The campaign asks for an external id.
    #[error("the campaign needs an identifier")]
    ExternalIdRequired,
    /// The external id must be an email address.
    #[error("the identifier must be an email address")]
    InvalidExternalId,
    /// The test is not finished.
    #[error("the test is not finished")]
    NotFinished,
    /// A new participation is not allowed.
    #[error("cannot take part again: {0:?}")]
    Retry(RetryRefusal),
    /// The organisation needs the learner's identity (first name, last name, birth date).
    #[error("the organisation needs your first name, last name and birth date")]
    IdentityRequired,
    /// Fields of the identity given are missing or wrong.
    #[error("invalid identity: {0:?}")]
    InvalidIdentity(Vec<IdentityField>),
    /// No learner of the organisation matches the identity given.
    #[error("no learner of the organisation matches this identity")]
    LearnerNotFound,
    /// The learner matching the identity is linked to another account.
    #[error("this learner is already linked to another account")]
    LearnerTaken,
    /// The campaign's target profile is broken.
    #[error("the campaign's target profile cannot be read")]
    BrokenProfile,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<evaluation::EvalError> for CampaignError {
    fn from(e: evaluation::EvalError) -> Self {
        match e {
            evaluation::EvalError::Store(e) => CampaignError::Store(e),
            _ => CampaignError::NotFound,
        }
    }
}

/// A campaign by the code a learner typed (any case, spaces trimmed).
pub async fn find(state: &AppState, code: &str) -> Result<CampaignRecord, CampaignError> {
    let code = CampaignCode::parse(code).map_err(|_| CampaignError::NotFound)?;
    state
        .store
        .campaign_by_code(code.as_str())
        .await?
        .ok_or(CampaignError::NotFound)
}

/// The campaign's target profile definition.
pub async fn definition(
    state: &AppState,
    campaign: &CampaignRecord,
) -> Result<Option<ProfileDefinition>, CampaignError> {
    let Some(id) = campaign.target_profile_id else {
        return Ok(None);
    };
    let profile = state
        .store
        .target_profile(id)
        .await?
        .ok_or(CampaignError::BrokenProfile)?;
    ProfileDefinition::parse(&profile.definition)
        .map(Some)
        .map_err(|_| CampaignError::BrokenProfile)
}

fn kind_of(campaign: &CampaignRecord) -> CampaignType {
    campaign.kind
}

/// Joins a campaign, or returns the participation in progress. A shared participation is
/// returned as is unless the campaign allows several sendings and the retry delay is over. A
/// new participation belongs to the organisation learner the account is (`claim` is the
/// identity it gives, see [`learner::resolve`]); nothing is created when that is refused.
pub async fn join(
    state: &AppState,
    user_id: i64,
    campaign: &CampaignRecord,
    external_id: Option<&str>,
    claim: &Claim,
    locale: &str,
) -> Result<ParticipationRecord, CampaignError> {
    if campaign.archived_at.is_some() {
        return Err(CampaignError::Archived);
    }
    let previous = state
        .store
        .latest_participation(campaign.id, user_id)
        .await?;
    let retry = match &previous {
        Some(p) if p.status != ParticipationStatus::Shared => {
            return refresh(state, p.clone()).await;
        }
        Some(p) => {
            let sendings = Sendings::from(campaign.multiple_sendings);
            let shared_at = p.shared_at.map(|t| t.timestamp());
            let done = definition(state, campaign).await?.map(|d| {
                let target = d.target(&state.live().framework);
                SharedResults::parse(p.results.as_deref())
                    .mastery(&target)
                    .overall()
            });
            match may_retry(
                sendings,
                shared_at,
                done.unwrap_or_default(),
                chrono::Utc::now().timestamp(),
            ) {
                Ok(()) => true,
                Err(_) => return Ok(p.clone()),
            }
        }
        None => false,
    };
    let external_id = match (
        &campaign.external_id_label,
        external_id.map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (Some(_), None) => match &previous {
            Some(p) if p.external_id.is_some() => p.external_id.clone(),
            _ => return Err(CampaignError::ExternalIdRequired),
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
            Some(id.chars().take(255).collect())
        }
        (None, _) => None,
    };
    let learner_id = learner::resolve(state, campaign, user_id, claim).await?;
    let assessment_id = match kind_of(campaign) {
        CampaignType::ProfilesCollection => None,
        CampaignType::Assessment => {
            let definition = definition(state, campaign)
                .await?
                .ok_or(CampaignError::BrokenProfile)?;
            let live = state.live();
            let seed = rand::rng().next_u64() as i64;
            let skills = definition
                .target(&live.framework)
                .ids()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            let assessment = state
                .store
                .create_assessment(NewAssessment {
                    user_id,
                    kind: AssessmentKind::Campaign,
                    competence: None,
                    seed,
                    release_id: live.release_id,
                    locale,
                    improving: retry,
                })
                .await?;
            state
                .store
                .set_assessment_target(
                    assessment.id,
                    &serde_json::to_string(&skills).unwrap_or_default(),
                )
                .await?;
            Some(assessment.id)
        }
    };
    let participation = state
        .store
        .create_participation(
            campaign.id,
            user_id,
            external_id.as_deref(),
            assessment_id,
            retry,
        )
        .await?;
    state
        .store
        .set_participation_learner(participation.id, learner_id)
        .await?;
    let participation = ParticipationRecord {
        organization_learner_id: Some(learner_id),
        ..participation
    };
    if assessment_id.is_none() {
        state.store.participation_to_share(participation.id).await?;
        return Ok(state
            .store
            .participation(participation.id)
            .await?
            .unwrap_or(participation));
    }
    Ok(participation)
}

/// Moves a participation to `TO_SHARE` once its test is over.
pub async fn refresh(
    state: &AppState,
    p: ParticipationRecord,
) -> Result<ParticipationRecord, CampaignError> {
    if p.status != ParticipationStatus::Started {
        return Ok(p);
    }
    let Some(assessment_id) = p.assessment_id else {
        return Ok(p);
    };
    let done = state
        .store
        .assessment(assessment_id)
        .await?
        .is_some_and(|a| a.state == AssessmentState::Completed);
    if !done {
        return Ok(p);
    }
    state.store.participation_to_share(p.id).await?;
    Ok(state.store.participation(p.id).await?.unwrap_or(p))
}

/// A participation of `user_id`, or `NotFound`.
pub async fn owned(
    state: &AppState,
    user_id: i64,
    id: i64,
) -> Result<ParticipationRecord, CampaignError> {
    match state.store.participation(id).await? {
        Some(p) if p.user_id == user_id => refresh(state, p).await,
        _ => Err(CampaignError::NotFound),
    }
}

/// What sharing a participation now would record.
#[derive(Debug, Clone, PartialEq)]
pub struct Sharing {
    /// The snapshot.
    pub results: SharedResults,
    /// Mastery rate (assessment campaigns).
    pub mastery_rate: Option<f64>,
    /// Pix (profiles collections).
    pub pix_score: Option<i32>,
    /// The compact form the analysis reads (assessment campaigns; see
    /// [`SharedResults::compact`]).
    pub compact: Option<(String, String)>,
}

/// The results a participation would share now.
pub async fn current_results(
    state: &AppState,
    campaign: &CampaignRecord,
    p: &ParticipationRecord,
) -> Result<Sharing, CampaignError> {
    let live = state.live();
    let elements = evaluation::to_core(&state.store.knowledge_elements_of(p.user_id).await?);
    match kind_of(campaign) {
        CampaignType::Assessment => {
            let definition = definition(state, campaign)
                .await?
                .ok_or(CampaignError::BrokenProfile)?;
            let target = definition.target(&live.framework);
            let mastery = Mastery::of(&target, &elements);
            let validated = target
                .ids()
                .filter(|s| mastery.is_validated(s))
                .map(str::to_owned)
                .collect();
            Ok(Sharing {
                results: SharedResults {
                    validated,
                    competences: vec![],
                },
                mastery_rate: Some(mastery.overall().rate()),
                pix_score: None,
                compact: Some(SharedResults::compact(&mastery)),
            })
        }
        CampaignType::ProfilesCollection => {
            let scores = scoring::competence_scores(&live.framework, &elements);
            let pix = scoring::global_score(&scores) as i32;
            Ok(Sharing {
                results: SharedResults {
                    validated: vec![],
                    competences: scores,
                },
                mastery_rate: None,
                pix_score: Some(pix),
                compact: None,
            })
        }
    }
}

/// Shares a finished participation's results with the organisation.
pub async fn share(
    state: &AppState,
    user_id: i64,
    participation_id: i64,
) -> Result<ParticipationRecord, CampaignError> {
    let p = owned(state, user_id, participation_id).await?;
    if p.status == ParticipationStatus::Shared {
        return Ok(p);
    }
    if p.status != ParticipationStatus::ToShare {
        return Err(CampaignError::NotFinished);
    }
    let campaign = state
        .store
        .campaign(p.campaign_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    let sharing = current_results(state, &campaign, &p).await?;
    let compact = sharing
        .compact
        .as_ref()
        .map(|(target, bits)| CompactResults {
            target: target.as_str(),
            bits: bits.as_str(),
        });
    state
        .store
        .share_participation(
            p.id,
            sharing.mastery_rate,
            sharing.pix_score,
            &sharing.results.to_json(),
            compact,
        )
        .await?;
    Ok(state.store.participation(p.id).await?.unwrap_or(p))
}
