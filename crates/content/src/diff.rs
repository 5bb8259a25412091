//! What a content release changes against another (the live one): competences, tubes,
//! skills, challenges and tutorials added, removed, or changed with the names of the fields
//! that differ (`status`, `instruction`, `irt`…). Pure: two frameworks in, a diff out.
//!
//! Items are compared by id, field by field through their serialised form (the form a
//! release is stored in), so a field added to a core type is diffed without a line here.

use acquis_core::Framework;
use serde::Serialize;
use serde_json::Value;

/// What changes for one kind of item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindDiff {
    /// Ids only in the new framework, in its order.
    pub added: Vec<String>,
    /// Ids only in the old framework, in its order.
    pub removed: Vec<String>,
    /// Items in both whose fields differ, in the new framework's order.
    pub changed: Vec<Changed>,
}

impl KindDiff {
    /// Nothing added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An item in both frameworks whose fields differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// Its id (a competence's code).
    pub id: String,
    /// The names of the fields that differ, as in the content format's types (`instruction`,
    /// `status`, `question`, `irt`…), sorted.
    pub fields: Vec<String>,
}

/// Everything a framework changes against another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrameworkDiff {
    /// The framework's own fields that differ (`name`, `version`, `max_reachable_level`,
    /// `areas`).
    pub framework: Vec<String>,
    /// Competences, by code.
    pub competences: KindDiff,
    /// Tubes, by id.
    pub tubes: KindDiff,
    /// Skills, by id.
    pub skills: KindDiff,
    /// Challenges, by id.
    pub challenges: KindDiff,
    /// Tutorials, by id.
    pub tutorials: KindDiff,
}

impl FrameworkDiff {
    /// What `new` changes against `old`.
    pub fn between(old: &Framework, new: &Framework) -> FrameworkDiff {
        let (o, n) = (old.data(), new.data());
        let mut framework = Vec::new();
        if o.name != n.name {
            framework.push("name".to_owned());
        }
        if o.version != n.version {
            framework.push("version".to_owned());
        }
        if o.max_reachable_level != n.max_reachable_level {
            framework.push("max_reachable_level".to_owned());
        }
        if o.areas != n.areas {
            framework.push("areas".to_owned());
        }
        FrameworkDiff {
            framework,
            competences: kind(&o.competences, &n.competences, |c| &c.code),
            tubes: kind(&o.tubes, &n.tubes, |t| &t.id),
            skills: kind(&o.skills, &n.skills, |s| &s.id),
            challenges: kind(&o.challenges, &n.challenges, |c| &c.id),
            tutorials: kind(&o.tutorials, &n.tutorials, |t| &t.id),
        }
    }

    /// The two frameworks hold the same things.
    pub fn is_empty(&self) -> bool {
        self.framework.is_empty()
            && self.competences.is_empty()
            && self.tubes.is_empty()
            && self.skills.is_empty()
            && self.challenges.is_empty()
            && self.tutorials.is_empty()
    }
}

fn kind<T: Serialize + PartialEq>(old: &[T], new: &[T], id: impl Fn(&T) -> &String) -> KindDiff {
    let old_by_id: std::collections::HashMap<&String, &T> =
        old.iter().map(|t| (id(t), t)).collect();
    let new_ids: std::collections::HashSet<&String> = new.iter().map(&id).collect();
    let mut diff = KindDiff::default();
    for item in new {
        match old_by_id.get(id(item)) {
            None => diff.added.push(id(item).clone()),
            Some(before) if *before != item => diff.changed.push(Changed {
                id: id(item).clone(),
                fields: changed_fields(*before, item),
            }),
            Some(_) => {}
        }
    }
    diff.removed = old
        .iter()
        .filter(|t| !new_ids.contains(id(t)))
        .map(|t| id(t).clone())
        .collect();
    diff
}

/// The names of the top-level fields whose serialised values differ.
fn changed_fields<T: Serialize>(old: &T, new: &T) -> Vec<String> {
    let (Ok(Value::Object(o)), Ok(Value::Object(n))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return vec!["value".to_owned()];
    };
    let mut fields: Vec<String> = o
        .keys()
        .chain(n.keys())
        .filter(|k| o.get(*k) != n.get(*k))
        .cloned()
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

#[cfg(test)]
mod tests {
    use acquis_core::{ChallengeStatus, FrameworkData};
    use proptest::prelude::*;

    use super::*;

    fn starter() -> Framework {
        crate::starter().unwrap().framework
    }

    fn rebuilt(data: FrameworkData) -> Framework {
        Framework::new(data).unwrap()
    }

    #[test]
    fn a_changed_challenge_names_its_changed_fields() {
        let old = starter();
        let mut data = old.data().clone();
        data.challenges[0].status = ChallengeStatus::Archived;
        data.challenges[0].instruction.push_str(" Précisez.");
        let id = data.challenges[0].id.clone();
        let diff = FrameworkDiff::between(&old, &rebuilt(data));
        assert_eq!(
            diff.challenges.changed,
            vec![Changed {
                id,
                fields: vec!["instruction".into(), "status".into()]
            }]
        );
        assert!(diff.challenges.added.is_empty() && diff.challenges.removed.is_empty());
        assert!(diff.skills.is_empty() && diff.tubes.is_empty() && diff.competences.is_empty());
    }

    #[test]
    fn added_and_removed_items_are_listed_by_id() {
        let old = starter();
        let mut data = old.data().clone();
        let removed = data.challenges.remove(0);
        let mut added = removed.clone();
        added.id = "nouvelle-epreuve".into();
        data.challenges.push(added);
        data.version = "2".into();
        let diff = FrameworkDiff::between(&old, &rebuilt(data));
        assert_eq!(diff.challenges.added, vec!["nouvelle-epreuve".to_owned()]);
        assert_eq!(diff.challenges.removed, vec![removed.id]);
        assert_eq!(diff.framework, vec!["version".to_owned()]);
        assert!(!diff.is_empty());
    }

    proptest! {
        #[test]
        fn a_framework_against_itself_changes_nothing_and_one_edit_is_found(
            pick in 0usize..1000,
            text in "\\PC{0,40}",
        ) {
            let old = starter();
            prop_assert!(FrameworkDiff::between(&old, &old.clone()).is_empty());
            let mut data = old.data().clone();
            let index = pick % data.challenges.len();
            let unchanged = data.challenges[index].explanation == text;
            data.challenges[index].explanation = text;
            let id = data.challenges[index].id.clone();
            let diff = FrameworkDiff::between(&old, &rebuilt(data));
            if unchanged {
                prop_assert!(diff.is_empty());
            } else {
                prop_assert_eq!(diff.challenges.changed, vec![Changed {
                    id,
                    fields: vec!["explanation".into()],
                }]);
            }
        }
    }
}
