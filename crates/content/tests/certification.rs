//! The bundled content as a certification bank: accessible challenges on every competence, and
//! whole certification tests simulated on it.

use std::collections::{BTreeMap, BTreeSet};

use acquis_content::{LoadedContent, bundled};
use acquis_core::Framework;
use acquis_core::irt::ItemBank;

fn content() -> LoadedContent {
    bundled().unwrap_or_else(|e| panic!("bundled content has errors:\n{e}"))
}

/// The competence code of a challenge.
fn competence_of(f: &Framework, challenge_id: &str) -> String {
    let challenge = f
        .challenge(challenge_id)
        .unwrap_or_else(|| panic!("unknown challenge {challenge_id}"));
    let skill = f
        .skill(&challenge.skill)
        .unwrap_or_else(|| panic!("unknown skill {}", challenge.skill));
    skill.competence.clone()
}

#[test]
fn every_competence_has_accessible_servable_challenges_with_irt_parameters() {
    let content = content();
    let f = &content.framework;
    let mut per_competence: BTreeMap<String, usize> = BTreeMap::new();
    for c in f.challenges() {
        if !(c.accessible && c.is_servable() && c.serves_locale("fr")) {
            continue;
        }
        assert!(
            c.irt.a > 0.0 && c.irt.a.is_finite() && c.irt.b.is_finite(),
            "accessible challenge {} has no usable IRT parameters",
            c.id
        );
        assert!(
            c.embed.is_none() && c.attachments.is_empty() && c.timer.is_none(),
            "accessible challenge {} depends on a simulator, a file or a timer",
            c.id
        );
        *per_competence.entry(competence_of(f, &c.id)).or_insert(0) += 1;
    }
    assert_eq!(per_competence.len(), 16, "{per_competence:?}");
    for (code, n) in &per_competence {
        assert!(
            *n >= 10,
            "competence {code} has only {n} accessible challenges"
        );
    }
    assert_eq!(
        content.summary().accessible,
        f.challenges().iter().filter(|c| c.accessible).count()
    );
}

#[test]
fn the_accessible_bank_only_holds_accessible_challenges_and_spans_every_competence() {
    let content = content();
    let f = &content.framework;
    let all = ItemBank::from_framework(f, "fr");
    let accessible = ItemBank::accessible_from_framework(f, "fr");
    assert!(!accessible.is_empty() && accessible.len() < all.len());
    for item in accessible.items() {
        let c = f
            .challenge(&item.id)
            .unwrap_or_else(|| panic!("unknown challenge {}", item.id));
        assert!(c.accessible, "{} is not accessible", c.id);
    }
    let competences: BTreeSet<String> = accessible
        .items()
        .iter()
        .map(|i| competence_of(f, &i.id))
        .collect();
    assert_eq!(competences.len(), 16);
    assert_eq!(accessible.competence_count(), 16);
    let same = ItemBank::from_framework_where(f, "fr", |_| true);
    assert_eq!(same, all);
}
