//! Members and invitations of a group of people that keeps at least one administrator: an
//! organisation or a certification centre. Both have the same rules and the same tables'
//! shape (`memberships`/`invitations` and `centre_memberships`/`centre_invitations`), so the
//! SQL is written once here and each side calls it with its [`Group`].

use acquis_core::organization::Role;
use chrono::{DateTime, Utc};

use crate::jobs::enqueue_on;
use crate::organizations::{InvitationRecord, MemberRecord, MembershipChange};
use crate::stored::Stored;
use crate::{Backend, NewJob, Store, StoreError, in_transaction, with_pool};

/// An organisation or a certification centre, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// An organisation.
    Organization(i64),
    /// A certification centre.
    Centre(i64),
}

/// The kind of a group, for what is looked up before the group is known (an invitation by
/// its token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// Organisations.
    Organization,
    /// Certification centres.
    Centre,
}

impl GroupKind {
    /// The group of this kind with id `id`.
    pub fn group(self, id: i64) -> Group {
        match self {
            GroupKind::Organization => Group::Organization(id),
            GroupKind::Centre => Group::Centre(id),
        }
    }
}

/// The table and column names of one kind of group.
pub(crate) struct Tables {
    pub(crate) owner: &'static str,
    pub(crate) members: &'static str,
    pub(crate) invitations: &'static str,
    pub(crate) key: &'static str,
}

impl Group {
    pub(crate) fn tables(self) -> Tables {
        match self {
            Group::Organization(_) => Tables {
                owner: "organizations",
                members: "memberships",
                invitations: "invitations",
                key: "organization_id",
            },
            Group::Centre(_) => Tables {
                owner: "centres",
                members: "centre_memberships",
                invitations: "centre_invitations",
                key: "centre_id",
            },
        }
    }

    /// The group's id.
    pub fn id(self) -> i64 {
        match self {
            Group::Organization(id) | Group::Centre(id) => id,
        }
    }
}

impl Store {
    /// Makes a user a member of `group` with `role`, changing the role if already one: for
    /// setting a group up (its first administrator, tests).
    pub async fn add_group_member(
        &self,
        group: Group,
        user_id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Tables { members, key, .. } = group.tables();
        let sql = format!(
            "INSERT INTO {members} ({key}, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT ({key}, user_id) DO UPDATE SET role = excluded.role"
        );
        with_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(group.id())
                .bind(user_id)
                .bind(role.as_str())
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// The role of a user in `group`, if a member.
    pub async fn group_role(&self, group: Group, user_id: i64) -> Result<Option<Role>, StoreError> {
        let Tables {
            owner,
            members,
            key,
            ..
        } = group.tables();
        // An archived organisation or centre is closed to its members.
        let sql = format!(
            "SELECT m.role FROM {members} m JOIN {owner} g ON g.id = m.{key}
             WHERE m.{key} = $1 AND m.user_id = $2 AND g.archived_at IS NULL"
        );
        let role: Option<Stored<Role>> = with_pool!(self, |pool| {
            sqlx::query_scalar(&sql)
                .bind(group.id())
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(role.map(|r| r.0))
    }

    /// The members of `group`, by last name.
    pub async fn group_members(&self, group: Group) -> Result<Vec<MemberRecord>, StoreError> {
        let Tables { members, key, .. } = group.tables();
        let sql = format!(
            "SELECT u.id AS user_id, u.first_name, u.last_name, u.email, m.role, m.created_at
             FROM {members} m JOIN users u ON u.id = m.user_id
             WHERE m.{key} = $1 ORDER BY u.last_name, u.first_name"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(group.id())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Number of administrators of `group` (it must keep one).
    pub async fn group_admin_count(&self, group: Group) -> Result<i64, StoreError> {
        let Tables { members, key, .. } = group.tables();
        let sql = format!("SELECT COUNT(*) FROM {members} WHERE {key} = $1 AND role = $2");
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(&sql)
                .bind(group.id())
                .bind(Role::Admin.as_str())
                .fetch_one(pool)
                .await?
        }))
    }

    /// Gives `user_id` the role `to` in `group` (`None`: removes them) in one transaction that
    /// first takes the group's turn (its row locked on PostgreSQL; the writer lock and
    /// `BEGIN IMMEDIATE` on SQLite), so every change to its administrators is decided on what
    /// the previous one committed: the last administrator is never removed or demoted.
    pub async fn change_group_membership(
        &self,
        group: Group,
        user_id: i64,
        to: Option<Role>,
    ) -> Result<MembershipChange, StoreError> {
        let Tables {
            owner,
            members,
            key,
            ..
        } = group.tables();
        let lock = format!("SELECT id FROM {owner} WHERE id = $1 FOR UPDATE");
        let current = format!("SELECT role FROM {members} WHERE {key} = $1 AND user_id = $2");
        let count = format!("SELECT COUNT(*) FROM {members} WHERE {key} = $1 AND role = $2");
        let update = format!("UPDATE {members} SET role = $1 WHERE {key} = $2 AND user_id = $3");
        let delete = format!("DELETE FROM {members} WHERE {key} = $1 AND user_id = $2");
        let postgres = self.backend() == Backend::Postgres;
        Ok(in_transaction!(self, |tx| {
            if postgres {
                sqlx::query(&lock)
                    .bind(group.id())
                    .execute(&mut *tx)
                    .await?;
            }
            let role: Option<Stored<Role>> = sqlx::query_scalar(&current)
                .bind(group.id())
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            let admins: i64 = sqlx::query_scalar(&count)
                .bind(group.id())
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
                        Some(role) => sqlx::query(&update).bind(role.as_str()),
                        None => sqlx::query(&delete),
                    }
                    .bind(group.id())
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                    MembershipChange::Done
                }
            }
        }))
    }

    /// Records an invitation to `group` (the token is stored hashed) with the jobs it causes
    /// (its mail), in one transaction.
    pub async fn create_group_invitation(
        &self,
        group: Group,
        email: &str,
        role: Role,
        token_hash: &str,
        now: DateTime<Utc>,
        jobs: &[NewJob],
    ) -> Result<i64, StoreError> {
        let Tables {
            invitations, key, ..
        } = group.tables();
        let sql = format!(
            "INSERT INTO {invitations} ({key}, email, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id"
        );
        Ok(in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(&sql)
                .bind(group.id())
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

    /// The invitations of `group`, newest first.
    pub async fn group_invitations(
        &self,
        group: Group,
    ) -> Result<Vec<InvitationRecord>, StoreError> {
        let Tables {
            invitations, key, ..
        } = group.tables();
        let sql = format!(
            "SELECT id, {key} AS organization_id, email, role, created_at, accepted_at, cancelled_at
             FROM {invitations} WHERE {key} = $1 ORDER BY id DESC"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(group.id())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Withdraws a pending invitation of `group`; `NotFound` if there is none.
    pub async fn cancel_group_invitation(
        &self,
        group: Group,
        invitation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Tables {
            invitations, key, ..
        } = group.tables();
        let sql = format!(
            "UPDATE {invitations} SET cancelled_at = $1
             WHERE id = $2 AND {key} = $3 AND accepted_at IS NULL AND cancelled_at IS NULL"
        );
        let done = with_pool!(self, |pool| {
            sqlx::query(&sql)
                .bind(now)
                .bind(invitation_id)
                .bind(group.id())
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

    /// A usable invitation to a group of `kind` by its token hash: not accepted, not
    /// withdrawn, sent after `sent_after` (older ones have expired). Its `organization_id` is
    /// the group's id (an organisation's or a centre's, as `kind`).
    pub async fn open_group_invitation(
        &self,
        kind: GroupKind,
        token_hash: &str,
        sent_after: DateTime<Utc>,
    ) -> Result<Option<InvitationRecord>, StoreError> {
        let Tables {
            invitations, key, ..
        } = kind.group(0).tables();
        let sql = format!(
            "SELECT id, {key} AS organization_id, email, role, created_at, accepted_at, cancelled_at
             FROM {invitations}
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

    /// Uses an invitation to a group of `kind`: marks it accepted and makes the user a
    /// member with its role, in one transaction; `NotFound` if it was used, withdrawn or sent
    /// before `sent_after` meanwhile. An invitation never demotes the last administrator.
    pub async fn accept_group_invitation(
        &self,
        kind: GroupKind,
        invitation: &InvitationRecord,
        user_id: i64,
        sent_after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let group = kind.group(invitation.organization_id);
        let Tables {
            owner,
            members,
            invitations,
            key,
        } = group.tables();
        let lock = format!("SELECT id FROM {owner} WHERE id = $1 FOR UPDATE");
        let accept = format!(
            "UPDATE {invitations} SET accepted_at = $1
             WHERE id = $2 AND accepted_at IS NULL AND cancelled_at IS NULL AND created_at > $3"
        );
        let current = format!("SELECT role FROM {members} WHERE {key} = $1 AND user_id = $2");
        let count = format!("SELECT COUNT(*) FROM {members} WHERE {key} = $1 AND role = $2");
        let insert = format!(
            "INSERT INTO {members} ({key}, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT ({key}, user_id) DO UPDATE SET role = excluded.role"
        );
        let postgres = self.backend() == Backend::Postgres;
        in_transaction!(self, |tx| {
            if postgres {
                sqlx::query(&lock)
                    .bind(group.id())
                    .execute(&mut *tx)
                    .await?;
            }
            let done = sqlx::query(&accept)
                .bind(now)
                .bind(invitation.id)
                .bind(sent_after)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("open invitation"));
            }
            let current: Option<Stored<Role>> = sqlx::query_scalar(&current)
                .bind(group.id())
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            let admins: i64 = sqlx::query_scalar(&count)
                .bind(group.id())
                .bind(Role::Admin.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let last_admin = current.map(|r| r.0) == Some(Role::Admin) && admins <= 1;
            let role = if last_admin {
                Role::Admin
            } else {
                invitation.role
            };
            sqlx::query(&insert)
                .bind(group.id())
                .bind(user_id)
                .bind(role.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
