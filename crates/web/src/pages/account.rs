//! `/compte`: see one's data, change names, email or password, download one's data (JSON),
//! delete (anonymise) the account. Each form lists all its errors at once, tied to its fields.

use acquis_core::account::{AccountError, Email, Password};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::{self, CurrentUser};
use crate::i18n::Lang;
use crate::pages::form::FormErrors;
use crate::pages::signin::locked_message;
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};
use acquis_app::accounts::{self, SignInError, SignUpError, profile};
use acquis_core::ids::UserId;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    first_name: String,
    last_name: String,
    email: String,
    errors: FormErrors,
    typed_first_name: String,
    typed_last_name: String,
}

async fn render(
    lang: Lang,
    user: &CurrentUser,
    errors: FormErrors,
    fields: Option<&Fields>,
) -> Result<Response, WebError> {
    let chrome = Chrome::of(lang, user, "/compte").await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let typed = |name: &str, stored: &str| match fields {
        Some(f) => f
            .get(name)
            .chars()
            .take(100)
            .filter(|c| !c.is_control())
            .collect(),
        None => stored.to_owned(),
    };
    let page = AccountPage {
        chrome,
        typed_first_name: typed("first_name", &user.user.first_name),
        typed_last_name: typed("last_name", &user.user.last_name),
        first_name: user.user.first_name.clone(),
        last_name: user.user.last_name.clone(),
        email: user.user.email.clone(),
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The account page.
pub async fn show(lang: Lang, user: CurrentUser) -> Result<Response, WebError> {
    render(lang, &user, FormErrors::new(), None).await
}

fn name_message(lang: Lang, e: &SignUpError) -> String {
    lang.t(match e {
        SignUpError::MissingName => "error-missing-name",
        _ => "error-invalid-name",
    })
}

/// The current password, checked as sign-in checks it and counted with it (the lockout
/// applies: a stolen session cannot guess it freely): `None` if right, else the message.
async fn current_password_problem(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    given: &str,
) -> Result<Option<String>, WebError> {
    match accounts::check_password(&state.app, &user.user, given).await {
        Ok(()) => Ok(None),
        Err(SignInError::Invalid) => Ok(Some(lang.t("error-current-password"))),
        Err(SignInError::Locked(lock)) => Ok(Some(locked_message(lang, lock))),
        Err(SignInError::Store(e)) => Err(e.into()),
    }
}

/// Changes the first and last names.
pub async fn change_names(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let mut errors = FormErrors::new();
    let first = accounts::parse_name(fields.get("first_name"));
    let last = accounts::parse_name(fields.get("last_name"));
    if let Err(e) = &first {
        errors.add("first_name", name_message(lang, e));
    }
    if let Err(e) = &last {
        errors.add("last_name", name_message(lang, e));
    }
    let (Ok(first), Ok(last)) = (first, last) else {
        return render(lang, &user, errors, Some(&fields)).await;
    };
    profile::change_names(&state.app, UserId(user.user.id), first, last).await?;
    flash(&user.session, "success", lang.t("account-names-done")).await?;
    Ok(crate::pages::redirect_to("/compte").into_response())
}

/// Changes the email, after checking the current password.
pub async fn change_email(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let mut errors = FormErrors::new();
    let email = Email::parse(fields.get("email"));
    if email.is_err() {
        errors.add("new_email", lang.t("error-invalid-email"));
    }
    if let Some(message) =
        current_password_problem(&state, lang, &user, fields.get("password")).await?
    {
        errors.add("email_password", message);
    }
    let (Ok(email), true) = (email, errors.is_empty()) else {
        return render(lang, &user, errors, None).await;
    };
    match profile::change_email(&state.app, UserId(user.user.id), &email).await {
        Ok(()) => {
            flash(&user.session, "success", lang.t("account-email-done")).await?;
            Ok(crate::pages::redirect_to("/compte").into_response())
        }
        Err(profile::EmailChangeError::Taken) => {
            let errors = FormErrors::one("new_email", lang.t("error-email-taken"));
            render(lang, &user, errors, None).await
        }
        Err(profile::EmailChangeError::Store(e)) => Err(e.into()),
    }
}

/// Changes the password, after checking the current one.
pub async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let mut errors = FormErrors::new();
    if let Some(message) =
        current_password_problem(&state, lang, &user, fields.get("current")).await?
    {
        errors.add("current_password", message);
    }
    let new = Password::parse(fields.get("password"));
    if let Err(e) = &new {
        let key = match e {
            AccountError::PasswordTooLong => "error-password-too-long",
            _ => "error-weak-password",
        };
        errors.add("new_password", lang.t(key));
    }
    let (Ok(new), true) = (new, errors.is_empty()) else {
        return render(lang, &user, errors, None).await;
    };
    let epoch = profile::change_password(&state.app, UserId(user.user.id), &new).await?;
    // This session stays, under a fresh id; the others, the API tokens and reset links go.
    auth::keep_signed_in(&user.session, epoch).await?;
    flash(&user.session, "success", lang.t("account-password-done")).await?;
    Ok(crate::pages::redirect_to("/compte").into_response())
}

/// `GET /compte/donnees.json`: everything stored about the signed-in learner (account,
/// evaluations with their answers, campaign participations, saved tutorials), as a download.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let data = accounts::export::of_user(&state.app, &user.user).await?;
    let body = serde_json::to_string_pretty(&data)
        .map_err(|_| WebError::Internal("data export not serialisable"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mes-donnees-acquis.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

/// Anonymises the account in one transaction, signs out and goes home.
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let mut errors = FormErrors::new();
    if let Some(message) =
        current_password_problem(&state, lang, &user, fields.get("password")).await?
    {
        errors.add("delete_password", message);
    }
    if !fields.checked("confirm") {
        errors.add("confirm", lang.t("error-delete-confirm"));
    }
    if !errors.is_empty() {
        return render(lang, &user, errors, None).await;
    }
    profile::delete(&state.app, UserId(user.user.id)).await?;
    auth::sign_out(&user.session).await?;
    Ok(crate::pages::redirect_to("/?compte=supprime").into_response())
}
