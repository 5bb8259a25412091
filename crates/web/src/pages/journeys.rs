//! `/mes-parcours`: the campaigns the learner joined, each with where it stands and the way
//! back (to the test in progress, or to the results, to send them or see them again).

use acquis_core::campaign::ParticipationStatus;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::orga::date;
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// One campaign joined.
pub struct JourneyItem {
    code: String,
    title: String,
    organization: String,
    status: &'static str,
    status_label: String,
    icon: &'static str,
    action: String,
    joined: String,
    archived: bool,
}

#[derive(Template)]
#[template(path = "journeys.html")]
struct JourneysPage {
    chrome: Chrome,
    journeys: Vec<JourneyItem>,
}

/// The learner's campaigns, newest first.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let journeys = acquis_app::learner::journeys(&state.app, user.user.id)
        .await?
        .into_iter()
        .map(|j| {
            let (status, label, action, icon) = match j.status {
                ParticipationStatus::Started => {
                    ("started", "journey-started", "journey-resume", "half")
                }
                ParticipationStatus::ToShare => (
                    "to-share",
                    "journey-to-share",
                    "journey-see-and-send",
                    "arrow",
                ),
                ParticipationStatus::Shared => ("shared", "journey-shared", "journey-see", "check"),
            };
            JourneyItem {
                code: j.code,
                title: j.title,
                organization: j.organization,
                status,
                status_label: lang.t(label),
                icon: crate::view::icons::svg(icon),
                action: lang.t(action),
                joined: date(lang, j.created_at),
                archived: j.archived_at.is_some(),
            }
        })
        .collect();
    let page = JourneysPage {
        chrome: Chrome::of(lang, &user, "/mes-parcours").await?,
        journeys,
    };
    Ok(Html(page.render()?).into_response())
}
