//! Identifiers of stored things as distinct types, so a use case cannot take a campaign's id
//! for a participation's: a handler parses the number from the URL into its newtype at the edge.

use serde::{Deserialize, Serialize};

/// Declares an id newtype over a 64-bit integer, with its doc line.
macro_rules! id_type {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(
            Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The number as stored.
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

id_type!(UserId, "An account's id.");
id_type!(AssessmentId, "An assessment's id (one test run).");
id_type!(CampaignId, "A campaign's id.");
id_type!(ParticipationId, "A campaign participation's id.");
id_type!(OrganizationId, "An organisation's id.");
id_type!(TargetProfileId, "A target profile's id.");
id_type!(TrainingId, "A training's id.");
id_type!(InvitationId, "An invitation to join an organisation's id.");
id_type!(CentreId, "A certification centre's id.");
id_type!(
    CentreInvitationId,
    "An invitation to join a certification centre's id."
);
id_type!(
    SessionId,
    "A certification session's id (its number, as candidates type it)."
);
id_type!(
    CandidateId,
    "A candidate enrolled in a certification session's id."
);
id_type!(
    CourseId,
    "A certification course's id (one candidate's certification test)."
);
id_type!(
    AlertId,
    "A live alert's id (a problem a candidate reported during the test)."
);
id_type!(
    OrganizationLearnerId,
    "An organisation's imported learner's id."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_number_in_json_and_in_text() {
        let id = CampaignId::from(42);
        assert_eq!(id.get(), 42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
    }
}
