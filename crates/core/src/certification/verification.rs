//! The verification code of a certificate: `P-` and 8 distinct characters from the safe
//! letters and digits, printed on the certificate and typed by whoever checks it.
//!
//! Drawing uses the caller's randomness; uniqueness is the store's (a unique index, drawn
//! again on a conflict).

use std::fmt;

use rand::RngCore;
use rand::seq::IndexedRandom;

use crate::campaign::{SAFE_DIGITS, SAFE_LETTERS};

/// The code's prefix.
pub const PREFIX: &str = "P-";

/// Characters after the prefix.
pub const LENGTH: usize = 8;

/// A certificate's verification code, drawn or typed with the right shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerificationCode(String);

fn alphabet() -> Vec<char> {
    SAFE_LETTERS.chars().chain(SAFE_DIGITS.chars()).collect()
}

impl VerificationCode {
    /// Draws a code of [`LENGTH`] distinct safe characters.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        let set = alphabet();
        let picked: String = set.choose_multiple(rng, LENGTH).copied().collect();
        VerificationCode(format!("{PREFIX}{picked}"))
    }

    /// Reads a typed code: white space and dashes dropped, letters upper-cased, the `P-`
    /// prefix optional. `None` unless it has the shape of a code (so a lookup never runs on
    /// anything else).
    pub fn parse(typed: &str) -> Option<Self> {
        if typed.len() > 64 {
            return None;
        }
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase();
        let body = match compact.strip_prefix('P') {
            Some(rest) if rest.chars().count() == LENGTH => rest,
            _ if compact.chars().count() == LENGTH => compact.as_str(),
            _ => return None,
        };
        let set = alphabet();
        let chars: Vec<char> = body.chars().collect();
        let shaped = chars.iter().all(|c| set.contains(c))
            && chars
                .iter()
                .enumerate()
                .all(|(i, c)| !chars[..i].contains(c));
        shaped.then(|| VerificationCode(format!("{PREFIX}{body}")))
    }

    /// The code, `P-` included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn drawn_codes_have_the_prefix_and_8_distinct_safe_characters() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for _ in 0..2_000 {
            let code = VerificationCode::generate(&mut rng);
            assert_eq!(code.as_str().len(), 10);
            assert!(code.as_str().starts_with("P-"));
            assert_eq!(VerificationCode::parse(code.as_str()), Some(code.clone()));
            let lower = code.as_str().to_lowercase();
            assert_eq!(VerificationCode::parse(&lower), Some(code.clone()));
            assert_eq!(VerificationCode::parse(&code.as_str()[2..]), Some(code));
        }
    }

    #[test]
    fn typed_codes_of_the_wrong_shape_are_refused() {
        assert!(VerificationCode::parse(" p-bcdf 2346 ").is_some());
        for bad in [
            "",
            "P-",
            "P-BCDF23",
            "P-BCDF23467",
            "P-BBDF2346",
            "P-ACDF2346",
            "P-BCDF2345",
            "P-BCDF234\0",
            &"P".repeat(1_000),
        ] {
            assert_eq!(VerificationCode::parse(bad), None, "{bad:?}");
        }
    }
}
