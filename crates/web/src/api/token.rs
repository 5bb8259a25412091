//! `POST /api/v1/token`: exchange credentials for a bearer token.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{ApiError, ApiJson};
use acquis_app::accounts::{SignInError, api_tokens};

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Credentials {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A bearer token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenBody {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds of validity.
    pub expires_in: i64,
    /// The user's id.
    pub user_id: i64,
}

/// Signs in and returns a bearer token.
#[utoipa::path(post, path = "/api/v1/token", request_body = Credentials,
    responses((status = 200, body = TokenBody), (status = 401, body = super::error::ErrorBody, description = "invalid_credentials"),
               (status = 423, body = super::error::ErrorBody, description = "account_locked")))]
pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Credentials>,
) -> Result<Json<TokenBody>, ApiError> {
    let issued = api_tokens::issue(&state.app, &body.email, &body.password)
        .await
        .map_err(|e| match e {
            SignInError::Invalid => ApiError::InvalidCredentials,
            SignInError::Locked(_) => ApiError::Locked,
            SignInError::Store(e) => ApiError::Internal(e.to_string()),
        })?;
    Ok(Json(TokenBody {
        access_token: issued.token,
        token_type: "Bearer",
        expires_in: issued.lifetime.num_seconds(),
        user_id: issued.user_id,
    }))
}
