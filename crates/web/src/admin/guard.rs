//! Who may see the operator's portal: every `/admin` route starts with an
//! [`OperatorCaller`], the signed-in person proven an operator by the use-case layer
//! (`App::operator`), with the client (address and browser) the audit log records.

use std::net::SocketAddr;

use acquis_app::admin::{Client, Operator, OperatorRole, Permission};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::{AppState, WebError};

/// A signed-in operator and their role: the extractor of every `/admin` route. A visitor is
/// sent to sign in; a person who is not an operator gets 404.
#[derive(Debug, Clone)]
pub struct OperatorCaller {
    /// The person.
    pub user: CurrentUser,
    /// Their operator proof, for the use cases.
    pub op: Operator,
}

impl FromRequestParts<AppState> for OperatorCaller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let client = Client {
            address: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
            agent: parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        };
        let op = state
            .app
            .operator(user.user.id, &client)
            .await
            .map_err(|e| WebError::from(e).into_response())?;
        Ok(OperatorCaller { user, op })
    }
}

impl OperatorCaller {
    /// `Forbidden` unless the role allows `permission` (for pages that only show a form).
    pub fn require(&self, permission: Permission) -> Result<(), WebError> {
        Ok(self.op.require(permission)?)
    }

    /// The portal's navigation, `current` being highlighted.
    pub fn nav(&self, current: &'static str) -> AdminNav {
        AdminNav {
            role: self.op.role(),
            current,
        }
    }
}

/// The portal's navigation, shown on every page of it.
#[derive(Debug, Clone)]
pub struct AdminNav {
    /// The operator's role.
    pub role: OperatorRole,
    /// Which entry is the current page (`accueil`, `operateurs`, `journal`…).
    pub current: &'static str,
}

impl AdminNav {
    /// `aria-current` for the entry `name`.
    pub fn aria(&self, name: &str) -> &'static str {
        if self.current == name {
            "page"
        } else {
            "false"
        }
    }

    /// The Fluent key of the role's label.
    pub fn role_key(&self) -> &'static str {
        role_key(self.role)
    }

    /// Whether the role may manage operators.
    pub fn manages_operators(&self) -> bool {
        self.role.may(Permission::Operators)
    }
}

/// The Fluent key of an operator role's label (`admin-role-super-admin`).
pub fn role_key(role: OperatorRole) -> &'static str {
    match role {
        OperatorRole::SuperAdmin => "admin-role-super-admin",
        OperatorRole::Support => "admin-role-support",
        OperatorRole::Metier => "admin-role-metier",
        OperatorRole::Certif => "admin-role-certif",
    }
}
