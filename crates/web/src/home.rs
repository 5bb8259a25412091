//! `GET /`: the welcome page, with the framework's areas and competences.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

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
    areas: Vec<AreaView>,
    competence_count: usize,
    version: String,
}

/// Renders the welcome page.
#[tracing::instrument(skip_all)]
pub async fn show(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let live = state.live();
    let f = &live.framework;
    let areas = f
        .areas()
        .iter()
        .map(|a| AreaView {
            code: a.code.clone(),
            title: a.title.get("fr").to_owned(),
            competences: f
                .competences_of(&a.code)
                .map(|c| {
                    (
                        c.code.clone(),
                        c.title.get("fr").to_owned(),
                        c.description.get("fr").to_owned(),
                    )
                })
                .collect(),
        })
        .collect();
    let page = HomePage {
        areas,
        competence_count: f.competences().len(),
        version: live.version.clone(),
    };
    Ok(Html(page.render()?))
}
