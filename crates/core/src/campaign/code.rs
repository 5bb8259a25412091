//! Codes people read aloud and type: the campaign code and the certification session access
//! code.
//!
//! Letters and digits come from safe sets: no vowel (so no word, rude or otherwise, can be
//! spelt), and none of the characters people confuse (0/O, 1/I/L, 5/S, 2/Z, N/M…). Drawing is
//! the caller's randomness; uniqueness is the store's business (draw, insert, draw again on a
//! conflict): this module never checks it.

use std::fmt;

use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};

/// Letters a code may contain.
pub const SAFE_LETTERS: &str = "BCDFGHJKMPQRTVWXY";

/// Digits a code may contain.
pub const SAFE_DIGITS: &str = "2346789";

/// Why a typed code is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Too short or too long.
    #[error("a code has {expected} characters, not {found}")]
    Length {
        /// Characters a code has.
        expected: usize,
        /// Characters given (after trimming).
        found: usize,
    },
    /// A character outside the safe set expected at its place.
    #[error("character {position} of the code cannot be {found:?}")]
    Character {
        /// 1-based position.
        position: usize,
        /// The character given (upper-cased).
        found: char,
    },
}

/// How many letters, then digits, a kind of code has.
#[derive(Clone, Copy)]
struct Shape {
    letters: usize,
    digits: usize,
}

impl Shape {
    fn generate(self, rng: &mut impl RngCore) -> String {
        let mut pick = |set: &str| {
            let set = set.as_bytes();
            char::from(set[rng.random_range(0..set.len())])
        };
        let mut code = String::with_capacity(self.letters + self.digits);
        code.extend((0..self.letters).map(|_| pick(SAFE_LETTERS)));
        code.extend((0..self.digits).map(|_| pick(SAFE_DIGITS)));
        code
    }

    /// Reads a typed code: any white space (a code read aloud or copied from a mail is often
    /// typed in groups, `KMPQRT 279`) is dropped, letters are upper-cased.
    fn parse(self, input: &str) -> Result<String, CodeError> {
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let expected = self.letters + self.digits;
        let found = code.chars().count();
        if found != expected {
            return Err(CodeError::Length { expected, found });
        }
        for (i, c) in code.chars().enumerate() {
            let set = if i < self.letters {
                SAFE_LETTERS
            } else {
                SAFE_DIGITS
            };
            if !set.contains(c) {
                return Err(CodeError::Character {
                    position: i + 1,
                    found: c,
                });
            }
        }
        Ok(code)
    }
}

/// A campaign's code: 6 safe letters then 3 safe digits, e.g. `KMPQRT279`. Only built by
/// [`generate`](CampaignCode::generate) or [`parse`](CampaignCode::parse), so always valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CampaignCode(String);

impl CampaignCode {
    const SHAPE: Shape = Shape {
        letters: 6,
        digits: 3,
    };

    /// A random code (the caller checks it is not taken).
    pub fn generate(rng: &mut impl RngCore) -> Self {
        CampaignCode(Self::SHAPE.generate(rng))
    }

    /// A code as a learner typed it: surrounding spaces are trimmed and letters upper-cased.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        Self::SHAPE.parse(input).map(CampaignCode)
    }

    /// The code, upper-case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A certification session's access code: 4 safe letters then 2 safe digits, e.g. `KMPQ27`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionCode(String);

impl SessionCode {
    const SHAPE: Shape = Shape {
        letters: 4,
        digits: 2,
    };

    /// A random code (the caller checks it is not taken).
    pub fn generate(rng: &mut impl RngCore) -> Self {
        SessionCode(Self::SHAPE.generate(rng))
    }

    /// A code as a candidate typed it: trimmed and upper-cased.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        Self::SHAPE.parse(input).map(SessionCode)
    }

    /// The code, upper-case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! code_conversions {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $ty {
            type Error = CodeError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                $ty::parse(&value)
            }
        }

        impl From<$ty> for String {
            fn from(code: $ty) -> String {
                code.0
            }
        }
    };
}

code_conversions!(CampaignCode);
code_conversions!(SessionCode);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn a_campaign_code_is_six_safe_letters_and_three_safe_digits() {
        let code = CampaignCode::generate(&mut ChaCha8Rng::seed_from_u64(1));
        let (letters, digits) = code.as_str().split_at(6);
        assert!(letters.chars().all(|c| SAFE_LETTERS.contains(c)), "{code}");
        assert_eq!(digits.len(), 3);
        assert!(digits.chars().all(|c| SAFE_DIGITS.contains(c)), "{code}");
    }

    #[test]
    fn a_typed_code_is_trimmed_and_upper_cased() {
        let code = CampaignCode::parse("  kmpqrt279\n").unwrap();
        assert_eq!(code.to_string(), "KMPQRT279");
    }

    #[test]
    fn a_code_typed_in_groups_is_accepted() {
        for typed in [
            "KMPQRT 279",
            " kmp qrt 2 7 9 ",
            "KMPQRT\u{a0}279",
            "KMPQRT\t279",
        ] {
            assert_eq!(
                CampaignCode::parse(typed).map(|c| c.as_str().to_owned()),
                Ok("KMPQRT279".to_owned()),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn a_code_of_the_wrong_length_is_refused() {
        assert_eq!(
            CampaignCode::parse("KMPQRT27"),
            Err(CodeError::Length {
                expected: 9,
                found: 8
            })
        );
    }

    #[test]
    fn confusable_characters_are_refused_where_they_stand() {
        // O is no safe letter, 0 no safe digit, a digit cannot stand among the letters.
        assert_eq!(
            CampaignCode::parse("KMPQRO279"),
            Err(CodeError::Character {
                position: 6,
                found: 'O'
            })
        );
        assert_eq!(
            CampaignCode::parse("KMPQRT270"),
            Err(CodeError::Character {
                position: 9,
                found: '0'
            })
        );
        assert!(CampaignCode::parse("KMPQR2279").is_err());
        assert!(CampaignCode::parse("KMPQRTÉ79").is_err());
    }

    #[test]
    fn a_session_code_is_four_letters_and_two_digits() {
        let code = SessionCode::generate(&mut ChaCha8Rng::seed_from_u64(2));
        assert_eq!(code.as_str().len(), 6);
        assert_eq!(SessionCode::parse(" bcdf23 ").unwrap().as_str(), "BCDF23");
        assert!(SessionCode::parse("BCDF2").is_err());
    }

    #[test]
    fn a_code_deserialises_only_when_valid() {
        let code: CampaignCode = serde_json::from_str("\"kmpqrt279\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"KMPQRT279\"");
        assert!(serde_json::from_str::<CampaignCode>("\"AAAAAA111\"").is_err());
    }

    proptest! {
        #[test]
        fn generated_codes_always_parse(seed in any::<u64>()) {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let code = CampaignCode::generate(&mut rng);
            prop_assert_eq!(CampaignCode::parse(code.as_str()), Ok(code.clone()));
            prop_assert_eq!(CampaignCode::parse(&code.as_str().to_lowercase()), Ok(code));
            let session = SessionCode::generate(&mut rng);
            prop_assert_eq!(SessionCode::parse(session.as_str()), Ok(session));
        }
    }
}
