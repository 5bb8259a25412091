//! Organisations (SCO, SUP, PRO), their members and invitations, and their learners.

use acquis_core::organization::{OrganizationKind, Role};
use chrono::{DateTime, Utc};

use crate::membership::{Group, GroupKind};
use crate::stored::Stored;
use crate::{NewJob, Store, StoreError, with_pool};

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationRecord {
    /// 64-bit id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// School, higher education or employer.
    #[sqlx(try_from = "Stored<OrganizationKind>")]
    pub kind: OrganizationKind,
    /// An identifier from another system (e.g. a school's UAI).
    pub external_id: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A member of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRecord {
    /// The user.
    pub user_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Administrator or member.
    #[sqlx(try_from = "Stored<Role>")]
    pub role: Role,
    /// Member since.
    pub created_at: DateTime<Utc>,
}

/// A pending or used invitation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvitationRecord {
    /// Id.
    pub id: i64,
    /// The organisation.
    pub organization_id: i64,
    /// Invited address.
    pub email: String,
    /// Role given on joining.
    #[sqlx(try_from = "Stored<Role>")]
    pub role: Role,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Used.
    pub accepted_at: Option<DateTime<Utc>>,
    /// Withdrawn.
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A learner of an organisation, as imported.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationLearnerRecord {
    /// Id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date (ISO 8601).
    pub birthdate: Option<String>,
    /// Division (class), for schools.
    pub division: Option<String>,
    /// Group, for universities and employers.
    pub group_name: Option<String>,
    /// Extra imported columns, as a JSON object.
    pub attributes: String,
    /// The account it was reconciled with, if any.
    pub user_id: Option<i64>,
    /// National student id, if imported with one.
    pub national_id: Option<String>,
}

/// A learner to import.
#[derive(Debug, Clone, Default)]
pub struct NewOrganizationLearner {
    /// National student id (INE, student number), if the file has one.
    pub national_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date (ISO 8601).
    pub birthdate: Option<String>,
    /// Division.
    pub division: Option<String>,
    /// Group.
    pub group_name: Option<String>,
    /// Extra columns as a JSON object.
    pub attributes: String,
}

/// What became of a change to a membership under the rule that an organisation keeps at
/// least one administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipChange {
    /// The change is committed.
    Done,
    /// Refused, nothing changed: the member is the organisation's last administrator.
    LastAdministrator,
    /// Nothing changed: the user is not a member.
    NotMember,
}

const ORG_COLUMNS: &str = "id, name, kind, external_id, created_at";

impl Store {
    /// Creates an organisation.
    pub async fn create_organization(
        &self,
        name: &str,
        kind: OrganizationKind,
        external_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<OrganizationRecord, StoreError> {
        let sql = format!(
            "INSERT INTO organizations (name, kind, external_id, created_at) VALUES ($1, $2, $3, $4) RETURNING {ORG_COLUMNS}"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(name)
                .bind(kind.as_str())
                .bind(external_id)
                .bind(now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// An organisation by id.
    pub async fn organization(&self, id: i64) -> Result<Option<OrganizationRecord>, StoreError> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// Makes a user a member with `role`, changing the role if already a member: for setting
    /// an organisation up (its first administrator, tests). Changing a member's role under the
    /// last-administrator rule is [`Store::set_member_role`].
    pub async fn add_member(
        &self,
        organization_id: i64,
        user_id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.add_group_member(Group::Organization(organization_id), user_id, role, now)
            .await
    }

    /// The role of a user in an organisation, if a member.
    pub async fn membership_role(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<Option<Role>, StoreError> {
        self.group_role(Group::Organization(organization_id), user_id)
            .await
    }

    /// The organisations a user belongs to, with the role, by name.
    pub async fn organizations_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<(OrganizationRecord, Role)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            org: OrganizationRecord,
            #[sqlx(try_from = "Stored<Role>")]
            role: Role,
        }
        let rows: Vec<Row> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT o.id, o.name, o.kind, o.external_id, o.created_at, m.role
                 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                 WHERE m.user_id = $1 AND o.archived_at IS NULL ORDER BY o.name",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|r| (r.org, r.role)).collect())
    }

    /// The members of an organisation, by last name.
    pub async fn members(&self, organization_id: i64) -> Result<Vec<MemberRecord>, StoreError> {
        self.group_members(Group::Organization(organization_id))
            .await
    }

    /// Removes a member (also used to leave), unless they are the organisation's last
    /// administrator: the check and the deletion are one transaction, so two administrators
    /// removing each other at the same instant leave one.
    pub async fn remove_member(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<MembershipChange, StoreError> {
        self.change_group_membership(Group::Organization(organization_id), user_id, None)
            .await
    }

    /// Changes an existing member's role, unless that demotes the organisation's last
    /// administrator (one transaction, as [`Store::remove_member`]).
    pub async fn set_member_role(
        &self,
        organization_id: i64,
        user_id: i64,
        role: Role,
    ) -> Result<MembershipChange, StoreError> {
        self.change_group_membership(Group::Organization(organization_id), user_id, Some(role))
            .await
    }

    /// Number of administrators of an organisation (it must keep one).
    pub async fn admin_count(&self, organization_id: i64) -> Result<i64, StoreError> {
        self.group_admin_count(Group::Organization(organization_id))
            .await
    }

    /// Withdraws a pending invitation of an organisation; `NotFound` if there is none.
    pub async fn cancel_invitation(
        &self,
        organization_id: i64,
        invitation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.cancel_group_invitation(Group::Organization(organization_id), invitation_id, now)
            .await
    }

    /// Records an invitation (the token is stored hashed) with the jobs it causes (its mail),
    /// in one transaction.
    pub async fn create_invitation(
        &self,
        organization_id: i64,
        email: &str,
        role: Role,
        token_hash: &str,
        now: DateTime<Utc>,
        jobs: &[NewJob],
    ) -> Result<i64, StoreError> {
        self.create_group_invitation(
            Group::Organization(organization_id),
            email,
            role,
            token_hash,
            now,
            jobs,
        )
        .await
    }

    /// The invitations of an organisation, newest first.
    pub async fn invitations(
        &self,
        organization_id: i64,
    ) -> Result<Vec<InvitationRecord>, StoreError> {
        self.group_invitations(Group::Organization(organization_id))
            .await
    }

    /// A usable invitation by its token hash: not accepted, not withdrawn, sent after
    /// `sent_after` (older ones have expired).
    pub async fn open_invitation(
        &self,
        token_hash: &str,
        sent_after: DateTime<Utc>,
    ) -> Result<Option<InvitationRecord>, StoreError> {
        self.open_group_invitation(GroupKind::Organization, token_hash, sent_after)
            .await
    }

    /// Uses an invitation: marks it accepted and makes the user a member with its role, in
    /// one transaction; `NotFound` if it was used, withdrawn or sent before `sent_after`
    /// meanwhile. An invitation never demotes the organisation's last administrator (they
    /// stay one).
    pub async fn accept_invitation(
        &self,
        invitation: &InvitationRecord,
        user_id: i64,
        sent_after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.accept_group_invitation(
            GroupKind::Organization,
            invitation,
            user_id,
            sent_after,
            now,
        )
        .await
    }

    /// The learners of an organisation, by last name.
    pub async fn organization_learners(
        &self,
        organization_id: i64,
    ) -> Result<Vec<OrganizationLearnerRecord>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, first_name, last_name, birthdate, division, group_name, attributes, user_id, national_id
                 FROM organization_learners WHERE organization_id = $1 ORDER BY last_name, first_name, id",
            )
            .bind(organization_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
