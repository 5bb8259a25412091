//! Who may act on a centre. A [`CentreMembership`] is only built here, after the database
//! said the user is a member; a [`CentreAdministration`] only from a membership whose role is
//! administrator.

use acquis_core::ids::{CentreId, SessionId};
use acquis_core::organization::Role;
use acquis_store::{CentreRecord, Group, SessionRecord};

use crate::App;
use crate::certification::CertifError;

/// Proof that a user is a member of a centre, with their role in it.
#[derive(Debug, Clone)]
pub struct CentreMembership {
    centre: CentreRecord,
    role: Role,
    user_id: i64,
}

impl CentreMembership {
    /// The centre.
    pub fn centre(&self) -> &CentreRecord {
        &self.centre
    }

    /// The centre's id.
    pub fn id(&self) -> CentreId {
        CentreId::from(self.centre.id)
    }

    /// The member's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The member (a user id).
    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    /// Whether the member administers the centre.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// The administration this membership gives; `NotAdministrator` for a plain member.
    pub fn administration(&self) -> Result<CentreAdministration, CertifError> {
        if self.is_admin() {
            Ok(CentreAdministration(self.clone()))
        } else {
            Err(CertifError::NotAdministrator)
        }
    }

    pub(crate) fn group(&self) -> Group {
        Group::Centre(self.centre.id)
    }
}

/// Proof that a user administers a centre.
#[derive(Debug, Clone)]
pub struct CentreAdministration(CentreMembership);

impl std::ops::Deref for CentreAdministration {
    type Target = CentreMembership;

    fn deref(&self) -> &CentreMembership {
        &self.0
    }
}

impl App {
    /// The membership of `user_id` in `centre`; `NotFound` when they are not a member,
    /// exactly as if the centre did not exist, so ids reveal nothing.
    pub async fn centre_membership(
        &self,
        user_id: i64,
        centre: CentreId,
    ) -> Result<CentreMembership, CertifError> {
        let role = self
            .store
            .group_role(Group::Centre(centre.get()), user_id)
            .await?
            .ok_or(CertifError::NotFound("centre"))?;
        let centre = self
            .store
            .centre(centre.get())
            .await?
            .ok_or(CertifError::NotFound("centre"))?;
        Ok(CentreMembership {
            centre,
            role,
            user_id,
        })
    }

    /// The centres `user_id` belongs to, with their role, by name.
    pub async fn centres_of(&self, user_id: i64) -> Result<Vec<(CentreRecord, Role)>, CertifError> {
        Ok(self.store.centres_of_user(user_id).await?)
    }

    /// A session of the member's centre; `NotFound` if it is another centre's.
    pub async fn session_of(
        &self,
        membership: &CentreMembership,
        session: SessionId,
    ) -> Result<SessionRecord, CertifError> {
        self.store
            .certification_session(session.get())
            .await?
            .filter(|s| s.centre_id == membership.centre.id)
            .ok_or(CertifError::NotFound("session"))
    }
}
