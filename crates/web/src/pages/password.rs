//! `/mot-de-passe-oublie` (ask for a link) and `/reinitialiser-mot-de-passe` (use it).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::accounts::{self, ResetError};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "password_request.html")]
struct RequestPage {
    chrome: Chrome,
    sent: bool,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    chrome: Chrome,
    valid: bool,
    token: String,
    error: Option<String>,
}

/// The form asking for a reset link.
pub async fn show_request(lang: Lang, session: Session) -> Result<Html<String>, WebError> {
    let chrome = Chrome::new(lang, &session, None, "/mot-de-passe-oublie").await?;
    Ok(Html(
        RequestPage {
            chrome,
            sent: false,
        }
        .render()?,
    ))
}

/// Sends the link if the account exists; answers the same either way.
pub async fn request(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    fields: Fields,
) -> Result<Html<String>, WebError> {
    fields.verify(&session).await?;
    accounts::request_reset(&state, fields.get("email"), lang).await?;
    let chrome = Chrome::new(lang, &session, None, "/mot-de-passe-oublie").await?;
    Ok(Html(RequestPage { chrome, sent: true }.render()?))
}

/// The reset link's token.
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    jeton: String,
}

/// The new-password form, if the link is still valid.
pub async fn show_reset(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    Query(q): Query<TokenQuery>,
) -> Result<Html<String>, WebError> {
    let valid = !q.jeton.is_empty() && accounts::reset_token_valid(&state, &q.jeton).await?;
    let chrome = Chrome::new(lang, &session, None, "/reinitialiser-mot-de-passe").await?;
    Ok(Html(
        ResetPage {
            chrome,
            valid,
            token: q.jeton,
            error: None,
        }
        .render()?,
    ))
}

/// Sets the new password and sends to sign-in.
pub async fn reset(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let token = fields.get("jeton");
    match accounts::reset_password(&state, token, fields.get("password")).await {
        Ok(_) => {
            flash(&session, "success", lang.t("reset-done")).await?;
            Ok(Redirect::to("/connexion").into_response())
        }
        Err(e) => {
            let (valid, error) = match e {
                ResetError::Rule(_) => (true, lang.t("error-weak-password")),
                ResetError::InvalidToken => (false, lang.t("reset-invalid")),
                ResetError::Internal => return Err(WebError::Internal("password reset failed")),
            };
            let chrome = Chrome::new(lang, &session, None, "/reinitialiser-mot-de-passe").await?;
            let page = ResetPage {
                chrome,
                valid,
                token: token.to_owned(),
                error: Some(error),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
