//! The operator's organisations and certification centres (the two kinds of group): the list
//! with its filters, one group's page, founding one with its first administrator (the same
//! use case as `acquis org create` and `acquis centre create`), editing its details and tags,
//! archiving it, adding members, and a centre's accreditations. Organisations need
//! `Permission::Organisations`, centres `Permission::Centres`; each change is audited in its
//! transaction.

use acquis_core::account::Email;
use acquis_core::operator::{AuditAction, AuditTarget, Permission};
use acquis_core::organization::{Accreditation, OrganizationKind, Role, TagError, parse_tags};
use acquis_store::{
    AuditQuery, AuditRecord, FirstAdministrator, Group, GroupKind, GroupQuery, GroupRow,
    InvitationRecord, MemberRecord, NewGroup,
};

use crate::accounts::token;
use crate::admin::{AdminError, Operator};
use crate::{App, Letter};

/// Longest name of an organisation or a centre.
pub const MAX_NAME_CHARS: usize = 200;

/// Longest external id.
pub const MAX_EXTERNAL_ID_CHARS: usize = 100;

/// Most groups on one page of the list.
pub const PAGE: u32 = 50;

fn permission(kind: GroupKind) -> Permission {
    match kind {
        GroupKind::Organization => Permission::Organisations,
        GroupKind::Centre => Permission::Centres,
    }
}

fn target(group: Group) -> AuditTarget {
    match group {
        Group::Organization(id) => AuditTarget::Organization(id),
        Group::Centre(id) => AuditTarget::Centre(id),
    }
}

/// The details of an organisation or a centre, as the form sends them.
#[derive(Debug, Clone, Copy)]
pub struct GroupForm<'a> {
    /// Its name.
    pub name: &'a str,
    /// `SCO`, `SUP` or `PRO`.
    pub kind: &'a str,
    /// An identifier from another system (may be empty).
    pub external_id: &'a str,
    /// Tags, separated by commas or spaces.
    pub tags: &'a str,
}

/// A checked form.
struct Checked {
    name: String,
    kind: OrganizationKind,
    external_id: Option<String>,
    tags: Vec<String>,
}

fn invalid(field: &'static str, code: &'static str) -> AdminError {
    AdminError::Invalid { field, code }
}

fn check(form: GroupForm<'_>) -> Result<Checked, AdminError> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(invalid("name", "empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid("name", "too_long"));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("name", "control_character"));
    }
    let kind = form
        .kind
        .parse::<OrganizationKind>()
        .map_err(|_| invalid("kind", "unknown_kind"))?;
    let external_id = form.external_id.trim();
    if external_id.chars().count() > MAX_EXTERNAL_ID_CHARS {
        return Err(invalid("external_id", "too_long"));
    }
    if external_id.chars().any(char::is_control) {
        return Err(invalid("external_id", "control_character"));
    }
    let tags = parse_tags(form.tags).map_err(|e| {
        invalid(
            "tags",
            match e {
                TagError::TooMany => "too_many_tags",
                TagError::TooLong => "tag_too_long",
                TagError::BadCharacter => "tag_character",
            },
        )
    })?;
    Ok(Checked {
        name: name.to_owned(),
        kind,
        external_id: (!external_id.is_empty()).then(|| external_id.to_owned()),
        tags,
    })
}

/// A page of organisations or centres (`query.limit` at most [`PAGE`]).
pub async fn list(
    app: &App,
    op: &Operator,
    query: GroupQuery,
) -> Result<Vec<GroupRow>, AdminError> {
    op.require(Permission::Read)?;
    let query = GroupQuery {
        limit: query.limit.clamp(1, PAGE),
        name: query
            .name
            .map(|n| n.trim().to_lowercase())
            .filter(|n| !n.is_empty()),
        tag: query
            .tag
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty()),
        ..query
    };
    Ok(app.store.list_groups(&query).await?)
}

/// Everything the operator sees of one organisation or centre.
#[derive(Debug, Clone)]
pub struct GroupView {
    /// The group.
    pub row: GroupRow,
    /// Its members.
    pub members: Vec<MemberRecord>,
    /// Its invitations, newest first.
    pub invitations: Vec<InvitationRecord>,
    /// A centre's accreditations (empty for an organisation).
    pub accreditations: Vec<Accreditation>,
    /// The latest audit entries about it.
    pub audit: Vec<AuditRecord>,
}

/// One organisation or centre; `NotFound` if there is none.
pub async fn group(app: &App, op: &Operator, group: Group) -> Result<GroupView, AdminError> {
    op.require(Permission::Read)?;
    let store = &app.store;
    let row = store
        .group_row(group)
        .await?
        .ok_or(AdminError::NotFound("organisation or centre"))?;
    let accreditations = match group {
        Group::Centre(id) => store.centre_accreditations(id).await?,
        Group::Organization(_) => Vec::new(),
    };
    Ok(GroupView {
        members: store.group_members(group).await?,
        invitations: store.group_invitations(group).await?,
        accreditations,
        audit: store
            .audit_entries(AuditQuery {
                target: Some(target(group)),
                limit: 20,
                ..AuditQuery::default()
            })
            .await?,
        row,
    })
}

/// What became of the first administrator of a group just founded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstAdmin {
    /// An account with this email existed and is now the administrator.
    Added,
    /// Nobody had the email: an invitation to administer was mailed, with this link.
    Invited {
        /// The link that accepts the invitation.
        link: String,
    },
}

/// Founds an organisation or a centre (a centre accredited for the core certification) with
/// its first administrator — the account with `admin_email`, else an invitation mailed in
/// `locale` — all in one transaction with its audit entry. Returns its id.
pub async fn found(
    app: &App,
    op: &Operator,
    kind: GroupKind,
    form: GroupForm<'_>,
    admin_email: &str,
    locale: &str,
) -> Result<(i64, FirstAdmin), AdminError> {
    op.require(permission(kind))?;
    let checked = check(form)?;
    let email = Email::parse(admin_email).map_err(|_| invalid("admin_email", "invalid_email"))?;
    let now = app.now();
    let existing = app
        .store
        .user_by_email(email.as_str())
        .await?
        .filter(|u| u.anonymised_at.is_none());
    let detail = format!("{} {}", checked.kind, checked.name);
    let action = match kind {
        GroupKind::Organization => AuditAction::OrganizationCreated,
        GroupKind::Centre => AuditAction::CentreCreated,
    };
    // The entry's target is the new group's id, set by the store once it exists.
    let audit = op.audit(action, AuditTarget::Platform, &detail, now);
    let accreditations = [Accreditation::Core];
    let new = |first_admin| NewGroup {
        kind,
        name: &checked.name,
        org_kind: checked.kind,
        external_id: checked.external_id.as_deref(),
        tags: &checked.tags,
        first_admin,
        accreditations: &accreditations,
        now,
    };
    if let Some(user) = existing {
        let id = app
            .store
            .found_group(new(FirstAdministrator::Member(user.id)), Some(audit))
            .await?;
        return Ok((id, FirstAdmin::Added));
    }
    let (secret, hash) = token::new_token();
    let public = &app.settings().public_url;
    let (link, letter) = match kind {
        GroupKind::Organization => {
            let link = format!("{public}/orga/rejoindre?invitation={secret}");
            let letter = Letter::Invitation {
                organization: checked.name.clone(),
                role: Role::Admin,
                // The operator invites on behalf of the product.
                inviter: "Acquis".to_string(),
                link: link.clone(),
            };
            (link, letter)
        }
        GroupKind::Centre => {
            let link = format!("{public}/certif/rejoindre?invitation={secret}");
            let letter = Letter::CentreInvitation {
                centre: checked.name.clone(),
                role: Role::Admin,
                inviter: "Acquis".to_string(),
                link: link.clone(),
            };
            (link, letter)
        }
    };
    let mail = app.mail_job(email.as_str(), locale, &letter)?;
    let jobs = [mail];
    let id = app
        .store
        .found_group(
            new(FirstAdministrator::Invitation {
                email: email.as_str(),
                token_hash: &hash,
                jobs: &jobs,
            }),
            Some(audit),
        )
        .await?;
    app.wake_worker();
    Ok((id, FirstAdmin::Invited { link }))
}

/// Changes a group's details and tags, audited (the detail names the fields).
pub async fn update(
    app: &App,
    op: &Operator,
    group: Group,
    form: GroupForm<'_>,
) -> Result<(), AdminError> {
    op.require(permission(kind_of(group)))?;
    let checked = check(form)?;
    let action = match group {
        Group::Organization(_) => AuditAction::OrganizationChanged,
        Group::Centre(_) => AuditAction::CentreChanged,
    };
    let audit = op.audit(
        action,
        target(group),
        "name, kind, external_id, tags",
        app.now(),
    );
    Ok(app
        .store
        .update_group(
            group,
            &checked.name,
            checked.kind,
            checked.external_id.as_deref(),
            &checked.tags,
            audit,
        )
        .await?)
}

fn kind_of(group: Group) -> GroupKind {
    match group {
        Group::Organization(_) => GroupKind::Organization,
        Group::Centre(_) => GroupKind::Centre,
    }
}

/// Archives a group (closed to its members) or takes it out of the archive; returns whether
/// it changed (a second click changes nothing).
pub async fn set_archived(
    app: &App,
    op: &Operator,
    group: Group,
    archived: bool,
) -> Result<bool, AdminError> {
    op.require(permission(kind_of(group)))?;
    app.store
        .group_row(group)
        .await?
        .ok_or(AdminError::NotFound("organisation or centre"))?;
    let action = match (group, archived) {
        (Group::Organization(_), true) => AuditAction::OrganizationArchived,
        (Group::Organization(_), false) => AuditAction::OrganizationRestored,
        (Group::Centre(_), true) => AuditAction::CentreArchived,
        (Group::Centre(_), false) => AuditAction::CentreRestored,
    };
    let audit = op.audit(action, target(group), "", app.now());
    Ok(app.store.set_group_archived(group, archived, audit).await?)
}

/// Grants or withdraws a centre's accreditation; returns whether it changed.
pub async fn set_accreditation(
    app: &App,
    op: &Operator,
    centre_id: i64,
    accreditation: Accreditation,
    granted: bool,
) -> Result<bool, AdminError> {
    op.require(Permission::Centres)?;
    app.store
        .group_row(Group::Centre(centre_id))
        .await?
        .ok_or(AdminError::NotFound("centre"))?;
    let detail = format!(
        "{} {}",
        if granted { "granted" } else { "withdrawn" },
        accreditation.as_str()
    );
    let audit = op.audit(
        AuditAction::CentreAccreditationChanged,
        AuditTarget::Centre(centre_id),
        &detail,
        app.now(),
    );
    Ok(app
        .store
        .set_accreditation(centre_id, accreditation, granted, audit)
        .await?)
}

/// Makes the account with `email` a member of the group with `role` (or changes its role),
/// audited. `NotFound("user")` if no active account has the email.
pub async fn add_member(
    app: &App,
    op: &Operator,
    group: Group,
    email: &str,
    role: Role,
) -> Result<(), AdminError> {
    op.require(permission(kind_of(group)))?;
    let email = Email::parse(email).map_err(|_| invalid("email", "invalid_email"))?;
    app.store
        .group_row(group)
        .await?
        .ok_or(AdminError::NotFound("organisation or centre"))?;
    let user = app
        .store
        .user_by_email(email.as_str())
        .await?
        .filter(|u| u.anonymised_at.is_none())
        .ok_or(AdminError::NotFound("user"))?;
    let action = match group {
        Group::Organization(_) => AuditAction::OrganizationChanged,
        Group::Centre(_) => AuditAction::CentreChanged,
    };
    let detail = format!("member {} {}", user.id, role.as_str());
    let audit = op.audit(action, target(group), &detail, app.now());
    Ok(app
        .store
        .add_group_member_audited(group, user.id, role, audit)
        .await?)
}
