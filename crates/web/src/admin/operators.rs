//! `/admin/operateurs`: the operators and their roles; a super-administrator grants, changes
//! and revokes roles (the last super-administrator stays).

use acquis_app::admin::{self, AdminError, OperatorRole};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::admin::{AdminNav, OperatorCaller, guard::role_key};
use crate::i18n::{Lang, text};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::{AppState, WebError};

/// An operator in the list.
pub struct OperatorItem {
    user_id: i64,
    name: String,
    email: String,
    role: String,
    since: String,
    is_self: bool,
}

/// A role the form offers.
pub struct RoleOption {
    value: &'static str,
    label: String,
}

#[derive(Template)]
#[template(path = "admin/operators.html")]
struct OperatorsPage {
    chrome: Chrome,
    nav: AdminNav,
    operators: Vec<OperatorItem>,
    roles: Vec<RoleOption>,
}

/// The list, with the grant form for a super-administrator.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
) -> Result<Response, WebError> {
    let operators = admin::operators::list(&state.app, &caller.op)
        .await?
        .into_iter()
        .map(|o| OperatorItem {
            is_self: Some(o.user_id) == caller.op.user_id(),
            user_id: o.user_id,
            name: format!("{} {}", o.first_name, o.last_name),
            email: o.email,
            role: lang.t(role_key(o.role)),
            since: o.granted_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let roles = OperatorRole::ALL
        .iter()
        .map(|r| RoleOption {
            value: r.as_str(),
            label: lang.t(role_key(*r)),
        })
        .collect();
    let chrome = Chrome::of(lang, &caller.user, "/admin/operateurs").await?;
    let page = OperatorsPage {
        chrome,
        nav: caller.nav("operateurs"),
        operators,
        roles,
    };
    Ok(Html(page.render()?).into_response())
}

fn back() -> Response {
    redirect_to("/admin/operateurs").into_response()
}

/// The message key of a refusal the page explains; `None` for the others.
fn refusal_key(e: &AdminError) -> Option<&'static str> {
    Some(match e {
        AdminError::NotFound(_) => "admin-operators-no-account",
        AdminError::Invalid { .. } => "admin-operators-bad-email",
        AdminError::LastSuperAdmin => "admin-operators-last-super-admin",
        _ => return None,
    })
}

/// Grants (or changes) a role.
pub async fn grant(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    caller.require(admin::Permission::Operators)?;
    let Ok(role) = fields.get("role").parse::<OperatorRole>() else {
        flash(
            &caller.user.session,
            "error",
            lang.t("admin-operators-bad-role"),
        )
        .await?;
        return Ok(back());
    };
    let email = fields.get("email");
    match admin::operators::grant(&state.app, &caller.op, email, role).await {
        Ok(_) => {
            let done = lang.t_args(
                "admin-operators-granted",
                &[
                    ("email", text(email.trim().to_lowercase())),
                    ("role", text(lang.t(role_key(role)))),
                ],
            );
            flash(&caller.user.session, "success", done).await?;
        }
        Err(e) => match refusal_key(&e) {
            Some(key) => flash(&caller.user.session, "error", lang.t(key)).await?,
            None => return Err(e.into()),
        },
    }
    Ok(back())
}

/// Revokes a role.
pub async fn revoke(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(user): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    match admin::operators::revoke(&state.app, &caller.op, user).await {
        Ok(_) => {
            flash(
                &caller.user.session,
                "success",
                lang.t("admin-operators-revoked"),
            )
            .await?
        }
        Err(e) => match refusal_key(&e) {
            Some(key) => flash(&caller.user.session, "error", lang.t(key)).await?,
            None => return Err(e.into()),
        },
    }
    Ok(back())
}
