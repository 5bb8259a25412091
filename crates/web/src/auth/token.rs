//! API bearer tokens: random, shown once, stored as SHA-256 hashes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::api::ApiError;

/// How long an API token lives.
pub const TOKEN_DAYS: i64 = 30;

/// A new random token (to give the client) and its hash (to store).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The user an API request acts for (`Authorization: Bearer …`).
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
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        let id = state
            .store
            .api_token_user(&hash(token), chrono::Utc::now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(ApiUser { id })
    }
}
