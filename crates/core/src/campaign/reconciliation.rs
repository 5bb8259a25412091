//! Reconciliation: which learner of an organisation an account is when it joins a campaign.
//!
//! Every participation belongs to one organisation learner, so the follow-up and the analysis
//! can group participants by division, group and imported attributes. The rules:
//!
//! - an account already linked to a learner of the organisation is that learner;
//! - an organisation without an imported list gets a learner made from the account's names;
//! - an organisation with an imported list asks for a first name, last name and birth date,
//!   compared without case, accents, spaces or punctuation against its learners: the first free
//!   one that matches is linked to the account; one already linked to another account is
//!   refused;
//! - a school (SCO) with a list requires a match: nobody outside the list takes part; a
//!   university or an employer (SUP, PRO) lets an account that gives no identity take part
//!   under its own names (an identity that is given must match, so typos are caught).
//!
//! This module decides; it never reads or writes learners.

use crate::text::{t1, t2};

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganizationKind {
    /// A school.
    Sco,
    /// Higher education.
    Sup,
    /// An employer.
    Pro,
}

crate::campaign::settings::stored_names!(OrganizationKind, "organization kind", {
    Sco => "SCO",
    Sup => "SUP",
    Pro => "PRO",
});

impl OrganizationKind {
    /// The stored name (`SCO`, `SUP`, `PRO`), parsed strictly.
    pub fn parse(name: &str) -> Option<OrganizationKind> {
        name.parse().ok()
    }
}

/// What a joining account must give, for an organisation it is not yet a learner of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// No imported list: a learner is made from the account's names, nothing is asked.
    FromAccount,
    /// An identity matching an imported learner is required.
    MatchRequired,
    /// An identity is asked; without one, a learner is made from the account's names.
    MatchOptional,
}

/// What an organisation of `kind` asks a joining account, given whether it imported learners.
pub fn requirement(kind: OrganizationKind, has_imported_list: bool) -> Requirement {
    match (has_imported_list, kind) {
        (false, _) => Requirement::FromAccount,
        (true, OrganizationKind::Sco) => Requirement::MatchRequired,
        (true, OrganizationKind::Sup | OrganizationKind::Pro) => Requirement::MatchOptional,
    }
}

/// A calendar date, checked (`YYYY-MM-DD` when written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BirthDate {
    year: u16,
    month: u8,
    day: u8,
}

impl BirthDate {
    /// A date typed as `AAAA-MM-JJ` (what date fields send) or `JJ/MM/AAAA`, between 1900 and
    /// 2100; `None` otherwise.
    pub fn parse(raw: &str) -> Option<BirthDate> {
        let raw = raw.trim();
        let parts: Vec<&str> = if raw.contains('/') {
            raw.split('/').rev().collect()
        } else {
            raw.split('-').collect()
        };
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        let (year, month, day) = (digits(y, 4..=4)?, digits(m, 1..=2)?, digits(d, 1..=2)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2100).contains(&year) && (1..=days).contains(&day)).then_some(BirthDate {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The ISO form, as learners are stored.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Which part of an identity is missing or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityField {
    /// The first name is empty.
    #[error("the first name is missing")]
    FirstName,
    /// The last name is empty.
    #[error("the last name is missing")]
    LastName,
    /// The birth date is missing or not a date.
    #[error("the birth date is missing or not a date")]
    Birthdate,
}

/// Who a joining account says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    first_name: String,
    last_name: String,
    birthdate: BirthDate,
}

impl Identity {
    /// An identity from what was typed, or every field that is wrong.
    pub fn parse(
        first_name: &str,
        last_name: &str,
        birthdate: &str,
    ) -> Result<Self, Vec<IdentityField>> {
        let mut wrong = Vec::new();
        if name_key(first_name).is_empty() {
            wrong.push(IdentityField::FirstName);
        }
        if name_key(last_name).is_empty() {
            wrong.push(IdentityField::LastName);
        }
        let date = BirthDate::parse(birthdate);
        if date.is_none() {
            wrong.push(IdentityField::Birthdate);
        }
        match date {
            Some(birthdate) if wrong.is_empty() => Ok(Identity {
                first_name: first_name.trim().to_string(),
                last_name: last_name.trim().to_string(),
                birthdate,
            }),
            _ => Err(wrong),
        }
    }

    /// The birth date.
    pub fn birthdate(&self) -> BirthDate {
        self.birthdate
    }

    /// Whether a learner with these names and stored birth date is this person.
    pub fn matches(&self, first_name: &str, last_name: &str, birthdate: Option<&str>) -> bool {
        birthdate.and_then(BirthDate::parse) == Some(self.birthdate)
            && name_key(first_name) == name_key(&self.first_name)
            && name_key(last_name) == name_key(&self.last_name)
    }
}

/// A name as it is compared: lower case, without accents, spaces, hyphens or apostrophes
/// (`Jean-Noël` and `jean noel` are the same).
pub fn name_key(name: &str) -> String {
    t2(&t1(name))
}

/// An imported learner, as reconciliation sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// Stored birth date (ISO).
    pub birthdate: Option<&'a str>,
    /// Whether an account is already linked to it.
    pub linked: bool,
}

/// What an identity finds among an organisation's learners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The free learner at this index: link it.
    Free(usize),
    /// Only learners already linked to another account match.
    Taken,
    /// Nobody matches.
    None,
}

/// The learner `identity` designates among `candidates` (the first free match wins).
pub fn find(identity: &Identity, candidates: &[Candidate<'_>]) -> Match {
    let mut taken = false;
    for (i, c) in candidates.iter().enumerate() {
        if identity.matches(c.first_name, c.last_name, c.birthdate) {
            if !c.linked {
                return Match::Free(i);
            }
            taken = true;
        }
    }
    if taken { Match::Taken } else { Match::None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lea() -> Identity {
        Identity::parse("  léa ", "DURAND-PETIT", "14/03/2009").unwrap()
    }

    #[test]
    fn names_match_whatever_the_case_accents_and_hyphens() {
        assert!(lea().matches("Léa", "Durand Petit", Some("2009-03-14")));
        assert!(lea().matches("LEA", "durand-petit", Some("2009-03-14")));
        assert!(!lea().matches("Léa", "Durand", Some("2009-03-14")));
        assert!(!lea().matches("Léa", "Durand-Petit", Some("2009-03-15")));
        assert!(!lea().matches("Léa", "Durand-Petit", None));
    }

    #[test]
    fn birth_dates_are_read_in_both_formats_and_checked() {
        assert_eq!(
            BirthDate::parse("2009-03-14")
                .map(BirthDate::iso)
                .as_deref(),
            Some("2009-03-14")
        );
        assert_eq!(
            BirthDate::parse("4/3/2009").map(BirthDate::iso).as_deref(),
            Some("2009-03-04")
        );
        assert_eq!(
            BirthDate::parse("2008-02-29")
                .map(BirthDate::iso)
                .as_deref(),
            Some("2008-02-29")
        );
        for bad in [
            "2009-02-29",
            "2009-13-01",
            "31/04/2009",
            "1850-01-01",
            "hier",
            "",
            "2009-3",
        ] {
            assert_eq!(BirthDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_wrong_field_of_an_identity_is_reported() {
        assert_eq!(
            Identity::parse(" ", "-", "30/02/2009"),
            Err(vec![
                IdentityField::FirstName,
                IdentityField::LastName,
                IdentityField::Birthdate
            ])
        );
    }

    #[test]
    fn the_first_free_match_wins_and_a_linked_one_is_taken() {
        let candidate = |first, linked| Candidate {
            first_name: first,
            last_name: "Durand-Petit",
            birthdate: Some("2009-03-14"),
            linked,
        };
        assert_eq!(
            find(&lea(), &[candidate("Tom", false), candidate("Lea", true)]),
            Match::Taken
        );
        assert_eq!(
            find(&lea(), &[candidate("Lea", true), candidate("Léa", false)]),
            Match::Free(1)
        );
        assert_eq!(find(&lea(), &[candidate("Tom", false)]), Match::None);
    }

    #[test]
    fn only_schools_with_a_list_require_a_match() {
        use OrganizationKind::*;
        assert_eq!(requirement(Sco, false), Requirement::FromAccount);
        assert_eq!(requirement(Sco, true), Requirement::MatchRequired);
        assert_eq!(requirement(Sup, true), Requirement::MatchOptional);
        assert_eq!(requirement(Pro, false), Requirement::FromAccount);
    }
}
