use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

/// The estimates after each answer, recomputed from scratch by brute force: at step k the
/// posterior is the product of the k answers' probabilities (one `exp` per point, no scaling,
/// no recurrence) times the Gaussian centred on the previous estimate, summed over the grid.
fn brute_force(config: &IrtConfig, answers: &[(ItemParams, bool)]) -> Vec<Estimate> {
    let grid: Vec<f64> = (0..=80)
        .map(|j| -9.0 + 18.0 * f64::from(j) / 80.0)
        .collect();
    let mut centre = config.initial_capacity;
    let mut out = Vec::new();
    for k in 1..=answers.len() {
        let weights: Vec<f64> = grid
            .iter()
            .map(|&t| {
                let likelihood: f64 = answers[..k]
                    .iter()
                    .map(|(item, ok)| {
                        let p = 1.0 / (1.0 + (item.a * (item.b - t)).exp());
                        if *ok { p } else { 1.0 - p }
                    })
                    .product();
                likelihood * (-(t - centre).powi(2) / (2.0 * 1.5)).exp()
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let mean = weights.iter().zip(&grid).map(|(w, t)| w * t).sum::<f64>() / total;
        let capacity = match config.variation_percent {
            Some(v) => {
                let gap = if centre.abs() < v {
                    v
                } else {
                    (centre * v).abs()
                };
                mean.max(centre - gap).min(centre + gap)
            }
            None => mean,
        };
        let variance = weights
            .iter()
            .zip(&grid)
            .map(|(w, t)| w * (t - capacity).powi(2))
            .sum::<f64>()
            / total;
        let error = (variance - (9.0f64 / 80.0).powi(2) / 12.0).max(0.0).sqrt();
        out.push(Estimate { capacity, error });
        centre = capacity;
    }
    out
}

fn run(config: &IrtConfig, answers: &[(ItemParams, bool)]) -> Vec<Estimate> {
    let mut estimator = CapacityEstimator::new(config);
    answers
        .iter()
        .map(|(item, ok)| estimator.record(item, *ok))
        .collect()
}

fn assert_close(got: &[Estimate], want: &[Estimate]) {
    assert_eq!(got.len(), want.len());
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g.capacity - w.capacity).abs() < 1e-9 && (g.error - w.error).abs() < 1e-9,
            "step {k}: {g:?} vs {w:?}"
        );
    }
}

#[test]
fn with_no_answer_the_estimate_is_the_initial_capacity_with_error_five() {
    let config = IrtConfig::certification();
    let e = CapacityEstimator::new(&config).estimate();
    assert_eq!(
        e,
        Estimate {
            capacity: -3.0,
            error: 5.0
        }
    );
}

#[test]
fn the_grid_has_81_points_from_minus_9_to_9() {
    let config = IrtConfig::certification();
    assert_eq!(config.grid_point(0), -9.0);
    assert!((config.grid_point(1) - config.grid_point(0) - 0.225).abs() < 1e-12);
    assert!((config.grid_point(80) - 9.0).abs() < 1e-12);
}

#[test]
fn one_right_answer_matches_the_brute_force_posterior_mean() {
    let config = IrtConfig::certification();
    let answers = [(ItemParams::two_pl(1.2, -1.0), true)];
    assert_close(&run(&config, &answers), &brute_force(&config, &answers));
    assert!(
        run(&config, &answers)[0].capacity > -3.0,
        "a right answer raises the estimate"
    );
}

#[test]
fn a_long_test_finds_the_true_capacity() {
    let config = IrtConfig {
        initial_capacity: 0.0,
        ..IrtConfig::certification()
    };
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let theta = 1.3;
    let answers: Vec<(ItemParams, bool)> = (0..400)
        .map(|_| {
            let item = ItemParams::two_pl(rng.random_range(0.8..2.0), rng.random_range(-1.0..3.0));
            let ok = rng.random::<f64>() < item.probability(theta);
            (item, ok)
        })
        .collect();
    let last = *run(&config, &answers).last().unwrap();
    assert!((last.capacity - theta).abs() < 0.3, "{last:?}");
    assert!(last.error < 0.2, "{last:?}");
}

#[test]
fn the_variation_limit_caps_each_move() {
    let config = IrtConfig {
        variation_percent: Some(0.5),
        ..IrtConfig::certification()
    };
    let answers: Vec<(ItemParams, bool)> = (0..6)
        .map(|_| (ItemParams::two_pl(2.0, 3.0), true))
        .collect();
    let got = run(&config, &answers);
    assert_close(&got, &brute_force(&config, &answers));
    // From −3 a move is at most |−3·0.5| = 1.5.
    assert!((got[0].capacity - (-1.5)).abs() < 1e-12, "{:?}", got[0]);
}

fn arb_answers() -> impl Strategy<Value = Vec<(ItemParams, bool)>> {
    prop::collection::vec(
        ((0.2f64..4.0), (-5.0f64..5.0), any::<bool>())
            .prop_map(|(a, b, ok)| (ItemParams::two_pl(a, b), ok)),
        1..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_estimate_matches_brute_force_integration(
        answers in arb_answers(),
        initial in -4.0f64..2.0,
        variation in prop::option::of(0.1f64..1.5),
    ) {
        let config = IrtConfig {
            initial_capacity: initial,
            variation_percent: variation,
            ..IrtConfig::certification()
        };
        let got = run(&config, &answers);
        let want = brute_force(&config, &answers);
        for (g, w) in got.iter().zip(&want) {
            prop_assert!((g.capacity - w.capacity).abs() < 1e-9, "{:?} {:?}", g, w);
            prop_assert!((g.error - w.error).abs() < 1e-9, "{:?} {:?}", g, w);
        }
    }
}
