//! `/admin/journal`: the audit log, newest first, a page at a time, filtered by action, by
//! target or by operator; `/admin/journal.csv` exports what the filters select.

use acquis_app::admin::{self, AuditAction, AuditQuery, AuditRecord, AuditTarget};
use askama::Template;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::admin::{AdminNav, OperatorCaller, guard::role_key};
use crate::i18n::Lang;
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// Entries on one page.
const PAGE: u32 = 50;

/// The filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    #[serde(default)]
    action: String,
    /// `user:12`, `session:3`…
    #[serde(default)]
    cible: String,
    /// An operator's account id.
    #[serde(default)]
    operateur: String,
    /// The next page: entries older than this id.
    #[serde(default)]
    avant: String,
}

impl AuditParams {
    fn query(&self) -> AuditQuery {
        AuditQuery {
            action: self.action.parse().ok(),
            target: parse_target(&self.cible),
            actor_user_id: self.operateur.trim().parse().ok(),
            before_id: self.avant.trim().parse().ok(),
            limit: PAGE,
        }
    }

    /// The filters as a query string (without the page).
    fn filters(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("action", &self.action),
            ("cible", &self.cible),
            ("operateur", &self.operateur),
        ] {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", crate::auth::urlencode(value.trim())));
            }
        }
        parts.join("&")
    }
}

/// `kind:id` as a target (`platform` alone).
fn parse_target(text: &str) -> Option<AuditTarget> {
    let text = text.trim();
    match text.split_once(':') {
        Some((kind, id)) => AuditTarget::from_stored(kind, Some(id.trim().parse().ok()?)),
        None => AuditTarget::from_stored(text, None),
    }
}

/// The Fluent key of an action's label (`admin-action-user-unlocked`).
pub fn action_key(action: AuditAction) -> String {
    format!("admin-action-{}", action.as_str().replace(['.', '_'], "-"))
}

/// Where a target's page is in the portal, if it has one.
pub fn target_link(target: AuditTarget) -> Option<String> {
    match target {
        AuditTarget::User(id) => Some(format!("/admin/personnes/{id}")),
        _ => None,
    }
}

/// An entry of the list.
pub struct EntryItem {
    at: String,
    operator: String,
    role: String,
    action: String,
    target: String,
    target_link: Option<String>,
    detail: String,
    client: String,
}

/// An action the filter offers.
pub struct ActionOption {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    chrome: Chrome,
    nav: AdminNav,
    entries: Vec<EntryItem>,
    actions: Vec<ActionOption>,
    cible: String,
    operateur: String,
    next: Option<String>,
    export: String,
}

/// The entry as the list shows it.
fn item(lang: Lang, e: AuditRecord) -> EntryItem {
    EntryItem {
        at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        operator: match (&e.actor_email, e.actor_user_id) {
            (Some(email), _) => email.clone(),
            (None, Some(id)) => format!("#{id}"),
            (None, None) => lang.t("admin-audit-command-line"),
        },
        role: e
            .actor_role
            .map(|r| lang.t(role_key(r)))
            .unwrap_or_else(|| lang.t("admin-audit-no-role")),
        action: match e.action {
            Some(a) => lang.t(&action_key(a)),
            None => e.action_name.clone(),
        },
        target: e
            .target
            .map(|t| match t.id() {
                Some(id) => format!("{} {id}", lang.t(&format!("admin-target-{}", t.kind()))),
                None => lang.t(&format!("admin-target-{}", t.kind())),
            })
            .unwrap_or_default(),
        target_link: e.target.and_then(target_link),
        detail: e.detail,
        client: e.client,
    }
}

/// One page of the log.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Query(params): Query<AuditParams>,
) -> Result<Response, WebError> {
    let query = params.query();
    let entries = admin::audit::entries(&state.app, &caller.op, query).await?;
    let filters = params.filters();
    let next = (entries.len() == PAGE as usize)
        .then(|| entries.last().map(|e| e.id))
        .flatten()
        .map(|id| {
            if filters.is_empty() {
                format!("/admin/journal?avant={id}")
            } else {
                format!("/admin/journal?{filters}&avant={id}")
            }
        });
    let export = if filters.is_empty() {
        "/admin/journal.csv".to_owned()
    } else {
        format!("/admin/journal.csv?{filters}")
    };
    let actions = AuditAction::ALL
        .iter()
        .map(|a| ActionOption {
            value: a.as_str(),
            label: lang.t(&action_key(*a)),
            selected: query.action == Some(*a),
        })
        .collect();
    let chrome = Chrome::of(lang, &caller.user, "/admin/journal").await?;
    let page = AuditPage {
        chrome,
        nav: caller.nav("journal"),
        entries: entries.into_iter().map(|e| item(lang, e)).collect(),
        actions,
        cible: params.cible.trim().chars().take(40).collect(),
        operateur: params.operateur.trim().chars().take(20).collect(),
        next,
        export,
    };
    Ok(Html(page.render()?).into_response())
}

/// The CSV export of what the filters select.
pub async fn export(
    State(state): State<AppState>,
    caller: OperatorCaller,
    Query(params): Query<AuditParams>,
) -> Result<Response, WebError> {
    let export = admin::audit::export(&state.app, &caller.op, params.query())?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"journal-acquis.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(export.chunks),
    )
        .into_response())
}
