//! `/orga/{org}/membres`: the members and pending invitations; administrators invite by email
//! (a link with a one-time secret, stored hashed), change roles and remove members; anyone
//! leaves. `/orga/rejoindre?invitation=…` accepts an invitation once signed in. An
//! organisation always keeps an administrator.

use acquis_core::account::Email;
use acquis_store::StoreError;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{CurrentUser, token};
use crate::i18n::{Lang, text};
use crate::orga::{OrgNav, Role, date, require_admin, require_member, role_label_key};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// A member in the list.
pub struct MemberItem {
    user_id: i64,
    name: String,
    email: String,
    role: String,
    is_admin: bool,
    since: String,
    is_me: bool,
}

/// A pending invitation.
pub struct InvitationItem {
    id: i64,
    email: String,
    role: String,
    sent: String,
}

#[derive(Template)]
#[template(path = "orga/members.html")]
struct MembersPage {
    chrome: Chrome,
    nav: OrgNav,
    members: Vec<MemberItem>,
    invitations: Vec<InvitationItem>,
}

/// The members page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let members = state
        .store
        .members(org)
        .await?
        .into_iter()
        .map(|m| {
            let role = Role::parse(&m.role).unwrap_or(Role::Member);
            MemberItem {
                user_id: m.user_id,
                name: format!("{} {}", m.first_name, m.last_name),
                email: m.email,
                role: lang.t(role_label_key(role)),
                is_admin: role == Role::Admin,
                since: date(lang, m.created_at),
                is_me: m.user_id == user.user.id,
            }
        })
        .collect();
    let invitations = if membership.is_admin() {
        state
            .store
            .invitations(org)
            .await?
            .into_iter()
            .filter(|i| i.accepted_at.is_none() && i.cancelled_at.is_none())
            .map(|i| InvitationItem {
                id: i.id,
                email: i.email,
                role: Role::parse(&i.role).map_or(i.role, |r| lang.t(role_label_key(r))),
                sent: date(lang, i.created_at),
            })
            .collect()
    } else {
        Vec::new()
    };
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/membres")).await?;
    let page = MembersPage {
        chrome,
        nav: OrgNav::new(&membership, "membres"),
        members,
        invitations,
    };
    Ok(Html(page.render()?).into_response())
}

fn back(org: i64) -> Response {
    Redirect::to(&format!("/orga/{org}/membres")).into_response()
}

async fn refuse(user: &CurrentUser, lang: Lang, org: i64, key: &str) -> Result<Response, WebError> {
    flash(&user.session, "error", lang.t(key)).await?;
    Ok(back(org))
}

/// Invites someone by email (administrators).
pub async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_admin(&state, &user, org).await?;
    let Ok(email) = Email::parse(fields.get("email")) else {
        return refuse(&user, lang, org, "error-invalid-email").await;
    };
    let Some(role) = Role::parse(fields.get("role")) else {
        return refuse(&user, lang, org, "orga-error-role").await;
    };
    let (secret, hash) = token::new_token();
    state
        .store
        .create_invitation(org, email.as_str(), role.as_str(), &hash)
        .await?;
    let link = format!(
        "{}/orga/rejoindre?invitation={secret}",
        state.config.public_url
    );
    let args = [
        ("org", text(membership.org.name.clone())),
        ("role", text(lang.t(role_label_key(role)))),
        (
            "inviter",
            text(format!("{} {}", user.user.first_name, user.user.last_name)),
        ),
        ("link", text(link)),
    ];
    let subject = lang.t_args("orga-invite-mail-subject", &args);
    let body = lang.t_args("orga-invite-mail-body", &args);
    match state.mailer.send(email.as_str(), &subject, &body).await {
        Ok(()) => {
            let done = lang.t_args("orga-invite-done", &[("email", text(email.as_str()))]);
            flash(&user.session, "success", done).await?;
        }
        Err(e) => {
            tracing::warn!(error = %e, "invitation mail not sent");
            flash(&user.session, "error", lang.t("orga-error-mail")).await?;
        }
    }
    Ok(back(org))
}

/// Withdraws a pending invitation (administrators).
pub async fn cancel_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    require_admin(&state, &user, org).await?;
    match state.store.cancel_invitation(org, id).await {
        Ok(()) => flash(&user.session, "success", lang.t("orga-invite-cancelled")).await?,
        Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    }
    Ok(back(org))
}

/// Whether changing `target`'s role away from administrator (or removing them) would leave
/// the organisation without one.
async fn is_last_admin(state: &AppState, org: i64, target: i64) -> Result<bool, WebError> {
    let role = state.store.membership_role(org, target).await?;
    if role.as_deref() != Some(Role::Admin.as_str()) {
        return Ok(false);
    }
    Ok(state.store.admin_count(org).await? <= 1)
}

/// Changes a member's role (administrators).
pub async fn change_role(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, target)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    require_admin(&state, &user, org).await?;
    let Some(role) = Role::parse(fields.get("role")) else {
        return refuse(&user, lang, org, "orga-error-role").await;
    };
    if role == Role::Member && is_last_admin(&state, org, target).await? {
        return refuse(&user, lang, org, "orga-error-last-admin").await;
    }
    match state
        .store
        .set_member_role(org, target, role.as_str())
        .await
    {
        Ok(()) => flash(&user.session, "success", lang.t("orga-role-changed")).await?,
        Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    }
    Ok(back(org))
}

/// Removes a member (administrators).
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, target)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    require_admin(&state, &user, org).await?;
    if is_last_admin(&state, org, target).await? {
        return refuse(&user, lang, org, "orga-error-last-admin").await;
    }
    match state.store.remove_member(org, target).await {
        Ok(()) => flash(&user.session, "success", lang.t("orga-member-removed")).await?,
        Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    }
    if target == user.user.id {
        return Ok(Redirect::to("/orga").into_response());
    }
    Ok(back(org))
}

/// Leaves the organisation (anyone but its last administrator).
pub async fn leave(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    require_member(&state, &user, org).await?;
    if is_last_admin(&state, org, user.user.id).await? {
        return refuse(&user, lang, org, "orga-error-last-admin").await;
    }
    state.store.remove_member(org, user.user.id).await?;
    flash(&user.session, "success", lang.t("orga-left")).await?;
    Ok(Redirect::to("/orga").into_response())
}

/// The secret of an invitation link.
#[derive(Debug, Deserialize)]
pub struct InvitationQuery {
    #[serde(default)]
    invitation: String,
}

#[derive(Template)]
#[template(path = "orga/join.html")]
struct JoinPage {
    chrome: Chrome,
    invitation: String,
    org_name: Option<String>,
    role: String,
}

/// The invitation page: which organisation invites, and a button to accept. Not signed in,
/// the user signs in (or up) first and comes back here.
pub async fn show_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Query(q): Query<InvitationQuery>,
) -> Result<Response, WebError> {
    let found = match state
        .store
        .open_invitation(&token::hash(&q.invitation))
        .await?
    {
        Some(i) => state
            .store
            .organization(i.organization_id)
            .await?
            .map(|o| (o, i)),
        None => None,
    };
    let chrome = Chrome::of(lang, &user, "/orga/rejoindre").await?;
    let page = JoinPage {
        chrome,
        role: found
            .as_ref()
            .and_then(|(_, i)| Role::parse(&i.role))
            .map(|r| lang.t(role_label_key(r)))
            .unwrap_or_default(),
        org_name: found.map(|(o, _)| o.name),
        invitation: q.invitation,
    };
    Ok(Html(page.render()?).into_response())
}

/// Accepts an invitation: the signed-in user becomes a member with the invited role.
pub async fn accept(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let hash = token::hash(fields.get("invitation"));
    let Some(invitation) = state.store.open_invitation(&hash).await? else {
        return Err(WebError::NotFound);
    };
    match state
        .store
        .accept_invitation(&invitation, user.user.id)
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    }
    flash(&user.session, "success", lang.t("orga-joined")).await?;
    Ok(Redirect::to(&format!("/orga/{}", invitation.organization_id)).into_response())
}
