//! API bearer tokens: random, shown once, stored as SHA-256 hashes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use acquis_app::evaluations::Caller;

use crate::AppState;
use crate::api::ApiError;

/// How long an API token lives.
pub use acquis_app::accounts::api_tokens::TOKEN_DAYS;

pub use acquis_app::accounts::token::{hash, new_token};

/// The bearer token of an API request (`Authorization: Bearer …`), hashed but not yet checked.
/// The evaluation hot path checks it together with the rows it reads, in one database call
/// (`Store::evaluation_state`); other routes take `ApiUser`.
#[derive(Debug, Clone)]
pub struct Bearer {
    /// SHA-256 of the token, hex (its stored form).
    pub hash: String,
}

impl Bearer {
    /// The caller this token stands for, checked at `now`.
    pub fn caller(self, now: chrono::DateTime<chrono::Utc>) -> Caller {
        Caller::Token {
            hash: self.hash,
            now,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        Ok(Bearer { hash: hash(token) })
    }
}

/// The user an API request acts for (`Authorization: Bearer …`, checked).
#[derive(Debug, Clone, Copy)]
pub struct ApiUser {
    /// The user's id.
    pub id: i64,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = Bearer::from_request_parts(parts, state).await?;
        let id = acquis_app::accounts::api_tokens::user_of(&state.app, &bearer.hash)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(ApiUser { id })
    }
}
