//! `POST /api/v1/users`: create an account.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{ApiError, ApiJson};
use acquis_app::accounts::{self, SignUp, SignUpError};

/// A sign-up.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserBody {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// At least 8 characters with an upper-case letter, a lower-case letter and a digit.
    pub password: String,
    /// The terms of use are accepted.
    pub accept_terms: bool,
    /// `fr` (default) or `en`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// A created account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserBody {
    /// Id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email, lower-cased.
    pub email: String,
}

/// Creates an account.
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserBody,
    responses((status = 201, body = UserBody), (status = 409, body = super::error::ErrorBody, description = "email_taken"),
               (status = 422, body = super::error::ErrorBody, description = "invalid_email, weak_password, terms_not_accepted, missing_name")))]
pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<UserBody>), ApiError> {
    let locale = match body.locale.as_deref() {
        Some("en") => "en",
        _ => "fr",
    };
    let form = SignUp {
        first_name: &body.first_name,
        last_name: &body.last_name,
        email: &body.email,
        password: &body.password,
        accept_terms: body.accept_terms,
        locale,
    };
    let user = accounts::sign_up(&state.app, form).await.map_err(|e| match e {
        SignUpError::MissingName => ApiError::Invalid { code: "missing_name", message: e.to_string() },
        SignUpError::InvalidName => ApiError::Invalid { code: "invalid_name", message: e.to_string() },
        SignUpError::TermsNotAccepted => ApiError::Invalid { code: "terms_not_accepted", message: e.to_string() },
        SignUpError::Rule(acquis_core::account::AccountError::InvalidEmail) => ApiError::Invalid { code: "invalid_email", message: "invalid email address".into() },
        SignUpError::Rule(_) => ApiError::Invalid {
            code: "weak_password",
            message: "the password needs at least 8 characters with an upper-case letter, a lower-case letter and a digit".into(),
        },
        SignUpError::EmailTaken => ApiError::Conflict { code: "email_taken", message: e.to_string() },
        SignUpError::Store(e) => ApiError::Internal(e.to_string()),
        SignUpError::Internal => ApiError::Internal("sign-up failed".into()),
    })?;
    Ok((
        StatusCode::CREATED,
        Json(UserBody {
            id: user.id,
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email,
        }),
    ))
}
