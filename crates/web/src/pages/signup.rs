//! `/inscription`: create an account, then go where the visitor was going (`?suite=`, a local
//! path: an invitation, a campaign) or to the profile, signed in.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::{self, MaybeUser};
use crate::i18n::Lang;
use crate::pages::form::FormErrors;
use crate::pages::signin::{Next, destination};
use crate::pages::{Chrome, Fields, local_path};
use crate::{AppState, WebError};
use acquis_app::accounts::{self, SignUp, SignUpError};

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUpPage {
    chrome: Chrome,
    errors: FormErrors,
    first_name: String,
    last_name: String,
    email: String,
    next: String,
    context: Option<String>,
}

impl SignUpPage {
    /// The sign-in link, carrying the return target.
    fn sign_in_href(&self) -> String {
        with_next("/connexion", &self.next)
    }
}

/// `base?suite=next`, or `base` when going back to the default.
pub fn with_next(base: &str, next: &str) -> String {
    if next == "/competences" || next.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?suite={}", auth::urlencode(next))
    }
}

/// The sign-up form (signed-in users go on to where they were going).
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Query(next): Query<Next>,
) -> Result<Response, WebError> {
    let next = local_path(&next.suite, "/competences");
    if user.0.is_some() {
        return Ok(crate::pages::redirect_to(&next).into_response());
    }
    let chrome = Chrome::new(lang, &session, None, "/inscription").await?;
    let page = SignUpPage {
        chrome,
        errors: FormErrors::new(),
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        context: destination(&state, lang, &next).await?,
        next,
    };
    Ok(Html(page.render()?).into_response())
}

fn message(lang: Lang, e: &SignUpError) -> String {
    use acquis_core::account::AccountError;
    match e {
        SignUpError::MissingName => lang.t("error-missing-name"),
        SignUpError::InvalidName => lang.t("error-invalid-name"),
        SignUpError::TermsNotAccepted => lang.t("error-terms"),
        SignUpError::Rule(AccountError::InvalidEmail) => lang.t("error-invalid-email"),
        SignUpError::Rule(AccountError::PasswordTooLong) => lang.t("error-password-too-long"),
        SignUpError::Rule(_) => lang.t("error-weak-password"),
        SignUpError::EmailTaken => lang.t("error-email-taken"),
        SignUpError::Store(_) | SignUpError::Internal => lang.t("error-unexpected"),
    }
}

/// Creates the account and signs in; lists every problem of the form at once otherwise.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let next = local_path(fields.get("suite"), "/competences");
    let form = SignUp {
        first_name: fields.get("first_name"),
        last_name: fields.get("last_name"),
        email: fields.get("email"),
        password: fields.get("password"),
        accept_terms: fields.checked("accept_terms"),
        locale: lang.code(),
    };
    let mut errors = FormErrors::new();
    for (field, e) in accounts::sign_up_problems(&form) {
        // Each name field says which name is missing, so the summary does not repeat itself.
        let text = match (field, &e) {
            ("first_name", SignUpError::MissingName) => lang.t("error-missing-first-name"),
            ("last_name", SignUpError::MissingName) => lang.t("error-missing-last-name"),
            _ => message(lang, &e),
        };
        errors.add(field, text);
    }
    if errors.is_empty() {
        match accounts::sign_up(&state.app, form).await {
            Ok(user) => {
                auth::sign_in(&session, &user).await?;
                super::flash(&session, "success", lang.t("signup-welcome")).await?;
                return Ok(crate::pages::redirect_to(&next).into_response());
            }
            Err(SignUpError::Store(e)) => return Err(e.into()),
            Err(e) => errors.add("email", message(lang, &e)),
        }
    }
    let chrome = Chrome::new(lang, &session, None, "/inscription").await?;
    // What was typed comes back, cut to the limits, so a huge value is not echoed whole.
    let keep = |v: &str| v.chars().take(254).filter(|c| !c.is_control()).collect();
    let page = SignUpPage {
        chrome,
        errors,
        first_name: keep(form.first_name),
        last_name: keep(form.last_name),
        email: keep(form.email),
        context: destination(&state, lang, &next).await?,
        next,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}
