//! Organisations as the rules see them: what kind each is and the roles of its members.

use serde::{Deserialize, Serialize};

use crate::campaign::settings::stored_names;

pub use crate::campaign::reconciliation::OrganizationKind;

/// A member's role in an organisation (and, later, in a certification centre).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Manages members, and everything a member does.
    Admin,
    /// Creates target profiles and campaigns, follows and exports them.
    Member,
}

stored_names!(Role, "role", { Admin => "ADMIN", Member => "MEMBER" });

impl Role {
    /// The stored name (`ADMIN`, `MEMBER`), parsed strictly.
    pub fn parse(name: &str) -> Option<Role> {
        name.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_reads_back_from_its_stored_name_only() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
