//! Who is asking: sessions for the portals, bearer tokens for the API, CSRF tokens on every
//! form, Argon2id password hashes, sign-in lockout and per-IP rate limits.

pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod token;

use acquis_app::accounts::UserRecord;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::{AppState, WebError};

/// Session key holding the signed-in user's id.
pub const USER_KEY: &str = "user_id";

/// Session key holding the account's credential epoch when the session was signed in: once
/// the password changes (the account's epoch moves on), the session no longer counts as
/// signed in.
pub const EPOCH_KEY: &str = "credential_epoch";

/// The signed-in user of a portal page; pages that need one redirect to sign-in otherwise.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: UserRecord,
    /// The session, to read or write more.
    pub session: Session,
    /// The use cases, for what every page's frame shows of the user (their organisations).
    pub(crate) app: acquis_app::App,
}

/// The signed-in user if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// Reads the session's user, dropping sessions of anonymised accounts and sessions opened
/// before the account's password last changed.
async fn session_user(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(Session, Option<UserRecord>), WebError> {
    let session = Session::from_request_parts(parts, state)
        .await
        .map_err(|_| WebError::Internal("session layer missing"))?;
    let id: Option<i64> = session
        .get(USER_KEY)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?;
    let user = match id {
        Some(id) => acquis_app::accounts::active_user(&state.app, id).await?,
        None => None,
    };
    let user = match user {
        Some(user) => {
            let epoch: Option<i32> = session
                .get(EPOCH_KEY)
                .await
                .map_err(|_| WebError::Internal("session unreadable"))?;
            if epoch.unwrap_or(0) == user.credential_epoch {
                Some(user)
            } else {
                // Revoked by a password change elsewhere: this session is gone for good.
                session
                    .flush()
                    .await
                    .map_err(|_| WebError::Internal("session cannot be deleted"))?;
                None
            }
        }
        None => None,
    };
    Ok((session, user))
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (session, user) = session_user(parts, state).await?;
        Ok(MaybeUser(user.map(|user| CurrentUser {
            user,
            session,
            app: state.app.clone(),
        })))
    }
}

/// Rejection of pages that need a signed-in user: back to sign-in, then here.
#[derive(Debug)]
pub enum AuthRejection {
    /// Not signed in.
    SignIn(String),
    /// Something failed.
    Error(WebError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::SignIn(next) => {
                let target = format!("/connexion?suite={}", urlencode(&next));
                crate::pages::redirect_to(&target).into_response()
            }
            AuthRejection::Error(e) => e.into_response(),
        }
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (session, user) = session_user(parts, state)
            .await
            .map_err(AuthRejection::Error)?;
        match user {
            Some(user) => Ok(CurrentUser {
                user,
                session,
                app: state.app.clone(),
            }),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_else(|| "/".into());
                Err(AuthRejection::SignIn(next))
            }
        }
    }
}

/// Signs `user` in on `session`, with a fresh session id (no fixation).
pub async fn sign_in(session: &Session, user: &UserRecord) -> Result<(), WebError> {
    session
        .insert(USER_KEY, user.id)
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))?;
    keep_signed_in(session, user.credential_epoch).await
}

/// Keeps `session` signed in under the account's credential `epoch`, with a fresh session id:
/// at sign-in, and after the signed-in person changed their own password (every other
/// session of theirs is then revoked, this one stays).
pub async fn keep_signed_in(session: &Session, epoch: i32) -> Result<(), WebError> {
    session
        .cycle_id()
        .await
        .map_err(|_| WebError::Internal("session cannot be renewed"))?;
    session
        .insert(EPOCH_KEY, epoch)
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))
}

/// Signs out: the session is deleted.
pub async fn sign_out(session: &Session) -> Result<(), WebError> {
    session
        .flush()
        .await
        .map_err(|_| WebError::Internal("session cannot be deleted"))
}
