//! Support's work on people: find a person (search first, never a list of everyone), see
//! what they have done, lift a sign-in lock, correct their names or email, anonymise their
//! account. Every change is audited in the transaction that makes it.

use acquis_core::account::Email;
use acquis_core::operator::{AuditAction, AuditTarget, Permission};
use acquis_core::organization::Role;
use acquis_store::{
    AssessmentRecord, AuditQuery, AuditRecord, CONTAINS_MIN, CandidateRecord, CentreRecord,
    CertificateRecord, JourneyRecord, Matching, OrganizationRecord, PeopleQuery, PersonField,
    PersonRow, UserRecord,
};

use crate::App;
use crate::admin::{AdminError, Operator, OperatorRole};

/// Most people one search shows.
pub const SEARCH_LIMIT: u32 = 50;

/// Longest name accepted.
pub const MAX_NAME_CHARS: usize = 100;

/// Longest search term accepted.
pub const MAX_TERM_CHARS: usize = 254;

/// Where a search looks when the operator did not say: a number is an id, a term with `@`
/// an email, anything else a name.
pub fn guess_field(term: &str) -> PersonField {
    let term = term.trim();
    if !term.is_empty() && term.chars().all(|c| c.is_ascii_digit()) {
        PersonField::Id
    } else if term.contains('@') {
        PersonField::Email
    } else {
        PersonField::Name
    }
}

/// The people matching `term` in `field` (`None`: guessed — a guessed name is looked for in
/// the addresses too), at most [`SEARCH_LIMIT`], by id.
/// An empty term finds nobody (there is no list of everyone); `Invalid { field: "q" }` says
/// why a term cannot be searched (`too_short` for a "contains" under three characters,
/// `not_a_number` for an id, `too_long`).
pub async fn search(
    app: &App,
    op: &Operator,
    term: &str,
    field: Option<PersonField>,
    matching: Matching,
) -> Result<Vec<PersonRow>, AdminError> {
    op.require(Permission::Read)?;
    let term = term.trim();
    if term.is_empty() {
        return Ok(Vec::new());
    }
    if term.chars().count() > MAX_TERM_CHARS || term.contains('\0') {
        return Err(AdminError::Invalid {
            field: "q",
            code: "too_long",
        });
    }
    let guessed = field.is_none();
    let field = field.unwrap_or_else(|| guess_field(term));
    if field == PersonField::Id && term.parse::<i64>().is_err() {
        return Err(AdminError::Invalid {
            field: "q",
            code: "not_a_number",
        });
    }
    if field != PersonField::Id
        && matching == Matching::Contains
        && term.chars().count() < CONTAINS_MIN
    {
        return Err(AdminError::Invalid {
            field: "q",
            code: "too_short",
        });
    }
    let query = |field| PeopleQuery {
        field,
        matching,
        term: term.to_lowercase(),
        limit: SEARCH_LIMIT,
    };
    let mut found = app
        .store
        .search_people(&query(field))
        .await?
        .unwrap_or_default();
    // A guessed name may be part of an address too (`dupont` in `l.dupont@…`): both, by id.
    if guessed && field == PersonField::Name {
        let by_email = app
            .store
            .search_people(&query(PersonField::Email))
            .await?
            .unwrap_or_default();
        found.extend(by_email);
        found.sort_by_key(|p| p.id);
        found.dedup_by_key(|p| p.id);
        found.truncate(SEARCH_LIMIT as usize);
    }
    Ok(found)
}

/// Everything support sees of one person.
#[derive(Debug, Clone)]
pub struct PersonView {
    /// The account.
    pub user: UserRecord,
    /// Their operator role, if they have one.
    pub operator_role: Option<OperatorRole>,
    /// Their tests (competence evaluations, campaign tests, certification), newest first.
    pub assessments: Vec<AssessmentRecord>,
    /// Their campaign participations, oldest first.
    pub participations: Vec<JourneyRecord>,
    /// The organisations they belong to, with their role.
    pub organizations: Vec<(OrganizationRecord, Role)>,
    /// The certification centres they belong to, with their role.
    pub centres: Vec<(CentreRecord, Role)>,
    /// Their certification enrolments.
    pub candidacies: Vec<CandidateRecord>,
    /// Their certification results.
    pub certifications: Vec<CertificateRecord>,
    /// The latest audit entries about them (at most 20).
    pub audit: Vec<AuditRecord>,
}

impl PersonView {
    /// Whether sign-in is locked now (temporarily or for good).
    pub fn is_locked(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.user.locked_permanently || self.user.locked_until.is_some_and(|t| t > now)
    }
}

/// One person's page; `NotFound` if there is no such account.
pub async fn person(app: &App, op: &Operator, user_id: i64) -> Result<PersonView, AdminError> {
    op.require(Permission::Read)?;
    let store = &app.store;
    let user = store
        .user(user_id)
        .await?
        .ok_or(AdminError::NotFound("user"))?;
    Ok(PersonView {
        operator_role: store.operator_role(user_id).await?,
        assessments: store.assessments_of_user(user_id).await?,
        participations: store.participations_of_user(user_id).await?,
        organizations: store.organizations_of_user(user_id).await?,
        centres: store.centres_of_user(user_id).await?,
        candidacies: store.candidates_of_user(user_id).await?,
        certifications: store.certificates_of_user(user_id).await?,
        audit: store
            .audit_entries(AuditQuery {
                target: Some(AuditTarget::User(user_id)),
                limit: 20,
                ..AuditQuery::default()
            })
            .await?,
        user,
    })
}

async fn active_user(app: &App, user_id: i64) -> Result<UserRecord, AdminError> {
    app.store
        .user(user_id)
        .await?
        .filter(|u| u.anonymised_at.is_none())
        .ok_or(AdminError::NotFound("user"))
}

/// Lifts every sign-in lock of the account; returns whether there was one (audited either
/// way: the operator acted).
pub async fn unlock(app: &App, op: &Operator, user_id: i64) -> Result<bool, AdminError> {
    op.require(Permission::People)?;
    active_user(app, user_id).await?;
    let audit = op.audit(
        AuditAction::UserUnlocked,
        AuditTarget::User(user_id),
        "",
        app.now(),
    );
    Ok(app.store.unlock_user(user_id, audit).await?)
}

/// A correction of an account, as the form sends it.
#[derive(Debug, Clone, Copy)]
pub struct Correction<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// Email.
    pub email: &'a str,
}

fn checked_name(field: &'static str, raw: &str) -> Result<String, AdminError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AdminError::Invalid {
            field,
            code: "empty",
        });
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AdminError::Invalid {
            field,
            code: "too_long",
        });
    }
    if name.chars().any(char::is_control) {
        return Err(AdminError::Invalid {
            field,
            code: "control_character",
        });
    }
    Ok(name.to_owned())
}

/// Corrects the account's names and email (one transaction, one audit entry per kind of
/// change, naming the fields, not their values); returns whether anything changed.
/// `Invalid` names the field at fault; `Conflict` if another account has the email.
pub async fn correct(
    app: &App,
    op: &Operator,
    user_id: i64,
    correction: Correction<'_>,
) -> Result<bool, AdminError> {
    op.require(Permission::People)?;
    let first = checked_name("first_name", correction.first_name)?;
    let last = checked_name("last_name", correction.last_name)?;
    let email = Email::parse(correction.email).map_err(|_| AdminError::Invalid {
        field: "email",
        code: "invalid_email",
    })?;
    let user = active_user(app, user_id).await?;
    let mut fields = Vec::new();
    if first != user.first_name {
        fields.push("first_name");
    }
    if last != user.last_name {
        fields.push("last_name");
    }
    let renamed = fields.join(", ");
    let email_changed = email.as_str() != user.email;
    if renamed.is_empty() && !email_changed {
        return Ok(false);
    }
    let now = app.now();
    let target = AuditTarget::User(user_id);
    let mut audits = Vec::new();
    if !renamed.is_empty() {
        audits.push(op.audit(AuditAction::UserRenamed, target, &renamed, now));
    }
    if email_changed {
        audits.push(op.audit(AuditAction::UserEmailChanged, target, "email", now));
    }
    app.store
        .correct_user(user_id, &first, &last, email.as_str(), &audits)
        .await?;
    Ok(true)
}

/// Anonymises the account in one transaction, audited; returns `false` (and changes
/// nothing) if it already was, so a second click is harmless. An operator's account is
/// refused (`Invalid { field: "user", code: "is_operator" }`): their role is revoked first,
/// so the platform never loses its last super-administrator this way.
pub async fn anonymise(app: &App, op: &Operator, user_id: i64) -> Result<bool, AdminError> {
    op.require(Permission::People)?;
    let user = app
        .store
        .user(user_id)
        .await?
        .ok_or(AdminError::NotFound("user"))?;
    if user.anonymised_at.is_some() {
        return Ok(false);
    }
    if app.store.operator_role(user_id).await?.is_some() {
        return Err(AdminError::Invalid {
            field: "user",
            code: "is_operator",
        });
    }
    let audit = op.audit(
        AuditAction::UserAnonymised,
        AuditTarget::User(user_id),
        "",
        app.now(),
    );
    match app.store.anonymise_user(user_id, audit).await {
        Ok(()) => Ok(true),
        // Another request anonymised it meanwhile.
        Err(acquis_store::StoreError::NotFound(_)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
