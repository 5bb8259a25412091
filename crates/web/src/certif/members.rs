//! `/certif/{centre}/membres`: the centre's members and pending invitations; administrators
//! invite by email, change roles and remove members; anyone leaves. `/certif/rejoindre`
//! accepts an invitation once signed in. A centre always keeps an administrator.

use acquis_app::certification::{CentreId, CentreInvitationId, CertifError};
use acquis_app::organizations::Role;
use acquis_app::organizations::members::Inviter;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::certif::{CentreNav, require_admin, require_member};
use crate::i18n::{Lang, text};
use crate::orga::{date, role_label_key};
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
#[template(path = "certif/members.html")]
struct MembersPage {
    chrome: Chrome,
    nav: CentreNav,
    members: Vec<MemberItem>,
    invitations: Vec<InvitationItem>,
}

/// The members page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let members = state
        .app
        .centre_members(&membership)
        .await?
        .into_iter()
        .map(|m| MemberItem {
            user_id: m.user_id,
            name: format!("{} {}", m.first_name, m.last_name),
            email: m.email,
            role: lang.t(role_label_key(m.role)),
            is_admin: m.role == Role::Admin,
            since: date(lang, m.created_at),
            is_me: m.user_id == user.user.id,
        })
        .collect();
    let invitations = match membership.administration() {
        Ok(admin) => state
            .app
            .pending_centre_invitations(&admin)
            .await?
            .into_iter()
            .map(|i| InvitationItem {
                id: i.id,
                email: i.email,
                role: lang.t(role_label_key(i.role)),
                sent: date(lang, i.created_at),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let chrome = Chrome::of(lang, &user, &format!("/certif/{centre}/membres")).await?;
    let page = MembersPage {
        chrome,
        nav: CentreNav::new(&membership, "membres"),
        members,
        invitations,
    };
    Ok(Html(page.render()?).into_response())
}

fn back(centre: CentreId) -> Response {
    crate::pages::redirect_to(&format!("/certif/{centre}/membres")).into_response()
}

async fn refuse(
    user: &CurrentUser,
    lang: Lang,
    centre: CentreId,
    key: &str,
) -> Result<Response, WebError> {
    flash(&user.session, "error", lang.t(key)).await?;
    Ok(back(centre))
}

/// What a refused membership change says, or the error to raise.
fn refusal_key(e: &CertifError) -> Option<&'static str> {
    match e {
        CertifError::LastAdministrator => Some("certif-error-last-admin"),
        CertifError::InvalidEmail => Some("error-invalid-email"),
        CertifError::NotFound("membership") => Some("certif-error-not-member"),
        _ => None,
    }
}

/// Invites someone by email (administrators).
pub async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, centre).await?;
    let Some(role) = Role::parse(fields.get("role")) else {
        return refuse(&user, lang, centre, "orga-error-role").await;
    };
    let inviter = format!("{} {}", user.user.first_name, user.user.last_name);
    let inviter = Inviter {
        name: &inviter,
        locale: lang.code(),
    };
    if let Err(e) = state
        .app
        .invite_to_centre(&admin, inviter, fields.get("email"), role)
        .await
    {
        return match refusal_key(&e) {
            Some(key) => refuse(&user, lang, centre, key).await,
            None => Err(e.into()),
        };
    }
    let email = fields.get("email").trim().to_lowercase();
    let done = lang.t_args("orga-invite-done", &[("email", text(email))]);
    flash(&user.session, "success", done).await?;
    Ok(back(centre))
}

/// Withdraws a pending invitation (administrators).
pub async fn cancel_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, id)): Path<(CentreId, CentreInvitationId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, centre).await?;
    state.app.cancel_centre_invitation(&admin, id).await?;
    flash(&user.session, "success", lang.t("orga-invite-cancelled")).await?;
    Ok(back(centre))
}

/// Changes a member's role (administrators).
pub async fn change_role(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, target)): Path<(CentreId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, centre).await?;
    let Some(role) = Role::parse(fields.get("role")) else {
        return refuse(&user, lang, centre, "orga-error-role").await;
    };
    match state.app.change_centre_role(&admin, target, role).await {
        Ok(()) => flash(&user.session, "success", lang.t("orga-role-changed")).await?,
        Err(e) => {
            return match refusal_key(&e) {
                Some(key) => refuse(&user, lang, centre, key).await,
                None => Err(e.into()),
            };
        }
    }
    Ok(back(centre))
}

/// Removes a member (administrators).
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, target)): Path<(CentreId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let admin = require_admin(&state, &user, centre).await?;
    if let Err(e) = state.app.remove_centre_member(&admin, target).await {
        return match refusal_key(&e) {
            Some(key) => refuse(&user, lang, centre, key).await,
            None => Err(e.into()),
        };
    }
    flash(&user.session, "success", lang.t("orga-member-removed")).await?;
    if target == user.user.id {
        return Ok(crate::pages::redirect_to("/certif").into_response());
    }
    Ok(back(centre))
}

/// Leaves the centre (anyone but its last administrator).
pub async fn leave(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    if let Err(e) = state.app.leave_centre(membership).await {
        return match refusal_key(&e) {
            Some(key) => refuse(&user, lang, centre, key).await,
            None => Err(e.into()),
        };
    }
    flash(&user.session, "success", lang.t("certif-left")).await?;
    Ok(crate::pages::redirect_to("/certif").into_response())
}

/// The secret of an invitation link.
#[derive(Debug, Deserialize)]
pub struct InvitationQuery {
    #[serde(default)]
    invitation: String,
}

#[derive(Template)]
#[template(path = "certif/join.html")]
struct JoinPage {
    chrome: Chrome,
    invitation: String,
    centre_name: Option<String>,
    role: String,
    for_another: bool,
}

/// The invitation page: which centre invites, and a button to accept.
pub async fn show_invitation(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Query(q): Query<InvitationQuery>,
) -> Result<Response, WebError> {
    let found = state.app.open_centre_invitation(&q.invitation).await?;
    let chrome = Chrome::of(lang, &user, "/certif/rejoindre").await?;
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
        centre_name: found.map(|(c, _)| c.name),
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
    let centre = match state
        .app
        .accept_centre_invitation(&user.user, fields.get("invitation"))
        .await
    {
        Ok(centre) => centre,
        Err(CertifError::InvitationForAnother) => {
            let back = format!(
                "/certif/rejoindre?invitation={}",
                crate::auth::urlencode(fields.get("invitation"))
            );
            return Ok(crate::pages::redirect_to(&back).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    flash(&user.session, "success", lang.t("certif-joined")).await?;
    Ok(crate::pages::redirect_to(&format!("/certif/{centre}")).into_response())
}
