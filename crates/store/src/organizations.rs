//! Organisations (SCO, SUP, PRO), their members and invitations, and their learners.

use acquis_core::organization::{OrganizationKind, Role};
use chrono::{DateTime, Utc};

use crate::jobs::enqueue_on;
use crate::stored::Stored;
use crate::{Backend, NewJob, Store, StoreError, in_transaction, with_pool};

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

const INVITATION_COLUMNS: &str =
    "id, organization_id, email, role, created_at, accepted_at, cancelled_at";
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
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role",
            )
            .bind(organization_id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The role of a user in an organisation, if a member.
    pub async fn membership_role(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<Option<Role>, StoreError> {
        let role: Option<Stored<Role>> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
            )
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(role.map(|r| r.0))
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
                 WHERE m.user_id = $1 ORDER BY o.name",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|r| (r.org, r.role)).collect())
    }

    /// The members of an organisation, by last name.
    pub async fn members(&self, organization_id: i64) -> Result<Vec<MemberRecord>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT u.id AS user_id, u.first_name, u.last_name, u.email, m.role, m.created_at
                 FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE m.organization_id = $1 ORDER BY u.last_name, u.first_name",
            )
            .bind(organization_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Removes a member (also used to leave), unless they are the organisation's last
    /// administrator: the check and the deletion are one transaction, so two administrators
    /// removing each other at the same instant leave one.
    pub async fn remove_member(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<MembershipChange, StoreError> {
        self.change_membership(organization_id, user_id, None).await
    }

    /// Changes an existing member's role, unless that demotes the organisation's last
    /// administrator (one transaction, as [`Store::remove_member`]).
    pub async fn set_member_role(
        &self,
        organization_id: i64,
        user_id: i64,
        role: Role,
    ) -> Result<MembershipChange, StoreError> {
        self.change_membership(organization_id, user_id, Some(role))
            .await
    }

    /// Gives `user_id` the role `to` (`None`: removes them) in one transaction that first
    /// takes the organisation's turn (its row locked on PostgreSQL; the writer lock and
    /// `BEGIN IMMEDIATE` on SQLite), so every change to its administrators is decided on what
    /// the previous one committed.
    async fn change_membership(
        &self,
        organization_id: i64,
        user_id: i64,
        to: Option<Role>,
    ) -> Result<MembershipChange, StoreError> {
        let postgres = self.backend() == Backend::Postgres;
        Ok(in_transaction!(self, |tx| {
            if postgres {
                sqlx::query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                    .bind(organization_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let role: Option<Stored<Role>> = sqlx::query_scalar(
                "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
            )
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2",
            )
            .bind(organization_id)
            .bind(Role::Admin.as_str())
            .fetch_one(&mut *tx)
            .await?;
            match role.map(|r| r.0) {
                None => MembershipChange::NotMember,
                Some(Role::Admin) if to != Some(Role::Admin) && admins <= 1 => {
                    MembershipChange::LastAdministrator
                }
                Some(_) => {
                    match to {
                        Some(role) => sqlx::query(
                            "UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3",
                        )
                        .bind(role.as_str()),
                        None => sqlx::query(
                            "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2",
                        ),
                    }
                    .bind(organization_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    MembershipChange::Done
                }
            }
        }))
    }

    /// Number of administrators of an organisation (it must keep one).
    pub async fn admin_count(&self, organization_id: i64) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2",
            )
            .bind(organization_id)
            .bind(Role::Admin.as_str())
            .fetch_one(pool)
            .await?
        }))
    }

    /// Withdraws a pending invitation of an organisation; `NotFound` if there is none.
    pub async fn cancel_invitation(
        &self,
        organization_id: i64,
        invitation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE invitations SET cancelled_at = $1
                 WHERE id = $2 AND organization_id = $3 AND accepted_at IS NULL AND cancelled_at IS NULL",
            )
            .bind(now)
            .bind(invitation_id)
            .bind(organization_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("open invitation"))
        } else {
            Ok(())
        }
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
        Ok(in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO invitations (organization_id, email, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(organization_id)
            .bind(email.trim().to_lowercase())
            .bind(role.as_str())
            .bind(token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for job in jobs {
                enqueue_on!(&mut *tx, job, now)?;
            }
            id
        }))
    }

    /// The invitations of an organisation, newest first.
    pub async fn invitations(
        &self,
        organization_id: i64,
    ) -> Result<Vec<InvitationRecord>, StoreError> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE organization_id = $1 ORDER BY id DESC"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(organization_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// A usable invitation by its token hash: not accepted, not withdrawn, sent after
    /// `sent_after` (older ones have expired).
    pub async fn open_invitation(
        &self,
        token_hash: &str,
        sent_after: DateTime<Utc>,
    ) -> Result<Option<InvitationRecord>, StoreError> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations
             WHERE token_hash = $1 AND accepted_at IS NULL AND cancelled_at IS NULL AND created_at > $2"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(token_hash)
                .bind(sent_after)
                .fetch_optional(pool)
                .await?
        }))
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
        let postgres = self.backend() == Backend::Postgres;
        in_transaction!(self, |tx| {
            if postgres {
                sqlx::query("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                    .bind(invitation.organization_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let done = sqlx::query("UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND cancelled_at IS NULL AND created_at > $3")
                .bind(now)
                .bind(invitation.id)
                .bind(sent_after)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("open invitation"));
            }
            let current: Option<Stored<Role>> = sqlx::query_scalar(
                "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
            )
            .bind(invitation.organization_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2",
            )
            .bind(invitation.organization_id)
            .bind(Role::Admin.as_str())
            .fetch_one(&mut *tx)
            .await?;
            let last_admin = current.map(|r| r.0) == Some(Role::Admin) && admins <= 1;
            let role = if last_admin {
                Role::Admin
            } else {
                invitation.role
            };
            sqlx::query(
                "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role",
            )
            .bind(invitation.organization_id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
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
