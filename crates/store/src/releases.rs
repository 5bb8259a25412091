//! Content releases: an imported framework stored as a versioned, immutable release; publishing
//! one makes it the live release.

use std::collections::BTreeMap;

use acquis_core::Framework;
use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::{NewAuditEntry, Store, StoreError, in_transaction, with_pool};

/// A framework to store as a new release.
#[derive(Debug, Clone, Copy)]
pub struct NewRelease<'a> {
    /// Name of the content set.
    pub name: &'a str,
    /// Its version label.
    pub version: &'a str,
    /// SHA-256 of its sources.
    pub checksum: &'a str,
    /// The validated framework.
    pub framework: &'a Framework,
    /// Its files by path.
    pub files: &'a BTreeMap<String, Vec<u8>>,
}

/// A release without its payload.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReleaseSummary {
    /// Release id.
    pub id: i64,
    /// Name of the content set.
    pub name: String,
    /// Version label.
    pub version: String,
    /// SHA-256 of its sources.
    pub checksum: String,
    /// When it was imported.
    pub created_at: DateTime<Utc>,
    /// When it was last published, if ever.
    pub published_at: Option<DateTime<Utc>>,
}

/// A release with its framework and files, ready to serve.
#[derive(Debug, Clone)]
pub struct StoredRelease {
    /// What it is.
    pub summary: ReleaseSummary,
    /// The framework.
    pub framework: Framework,
    /// Its files by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

const SUMMARY_COLUMNS: &str = "id, name, version, checksum, created_at, published_at";

/// A release with its framework as stored (JSON).
#[derive(sqlx::FromRow)]
struct ReleaseRow {
    #[sqlx(flatten)]
    summary: ReleaseSummary,
    framework: String,
}

impl Store {
    /// Stores a framework and its files as a new, unpublished release; returns its id.
    #[tracing::instrument(skip_all, fields(version = release.version))]
    pub async fn create_release(
        &self,
        release: NewRelease<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.insert_release(release, now, None::<fn(i64) -> NewAuditEntry<'static>>)
            .await
    }

    /// Stores a release uploaded by an operator, unpublished, with the audit entry `audit`
    /// makes of its id, in one transaction; returns the id.
    pub async fn create_release_audited<'a>(
        &self,
        release: NewRelease<'_>,
        now: DateTime<Utc>,
        audit: impl FnOnce(i64) -> NewAuditEntry<'a> + Send,
    ) -> Result<i64, StoreError> {
        self.insert_release(release, now, Some(audit)).await
    }

    /// The release, its files and (when an operator uploaded it) its audit entry, in one
    /// transaction.
    async fn insert_release<'a, F>(
        &self,
        release: NewRelease<'_>,
        now: DateTime<Utc>,
        audit: Option<F>,
    ) -> Result<i64, StoreError>
    where
        F: FnOnce(i64) -> NewAuditEntry<'a> + Send,
    {
        let json = serde_json::to_string(release.framework)
            .map_err(|e| StoreError::Corrupt(format!("framework cannot be serialised: {e}")))?;
        let id = in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO content_releases (name, version, checksum, framework, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(release.name)
            .bind(release.version)
            .bind(release.checksum)
            .bind(&json)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (path, bytes) in release.files {
                sqlx::query("INSERT INTO content_release_files (release_id, path, bytes) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(path)
                    .bind(bytes.as_slice())
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(audit) = audit {
                write_audit!(tx, audit(id));
            }
            id
        });
        Ok(id)
    }

    /// Makes release `id` the live one, published or not before (publishing an earlier
    /// release is the rollback), with its audit entry, in one transaction. Its publication
    /// time is set after the current live release's even when the clock says the same instant,
    /// so "live" is always the release published last. Returns `false`, writing nothing, when
    /// it is live already (a double click, or a concurrent publication of it that won).
    #[tracing::instrument(skip(self, audit))]
    pub async fn publish_release_audited(
        &self,
        id: i64,
        now: DateTime<Utc>,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        in_transaction!(self, |tx| {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM content_releases WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound("release"));
            }
            let live: Option<(i64, DateTime<Utc>)> = sqlx::query_as(
                "SELECT id, published_at FROM content_releases WHERE published_at IS NOT NULL
                 ORDER BY published_at DESC, id DESC LIMIT 1",
            )
            .fetch_optional(&mut *tx)
            .await?;
            let at = match live {
                Some((live_id, _)) if live_id == id => return Ok(false),
                Some((_, live_at)) => now.max(live_at + chrono::Duration::milliseconds(1)),
                None => now,
            };
            // The condition re-checked on the row: a concurrent publication of this release
            // that committed first leaves nothing to do.
            let done = sqlx::query(
                "UPDATE content_releases SET published_at = $1
                 WHERE id = $2 AND (published_at IS NULL OR published_at < $3)",
            )
            .bind(at)
            .bind(id)
            .bind(live.map(|(_, t)| t).unwrap_or(at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 && live.is_some() {
                return Ok(false);
            }
            write_audit!(tx, audit);
            Ok(true)
        })
    }

    /// Makes release `id` the live one.
    #[tracing::instrument(skip(self))]
    pub async fn publish_release(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query("UPDATE content_releases SET published_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("release"))
        } else {
            Ok(())
        }
    }

    /// The live release: the one published last.
    pub async fn live_release(&self) -> Result<Option<StoredRelease>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, framework FROM content_releases
             WHERE published_at IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT 1"
        );
        let found: Option<ReleaseRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .fetch_optional(pool)
            .await?);
        let Some(ReleaseRow {
            summary,
            framework: json,
        }) = found
        else {
            return Ok(None);
        };
        let framework: Framework = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("release {}: {e}", summary.id)))?;
        let files = self.release_files(summary.id).await?;
        Ok(Some(StoredRelease {
            summary,
            framework,
            files,
        }))
    }

    /// Release `id` with its framework and files (published or not), if it exists.
    pub async fn release(&self, id: i64) -> Result<Option<StoredRelease>, StoreError> {
        let sql =
            format!("SELECT {SUMMARY_COLUMNS}, framework FROM content_releases WHERE id = $1");
        let found: Option<ReleaseRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?);
        let Some(ReleaseRow {
            summary,
            framework: json,
        }) = found
        else {
            return Ok(None);
        };
        let framework: Framework = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("release {}: {e}", summary.id)))?;
        let files = self.release_files(summary.id).await?;
        Ok(Some(StoredRelease {
            summary,
            framework,
            files,
        }))
    }

    /// The framework of release `id` (published or not), without its files: what a
    /// certification result is recomputed against.
    pub async fn release_framework(&self, id: i64) -> Result<Option<Framework>, StoreError> {
        let json: Option<String> = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT framework FROM content_releases WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("release {id}: {e}")))
        })
        .transpose()
    }

    /// The id of the live release, if any: a cheap query for nodes watching for publications.
    pub async fn live_release_id(&self) -> Result<Option<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM content_releases WHERE published_at IS NOT NULL
                 ORDER BY published_at DESC, id DESC LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        }))
    }

    async fn release_files(&self, id: i64) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        let rows: Vec<(String, Vec<u8>)> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT path, bytes FROM content_release_files WHERE release_id = $1")
                .bind(id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().collect())
    }

    /// Every release, newest first.
    pub async fn releases(&self) -> Result<Vec<ReleaseSummary>, StoreError> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM content_releases ORDER BY id DESC");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .fetch_all(pool)
            .await?))
    }

    /// The newest release with these sources, if one was imported already.
    pub async fn release_by_checksum(
        &self,
        checksum: &str,
    ) -> Result<Option<ReleaseSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM content_releases WHERE checksum = $1 ORDER BY id DESC LIMIT 1"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(checksum)
            .fetch_optional(pool)
            .await?))
    }
}
