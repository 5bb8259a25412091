//! `/admin/contenu`: content releases. The list (the live one marked) with the upload form
//! (a content folder as a `.zip`), the validator's report when the upload has errors
//! (`file:line: message`, nothing stored), a release's page (its counts and what it changes
//! against the live release), and publishing, which for an earlier release is the rollback.
//! Every rule is in `acquis_app::admin::releases`; this module reads the multipart upload
//! (bounded) and renders.

use acquis_app::admin::releases::{self, KindDiff, MAX_ARCHIVE_BYTES, UploadOutcome};
use acquis_app::admin::{AdminError, Permission};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;

use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// What the upload route reads at most: the largest archive and the form around it.
const MAX_UPLOAD_BODY: usize = MAX_ARCHIVE_BYTES + 64 * 1024;

/// The routes of content releases.
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::*;
    Routes::new()
        .get("/admin/contenu", Op(Read), list)
        .post("/admin/contenu", Op(Content), upload)
        .body_limit(MAX_UPLOAD_BODY)
        .get("/admin/contenu/{release}", Op(Read), show)
        .post("/admin/contenu/{release}/publier", Op(Content), publish)
}

/// A release in the list.
pub struct ReleaseItem {
    id: i64,
    label: String,
    name: String,
    created: String,
    published: String,
    live: bool,
}

#[derive(Template)]
#[template(path = "admin/content.html")]
struct ListPage {
    chrome: Chrome,
    nav: AdminNav,
    releases: Vec<ReleaseItem>,
    may_upload: bool,
    archive_help: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/content_report.html")]
struct ReportPage {
    chrome: Chrome,
    nav: AdminNav,
    summary: String,
    errors: Vec<String>,
    archive_help: String,
}

/// A line of the diff: an item added, removed or changed (with its changed fields).
pub struct DiffRow {
    id: String,
    change: String,
    fields: String,
}

/// The diff of one kind of item.
pub struct DiffTable {
    kind: &'static str,
    caption: String,
    rows: Vec<DiffRow>,
}

#[derive(Template)]
#[template(path = "admin/content_release.html")]
struct ReleasePage {
    chrome: Chrome,
    nav: AdminNav,
    id: i64,
    title: String,
    facts: Vec<(String, String)>,
    counts: Vec<(String, usize)>,
    live: bool,
    compared_with: String,
    framework_changes: String,
    tables: Vec<DiffTable>,
    unchanged: bool,
    may_publish: bool,
    publish_label: String,
    publish_warning: String,
}

fn date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    error: Option<String>,
) -> Result<Response, WebError> {
    let list = releases::releases(&state.app, &caller.op).await?;
    let releases = list
        .releases
        .into_iter()
        .map(|r| ReleaseItem {
            live: list.live == Some(r.id),
            id: r.id,
            label: lang.t_args(
                "admin-content-release-label",
                &[
                    ("version", FluentValue::from(r.version)),
                    ("id", FluentValue::from(r.id)),
                ],
            ),
            name: r.name,
            created: date(r.created_at),
            published: r
                .published_at
                .map(date)
                .unwrap_or_else(|| lang.t("admin-content-never")),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ListPage {
        chrome: Chrome::of(lang, &caller.user, "/admin/contenu").await?,
        nav: caller.nav("contenu"),
        releases,
        may_upload: caller.op.may(Permission::Content),
        archive_help: archive_help(lang),
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The releases and the upload form.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
) -> Result<Response, WebError> {
    list_page(&state, lang, &caller, None).await
}

/// The upload's two parts, read with a bound on the archive.
enum Upload {
    Form { csrf: String, archive: Vec<u8> },
    TooLarge,
    Unreadable,
}

async fn read_upload(mut multipart: Multipart) -> Upload {
    let mut csrf = String::new();
    let mut archive = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Upload::TooLarge,
            Err(_) => return Upload::Unreadable,
        };
        match field.name() {
            Some("csrf") => match field.text().await {
                Ok(text) if text.len() <= 256 => csrf = text,
                _ => return Upload::Unreadable,
            },
            Some("archive") => loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if archive.len() + chunk.len() > MAX_ARCHIVE_BYTES {
                            return Upload::TooLarge;
                        }
                        archive.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Upload::TooLarge;
                    }
                    Err(_) => return Upload::Unreadable,
                }
            },
            _ => {}
        }
    }
    Upload::Form { csrf, archive }
}

fn archive_help(lang: Lang) -> String {
    lang.t_args(
        "admin-content-archive-help",
        &[("mb", FluentValue::from(MAX_ARCHIVE_BYTES / (1024 * 1024)))],
    )
}

fn too_large(lang: Lang) -> String {
    lang.t_args(
        "admin-content-too-large",
        &[("mb", FluentValue::from(MAX_ARCHIVE_BYTES / (1024 * 1024)))],
    )
}

/// Receives a content folder as a `.zip`: the report if it has errors (nothing stored), else
/// the new release's page.
pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    caller.require(Permission::Content)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BODY) {
        return list_page(&state, lang, &caller, Some(too_large(lang))).await;
    }
    let Ok(multipart) = multipart else {
        return list_page(
            &state,
            lang,
            &caller,
            Some(lang.t("admin-content-unreadable")),
        )
        .await;
    };
    let (csrf, archive) = match read_upload(multipart).await {
        Upload::Form { csrf, archive } => (csrf, archive),
        Upload::TooLarge => return list_page(&state, lang, &caller, Some(too_large(lang))).await,
        Upload::Unreadable => {
            return list_page(
                &state,
                lang,
                &caller,
                Some(lang.t("admin-content-unreadable")),
            )
            .await;
        }
    };
    crate::auth::csrf::verify(&caller.user.session, &csrf).await?;
    match releases::upload_release(&state.app, &caller.op, archive).await {
        Ok(UploadOutcome::Stored { id, new }) => {
            let key = if new {
                "admin-content-uploaded"
            } else {
                "admin-content-already"
            };
            flash(&caller.user.session, "success", lang.t(key)).await?;
            Ok(redirect_to(&format!("/admin/contenu/{id}")).into_response())
        }
        Ok(UploadOutcome::Refused(errors)) => {
            let errors: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
            let page = ReportPage {
                chrome: Chrome::of(lang, &caller.user, "/admin/contenu").await?,
                nav: caller.nav("contenu"),
                summary: lang.t_args(
                    "admin-content-report-count",
                    &[("count", FluentValue::from(errors.len()))],
                ),
                errors,
                archive_help: archive_help(lang),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(AdminError::Invalid { code, .. }) => {
            let message = if code == "too_large" {
                too_large(lang)
            } else {
                lang.t("admin-content-empty")
            };
            list_page(&state, lang, &caller, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

fn table(lang: Lang, kind: &'static str, diff: &KindDiff) -> DiffTable {
    let mut rows = Vec::new();
    rows.extend(diff.added.iter().map(|id| DiffRow {
        id: id.clone(),
        change: lang.t("admin-content-added"),
        fields: String::new(),
    }));
    rows.extend(diff.removed.iter().map(|id| DiffRow {
        id: id.clone(),
        change: lang.t("admin-content-removed"),
        fields: String::new(),
    }));
    rows.extend(diff.changed.iter().map(|c| DiffRow {
        id: c.id.clone(),
        change: lang.t("admin-content-changed"),
        fields: c.fields.join(", "),
    }));
    let caption = lang.t_args(
        &format!("admin-content-kind-{kind}"),
        &[
            ("added", FluentValue::from(diff.added.len())),
            ("removed", FluentValue::from(diff.removed.len())),
            ("changed", FluentValue::from(diff.changed.len())),
        ],
    );
    DiffTable {
        kind,
        caption,
        rows,
    }
}

/// A release: its counts and what it changes against the live release.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(release): Path<i64>,
) -> Result<Response, WebError> {
    let view = releases::release_diff(&state.app, &caller.op, release).await?;
    let live = view.is_live();
    let r = &view.release;
    let facts = vec![
        (lang.t("admin-content-name"), r.name.clone()),
        (lang.t("admin-content-version"), r.version.clone()),
        (lang.t("admin-content-created"), date(r.created_at)),
        (
            lang.t("admin-content-published"),
            r.published_at
                .map(date)
                .unwrap_or_else(|| lang.t("admin-content-never")),
        ),
        (lang.t("admin-content-checksum"), r.checksum.clone()),
    ];
    let s = &view.summary;
    let counts = vec![
        (lang.t("admin-content-count-competences"), s.competences),
        (lang.t("admin-content-count-tubes"), s.tubes),
        (lang.t("admin-content-count-skills"), s.skills),
        (lang.t("admin-content-count-challenges"), s.challenges),
        (lang.t("admin-content-count-tutorials"), s.tutorials),
        (lang.t("admin-content-count-files"), s.files),
    ];
    let compared_with = match &view.live {
        Some(_) if live => lang.t("admin-content-is-live"),
        Some(l) => lang.t_args(
            "admin-content-compared",
            &[
                ("version", FluentValue::from(l.version.clone())),
                ("id", FluentValue::from(l.id)),
            ],
        ),
        None => lang.t("admin-content-no-live"),
    };
    let d = &view.diff;
    let tables: Vec<DiffTable> = [
        ("competences", &d.competences),
        ("tubes", &d.tubes),
        ("skills", &d.skills),
        ("challenges", &d.challenges),
        ("tutorials", &d.tutorials),
    ]
    .into_iter()
    .filter(|(_, k)| !k.is_empty())
    .map(|(kind, k)| table(lang, kind, k))
    .collect();
    let rollback = r.published_at.is_some();
    let page = ReleasePage {
        chrome: Chrome::of(lang, &caller.user, &format!("/admin/contenu/{release}")).await?,
        nav: caller.nav("contenu"),
        id: r.id,
        title: lang.t_args(
            "admin-content-release-title",
            &[("version", FluentValue::from(r.version.clone()))],
        ),
        facts,
        counts,
        live,
        compared_with,
        framework_changes: d.framework.join(", "),
        unchanged: d.is_empty(),
        tables,
        may_publish: caller.op.may(Permission::Content) && !live,
        publish_label: lang.t(if rollback {
            "admin-content-rollback"
        } else {
            "admin-content-publish"
        }),
        publish_warning: lang.t(if rollback {
            "admin-content-rollback-warning"
        } else {
            "admin-content-publish-warning"
        }),
    };
    Ok(Html(page.render()?).into_response())
}

/// Publishes the release (for an earlier one: rolls back to it).
pub async fn publish(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(release): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let key = if releases::publish_release(&state.app, &caller.op, release).await? {
        "admin-content-published-done"
    } else {
        "admin-content-was-live"
    };
    flash(&caller.user.session, "success", lang.t(key)).await?;
    Ok(redirect_to(&format!("/admin/contenu/{release}")).into_response())
}
