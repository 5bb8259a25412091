//! Content releases: the live framework as an immutable in-memory snapshot, swapped atomically
//! when a release is published (here or by another node), and the import of a validated
//! content folder as a new release. The hot path reads the snapshot, never the database.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use acquis_core::Framework;
use acquis_core::positioning::PositioningIndex;
use acquis_store::{NewRelease, StoredRelease};

use crate::{App, AppError};

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

/// A validated content set, ready to become a release.
#[derive(Debug, Clone, Copy)]
pub struct ReleaseInput<'a> {
    /// The framework.
    pub framework: &'a Framework,
    /// Its files by path.
    pub files: &'a BTreeMap<String, Vec<u8>>,
    /// The checksum of the folder it was read from.
    pub checksum: &'a str,
}

/// Stores a validated content set as a new release at `now`, publishing it if asked; returns
/// its id.
pub async fn import(
    store: &acquis_store::Store,
    input: ReleaseInput<'_>,
    publish: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    let data = input.framework.data();
    let id = store
        .create_release(
            NewRelease {
                name: &data.name,
                version: &data.version,
                checksum: input.checksum,
                framework: input.framework,
                files: input.files,
            },
            now,
        )
        .await?;
    if publish {
        store.publish_release(id, now).await?;
    }
    Ok(id)
}

/// The live release, or `None` when nothing is published yet.
pub async fn live_release(store: &acquis_store::Store) -> Result<Option<LiveContent>, AppError> {
    Ok(store.live_release().await?.map(LiveContent::from))
}

impl App {
    /// Stores a validated content set as a new release, publishing it (and swapping it in on
    /// this node at once) if asked; returns its id.
    pub async fn import_release(
        &self,
        input: ReleaseInput<'_>,
        publish: bool,
    ) -> Result<i64, AppError> {
        let id = import(&self.store, input, publish, self.now()).await?;
        if publish {
            self.reload_live().await?;
        }
        Ok(id)
    }

    /// Reads the published release again and swaps it in if it changed.
    pub async fn reload_live(&self) -> Result<(), AppError> {
        let current = self.live().release_id;
        match self.store.live_release_id().await? {
            Some(id) if id != current => {
                if let Some(release) = self.store.live_release().await? {
                    self.publish_live(release.into());
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Watches the database for a newly published release and swaps it in, so a release
    /// published by another process or node goes live everywhere within `every`.
    pub async fn watch_releases(self, every: Duration) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(e) = self.reload_live().await {
                tracing::warn!(error = %e, "cannot check for a newly published release");
            }
        }
    }

    /// Swaps in a newly published release, atomically for every later request.
    pub fn publish_live(&self, live: LiveContent) {
        tracing::info!(release = live.release_id, version = %live.version, "live content swapped");
        self.live.store(Arc::new(live));
    }
}
