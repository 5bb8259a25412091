//! API bearer tokens: issued on sign-in for a fixed time, stored as their hash, checked at
//! the clock's time.

use chrono::Duration;

use super::sign_in::{SignInError, sign_in};
use super::token::new_token;
use crate::{App, AppError};

/// How long an API token lives.
pub const TOKEN_DAYS: i64 = 30;

/// A token just issued: shown once, never stored in clear.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The token to give the client.
    pub token: String,
    /// Whom it stands for.
    pub user_id: i64,
    /// How long it lives.
    pub lifetime: Duration,
}

/// Signs in (with the lockout) and issues a token for [`TOKEN_DAYS`].
pub async fn issue(app: &App, email: &str, password: &str) -> Result<Issued, SignInError> {
    let user = sign_in(app, email, password).await?;
    let (token, hash) = new_token();
    let lifetime = Duration::days(TOKEN_DAYS);
    let now = app.now();
    app.store
        .create_api_token(&hash, user.id, now + lifetime, now)
        .await?;
    Ok(Issued {
        token,
        user_id: user.id,
        lifetime,
    })
}

/// The account a token (given as its hash) stands for, if it is known and not expired.
pub async fn user_of(app: &App, hash: &str) -> Result<Option<i64>, AppError> {
    Ok(app.store.api_token_user(hash, app.now()).await?)
}
