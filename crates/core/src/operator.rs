//! The platform operator: its roles, what each role may do, and the actions its audit log
//! records. The matrix here is the one `docs/admin.md` writes out; the use cases ask it
//! (`OperatorRole::may`) before every change, and the route table declares, for each `/admin`
//! route, the permission it needs, so a test can hold both to the same matrix.

use serde::{Deserialize, Serialize};

/// An operator's role. One role per operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperatorRole {
    /// Everything: the other operators, content releases, and every other role's work.
    SuperAdmin,
    /// Support: people (find, unblock, correct names or email, anonymise).
    Support,
    /// The pedagogical team: organisations, their target profiles and trainings, item
    /// science (statistics, calibration).
    Metier,
    /// Certification: centres and their accreditations, session review, publication.
    Certif,
}

crate::campaign::settings::stored_names!(OperatorRole, "operator role", {
    SuperAdmin => "SUPER_ADMIN",
    Support => "SUPPORT",
    Metier => "METIER",
    Certif => "CERTIF",
});

/// What an operator may be allowed to do; every `/admin` route and admin use case needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Permission {
    /// Read any operator page (people, organisations, centres, sessions, statistics, the
    /// audit log). Every role has it.
    Read,
    /// Grant, change and revoke operator roles.
    Operators,
    /// Change people's accounts: unblock, correct names or email, anonymise.
    People,
    /// Create, edit, tag and archive organisations; their members.
    Organisations,
    /// Create, edit and archive certification centres; their members and accreditations.
    Centres,
    /// Review certification sessions: resolve reports, neutralise questions, cancel or
    /// reinstate certifications, publish and unpublish results.
    Certification,
    /// Upload, publish and roll back content releases.
    Content,
    /// Run the item statistics and calibration jobs.
    ItemScience,
}

impl Permission {
    /// Every permission, in a stable order (the columns of the matrix).
    pub const ALL: &'static [Permission] = &[
        Permission::Read,
        Permission::Operators,
        Permission::People,
        Permission::Organisations,
        Permission::Centres,
        Permission::Certification,
        Permission::Content,
        Permission::ItemScience,
    ];
}

impl OperatorRole {
    /// Whether an operator of this role may do what `permission` covers.
    pub fn may(self, permission: Permission) -> bool {
        use OperatorRole::*;
        use Permission::*;
        match permission {
            Read => true,
            Operators | Content => self == SuperAdmin,
            People => matches!(self, SuperAdmin | Support),
            Organisations | ItemScience => matches!(self, SuperAdmin | Metier),
            Centres | Certification => matches!(self, SuperAdmin | Certif),
        }
    }
}

/// What an audit entry says was done. Stored by name (`user.unlocked`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// A sign-in lock lifted.
    UserUnlocked,
    /// An account's names changed.
    UserRenamed,
    /// An account's email changed.
    UserEmailChanged,
    /// An account anonymised.
    UserAnonymised,
    /// An operator role granted or changed.
    OperatorGranted,
    /// An operator role revoked.
    OperatorRevoked,
    /// An organisation created.
    OrganizationCreated,
    /// An organisation's details or tags changed.
    OrganizationChanged,
    /// An organisation archived.
    OrganizationArchived,
    /// An organisation taken out of the archive.
    OrganizationRestored,
    /// A certification centre created.
    CentreCreated,
    /// A centre's details changed.
    CentreChanged,
    /// A centre archived.
    CentreArchived,
    /// A centre taken out of the archive.
    CentreRestored,
    /// A centre's accreditation granted or withdrawn.
    CentreAccreditationChanged,
    /// A content release uploaded (validated, stored unpublished).
    ReleaseUploaded,
    /// A content release published (or an earlier one rolled back to).
    ReleasePublished,
    /// An issue report resolved by a person.
    ReportResolved,
    /// A question neutralised for one candidate.
    QuestionNeutralised,
    /// A neutralised question restored for one candidate.
    QuestionRestored,
    /// A certification cancelled.
    CertificationCancelled,
    /// A cancelled certification reinstated.
    CertificationReinstated,
    /// A session's results published.
    ResultsPublished,
    /// A session's results taken back.
    ResultsUnpublished,
    /// A session's finalisation taken back.
    SessionUnfinalised,
    /// A session's finalisation comment read by an operator.
    SessionCommentRead,
    /// The item statistics job started.
    StatisticsRequested,
    /// A calibration job started.
    CalibrationRequested,
}

crate::campaign::settings::stored_names!(AuditAction, "audit action", {
    UserUnlocked => "user.unlocked",
    UserRenamed => "user.renamed",
    UserEmailChanged => "user.email_changed",
    UserAnonymised => "user.anonymised",
    OperatorGranted => "operator.granted",
    OperatorRevoked => "operator.revoked",
    OrganizationCreated => "organization.created",
    OrganizationChanged => "organization.changed",
    OrganizationArchived => "organization.archived",
    OrganizationRestored => "organization.restored",
    CentreCreated => "centre.created",
    CentreChanged => "centre.changed",
    CentreArchived => "centre.archived",
    CentreRestored => "centre.restored",
    CentreAccreditationChanged => "centre.accreditation_changed",
    ReleaseUploaded => "release.uploaded",
    ReleasePublished => "release.published",
    ReportResolved => "certification.report_resolved",
    QuestionNeutralised => "certification.question_neutralised",
    QuestionRestored => "certification.question_restored",
    CertificationCancelled => "certification.cancelled",
    CertificationReinstated => "certification.reinstated",
    ResultsPublished => "session.published",
    ResultsUnpublished => "session.unpublished",
    SessionUnfinalised => "session.unfinalised",
    SessionCommentRead => "session.comment_read",
    StatisticsRequested => "items.statistics_requested",
    CalibrationRequested => "items.calibration_requested",
});

/// What an audit entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditTarget {
    /// Nothing in particular (a job started for the whole bank).
    Platform,
    /// A person's account.
    User(i64),
    /// An organisation.
    Organization(i64),
    /// A certification centre.
    Centre(i64),
    /// A certification session.
    Session(i64),
    /// One candidate's certification test (its course).
    Course(i64),
    /// A content release.
    Release(i64),
}

impl AuditTarget {
    /// The stored kind.
    pub fn kind(self) -> &'static str {
        match self {
            AuditTarget::Platform => "platform",
            AuditTarget::User(_) => "user",
            AuditTarget::Organization(_) => "organization",
            AuditTarget::Centre(_) => "centre",
            AuditTarget::Session(_) => "session",
            AuditTarget::Course(_) => "course",
            AuditTarget::Release(_) => "release",
        }
    }

    /// The stored id, if the target has one.
    pub fn id(self) -> Option<i64> {
        match self {
            AuditTarget::Platform => None,
            AuditTarget::User(id)
            | AuditTarget::Organization(id)
            | AuditTarget::Centre(id)
            | AuditTarget::Session(id)
            | AuditTarget::Course(id)
            | AuditTarget::Release(id) => Some(id),
        }
    }

    /// The target from its stored kind and id; `None` for a pair no target has.
    pub fn from_stored(kind: &str, id: Option<i64>) -> Option<AuditTarget> {
        Some(match (kind, id) {
            ("platform", _) => AuditTarget::Platform,
            ("user", Some(id)) => AuditTarget::User(id),
            ("organization", Some(id)) => AuditTarget::Organization(id),
            ("centre", Some(id)) => AuditTarget::Centre(id),
            ("session", Some(id)) => AuditTarget::Session(id),
            ("course", Some(id)) => AuditTarget::Course(id),
            ("release", Some(id)) => AuditTarget::Release(id),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_super_administrator_manages_operators_and_content() {
        for role in OperatorRole::ALL {
            assert!(role.may(Permission::Read));
            let super_admin = *role == OperatorRole::SuperAdmin;
            assert_eq!(role.may(Permission::Operators), super_admin);
            assert_eq!(role.may(Permission::Content), super_admin);
        }
        assert!(OperatorRole::Support.may(Permission::People));
        assert!(!OperatorRole::Support.may(Permission::Certification));
        assert!(OperatorRole::Certif.may(Permission::Centres));
        assert!(!OperatorRole::Certif.may(Permission::People));
        assert!(OperatorRole::Metier.may(Permission::Organisations));
        assert!(!OperatorRole::Metier.may(Permission::Centres));
    }

    #[test]
    fn a_super_administrator_may_do_everything() {
        for p in Permission::ALL {
            assert!(OperatorRole::SuperAdmin.may(*p));
        }
    }

    #[test]
    fn stored_names_round_trip() {
        for role in OperatorRole::ALL {
            assert_eq!(role.as_str().parse::<OperatorRole>().unwrap(), *role);
        }
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>().unwrap(), *action);
        }
        for target in [
            AuditTarget::Platform,
            AuditTarget::User(3),
            AuditTarget::Release(9),
        ] {
            assert_eq!(
                AuditTarget::from_stored(target.kind(), target.id()),
                Some(target)
            );
        }
        assert_eq!(AuditTarget::from_stored("user", None), None);
    }
}
