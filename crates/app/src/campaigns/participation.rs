//! A learner's participation after joining: its status as the test ends, the results it would
//! share, and sharing them with the organisation.

use acquis_core::campaign::{CampaignType, Mastery, ParticipationStatus};
use acquis_core::ids::{ParticipationId, UserId};
use acquis_core::scoring;
use acquis_store::{AssessmentState, CompactResults, ShareOutcome};

use super::join::definition;
use super::{CampaignError, CampaignRecord, ParticipationRecord, SharedResults};
use crate::App;
use crate::evaluations::to_core;

/// Moves a participation to `TO_SHARE` once its test is over.
pub async fn refresh(
    app: &App,
    p: ParticipationRecord,
) -> Result<ParticipationRecord, CampaignError> {
    if p.status != ParticipationStatus::Started {
        return Ok(p);
    }
    let Some(assessment_id) = p.assessment_id else {
        return Ok(p);
    };
    let done = app
        .store
        .assessment(assessment_id)
        .await?
        .is_some_and(|a| a.state == AssessmentState::Completed);
    if !done {
        return Ok(p);
    }
    app.store.participation_to_share(p.id).await?;
    Ok(app.store.participation(p.id).await?.unwrap_or(p))
}

/// A participation of `user`, brought up to date ([`refresh`]), or `NotFound`.
pub async fn owned(
    app: &App,
    user: UserId,
    id: ParticipationId,
) -> Result<ParticipationRecord, CampaignError> {
    match app.store.participation(id.get()).await? {
        Some(p) if p.user_id == user.get() => refresh(app, p).await,
        _ => Err(CampaignError::NotFound),
    }
}

/// The learner's latest participation in `campaign`, brought up to date ([`refresh`]).
pub async fn latest(
    app: &App,
    user_id: i64,
    campaign: &CampaignRecord,
) -> Result<Option<ParticipationRecord>, CampaignError> {
    match app.store.latest_participation(campaign.id, user_id).await? {
        Some(p) => Ok(Some(refresh(app, p).await?)),
        None => Ok(None),
    }
}

/// The learner's latest participation in `campaign` as stored (not brought up to date).
pub async fn previous(
    app: &App,
    user_id: i64,
    campaign: &CampaignRecord,
) -> Result<Option<ParticipationRecord>, CampaignError> {
    Ok(app.store.latest_participation(campaign.id, user_id).await?)
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
    app: &App,
    campaign: &CampaignRecord,
    p: &ParticipationRecord,
) -> Result<Sharing, CampaignError> {
    let live = app.live();
    let elements = to_core(&app.store.knowledge_elements_of(p.user_id).await?);
    match campaign.kind {
        CampaignType::Assessment => {
            let definition = definition(app, campaign)
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

/// What a share did, with the participation as it now is.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    /// The results were shared by this call.
    Now(ParticipationRecord),
    /// They were shared already (a double click, a retry, a concurrent request): nothing changed.
    Already(ParticipationRecord),
}

impl Shared {
    /// The participation, shared.
    pub fn record(&self) -> &ParticipationRecord {
        match self {
            Shared::Now(p) | Shared::Already(p) => p,
        }
    }
}

/// Shares a finished participation's results with the organisation, once: of several shares
/// at once, one writes and the others answer `Shared::Already`.
pub async fn share(
    app: &App,
    user: UserId,
    participation: ParticipationId,
) -> Result<Shared, CampaignError> {
    let p = owned(app, user, participation).await?;
    if p.status == ParticipationStatus::Shared {
        return Ok(Shared::Already(p));
    }
    if p.status != ParticipationStatus::ToShare {
        return Err(CampaignError::NotFinished);
    }
    let campaign = app
        .store
        .campaign(p.campaign_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    let sharing = current_results(app, &campaign, &p).await?;
    let compact = sharing
        .compact
        .as_ref()
        .map(|(target, bits)| CompactResults {
            target: target.as_str(),
            bits: bits.as_str(),
        });
    let outcome = app
        .store
        .share_participation(
            p.id,
            sharing.mastery_rate,
            sharing.pix_score,
            &sharing.results.to_json(),
            compact,
            app.now(),
        )
        .await?;
    let now = app.store.participation(p.id).await?.unwrap_or(p);
    Ok(match outcome {
        ShareOutcome::Shared => Shared::Now(now),
        ShareOutcome::AlreadyShared => Shared::Already(now),
    })
}
