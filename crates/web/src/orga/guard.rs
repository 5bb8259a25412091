//! Who may see an organisation: every `/orga/{org}` route starts here. A user who is not a
//! member gets 404, exactly as if the organisation did not exist, so ids reveal nothing; a
//! member asking for an administrator's action gets 403.

use acquis_store::{CampaignRecord, OrganizationRecord};

use crate::auth::CurrentUser;
use crate::{AppState, WebError};

pub use acquis_core::organization::Role;

/// The Fluent key of a role's label.
pub fn role_label_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "orga-role-admin",
        Role::Member => "orga-role-member",
    }
}

/// The organisation a request is about, and the caller's role in it.
#[derive(Debug, Clone)]
pub struct Membership {
    /// The organisation.
    pub org: OrganizationRecord,
    /// The caller's role.
    pub role: Role,
}

impl Membership {
    /// Whether the caller administers the organisation.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The caller's membership of `org_id`; `NotFound` if they are not a member.
pub async fn require_member(
    state: &AppState,
    user: &CurrentUser,
    org_id: i64,
) -> Result<Membership, WebError> {
    let role = state
        .store
        .membership_role(org_id, user.user.id)
        .await?
        .and_then(|r| Role::parse(&r))
        .ok_or(WebError::NotFound)?;
    let org = state
        .store
        .organization(org_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Membership { org, role })
}

/// The caller's membership of `org_id` as an administrator; `NotFound` for a non-member,
/// `Forbidden` for a member.
pub async fn require_admin(
    state: &AppState,
    user: &CurrentUser,
    org_id: i64,
) -> Result<Membership, WebError> {
    let membership = require_member(state, user, org_id).await?;
    if membership.is_admin() {
        Ok(membership)
    } else {
        Err(WebError::Forbidden)
    }
}

/// A campaign of the organisation; `NotFound` if it is another organisation's.
pub async fn campaign_of(
    state: &AppState,
    membership: &Membership,
    campaign_id: i64,
) -> Result<CampaignRecord, WebError> {
    state
        .store
        .campaign(campaign_id)
        .await?
        .filter(|c| c.organization_id == membership.org.id)
        .ok_or(WebError::NotFound)
}
