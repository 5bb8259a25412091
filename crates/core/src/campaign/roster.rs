//! The organisation's list of learners, imported from a file again and again: which imported
//! row is which stored learner, so importing the same file twice creates nobody twice.
//!
//! The rules:
//!
//! - a row is the learner with the same national student id (INE, student number) when it
//!   gives one; otherwise — or when no learner has that id yet — the imported learner with the
//!   same names and birth date (compared like reconciliation does: without case, accents,
//!   spaces or punctuation) who has no other national id;
//! - a matched learner whose fields all read the same is unchanged, else it is updated;
//! - a learner made from an account when someone joined a campaign before the list existed
//!   (so it has no birth date) is the row with the same names, when exactly one such learner
//!   and one such row exist: that learner becomes the imported one, keeping its account and
//!   participations — or, when the row also matches an imported learner no account took yet,
//!   the imported learner takes over that account and its participations. Either way the
//!   participant's division and group reach the follow-up and the analysis;
//! - any other row is a new learner.
//!
//! Each row has a [`match_key`] that the store keeps unique per organisation, so two imports
//! running at once cannot both create the same person. This module decides; it never reads or
//! writes learners.

use std::collections::HashMap;

use crate::campaign::reconciliation::name_key;

/// A learner as a file (or the edit form) gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterEntry {
    /// National student id, if the file has one.
    pub national_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date, ISO.
    pub birthdate: Option<String>,
    /// Division (class).
    pub division: Option<String>,
    /// Group.
    pub group: Option<String>,
    /// Extra columns, as a JSON object.
    pub attributes: String,
}

/// How a stored learner came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// From an imported list (or the edit form).
    Imported,
    /// From an account's names, when it joined a campaign.
    Joined,
}

/// A stored learner, as matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLearner {
    /// What it holds.
    pub entry: RosterEntry,
    /// How it came to be.
    pub source: Source,
    /// Whether an account is linked to it.
    pub linked: bool,
}

/// What becomes of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A new learner.
    Create,
    /// The stored learner at this index, rewritten with the row when `changed`; when
    /// `absorbs` names a learner made from an account, its account and participations move
    /// to this one and it goes.
    Existing {
        /// Index among the stored learners.
        index: usize,
        /// Whether any field differs (or a merge happens).
        changed: bool,
        /// The learner made from an account that this one takes over.
        absorbs: Option<usize>,
    },
}

/// How many rows created, updated and left unchanged a learner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// New learners.
    pub created: usize,
    /// Learners rewritten or merged.
    pub updated: usize,
    /// Learners that already read the same.
    pub unchanged: usize,
}

impl ImportCounts {
    /// The counts of `decisions`.
    pub fn of(decisions: &[Decision]) -> Self {
        let mut counts = ImportCounts::default();
        for d in decisions {
            match d {
                Decision::Create => counts.created += 1,
                Decision::Existing { changed: true, .. } => counts.updated += 1,
                Decision::Existing { changed: false, .. } => counts.unchanged += 1,
            }
        }
        counts
    }
}

/// A national id as compared and stored: upper case, without spaces.
pub fn national_id_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn names_key(entry: &RosterEntry) -> String {
    format!(
        "{}|{}",
        name_key(&entry.last_name),
        name_key(&entry.first_name)
    )
}

fn identity_key(entry: &RosterEntry) -> String {
    format!(
        "{}|{}",
        names_key(entry),
        entry.birthdate.as_deref().unwrap_or_default()
    )
}

/// The key that identifies a learner of the organisation, unique among its imported learners:
/// the national id when there is one, else the names and birth date.
pub fn match_key(entry: &RosterEntry) -> String {
    match entry
        .national_id
        .as_deref()
        .map(national_id_key)
        .filter(|k| !k.is_empty())
    {
        Some(id) => format!("ine:{id}"),
        None => format!("nom:{}", identity_key(entry)),
    }
}

/// The rows that repeat an earlier row's key: (row, earlier row), by row.
pub fn duplicates(entries: &[RosterEntry]) -> Vec<(usize, usize)> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut repeated = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match first.get(&match_key(e)) {
            Some(&j) => repeated.push((i, j)),
            None => {
                first.insert(match_key(e), i);
            }
        }
    }
    repeated
}

fn same(a: &RosterEntry, b: &RosterEntry) -> bool {
    let id = |e: &RosterEntry| e.national_id.as_deref().map(national_id_key);
    id(a) == id(b)
        && a.first_name == b.first_name
        && a.last_name == b.last_name
        && a.birthdate == b.birthdate
        && a.division == b.division
        && a.group == b.group
        && a.attributes == b.attributes
}

/// What becomes of each row of `rows` (keys assumed unique: see [`duplicates`]), given the
/// organisation's `stored` learners.
pub fn plan(rows: &[RosterEntry], stored: &[StoredLearner]) -> Vec<Decision> {
    let imported = |l: &StoredLearner| l.source == Source::Imported;
    let mut by_national_id: HashMap<String, usize> = HashMap::new();
    let mut by_identity: HashMap<String, Vec<usize>> = HashMap::new();
    let mut joined_by_names: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in stored.iter().enumerate() {
        if imported(l) {
            if let Some(id) = l.entry.national_id.as_deref().map(national_id_key) {
                by_national_id.entry(id).or_insert(i);
            }
            by_identity
                .entry(identity_key(&l.entry))
                .or_default()
                .push(i);
        } else if l.linked {
            joined_by_names
                .entry(names_key(&l.entry))
                .or_default()
                .push(i);
        }
    }
    let mut rows_by_names: HashMap<String, usize> = HashMap::new();
    for r in rows {
        *rows_by_names.entry(names_key(r)).or_default() += 1;
    }
    let mut claimed = vec![false; stored.len()];
    rows.iter()
        .map(|row| {
            let row_id = row.national_id.as_deref().map(national_id_key);
            let by_id = row_id
                .as_ref()
                .and_then(|id| by_national_id.get(id).copied())
                .filter(|&i| !claimed[i]);
            let by_identity = || {
                by_identity
                    .get(&identity_key(row))
                    .into_iter()
                    .flatten()
                    .copied()
                    .find(|&i| {
                        let other_id = stored[i].entry.national_id.as_deref();
                        !claimed[i]
                            && (row_id.is_none()
                                || other_id.is_none()
                                || other_id.map(national_id_key) == row_id)
                    })
            };
            let names = names_key(row);
            let joined = joined_by_names
                .get(&names)
                .filter(|j| j.len() == 1 && rows_by_names.get(&names) == Some(&1))
                .map(|j| j[0])
                .filter(|&j| !claimed[j]);
            let decision = match by_id.or_else(by_identity) {
                Some(index) => {
                    let absorbs = joined.filter(|_| !stored[index].linked);
                    Decision::Existing {
                        index,
                        changed: absorbs.is_some() || !same(row, &stored[index].entry),
                        absorbs,
                    }
                }
                None => match joined {
                    Some(index) => Decision::Existing {
                        index,
                        changed: true,
                        absorbs: None,
                    },
                    None => Decision::Create,
                },
            };
            if let Decision::Existing { index, absorbs, .. } = decision {
                claimed[index] = true;
                if let Some(j) = absorbs {
                    claimed[j] = true;
                }
            }
            decision
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(first: &str, last: &str, birthdate: Option<&str>) -> RosterEntry {
        RosterEntry {
            national_id: None,
            first_name: first.into(),
            last_name: last.into(),
            birthdate: birthdate.map(str::to_string),
            division: Some("3e A".into()),
            group: None,
            attributes: "{}".into(),
        }
    }

    fn with_id(mut e: RosterEntry, id: &str) -> RosterEntry {
        e.national_id = Some(id.into());
        e
    }

    fn stored(entry: RosterEntry) -> StoredLearner {
        StoredLearner {
            entry,
            source: Source::Imported,
            linked: false,
        }
    }

    fn joined(first: &str, last: &str) -> StoredLearner {
        StoredLearner {
            entry: RosterEntry {
                division: None,
                ..entry(first, last, None)
            },
            source: Source::Joined,
            linked: true,
        }
    }

    #[test]
    fn the_same_file_twice_leaves_everyone_unchanged() {
        let rows = vec![
            entry("Léa", "Durand", Some("2009-03-14")),
            with_id(entry("Tom", "Petit", None), "123456789AB"),
        ];
        let first = plan(&rows, &[]);
        assert_eq!(ImportCounts::of(&first).created, 2);
        let now: Vec<StoredLearner> = rows.iter().cloned().map(stored).collect();
        let again = plan(&rows, &now);
        assert_eq!(
            ImportCounts::of(&again),
            ImportCounts {
                created: 0,
                updated: 0,
                unchanged: 2
            }
        );
    }

    #[test]
    fn a_national_id_finds_the_learner_whatever_their_names_became() {
        let now = vec![stored(with_id(
            entry("Lea", "Durand", Some("2009-03-14")),
            "123 456 789ab",
        ))];
        let row = with_id(
            entry("Léa", "Durand-Petit", Some("2009-03-14")),
            "123456789AB",
        );
        assert_eq!(
            plan(&[row], &now),
            [Decision::Existing {
                index: 0,
                changed: true,
                absorbs: None
            }]
        );
    }

    #[test]
    fn without_a_national_id_names_and_birth_date_decide_and_a_new_class_is_an_update() {
        let now = vec![stored(entry("Léa", "Durand", Some("2009-03-14")))];
        let mut moved = entry("LEA", "durand", Some("2009-03-14"));
        moved.division = Some("4e B".into());
        assert_eq!(
            ImportCounts::of(&plan(&[moved], &now)),
            ImportCounts {
                created: 0,
                updated: 1,
                unchanged: 0
            }
        );
        let other_birthday = entry("Léa", "Durand", Some("2010-01-01"));
        assert_eq!(plan(&[other_birthday], &now), [Decision::Create]);
    }

    #[test]
    fn a_learner_with_another_national_id_is_someone_else() {
        let now = vec![stored(with_id(
            entry("Léa", "Durand", Some("2009-03-14")),
            "AAA",
        ))];
        let twin = with_id(entry("Léa", "Durand", Some("2009-03-14")), "BBB");
        assert_eq!(plan(&[twin], &now), [Decision::Create]);
        let first_time_with_id = vec![stored(entry("Léa", "Durand", Some("2009-03-14")))];
        let row = with_id(entry("Léa", "Durand", Some("2009-03-14")), "AAA");
        assert!(matches!(
            plan(&[row], &first_time_with_id)[0],
            Decision::Existing {
                index: 0,
                changed: true,
                ..
            }
        ));
    }

    #[test]
    fn a_learner_made_when_joining_becomes_the_imported_one() {
        let now = vec![joined("Lea", "DURAND")];
        let rows = [entry("Léa", "Durand", Some("2009-03-14"))];
        assert_eq!(
            plan(&rows, &now),
            [Decision::Existing {
                index: 0,
                changed: true,
                absorbs: None
            }]
        );
    }

    #[test]
    fn an_imported_learner_nobody_took_absorbs_the_one_made_when_joining() {
        let now = vec![
            stored(entry("Léa", "Durand", Some("2009-03-14"))),
            joined("Léa", "Durand"),
        ];
        let rows = [entry("Léa", "Durand", Some("2009-03-14"))];
        assert_eq!(
            plan(&rows, &now),
            [Decision::Existing {
                index: 0,
                changed: true,
                absorbs: Some(1)
            }]
        );
    }

    #[test]
    fn an_ambiguous_name_merges_nobody() {
        let now = vec![joined("Léa", "Durand")];
        let rows = [
            entry("Léa", "Durand", Some("2009-03-14")),
            entry("Léa", "Durand", Some("2010-05-02")),
        ];
        assert_eq!(plan(&rows, &now), [Decision::Create, Decision::Create]);
        let two_accounts = vec![joined("Léa", "Durand"), joined("Lea", "Durand")];
        assert_eq!(
            plan(&rows[..1], &two_accounts),
            [Decision::Create],
            "two accounts with these names: which one is unknown"
        );
    }

    #[test]
    fn a_repeated_row_is_reported_with_the_first_one() {
        let rows = [
            entry("Léa", "Durand", Some("2009-03-14")),
            entry("Tom", "Petit", None),
            entry("lea", "DURAND", Some("2009-03-14")),
            with_id(entry("A", "B", None), "x1"),
            with_id(entry("C", "D", None), "X 1"),
        ];
        assert_eq!(duplicates(&rows), [(2, 0), (4, 3)]);
    }

    #[test]
    fn the_match_key_is_the_national_id_else_the_identity() {
        assert_eq!(
            match_key(&with_id(entry("Léa", "Durand", None), " ab 12 ")),
            "ine:AB12"
        );
        assert_eq!(
            match_key(&entry("Léa", "Du-rand", Some("2009-03-14"))),
            "nom:durand|lea|2009-03-14"
        );
    }
}
