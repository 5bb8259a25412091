//! `/tutos/{id}` (one tutorial of the live content: its text, its link, a button to keep it),
//! `/mes-tutos` (the tutorials the learner kept) and the keep/remove actions. Keeping is
//! idempotent: the store has one row per learner and tutorial, whatever the double clicks.

use acquis_core::{Tutorial, TutorialFormat};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::{CurrentUser, MaybeUser, urlencode};
use crate::i18n::{Lang, num};
use crate::pages::{Chrome, Fields, flash, local_path};
use crate::view::markdown::to_html;
use crate::{AppState, WebError};

/// Longest tutorial id looked up (content ids are short).
const MAX_ID_CHARS: usize = 200;

/// Where a tutorial card leads: its public resource when it has an http(s) link, else its page
/// here, which shows the text shipped with the content.
pub fn href(t: &Tutorial) -> String {
    match t.url.as_deref() {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => u.to_owned(),
        _ => page_href(&t.id),
    }
}

/// The tutorial's page here.
pub fn page_href(id: &str) -> String {
    format!("/tutos/{}", urlencode(id))
}

/// The label of a tutorial format.
pub fn format_name(f: TutorialFormat, lang: Lang) -> String {
    lang.t(match f {
        TutorialFormat::Text => "tuto-text",
        TutorialFormat::Page => "tuto-page",
        TutorialFormat::Video => "tuto-video",
        TutorialFormat::Audio => "tuto-audio",
        TutorialFormat::Pdf => "tuto-pdf",
        TutorialFormat::Tool => "tuto-tool",
    })
}

/// A tutorial as cards and pages show it.
pub struct TutorialCard {
    /// Content id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its language, when it differs from the page's (for `lang`).
    pub lang: Option<String>,
    /// Format and length.
    pub detail: String,
    /// Where the card leads.
    pub href: String,
    /// Whether it leads to another site.
    pub external: bool,
    /// Its page here.
    pub page: String,
    /// The text shipped with the content, rendered.
    pub text_html: Option<String>,
    /// Whether the learner kept it.
    pub saved: bool,
}

impl TutorialCard {
    /// The card of `t` in `lang`.
    pub fn new(t: &Tutorial, lang: Lang, saved: bool) -> TutorialCard {
        let href = href(t);
        TutorialCard {
            id: t.id.clone(),
            title: t.title.clone(),
            lang: crate::view::content_lang(std::slice::from_ref(&t.locale), lang),
            detail: format!(
                "{} · {}",
                format_name(t.format, lang),
                lang.t_args("tuto-minutes", &[("minutes", num(t.duration_minutes))])
            ),
            external: !href.starts_with('/'),
            href,
            page: page_href(&t.id),
            text_html: t.text.as_deref().map(to_html),
            saved,
        }
    }
}

#[derive(Template)]
#[template(path = "tutorial.html")]
struct TutorialPage {
    chrome: Chrome,
    tutorial: TutorialCard,
    signed_in: bool,
}

#[derive(Template)]
#[template(path = "my_tutorials.html")]
struct SavedPage {
    chrome: Chrome,
    tutorials: Vec<TutorialCard>,
}

fn checked_id(id: &str) -> Result<&str, WebError> {
    if id.is_empty() || id.len() > MAX_ID_CHARS || id.chars().any(char::is_control) {
        return Err(WebError::NotFound);
    }
    Ok(id)
}

/// One tutorial's page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = checked_id(&id)?;
    let live = state.live();
    let t = live.framework.tutorial(id).ok_or(WebError::NotFound)?;
    let saved = match &user.0 {
        Some(u) => acquis_app::learner::saved_tutorials(&state.app, u.user.id)
            .await?
            .iter()
            .any(|s| s.tutorial_id == t.id),
        None => false,
    };
    let page = TutorialPage {
        chrome: Chrome::visitor(lang, &session, user.0.as_ref(), &page_href(&t.id)).await?,
        tutorial: TutorialCard::new(t, lang, saved),
        signed_in: user.0.is_some(),
    };
    Ok(Html(page.render()?).into_response())
}

/// "Mes tutos": the tutorials the learner kept, newest first (those a later release dropped
/// are left out).
pub async fn saved(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let live = state.live();
    let tutorials = acquis_app::learner::saved_tutorials(&state.app, user.user.id)
        .await?
        .iter()
        .filter_map(|s| live.framework.tutorial(&s.tutorial_id))
        .map(|t| TutorialCard::new(t, lang, true))
        .collect();
    let page = SavedPage {
        chrome: Chrome::of(lang, &user, "/mes-tutos").await?,
        tutorials,
    };
    Ok(Html(page.render()?).into_response())
}

/// Keeps a tutorial, then goes back (`suite`, a local path) or to "Mes tutos".
pub async fn save(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let id = checked_id(&id)?;
    let live = state.live();
    let t = live.framework.tutorial(id).ok_or(WebError::NotFound)?;
    acquis_app::learner::save_tutorial(&state.app, user.user.id, &t.id).await?;
    flash(&user.session, "success", lang.t("tuto-saved")).await?;
    Ok(crate::pages::redirect_to(&local_path(fields.get("suite"), "/mes-tutos")).into_response())
}

/// Removes a kept tutorial, then goes back.
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let id = checked_id(&id)?;
    acquis_app::learner::unsave_tutorial(&state.app, user.user.id, id).await?;
    flash(&user.session, "success", lang.t("tuto-removed")).await?;
    Ok(crate::pages::redirect_to(&local_path(fields.get("suite"), "/mes-tutos")).into_response())
}
