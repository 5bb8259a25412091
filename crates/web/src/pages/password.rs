//! `/mot-de-passe-oublie` (ask for a link) and `/reinitialiser-mot-de-passe` (use it).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::i18n::Lang;
use crate::pages::form::FormErrors;
use crate::pages::{Chrome, Fields, flash};
use acquis_app::accounts::{self, ResetError};

/// Longest reset token looked at (ours are far shorter); a longer one is simply invalid.
const MAX_TOKEN_CHARS: usize = 128;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "password_request.html")]
struct RequestPage {
    chrome: Chrome,
    sent: bool,
    errors: FormErrors,
    email: String,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    chrome: Chrome,
    valid: bool,
    token: String,
    errors: FormErrors,
}

/// The form asking for a reset link.
pub async fn show_request(lang: Lang, session: Session) -> Result<Html<String>, WebError> {
    let chrome = Chrome::new(lang, &session, None, "/mot-de-passe-oublie").await?;
    Ok(Html(
        RequestPage {
            chrome,
            sent: false,
            errors: FormErrors::new(),
            email: String::new(),
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
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let email = fields.get("email");
    let chrome = Chrome::new(lang, &session, None, "/mot-de-passe-oublie").await?;
    if acquis_core::account::Email::parse(email).is_err() {
        let page = RequestPage {
            chrome,
            sent: false,
            errors: FormErrors::one("email", lang.t("error-invalid-email")),
            email: email
                .chars()
                .take(254)
                .filter(|c| !c.is_control())
                .collect(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    accounts::request_reset(&state.app, email, lang.code()).await?;
    let page = RequestPage {
        chrome,
        sent: true,
        errors: FormErrors::new(),
        email: String::new(),
    };
    Ok(Html(page.render()?).into_response())
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
    let valid = !q.jeton.is_empty()
        && q.jeton.len() <= MAX_TOKEN_CHARS
        && accounts::reset_token_valid(&state.app, &q.jeton).await?;
    let token = if valid { q.jeton } else { String::new() };
    let chrome = Chrome::new(lang, &session, None, "/reinitialiser-mot-de-passe").await?;
    Ok(Html(
        ResetPage {
            chrome,
            valid,
            token,
            errors: FormErrors::new(),
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
    if token.len() > MAX_TOKEN_CHARS {
        return Err(WebError::BadRequest(lang.t("reset-invalid")));
    }
    match accounts::reset_password(&state.app, token, fields.get("password")).await {
        Ok(_) => {
            flash(&session, "success", lang.t("reset-done")).await?;
            Ok(crate::pages::redirect_to("/connexion").into_response())
        }
        Err(e) => {
            let (valid, errors) = match e {
                ResetError::Rule(acquis_core::account::AccountError::PasswordTooLong) => (
                    true,
                    FormErrors::one("password", lang.t("error-password-too-long")),
                ),
                ResetError::Rule(_) => (
                    true,
                    FormErrors::one("password", lang.t("error-weak-password")),
                ),
                ResetError::InvalidToken => (false, FormErrors::new()),
                ResetError::Internal => return Err(WebError::Internal("password reset failed")),
            };
            let chrome = Chrome::new(lang, &session, None, "/reinitialiser-mot-de-passe").await?;
            let page = ResetPage {
                chrome,
                valid,
                token: token.to_owned(),
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
