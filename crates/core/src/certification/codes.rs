//! The invigilator password of a session: 6 distinct characters from a set without the
//! characters people confuse, shown once to the centre and stored hashed.
//!
//! The session's access code is [`crate::campaign::code::SessionCode`] (4 safe letters and 2
//! safe digits). Drawing uses the caller's randomness.

use rand::RngCore;
use rand::seq::IndexedRandom;

/// Characters an invigilator password may contain.
pub const PASSWORD_CHARACTERS: &str = "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?";

/// Characters in an invigilator password.
pub const PASSWORD_LENGTH: usize = 6;

/// A freshly drawn invigilator password, or one typed by an invigilator that has the right
/// shape. Only built by [`generate`](InvigilatorPassword::generate) or
/// [`parse`](InvigilatorPassword::parse).
#[derive(Clone, PartialEq, Eq)]
pub struct InvigilatorPassword(String);

impl std::fmt::Debug for InvigilatorPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InvigilatorPassword(…)")
    }
}

impl InvigilatorPassword {
    /// Draws 6 distinct characters of [`PASSWORD_CHARACTERS`].
    pub fn generate(rng: &mut impl RngCore) -> Self {
        let set: Vec<char> = PASSWORD_CHARACTERS.chars().collect();
        let picked: String = set.choose_multiple(rng, PASSWORD_LENGTH).copied().collect();
        InvigilatorPassword(picked)
    }

    /// Reads a typed password (surrounding spaces dropped, case kept): `None` unless it has
    /// the shape of a password, so a wrong shape never reaches the hash check.
    pub fn parse(typed: &str) -> Option<Self> {
        let typed = typed.trim();
        let chars: Vec<char> = typed.chars().collect();
        let shaped = chars.len() == PASSWORD_LENGTH
            && chars.iter().all(|c| PASSWORD_CHARACTERS.contains(*c))
            && chars
                .iter()
                .enumerate()
                .all(|(i, c)| !chars[..i].contains(c));
        shaped.then(|| InvigilatorPassword(typed.to_string()))
    }

    /// The password, to show once or to hash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn drawn_passwords_have_six_distinct_safe_characters_and_parse_back() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2_000 {
            let p = InvigilatorPassword::generate(&mut rng);
            assert_eq!(InvigilatorPassword::parse(p.as_str()), Some(p.clone()));
        }
    }

    #[test]
    fn typed_passwords_of_the_wrong_shape_are_refused() {
        assert!(InvigilatorPassword::parse(" bcd23! ").is_some());
        for bad in [
            "bcd23", "bcd23!x", "bbd23!", "bcd03!", "bcd2l!", "", "bcd23\0",
        ] {
            assert_eq!(InvigilatorPassword::parse(bad), None, "{bad:?}");
        }
    }
}
