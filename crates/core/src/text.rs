//! Text normalisation for answer checking: NFC, non-breaking spaces, and the T1/T2 tolerances.
//!
//! Every function here is idempotent (`f(f(x)) == f(x)`), which the property tests check: an
//! accepted value and an answer go through the same functions and must compare equal whatever
//! their original spelling.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC-normalises `s` and replaces every non-breaking or narrow space by a plain space.
pub fn canonical(s: &str) -> String {
    s.nfc()
        .map(|c| match c {
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => ' ',
            _ => c,
        })
        .collect()
}

/// T1: trims, lower-cases, strips accents and removes all white space.
pub fn t1(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) || c.is_whitespace() {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    // Lower-casing can produce combining marks (e.g. 'İ'); strip them too so T1 stays idempotent.
    out.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
}

/// T2: removes every character outside `[a-z0-9 ]` and collapses runs of spaces.
pub fn t2(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == ' ')
        .collect();
    kept.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a number the way people write it: `3,5`, `3.5`, `1 000`, `-2`.
pub fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = canonical(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn canonical_replaces_non_breaking_spaces_and_composes() {
        assert_eq!(canonical("a\u{00A0}b\u{202F}c"), "a b c");
        assert_eq!(canonical("e\u{0301}"), "é");
    }

    #[test]
    fn t1_trims_lowercases_strips_accents_and_spaces() {
        assert_eq!(t1("  Élève  Modèle "), "elevemodele");
        assert_eq!(t1("Cœur"), "coeur");
        assert_eq!(t1("ÇA VA"), "cava");
    }

    #[test]
    fn t2_keeps_only_lowercase_letters_digits_and_single_spaces() {
        assert_eq!(t2("l'été,  2024 !"), "lt 2024");
        assert_eq!(t2("a   b"), "a b");
        assert_eq!(t2("a.b-c"), "abc");
    }

    #[test]
    fn numbers_are_read_with_comma_dot_and_thousands_spaces() {
        assert_eq!(parse_number("3,5"), Some(3.5));
        assert_eq!(parse_number(" 1 000 "), Some(1000.0));
        assert_eq!(parse_number("1\u{202F}000,25"), Some(1000.25));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("douze"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1e400"), None);
    }

    proptest! {
        #[test]
        fn canonical_is_idempotent(s in "\\PC*") {
            let once = canonical(&s);
            prop_assert_eq!(canonical(&once), once);
        }

        #[test]
        fn t1_is_idempotent(s in "\\PC*") {
            let once = t1(&canonical(&s));
            prop_assert_eq!(t1(&once), once);
        }

        #[test]
        fn t2_is_idempotent(s in "\\PC*") {
            let once = t2(&s);
            prop_assert_eq!(t2(&once), once);
        }

        #[test]
        fn t1_then_t2_is_idempotent(s in "\\PC*") {
            let once = t2(&t1(&canonical(&s)));
            prop_assert_eq!(t2(&t1(&canonical(&once))), once);
        }
    }
}
