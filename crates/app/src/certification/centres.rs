//! Centres, their members and invitations. A centre always keeps an administrator: demoting,
//! removing and leaving are each one store transaction that refuses to take the last one
//! away (`LastAdministrator`), whatever runs at the same time. Invitations are links with a
//! one-time secret, stored hashed, mailed through the job queue.

use acquis_core::account::Email;
use acquis_core::ids::{CentreId, CentreInvitationId};
use acquis_core::organization::{OrganizationKind, Role};
use acquis_store::{
    CentreRecord, GroupKind, InvitationRecord, MemberRecord, MembershipChange, UserRecord,
};

use crate::accounts::token;
use crate::certification::{CentreAdministration, CentreMembership, CertifError};
use crate::organizations::members::{INVITATION_DAYS, Inviter};
use crate::{App, Letter};

/// A centre just created and what became of its first administrator.
#[derive(Debug, Clone)]
pub struct CentreFounded {
    /// The centre.
    pub centre: CentreRecord,
    /// Its administrator: `None` if the account existed and was added, else the link of the
    /// invitation that was mailed.
    pub invitation_link: Option<String>,
}

fn refused_unless_done(change: MembershipChange) -> Result<(), CertifError> {
    match change {
        MembershipChange::Done => Ok(()),
        MembershipChange::LastAdministrator => Err(CertifError::LastAdministrator),
        MembershipChange::NotMember => Err(CertifError::NotFound("membership")),
    }
}

impl App {
    /// Creates a certification centre, accredited for the core certification (the
    /// operator's command; the portal calls `admin::groups::found`, this same use case), and
    /// gives it its first administrator: the account with `admin_email` if there is one, else
    /// an invitation to administer, whose mail (in `locale`) is queued with it — one
    /// transaction, audited as the command line.
    pub async fn found_centre(
        &self,
        name: &str,
        kind: OrganizationKind,
        external_id: Option<&str>,
        admin_email: &str,
        locale: &str,
    ) -> Result<CentreFounded, CertifError> {
        use crate::admin::{AdminError, GroupKind, Operator, groups};
        let form = groups::GroupForm {
            name,
            kind: kind.as_str(),
            external_id: external_id.unwrap_or_default(),
            tags: "",
        };
        let op = Operator::command_line();
        let (id, first) =
            match groups::found(self, &op, GroupKind::Centre, form, admin_email, locale).await {
                Ok(done) => done,
                Err(AdminError::Invalid {
                    field: "admin_email",
                    ..
                }) => {
                    return Err(CertifError::InvalidEmail);
                }
                Err(AdminError::Invalid { .. }) => return Err(CertifError::EmptyName),
                Err(AdminError::App(e)) => return Err(CertifError::App(e)),
                Err(_) => return Err(CertifError::App(crate::AppError::Internal("founding"))),
            };
        let centre = self
            .store
            .centre(id)
            .await?
            .ok_or(CertifError::NotFound("centre"))?;
        let invitation_link = match first {
            groups::FirstAdmin::Added => None,
            groups::FirstAdmin::Invited { link } => Some(link),
        };
        Ok(CentreFounded {
            centre,
            invitation_link,
        })
    }

    fn centre_invitation_link(&self, secret: &str) -> String {
        format!(
            "{}/certif/rejoindre?invitation={secret}",
            self.settings().public_url
        )
    }

    /// The members of the centre, by last name.
    pub async fn centre_members(
        &self,
        membership: &CentreMembership,
    ) -> Result<Vec<MemberRecord>, CertifError> {
        Ok(self.store.group_members(membership.group()).await?)
    }

    /// The pending invitations (neither accepted nor withdrawn), newest first.
    pub async fn pending_centre_invitations(
        &self,
        admin: &CentreAdministration,
    ) -> Result<Vec<InvitationRecord>, CertifError> {
        Ok(self
            .store
            .group_invitations(admin.group())
            .await?
            .into_iter()
            .filter(|i| i.accepted_at.is_none() && i.cancelled_at.is_none())
            .collect())
    }

    /// Invites `email` to the centre with `role`: records the invitation and queues its mail,
    /// in one transaction. Returns the invitation's id and link.
    pub async fn invite_to_centre(
        &self,
        admin: &CentreAdministration,
        inviter: Inviter<'_>,
        email: &str,
        role: Role,
    ) -> Result<(CentreInvitationId, String), CertifError> {
        let email = Email::parse(email).map_err(|_| CertifError::InvalidEmail)?;
        let (secret, hash) = token::new_token();
        let link = self.centre_invitation_link(&secret);
        let letter = Letter::CentreInvitation {
            centre: admin.centre().name.clone(),
            role,
            inviter: inviter.name.to_string(),
            link: link.clone(),
        };
        let mail = self.mail_job(email.as_str(), inviter.locale, &letter)?;
        let id = self
            .store
            .create_group_invitation(
                admin.group(),
                email.as_str(),
                role,
                &hash,
                self.now(),
                &[mail],
            )
            .await?;
        self.wake_worker();
        Ok((CentreInvitationId::from(id), link))
    }

    /// Withdraws a pending invitation; `NotFound` if there is none of this centre.
    pub async fn cancel_centre_invitation(
        &self,
        admin: &CentreAdministration,
        invitation: CentreInvitationId,
    ) -> Result<(), CertifError> {
        Ok(self
            .store
            .cancel_group_invitation(admin.group(), invitation.get(), self.now())
            .await?)
    }

    /// Gives `member` the role `role`; `LastAdministrator` if that demotes the last one.
    pub async fn change_centre_role(
        &self,
        admin: &CentreAdministration,
        member: i64,
        role: Role,
    ) -> Result<(), CertifError> {
        let change = self
            .store
            .change_group_membership(admin.group(), member, Some(role))
            .await?;
        refused_unless_done(change)
    }

    /// Removes `member` (who may be the administrator themself); `LastAdministrator` if they
    /// are the last one.
    pub async fn remove_centre_member(
        &self,
        admin: &CentreAdministration,
        member: i64,
    ) -> Result<(), CertifError> {
        let change = self
            .store
            .change_group_membership(admin.group(), member, None)
            .await?;
        refused_unless_done(change)
    }

    /// The member leaves the centre; `LastAdministrator` if they are its last administrator.
    pub async fn leave_centre(&self, membership: CentreMembership) -> Result<(), CertifError> {
        let change = self
            .store
            .change_group_membership(membership.group(), membership.user_id(), None)
            .await?;
        refused_unless_done(change)
    }

    /// The open invitation whose link carries `secret`, with its centre.
    pub async fn open_centre_invitation(
        &self,
        secret: &str,
    ) -> Result<Option<(CentreRecord, InvitationRecord)>, CertifError> {
        let Some(invitation) = self
            .store
            .open_group_invitation(GroupKind::Centre, &token::hash(secret), self.sent_after())
            .await?
        else {
            return Ok(None);
        };
        Ok(self
            .store
            .centre(invitation.organization_id)
            .await?
            .map(|centre| (centre, invitation)))
    }

    /// Accepts the invitation whose link carries `secret`: the account becomes a member with
    /// the invited role. Bound to the address it was sent to (`InvitationForAnother`).
    pub async fn accept_centre_invitation(
        &self,
        user: &UserRecord,
        secret: &str,
    ) -> Result<CentreId, CertifError> {
        let sent_after = self.sent_after();
        let invitation = self
            .store
            .open_group_invitation(GroupKind::Centre, &token::hash(secret), sent_after)
            .await?
            .ok_or(CertifError::NotFound("open invitation"))?;
        if !invitation.email.eq_ignore_ascii_case(&user.email) {
            return Err(CertifError::InvitationForAnother);
        }
        self.store
            .accept_group_invitation(
                GroupKind::Centre,
                &invitation,
                user.id,
                sent_after,
                self.now(),
            )
            .await?;
        Ok(CentreId::from(invitation.organization_id))
    }

    fn sent_after(&self) -> chrono::DateTime<chrono::Utc> {
        self.now() - chrono::Duration::days(INVITATION_DAYS)
    }
}
