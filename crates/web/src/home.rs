//! `GET /`: the welcome page, with the framework's areas and competences.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::MaybeUser;
use crate::i18n::{Lang, num};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// One area and its competences, as shown.
struct AreaView {
    code: String,
    title: String,
    competences: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    areas: Vec<AreaView>,
    lead: String,
    version: String,
    signed_in: bool,
    deleted: bool,
}

/// `?compte=supprime` after an account deletion.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    compte: String,
}

/// Renders the welcome page.
#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Query(q): Query<HomeQuery>,
) -> Result<Html<String>, WebError> {
    let live = state.live();
    let f = &live.framework;
    let code = lang.code();
    let areas = f
        .areas()
        .iter()
        .map(|a| AreaView {
            code: a.code.clone(),
            title: a.title.get(code).to_owned(),
            competences: f
                .competences_of(&a.code)
                .map(|c| {
                    (
                        c.code.clone(),
                        c.title.get(code).to_owned(),
                        c.description.get(code).to_owned(),
                    )
                })
                .collect(),
        })
        .collect();
    let lead = lang.t_args(
        "home-lead",
        &[
            ("competences", num(f.competences().len() as u32)),
            ("areas", num(f.areas().len() as u32)),
        ],
    );
    let page = HomePage {
        chrome: Chrome::visitor(lang, &session, user.0.as_ref(), "/").await?,
        areas,
        lead,
        version: live.version.clone(),
        signed_in: user.0.is_some(),
        deleted: q.compte == "supprime",
    };
    Ok(Html(page.render()?))
}
