//! CSRF protection: every form carries a token in a hidden `csrf` field, and every form
//! handler checks it before doing anything.
//!
//! Where the token lives depends on who is asking, so that anonymous visitors write nothing:
//! - a signed-in person's token lives in their session (created on first use);
//! - a visitor's token is a double-submit cookie: a random [`COOKIE`] (HttpOnly, SameSite=Lax,
//!   Secure over HTTPS) set on the first page that shows a form, compared in constant time
//!   with the form's field. No session, no database row. A site that cannot read our cookies
//!   cannot learn the value to submit.
//!
//! [`layer`] reads the cookie for the whole request (a task-local: the handlers keep calling
//! [`token`] and [`verify`] with their session only) and sets it on the response when a page
//! used a new one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use tower_sessions::Session;

use crate::auth::USER_KEY;
use crate::{AppState, WebError};

/// Session key of a signed-in person's token.
const KEY: &str = "csrf";

/// Name of the visitors' double-submit cookie.
pub const COOKIE: &str = "acquis_csrf";

/// Length of a token: 32 random bytes in unpadded URL-safe base64.
const TOKEN_CHARS: usize = 43;

/// The visitor's cookie token for the current request.
#[derive(Debug)]
struct CookieToken {
    value: String,
    /// Not sent by the browser: made for this request, to be set if a page shows it.
    fresh: bool,
    used: AtomicBool,
}

tokio::task_local! {
    static VISITOR: Arc<CookieToken>;
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn well_formed(value: &str) -> bool {
    value.len() == TOKEN_CHARS
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The [`COOKIE`] a request carries, if well formed.
fn sent_cookie(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && well_formed(value))
        .map(|(_, value)| value.to_owned())
}

/// Middleware: makes the visitor's cookie token available to [`token`] and [`verify`] for
/// the request, and sets the cookie when a page showed a new one.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let visitor = Arc::new(match sent_cookie(&request) {
        Some(value) => CookieToken {
            value,
            fresh: false,
            used: AtomicBool::new(false),
        },
        None => CookieToken {
            value: random_token(),
            fresh: true,
            used: AtomicBool::new(false),
        },
    });
    let mut response = VISITOR.scope(visitor.clone(), next.run(request)).await;
    if visitor.fresh && visitor.used.load(Ordering::Acquire) {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{secure}",
            visitor.value
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn signed_in(session: &Session) -> Result<bool, WebError> {
    Ok(session
        .get::<i64>(USER_KEY)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?
        .is_some())
}

fn visitor() -> Result<Arc<CookieToken>, WebError> {
    VISITOR
        .try_with(Arc::clone)
        .map_err(|_| WebError::Internal("CSRF layer missing"))
}

/// The token for the page's forms: the session's for a signed-in person (created on first
/// use), else the visitor's cookie token (set on the response if new).
pub async fn token(session: &Session) -> Result<String, WebError> {
    if !signed_in(session).await? {
        let visitor = visitor()?;
        visitor.used.store(true, Ordering::Release);
        return Ok(visitor.value.clone());
    }
    if let Some(token) = session
        .get::<String>(KEY)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?
    {
        return Ok(token);
    }
    let token = random_token();
    session
        .insert(KEY, &token)
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))?;
    Ok(token)
}

/// Refuses the request unless `submitted` is the token [`token`] gives this browser: the
/// session's when signed in, else the cookie's (a browser that sent no cookie has none).
pub async fn verify(session: &Session, submitted: &str) -> Result<(), WebError> {
    let expected: Option<String> = if signed_in(session).await? {
        session
            .get(KEY)
            .await
            .map_err(|_| WebError::Internal("session unreadable"))?
    } else {
        let visitor = visitor()?;
        (!visitor.fresh).then(|| visitor.value.clone())
    };
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

    #[test]
    fn only_tokens_of_our_shape_are_read_from_the_cookie() {
        assert!(super::well_formed(&super::random_token()));
        assert!(!super::well_formed(""));
        assert!(!super::well_formed(&"a".repeat(44)));
        assert!(!super::well_formed(&format!("{};", "a".repeat(42))));
    }
}
