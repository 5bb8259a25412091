//! Who may be certified: a profile with at least [`MIN_COMPETENCES`] competences at level
//! [`MIN_LEVEL`] or more.

/// Competences that must reach [`MIN_LEVEL`].
pub const MIN_COMPETENCES: usize = 5;

/// The level those competences must reach.
pub const MIN_LEVEL: u8 = 1;

/// Whether a profile allows certification, and how far it is when it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    /// Enough competences reach the level.
    Eligible,
    /// Only `reached` competences reach the level; `missing` more are needed.
    NotYet {
        /// Competences at level 1 or more.
        reached: usize,
        /// How many more are needed.
        missing: usize,
    },
}

impl Eligibility {
    /// Whether the profile allows certification.
    pub fn is_eligible(self) -> bool {
        self == Eligibility::Eligible
    }
}

/// The eligibility of a profile given the level of each competence (any order, one per
/// competence).
pub fn eligibility(levels: impl IntoIterator<Item = u8>) -> Eligibility {
    let reached = levels.into_iter().filter(|&l| l >= MIN_LEVEL).count();
    if reached >= MIN_COMPETENCES {
        Eligibility::Eligible
    } else {
        Eligibility::NotYet {
            reached,
            missing: MIN_COMPETENCES - reached,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_competences_at_level_one_are_needed() {
        assert_eq!(
            eligibility([1, 1, 1, 0, 0, 3]),
            Eligibility::NotYet {
                reached: 4,
                missing: 1
            }
        );
        assert!(eligibility([1, 2, 1, 5, 1, 0]).is_eligible());
        assert_eq!(
            eligibility([]),
            Eligibility::NotYet {
                reached: 0,
                missing: 5
            }
        );
    }
}
