//! Who may act on an organisation. A [`Membership`] is only built here, after the database
//! said the user is a member; an [`Administration`] only from a membership whose role is
//! administrator. Use cases take one of them, so none can forget the check.

use acquis_core::ids::OrganizationId;
use acquis_core::organization::Role;
use acquis_store::{CampaignRecord, OrganizationRecord};

use crate::App;
use crate::organizations::OrgError;

/// Proof that a user is a member of an organisation, with their role in it.
#[derive(Debug, Clone)]
pub struct Membership {
    org: OrganizationRecord,
    role: Role,
    user_id: i64,
}

impl Membership {
    /// The organisation.
    pub fn org(&self) -> &OrganizationRecord {
        &self.org
    }

    /// The organisation's id.
    pub fn id(&self) -> OrganizationId {
        OrganizationId::from(self.org.id)
    }

    /// The member's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The member (a user id).
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    /// Whether the member administers the organisation.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// The administration this membership gives; `NotAdministrator` for a plain member.
    pub fn administration(&self) -> Result<Administration, OrgError> {
        if self.is_admin() {
            Ok(Administration(self.clone()))
        } else {
            Err(OrgError::NotAdministrator)
        }
    }
}

/// Proof that a user administers an organisation.
#[derive(Debug, Clone)]
pub struct Administration(Membership);

impl std::ops::Deref for Administration {
    type Target = Membership;

    fn deref(&self) -> &Membership {
        &self.0
    }
}

impl App {
    /// The membership of `user_id` in `org`; `NotFound` when they are not a member, exactly
    /// as if the organisation did not exist, so ids reveal nothing.
    pub async fn membership(
        &self,
        user_id: i64,
        org: OrganizationId,
    ) -> Result<Membership, OrgError> {
        let role = self
            .store
            .membership_role(org.get(), user_id)
            .await?
            .ok_or(OrgError::NotFound("organization"))?;
        let org = self
            .store
            .organization(org.get())
            .await?
            .ok_or(OrgError::NotFound("organization"))?;
        Ok(Membership { org, role, user_id })
    }

    /// The administration of `org` by `user_id`: `NotFound` for a non-member,
    /// `NotAdministrator` for a member.
    pub async fn administration(
        &self,
        user_id: i64,
        org: OrganizationId,
    ) -> Result<Administration, OrgError> {
        self.membership(user_id, org).await?.administration()
    }

    /// The organisations `user_id` belongs to, with their role, by name.
    pub async fn organizations_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<(OrganizationRecord, Role)>, OrgError> {
        Ok(self.store.organizations_of_user(user_id).await?)
    }

    /// A campaign of the member's organisation; `NotFound` if it is another's.
    pub async fn campaign_of(
        &self,
        membership: &Membership,
        campaign_id: i64,
    ) -> Result<CampaignRecord, OrgError> {
        self.store
            .campaign(campaign_id)
            .await?
            .filter(|c| c.organization_id == membership.org.id)
            .ok_or(OrgError::NotFound("campaign"))
    }

    /// The membership of `user_id` in the organisation running `campaign_id` (the API's
    /// access to a campaign); `NotFound` for an unknown campaign or a non-member.
    pub async fn campaign_membership(
        &self,
        user_id: i64,
        campaign_id: i64,
    ) -> Result<(Membership, CampaignRecord), OrgError> {
        let campaign = self
            .store
            .campaign(campaign_id)
            .await?
            .ok_or(OrgError::NotFound("campaign"))?;
        let membership = self
            .membership(user_id, OrganizationId::from(campaign.organization_id))
            .await?;
        Ok((membership, campaign))
    }
}
