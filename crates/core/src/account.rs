//! Account rules: what a valid email and password are, and when sign-in is locked.
//!
//! Values that cross the edge of the system are parsed into types that cannot hold an invalid
//! state (`Email`, `Password`); the lockout is a pure function of the attempts and the time.

use std::fmt;

/// Failed sign-ins that lock an account for a while.
pub const TEMPORARY_LOCK_AFTER: i32 = 10;
/// Failed sign-ins that lock an account until an administrator unlocks it.
pub const PERMANENT_LOCK_AFTER: i32 = 30;
/// How long a temporary lock lasts, in seconds.
pub const TEMPORARY_LOCK_SECONDS: i64 = 15 * 60;
/// Shortest accepted password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest accepted password, in characters (hashing a huge one would tie up the server).
pub const PASSWORD_MAX_CHARS: usize = 256;

/// An email address, trimmed and lower-cased, plausibly deliverable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The email is not of the form `name@domain.tld`.
    #[error("adresse électronique invalide")]
    InvalidEmail,
    /// The password is shorter than 8 characters.
    #[error("le mot de passe doit contenir au moins 8 caractères")]
    PasswordTooShort,
    /// The password is longer than 256 characters.
    #[error("le mot de passe ne doit pas dépasser 256 caractères")]
    PasswordTooLong,
    /// The password lacks an upper-case letter, a lower-case letter or a digit.
    #[error("le mot de passe doit contenir une majuscule, une minuscule et un chiffre")]
    PasswordTooSimple,
}

impl Email {
    /// Parses an email address.
    pub fn parse(raw: &str) -> Result<Email, AccountError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            });
        if valid {
            Ok(Email(email))
        } else {
            Err(AccountError::InvalidEmail)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy: at least 8 characters with an upper-case letter, a
/// lower-case letter and a digit. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks a new password against the policy.
    pub fn parse(raw: &str) -> Result<Password, AccountError> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(AccountError::PasswordTooShort);
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(AccountError::PasswordTooLong);
        }
        let upper = raw.chars().any(char::is_uppercase);
        let lower = raw.chars().any(char::is_lowercase);
        let digit = raw.chars().any(|c| c.is_ascii_digit());
        if upper && lower && digit {
            Ok(Password(raw.to_owned()))
        } else {
            Err(AccountError::PasswordTooSimple)
        }
    }

    /// The secret, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A user's sign-in attempts and lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lockout {
    /// Consecutive failures.
    pub failures: i32,
    /// Unix seconds until which sign-in is refused.
    pub locked_until: Option<i64>,
    /// Refused until an administrator unlocks.
    pub permanent: bool,
}

impl Lockout {
    /// Whether sign-in is refused at `now` (unix seconds).
    pub fn is_locked(&self, now: i64) -> bool {
        self.permanent || self.locked_until.is_some_and(|until| now < until)
    }

    /// The state after one more failed attempt at `now`.
    pub fn after_failure(self, now: i64) -> Lockout {
        let failures = self.failures.saturating_add(1);
        let permanent = self.permanent || failures >= PERMANENT_LOCK_AFTER;
        let locked_until =
            if failures >= TEMPORARY_LOCK_AFTER && failures % TEMPORARY_LOCK_AFTER == 0 {
                Some(now + TEMPORARY_LOCK_SECONDS)
            } else {
                self.locked_until
            };
        Lockout {
            failures,
            locked_until,
            permanent,
        }
    }

    /// An attempt at `now`, counted before its password is checked (so concurrent guesses
    /// cannot all slip in under one count): `None` if sign-in is refused at `now`, else the
    /// state to store while the password is checked, the attempt counted as a failure. A
    /// right password then stores [`Lockout::after_success`] of the state before.
    pub fn attempt(self, now: i64) -> Option<Lockout> {
        if self.is_locked(now) {
            None
        } else {
            Some(self.after_failure(now))
        }
    }

    /// The state after a successful sign-in.
    pub fn after_success(self) -> Lockout {
        Lockout {
            failures: 0,
            locked_until: None,
            permanent: self.permanent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            Email::parse("  Camille.Martin@Example.ORG ")
                .unwrap()
                .as_str(),
            "camille.martin@example.org"
        );
        for bad in [
            "",
            "camille",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@@example.org",
            "a@.org",
            "a@example.",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(AccountError::InvalidEmail),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_password_longer_than_256_characters_is_refused() {
        let long = format!("Aa1{}", "x".repeat(PASSWORD_MAX_CHARS));
        assert_eq!(Password::parse(&long), Err(AccountError::PasswordTooLong));
        let longest = format!("Aa1{}", "x".repeat(PASSWORD_MAX_CHARS - 3));
        assert!(Password::parse(&longest).is_ok());
    }

    #[test]
    fn passwords_need_eight_characters_with_upper_lower_and_digit() {
        assert!(Password::parse("Motdepasse1").is_ok());
        assert_eq!(
            Password::parse("Court1"),
            Err(AccountError::PasswordTooShort)
        );
        assert_eq!(
            Password::parse("motdepasse1"),
            Err(AccountError::PasswordTooSimple)
        );
        assert_eq!(
            Password::parse("MOTDEPASSE1"),
            Err(AccountError::PasswordTooSimple)
        );
        assert_eq!(
            Password::parse("Motdepasse"),
            Err(AccountError::PasswordTooSimple)
        );
        assert_eq!(
            format!("{:?}", Password::parse("Motdepasse1").unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn ten_failures_lock_for_a_while_and_thirty_for_good() {
        let mut l = Lockout::default();
        for _ in 0..9 {
            l = l.after_failure(1_000);
        }
        assert!(!l.is_locked(1_000));
        l = l.after_failure(1_000);
        assert!(l.is_locked(1_000));
        assert!(!l.is_locked(1_000 + TEMPORARY_LOCK_SECONDS));
        for _ in 10..29 {
            l = l.after_failure(5_000);
        }
        assert!(!l.permanent);
        l = l.after_failure(5_000);
        assert!(l.permanent && l.is_locked(i64::MAX));
        assert!(
            l.after_success().permanent,
            "success does not lift a permanent lock"
        );
    }

    #[test]
    fn an_attempt_counts_first_and_a_locked_account_checks_nothing() {
        let mut l = Lockout::default();
        for _ in 0..TEMPORARY_LOCK_AFTER {
            l = l.attempt(1_000).expect("not locked yet");
        }
        assert_eq!(l.failures, TEMPORARY_LOCK_AFTER);
        assert_eq!(l.attempt(1_000), None, "the tenth attempt locks");
        assert!(l.attempt(1_000 + TEMPORARY_LOCK_SECONDS).is_some());
    }

    #[test]
    fn a_success_resets_the_count() {
        let l = Lockout::default()
            .after_failure(0)
            .after_failure(0)
            .after_success();
        assert_eq!(l, Lockout::default());
    }

    proptest! {
        #[test]
        fn parsing_an_email_is_idempotent(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }
    }
}
