use proptest::prelude::*;

use super::*;
use crate::simulation::calibration::{Design, Population, recovery, simulate_answers, true_bank};

fn estimated(fit: &CalibrationFit) -> Vec<ItemParams> {
    fit.items.iter().map(ItemEstimate::params).collect()
}

#[test]
fn five_hundred_answers_per_item_recover_difficulty_and_discrimination() {
    let bank = true_bank(40, 7);
    let sim = simulate_answers(&bank, 500, Design::Full, Population::STANDARD, 8);
    let starts = vec![ItemStart::Estimate; bank.len()];
    let fit = calibrate(&sim.responses, &starts, &CalibrationOptions::default()).unwrap();
    let r = recovery(&bank, &estimated(&fit));
    assert!(fit.converged, "{fit:?}");
    assert!(r.correlation_b >= 0.95, "{r:?}");
    assert!(r.correlation_a >= 0.85, "{r:?}");
    assert!(r.rmse_b < 0.25 && r.rmse_a < 0.25, "{r:?}");
    for item in &fit.items {
        assert_eq!(item.role, ItemRole::Estimated);
        assert_eq!(item.answers, 500);
        let (se_a, se_b) = (item.se_a.unwrap(), item.se_b.unwrap());
        assert!(
            se_a > 0.0 && se_a < 0.5 && se_b > 0.0 && se_b < 1.0,
            "{item:?}"
        );
        assert!(item.rmsd < 0.1, "{item:?}");
    }
}

#[test]
fn sparse_answers_recover_the_bank_too() {
    let bank = true_bank(60, 11);
    let design = Design::Sparse { per_person: 15 };
    let sim = simulate_answers(&bank, 500, design, Population::STANDARD, 12);
    let starts = vec![ItemStart::Estimate; bank.len()];
    let fit = calibrate(&sim.responses, &starts, &CalibrationOptions::default()).unwrap();
    let r = recovery(&bank, &estimated(&fit));
    assert!(r.correlation_b >= 0.95 && r.correlation_a >= 0.85, "{r:?}");
}

#[test]
fn anchors_keep_their_parameters_exactly() {
    let bank = true_bank(20, 3);
    let sim = simulate_answers(&bank, 200, Design::Full, Population::STANDARD, 4);
    let starts: Vec<ItemStart> = bank
        .iter()
        .enumerate()
        .map(|(j, p)| {
            if j % 3 == 0 {
                ItemStart::Anchor { a: p.a, b: p.b }
            } else {
                ItemStart::Estimate
            }
        })
        .collect();
    let options = CalibrationOptions {
        latent: LatentDistribution::Linked,
        ..CalibrationOptions::default()
    };
    let fit = calibrate(&sim.responses, &starts, &options).unwrap();
    for (j, item) in fit.items.iter().enumerate() {
        if j % 3 == 0 {
            assert_eq!((item.a, item.b), (bank[j].a, bank[j].b));
            assert_eq!(item.role, ItemRole::Anchor);
            assert_eq!((item.se_a, item.se_b), (None, None));
        } else {
            assert_eq!(item.role, ItemRole::Estimated);
        }
    }
}

#[test]
fn half_the_items_anchored_link_a_shifted_population_to_their_scale() {
    let bank = true_bank(40, 21);
    let population = Population { mean: 0.5, sd: 1.2 };
    let sim = simulate_answers(&bank, 1000, Design::Full, population, 22);
    let starts: Vec<ItemStart> = bank
        .iter()
        .enumerate()
        .map(|(j, p)| {
            if j % 2 == 0 {
                ItemStart::Anchor { a: p.a, b: p.b }
            } else {
                ItemStart::Estimate
            }
        })
        .collect();
    let linked = CalibrationOptions {
        latent: LatentDistribution::Linked,
        ..CalibrationOptions::default()
    };
    let fit = calibrate(&sim.responses, &starts, &linked).unwrap();
    assert!(fit.converged, "{fit:?}");
    assert!((fit.latent_mean - 0.5).abs() < 0.1, "{fit:?}");
    assert!((fit.latent_sd - 1.2).abs() < 0.1, "{fit:?}");
    let free: Vec<usize> = (1..bank.len()).step_by(2).collect();
    let bias = free
        .iter()
        .map(|&j| fit.items[j].b - bank[j].b)
        .sum::<f64>()
        / free.len() as f64;
    assert!(bias.abs() < 0.1, "mean difficulty error {bias}");
    // Unlinked, the same data put the population at N(0, 1): the free difficulties shift.
    let all_free = vec![ItemStart::Estimate; bank.len()];
    let unlinked = calibrate(&sim.responses, &all_free, &CalibrationOptions::default()).unwrap();
    let shift = free
        .iter()
        .map(|&j| unlinked.items[j].b - bank[j].b)
        .sum::<f64>()
        / free.len() as f64;
    assert!(shift < -0.25, "unlinked mean difficulty error {shift}");
}

#[test]
fn a_calibration_is_deterministic() {
    let bank = true_bank(10, 5);
    let sim = simulate_answers(&bank, 100, Design::Full, Population::STANDARD, 6);
    let starts = vec![ItemStart::Estimate; bank.len()];
    let options = CalibrationOptions::default();
    assert_eq!(
        calibrate(&sim.responses, &starts, &options),
        calibrate(&sim.responses, &starts, &options)
    );
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let mut responses = Responses::new(3);
    assert_eq!(
        responses.push_person([(0, true), (3, false)]),
        Err(CalibrationError::UnknownItem { item: 3, items: 3 })
    );
    assert!(responses.is_empty() && responses.persons() == 0);
    responses.push_person([(0, true), (2, false)]).unwrap();
    responses.push_person([]).unwrap();
    assert_eq!(responses.persons(), 1);
    assert_eq!(
        responses.person(0).collect::<Vec<_>>(),
        [(0, true), (2, false)]
    );
    let options = CalibrationOptions::default();
    assert_eq!(
        calibrate(&responses, &[ItemStart::Estimate], &options),
        Err(CalibrationError::ItemCountMismatch {
            given: 1,
            expected: 3
        })
    );
    let linked = CalibrationOptions {
        latent: LatentDistribution::Linked,
        ..options
    };
    assert_eq!(
        calibrate(&responses, &[ItemStart::Estimate; 3], &linked),
        Err(CalibrationError::NoAnchorToLink)
    );
    let anchors = [
        ItemStart::Anchor { a: -1.0, b: 0.0 },
        ItemStart::Estimate,
        ItemStart::Estimate,
    ];
    assert_eq!(
        calibrate(&responses, &anchors, &options),
        Err(CalibrationError::InvalidAnchor(0))
    );
    let few_nodes = CalibrationOptions {
        quadrature_points: 2,
        ..options
    };
    assert!(matches!(
        calibrate(&responses, &[ItemStart::Estimate; 3], &few_nodes),
        Err(CalibrationError::InvalidOptions(_))
    ));
}

#[test]
fn no_answer_at_all_leaves_free_items_at_their_start() {
    let responses = Responses::new(2);
    let fit = calibrate(
        &responses,
        &[ItemStart::Estimate, ItemStart::Anchor { a: 1.5, b: 0.2 }],
        &CalibrationOptions::default(),
    )
    .unwrap();
    assert!(fit.items.iter().all(|i| i.a.is_finite() && i.b.is_finite()));
    assert_eq!(fit.items[0].answers, 0);
    assert_eq!(fit.log_likelihood, 0.0);
}

/// Random sparse answers: up to 12 items, up to 40 persons, each item possibly answered right
/// (or wrong) by everyone.
/// Items, each person's answers `(item, right)`, and what is forced on each item.
type SparseAnswers = (usize, Vec<Vec<(usize, bool)>>, Vec<u8>);

fn sparse_answers() -> impl Strategy<Value = SparseAnswers> {
    (1usize..12).prop_flat_map(|items| {
        let person = prop::collection::vec((0..items, any::<bool>()), 0..items + 1);
        (
            Just(items),
            prop::collection::vec(person, 0..40),
            // 0: as drawn, 1: everyone right, 2: everyone wrong.
            prop::collection::vec(0u8..3, items),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn estimates_are_finite_for_any_sparse_answers(
        (items, persons, forced) in sparse_answers(),
        anchor_first in any::<bool>(),
    ) {
        let mut responses = Responses::new(items);
        for person in persons {
            let answers = person.into_iter().map(|(j, c)| match forced[j] {
                1 => (j, true),
                2 => (j, false),
                _ => (j, c),
            });
            responses.push_person(answers).unwrap();
        }
        let mut starts = vec![ItemStart::Estimate; items];
        let mut options = CalibrationOptions { max_iterations: 100, ..Default::default() };
        if anchor_first {
            starts[0] = ItemStart::Anchor { a: 1.0, b: 0.0 };
            options.latent = LatentDistribution::Linked;
        }
        let fit = calibrate(&responses, &starts, &options).unwrap();
        prop_assert!(fit.latent_mean.is_finite() && fit.latent_sd.is_finite() && fit.latent_sd > 0.0);
        prop_assert!(fit.log_likelihood.is_finite());
        for item in &fit.items {
            prop_assert!(item.a.is_finite() && item.a > 0.0 && item.b.is_finite(), "{:?}", item);
            prop_assert!(item.rmsd.is_finite());
            if let (Some(se_a), Some(se_b)) = (item.se_a, item.se_b) {
                prop_assert!(se_a.is_finite() && se_b.is_finite(), "{:?}", item);
            }
        }
    }
}
