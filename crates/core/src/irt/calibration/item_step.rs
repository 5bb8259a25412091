//! The M step for one item: the 2PL parameters that maximise the expected complete-data
//! log-likelihood at the quadrature nodes, plus the log-priors.
//!
//! With `n_k` expected answers and `r_k` expected right answers at node `θ_k` (from the E
//! step), the objective is `Σ_k r_k·ln P_k + (n_k − r_k)·ln(1 − P_k) + ln p(a) + ln p(b)`,
//! `P_k = 1/(1 + exp(−a(θ_k − b)))`. It is maximised by Fisher scoring (the expected
//! information, which is positive definite, instead of the Hessian) with step halving, so every
//! accepted step increases the objective and the parameters stay finite whatever the data.

use super::NormalPrior;

/// Smallest discrimination a step may reach: the lognormal prior keeps `a` positive, this keeps
/// a step from overshooting to zero.
const MIN_A: f64 = 1e-3;
/// Largest move of `a` and of `b` in one scoring step, so that a flat objective (an item
/// everyone got right) cannot send the parameters far in one jump.
const MAX_STEP: f64 = 1.0;
/// Step halvings tried before giving up on a step.
const HALVINGS: usize = 20;

/// The expected answers of one item at the nodes, and the priors of its parameters.
pub(super) struct ItemData<'a> {
    /// Capacity of each node.
    pub theta: &'a [f64],
    /// Expected wrong answers at each node (`n_k − r_k`).
    pub wrong: &'a [f64],
    /// Expected right answers at each node (`r_k`).
    pub right: &'a [f64],
    /// Prior of `ln a`.
    pub log_a: NormalPrior,
    /// Prior of `b`.
    pub b: NormalPrior,
}

/// Gradient and expected information of the objective at `(a, b)`.
struct Scoring {
    grad: [f64; 2],
    info: [f64; 3],
}

impl ItemData<'_> {
    /// The objective at `(a, b)`.
    pub fn objective(&self, a: f64, b: f64) -> f64 {
        let mut sum = 0.0;
        for k in 0..self.theta.len() {
            let z = a * (self.theta[k] - b);
            // ln P = −ln(1 + e^−z), ln(1 − P) = −ln(1 + e^z), both computed without overflow.
            let ln_p = -softplus(-z);
            let ln_q = -softplus(z);
            sum += self.right[k] * ln_p + self.wrong[k] * ln_q;
        }
        sum + self.log_prior(a, b)
    }

    /// The log-priors up to a constant: normal on `ln a` (a lognormal discrimination whose
    /// density is taken on the log scale, so its mode is `a = e^mean`, not `e^(mean − sd²)`:
    /// it pulls weakly identified items towards 1, not below) and normal on `b`.
    fn log_prior(&self, a: f64, b: f64) -> f64 {
        let la = a.ln();
        -0.5 * self.log_a.z(la).powi(2) - 0.5 * self.b.z(b).powi(2)
    }

    /// The data's expected information matrix `[I_aa, I_ab, I_bb]` at `(a, b)`, plus the
    /// priors' curvature when `with_prior`.
    pub fn information(&self, a: f64, b: f64, with_prior: bool) -> [f64; 3] {
        self.scoring(a, b, with_prior).info
    }

    fn scoring(&self, a: f64, b: f64, with_prior: bool) -> Scoring {
        let (mut ga, mut gb, mut iaa, mut iab, mut ibb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for k in 0..self.theta.len() {
            let d = self.theta[k] - b;
            let p = logistic(a * d);
            let n = self.right[k] + self.wrong[k];
            let e = self.right[k] - n * p;
            let w = n * p * (1.0 - p);
            ga += e * d;
            gb -= a * e;
            iaa += w * d * d;
            iab -= a * w * d;
            ibb += w * a * a;
        }
        if with_prior {
            let la = a.ln();
            let s2a = self.log_a.sd * self.log_a.sd;
            ga -= ((la - self.log_a.mean) / s2a) / a;
            iaa += 1.0 / (s2a * a * a);
            gb -= (b - self.b.mean) / (self.b.sd * self.b.sd);
            ibb += 1.0 / (self.b.sd * self.b.sd);
        }
        Scoring {
            grad: [ga, gb],
            info: [iaa, iab, ibb],
        }
    }

    /// Up to `steps` Fisher-scoring steps from `(a, b)`; returns the new parameters.
    pub fn maximise(&self, mut a: f64, mut b: f64, steps: usize) -> (f64, f64) {
        let mut current = self.objective(a, b);
        for _ in 0..steps {
            let s = self.scoring(a, b, true);
            let [iaa, iab, ibb] = s.info;
            let det = iaa * ibb - iab * iab;
            let (mut da, mut db) = if det > 1e-12 * (iaa * ibb).max(1e-300) && det.is_finite() {
                (
                    (ibb * s.grad[0] - iab * s.grad[1]) / det,
                    (iaa * s.grad[1] - iab * s.grad[0]) / det,
                )
            } else {
                // Degenerate information: a small gradient step.
                (s.grad[0] * 1e-3, s.grad[1] * 1e-3)
            };
            let largest = da.abs().max(db.abs());
            if !largest.is_finite() {
                break;
            }
            if largest > MAX_STEP {
                da *= MAX_STEP / largest;
                db *= MAX_STEP / largest;
            }
            let mut accepted = false;
            for _ in 0..HALVINGS {
                let (na, nb) = ((a + da).max(MIN_A), b + db);
                let value = self.objective(na, nb);
                if value.is_finite() && value >= current {
                    (a, b, current) = (na, nb, value);
                    accepted = true;
                    break;
                }
                da *= 0.5;
                db *= 0.5;
            }
            if !accepted || da.abs().max(db.abs()) < 1e-9 {
                break;
            }
        }
        (a, b)
    }
}

/// `1/(1 + e^−z)`.
#[inline]
pub(super) fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `ln(1 + e^x)` without overflow.
#[inline]
pub(super) fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}
