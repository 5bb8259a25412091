//! The operator's management of organisations and certification centres (the two kinds of
//! [`Group`]): founding one with its first administrator, editing, tagging, archiving, the
//! list with its filters, members added by the operator, a centre's accreditations. Each
//! change commits with its audit entry (when an operator made it) in one transaction.

use acquis_core::organization::{Accreditation, OrganizationKind, Role};
use chrono::{DateTime, Utc};

use crate::audit::write_audit;
use crate::jobs::enqueue_on;
use crate::stored::Stored;
use crate::{
    Backend, Group, GroupKind, NewAuditEntry, NewJob, Store, StoreError, in_transaction, with_pool,
};

/// The tag table and its key column of a kind of group.
fn tag_table(kind: GroupKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        GroupKind::Organization => ("organizations", "organization_tags", "organization_id"),
        GroupKind::Centre => ("centres", "centre_tags", "centre_id"),
    }
}

fn kind_of(group: Group) -> GroupKind {
    match group {
        Group::Organization(_) => GroupKind::Organization,
        Group::Centre(_) => GroupKind::Centre,
    }
}

/// An organisation or a centre as the operator's lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// SCO, SUP or PRO.
    pub kind: OrganizationKind,
    /// An identifier from another system.
    pub external_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Archived, if it is.
    pub archived_at: Option<DateTime<Utc>>,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// How many members it has.
    pub members: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    #[sqlx(try_from = "Stored<OrganizationKind>")]
    kind: OrganizationKind,
    external_id: Option<String>,
    created_at: DateTime<Utc>,
    archived_at: Option<DateTime<Utc>>,
    tags: Option<String>,
    members: i64,
}

impl From<Row> for GroupRow {
    fn from(r: Row) -> Self {
        let mut tags: Vec<String> = r
            .tags
            .unwrap_or_default()
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        tags.sort();
        GroupRow {
            id: r.id,
            name: r.name,
            kind: r.kind,
            external_id: r.external_id,
            created_at: r.created_at,
            archived_at: r.archived_at,
            tags,
            members: r.members,
        }
    }
}

/// Which organisations or centres to list: by id, a page at a time (no count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupQuery {
    /// Organisations or centres.
    pub kind: GroupKind,
    /// Whose name contains this (lower-cased).
    pub name: Option<String>,
    /// Of this kind.
    pub org_kind: Option<OrganizationKind>,
    /// Carrying this tag.
    pub tag: Option<String>,
    /// The archived ones instead of the active ones.
    pub archived: bool,
    /// After this id (the next page).
    pub after_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

/// The first administrator of a group being founded.
#[derive(Debug, Clone, Copy)]
pub enum FirstAdministrator<'a> {
    /// An existing account, made administrator.
    Member(i64),
    /// An invitation to administer, with its mail.
    Invitation {
        /// The address invited.
        email: &'a str,
        /// The invitation token, hashed.
        token_hash: &'a str,
        /// Its mail.
        jobs: &'a [NewJob],
    },
}

/// An organisation or a centre to found.
#[derive(Debug, Clone, Copy)]
pub struct NewGroup<'a> {
    /// Organisation or centre.
    pub kind: GroupKind,
    /// Its name.
    pub name: &'a str,
    /// SCO, SUP or PRO.
    pub org_kind: OrganizationKind,
    /// An identifier from another system.
    pub external_id: Option<&'a str>,
    /// Its tags (already normalised).
    pub tags: &'a [String],
    /// Its first administrator.
    pub first_admin: FirstAdministrator<'a>,
    /// A centre is accredited for these certifications.
    pub accreditations: &'a [Accreditation],
    /// When.
    pub now: DateTime<Utc>,
}

impl Store {
    fn group_select(&self, kind: GroupKind, filter: &str) -> String {
        let (owner, tags, key) = tag_table(kind);
        let members = match kind {
            GroupKind::Organization => "memberships",
            GroupKind::Centre => "centre_memberships",
        };
        let concat = match self.backend() {
            Backend::Sqlite => "group_concat(t.tag, ',')",
            Backend::Postgres => "string_agg(t.tag, ',')",
        };
        format!(
            "SELECT g.id, g.name, g.kind, g.external_id, g.created_at, g.archived_at,
                    (SELECT {concat} FROM {tags} t WHERE t.{key} = g.id) AS tags,
                    (SELECT COUNT(*) FROM {members} m WHERE m.{key} = g.id) AS members
             FROM {owner} g WHERE {filter}"
        )
    }

    /// A page of the organisations or centres `q` selects, by id.
    pub async fn list_groups(&self, q: &GroupQuery) -> Result<Vec<GroupRow>, StoreError> {
        let (_, tags, key) = tag_table(q.kind);
        let mut filter = String::from(if q.archived {
            "g.archived_at IS NOT NULL"
        } else {
            "g.archived_at IS NULL"
        });
        let mut n = 0;
        let mut param = || {
            n += 1;
            format!("${n}")
        };
        if q.name.is_some() {
            filter += &format!(" AND lower(g.name) LIKE '%' || {} || '%'", param());
        }
        if q.org_kind.is_some() {
            filter += &format!(" AND g.kind = {}", param());
        }
        if q.tag.is_some() {
            filter += &format!(
                " AND EXISTS (SELECT 1 FROM {tags} t WHERE t.{key} = g.id AND t.tag = {})",
                param()
            );
        }
        if q.after_id.is_some() {
            filter += &format!(" AND g.id > {}", param());
        }
        filter += &format!(" ORDER BY g.id LIMIT {}", q.limit.clamp(1, 200));
        let sql = self.group_select(q.kind, &filter);
        let rows: Vec<Row> = with_pool!(self, |pool| {
            let mut query = sqlx::query_as(&sql);
            if let Some(name) = &q.name {
                query = query.bind(name.replace(['%', '_', '\\'], ""));
            }
            if let Some(kind) = q.org_kind {
                query = query.bind(kind.as_str());
            }
            if let Some(tag) = &q.tag {
                query = query.bind(tag);
            }
            if let Some(after) = q.after_id {
                query = query.bind(after);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(GroupRow::from).collect())
    }

    /// One organisation or centre, archived or not.
    pub async fn group_row(&self, group: Group) -> Result<Option<GroupRow>, StoreError> {
        let sql = self.group_select(kind_of(group), "g.id = $1");
        let row: Option<Row> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(group.id())
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(GroupRow::from))
    }

    /// Founds an organisation or a centre with its tags, its first administrator (a member,
    /// or an invitation with its mail), a centre's accreditations and the audit entry, in one
    /// transaction; returns its id.
    pub async fn found_group(
        &self,
        new: NewGroup<'_>,
        audit: Option<NewAuditEntry<'_>>,
    ) -> Result<i64, StoreError> {
        let (owner, tags, key) = tag_table(new.kind);
        let group_of = |id| new.kind.group(id);
        let insert = format!(
            "INSERT INTO {owner} (name, kind, external_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
        );
        let insert_tag = format!("INSERT INTO {tags} ({key}, tag) VALUES ($1, $2)");
        in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(&insert)
                .bind(new.name)
                .bind(new.org_kind.as_str())
                .bind(new.external_id)
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await?;
            for tag in new.tags {
                sqlx::query(&insert_tag)
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            let crate::membership::Tables {
                members,
                invitations,
                key,
                ..
            } = group_of(id).tables();
            match new.first_admin {
                FirstAdministrator::Member(user_id) => {
                    sqlx::query(&format!(
                        "INSERT INTO {members} ({key}, user_id, role, created_at) VALUES ($1, $2, $3, $4)"
                    ))
                    .bind(id)
                    .bind(user_id)
                    .bind(Role::Admin.as_str())
                    .bind(new.now)
                    .execute(&mut *tx)
                    .await?;
                }
                FirstAdministrator::Invitation {
                    email,
                    token_hash,
                    jobs,
                } => {
                    sqlx::query(&format!(
                        "INSERT INTO {invitations} ({key}, email, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)"
                    ))
                    .bind(id)
                    .bind(email.trim().to_lowercase())
                    .bind(Role::Admin.as_str())
                    .bind(token_hash)
                    .bind(new.now)
                    .execute(&mut *tx)
                    .await?;
                    for job in jobs {
                        enqueue_on!(&mut *tx, job, new.now)?;
                    }
                }
            }
            if new.kind == GroupKind::Centre {
                for accreditation in new.accreditations {
                    sqlx::query(
                        "INSERT INTO centre_accreditations (centre_id, certification, granted_at, granted_by) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(accreditation.as_str())
                    .bind(new.now)
                    .bind(audit.and_then(|a| a.actor_user_id))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            if let Some(mut audit) = audit {
                audit.target = match new.kind {
                    GroupKind::Organization => acquis_core::operator::AuditTarget::Organization(id),
                    GroupKind::Centre => acquis_core::operator::AuditTarget::Centre(id),
                };
                write_audit!(tx, audit);
            }
            Ok(id)
        })
    }

    /// Changes an organisation's or a centre's name, kind, external id and tags, with its
    /// audit entry; `NotFound` if it does not exist.
    pub async fn update_group(
        &self,
        group: Group,
        name: &str,
        org_kind: OrganizationKind,
        external_id: Option<&str>,
        tag_list: &[String],
        audit: NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let (owner, tags, key) = tag_table(kind_of(group));
        let update =
            format!("UPDATE {owner} SET name = $1, kind = $2, external_id = $3 WHERE id = $4");
        let clear = format!("DELETE FROM {tags} WHERE {key} = $1");
        let insert_tag = format!("INSERT INTO {tags} ({key}, tag) VALUES ($1, $2)");
        in_transaction!(self, |tx| {
            let changed = sqlx::query(&update)
                .bind(name)
                .bind(org_kind.as_str())
                .bind(external_id)
                .bind(group.id())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound("organisation or centre"));
            }
            sqlx::query(&clear)
                .bind(group.id())
                .execute(&mut *tx)
                .await?;
            for tag in tag_list {
                sqlx::query(&insert_tag)
                    .bind(group.id())
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            write_audit!(tx, audit);
            Ok(())
        })
    }

    /// Archives (or takes out of the archive) an organisation or a centre, with its audit
    /// entry; `false` (nothing written) if it already was in that state.
    pub async fn set_group_archived(
        &self,
        group: Group,
        archived: bool,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let (owner, _, _) = tag_table(kind_of(group));
        let sql = if archived {
            format!("UPDATE {owner} SET archived_at = $1 WHERE id = $2 AND archived_at IS NULL")
        } else {
            format!(
                "UPDATE {owner} SET archived_at = NULL WHERE id = $2 AND archived_at IS NOT NULL AND $1 IS NOT NULL"
            )
        };
        in_transaction!(self, |tx| {
            let changed = sqlx::query(&sql)
                .bind(audit.at)
                .bind(group.id())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            write_audit!(tx, audit);
            Ok(true)
        })
    }

    /// The certifications a centre is accredited for.
    pub async fn centre_accreditations(
        &self,
        centre_id: i64,
    ) -> Result<Vec<Accreditation>, StoreError> {
        let rows: Vec<Stored<Accreditation>> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT certification FROM centre_accreditations WHERE centre_id = $1 ORDER BY certification",
            )
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Grants or withdraws a centre's accreditation, with its audit entry; `false` (nothing
    /// written) if it already was so.
    pub async fn set_accreditation(
        &self,
        centre_id: i64,
        accreditation: Accreditation,
        granted: bool,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        in_transaction!(self, |tx| {
            let changed = if granted {
                sqlx::query(
                    "INSERT INTO centre_accreditations (centre_id, certification, granted_at, granted_by)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (centre_id, certification) DO NOTHING",
                )
                .bind(centre_id)
                .bind(accreditation.as_str())
                .bind(audit.at)
                .bind(audit.actor_user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                sqlx::query(
                    "DELETE FROM centre_accreditations WHERE centre_id = $1 AND certification = $2",
                )
                .bind(centre_id)
                .bind(accreditation.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected()
            };
            if changed == 0 {
                return Ok(false);
            }
            write_audit!(tx, audit);
            Ok(true)
        })
    }

    /// Makes an account a member of `group` with `role` (or changes its role), with the
    /// operator's audit entry.
    pub async fn add_group_member_audited(
        &self,
        group: Group,
        user_id: i64,
        role: Role,
        audit: NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        let crate::membership::Tables { members, key, .. } = group.tables();
        let sql = format!(
            "INSERT INTO {members} ({key}, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT ({key}, user_id) DO UPDATE SET role = excluded.role"
        );
        in_transaction!(self, |tx| {
            sqlx::query(&sql)
                .bind(group.id())
                .bind(user_id)
                .bind(role.as_str())
                .bind(audit.at)
                .execute(&mut *tx)
                .await?;
            write_audit!(tx, audit);
            Ok(())
        })
    }
}
