//! The bundled demo framework meets the bar of a real test on every competence.
//! (Every sample answer of every challenge is run through the answer checker when it loads.)

use std::collections::{BTreeMap, BTreeSet};

use acquis_content::{LoadedContent, bundled};
use acquis_core::ChallengeStatus;

fn content() -> LoadedContent {
    bundled().unwrap_or_else(|e| panic!("bundled content has errors:\n{e}"))
}

#[test]
fn every_competence_has_four_tubes_and_uses_three_challenge_types() {
    let content = content();
    let f = &content.framework;
    for c in f.competences() {
        let tubes: Vec<_> = f.tubes_of(&c.code).collect();
        assert!(
            tubes.len() >= 4,
            "competence {} has {} tubes",
            c.code,
            tubes.len()
        );
        let kinds: BTreeSet<&str> = tubes
            .iter()
            .flat_map(|t| f.skills_of_tube(&t.id))
            .flat_map(|s| f.challenges_of(&s.id))
            .map(|ch| ch.question.kind())
            .collect();
        assert!(
            kinds.len() >= 3,
            "competence {} uses only {kinds:?}",
            c.code
        );
        assert!(
            !c.title.get("en").is_empty() && c.title.0.contains_key("en"),
            "competence {} has no English title",
            c.code
        );
        assert!(
            c.description.0.contains_key("en"),
            "competence {} has no English description",
            c.code
        );
    }
    for a in f.areas() {
        assert!(
            a.title.0.contains_key("en"),
            "area {} has no English title",
            a.code
        );
    }
}

#[test]
fn every_tube_has_levels_one_to_six_with_two_validated_challenges_each_and_a_tutorial() {
    let content = content();
    let f = &content.framework;
    for t in f.tubes() {
        let levels: BTreeSet<u8> = f.skills_of_tube(&t.id).map(|s| s.level).collect();
        assert!(
            (1..=6).all(|l| levels.contains(&l)),
            "tube {} has levels {levels:?}",
            t.id
        );
        for s in f.skills_of_tube(&t.id) {
            let validated = f
                .challenges_of(&s.id)
                .filter(|c| c.status == ChallengeStatus::Validated)
                .count();
            assert!(
                validated >= 2,
                "skill {} has {validated} validated challenges",
                s.id
            );
        }
        let tutorials = f
            .skills_of_tube(&t.id)
            .flat_map(|s| f.tutorials_of(&s.id))
            .count();
        assert!(tutorials >= 1, "tube {} has no tutorial", t.id);
    }
}

#[test]
fn difficulty_rises_with_the_level() {
    let content = content();
    let f = &content.framework;
    let mut mean_b: BTreeMap<u8, (f64, usize)> = BTreeMap::new();
    for c in f.challenges() {
        let level = f.skill(&c.skill).map(|s| s.level).unwrap_or(0);
        let e = mean_b.entry(level).or_insert((0.0, 0));
        e.0 += c.irt.b;
        e.1 += 1;
        assert!(c.irt.a > 0.0, "challenge {} has no discrimination", c.id);
    }
    let means: Vec<f64> = mean_b.values().map(|(sum, n)| sum / *n as f64).collect();
    assert!(
        means.windows(2).all(|w| w[0] < w[1]),
        "mean difficulty by level: {means:?}"
    );
}

#[test]
fn the_minimum_counts_are_met() {
    let s = content().summary();
    assert_eq!((s.areas, s.competences), (5, 16));
    assert!(s.challenges >= 700, "{} challenges", s.challenges);
    for (kind, n) in &s.challenges_by_type {
        assert!(*n > 0, "no {kind} challenge");
    }
    assert!(
        s.attachments >= 40,
        "{} challenges with an attachment",
        s.attachments
    );
    assert!(s.embed_files >= 10, "{} simulators", s.embed_files);
    assert!(s.timed >= 30, "{} timed", s.timed);
    assert!(s.focused >= 20, "{} focused", s.focused);
}
