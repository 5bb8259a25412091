//! Item calibration: 2PL parameters estimated from stored answers by marginal maximum
//! likelihood, with the EM algorithm of Bock and Aitkin on a quadrature grid, linked to the
//! current scale through anchor items whose parameters stay fixed.
//!
//! The capacity of a person is integrated out over `quadrature_points` equally spaced nodes
//! `θ_k = μ + σ·z_k`, `z_k` in `[−range, range]`, weighted by the standard normal density. Each
//! iteration:
//!
//! - **E step**: for every person, the posterior over the nodes given their answers (any
//!   subset of the items: adaptive data is sparse), which gives for every item the expected
//!   number of answers `n_jk` and of right answers `r_jk` at each node;
//! - **M step**: every free item's `(a, b)` maximises its expected log-likelihood plus a mild
//!   lognormal prior on `a` and normal prior on `b` (which keep an item everyone got right
//!   finite), by Fisher scoring ([`item_step`]); anchors keep their parameters; when the
//!   calibration is linked, the latent mean and standard deviation become the mean and
//!   spread of the persons' posteriors, so the free items land on the anchors' scale.
//!   Without anchors (or when told so), the latent distribution stays N(0, 1).
//!
//! It stops when no parameter moved by more than `tolerance` in an iteration, or after
//! `max_iterations`. Outputs per item: the parameters, their standard errors (the square roots
//! of the diagonal of the inverse of the item's 2×2 expected information at convergence: the
//! data's, from the final E step, plus the priors' curvature, so the errors stay finite; the
//! missing information of the latent capacities is ignored, as usual with Bock–Aitkin, so
//! they are slightly optimistic), and a fit statistic, the **RMSD**: the root mean square
//! difference between the observed proportion right at each node (`r_jk / n_jk`, from the
//! posteriors) and the model's probability, weighted by the item's posterior mass at each node
//! (`n_jk / n_j`); 0 is a perfect fit, above 0.1 is usually flagged.
//!
//! Pure and deterministic: the same answers and options always give the same parameters.

mod item_step;
mod responses;

use serde::{Deserialize, Serialize};

use crate::irt::model::ItemParams;
use item_step::{ItemData, softplus};
pub use responses::Responses;

/// A normal prior, `N(mean, sd²)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NormalPrior {
    /// Its mean.
    pub mean: f64,
    /// Its standard deviation, positive.
    pub sd: f64,
}

impl NormalPrior {
    fn z(&self, x: f64) -> f64 {
        (x - self.mean) / self.sd
    }
}

/// The latent (capacity) distribution of the persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LatentDistribution {
    /// N(0, 1), fixed: the scale is set by the persons (no anchor, or too few to link).
    Standard,
    /// Normal, with its mean and standard deviation estimated by EM: the scale is set by the
    /// anchors. Needs at least one anchor.
    Linked,
}

/// How a calibration runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CalibrationOptions {
    /// Quadrature nodes (41 by default).
    pub quadrature_points: usize,
    /// The nodes span `μ ± range·σ` (5 by default).
    pub quadrature_range: f64,
    /// Most EM iterations.
    pub max_iterations: usize,
    /// Converged when no parameter (item or latent) moved by more than this in an iteration.
    pub tolerance: f64,
    /// Prior of `ln a` (lognormal discrimination, on the log scale): N(0, 0.5²) by default.
    pub log_discrimination_prior: NormalPrior,
    /// Prior of `b`: N(0, 3²) by default, mild enough to matter only for items that nearly
    /// everyone got right or wrong.
    pub difficulty_prior: NormalPrior,
    /// Whether the latent distribution is estimated (linked to the anchors) or N(0, 1).
    pub latent: LatentDistribution,
}

impl Default for CalibrationOptions {
    fn default() -> Self {
        CalibrationOptions {
            quadrature_points: 41,
            quadrature_range: 5.0,
            max_iterations: 500,
            tolerance: 1e-4,
            log_discrimination_prior: NormalPrior { mean: 0.0, sd: 0.5 },
            difficulty_prior: NormalPrior { mean: 0.0, sd: 3.0 },
            latent: LatentDistribution::Standard,
        }
    }
}

impl CalibrationOptions {
    /// Checks that the values make sense.
    pub fn validate(&self) -> Result<(), CalibrationError> {
        let bad = |why: &str| Err(CalibrationError::InvalidOptions(why.into()));
        if self.quadrature_points < 5 {
            return bad("at least 5 quadrature points");
        }
        if !(self.quadrature_range.is_finite() && self.quadrature_range > 0.0) {
            return bad("the quadrature range must be positive");
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return bad("the tolerance must be positive");
        }
        let priors = [self.log_discrimination_prior, self.difficulty_prior];
        if priors
            .iter()
            .any(|p| !(p.mean.is_finite() && p.sd.is_finite() && p.sd > 0.0))
        {
            return bad("priors need a finite mean and a positive standard deviation");
        }
        Ok(())
    }
}

/// What a calibration does with one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ItemStart {
    /// Estimate its parameters (starting from the data).
    Estimate,
    /// Keep these parameters: an anchor of the scale.
    Anchor {
        /// Discrimination.
        a: f64,
        /// Difficulty.
        b: f64,
    },
}

/// Whether an item was estimated or kept fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRole {
    /// Estimated from the answers.
    Estimated,
    /// Kept at its given parameters.
    Anchor,
}

/// The calibration of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemEstimate {
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Standard error of `a` (`None` for an anchor).
    pub se_a: Option<f64>,
    /// Standard error of `b` (`None` for an anchor).
    pub se_b: Option<f64>,
    /// RMSD fit (see the module documentation); computed for anchors too, so an anchor that
    /// drifted shows.
    pub rmsd: f64,
    /// Answers to the item.
    pub answers: u64,
    /// Estimated or anchor.
    pub role: ItemRole,
}

impl ItemEstimate {
    /// The item's 2PL parameters.
    pub fn params(&self) -> ItemParams {
        ItemParams::two_pl(self.a, self.b)
    }
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationFit {
    /// One estimate per item, in item order.
    pub items: Vec<ItemEstimate>,
    /// Mean of the latent distribution (0 unless linked).
    pub latent_mean: f64,
    /// Standard deviation of the latent distribution (1 unless linked).
    pub latent_sd: f64,
    /// EM iterations run.
    pub iterations: usize,
    /// Marginal log-likelihood of the answers at the final parameters.
    pub log_likelihood: f64,
    /// Whether the tolerance was reached within `max_iterations`.
    pub converged: bool,
}

/// Why a calibration cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    /// An answer names an item outside the bank.
    #[error("item {item} is outside a bank of {items} items")]
    UnknownItem {
        /// The item number.
        item: usize,
        /// Items in the bank.
        items: usize,
    },
    /// The items given do not match the answers' bank.
    #[error("{given} item starts for answers on {expected} items")]
    ItemCountMismatch {
        /// Items given.
        given: usize,
        /// Items of the answers.
        expected: usize,
    },
    /// A linked calibration needs an anchor.
    #[error("a linked calibration needs at least one anchor item")]
    NoAnchorToLink,
    /// An anchor's parameters are not usable.
    #[error("anchor item {0} needs a finite positive a and a finite b")]
    InvalidAnchor(usize),
    /// The options do not make sense.
    #[error("invalid calibration options: {0}")]
    InvalidOptions(String),
}

/// The quadrature and the work buffers of one calibration, flat by item then node.
struct Em<'a> {
    responses: &'a Responses,
    options: &'a CalibrationOptions,
    nodes: usize,
    /// Standardised node positions `z_k`.
    z: Vec<f64>,
    /// `ln` of the normalised standard normal weight of each node.
    log_weight: Vec<f64>,
    /// Current node capacities `θ_k = μ + σ·z_k`.
    theta: Vec<f64>,
    /// `ln P_jk` at `[(2j + 1)·K + k]` and `ln(1 − P_jk)` at `[2j·K + k]`: indexed by the answer.
    log_prob: Vec<f64>,
    /// Expected wrong answers `n_jk − r_jk` at `[2j·K + k]` and right answers `r_jk` at
    /// `[(2j + 1)·K + k]`: the same index as `log_prob`, so an answer adds its posterior to
    /// one row.
    expected: Vec<f64>,
    posterior: Vec<f64>,
}

/// What one E step gives besides the expected answers.
struct Expectation {
    log_likelihood: f64,
    /// Mean of the persons' posterior means.
    mean: f64,
    /// Mean of the persons' posterior second moments about the origin.
    second_moment: f64,
}

impl<'a> Em<'a> {
    fn new(responses: &'a Responses, options: &'a CalibrationOptions) -> Self {
        let k = options.quadrature_points;
        let range = options.quadrature_range;
        let z: Vec<f64> = (0..k)
            .map(|i| -range + 2.0 * range * i as f64 / (k - 1) as f64)
            .collect();
        let density: Vec<f64> = z.iter().map(|z| -0.5 * z * z).collect();
        let total = log_sum_exp(&density);
        let items = responses.items();
        Em {
            responses,
            options,
            nodes: k,
            log_weight: density.iter().map(|d| d - total).collect(),
            theta: z.clone(),
            z,
            log_prob: vec![0.0; 2 * items * k],
            expected: vec![0.0; 2 * items * k],
            posterior: vec![0.0; k],
        }
    }

    fn place_nodes(&mut self, mean: f64, sd: f64) {
        for (t, z) in self.theta.iter_mut().zip(&self.z) {
            *t = mean + sd * z;
        }
    }

    fn tabulate(&mut self, params: &[(f64, f64)]) {
        let k = self.nodes;
        for (j, &(a, b)) in params.iter().enumerate() {
            for (i, &t) in self.theta.iter().enumerate() {
                let z = a * (t - b);
                self.log_prob[2 * j * k + i] = -softplus(z);
                self.log_prob[(2 * j + 1) * k + i] = -softplus(-z);
            }
        }
    }

    /// The E step at the tabulated parameters: fills `expected`.
    fn expect(&mut self) -> Expectation {
        let k = self.nodes;
        self.expected.fill(0.0);
        let (mut ll, mut sum_mean, mut sum_second) = (0.0, 0.0, 0.0);
        for (items, correct) in self.responses.rows() {
            let post = &mut self.posterior;
            post.copy_from_slice(&self.log_weight);
            for (&j, &c) in items.iter().zip(correct) {
                let at = (2 * j as usize + usize::from(c)) * k;
                for (p, l) in post.iter_mut().zip(&self.log_prob[at..at + k]) {
                    *p += l;
                }
            }
            let top = post.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut total = 0.0;
            for p in post.iter_mut() {
                *p = (*p - top).exp();
                total += *p;
            }
            ll += top + total.ln();
            let (mut m1, mut m2) = (0.0, 0.0);
            for (p, t) in post.iter_mut().zip(&self.theta) {
                *p /= total;
                m1 += *p * t;
                m2 += *p * t * t;
            }
            sum_mean += m1;
            sum_second += m2;
            for (&j, &c) in items.iter().zip(correct) {
                let at = (2 * j as usize + usize::from(c)) * k;
                for (e, p) in self.expected[at..at + k].iter_mut().zip(post.iter()) {
                    *e += p;
                }
            }
        }
        let persons = self.responses.persons().max(1) as f64;
        Expectation {
            log_likelihood: ll,
            mean: sum_mean / persons,
            second_moment: sum_second / persons,
        }
    }

    fn item(&self, j: usize) -> ItemData<'_> {
        let k = self.nodes;
        ItemData {
            theta: &self.theta,
            wrong: &self.expected[2 * j * k..(2 * j + 1) * k],
            right: &self.expected[(2 * j + 1) * k..(2 * j + 2) * k],
            log_a: self.options.log_discrimination_prior,
            b: self.options.difficulty_prior,
        }
    }

    /// RMSD of item `j` at `(a, b)` over the current posteriors.
    fn rmsd(&self, j: usize, a: f64, b: f64) -> f64 {
        let data = self.item(j);
        let total: f64 = data.wrong.iter().chain(data.right).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let mut sum = 0.0;
        for ((&t, &w), &r) in data.theta.iter().zip(data.wrong).zip(data.right) {
            let n = w + r;
            if n > 1e-12 {
                let gap = r / n - item_step::logistic(a * (t - b));
                sum += n / total * gap * gap;
            }
        }
        sum.sqrt()
    }
}

/// Calibrates the items of `responses`: one [`ItemStart`] per item says whether it is
/// estimated or an anchor. See the module documentation for the method.
pub fn calibrate(
    responses: &Responses,
    items: &[ItemStart],
    options: &CalibrationOptions,
) -> Result<CalibrationFit, CalibrationError> {
    options.validate()?;
    if items.len() != responses.items() {
        return Err(CalibrationError::ItemCountMismatch {
            given: items.len(),
            expected: responses.items(),
        });
    }
    let anchors = items
        .iter()
        .filter(|s| matches!(s, ItemStart::Anchor { .. }))
        .count();
    let linked = options.latent == LatentDistribution::Linked;
    if linked && anchors == 0 {
        return Err(CalibrationError::NoAnchorToLink);
    }
    let counts = responses.counts();
    let mut params = starting_values(items, &counts)?;
    let mut em = Em::new(responses, options);
    let (mut mean, mut sd) = (0.0, 1.0);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        iterations += 1;
        em.place_nodes(mean, sd);
        em.tabulate(&params);
        let e = em.expect();
        let mut moved: f64 = 0.0;
        for (j, start) in items.iter().enumerate() {
            if let ItemStart::Estimate = start {
                let (a, b) = params[j];
                let next = em.item(j).maximise(a, b, 4);
                moved = moved.max((next.0 - a).abs()).max((next.1 - b).abs());
                params[j] = next;
            }
        }
        if linked && responses.persons() > 0 {
            let next_sd = (e.second_moment - e.mean * e.mean).max(1e-6).sqrt();
            moved = moved.max((e.mean - mean).abs()).max((next_sd - sd).abs());
            (mean, sd) = (e.mean, next_sd);
        }
        if moved < options.tolerance {
            converged = true;
            break;
        }
    }
    em.place_nodes(mean, sd);
    em.tabulate(&params);
    let last = em.expect();
    let estimates = items
        .iter()
        .enumerate()
        .map(|(j, start)| {
            let (a, b) = params[j];
            let (se_a, se_b, role) = match start {
                ItemStart::Estimate => {
                    let (se_a, se_b) = standard_errors(em.item(j).information(a, b, true));
                    (Some(se_a), Some(se_b), ItemRole::Estimated)
                }
                ItemStart::Anchor { .. } => (None, None, ItemRole::Anchor),
            };
            ItemEstimate {
                a,
                b,
                se_a,
                se_b,
                rmsd: em.rmsd(j, a, b),
                answers: counts[j].0,
                role,
            }
        })
        .collect();
    Ok(CalibrationFit {
        items: estimates,
        latent_mean: mean,
        latent_sd: sd,
        iterations,
        log_likelihood: last.log_likelihood,
        converged,
    })
}

/// Anchors as given; a free item starts at `a = 1` and the difficulty that gives its observed
/// proportion right (smoothed) to a N(0, 1) population: `b = −logit(p)·√(1 + π/8)`.
fn starting_values(
    items: &[ItemStart],
    counts: &[(u64, u64)],
) -> Result<Vec<(f64, f64)>, CalibrationError> {
    items
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(j, (start, &(n, right)))| match *start {
            ItemStart::Anchor { a, b } => {
                if a.is_finite() && a > 0.0 && b.is_finite() {
                    Ok((a, b))
                } else {
                    Err(CalibrationError::InvalidAnchor(j))
                }
            }
            ItemStart::Estimate => {
                let p = (right as f64 + 0.5) / (n as f64 + 1.0);
                let b = -(p / (1.0 - p)).ln() * (1.0 + std::f64::consts::PI / 8.0).sqrt();
                Ok((1.0, b.clamp(-4.0, 4.0)))
            }
        })
        .collect()
}

/// Standard errors of `a` and `b` from an information matrix `[I_aa, I_ab, I_bb]`.
fn standard_errors([iaa, iab, ibb]: [f64; 3]) -> (f64, f64) {
    let det = iaa * ibb - iab * iab;
    if det > 0.0 && det.is_finite() {
        ((ibb / det).sqrt(), (iaa / det).sqrt())
    } else {
        (f64::INFINITY, f64::INFINITY)
    }
}

/// `ln Σ exp(x)`.
fn log_sum_exp(x: &[f64]) -> f64 {
    let top = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    top + x.iter().map(|v| (v - top).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests;
