//! Shared application state: the store and the live content snapshot.

use std::collections::BTreeMap;
use std::sync::Arc;

use acquis_core::Framework;
use acquis_store::{Store, StoredRelease};
use arc_swap::ArcSwap;

/// The published content, immutable, shared by every request.
#[derive(Debug)]
pub struct LiveContent {
    /// The release it comes from.
    pub release_id: i64,
    /// Its version label.
    pub version: String,
    /// The framework.
    pub framework: Framework,
    /// Its files by path (`files/...`).
    pub files: BTreeMap<String, Vec<u8>>,
}

impl From<StoredRelease> for LiveContent {
    fn from(r: StoredRelease) -> Self {
        LiveContent {
            release_id: r.summary.id,
            version: r.summary.version,
            framework: r.framework,
            files: r.files,
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    live: Arc<ArcSwap<LiveContent>>,
}

impl AppState {
    /// State serving `live` until another release is published.
    pub fn new(store: Store, live: LiveContent) -> Self {
        AppState {
            store,
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
