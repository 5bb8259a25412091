//! Improve, reset and retry: what a learner may do again, as functions of dates.
//!
//! The caller passes every timestamp (unix seconds): nothing here reads a clock.

use crate::positioning::knowledge::{KeSource, KeStatus, KnowledgeElement};

/// Unix time in seconds.
pub type Timestamp = i64;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// After this delay since the last answer on a competence, its old failures may be tried again.
pub const IMPROVE_DELAY: i64 = 4 * DAY;

/// After this delay since the last answer on a competence, it may be reset.
pub const RESET_DELAY: i64 = 7 * DAY;

/// After this delay since a campaign participation was shared, it may be retried (if the
/// campaign allows multiple sendings).
pub const RETRY_DELAY: i64 = 4 * DAY;

/// Whether a learner whose latest element on a competence dates from `last_activity` may
/// improve it at `now`.
pub fn can_improve(last_activity: Timestamp, now: Timestamp) -> bool {
    now - last_activity >= IMPROVE_DELAY
}

/// Whether a competence last answered at `last_activity` may be reset at `now`.
pub fn can_reset(last_activity: Timestamp, now: Timestamp) -> bool {
    now - last_activity >= RESET_DELAY
}

/// Whether a campaign participation shared at `shared_at` may be retried at `now`: only when
/// the campaign allows multiple sendings, and after the retry delay.
pub fn can_retry(multiple_sendings: bool, shared_at: Timestamp, now: Timestamp) -> bool {
    multiple_sendings && now - shared_at >= RETRY_DELAY
}

/// Whole days left before `delay` has passed since `since` (0 once it has; a started day
/// counts as one, so the learner is never told 0 while still waiting).
pub fn remaining_days(delay: i64, since: Timestamp, now: Timestamp) -> u32 {
    let left = delay - (now - since);
    if left <= 0 {
        0
    } else {
        u32::try_from((left + DAY - 1) / DAY).unwrap_or(u32::MAX)
    }
}

/// The elements a reset writes at `now`: one `Reset` element for every skill whose latest
/// element (in `elements`, in writing order) is not already a reset. The caller passes the
/// elements of one competence.
pub fn reset_elements(elements: &[KnowledgeElement], now: Timestamp) -> Vec<KnowledgeElement> {
    let mut latest: Vec<&KnowledgeElement> = Vec::new();
    for ke in elements {
        match latest.iter_mut().find(|l| l.skill == ke.skill) {
            Some(slot) => *slot = ke,
            None => latest.push(ke),
        }
    }
    latest
        .into_iter()
        .filter(|ke| ke.status != KeStatus::Reset)
        .map(|ke| KnowledgeElement {
            skill: ke.skill.clone(),
            status: KeStatus::Reset,
            source: KeSource::Direct,
            earned_pix: 0.0,
            created_at: now,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = 1_700_000_000;

    fn ke(skill: &str, status: KeStatus) -> KnowledgeElement {
        KnowledgeElement {
            skill: skill.into(),
            status,
            source: KeSource::Direct,
            earned_pix: 0.0,
            created_at: T0,
        }
    }

    #[test]
    fn improving_opens_four_days_after_the_last_answer() {
        assert!(!can_improve(T0, T0 + IMPROVE_DELAY - 1));
        assert!(can_improve(T0, T0 + IMPROVE_DELAY));
    }

    #[test]
    fn a_reset_opens_seven_days_after_the_last_answer() {
        assert!(!can_reset(T0, T0 + 7 * DAY - 1));
        assert!(can_reset(T0, T0 + 7 * DAY));
    }

    #[test]
    fn a_campaign_is_retried_only_when_allowed_and_after_four_days() {
        assert!(!can_retry(false, T0, T0 + 30 * DAY));
        assert!(!can_retry(true, T0, T0 + 3 * DAY));
        assert!(can_retry(true, T0, T0 + 4 * DAY));
    }

    #[test]
    fn remaining_days_round_up_and_stop_at_zero() {
        assert_eq!(remaining_days(RESET_DELAY, T0, T0), 7);
        assert_eq!(remaining_days(RESET_DELAY, T0, T0 + 1), 7);
        assert_eq!(remaining_days(RESET_DELAY, T0, T0 + 6 * DAY + 1), 1);
        assert_eq!(remaining_days(RESET_DELAY, T0, T0 + 7 * DAY), 0);
        assert_eq!(remaining_days(RESET_DELAY, T0, T0 + 70 * DAY), 0);
    }

    #[test]
    fn a_reset_writes_one_reset_element_per_known_skill() {
        let elements = [
            ke("@a1", KeStatus::Validated),
            ke("@a2", KeStatus::Invalidated),
            ke("@a1", KeStatus::Invalidated),
            ke("@b1", KeStatus::Reset),
        ];
        let reset = reset_elements(&elements, T0 + 8 * DAY);
        let skills: Vec<&str> = reset.iter().map(|k| k.skill.as_str()).collect();
        assert_eq!(skills, ["@a1", "@a2"]);
        assert!(reset.iter().all(|k| k.status == KeStatus::Reset
            && k.earned_pix == 0.0
            && k.created_at == T0 + 8 * DAY));
    }
}
