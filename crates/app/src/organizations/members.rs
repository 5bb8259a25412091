//! Members and invitations. An organisation always keeps an administrator: demoting,
//! removing and leaving are each one store transaction that refuses to take the last one
//! away (`LastAdministrator`), whatever runs at the same time. Invitations are links with a
//! one-time secret, stored hashed.

use acquis_core::account::Email;
use acquis_core::ids::{InvitationId, OrganizationId};
use acquis_core::organization::{OrganizationKind, Role};
use acquis_store::{
    InvitationRecord, MemberRecord, MembershipChange, OrganizationRecord, UserRecord,
};

use crate::accounts::token;
use crate::organizations::{Administration, Membership, OrgError};
use crate::{App, Letter};

/// Who invites, as the invitation letter names them.
#[derive(Debug, Clone, Copy)]
pub struct Inviter<'a> {
    /// First and last name.
    pub name: &'a str,
    /// The language the letter is written in (`fr`, `en`).
    pub locale: &'a str,
}

/// An invitation just recorded, its mail queued with it (the job worker sends it and retries
/// it if the relay fails).
#[derive(Debug)]
pub struct Invited {
    /// The invitation's id.
    pub id: InvitationId,
    /// The link that accepts it.
    pub link: String,
}

/// An organisation just created and what became of its first administrator.
#[derive(Debug, Clone)]
pub struct Founded {
    /// The organisation.
    pub org: OrganizationRecord,
    /// Its administrator.
    pub admin: FirstAdmin,
}

/// The first administrator of a new organisation.
#[derive(Debug, Clone)]
pub enum FirstAdmin {
    /// An account with this email existed and is now the administrator.
    Added,
    /// Nobody had the email: an invitation to administer was mailed, with this link.
    Invited {
        /// The link that accepts the invitation.
        link: String,
    },
}

fn refused_unless_done(change: MembershipChange) -> Result<(), OrgError> {
    match change {
        MembershipChange::Done => Ok(()),
        MembershipChange::LastAdministrator => Err(OrgError::LastAdministrator),
        MembershipChange::NotMember => Err(OrgError::NotFound("membership")),
    }
}

impl App {
    /// Creates an organisation (the operator's command; the portal calls
    /// `admin::groups::found`, this same use case) and gives it its first administrator: the
    /// account with `admin_email` if there is one, else an invitation to administer, whose
    /// mail (in `locale`) is queued with it — one transaction, audited as the command line.
    pub async fn found_organization(
        &self,
        name: &str,
        kind: OrganizationKind,
        external_id: Option<&str>,
        admin_email: &str,
        locale: &str,
    ) -> Result<Founded, OrgError> {
        use crate::admin::{AdminError, GroupKind, Operator, groups};
        let form = groups::GroupForm {
            name,
            kind: kind.as_str(),
            external_id: external_id.unwrap_or_default(),
            tags: "",
        };
        let op = Operator::command_line();
        let (id, first) = match groups::found(
            self,
            &op,
            GroupKind::Organization,
            form,
            admin_email,
            locale,
        )
        .await
        {
            Ok(done) => done,
            Err(AdminError::Invalid {
                field: "admin_email",
                ..
            }) => {
                return Err(OrgError::InvalidEmail);
            }
            Err(AdminError::Invalid { .. }) => return Err(OrgError::EmptyName),
            Err(AdminError::App(e)) => return Err(OrgError::App(e)),
            Err(_) => return Err(OrgError::App(crate::AppError::Internal("founding"))),
        };
        let org = self
            .store
            .organization(id)
            .await?
            .ok_or(OrgError::NotFound("organization"))?;
        let admin = match first {
            groups::FirstAdmin::Added => FirstAdmin::Added,
            groups::FirstAdmin::Invited { link } => FirstAdmin::Invited { link },
        };
        Ok(Founded { org, admin })
    }

    fn invitation_link(&self, secret: &str) -> String {
        format!(
            "{}/orga/rejoindre?invitation={secret}",
            self.settings().public_url
        )
    }

    /// The members of the organisation, by last name.
    pub async fn members(&self, membership: &Membership) -> Result<Vec<MemberRecord>, OrgError> {
        Ok(self.store.members(membership.id().get()).await?)
    }

    /// The pending invitations (neither accepted nor withdrawn), newest first.
    pub async fn pending_invitations(
        &self,
        admin: &Administration,
    ) -> Result<Vec<InvitationRecord>, OrgError> {
        Ok(self
            .store
            .invitations(admin.id().get())
            .await?
            .into_iter()
            .filter(|i| i.accepted_at.is_none() && i.cancelled_at.is_none())
            .collect())
    }

    /// Invites `email` with `role`: records the invitation and queues its mail, in one
    /// transaction.
    pub async fn invite(
        &self,
        admin: &Administration,
        inviter: Inviter<'_>,
        email: &str,
        role: Role,
    ) -> Result<Invited, OrgError> {
        let email = Email::parse(email).map_err(|_| OrgError::InvalidEmail)?;
        let (secret, hash) = token::new_token();
        let link = self.invitation_link(&secret);
        let letter = Letter::Invitation {
            organization: admin.org().name.clone(),
            role,
            inviter: inviter.name.to_string(),
            link: link.clone(),
        };
        let mail = self.mail_job(email.as_str(), inviter.locale, &letter)?;
        let id = self
            .store
            .create_invitation(
                admin.id().get(),
                email.as_str(),
                role,
                &hash,
                self.now(),
                &[mail],
            )
            .await?;
        self.wake_worker();
        Ok(Invited {
            id: InvitationId::from(id),
            link,
        })
    }

    /// Withdraws a pending invitation; `NotFound` if there is none of this organisation.
    pub async fn cancel_invitation(
        &self,
        admin: &Administration,
        invitation: InvitationId,
    ) -> Result<(), OrgError> {
        Ok(self
            .store
            .cancel_invitation(admin.id().get(), invitation.get(), self.now())
            .await?)
    }

    /// Gives `member` the role `role`; `LastAdministrator` if that demotes the last one,
    /// `NotFound` if they are not a member.
    pub async fn change_role(
        &self,
        admin: &Administration,
        member: i64,
        role: Role,
    ) -> Result<(), OrgError> {
        let change = self
            .store
            .set_member_role(admin.id().get(), member, role)
            .await?;
        refused_unless_done(change)
    }

    /// Removes `member` (who may be the administrator themself); `LastAdministrator` if they
    /// are the last one, `NotFound` if they are not a member.
    pub async fn remove_member(&self, admin: &Administration, member: i64) -> Result<(), OrgError> {
        let change = self.store.remove_member(admin.id().get(), member).await?;
        refused_unless_done(change)
    }

    /// The member leaves the organisation; `LastAdministrator` if they are its last
    /// administrator.
    pub async fn leave(&self, membership: Membership) -> Result<(), OrgError> {
        let change = self
            .store
            .remove_member(membership.id().get(), membership.user_id())
            .await?;
        refused_unless_done(change)
    }

    /// The open invitation whose link carries `secret`, with its organisation: unused, not
    /// withdrawn, sent less than [`INVITATION_DAYS`] days ago.
    pub async fn open_invitation(
        &self,
        secret: &str,
    ) -> Result<Option<(OrganizationRecord, InvitationRecord)>, OrgError> {
        let Some(invitation) = self
            .store
            .open_invitation(&token::hash(secret), self.invitations_sent_after())
            .await?
        else {
            return Ok(None);
        };
        Ok(self
            .store
            .organization(invitation.organization_id)
            .await?
            .map(|org| (org, invitation)))
    }

    /// Accepts the invitation whose link carries `secret`: the account `user` becomes a member
    /// with the invited role (an invitation never demotes the last administrator). An
    /// invitation is bound to the address it was sent to: `InvitationForAnother` if the
    /// account's email is another. `NotFound` if it is unknown, used, withdrawn or expired.
    pub async fn accept_invitation(
        &self,
        user: &UserRecord,
        secret: &str,
    ) -> Result<OrganizationId, OrgError> {
        let sent_after = self.invitations_sent_after();
        let invitation = self
            .store
            .open_invitation(&token::hash(secret), sent_after)
            .await?
            .ok_or(OrgError::NotFound("open invitation"))?;
        if !invitation.email.eq_ignore_ascii_case(&user.email) {
            return Err(OrgError::InvitationForAnother);
        }
        self.store
            .accept_invitation(&invitation, user.id, sent_after, self.now())
            .await?;
        Ok(OrganizationId::from(invitation.organization_id))
    }

    /// Invitations sent before this have expired.
    fn invitations_sent_after(&self) -> chrono::DateTime<chrono::Utc> {
        self.now() - chrono::Duration::days(INVITATION_DAYS)
    }
}

/// How long an invitation link works, in days.
pub const INVITATION_DAYS: i64 = 7;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_change_is_a_last_administrator_error_with_its_stable_code() {
        let refused = refused_unless_done(MembershipChange::LastAdministrator);
        assert!(matches!(refused, Err(OrgError::LastAdministrator)));
        assert_eq!(refused.err().map(|e| e.code()), Some("last_administrator"));
        assert!(matches!(
            refused_unless_done(MembershipChange::NotMember),
            Err(OrgError::NotFound(_))
        ));
        assert!(refused_unless_done(MembershipChange::Done).is_ok());
    }
}
