//! Why a learner's campaign step was refused, with a stable code per reason.

use crate::AppError;
use acquis_core::campaign::RetryRefusal;
use acquis_core::campaign::reconciliation::IdentityField;
use acquis_store::StoreError;

use crate::evaluations::EvalError;

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
    Store(#[from] AppError),
}

impl CampaignError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            CampaignError::NotFound => "not_found",
            CampaignError::Archived => "campaign_archived",
            CampaignError::ExternalIdRequired => "external_id_required",
            CampaignError::InvalidExternalId => "invalid_external_id",
            CampaignError::NotFinished => "not_finished",
            CampaignError::Retry(_) => "retry_refused",
            CampaignError::IdentityRequired => "identity_required",
            CampaignError::InvalidIdentity(_) => "invalid_identity",
            CampaignError::LearnerNotFound => "learner_not_found",
            CampaignError::LearnerTaken => "learner_already_linked",
            CampaignError::BrokenProfile | CampaignError::Store(_) => "internal",
        }
    }
}

impl From<EvalError> for CampaignError {
    fn from(e: EvalError) -> Self {
        match e {
            EvalError::Store(e) => CampaignError::Store(e),
            _ => CampaignError::NotFound,
        }
    }
}

impl From<StoreError> for CampaignError {
    fn from(e: StoreError) -> Self {
        CampaignError::Store(e.into())
    }
}
