//! The resources recommended for a cohort's gaps on the analysis page: the trainings the
//! organisation attached to the campaign's target profile (in the page's language) first, then
//! the framework's tutorials. Whether each is recommended is `core`'s rule
//! (`campaign::trainings::recommended`); this module only gathers the candidates.

use acquis_core::campaign::Training;
use acquis_store::CampaignRecord;

use crate::campaigns::trainings::of_profile;
use crate::i18n::Lang;
use crate::{AppState, WebError};

/// The organisation's trainings for `campaign`'s target profile in `lang`.
pub async fn trainings_of(
    state: &AppState,
    campaign: &CampaignRecord,
    lang: Lang,
) -> Result<Vec<Training>, WebError> {
    Ok(of_profile(state, campaign.target_profile_id, lang.code()).await?)
}

/// The candidates in the order they are offered: the organisation's trainings, then tutorials.
pub fn with_tutorials(trainings: &[Training], tutorials: Vec<Training>) -> Vec<Training> {
    trainings.iter().cloned().chain(tutorials).collect()
}
