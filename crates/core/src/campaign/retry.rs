//! Retrying a campaign: when a participant may start again, and how the new test treats what
//! they already showed.
//!
//! A retry is allowed only on a campaign with multiple sendings, once the previous
//! participation was shared and the retry delay (`positioning::RETRY_DELAY`) has passed, and
//! not when the previous participation already mastered the whole target. A retry's test is an
//! improvement: skills failed before it started may be asked again, validated ones stay
//! acquired; a first participation reuses everything the learner already knows.

use crate::campaign::mastery::Count;
use crate::campaign::settings::Sendings;
use crate::positioning::knowledge::Attempt;
use crate::positioning::rules::{RETRY_DELAY, Timestamp, can_retry, remaining_days};

/// Why a participant may not retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetryRefusal {
    /// The campaign allows one participation.
    #[error("this campaign accepts a single participation")]
    SingleSending,
    /// The previous participation is not shared yet.
    #[error("the previous participation has not been shared")]
    NotShared,
    /// The retry delay has not passed.
    #[error("a retry is possible in {remaining_days} days")]
    TooSoon {
        /// Whole days left (a started day counts as one).
        remaining_days: u32,
    },
    /// Every target skill is already mastered: a new test would ask nothing.
    #[error("every skill of the campaign is already mastered")]
    AlreadyMastered,
}

/// Whether a participant may retry at `now`, given the campaign's `sendings`, when their
/// previous participation was shared (`None`: not yet) and its mastery of the whole target
/// (an empty count for a profiles collection).
pub fn may_retry(
    sendings: Sendings,
    shared_at: Option<Timestamp>,
    previous: Count,
    now: Timestamp,
) -> Result<(), RetryRefusal> {
    if sendings == Sendings::Single {
        return Err(RetryRefusal::SingleSending);
    }
    let shared_at = shared_at.ok_or(RetryRefusal::NotShared)?;
    if !can_retry(true, shared_at, now) {
        return Err(RetryRefusal::TooSoon {
            remaining_days: remaining_days(RETRY_DELAY, shared_at, now),
        });
    }
    if previous.is_full() {
        return Err(RetryRefusal::AlreadyMastered);
    }
    Ok(())
}

/// How the test of a participation started at `started_at` treats past elements: fresh for a
/// first participation (`previous_shared_at` is `None`), improving for a retry.
pub fn attempt(previous_shared_at: Option<Timestamp>, started_at: Timestamp) -> Attempt {
    match previous_shared_at {
        None => Attempt::Fresh,
        Some(_) => Attempt::Improving { started_at },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::fixture::T0;
    use crate::positioning::rules::DAY;

    const HALF: Count = Count {
        validated: 3,
        total: 6,
    };

    #[test]
    fn a_campaign_with_a_single_sending_cannot_be_retried() {
        assert_eq!(
            may_retry(Sendings::Single, Some(T0), HALF, T0 + 30 * DAY),
            Err(RetryRefusal::SingleSending)
        );
    }

    #[test]
    fn a_participation_is_retried_only_once_shared() {
        assert_eq!(
            may_retry(Sendings::Multiple, None, HALF, T0),
            Err(RetryRefusal::NotShared)
        );
    }

    #[test]
    fn a_retry_opens_four_days_after_sharing() {
        assert_eq!(
            may_retry(Sendings::Multiple, Some(T0), HALF, T0 + 3 * DAY),
            Err(RetryRefusal::TooSoon { remaining_days: 1 })
        );
        assert_eq!(
            may_retry(Sendings::Multiple, Some(T0), HALF, T0 + 4 * DAY),
            Ok(())
        );
    }

    #[test]
    fn a_fully_mastered_target_is_not_retried() {
        assert_eq!(
            may_retry(Sendings::Multiple, Some(T0), Count::new(6, 6), T0 + 5 * DAY),
            Err(RetryRefusal::AlreadyMastered)
        );
        assert_eq!(
            may_retry(Sendings::Multiple, Some(T0), Count::default(), T0 + 5 * DAY),
            Ok(()),
            "a profiles collection has no target"
        );
    }

    #[test]
    fn a_retry_is_an_improvement_and_a_first_participation_is_fresh() {
        assert_eq!(attempt(None, T0), Attempt::Fresh);
        assert_eq!(
            attempt(Some(T0), T0 + 5 * DAY),
            Attempt::Improving {
                started_at: T0 + 5 * DAY
            }
        );
    }
}
