//! `/orga/{org}/membres`: the members and pending invitations; administrators invite by email
//! (a link with a one-time secret, stored hashed), change roles and remove members; anyone
//! leaves. `/orga/rejoindre?invitation=…` accepts an invitation once signed in. An
//! organisation always keeps an administrator.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::members::Inviter;
use acquis_app::organizations::{InvitationId, OrgError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
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
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let members = state
        .app
        .members(&membership)
        .await?
        .into_iter()
        .map(|m| {
            let role = m.role;
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
    let invitations = if let Ok(admin) = membership.administration() {
        state
            .app
            .pending_invitations(&admin)
            .await?
            .into_iter()
            .map(|i| InvitationItem {
                id: i.id,
                email: i.email,
                role: lang.t(role_label_key(i.role)),
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

fn back(org: OrganizationId) -> Response {
    crate::pages::redirect_to(&format!("/orga/{org}/membres")).into_response()
}

async fn refuse(
    user: &CurrentUser,
    lang: Lang,
    org: OrganizationId,
    key: &str,
) -> Result<Response, WebError> {
    flash(&user.session, "error", lang.t(key)).await?;
    Ok(back(org))
}

/// Invites someone by email (administrators).
pub async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, org).await?;
    let Some(role) = Role::parse(fields.get("role")) else {
        // An invalid address is reported first, as before roles were read.
        if acquis_core::account::Email::parse(fields.get("email")).is_err() {
            return refuse(&user, lang, org, "error-invalid-email").await;
        }
        return refuse(&user, lang, org, "orga-error-role").await;
    };
    let inviter = format!("{} {}", user.user.first_name, user.user.last_name);
    let inviter = Inviter {
        name: &inviter,
        locale: lang.code(),
    };
    match state
        .app
        .invite(&admin, inviter, fields.get("email"), role)
        .await
    {
        Ok(_) => {}
        Err(OrgError::InvalidEmail) => {
            return refuse(&user, lang, org, "error-invalid-email").await;
        }
        Err(e) => return Err(e.into()),
    };
    let email = fields.get("email").trim().to_lowercase();
    let done = lang.t_args("orga-invite-done", &[("email", text(email))]);
    flash(&user.session, "success", done).await?;
    Ok(back(org))
}

/// Withdraws a pending invitation (administrators).
pub async fn cancel_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, InvitationId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, org).await?;
    state.app.cancel_invitation(&admin, id).await?;
    flash(&user.session, "success", lang.t("orga-invite-cancelled")).await?;
    Ok(back(org))
}

/// Changes a member's role (administrators).
pub async fn change_role(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, target)): Path<(OrganizationId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, org).await?;
    let Some(role) = Role::parse(fields.get("role")) else {
        return refuse(&user, lang, org, "orga-error-role").await;
    };
    match state.app.change_role(&admin, target, role).await {
        Ok(()) => flash(&user.session, "success", lang.t("orga-role-changed")).await?,
        Err(OrgError::LastAdministrator) => {
            return refuse(&user, lang, org, "orga-error-last-admin").await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(org))
}

/// Removes a member (administrators).
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, target)): Path<(OrganizationId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, org).await?;
    match state.app.remove_member(&admin, target).await {
        Ok(()) => flash(&user.session, "success", lang.t("orga-member-removed")).await?,
        Err(OrgError::LastAdministrator) => {
            return refuse(&user, lang, org, "orga-error-last-admin").await;
        }
        Err(e) => return Err(e.into()),
    }
    if target == user.user.id {
        return Ok(crate::pages::redirect_to("/orga").into_response());
    }
    Ok(back(org))
}

/// Leaves the organisation (anyone but its last administrator).
pub async fn leave(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    match state.app.leave(membership).await {
        Ok(()) => {}
        Err(OrgError::LastAdministrator) => {
            return refuse(&user, lang, org, "orga-error-last-admin").await;
        }
        Err(e) => return Err(e.into()),
    }
    flash(&user.session, "success", lang.t("orga-left")).await?;
    Ok(crate::pages::redirect_to("/orga").into_response())
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
    /// The invitation was sent to another address than the signed-in account's.
    for_another: bool,
}

/// The invitation page: which organisation invites, and a button to accept. Not signed in,
/// the user signs in (or up) first and comes back here.
pub async fn show_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Query(q): Query<InvitationQuery>,
) -> Result<Response, WebError> {
    let found = state.app.open_invitation(&q.invitation).await?;
    let chrome = Chrome::of(lang, &user, "/orga/rejoindre").await?;
    let for_another = found
        .as_ref()
        .is_some_and(|(_, i)| !i.email.eq_ignore_ascii_case(&user.user.email));
    let page = JoinPage {
        chrome,
        for_another,
        role: found
            .as_ref()
            .map(|(_, i)| lang.t(role_label_key(i.role)))
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
    let org = match state
        .app
        .accept_invitation(&user.user, fields.get("invitation"))
        .await
    {
        Ok(org) => org,
        Err(OrgError::InvitationForAnother) => {
            // The invitation page says why, with the link still in hand.
            let back = format!(
                "/orga/rejoindre?invitation={}",
                crate::auth::urlencode(fields.get("invitation"))
            );
            return Ok(crate::pages::redirect_to(&back).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    flash(&user.session, "success", lang.t("orga-joined")).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}")).into_response())
}
