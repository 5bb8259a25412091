//! The operators themselves: the list (any operator may read it), and a super-administrator
//! granting, changing and revoking roles. The first super-administrator comes from the
//! command line (`acquis admin create --email E`), on an existing learner account.

use acquis_core::account::Email;
use acquis_core::operator::{AuditAction, AuditTarget, OperatorRole, Permission};
use acquis_store::{OperatorChange, OperatorRecord};

use crate::App;
use crate::admin::{AdminError, Operator};

/// Every operator, super-administrators first.
pub async fn list(app: &App, op: &Operator) -> Result<Vec<OperatorRecord>, AdminError> {
    op.require(Permission::Read)?;
    Ok(app.store.operators().await?)
}

/// Gives the account with this email the role `role` (or changes theirs), audited. Returns
/// the account's id and whether anything changed.
pub async fn grant(
    app: &App,
    op: &Operator,
    email: &str,
    role: OperatorRole,
) -> Result<(i64, bool), AdminError> {
    op.require(Permission::Operators)?;
    let email = Email::parse(email).map_err(|_| AdminError::Invalid {
        field: "email",
        code: "invalid_email",
    })?;
    let user = app
        .store
        .user_by_email(email.as_str())
        .await?
        .filter(|u| u.anonymised_at.is_none())
        .ok_or(AdminError::NotFound("user"))?;
    let detail = role.as_str();
    let audit = op.audit(
        AuditAction::OperatorGranted,
        AuditTarget::User(user.id),
        detail,
        app.now(),
    );
    let change = app
        .store
        .set_operator_role(user.id, Some(role), audit)
        .await?;
    finish(change).map(|changed| (user.id, changed))
}

/// Takes the operator role away from `user_id`, audited; never from the last
/// super-administrator. Returns whether they had one.
pub async fn revoke(app: &App, op: &Operator, user_id: i64) -> Result<bool, AdminError> {
    op.require(Permission::Operators)?;
    let audit = op.audit(
        AuditAction::OperatorRevoked,
        AuditTarget::User(user_id),
        "",
        app.now(),
    );
    let change = app.store.set_operator_role(user_id, None, audit).await?;
    finish(change)
}

fn finish(change: OperatorChange) -> Result<bool, AdminError> {
    match change {
        OperatorChange::Done => Ok(true),
        OperatorChange::Unchanged => Ok(false),
        OperatorChange::LastSuperAdmin => Err(AdminError::LastSuperAdmin),
    }
}
