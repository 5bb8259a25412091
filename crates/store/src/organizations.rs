//! Organisations (SCO, SUP, PRO), their members and invitations, and their learners.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction, with_pool};

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganizationRecord {
    /// 64-bit id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `SCO` (school), `SUP` (higher education) or `PRO` (employer).
    pub kind: String,
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
    /// `ADMIN` or `MEMBER`.
    pub role: String,
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
    pub role: String,
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

const INVITATION_COLUMNS: &str =
    "id, organization_id, email, role, created_at, accepted_at, cancelled_at";
const ORG_COLUMNS: &str = "id, name, kind, external_id, created_at";

impl Store {
    /// Creates an organisation.
    pub async fn create_organization(
        &self,
        name: &str,
        kind: &str,
        external_id: Option<&str>,
    ) -> Result<OrganizationRecord, StoreError> {
        let sql = format!(
            "INSERT INTO organizations (name, kind, external_id, created_at) VALUES ($1, $2, $3, $4) RETURNING {ORG_COLUMNS}"
        );
        let now = Utc::now();
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(name)
                .bind(kind)
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

    /// Makes a user a member with `role` (changing the role if already a member).
    pub async fn add_member(
        &self,
        organization_id: i64,
        user_id: i64,
        role: &str,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role",
            )
            .bind(organization_id)
            .bind(user_id)
            .bind(role)
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
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
            )
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The organisations a user belongs to, with the role, by name.
    pub async fn organizations_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<(OrganizationRecord, String)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            org: OrganizationRecord,
            role: String,
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

    /// Removes a member (also used to leave).
    pub async fn remove_member(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<(), StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
                .bind(organization_id)
                .bind(user_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("membership"))
        } else {
            Ok(())
        }
    }

    /// Changes an existing member's role; `NotFound` if the user is not a member.
    pub async fn set_member_role(
        &self,
        organization_id: i64,
        user_id: i64,
        role: &str,
    ) -> Result<(), StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3",
            )
            .bind(role)
            .bind(organization_id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("membership"))
        } else {
            Ok(())
        }
    }

    /// Number of administrators of an organisation (it must keep one).
    pub async fn admin_count(&self, organization_id: i64) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'ADMIN'",
            )
            .bind(organization_id)
            .fetch_one(pool)
            .await?
        }))
    }

    /// Withdraws a pending invitation of an organisation; `NotFound` if there is none.
    pub async fn cancel_invitation(
        &self,
        organization_id: i64,
        invitation_id: i64,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
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

    /// Records an invitation (the token is stored hashed).
    pub async fn create_invitation(
        &self,
        organization_id: i64,
        email: &str,
        role: &str,
        token_hash: &str,
    ) -> Result<i64, StoreError> {
        let now = Utc::now();
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO invitations (organization_id, email, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(organization_id)
            .bind(email.trim().to_lowercase())
            .bind(role)
            .bind(token_hash)
            .bind(now)
            .fetch_one(pool)
            .await?
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

    /// A usable invitation by its token hash.
    pub async fn open_invitation(
        &self,
        token_hash: &str,
    ) -> Result<Option<InvitationRecord>, StoreError> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations
             WHERE token_hash = $1 AND accepted_at IS NULL AND cancelled_at IS NULL"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Uses an invitation: marks it accepted and makes the user a member, in one transaction.
    pub async fn accept_invitation(
        &self,
        invitation: &InvitationRecord,
        user_id: i64,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        in_transaction!(self, |tx| {
            let done = sqlx::query("UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND cancelled_at IS NULL")
                .bind(now)
                .bind(invitation.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("open invitation"));
            }
            sqlx::query(
                "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role",
            )
            .bind(invitation.organization_id)
            .bind(user_id)
            .bind(&invitation.role)
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
