//! The one clock of the product: every use case asks it for the time, so a test can set it and
//! a rule about days (improve after 4, reset after 7, links valid for an hour) can be checked
//! without waiting. The store takes the time as an argument.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// Where the time comes from.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock (production).
    #[default]
    System,
    /// A clock that only moves when told to (tests), in microseconds since the epoch; shared
    /// by every clone.
    Settable(Arc<AtomicI64>),
}

impl Clock {
    /// A settable clock showing `at`.
    pub fn settable(at: DateTime<Utc>) -> Clock {
        Clock::Settable(Arc::new(AtomicI64::new(at.timestamp_micros())))
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Settable(micros) => {
                DateTime::from_timestamp_micros(micros.load(Ordering::Relaxed)).unwrap_or_default()
            }
        }
    }

    /// Sets a settable clock to `at` (the system clock ignores it).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Settable(micros) = self {
            micros.store(at.timestamp_micros(), Ordering::Relaxed);
        }
    }

    /// Moves a settable clock forward by `by` (the system clock ignores it).
    pub fn advance(&self, by: Duration) {
        self.set(self.now() + by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settable_clock_moves_only_when_told_and_every_clone_sees_it() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let clock = Clock::settable(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::days(4));
        assert_eq!(clock.now(), start + Duration::days(4));
    }

    #[test]
    fn the_system_clock_ignores_set() {
        let clock = Clock::System;
        clock.set(DateTime::from_timestamp(0, 0).unwrap());
        assert!(clock.now().timestamp() > 1_700_000_000);
    }
}
