//! Simulated answers from a known bank, to measure how well a calibration recovers the
//! parameters that generated them.
//!
//! A bank of 2PL items with known parameters answers a population of known capacities, in one
//! of two designs: everyone answers every item, or each person answers a random subset (the
//! sparse data adaptive tests produce). [`recovery`] compares estimates with the truth.

use rand::Rng;
use rand::seq::index::sample;
use rand_distr::{Distribution, LogNormal, Normal};
use serde::Serialize;

use crate::irt::ItemParams;
use crate::irt::calibration::Responses;
use crate::simulation::{person_rng, standard_normal};

/// A bank of `items` 2PL items, deterministic from `seed`: `ln a ~ N(0, 0.3²)` kept in
/// [0.3, 3], `b ~ N(0, 1)` kept in [−3, 3].
pub fn true_bank(items: usize, seed: u64) -> Vec<ItemParams> {
    let mut rng = person_rng(seed, u64::MAX);
    // Fixed, valid parameters: the constructors cannot fail.
    let a = LogNormal::new(0.0f64, 0.3).expect("valid lognormal");
    let b = Normal::new(0.0f64, 1.0).expect("valid normal");
    (0..items)
        .map(|_| {
            let ai = a.sample(&mut rng).clamp(0.3, 3.0);
            let bi = b.sample(&mut rng).clamp(-3.0, 3.0);
            ItemParams::two_pl(ai, bi)
        })
        .collect()
}

/// Who answers what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "design")]
pub enum Design {
    /// Every person answers every item.
    Full,
    /// Every person answers `per_person` items drawn at random (all of them if the bank is
    /// smaller).
    Sparse {
        /// Items per person.
        per_person: usize,
    },
}

/// The capacities of the simulated population: `N(mean, sd²)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Population {
    /// Mean capacity.
    pub mean: f64,
    /// Standard deviation of capacities.
    pub sd: f64,
}

impl Population {
    /// N(0, 1).
    pub const STANDARD: Population = Population { mean: 0.0, sd: 1.0 };
}

/// Simulated answers with the capacities that produced them.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedAnswers {
    /// The answers, person by person.
    pub responses: Responses,
    /// The true capacity of each person.
    pub thetas: Vec<f64>,
}

/// Persons needed for about `answers_per_item` answers to each of `items` items.
pub fn persons_needed(items: usize, answers_per_item: usize, design: Design) -> usize {
    match design {
        Design::Full => answers_per_item,
        Design::Sparse { per_person } => {
            let per_person = per_person.clamp(1, items.max(1));
            (items * answers_per_item).div_ceil(per_person)
        }
    }
}

/// The answers of a population to `bank` in `design`, about `answers_per_item` per item
/// (exactly that many in the full design). Person `p` draws from [`person_rng`]`(seed, p)`.
pub fn simulate_answers(
    bank: &[ItemParams],
    answers_per_item: usize,
    design: Design,
    population: Population,
    seed: u64,
) -> SimulatedAnswers {
    let persons = persons_needed(bank.len(), answers_per_item, design);
    let mut responses = Responses::new(bank.len());
    let mut thetas = Vec::with_capacity(persons);
    for p in 0..persons {
        let mut rng = person_rng(seed, p as u64);
        let theta = population.mean + population.sd * standard_normal(&mut rng);
        let items: Vec<usize> = match design {
            Design::Full => (0..bank.len()).collect(),
            Design::Sparse { per_person } => {
                let mut picked =
                    sample(&mut rng, bank.len(), per_person.min(bank.len())).into_vec();
                picked.sort_unstable();
                picked
            }
        };
        let answers: Vec<(usize, bool)> = items
            .into_iter()
            .map(|j| (j, rng.random::<f64>() < bank[j].probability(theta)))
            .collect();
        // Item numbers come from the bank itself: they are always inside it.
        if responses.push_person(answers).is_ok() {
            thetas.push(theta);
        }
    }
    SimulatedAnswers { responses, thetas }
}

/// How close estimated parameters are to the true ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recovery {
    /// Items compared.
    pub items: usize,
    /// Pearson correlation of the discriminations.
    pub correlation_a: f64,
    /// Pearson correlation of the difficulties.
    pub correlation_b: f64,
    /// Root mean square error of the discriminations.
    pub rmse_a: f64,
    /// Root mean square error of the difficulties.
    pub rmse_b: f64,
}

/// The recovery of `truth` by `estimates`, item by item (the shorter length is compared).
pub fn recovery(truth: &[ItemParams], estimates: &[ItemParams]) -> Recovery {
    let n = truth.len().min(estimates.len());
    let pick = |v: &[ItemParams], f: fn(&ItemParams) -> f64| -> Vec<f64> {
        v[..n].iter().map(f).collect()
    };
    let (ta, tb) = (pick(truth, |p| p.a), pick(truth, |p| p.b));
    let (ea, eb) = (pick(estimates, |p| p.a), pick(estimates, |p| p.b));
    Recovery {
        items: n,
        correlation_a: correlation(&ta, &ea),
        correlation_b: correlation(&tb, &eb),
        rmse_a: rmse(&ta, &ea),
        rmse_b: rmse(&tb, &eb),
    }
}

/// Pearson correlation (0 when either side is constant or empty).
pub fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n == 0 {
        return 0.0;
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x[..n].iter().zip(&y[..n]) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Root mean square difference (0 when empty).
pub fn rmse(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n == 0 {
        return 0.0;
    }
    let sq: f64 = x[..n]
        .iter()
        .zip(&y[..n])
        .map(|(a, b)| (a - b).powi(2))
        .sum();
    (sq / n as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_design_gives_every_item_the_asked_number_of_answers() {
        let bank = true_bank(10, 1);
        let sim = simulate_answers(&bank, 50, Design::Full, Population::STANDARD, 2);
        assert_eq!(sim.responses.persons(), 50);
        assert!(sim.responses.counts().iter().all(|&(n, _)| n == 50));
    }

    #[test]
    fn the_sparse_design_spreads_answers_over_the_items() {
        let bank = true_bank(40, 1);
        let design = Design::Sparse { per_person: 10 };
        let sim = simulate_answers(&bank, 100, design, Population::STANDARD, 2);
        assert_eq!(sim.responses.persons(), 400);
        assert_eq!(sim.responses.len(), 4000);
        let counts = sim.responses.counts();
        assert!(
            counts.iter().all(|&(n, _)| (50..=150).contains(&n)),
            "{counts:?}"
        );
    }

    #[test]
    fn a_simulation_is_replayable_and_the_perfect_estimate_recovers_everything() {
        let bank = true_bank(20, 3);
        let one = simulate_answers(&bank, 30, Design::Full, Population::STANDARD, 4);
        assert_eq!(
            one,
            simulate_answers(&bank, 30, Design::Full, Population::STANDARD, 4)
        );
        let r = recovery(&bank, &bank);
        assert!(
            (r.correlation_a - 1.0).abs() < 1e-12 && r.rmse_b == 0.0,
            "{r:?}"
        );
    }
}
