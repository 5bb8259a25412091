//! `/compte`: see one's data, change email or password, delete (anonymise) the account.

use acquis_core::account::{Email, Password};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::{self, CurrentUser, password};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    first_name: String,
    last_name: String,
    email: String,
    error: Option<String>,
}

async fn render(
    lang: Lang,
    user: &CurrentUser,
    error: Option<String>,
) -> Result<Response, WebError> {
    let chrome = Chrome::of(lang, user, "/compte").await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AccountPage {
        chrome,
        first_name: user.user.first_name.clone(),
        last_name: user.user.last_name.clone(),
        email: user.user.email.clone(),
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The account page.
pub async fn show(lang: Lang, user: CurrentUser) -> Result<Response, WebError> {
    render(lang, &user, None).await
}

/// Changes the email, after checking the current password.
pub async fn change_email(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    if !password::verify(&user.user.password_hash, fields.get("password")).await {
        return render(lang, &user, Some(lang.t("error-current-password"))).await;
    }
    let Ok(email) = Email::parse(fields.get("email")) else {
        return render(lang, &user, Some(lang.t("error-invalid-email"))).await;
    };
    match state.store.update_email(user.user.id, email.as_str()).await {
        Ok(()) => {
            flash(&user.session, "success", lang.t("account-email-done")).await?;
            Ok(Redirect::to("/compte").into_response())
        }
        Err(acquis_store::StoreError::Conflict(_)) => {
            render(lang, &user, Some(lang.t("error-email-taken"))).await
        }
        Err(e) => Err(e.into()),
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
    if !password::verify(&user.user.password_hash, fields.get("current")).await {
        return render(lang, &user, Some(lang.t("error-current-password"))).await;
    }
    let Ok(new) = Password::parse(fields.get("password")) else {
        return render(lang, &user, Some(lang.t("error-weak-password"))).await;
    };
    let hash = password::hash(new.expose()).await?;
    state.store.update_password(user.user.id, &hash).await?;
    flash(&user.session, "success", lang.t("account-password-done")).await?;
    Ok(Redirect::to("/compte").into_response())
}

/// Anonymises the account in one transaction, signs out and goes home.
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    if !fields.checked("confirm") {
        return render(lang, &user, Some(lang.t("error-delete-confirm"))).await;
    }
    if !password::verify(&user.user.password_hash, fields.get("password")).await {
        return render(lang, &user, Some(lang.t("error-current-password"))).await;
    }
    state
        .store
        .anonymise_user(user.user.id, Some(user.user.id))
        .await?;
    auth::sign_out(&user.session).await?;
    Ok(Redirect::to("/?compte=supprime").into_response())
}
