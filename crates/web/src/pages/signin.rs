//! `/connexion` and `/deconnexion`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::accounts::{self, SignInError};
use crate::auth::{self, MaybeUser};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, local_path};
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    chrome: Chrome,
    error: Option<String>,
    email: String,
    next: String,
}

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    suite: String,
}

/// The sign-in form.
pub async fn show(
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Query(next): Query<Next>,
) -> Result<Response, WebError> {
    let next = local_path(&next.suite, "/competences");
    if user.0.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let chrome = Chrome::new(lang, &session, None, "/connexion").await?;
    Ok(Html(
        SignInPage {
            chrome,
            error: None,
            email: String::new(),
            next,
        }
        .render()?,
    )
    .into_response())
}

/// Checks the credentials and signs in.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let email = fields.get("email");
    let next = local_path(fields.get("suite"), "/competences");
    match accounts::sign_in(&state, email, fields.get("password"), chrono::Utc::now()).await {
        Ok(user) => {
            auth::sign_in(&session, user.id).await?;
            Ok(Redirect::to(&next).into_response())
        }
        Err(SignInError::Store(e)) => Err(e.into()),
        Err(e) => {
            let error = match e {
                SignInError::Locked => lang.t("error-locked"),
                _ => lang.t("error-credentials"),
            };
            let chrome = Chrome::new(lang, &session, None, "/connexion").await?;
            let page = SignInPage {
                chrome,
                error: Some(error),
                email: email.to_owned(),
                next,
            };
            Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response())
        }
    }
}

/// Signs out and goes home.
pub async fn sign_out(session: Session, fields: Fields) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    auth::sign_out(&session).await?;
    Ok(Redirect::to("/").into_response())
}
