//! What a campaign is set up as: its type, the external id it asks for, whether it may be sent
//! again. Each has a stored name (what the database and the API carry), parsed back strictly.

use serde::{Deserialize, Serialize};

/// A stored name that matches no variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {name:?}")]
pub struct UnknownName {
    /// What was being parsed ("campaign type", …).
    pub kind: &'static str,
    /// The name given.
    pub name: String,
}

/// Implements `as_str`, `Display` and `FromStr` from one table of stored names.
macro_rules! stored_names {
    ($ty:ident, $kind:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in a stable order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = crate::campaign::settings::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                match name {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(crate::campaign::settings::UnknownName {
                        kind: $kind,
                        name: name.to_string(),
                    }),
                }
            }
        }
    };
}
pub(crate) use stored_names;

/// What a campaign collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CampaignType {
    /// An adaptive test over the skills of a target profile.
    Assessment,
    /// No test: the learner shares their 16-competence profile.
    ProfilesCollection,
}

stored_names!(CampaignType, "campaign type", {
    Assessment => "ASSESSMENT",
    ProfilesCollection => "PROFILES_COLLECTION",
});

/// The kind of external id a campaign asks participants for (its label is free text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExternalIdKind {
    /// Any text (a student number, …).
    Text,
    /// An email address.
    Email,
}

stored_names!(ExternalIdKind, "external id kind", {
    Text => "TEXT",
    Email => "EMAIL",
});

/// Whether a participant may send their results more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Sendings {
    /// One participation per learner.
    Single,
    /// A shared participation may be retried after the retry delay.
    Multiple,
}

stored_names!(Sendings, "sendings", {
    Single => "SINGLE",
    Multiple => "MULTIPLE",
});

impl From<bool> for Sendings {
    /// `true` (the stored "multiple sendings" flag) is [`Sendings::Multiple`].
    fn from(multiple: bool) -> Self {
        if multiple {
            Sendings::Multiple
        } else {
            Sendings::Single
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for t in CampaignType::ALL {
            assert_eq!(t.as_str().parse::<CampaignType>(), Ok(*t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for k in ExternalIdKind::ALL {
            assert_eq!(k.as_str().parse::<ExternalIdKind>(), Ok(*k));
        }
        for s in Sendings::ALL {
            assert_eq!(s.as_str().parse::<Sendings>(), Ok(*s));
        }
    }

    #[test]
    fn an_unknown_stored_name_is_refused() {
        let err = "assessment".parse::<CampaignType>().unwrap_err();
        assert_eq!(err.kind, "campaign type");
    }

    #[test]
    fn the_multiple_sendings_flag_maps_to_sendings() {
        assert_eq!(Sendings::from(true), Sendings::Multiple);
        assert_eq!(Sendings::from(false), Sendings::Single);
    }
}
