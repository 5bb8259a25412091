//! A participation's life: STARTED → TO_SHARE (test done) → SHARED (results visible to the
//! organisation). Nothing moves backwards; a retry is a new participation.

use serde::{Deserialize, Serialize};

use crate::campaign::settings::stored_names;

/// Where a participation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParticipationStatus {
    /// Joined; the test is running (or, for a profiles collection, not shared yet).
    Started,
    /// The test is over; the learner has not shared the results.
    ToShare,
    /// Shared: the organisation sees the results.
    Shared,
}

stored_names!(ParticipationStatus, "participation status", {
    Started => "STARTED",
    ToShare => "TO_SHARE",
    Shared => "SHARED",
});

/// A status change the life cycle does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a participation cannot go from {from} to {to}")]
pub struct TransitionError {
    /// The current status.
    pub from: ParticipationStatus,
    /// The status asked for.
    pub to: ParticipationStatus,
}

impl ParticipationStatus {
    /// The status once the test is over: only a started participation can finish.
    pub fn finish(self) -> Result<Self, TransitionError> {
        self.step(ParticipationStatus::Started, ParticipationStatus::ToShare)
    }

    /// The status once shared: only a finished participation can be shared.
    pub fn share(self) -> Result<Self, TransitionError> {
        self.step(ParticipationStatus::ToShare, ParticipationStatus::Shared)
    }

    /// Whether the organisation may see the results.
    pub fn is_shared(self) -> bool {
        self == ParticipationStatus::Shared
    }

    fn step(self, from: Self, to: Self) -> Result<Self, TransitionError> {
        if self == from {
            Ok(to)
        } else {
            Err(TransitionError { from: self, to })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ParticipationStatus::*;
    use super::*;

    #[test]
    fn a_participation_is_started_then_finished_then_shared() {
        assert_eq!(
            Started.finish().and_then(ParticipationStatus::share),
            Ok(Shared)
        );
    }

    #[test]
    fn a_started_participation_cannot_be_shared() {
        assert_eq!(
            Started.share(),
            Err(TransitionError {
                from: Started,
                to: Shared
            })
        );
    }

    #[test]
    fn a_shared_participation_stays_shared() {
        assert!(Shared.finish().is_err());
        assert!(Shared.share().is_err());
    }

    #[test]
    fn statuses_have_stored_names() {
        assert_eq!(ToShare.as_str(), "TO_SHARE");
        assert_eq!("SHARED".parse(), Ok(Shared));
        assert_eq!(serde_json::to_value(ToShare).unwrap(), "TO_SHARE");
    }
}
