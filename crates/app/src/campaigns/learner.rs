//! Which learner of the organisation a joining account is, following `core`'s reconciliation
//! rules (`acquis_core::campaign::reconciliation`): the learner it is already linked to, else
//! an imported learner matching the identity it gives, else (when the organisation allows it)
//! a learner made from the account's names. This module only decides; the link is written
//! with the participation, in the join's transaction.

use acquis_core::campaign::reconciliation::{
    Candidate, Identity, Match, Requirement, find, requirement,
};
use acquis_store::LearnerLink;

use super::{CampaignError, CampaignRecord};
use crate::App;

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
    app: &App,
    campaign: &CampaignRecord,
    user_id: i64,
) -> Result<Option<Requirement>, CampaignError> {
    if app
        .store
        .learner_of_user(campaign.organization_id, user_id)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    Ok(match requirement_of(app, campaign).await? {
        Requirement::FromAccount => None,
        asked => Some(asked),
    })
}

async fn requirement_of(
    app: &App,
    campaign: &CampaignRecord,
) -> Result<Requirement, CampaignError> {
    let org = app
        .store
        .organization(campaign.organization_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    let kind = org.kind;
    let imported = app.store.has_imported_learners(org.id).await?;
    Ok(requirement(kind, imported))
}

/// The names a learner made from an account carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountNames {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
}

/// Which learner `user_id` is in the organisation of `campaign`, as the rules say; writes
/// nothing (see [`Decided::link`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// The learner it is linked to.
    Linked(i64),
    /// A free imported learner to link.
    Imported(i64),
    /// A learner to make from the account's names.
    FromAccount(AccountNames),
}

impl Decided {
    /// The link to write with the participation.
    pub fn link(&self) -> LearnerLink<'_> {
        match self {
            Decided::Linked(id) => LearnerLink::Linked(*id),
            Decided::Imported(id) => LearnerLink::Imported(*id),
            Decided::FromAccount(names) => LearnerLink::FromAccount {
                first_name: &names.first_name,
                last_name: &names.last_name,
            },
        }
    }
}

/// Decides which learner `user_id` is in the organisation of `campaign`; refuses when the
/// identity is needed, wrong, unknown or taken.
pub async fn resolve(
    app: &App,
    campaign: &CampaignRecord,
    user_id: i64,
    claim: &Claim,
) -> Result<Decided, CampaignError> {
    let org = campaign.organization_id;
    if let Some(learner) = app.store.learner_of_user(org, user_id).await? {
        return Ok(Decided::Linked(learner.id));
    }
    match requirement_of(app, campaign).await? {
        Requirement::FromAccount => return from_account(app, user_id).await,
        Requirement::MatchOptional if claim.is_empty() => return from_account(app, user_id).await,
        Requirement::MatchRequired if claim.is_empty() => {
            return Err(CampaignError::IdentityRequired);
        }
        Requirement::MatchOptional | Requirement::MatchRequired => {}
    }
    let identity = Identity::parse(&claim.first_name, &claim.last_name, &claim.birthdate)
        .map_err(CampaignError::InvalidIdentity)?;
    let learners = app
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
        Match::Free(i) => Ok(Decided::Imported(learners[i].id)),
        Match::Taken => Err(CampaignError::LearnerTaken),
        Match::None => Err(CampaignError::LearnerNotFound),
    }
}

async fn from_account(app: &App, user_id: i64) -> Result<Decided, CampaignError> {
    let user = app
        .store
        .user(user_id)
        .await?
        .ok_or(CampaignError::NotFound)?;
    Ok(Decided::FromAccount(AccountNames {
        first_name: user.first_name,
        last_name: user.last_name,
    }))
}
