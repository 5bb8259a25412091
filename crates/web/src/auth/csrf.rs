//! CSRF protection: every form carries the session's token in a hidden `csrf` field, and every
//! form handler checks it before doing anything.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use tower_sessions::Session;

use crate::WebError;

const KEY: &str = "csrf";

/// The session's CSRF token, created on first use.
pub async fn token(session: &Session) -> Result<String, WebError> {
    if let Some(token) = session
        .get::<String>(KEY)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?
    {
        return Ok(token);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    session
        .insert(KEY, &token)
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))?;
    Ok(token)
}

/// Refuses the request unless `submitted` is the session's token.
pub async fn verify(session: &Session, submitted: &str) -> Result<(), WebError> {
    let expected: Option<String> = session
        .get(KEY)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?;
    match expected {
        Some(expected) if constant_time_eq(expected.as_bytes(), submitted.as_bytes()) => Ok(()),
        _ => Err(WebError::Forbidden),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn comparison_needs_every_byte() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"abc", b"ab"));
    }
}
