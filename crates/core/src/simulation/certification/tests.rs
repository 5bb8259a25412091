use super::*;
use crate::irt::{ExposureParameters, SympsonHetterSettings};

fn bank() -> ItemBank {
    synthetic_bank(BankShape::CERTIFICATION, 1)
}

#[test]
fn the_synthetic_bank_has_the_certification_shape_and_is_deterministic() {
    let b = bank();
    assert_eq!(b.len(), 600);
    assert_eq!(b.competence_count(), 16);
    assert_eq!(b.tube_count(), 160);
    assert_eq!(b, bank());
    assert_ne!(b, synthetic_bank(BankShape::CERTIFICATION, 2));
    let a: Vec<f64> = b.items().iter().map(|i| i.params.a).collect();
    let mean_a = a.iter().sum::<f64>() / a.len() as f64;
    assert!((1.1..1.4).contains(&mean_a), "{mean_a}");
    let (lo, hi) = b.items().iter().fold((f64::MAX, f64::MIN), |(lo, hi), i| {
        (lo.min(i.params.b), hi.max(i.params.b))
    });
    assert!(lo < -2.5 && hi > 2.5, "{lo} {hi}");
}

#[test]
fn the_fixed_form_follows_the_tube_and_competence_rules() {
    let b = bank();
    let config = IrtConfig::certification();
    let form = fixed_form(&b, &config, 0.0);
    assert_eq!(form.len(), 32);
    let mut tubes: Vec<u32> = form.iter().map(|&i| b.items()[i].tube).collect();
    tubes.sort_unstable();
    tubes.dedup();
    assert_eq!(tubes.len(), 32, "one item per tube");
    let mut first: Vec<u32> = form[..16]
        .iter()
        .map(|&i| b.items()[i].competence)
        .collect();
    first.sort_unstable();
    assert_eq!(
        first,
        (0..16).collect::<Vec<u32>>(),
        "every competence first"
    );
    assert_eq!(form, fixed_form(&b, &config, 0.0));
}

#[test]
fn a_run_is_replayable_and_scored_by_the_certification_rules() {
    let b = bank();
    let config = IrtConfig::certification();
    let design = TestDesign::Adaptive(Selection::new(&b, &config.selection));
    let first = run(&b, &config, &design, 20, 4);
    assert_eq!(first, run(&b, &config, &design, 20, 4));
    for o in &first {
        assert!(o.scored && o.items.len() == 32);
        assert_eq!(o.score, config.score(o.capacity));
        assert_eq!(o.band, config.score.band(o.score));
        assert_eq!(o.true_band, config.score.band(config.score(o.theta)));
    }
    let given = simulate_candidate(&b, &config, &design, 4, 0, Some(2.0));
    assert_eq!(given.theta, 2.0);
    assert_eq!(first[0].theta, run(&b, &config, &design, 1, 4)[0].theta);
}

#[test]
fn a_bank_too_small_to_score_is_reported_unscored() {
    let b = synthetic_bank(
        BankShape {
            items: 10,
            competences: 2,
            tubes: 5,
        },
        3,
    );
    let config = IrtConfig::certification();
    let design = TestDesign::Adaptive(Selection::new(&b, &config.selection));
    let outcomes = run(&b, &config, &design, 5, 1);
    let acc = summarize(&outcomes, b.len(), 0.3);
    assert_eq!(acc.unscored, 5);
    assert!(outcomes.iter().all(|o| o.items.len() == 10));
}

/// The exposure-controlled settings with a calibration small enough for a debug-build test:
/// fewer candidates, so a lower target to keep the same margin against sampling noise.
fn quick_v4() -> IrtConfig {
    let mut config = IrtConfig::certification_exposure_controlled();
    config.selection.exposure = ExposureControl::SympsonHetter(SympsonHetterSettings {
        max_exposure: 0.30,
        target: 0.22,
        candidates: 400,
        rounds: 10,
        seed: 2026,
    });
    config
}

#[test]
fn exposure_control_keeps_every_item_under_30_percent_and_the_top_5_walk_does_not() {
    let b = bank();
    let v3 = IrtConfig::certification();
    let walk = summarize(
        &run(
            &b,
            &v3,
            &TestDesign::Adaptive(Selection::new(&b, &v3.selection)),
            300,
            9,
        ),
        b.len(),
        0.30,
    );
    assert!(walk.max_exposure > 0.5 && walk.over_limit > 0, "{walk:?}");

    let v4 = quick_v4();
    let calibration = ExposureParameters::calibrate(&b, &v4);
    assert_eq!(calibration.rounds.len(), 10);
    assert_eq!(
        calibration.rounds[0].max_exposure, 1.0,
        "max information first"
    );
    let selection = Selection::with_exposure(&b, &v4.selection, &calibration.parameters);
    let controlled = summarize(
        &run(&b, &v4, &TestDesign::Adaptive(selection), 300, 9),
        b.len(),
        0.30,
    );
    assert!(controlled.max_exposure <= 0.30, "{controlled:?}");
    assert_eq!(controlled.over_limit, 0);
    assert!(controlled.rmse <= 0.30, "{controlled:?}");
    assert!(controlled.band_within_one > 0.95, "{controlled:?}");
    assert!(
        controlled.unused_items < walk.unused_items,
        "{controlled:?} {walk:?}"
    );
}

#[test]
fn the_calibration_is_deterministic() {
    let b = synthetic_bank(
        BankShape {
            items: 200,
            competences: 4,
            tubes: 10,
        },
        5,
    );
    let mut v4 = quick_v4();
    v4.test_length = 12;
    v4.min_answers = 8;
    if let ExposureControl::SympsonHetter(s) = &mut v4.selection.exposure {
        s.candidates = 100;
        s.rounds = 4;
    }
    let c = ExposureParameters::calibrate(&b, &v4);
    assert_eq!(c, ExposureParameters::calibrate(&b, &v4));
    assert!(c.parameters.values().iter().any(|&k| k < 1.0));
    assert!(
        c.rounds
            .windows(2)
            .any(|w| w[1].max_exposure < w[0].max_exposure)
    );
}
