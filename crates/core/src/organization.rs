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

/// A certification a centre may be accredited for. Only the core certification exists today;
/// complementary ones would be new variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Accreditation {
    /// The core certification of the 16 competences.
    Core,
}

stored_names!(Accreditation, "accreditation", { Core => "CORE" });

/// Most tags an organisation or a centre carries.
pub const MAX_TAGS: usize = 10;

/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 30;

/// Why a list of tags is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// More than [`MAX_TAGS`].
    #[error("at most {MAX_TAGS} tags")]
    TooMany,
    /// A tag longer than [`MAX_TAG_CHARS`].
    #[error("a tag has at most {MAX_TAG_CHARS} characters")]
    TooLong,
    /// A tag with a character other than letters, digits, `-` and `_`.
    #[error("a tag holds letters, digits, - and _ only")]
    BadCharacter,
}

/// The tags of a comma- or space-separated list: lower-cased, deduplicated, sorted; empty
/// items dropped.
pub fn parse_tags(input: &str) -> Result<Vec<String>, TagError> {
    let mut tags: Vec<String> = input
        .split([',', ' ', ';', '\n'])
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    for tag in &tags {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(TagError::TooLong);
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(TagError::BadCharacter);
        }
    }
    tags.sort();
    tags.dedup();
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_and_bounded() {
        assert_eq!(
            parse_tags(" Lycée, réseau-rural  lycée;Pilote_2026").unwrap(),
            vec!["lycée", "pilote_2026", "réseau-rural"]
        );
        assert_eq!(parse_tags("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_tags("<script>"), Err(TagError::BadCharacter));
        assert_eq!(parse_tags("a\0b"), Err(TagError::BadCharacter));
        assert_eq!(parse_tags(&"x".repeat(31)), Err(TagError::TooLong));
        let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        assert_eq!(parse_tags(&many.join(",")), Err(TagError::TooMany));
    }

    #[test]
    fn a_role_reads_back_from_its_stored_name_only() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
