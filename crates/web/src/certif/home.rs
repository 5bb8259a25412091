//! `/certif`: the centres of the signed-in user (straight to the only one), and
//! `/certif/{centre}`: one centre's sessions, filtered by status and dates, each with its
//! number of candidates.

use acquis_app::certification::{CentreId, SessionFilter, SessionStatus};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::certif::{CentreNav, require_member, status_key};
use crate::i18n::Lang;
use crate::orga::{iso_date, role_label_key};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// A centre in the list.
pub struct CentreItem {
    id: i64,
    name: String,
    role: String,
}

#[derive(Template)]
#[template(path = "certif/index.html")]
struct IndexPage {
    chrome: Chrome,
    centres: Vec<CentreItem>,
}

/// The signed-in user's centres; straight to the only one.
pub async fn index(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let centres = state.app.centres_of(user.user.id).await?;
    if let [(centre, _)] = centres.as_slice() {
        return Ok(crate::pages::redirect_to(&format!("/certif/{}", centre.id)).into_response());
    }
    let centres = centres
        .into_iter()
        .map(|(c, role)| CentreItem {
            id: c.id,
            name: c.name,
            role: lang.t(role_label_key(role)),
        })
        .collect();
    let chrome = Chrome::of(lang, &user, "/certif").await?;
    Ok(Html(IndexPage { chrome, centres }.render()?).into_response())
}

/// The filters of the session list, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    statut: String,
    #[serde(default)]
    du: String,
    #[serde(default)]
    au: String,
}

/// A session in the list.
pub struct SessionItem {
    id: i64,
    date: String,
    time: String,
    site: String,
    room: String,
    examiners: String,
    status: String,
    candidates: i64,
}

/// A status the filter offers.
pub struct StatusOption {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "certif/home.html")]
struct HomePage {
    chrome: Chrome,
    nav: CentreNav,
    sessions: Vec<SessionItem>,
    statuses: Vec<StatusOption>,
    from: String,
    to: String,
    filtered: bool,
}

fn date_filter(typed: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d")
        .ok()
        .map(|d| d.to_string())
}

/// One centre's sessions.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let filter = SessionFilter {
        status: SessionStatus::parse(&q.statut),
        from: date_filter(&q.du),
        to: date_filter(&q.au),
    };
    let sessions = state
        .app
        .centre_sessions(&membership, &filter)
        .await?
        .into_iter()
        .map(|s| SessionItem {
            id: s.id,
            date: iso_date(lang, &s.session_date),
            time: s.session_time.clone(),
            status: lang.t(status_key(s.status())),
            candidates: s.candidate_count,
            site: s.site,
            room: s.room,
            examiners: s.examiners,
        })
        .collect();
    let statuses = SessionStatus::ALL
        .into_iter()
        .map(|s| StatusOption {
            value: s.as_str(),
            label: lang.t(status_key(s)),
            selected: filter.status == Some(s),
        })
        .collect();
    let chrome = Chrome::of(lang, &user, &format!("/certif/{centre}")).await?;
    let page = HomePage {
        chrome,
        nav: CentreNav::new(&membership, "sessions"),
        sessions,
        statuses,
        filtered: filter.status.is_some() || filter.from.is_some() || filter.to.is_some(),
        from: filter.from.unwrap_or_default(),
        to: filter.to.unwrap_or_default(),
    };
    Ok(Html(page.render()?).into_response())
}
