//! `/admin/organisations` and `/admin/centres`: the operator's organisations and certification
//! centres — the list with its filters (name, kind, tag, archived), founding one with its
//! first administrator, one group's page (details, tags, members, invitations, a centre's
//! accreditations, its audit entries) with the edit, archive, member and accreditation forms.
//! Both kinds share these handlers; [`Kind`] says which one a route serves.

use acquis_app::admin::groups::{self, FirstAdmin, GroupForm, GroupView};
use acquis_app::admin::{AdminError, Group, GroupKind, GroupQuery, Permission};
use acquis_core::organization::{Accreditation, OrganizationKind, Role};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::admin::audit::action_key;
use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::{Lang, text};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// Which kind of group a route serves, with its paths and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind(GroupKind);

impl Kind {
    fn base(self) -> &'static str {
        match self.0 {
            GroupKind::Organization => "/admin/organisations",
            GroupKind::Centre => "/admin/centres",
        }
    }
    fn nav(self) -> &'static str {
        match self.0 {
            GroupKind::Organization => "organisations",
            GroupKind::Centre => "centres",
        }
    }
    fn group(self, id: i64) -> Group {
        self.0.group(id)
    }
    fn permission(self) -> Permission {
        match self.0 {
            GroupKind::Organization => Permission::Organisations,
            GroupKind::Centre => Permission::Centres,
        }
    }
    /// The Fluent key `admin-{orgs|centres}-{suffix}`.
    fn key(self, suffix: &str) -> String {
        match self.0 {
            GroupKind::Organization => format!("admin-orgs-{suffix}"),
            GroupKind::Centre => format!("admin-centres-{suffix}"),
        }
    }
}

const ORG: Kind = Kind(GroupKind::Organization);
const CENTRE: Kind = Kind(GroupKind::Centre);

/// The routes of both kinds.
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::{Centres, Organisations, Read};
    Routes::new()
        .get("/admin/organisations", Op(Read), |s, l, c, q| {
            list(ORG, s, l, c, q)
        })
        .post("/admin/organisations", Op(Organisations), |s, l, c, f| {
            create(ORG, s, l, c, f)
        })
        .get("/admin/organisations/{org}", Op(Read), |s, l, c, p| {
            show(ORG, s, l, c, p)
        })
        .post(
            "/admin/organisations/{org}",
            Op(Organisations),
            |s, l, c, p, f| update(ORG, s, l, c, p, f),
        )
        .post(
            "/admin/organisations/{org}/archiver",
            Op(Organisations),
            |s, l, c, p, f| archive(ORG, true, s, l, c, p, f),
        )
        .post(
            "/admin/organisations/{org}/desarchiver",
            Op(Organisations),
            |s, l, c, p, f| archive(ORG, false, s, l, c, p, f),
        )
        .post(
            "/admin/organisations/{org}/membres",
            Op(Organisations),
            |s, l, c, p, f| add_member(ORG, s, l, c, p, f),
        )
        .get("/admin/centres", Op(Read), |s, l, c, q| {
            list(CENTRE, s, l, c, q)
        })
        .post("/admin/centres", Op(Centres), |s, l, c, f| {
            create(CENTRE, s, l, c, f)
        })
        .get("/admin/centres/{centre}", Op(Read), |s, l, c, p| {
            show(CENTRE, s, l, c, p)
        })
        .post("/admin/centres/{centre}", Op(Centres), |s, l, c, p, f| {
            update(CENTRE, s, l, c, p, f)
        })
        .post(
            "/admin/centres/{centre}/archiver",
            Op(Centres),
            |s, l, c, p, f| archive(CENTRE, true, s, l, c, p, f),
        )
        .post(
            "/admin/centres/{centre}/desarchiver",
            Op(Centres),
            |s, l, c, p, f| archive(CENTRE, false, s, l, c, p, f),
        )
        .post(
            "/admin/centres/{centre}/membres",
            Op(Centres),
            |s, l, c, p, f| add_member(CENTRE, s, l, c, p, f),
        )
        .post(
            "/admin/centres/{centre}/habilitations",
            Op(Centres),
            accreditation,
        )
}

/// The list's filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    nom: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    etiquette: String,
    #[serde(default)]
    archives: String,
    #[serde(default)]
    apres: String,
}

/// A group in the list.
pub struct GroupItem {
    id: i64,
    name: String,
    kind: String,
    tags: String,
    members: i64,
    created: String,
}

/// A choice of a select.
pub struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/groups.html")]
struct ListPage {
    chrome: Chrome,
    nav: AdminNav,
    title: String,
    base: &'static str,
    items: Vec<GroupItem>,
    kinds: Vec<Choice>,
    nom: String,
    etiquette: String,
    archived: bool,
    next: Option<String>,
    may_change: bool,
    create_title: String,
    form: FormValues,
    errors: Vec<(String, String)>,
}

/// The values of the create or edit form (sent back after a refusal).
#[derive(Debug, Clone, Default)]
pub struct FormValues {
    name: String,
    kind: String,
    external_id: String,
    tags: String,
    admin_email: String,
}

fn kind_key(kind: OrganizationKind) -> &'static str {
    match kind {
        OrganizationKind::Sco => "admin-kind-sco",
        OrganizationKind::Sup => "admin-kind-sup",
        OrganizationKind::Pro => "admin-kind-pro",
    }
}

fn kinds(lang: Lang, selected: &str) -> Vec<Choice> {
    OrganizationKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str(),
            label: lang.t(kind_key(*k)),
            selected: k.as_str() == selected,
        })
        .collect()
}

fn error_key(code: &str) -> &'static str {
    match code {
        "empty" => "admin-field-empty",
        "too_long" => "admin-field-too-long",
        "invalid_email" => "admin-field-email",
        "unknown_kind" => "admin-groups-bad-kind",
        "too_many_tags" => "admin-groups-too-many-tags",
        "tag_too_long" => "admin-groups-tag-too-long",
        "tag_character" => "admin-groups-tag-character",
        _ => "admin-field-invalid",
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_list(
    kind: Kind,
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    params: &ListParams,
    form: FormValues,
    errors: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let archived = params.archives == "1";
    let org_kind = params.kind.parse::<OrganizationKind>().ok();
    let query = GroupQuery {
        kind: kind.0,
        name: Some(params.nom.chars().take(200).collect()),
        org_kind,
        tag: Some(params.etiquette.chars().take(40).collect()),
        archived,
        after_id: params.apres.trim().parse().ok(),
        limit: groups::PAGE,
    };
    let rows = groups::list(&state.app, &caller.op, query).await?;
    let next = (rows.len() == groups::PAGE as usize)
        .then(|| rows.last().map(|r| r.id))
        .flatten()
        .map(|id| {
            format!(
                "{}?nom={}&type={}&etiquette={}&archives={}&apres={id}",
                kind.base(),
                crate::auth::urlencode(params.nom.trim()),
                crate::auth::urlencode(&params.kind),
                crate::auth::urlencode(params.etiquette.trim()),
                if archived { "1" } else { "" }
            )
        });
    let items = rows
        .into_iter()
        .map(|r| GroupItem {
            id: r.id,
            name: r.name,
            kind: lang.t(kind_key(r.kind)),
            tags: r.tags.join(", "),
            members: r.members,
            created: r.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let chrome = Chrome::of(lang, &caller.user, kind.base()).await?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ListPage {
        chrome,
        nav: caller.nav(kind.nav()),
        title: lang.t(&kind.key("title")),
        base: kind.base(),
        items,
        kinds: kinds(lang, &params.kind),
        nom: params.nom.chars().take(200).collect(),
        etiquette: params.etiquette.chars().take(40).collect(),
        archived,
        next,
        may_change: caller.op.may(kind.permission()),
        create_title: lang.t(&kind.key("create")),
        form,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

impl ListPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn kind_options(&self) -> Vec<Choice> {
        kinds(self.chrome.lang, &self.form.kind)
    }
}

/// The list.
pub async fn list(
    kind: Kind,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    render_list(
        kind,
        &state,
        lang,
        &caller,
        &params,
        FormValues::default(),
        Vec::new(),
    )
    .await
}

fn values(fields: &Fields) -> FormValues {
    let take = |name: &str, n: usize| fields.get(name).chars().take(n).collect::<String>();
    FormValues {
        name: take("name", 300),
        kind: take("kind", 10),
        external_id: take("external_id", 200),
        tags: take("tags", 400),
        admin_email: take("admin_email", 300),
    }
}

/// Founds a group with its first administrator.
pub async fn create(
    kind: Kind,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    caller.require(kind.permission())?;
    let form = GroupForm {
        name: fields.get("name"),
        kind: fields.get("kind"),
        external_id: fields.get("external_id"),
        tags: fields.get("tags"),
    };
    match groups::found(
        &state.app,
        &caller.op,
        kind.0,
        form,
        fields.get("admin_email"),
        lang.code(),
    )
    .await
    {
        Ok((id, first)) => {
            let key = match first {
                FirstAdmin::Added => "admin-groups-created-added",
                FirstAdmin::Invited { .. } => "admin-groups-created-invited",
            };
            let email = fields.get("admin_email").trim().to_lowercase();
            flash(
                &caller.user.session,
                "success",
                lang.t_args(key, &[("email", text(email))]),
            )
            .await?;
            Ok(redirect_to(&format!("{}/{id}", kind.base())).into_response())
        }
        Err(AdminError::Invalid { field, code }) => {
            let errors = vec![(field.to_owned(), lang.t(error_key(code)))];
            render_list(
                kind,
                &state,
                lang,
                &caller,
                &ListParams::default(),
                values(&fields),
                errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A member of the group's page.
pub struct MemberItem {
    name: String,
    email: String,
    role: String,
}

/// An audit line of the group's page.
pub struct AuditLine {
    at: String,
    action: String,
    operator: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/group.html")]
struct GroupPage {
    chrome: Chrome,
    nav: AdminNav,
    base: &'static str,
    id: i64,
    name: String,
    is_centre: bool,
    archived: bool,
    facts: Vec<(String, String)>,
    members: Vec<MemberItem>,
    invitations: Vec<(String, String)>,
    accredited: bool,
    audit: Vec<AuditLine>,
    may_change: bool,
    form: FormValues,
    kinds: Vec<Choice>,
    errors: Vec<(String, String)>,
}

impl GroupPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn render_group(
    kind: Kind,
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    id: i64,
    form: Option<FormValues>,
    errors: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let GroupView {
        row,
        members,
        invitations,
        accreditations,
        audit,
    } = groups::group(&state.app, &caller.op, kind.group(id)).await?;
    let mut facts = vec![
        (lang.t("admin-person-id"), row.id.to_string()),
        (lang.t("admin-groups-kind"), lang.t(kind_key(row.kind))),
        (
            lang.t("admin-groups-external-id"),
            row.external_id.clone().unwrap_or_default(),
        ),
        (lang.t("admin-groups-tags"), row.tags.join(", ")),
        (lang.t("admin-person-created"), date(row.created_at)),
    ];
    if let Some(at) = row.archived_at {
        facts.push((lang.t("admin-groups-archived-at"), date(at)));
    }
    let form = form.unwrap_or_else(|| FormValues {
        name: row.name.clone(),
        kind: row.kind.as_str().to_owned(),
        external_id: row.external_id.clone().unwrap_or_default(),
        tags: row.tags.join(", "),
        admin_email: String::new(),
    });
    let path = format!("{}/{id}", kind.base());
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = GroupPage {
        nav: caller.nav(kind.nav()),
        base: kind.base(),
        id,
        name: row.name.clone(),
        is_centre: kind == CENTRE,
        archived: row.archived_at.is_some(),
        facts,
        members: members
            .into_iter()
            .map(|m| MemberItem {
                name: format!("{} {}", m.first_name, m.last_name),
                email: m.email,
                role: lang.t(crate::orga::role_label_key(m.role)),
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .filter(|i| i.accepted_at.is_none() && i.cancelled_at.is_none())
            .map(|i| (i.email, lang.t(crate::orga::role_label_key(i.role))))
            .collect(),
        accredited: accreditations.contains(&Accreditation::Core),
        audit: audit
            .into_iter()
            .map(|e| AuditLine {
                at: date(e.at),
                action: e
                    .action
                    .map(|a| lang.t(&action_key(a)))
                    .unwrap_or_else(|| e.action_name.clone()),
                operator: e
                    .actor_email
                    .clone()
                    .unwrap_or_else(|| lang.t("admin-audit-command-line")),
                detail: e.detail,
            })
            .collect(),
        may_change: caller.op.may(kind.permission()),
        kinds: kinds(lang, &form.kind),
        form,
        errors,
        chrome,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// One group's page.
pub async fn show(
    kind: Kind,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    render_group(kind, &state, lang, &caller, id, None, Vec::new()).await
}

fn back(kind: Kind, id: i64) -> Response {
    redirect_to(&format!("{}/{id}", kind.base())).into_response()
}

/// Changes the group's details and tags.
pub async fn update(
    kind: Kind,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let form = GroupForm {
        name: fields.get("name"),
        kind: fields.get("kind"),
        external_id: fields.get("external_id"),
        tags: fields.get("tags"),
    };
    match groups::update(&state.app, &caller.op, kind.group(id), form).await {
        Ok(()) => {
            flash(
                &caller.user.session,
                "success",
                lang.t("admin-groups-saved"),
            )
            .await?;
            Ok(back(kind, id))
        }
        Err(AdminError::Invalid { field, code }) => {
            let errors = vec![(field.to_owned(), lang.t(error_key(code)))];
            render_group(
                kind,
                &state,
                lang,
                &caller,
                id,
                Some(values(&fields)),
                errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Archives the group, or takes it out of the archive.
#[allow(clippy::too_many_arguments)]
pub async fn archive(
    kind: Kind,
    archived: bool,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    groups::set_archived(&state.app, &caller.op, kind.group(id), archived).await?;
    let key = if archived {
        "admin-groups-archived"
    } else {
        "admin-groups-restored"
    };
    flash(&caller.user.session, "success", lang.t(key)).await?;
    Ok(back(kind, id))
}

/// Adds a member (an existing account) with a role.
pub async fn add_member(
    kind: Kind,
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let role = Role::parse(fields.get("role")).unwrap_or(Role::Member);
    match groups::add_member(
        &state.app,
        &caller.op,
        kind.group(id),
        fields.get("email"),
        role,
    )
    .await
    {
        Ok(()) => {
            flash(
                &caller.user.session,
                "success",
                lang.t("admin-groups-member-added"),
            )
            .await?
        }
        Err(AdminError::NotFound("user")) => {
            flash(
                &caller.user.session,
                "error",
                lang.t("admin-operators-no-account"),
            )
            .await?
        }
        Err(AdminError::Invalid { .. }) => {
            flash(&caller.user.session, "error", lang.t("admin-field-email")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(kind, id))
}

/// Grants or withdraws a centre's core accreditation.
pub async fn accreditation(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let granted = fields.get("accorder") == "1";
    groups::set_accreditation(&state.app, &caller.op, id, Accreditation::Core, granted).await?;
    let key = if granted {
        "admin-centres-accredited"
    } else {
        "admin-centres-withdrawn"
    };
    flash(&caller.user.session, "success", lang.t(key)).await?;
    Ok(back(CENTRE, id))
}
