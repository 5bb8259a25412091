//! `/connexion` and `/deconnexion`. Sign-in goes back where the visitor was going (`?suite=`,
//! a local path only) and says what that is when it is an invitation or a campaign.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::{self, MaybeUser};
use crate::i18n::{Lang, num, text};
use crate::orga::role_label_key;
use crate::pages::form::FormErrors;
use crate::pages::signup::with_next;
use crate::pages::{Chrome, Fields, local_path};
use crate::{AppState, WebError};
use acquis_app::accounts::{self, Lock, SignInError};

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    chrome: Chrome,
    errors: FormErrors,
    email: String,
    next: String,
    context: Option<String>,
}

impl SignInPage {
    /// The sign-up link, carrying the return target.
    fn sign_up_href(&self) -> String {
        with_next("/inscription", &self.next)
    }
}

/// Where to go after signing in or signing up.
#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    pub(crate) suite: String,
}

/// What the visitor was going to, in words, when `next` (already a local path) is an
/// invitation to an organisation or a campaign's page; `None` for anything else.
pub async fn destination(
    state: &AppState,
    lang: Lang,
    next: &str,
) -> Result<Option<String>, WebError> {
    let (path, query) = next.split_once('?').unwrap_or((next, ""));
    if path == "/orga/rejoindre" {
        let Some(secret) = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "invitation")
            .map(|(_, v)| v.into_owned())
        else {
            return Ok(None);
        };
        let Some((org, invitation)) = state.app.open_invitation(&secret).await? else {
            return Ok(None);
        };
        let role = lang.t(role_label_key(invitation.role));
        return Ok(Some(lang.t_args(
            "signin-context-invitation",
            &[("org", text(org.name)), ("role", text(role))],
        )));
    }
    let code = path
        .strip_prefix("/campagnes/")
        .map(|rest| rest.split('/').next().unwrap_or_default());
    if let Some(code) = code.filter(|c| !c.is_empty()) {
        let Ok(campaign) = acquis_app::campaigns::find(&state.app, code).await else {
            return Ok(None);
        };
        let org = acquis_app::campaigns::organization_name(&state.app, &campaign).await?;
        return Ok(Some(lang.t_args(
            "signin-context-campaign",
            &[("title", text(campaign.title)), ("org", text(org))],
        )));
    }
    Ok(None)
}

/// The sign-in form.
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
    let chrome = Chrome::new(lang, &session, None, "/connexion").await?;
    Ok(Html(
        SignInPage {
            chrome,
            errors: FormErrors::new(),
            email: String::new(),
            context: destination(&state, lang, &next).await?,
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
    let password = fields.get("password");
    let next = local_path(fields.get("suite"), "/competences");
    let mut errors = FormErrors::new();
    if email.trim().is_empty() {
        errors.add("email", lang.t("error-email-missing"));
    }
    if password.is_empty() {
        errors.add("password", lang.t("error-password-missing"));
    }
    if errors.is_empty() {
        match accounts::sign_in(&state.app, email, password).await {
            Ok(user) => {
                auth::sign_in(&session, &user).await?;
                return Ok(crate::pages::redirect_to(&next).into_response());
            }
            Err(SignInError::Store(e)) => return Err(e.into()),
            Err(SignInError::Locked(lock)) => errors.add("email", locked_message(lang, lock)),
            Err(SignInError::Invalid) => errors.add("email", lang.t("error-credentials")),
        }
    }
    let chrome = Chrome::new(lang, &session, None, "/connexion").await?;
    let page = SignInPage {
        chrome,
        errors,
        email: email
            .chars()
            .take(254)
            .filter(|c| !c.is_control())
            .collect(),
        context: destination(&state, lang, &next).await?,
        next,
    };
    Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response())
}

/// What a locked account is told: how long, and that a password reset lifts the lock.
pub fn locked_message(lang: Lang, lock: Lock) -> String {
    match lock {
        Lock::Temporary { minutes_left } => {
            lang.t_args("error-locked", &[("minutes", num(minutes_left as f64))])
        }
        Lock::Permanent => lang.t("error-locked-permanently"),
    }
}

/// Signs out and goes home.
pub async fn sign_out(session: Session, fields: Fields) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    auth::sign_out(&session).await?;
    Ok(crate::pages::redirect_to("/").into_response())
}
