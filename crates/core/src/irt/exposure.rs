//! Sympson–Hetter exposure parameters: for each item of a bank, the probability `K_i` that it
//! is administered when selection considers it.
//!
//! Exposure control by randomising among the best items (the v3-2024 top-5 walk) bounds
//! nothing: an item that is the most informative over a wide range of capacities is still seen
//! by most candidates. Sympson–Hetter bounds the exposure rate itself, `P(administered) =
//! K_i · P(considered)`, with parameters fitted to the bank by simulation:
//!
//! 1. every `K_i` starts at 1;
//! 2. a calibration population (abilities drawn from N(0, 1), seeded by the settings) takes
//!    the test with the current parameters, which gives each item's exposure rate `e_i`;
//! 3. an item above the target gets `K_i ← K_i · (target / e_i)²`, the others keep theirs;
//! 4. steps 2–3 repeat for the configured number of rounds; the parameters kept are those of
//!    the round with the lowest maximum exposure (the latest on a tie).
//!
//! Because a rejection only holds for the current choice (selection stays a function of the
//! answered items, the capacity and the generator), an item may be considered several times
//! in one test, so its exposure grows less than in proportion to `K_i` and the
//! `target / P(considered)` formula of the original method would leave it above the target:
//! the iteration works on the measured exposure instead, with a squared ratio that converges
//! in a few rounds (parameters only go down, so the iteration cannot oscillate). The same
//! population is used at every round (common random numbers), so the steps follow the
//! parameters and not the sampling noise; the target sits under the bound to absorb the
//! difference between the calibration population and the real one. Everything is
//! deterministic: the same bank and settings always give the same parameters, so a result can
//! be recomputed from its settings version.

use rand::Rng;
use serde::Serialize;

use crate::irt::config::{ExposureControl, IrtConfig, SympsonHetterSettings};
use crate::irt::estimate::CapacityEstimator;
use crate::irt::model::ItemBank;
use crate::irt::selection::{Selection, TestState};
use crate::simulation::{person_rng, standard_normal};

/// The administration probability of each item of one bank (bank positions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExposureParameters {
    k: Vec<f64>,
}

/// One calibration round: the exposure the parameters of that round gave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalibrationRound {
    /// Highest exposure rate of an item.
    pub max_exposure: f64,
    /// Items above the calibration target.
    pub over_target: usize,
}

/// The parameters a calibration kept, with the history of its rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// The parameters to select with.
    pub parameters: ExposureParameters,
    /// Each round, in order.
    pub rounds: Vec<CalibrationRound>,
    /// The round whose parameters were kept, if any round ran.
    pub kept: Option<usize>,
}

impl ExposureParameters {
    /// Every item administered whenever it is considered (no exposure control).
    pub fn ones(items: usize) -> Self {
        ExposureParameters {
            k: vec![1.0; items],
        }
    }

    /// Parameters from values, one per bank position; each is clamped to [0, 1] and a value
    /// that is not a number counts as 1.
    pub fn new(values: Vec<f64>) -> Self {
        let k = values
            .into_iter()
            .map(|v| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) })
            .collect();
        ExposureParameters { k }
    }

    /// `K_i` of bank position `item` (1 for a position the parameters do not cover).
    pub fn get(&self, item: usize) -> f64 {
        self.k.get(item).copied().unwrap_or(1.0)
    }

    /// The values, by bank position.
    pub fn values(&self) -> &[f64] {
        &self.k
    }

    /// The parameters of `config` on `bank`: calibrated by iterated simulation (see the module
    /// documentation) for Sympson–Hetter, all 1 for any other exposure control.
    pub fn calibrate(bank: &ItemBank, config: &IrtConfig) -> Calibration {
        let ExposureControl::SympsonHetter(settings) = &config.selection.exposure else {
            return Calibration {
                parameters: ExposureParameters::ones(bank.len()),
                rounds: Vec::new(),
                kept: None,
            };
        };
        let mut current = ExposureParameters::ones(bank.len());
        let mut best: Option<(f64, ExposureParameters, usize)> = None;
        let mut rounds = Vec::with_capacity(settings.rounds);
        for round in 0..settings.rounds {
            let rates = exposure_rates(bank, config, &current, settings);
            let max_exposure = rates.iter().copied().fold(0.0, f64::max);
            rounds.push(CalibrationRound {
                max_exposure,
                over_target: rates.iter().filter(|&&e| e > settings.target).count(),
            });
            if best.as_ref().is_none_or(|(m, _, _)| max_exposure <= *m) {
                best = Some((max_exposure, current.clone(), round));
            }
            current = adjusted(&current, &rates, settings.target);
        }
        let (parameters, kept) = match best {
            Some((_, p, round)) => (p, Some(round)),
            None => (current, None),
        };
        Calibration {
            parameters,
            rounds,
            kept,
        }
    }
}

/// One step: an item above the target gets `K_i ← K_i · (target / e_i)²`; the others keep
/// their parameter.
fn adjusted(current: &ExposureParameters, rates: &[f64], target: f64) -> ExposureParameters {
    let k = current
        .k
        .iter()
        .zip(rates)
        .map(|(&k, &e)| {
            if e > target {
                k * (target / e).powi(2)
            } else {
                k
            }
        })
        .collect();
    ExposureParameters { k }
}

/// The share of the calibration population that is administered each item.
fn exposure_rates(
    bank: &ItemBank,
    config: &IrtConfig,
    parameters: &ExposureParameters,
    settings: &SympsonHetterSettings,
) -> Vec<f64> {
    let selection = Selection::with_exposure(bank, &config.selection, parameters);
    let mut seen = vec![0u32; bank.len()];
    for person in 0..settings.candidates {
        let mut rng = person_rng(settings.seed, person as u64);
        let theta = standard_normal(&mut rng);
        let mut state = TestState::new(bank);
        let mut estimator = CapacityEstimator::new(config);
        for _ in 0..config.test_length {
            let capacity = estimator.estimate().capacity;
            let Some(next) = selection.choose(&state, capacity, &mut rng) else {
                break;
            };
            let params = &bank.items()[next.item].params;
            let correct = rng.random::<f64>() < params.probability(theta);
            estimator.record(params, correct);
            state.record(bank, next.item);
            seen[next.item] += 1;
        }
    }
    let n = settings.candidates.max(1) as f64;
    seen.into_iter().map(|s| f64::from(s) / n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_clamped_and_default_to_one() {
        let p = ExposureParameters::new(vec![-1.0, 0.5, 2.0, f64::NAN]);
        assert_eq!(p.values(), [0.0, 0.5, 1.0, 1.0]);
        assert_eq!(p.get(1), 0.5);
        assert_eq!(p.get(99), 1.0);
    }

    #[test]
    fn an_adjustment_lowers_overexposed_items_only() {
        let k = ExposureParameters::new(vec![1.0, 0.2, 1.0, 0.9]);
        let next = adjusted(&k, &[0.5, 0.1, 0.1, 0.0], 0.25);
        assert_eq!(next.get(0), 0.25);
        assert_eq!(next.values()[1..], [0.2, 1.0, 0.9]);
    }

    #[test]
    fn without_sympson_hetter_every_parameter_is_one() {
        let bank = ItemBank::default();
        let c = ExposureParameters::calibrate(&bank, &IrtConfig::certification());
        assert!(c.rounds.is_empty() && c.kept.is_none());
        assert!(c.parameters.values().is_empty());
    }
}
