//! Content releases in the operator's portal: a content folder uploaded as a `.zip` is
//! validated whole (every `file:line: message` reported, nothing stored on any error), stored
//! as an unpublished release, compared with the live one, then published; publishing an
//! earlier release is the rollback. Publishing swaps the release in on this node at once; the
//! other nodes follow within the poll interval (`App::watch_releases`), and an evaluation in
//! progress keeps working across the swap (it reads the live framework at each step).

use acquis_content::{ContentErrors, ContentSource, FrameworkDiff, Summary};
use acquis_core::Framework;
use acquis_core::operator::{AuditAction, AuditTarget, Permission};
use acquis_store::{NewRelease, ReleaseSummary};

use crate::admin::{AdminError, Operator};
use crate::{App, AppError};

pub use acquis_content::MAX_ARCHIVE_BYTES;
pub use acquis_content::diff::{Changed, KindDiff};

/// What became of an uploaded archive.
#[derive(Debug)]
pub enum UploadOutcome {
    /// The archive or its content is not valid: every problem, nothing stored.
    Refused(ContentErrors),
    /// The content is valid and stored as this release, unpublished.
    Stored {
        /// The release.
        id: i64,
        /// `false` when a release with the very same sources existed already (that one is
        /// returned, no copy is made).
        new: bool,
    },
}

/// The releases, newest first, and which one is live.
#[derive(Debug, Clone)]
pub struct ReleaseList {
    /// Every release, newest first.
    pub releases: Vec<ReleaseSummary>,
    /// The live release's id, if one is published.
    pub live: Option<i64>,
}

/// One release compared with the live one.
#[derive(Debug, Clone)]
pub struct ReleaseView {
    /// The release.
    pub release: ReleaseSummary,
    /// What it holds.
    pub summary: Summary,
    /// The live release, if any.
    pub live: Option<ReleaseSummary>,
    /// What publishing it would change against the live release (empty when it is live).
    pub diff: FrameworkDiff,
}

impl ReleaseView {
    /// Whether this release is the live one.
    pub fn is_live(&self) -> bool {
        self.live.as_ref().is_some_and(|l| l.id == self.release.id)
    }
}

/// Validates the uploaded archive `bytes` and stores it as an unpublished release (audited
/// `release.uploaded`). `Invalid { field: "archive" }` for an empty archive (`empty`) or one
/// over [`MAX_ARCHIVE_BYTES`] (`too_large`, refused before it is read).
pub async fn upload_release(
    app: &App,
    op: &Operator,
    bytes: Vec<u8>,
) -> Result<UploadOutcome, AdminError> {
    op.require(Permission::Content)?;
    if bytes.is_empty() {
        return Err(AdminError::Invalid {
            field: "archive",
            code: "empty",
        });
    }
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return Err(AdminError::Invalid {
            field: "archive",
            code: "too_large",
        });
    }
    // Inflating and validating a few megabytes is CPU work: off the async runtime.
    let loaded = tokio::task::spawn_blocking(move || {
        ContentSource::from_zip(&bytes).and_then(|source| acquis_content::load(&source))
    })
    .await
    .map_err(|_| AppError::Internal("content validation stopped"))?;
    let content = match loaded {
        Ok(content) => content,
        Err(errors) => return Ok(UploadOutcome::Refused(errors)),
    };
    if let Some(existing) = app.store.release_by_checksum(&content.checksum).await? {
        return Ok(UploadOutcome::Stored {
            id: existing.id,
            new: false,
        });
    }
    let data = content.framework.data();
    let detail = format!("{} {}", data.name, data.version);
    let now = app.now();
    let id = app
        .store
        .create_release_audited(
            NewRelease {
                name: &data.name,
                version: &data.version,
                checksum: &content.checksum,
                framework: &content.framework,
                files: &content.files,
            },
            now,
            |id| {
                op.audit(
                    AuditAction::ReleaseUploaded,
                    AuditTarget::Release(id),
                    &detail,
                    now,
                )
            },
        )
        .await?;
    Ok(UploadOutcome::Stored { id, new: true })
}

/// Every release, newest first, with the live one.
pub async fn releases(app: &App, op: &Operator) -> Result<ReleaseList, AdminError> {
    op.require(Permission::Read)?;
    Ok(ReleaseList {
        releases: app.store.releases().await?,
        live: app.store.live_release_id().await?,
    })
}

/// Release `id`, its counts, and what publishing it would change against the live release.
pub async fn release_diff(app: &App, op: &Operator, id: i64) -> Result<ReleaseView, AdminError> {
    op.require(Permission::Read)?;
    let release = app
        .store
        .release(id)
        .await?
        .ok_or(AdminError::NotFound("release"))?;
    let live_id = app.store.live_release_id().await?;
    let live = match live_id {
        Some(live_id) => app
            .store
            .releases()
            .await?
            .into_iter()
            .find(|r| r.id == live_id),
        None => None,
    };
    let diff = match live_id {
        None => FrameworkDiff::between(&empty_like(&release.framework), &release.framework),
        Some(live_id) => {
            let snapshot = app.live();
            if snapshot.release_id == live_id {
                FrameworkDiff::between(&snapshot.framework, &release.framework)
            } else {
                let framework = app
                    .store
                    .release_framework(live_id)
                    .await?
                    .ok_or(AdminError::NotFound("release"))?;
                FrameworkDiff::between(&framework, &release.framework)
            }
        }
    };
    Ok(ReleaseView {
        summary: Summary::of(&release.framework, &release.files),
        release: release.summary,
        live,
        diff,
    })
}

/// A framework with nothing in it, to diff a first release against.
fn empty_like(framework: &Framework) -> Framework {
    let mut data = framework.data().clone();
    data.competences.clear();
    data.tubes.clear();
    data.skills.clear();
    data.challenges.clear();
    data.tutorials.clear();
    Framework::new(data).unwrap_or_else(|_| framework.clone())
}

/// Makes release `id` the live one (audited `release.published`); publishing an earlier
/// release is the rollback. Returns `false` when it was live already (nothing written). This
/// node serves it at once; the others within the poll interval.
pub async fn publish_release(app: &App, op: &Operator, id: i64) -> Result<bool, AdminError> {
    op.require(Permission::Content)?;
    let release = app
        .store
        .releases()
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AdminError::NotFound("release"))?;
    let detail = if release.published_at.is_some() {
        format!("{} (rollback)", release.version)
    } else {
        release.version.clone()
    };
    let now = app.now();
    let audit = op.audit(
        AuditAction::ReleasePublished,
        AuditTarget::Release(id),
        &detail,
        now,
    );
    let changed = app.store.publish_release_audited(id, now, audit).await?;
    app.reload_live().await?;
    Ok(changed)
}
