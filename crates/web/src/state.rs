//! Shared application state: the store, the live content snapshot, the mailer and settings.

use std::collections::BTreeMap;
use std::sync::Arc;

use acquis_core::Framework;
use acquis_core::positioning::PositioningIndex;
use acquis_store::{Store, StoredRelease};
use arc_swap::ArcSwap;

use crate::auth::rate_limit::AuthLimiter;
use crate::mail::Mailer;

/// The published content, immutable, shared by every request.
#[derive(Debug)]
pub struct LiveContent {
    /// The release it comes from.
    pub release_id: i64,
    /// Its version label.
    pub version: String,
    /// The framework.
    pub framework: Framework,
    /// The positioning engine's index of the framework, built once per release.
    pub positioning: PositioningIndex,
    /// Its files by path (`files/...`).
    pub files: BTreeMap<String, Vec<u8>>,
}

impl From<StoredRelease> for LiveContent {
    fn from(r: StoredRelease) -> Self {
        let positioning = PositioningIndex::new(&r.framework);
        LiveContent {
            release_id: r.summary.id,
            version: r.summary.version,
            framework: r.framework,
            positioning,
            files: r.files,
        }
    }
}

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL, for links in emails (no trailing slash).
    pub public_url: String,
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Requests a minute per IP on sign-in, sign-up, token and reset routes (bursts of half
    /// as many). Raise it only for a loopback load test, never for real clients.
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
    /// The database.
    pub store: Store,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Settings.
    pub config: Arc<WebConfig>,
    /// Per-IP limits on sensitive routes.
    pub limiter: AuthLimiter,
    live: Arc<ArcSwap<LiveContent>>,
}

impl AppState {
    /// State serving `live` until another release is published.
    pub fn new(store: Store, live: LiveContent, mailer: Mailer, config: WebConfig) -> Self {
        AppState {
            store,
            mailer,
            limiter: AuthLimiter::new(
                config.auth_rate_limit_per_minute,
                config.auth_rate_limit_per_minute / 2,
            ),
            config: Arc::new(config),
            live: Arc::new(ArcSwap::from_pointee(live)),
        }
    }

    /// The live content: a cheap pointer copy, valid for the whole request even if a new
    /// release is published meanwhile.
    pub fn live(&self) -> Arc<LiveContent> {
        self.live.load_full()
    }

    /// Swaps in a newly published release, atomically for every later request.
    pub fn publish(&self, live: LiveContent) {
        tracing::info!(release = live.release_id, version = %live.version, "live content swapped");
        self.live.store(Arc::new(live));
    }
}

/// Watches the database for a newly published release and swaps it in, so a release
/// published by another process or node goes live everywhere within `every`.
pub async fn watch_releases(state: AppState, every: std::time::Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let current = state.live().release_id;
        match state.store.live_release_id().await {
            Ok(Some(id)) if id != current => match state.store.live_release().await {
                Ok(Some(release)) => state.publish(release.into()),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cannot load the newly published release"),
            },
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot check for a newly published release"),
        }
    }
}
