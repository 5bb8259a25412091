//! Identifiers as types: a handler that takes an organisation's id from a URL holds an
//! [`OrganizationId`], which cannot be passed where a training's id is expected. Each is the
//! database's 64-bit id, serialised as the bare number.

/// Declares an id newtype: `Copy`, ordered, hashable, serialised as its number.
macro_rules! id_type {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The number the database stores.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(OrganizationId, "An organisation's id.");
id_type!(TargetProfileId, "A target profile's id.");
id_type!(TrainingId, "A training's id.");
id_type!(InvitationId, "An invitation to join an organisation's id.");
id_type!(
    OrganizationLearnerId,
    "An organisation's imported learner's id."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_serialises_as_its_bare_number_and_prints_as_it() {
        let id = OrganizationId::from(42);
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("42"));
        assert_eq!(id.to_string(), "42");
        assert_eq!(id.get(), 42);
        let back: Result<OrganizationId, _> = serde_json::from_str("42");
        assert_eq!(back.ok(), Some(id));
    }
}
