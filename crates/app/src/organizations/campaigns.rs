//! Campaigns of an organisation: created from checked settings under a fresh code (drawn by
//! `core`, drawn again while the store says it is taken — the one code draw of the product,
//! used by the portal and by `acquis demo`), listed, archived and unarchived.

use acquis_core::campaign::{CampaignCode, CampaignType};
use acquis_core::ids::TargetProfileId;
use acquis_store::{CampaignRecord, NewCampaign, StoreError};

use crate::App;
use crate::organizations::{Membership, OrgError};

/// How many codes to draw before giving up (a clash is already rare: 17⁶·7³ codes).
const CODE_ATTEMPTS: usize = 10;

/// A campaign as the organisation describes it, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct CampaignForm<'a> {
    /// What it collects; `None` when the form names no known type.
    pub kind: Option<CampaignType>,
    /// The target profile (assessment campaigns), if one was chosen.
    pub target_profile: Option<TargetProfileId>,
    /// Title.
    pub title: &'a str,
    /// Landing-page text.
    pub landing_text: &'a str,
    /// Result-page text.
    pub result_text: &'a str,
    /// Result-page button text.
    pub result_button_text: &'a str,
    /// Result-page button link (`http://` or `https://`).
    pub result_button_url: &'a str,
    /// Label of the external id asked for; empty for none.
    pub external_id_label: &'a str,
    /// The external id is an email address (else any text).
    pub external_id_is_email: bool,
    /// Participants may send their results several times.
    pub multiple_sendings: bool,
}

/// What is wrong with a campaign form, in the order the form shows its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignProblem {
    /// No title.
    Title,
    /// An assessment without a target profile of the organisation.
    TargetProfile,
    /// No known campaign type.
    Kind,
    /// The button's link is not a web address.
    ButtonUrl,
    /// A button text without a link, or a link without a text.
    Button,
    /// The title is longer than [`MAX_TITLE_CHARS`].
    TitleTooLong,
    /// The landing or result text is longer than [`MAX_TEXT_CHARS`].
    TextTooLong,
    /// The button text, its link or the external id's label is longer than
    /// [`MAX_TITLE_CHARS`] (the link: [`MAX_URL_CHARS`]).
    ShortTextTooLong,
}

/// Longest campaign title, button text or external id label, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest landing or result text (markdown), in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Longest result-button link, in characters.
pub const MAX_URL_CHARS: usize = 2_000;

impl CampaignProblem {
    /// A stable code for the pages.
    pub fn code(self) -> &'static str {
        match self {
            CampaignProblem::Title => "campaign_title",
            CampaignProblem::TargetProfile => "campaign_target_profile",
            CampaignProblem::Kind => "campaign_kind",
            CampaignProblem::ButtonUrl => "campaign_button_url",
            CampaignProblem::Button => "campaign_button",
            CampaignProblem::TitleTooLong => "campaign_title_too_long",
            CampaignProblem::TextTooLong => "campaign_text_too_long",
            CampaignProblem::ShortTextTooLong => "campaign_short_text_too_long",
        }
    }
}

/// Why a campaign was not created.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// The form has problems; nothing is stored.
    #[error("invalid campaign: {0:?}")]
    Invalid(Vec<CampaignProblem>),
    /// Anything else.
    #[error(transparent)]
    Org(#[from] OrgError),
}

impl From<StoreError> for CampaignError {
    fn from(e: StoreError) -> Self {
        CampaignError::Org(e.into())
    }
}

impl App {
    /// The campaigns of the organisation, newest first.
    pub async fn campaigns(
        &self,
        membership: &Membership,
    ) -> Result<Vec<CampaignRecord>, OrgError> {
        Ok(self.store.campaigns_of(membership.id().get()).await?)
    }

    /// Creates the campaign `form` describes, created by the member, under a fresh code.
    pub async fn create_campaign(
        &self,
        membership: &Membership,
        form: &CampaignForm<'_>,
    ) -> Result<CampaignRecord, CampaignError> {
        self.create_campaign_drawing(
            membership,
            form,
            || CampaignCode::generate(&mut rand::rng()),
        )
        .await
    }

    /// [`create_campaign`](App::create_campaign) with codes from `draw` (a seeded generator
    /// makes demonstration data reproducible).
    pub async fn create_campaign_drawing(
        &self,
        membership: &Membership,
        form: &CampaignForm<'_>,
        draw: impl FnMut() -> CampaignCode + Send,
    ) -> Result<CampaignRecord, CampaignError> {
        let (kind, target_profile_id) = self.checked(membership, form).await?;
        let label = form.external_id_label.trim();
        let (external_id_label, external_id_kind) = match label {
            "" => (None, None),
            label if form.external_id_is_email => (Some(label), Some("email")),
            label => (Some(label), Some("text")),
        };
        let campaign = NewCampaign {
            organization_id: membership.id().get(),
            code: "",
            kind: kind.as_str(),
            target_profile_id,
            title: form.title.trim(),
            landing_text: form.landing_text.trim(),
            result_text: form.result_text.trim(),
            result_button_text: form.result_button_text.trim(),
            result_button_url: form.result_button_url.trim(),
            external_id_label,
            external_id_kind,
            multiple_sendings: form.multiple_sendings,
            creator_id: membership.user_id(),
        };
        Ok(self.insert_under_fresh_code(campaign, draw).await?)
    }

    /// Checks the form: the campaign's type and target profile, or every problem found.
    async fn checked(
        &self,
        membership: &Membership,
        form: &CampaignForm<'_>,
    ) -> Result<(CampaignType, Option<i64>), CampaignError> {
        let mut problems = Vec::new();
        let chars = |s: &str| s.trim().chars().count();
        if form.title.trim().is_empty() {
            problems.push(CampaignProblem::Title);
        } else if chars(form.title) > MAX_TITLE_CHARS {
            problems.push(CampaignProblem::TitleTooLong);
        }
        if chars(form.landing_text) > MAX_TEXT_CHARS || chars(form.result_text) > MAX_TEXT_CHARS {
            problems.push(CampaignProblem::TextTooLong);
        }
        if chars(form.result_button_text) > MAX_TITLE_CHARS
            || chars(form.external_id_label) > MAX_TITLE_CHARS
            || chars(form.result_button_url) > MAX_URL_CHARS
        {
            problems.push(CampaignProblem::ShortTextTooLong);
        }
        let (kind, target_profile_id) = match form.kind {
            Some(CampaignType::ProfilesCollection) => (CampaignType::ProfilesCollection, None),
            Some(CampaignType::Assessment) => {
                let profile = match form.target_profile {
                    Some(id) => self.target_profile(membership, id).await.ok(),
                    None => None,
                };
                if profile.is_none() {
                    problems.push(CampaignProblem::TargetProfile);
                }
                (CampaignType::Assessment, profile.map(|p| p.id))
            }
            None => {
                problems.push(CampaignProblem::Kind);
                (CampaignType::Assessment, None)
            }
        };
        let url = form.result_button_url.trim();
        let web_address = url.starts_with("https://") || url.starts_with("http://");
        if !url.is_empty() && !web_address {
            problems.push(CampaignProblem::ButtonUrl);
        }
        if url.is_empty() != form.result_button_text.trim().is_empty() {
            problems.push(CampaignProblem::Button);
        }
        if problems.is_empty() {
            Ok((kind, target_profile_id))
        } else {
            Err(CampaignError::Invalid(problems))
        }
    }

    /// Inserts `campaign` under a code from `draw`, drawing again while the code is taken;
    /// `NoFreeCode` after [`CODE_ATTEMPTS`] clashes.
    async fn insert_under_fresh_code(
        &self,
        campaign: NewCampaign<'_>,
        mut draw: impl FnMut() -> CampaignCode + Send,
    ) -> Result<CampaignRecord, OrgError> {
        for _ in 0..CODE_ATTEMPTS {
            let code = draw();
            let created = self
                .store
                .create_campaign(
                    NewCampaign {
                        code: code.as_str(),
                        ..campaign.clone()
                    },
                    self.now(),
                )
                .await;
            match created {
                Ok(campaign) => return Ok(campaign),
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(OrgError::NoFreeCode)
    }

    /// Archives (no new participant) or unarchives a campaign of the organisation.
    pub async fn set_campaign_archived(
        &self,
        membership: &Membership,
        campaign_id: i64,
        archived: bool,
    ) -> Result<CampaignRecord, OrgError> {
        let campaign = self.campaign_of(membership, campaign_id).await?;
        self.store
            .set_campaign_archived(campaign.id, archived.then(|| self.now()))
            .await?;
        Ok(campaign)
    }

    /// How many participations of the organisation's campaign are in each status.
    pub async fn participation_counts(
        &self,
        membership: &Membership,
        campaign: &CampaignRecord,
    ) -> Result<Vec<(String, i64)>, OrgError> {
        if campaign.organization_id != membership.id().get() {
            return Err(OrgError::NotFound("campaign"));
        }
        Ok(self.store.participation_counts(campaign.id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_campaign_problem_has_its_own_code() {
        let all = [
            CampaignProblem::Title,
            CampaignProblem::TargetProfile,
            CampaignProblem::Kind,
            CampaignProblem::ButtonUrl,
            CampaignProblem::Button,
            CampaignProblem::TitleTooLong,
            CampaignProblem::TextTooLong,
            CampaignProblem::ShortTextTooLong,
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), all.len());
    }
}
