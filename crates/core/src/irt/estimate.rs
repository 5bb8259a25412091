//! The capacity estimate: Bayesian, on a fixed grid, with a prior re-centred at each answer.
//!
//! The likelihood of all answers accumulates on the grid; at each answer the Gaussian prior
//! (variance 1.5) is centred on the previous estimate; the new estimate is the posterior mean,
//! optionally kept within a maximum variation of the previous one; the error is the posterior
//! spread about the estimate, corrected for the grid step.

use serde::{Deserialize, Serialize};

use crate::irt::config::IrtConfig;
use crate::irt::model::ItemParams;

/// A capacity and its error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The capacity.
    pub capacity: f64,
    /// Its error.
    pub error: f64,
}

/// The running estimate of one test.
#[derive(Debug, Clone)]
pub struct CapacityEstimator {
    grid_min: f64,
    step: f64,
    prior_variance: f64,
    variation: Option<f64>,
    correction: f64,
    /// Likelihood of the answers so far at each grid point, scaled so that its maximum is 1.
    likelihood: Vec<f64>,
    /// `exp(−θ²/2σ²)` at each grid point: the centre-independent part of the prior.
    prior_base: Vec<f64>,
    /// Scratch space for the posterior weights.
    weights: Vec<f64>,
    estimate: Estimate,
    answers: usize,
}

impl CapacityEstimator {
    /// A new estimator at the configuration's initial capacity.
    pub fn new(config: &IrtConfig) -> Self {
        Self::starting_at(config, config.initial_capacity)
    }

    /// A new estimator at `initial_capacity`.
    pub fn starting_at(config: &IrtConfig, initial_capacity: f64) -> Self {
        let n = config.grid_points.max(2);
        let prior_base = (0..n)
            .map(|j| {
                let t = config.grid_point(j);
                (-t * t / (2.0 * config.prior_variance)).exp()
            })
            .collect();
        CapacityEstimator {
            grid_min: config.grid_min,
            step: config.grid_point(1) - config.grid_point(0),
            prior_variance: config.prior_variance,
            variation: config.variation_percent,
            correction: config.error_correction,
            likelihood: vec![1.0; n],
            prior_base,
            weights: vec![0.0; n],
            estimate: Estimate {
                capacity: initial_capacity,
                error: config.no_answer_error,
            },
            answers: 0,
        }
    }

    /// The current estimate (the initial capacity and the no-answer error before any answer).
    pub fn estimate(&self) -> Estimate {
        self.estimate
    }

    /// How many answers were recorded.
    pub fn answers(&self) -> usize {
        self.answers
    }

    /// Records an answer on `item` (`correct` only for an ok) and returns the new estimate.
    pub fn record(&mut self, item: &ItemParams, correct: bool) -> Estimate {
        self.accumulate(item, correct);
        let centre = self.estimate.capacity;
        // Prior at θ_j ∝ exp(−θ_j²/2σ²)·exp(θ_j·μ/σ²); the second factor is geometric in j.
        let k = centre / self.prior_variance;
        let mut tilt = (self.grid_min * k).exp();
        let ratio = (self.step * k).exp();
        let (mut sum, mut first) = (0.0, 0.0);
        let mut weights = std::mem::take(&mut self.weights);
        for (j, w) in weights.iter_mut().enumerate() {
            *w = self.likelihood[j] * self.prior_base[j] * tilt;
            tilt *= ratio;
            sum += *w;
            first += *w * self.theta(j);
        }
        let mean = first / sum;
        let capacity = match self.variation {
            Some(v) => {
                let gap = if centre.abs() < v {
                    v
                } else {
                    (centre * v).abs()
                };
                mean.clamp(centre - gap, centre + gap)
            }
            None => mean,
        };
        let spread: f64 = weights
            .iter()
            .enumerate()
            .map(|(j, w)| w * (self.theta(j) - capacity).powi(2))
            .sum::<f64>()
            / sum;
        self.weights = weights;
        self.answers += 1;
        self.estimate = Estimate {
            capacity,
            error: (spread - self.correction).max(0.0).sqrt(),
        };
        self.estimate
    }

    #[inline]
    fn theta(&self, j: usize) -> f64 {
        self.grid_min + self.step * j as f64
    }

    /// Multiplies the likelihood by the answer's probability at each grid point, then rescales
    /// it to a maximum of 1 (the posterior does not depend on the scale).
    fn accumulate(&mut self, item: &ItemParams, correct: bool) {
        // exp(a·(b − θ_j)) is geometric in j: one exp instead of one per grid point.
        let mut e = (item.a * (item.b - self.grid_min)).exp();
        let ratio = (-item.a * self.step).exp();
        let geometric = e.is_finite() && e > 0.0 && ratio.is_finite();
        let span = item.d - item.c;
        let mut max = 0.0f64;
        for j in 0..self.likelihood.len() {
            let ej = if geometric {
                e
            } else {
                (item.a * (item.b - self.theta(j))).exp()
            };
            let p = item.c + span / (1.0 + ej);
            let l = &mut self.likelihood[j];
            *l *= if correct { p } else { 1.0 - p };
            max = max.max(*l);
            e *= ratio;
        }
        if max > 0.0 && max.is_finite() {
            let inv = 1.0 / max;
            self.likelihood.iter_mut().for_each(|l| *l *= inv);
        }
    }
}

#[cfg(test)]
mod tests;
