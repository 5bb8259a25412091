//! Simulations of the adaptive engines: simulated examinees and learners, and the statistics
//! that say how well the engines measure.
//!
//! Pure and replayable: every simulated person draws from a ChaCha generator seeded by the run's
//! seed and the person's number, so results do not depend on how the work is split across
//! threads. The CLI (`acquis simulate`) reads and writes the files; this module only computes.

pub mod calibration;
pub mod certification;
pub mod framework;
pub mod irt;
pub mod positioning;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The generator of person `index` in a run seeded with `seed`.
pub fn person_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// A draw from the standard normal distribution N(0, 1).
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    StandardNormal.sample(rng)
}
