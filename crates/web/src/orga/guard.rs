//! Who may see an organisation: every `/orga/{org}` route starts here. A user who is not a
//! member gets 404, exactly as if the organisation did not exist, so ids reveal nothing; a
//! member asking for an administrator's action gets 403. The check is the use-case layer's
//! (`App::membership`); this module only names it for handlers.

use acquis_app::organizations::{Administration, CampaignRecord, OrganizationId};

use crate::auth::CurrentUser;
use crate::{AppState, WebError};

pub use acquis_app::organizations::{Membership, Role};

/// The Fluent key of a role's label.
pub fn role_label_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "orga-role-admin",
        Role::Member => "orga-role-member",
    }
}

/// The caller's membership of `org_id`; `NotFound` if they are not a member.
pub async fn require_member(
    state: &AppState,
    user: &CurrentUser,
    org_id: OrganizationId,
) -> Result<Membership, WebError> {
    Ok(state.app.membership(user.user.id, org_id).await?)
}

/// The caller's administration of `org_id`; `NotFound` for a non-member, `Forbidden` for a
/// member.
pub async fn require_admin(
    state: &AppState,
    user: &CurrentUser,
    org_id: OrganizationId,
) -> Result<Administration, WebError> {
    Ok(state.app.administration(user.user.id, org_id).await?)
}

/// A campaign of the organisation; `NotFound` if it is another organisation's.
pub async fn campaign_of(
    state: &AppState,
    membership: &Membership,
    campaign_id: i64,
) -> Result<CampaignRecord, WebError> {
    Ok(state.app.campaign_of(membership, campaign_id).await?)
}
