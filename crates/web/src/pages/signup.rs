//! `/inscription`: create an account, then land on the profile, signed in.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::accounts::{self, SignUp, SignUpError};
use crate::auth::{self, MaybeUser};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields};
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    chrome: Chrome,
    errors: Vec<String>,
    first_name: String,
    last_name: String,
    email: String,
}

/// The sign-up form (signed-in users go to their profile).
pub async fn show(lang: Lang, session: Session, user: MaybeUser) -> Result<Response, WebError> {
    if user.0.is_some() {
        return Ok(Redirect::to("/competences").into_response());
    }
    let chrome = Chrome::new(lang, &session, None, "/inscription").await?;
    let page = SignUpPage {
        chrome,
        errors: vec![],
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
    };
    Ok(Html(page.render()?).into_response())
}

fn message(lang: Lang, e: &SignUpError) -> String {
    use acquis_core::account::AccountError;
    match e {
        SignUpError::MissingName => lang.t("error-missing-name"),
        SignUpError::TermsNotAccepted => lang.t("error-terms"),
        SignUpError::Rule(AccountError::InvalidEmail) => lang.t("error-invalid-email"),
        SignUpError::Rule(_) => lang.t("error-weak-password"),
        SignUpError::EmailTaken => lang.t("error-email-taken"),
        SignUpError::Store(_) | SignUpError::Internal => lang.t("error-unexpected"),
    }
}

/// Creates the account and signs in.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let form = SignUp {
        first_name: fields.get("first_name"),
        last_name: fields.get("last_name"),
        email: fields.get("email"),
        password: fields.get("password"),
        accept_terms: fields.checked("accept_terms"),
        locale: lang.code(),
    };
    match accounts::sign_up(&state, form).await {
        Ok(user) => {
            auth::sign_in(&session, user.id).await?;
            super::flash(&session, "success", lang.t("signup-welcome")).await?;
            Ok(Redirect::to("/competences").into_response())
        }
        Err(SignUpError::Store(e)) => Err(e.into()),
        Err(e) => {
            let chrome = Chrome::new(lang, &session, None, "/inscription").await?;
            let page = SignUpPage {
                chrome,
                errors: vec![message(lang, &e)],
                first_name: form.first_name.to_owned(),
                last_name: form.last_name.to_owned(),
                email: form.email.to_owned(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
