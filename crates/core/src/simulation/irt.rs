//! Simulated examinees taking IRT tests, and the accuracy statistics of a run.

use rand::Rng;
use serde::Serialize;

use crate::irt::{CapacityEstimator, Estimate, IrtConfig, ItemBank, Selection, TestState};

/// One simulated test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamineeResult {
    /// The true ability.
    pub theta: f64,
    /// The final estimate.
    pub estimate: Estimate,
    /// The items asked (bank positions), in order.
    pub items: Vec<usize>,
}

/// Runs one examinee of true ability `theta` through a test of `length` items: the engine
/// selects, the examinee answers right with the item's probability at `theta`.
pub fn simulate_examinee(
    bank: &ItemBank,
    config: &IrtConfig,
    length: usize,
    theta: f64,
    rng: &mut impl Rng,
) -> ExamineeResult {
    let selection = Selection::new(bank, &config.selection);
    let mut state = TestState::new(bank);
    let mut estimator = CapacityEstimator::new(config);
    for _ in 0..length {
        let capacity = estimator.estimate().capacity;
        let Some(next) = selection.choose(&state, capacity, rng) else {
            break;
        };
        let params = &bank.items()[next.item].params;
        let correct = rng.random::<f64>() < params.probability(theta);
        estimator.record(params, correct);
        state.record(bank, next.item);
    }
    ExamineeResult {
        theta,
        estimate: estimator.estimate(),
        items: state.history().to_vec(),
    }
}

/// How well a run measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Accuracy {
    /// Examinees.
    pub examinees: usize,
    /// Root mean square of `estimate − theta`.
    pub rmse: f64,
    /// Mean of `estimate − theta`.
    pub bias: f64,
    /// Mean reported error.
    pub mean_error: f64,
    /// Highest share of examinees who saw the same item.
    pub max_exposure: f64,
}

/// The accuracy of a run on a bank of `bank_size` items.
pub fn accuracy(results: &[ExamineeResult], bank_size: usize) -> Accuracy {
    let n = results.len().max(1) as f64;
    let mut exposure = vec![0u32; bank_size];
    let (mut sq, mut sum, mut err) = (0.0, 0.0, 0.0);
    for r in results {
        let d = r.estimate.capacity - r.theta;
        sq += d * d;
        sum += d;
        err += r.estimate.error;
        for &i in &r.items {
            if let Some(e) = exposure.get_mut(i) {
                *e += 1;
            }
        }
    }
    Accuracy {
        examinees: results.len(),
        rmse: (sq / n).sqrt(),
        bias: sum / n,
        mean_error: err / n,
        max_exposure: f64::from(exposure.iter().copied().max().unwrap_or(0)) / n,
    }
}

#[cfg(test)]
mod tests {
    use rand_distr::{Distribution, LogNormal, Normal};

    use super::*;
    use crate::irt::ItemParams;
    use crate::simulation::person_rng;

    fn bank(n: usize, seed: u64) -> ItemBank {
        let mut rng = person_rng(seed, 0);
        let a = LogNormal::new(0.0, 0.25).unwrap();
        let b = Normal::new(0.0, 1.2).unwrap();
        ItemBank::ungrouped((0..n).map(|i| {
            (
                format!("i{i}"),
                ItemParams::two_pl(a.sample(&mut rng), b.sample(&mut rng)),
            )
        }))
    }

    fn run(config: &IrtConfig, bank: &ItemBank, n: u64) -> Vec<ExamineeResult> {
        (0..n)
            .map(|k| {
                let mut rng = person_rng(11, k);
                let theta = Normal::new(0.0, 1.0).unwrap().sample(&mut rng);
                simulate_examinee(bank, config, 30, theta, &mut rng)
            })
            .collect()
    }

    #[test]
    fn thirty_items_measure_within_half_a_point() {
        let config = IrtConfig {
            initial_capacity: 0.0,
            ..IrtConfig::certification()
        };
        let bank = bank(300, 1);
        let results = run(&config, &bank, 300);
        let acc = accuracy(&results, bank.len());
        assert!(acc.rmse < 0.5, "{acc:?}");
        assert!(acc.bias.abs() < 0.15, "{acc:?}");
        assert!(acc.max_exposure <= 1.0 && acc.max_exposure > 0.0);
        assert!(results.iter().all(|r| r.items.len() == 30));
    }

    #[test]
    fn a_run_is_replayable() {
        let config = IrtConfig::certification();
        let bank = bank(100, 2);
        assert_eq!(run(&config, &bank, 20), run(&config, &bank, 20));
    }

    #[test]
    fn randomised_selection_spreads_exposure() {
        let bank = bank(300, 3);
        let top5 = IrtConfig {
            initial_capacity: 0.0,
            ..IrtConfig::certification()
        };
        let mut max_info = top5.clone();
        max_info.selection.top = 1;
        let e5 = accuracy(&run(&top5, &bank, 200), 300).max_exposure;
        let e1 = accuracy(&run(&max_info, &bank, 200), 300).max_exposure;
        assert!(e1 == 1.0 && e5 < e1, "{e1} {e5}");
    }
}
