//! Which learner of the organisation a joining account is, following `core`'s reconciliation
//! rules (`acquis_core::campaign::reconciliation`): the learner it is already linked to, else
//! an imported learner matching the identity it gives, else (when the organisation allows it)
//! a learner made from the account's names. Shared by the joining page and the API.

use acquis_core::campaign::reconciliation::{
    Candidate, Identity, Match, Requirement, find, requirement,
};
use acquis_store::{CampaignRecord, StoreError};

use crate::AppState;
use crate::campaigns::service::CampaignError;

/// What a joining account says about itself (all empty when it says nothing).
#[derive(Debug, Clone, Default)]
pub struct Claim {
    /// First name as typed.
    pub first_name: String,
    /// Last name as typed.
    pub last_name: String,
    /// Birth date as typed (`AAAA-MM-JJ` or `JJ/MM/AAAA`).
    pub birthdate: String,
}

impl Claim {
    /// A claim from optional typed values.
    pub fn new(first_name: Option<&str>, last_name: Option<&str>, birthdate: Option<&str>) -> Self {
        let own = |v: Option<&str>| v.unwrap_or_default().trim().to_string();
        Claim {
            first_name: own(first_name),
            last_name: own(last_name),
            birthdate: own(birthdate),
        }
    }

    /// Whether nothing was given.
    pub fn is_empty(&self) -> bool {
        self.first_name.is_empty() && self.last_name.is_empty() && self.birthdate.is_empty()
    }
}

/// What the organisation of `campaign` asks `user_id` on joining: `None` when the account is
/// already one of its learners or nothing needs to be asked.
pub async fn asked(
    state: &AppState,
    campaign: &CampaignRecord,
    user_id: i64,
) -> Result<Option<Requirement>, CampaignError> {
    if state
        .store
        .learner_of_user(campaign.organization_id, user_id)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    Ok(match requirement_of(state, campaign).await? {
        Requirement::FromAccount => None,
        asked => Some(asked),
    })
}

async fn requirement_of(
    state: &AppState,
    campaign: &CampaignRecord,
) -> Result<Requirement, CampaignError> {
    let org = state
        .store
        .organization(campaign.organization_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    // The kind is checked on insert; an unknown one is treated like a school's, the strictest.
    let kind = org.kind;
    let imported = state.store.has_imported_learners(org.id).await?;
    Ok(requirement(kind, imported))
}

/// The id of the learner `user_id` is in the organisation of `campaign`, linking an imported
/// learner or making one from the account's names as the rules say. Changes nothing when it
/// refuses.
pub async fn resolve(
    state: &AppState,
    campaign: &CampaignRecord,
    user_id: i64,
    claim: &Claim,
) -> Result<i64, CampaignError> {
    let org = campaign.organization_id;
    if let Some(learner) = state.store.learner_of_user(org, user_id).await? {
        return Ok(learner.id);
    }
    match requirement_of(state, campaign).await? {
        Requirement::FromAccount => return from_account(state, org, user_id).await,
        Requirement::MatchOptional if claim.is_empty() => {
            return from_account(state, org, user_id).await;
        }
        Requirement::MatchRequired if claim.is_empty() => {
            return Err(CampaignError::IdentityRequired);
        }
        Requirement::MatchOptional | Requirement::MatchRequired => {}
    }
    let identity = Identity::parse(&claim.first_name, &claim.last_name, &claim.birthdate)
        .map_err(CampaignError::InvalidIdentity)?;
    let learners = state
        .store
        .imported_learners_born_on(org, &identity.birthdate().iso())
        .await?;
    let candidates: Vec<Candidate<'_>> = learners
        .iter()
        .map(|l| Candidate {
            first_name: &l.first_name,
            last_name: &l.last_name,
            birthdate: l.birthdate.as_deref(),
            linked: l.user_id.is_some(),
        })
        .collect();
    match find(&identity, &candidates) {
        Match::Free(i) => {
            let id = learners[i].id;
            match state.store.link_learner(id, user_id).await {
                Ok(()) => Ok(id),
                Err(StoreError::Conflict(_)) => Err(CampaignError::LearnerTaken),
                Err(e) => Err(e.into()),
            }
        }
        Match::Taken => Err(CampaignError::LearnerTaken),
        Match::None => Err(CampaignError::LearnerNotFound),
    }
}

/// A learner made from the account's names (or the one a concurrent join just made).
async fn from_account(state: &AppState, org: i64, user_id: i64) -> Result<i64, CampaignError> {
    let user = state
        .store
        .user(user_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    match state
        .store
        .create_learner_from_account(org, user_id, &user.first_name, &user.last_name)
        .await
    {
        Ok(learner) => Ok(learner.id),
        Err(StoreError::Conflict(_)) => state
            .store
            .learner_of_user(org, user_id)
            .await?
            .map(|l| l.id)
            .ok_or(CampaignError::LearnerTaken),
        Err(e) => Err(e.into()),
    }
}
