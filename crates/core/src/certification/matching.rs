//! How a candidate who types a session number, names and birth date is matched with an
//! enrolment: names compared without case, accents, spaces or punctuation
//! ([`name_key`]), the birth date exactly.

use crate::campaign::reconciliation::{BirthDate, name_key};

/// An enrolled candidate as matching sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enrolled<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Birth name.
    pub birth_name: &'a str,
    /// Birth date.
    pub birthdate: BirthDate,
    /// Whether an account is already linked to the enrolment.
    pub linked: bool,
}

/// What a typed identity finds among a session's candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// This enrolment (index), free or already linked to the same account: link it.
    Candidate(usize),
    /// The only matches are linked to other accounts.
    LinkedElsewhere,
    /// Nobody matches.
    Nobody,
}

/// Finds the enrolment `first_name`, `birth_name`, `birthdate` designates. `mine` says whether
/// an enrolment's link is to the account asking (it may come back to its own enrolment).
pub fn find(
    first_name: &str,
    birth_name: &str,
    birthdate: BirthDate,
    enrolled: &[Enrolled<'_>],
    mine: impl Fn(usize) -> bool,
) -> Found {
    let (first, birth) = (name_key(first_name), name_key(birth_name));
    if first.is_empty() || birth.is_empty() {
        return Found::Nobody;
    }
    let mut taken = false;
    for (i, e) in enrolled.iter().enumerate() {
        if e.birthdate == birthdate
            && name_key(e.first_name) == first
            && name_key(e.birth_name) == birth
        {
            if !e.linked || mine(i) {
                return Found::Candidate(i);
            }
            taken = true;
        }
    }
    if taken {
        Found::LinkedElsewhere
    } else {
        Found::Nobody
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> BirthDate {
        BirthDate::parse(s).expect("a date")
    }

    #[test]
    fn names_match_without_case_accents_or_punctuation() {
        let list = [
            Enrolled {
                first_name: "Zoé",
                birth_name: "Le Gall-Morin",
                birthdate: date("2001-05-04"),
                linked: true,
            },
            Enrolled {
                first_name: "Noël",
                birth_name: "D'Arc",
                birthdate: date("1999-12-31"),
                linked: false,
            },
        ];
        let none = |_| false;
        assert_eq!(
            find("noel", "darc", date("31/12/1999"), &list, none),
            Found::Candidate(1)
        );
        assert_eq!(
            find("ZOE", "le gall morin", date("2001-05-04"), &list, none),
            Found::LinkedElsewhere
        );
        assert_eq!(
            find("zoe", "legallmorin", date("2001-05-04"), &list, |i| i == 0),
            Found::Candidate(0)
        );
        assert_eq!(
            find("Noël", "D'Arc", date("1999-12-30"), &list, none),
            Found::Nobody
        );
        assert_eq!(find("", "", date("1999-12-31"), &list, none), Found::Nobody);
    }
}
