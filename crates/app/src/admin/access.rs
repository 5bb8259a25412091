//! Who acts as the operator. An [`Operator`] is only built here: after the database said the
//! account holds an operator role ([`App::operator`]), or for the server's command line (a
//! person with access to the machine, who may do everything). Use cases take one and ask it
//! for the permission they need, so none can forget the check.

use std::net::IpAddr;

use acquis_core::operator::{AuditAction, AuditTarget, OperatorRole, Permission};
use acquis_store::NewAuditEntry;
use chrono::{DateTime, Utc};

use crate::App;
use crate::admin::AdminError;

/// Longest client description kept in the audit log.
const CLIENT_MAX: usize = 200;

/// The client a request came from, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Client {
    /// The peer's address, when known.
    pub address: Option<IpAddr>,
    /// The `User-Agent` header, when sent.
    pub agent: String,
}

impl Client {
    /// `address · agent`, NUL-free and at most 200 characters.
    pub fn describe(&self) -> String {
        let address = self
            .address
            .map(|a| a.to_string())
            .unwrap_or_else(|| "?".into());
        let agent: String = self
            .agent
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>();
        let text = if agent.is_empty() {
            address
        } else {
            format!("{address} · {agent}")
        };
        text.chars().take(CLIENT_MAX).collect()
    }
}

/// Proof that the caller acts as an operator, with their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    user_id: Option<i64>,
    role: OperatorRole,
    client: String,
    by: String,
}

impl Operator {
    /// The person at the server's command line (`acquis admin …`, `acquis certif …`): a
    /// super-administrator, audited as `command line`.
    pub fn command_line() -> Operator {
        Operator {
            user_id: None,
            role: OperatorRole::SuperAdmin,
            client: "command line".into(),
            by: "command line".into(),
        }
    }

    /// The operator's account (`None` for the command line).
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// The role they act with.
    pub fn role(&self) -> OperatorRole {
        self.role
    }

    /// Who acts, for the logs.
    pub fn by(&self) -> &str {
        &self.by
    }

    /// Whether the role allows `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        self.role.may(permission)
    }

    /// `Ok` if the role allows `permission`, `NotAllowed` otherwise.
    pub fn require(&self, permission: Permission) -> Result<(), AdminError> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AdminError::NotAllowed)
        }
    }

    /// The audit entry of `action` on `target` by this operator at `at`.
    pub fn audit<'a>(
        &'a self,
        action: AuditAction,
        target: AuditTarget,
        detail: &'a str,
        at: DateTime<Utc>,
    ) -> NewAuditEntry<'a> {
        NewAuditEntry {
            at,
            actor_user_id: self.user_id,
            actor_role: Some(self.role),
            action,
            target,
            detail,
            client: &self.client,
        }
    }
}

impl App {
    /// The operator that `user_id` is, acting from `client`; `NotOperator` when the account
    /// holds no operator role, so the portal answers as if it did not exist.
    pub async fn operator(&self, user_id: i64, client: &Client) -> Result<Operator, AdminError> {
        let role = self
            .store
            .operator_role(user_id)
            .await?
            .ok_or(AdminError::NotOperator)?;
        Ok(Operator {
            user_id: Some(user_id),
            role,
            client: client.describe(),
            by: format!("operator {user_id}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_described_without_control_characters_and_bounded() {
        let client = Client {
            address: Some("203.0.113.7".parse().unwrap()),
            agent: format!("Mozilla\0/5.0\n{}", "x".repeat(1000)),
        };
        let text = client.describe();
        assert!(text.starts_with("203.0.113.7 · Mozilla/5.0x"));
        assert_eq!(text.chars().count(), CLIENT_MAX);
        assert_eq!(Client::default().describe(), "?");
    }
}
