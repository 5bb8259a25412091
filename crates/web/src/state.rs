//! What every handler can reach: the application (use cases) and the web layer's own settings.

use std::sync::Arc;

use acquis_app::{App, LiveContent};

use crate::auth::rate_limit::AuthLimiter;

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL, for links in pages (no trailing slash).
    pub public_url: String,
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Requests a minute per IP on the routes that check a password or create an account
    /// (sign-in, sign-up, tokens, resets, `/compte` changes; bursts of half as many), and
    /// twice as many in bursts on campaign-code lookups (see [`AppState::code_limiter`]).
    /// Raise it only for a loopback load test, never for real clients.
    pub auth_rate_limit_per_minute: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            secure_cookies: false,
            auth_rate_limit_per_minute: 60,
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The use cases.
    pub app: App,
    /// Settings.
    pub config: Arc<WebConfig>,
    /// Per-IP limits on password checks and account creation.
    pub limiter: AuthLimiter,
    /// Per-IP limits on campaign-code lookups: half the password budget a minute, with
    /// bursts of the whole budget (a class joining from one school address fits, guessing
    /// codes does not).
    pub code_limiter: AuthLimiter,
    /// Per-IP limits on certificate verification codes: a sixth of the password budget a
    /// minute, with bursts of a quarter of it (a few checks pass, guessing does not).
    pub verification_limiter: AuthLimiter,
}

impl AppState {
    /// The web layer over an application.
    pub fn new(app: App, config: WebConfig) -> Self {
        AppState {
            app,
            limiter: AuthLimiter::new(
                config.auth_rate_limit_per_minute,
                config.auth_rate_limit_per_minute / 2,
            ),
            code_limiter: AuthLimiter::new(
                config.auth_rate_limit_per_minute / 2,
                config.auth_rate_limit_per_minute,
            ),
            verification_limiter: AuthLimiter::new(
                config.auth_rate_limit_per_minute / 6,
                config.auth_rate_limit_per_minute / 4,
            ),
            config: Arc::new(config),
        }
    }

    /// The live content: a cheap pointer copy, valid for the whole request even if a new
    /// release is published meanwhile.
    pub fn live(&self) -> Arc<LiveContent> {
        self.app.live()
    }
}
