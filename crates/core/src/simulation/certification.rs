//! Simulated candidates of known ability taking the certification: the settings version's
//! selection and estimate for `test_length` questions, then the real scoring
//! ([`score_answers`]) and global band, compared with what the true ability would have given.
//!
//! Two designs run on the same bank and the same candidates: the adaptive test of a settings
//! version, and a fixed form of the same length (the items most informative at one capacity
//! under the same tube and competence rules) as the baseline an adaptive test must beat.

use rand::Rng;
use rand_distr::{Distribution, LogNormal, Normal, Uniform};
use serde::Serialize;

use crate::irt::{
    CapacityEstimator, ExposureControl, IrtConfig, Item, ItemBank, ItemParams, Selection,
    SelectionConfig, TestState, score_answers,
};
use crate::simulation::person_rng;

/// The shape of a synthetic certification bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BankShape {
    /// Items in the bank.
    pub items: usize,
    /// Competences.
    pub competences: usize,
    /// Tubes per competence.
    pub tubes: usize,
}

impl BankShape {
    /// 600 items over 16 competences of 10 tubes (3 or 4 items per tube).
    pub const CERTIFICATION: BankShape = BankShape {
        items: 600,
        competences: 16,
        tubes: 10,
    };
}

/// A synthetic 2PL bank, deterministic from `seed`. Item `i` belongs to tube
/// `i mod (competences·tubes)`, tubes being numbered competence by competence. Each tube has a
/// difficulty centre drawn uniformly in [−3, 3] and its items a difficulty around it (normal,
/// standard deviation 0.6), so difficulties cover the scale while items of a tube stay close,
/// as the levels of a real tube do; discriminations are lognormal around 1.2 (σ = 0.3 on the
/// log scale), kept in [0.4, 3].
pub fn synthetic_bank(shape: BankShape, seed: u64) -> ItemBank {
    let tubes = (shape.competences * shape.tubes).max(1);
    let per_competence = shape.tubes.max(1);
    let mut rng = person_rng(seed, 0);
    // Fixed, valid parameters: the constructors cannot fail.
    let centre = Uniform::new(-3.0, 3.0).expect("valid uniform");
    let spread = Normal::new(0.0, 0.6).expect("valid normal");
    let discrimination = LogNormal::new(1.2f64.ln(), 0.3).expect("valid lognormal");
    let centres: Vec<f64> = (0..tubes).map(|_| centre.sample(&mut rng)).collect();
    let items = (0..shape.items)
        .map(|i| {
            let tube = i % tubes;
            let a = discrimination.sample(&mut rng).clamp(0.4, 3.0);
            let b = centres[tube] + spread.sample(&mut rng);
            Item {
                id: format!(
                    "c{}-t{}-{}",
                    tube / per_competence,
                    tube % per_competence,
                    i / tubes
                ),
                params: ItemParams::two_pl(a, b),
                tube: tube as u32,
                competence: (tube / per_competence) as u32,
            }
        })
        .collect();
    ItemBank::new(items)
}

/// How the questions of a simulated test are chosen.
#[derive(Debug, Clone, Copy)]
pub enum TestDesign<'a> {
    /// Adaptive: the selection of a settings version (with its exposure parameters, if any).
    Adaptive(Selection<'a>),
    /// The same items for every candidate, in this order (bank positions).
    FixedForm(&'a [usize]),
}

/// The fixed form of `config.test_length` items for `config`'s rules: at each step the most
/// informative item at `capacity` among those the selection rules allow (one per tube, every
/// competence first, spacing), no randomisation.
pub fn fixed_form(bank: &ItemBank, config: &IrtConfig, capacity: f64) -> Vec<usize> {
    let greedy = SelectionConfig {
        top: 1,
        exposure: ExposureControl::TopWalk,
        ..config.selection.clone()
    };
    let selection = Selection::new(bank, &greedy);
    let mut state = TestState::new(bank);
    // With top = 1 the walk never draws: the generator only satisfies the signature.
    let mut rng = person_rng(0, 0);
    for _ in 0..config.test_length {
        let Some(next) = selection.choose(&state, capacity, &mut rng) else {
            break;
        };
        state.record(bank, next.item);
    }
    state.history().to_vec()
}

/// One simulated certification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateOutcome {
    /// The true ability.
    pub theta: f64,
    /// The scored capacity.
    pub capacity: f64,
    /// Its error.
    pub error: f64,
    /// The score.
    pub score: u32,
    /// The global band of the score.
    pub band: usize,
    /// The band the true ability's score falls in.
    pub true_band: usize,
    /// Whether the test could be scored (else capacity and score are the running estimate's).
    pub scored: bool,
    /// The items asked (bank positions), in order.
    pub items: Vec<usize>,
}

/// Candidate `index` of a run seeded with `seed`: ability drawn from N(0, 1) (or `theta`),
/// then the test. The ability is the first draw of the candidate's generator, so every design
/// run with the same seed sees the same candidates.
pub fn simulate_candidate(
    bank: &ItemBank,
    config: &IrtConfig,
    design: &TestDesign<'_>,
    seed: u64,
    index: u64,
    theta: Option<f64>,
) -> CandidateOutcome {
    let mut rng = person_rng(seed, index);
    let drawn = crate::simulation::standard_normal(&mut rng);
    take_test(bank, config, design, theta.unwrap_or(drawn), &mut rng)
}

/// A candidate of true ability `theta` takes the test of `design`, answering right with the
/// item's probability at `theta`; the answers are then scored by the certification rules.
pub fn take_test(
    bank: &ItemBank,
    config: &IrtConfig,
    design: &TestDesign<'_>,
    theta: f64,
    rng: &mut impl Rng,
) -> CandidateOutcome {
    let mut state = TestState::new(bank);
    let mut estimator = CapacityEstimator::new(config);
    let mut answers = Vec::with_capacity(config.test_length);
    for step in 0..config.test_length {
        let item = match design {
            TestDesign::Adaptive(selection) => {
                match selection.choose(&state, estimator.estimate().capacity, rng) {
                    Some(next) => next.item,
                    None => break,
                }
            }
            TestDesign::FixedForm(form) => match form.get(step) {
                Some(&i) if i < bank.len() => i,
                _ => break,
            },
        };
        let params = &bank.items()[item].params;
        let correct = rng.random::<f64>() < params.probability(theta);
        estimator.record(params, correct);
        state.record(bank, item);
        answers.push((item, correct));
    }
    let (capacity, error, scored) = match score_answers(bank, config, &answers) {
        Ok(s) => (s.capacity, s.error, true),
        Err(_) => {
            let e = estimator.estimate();
            (e.capacity, e.error, false)
        }
    };
    let score = config.score(capacity);
    CandidateOutcome {
        theta,
        capacity,
        error,
        score,
        band: config.score.band(score),
        true_band: config.score.band(config.score(theta)),
        scored,
        items: answers.into_iter().map(|(i, _)| i).collect(),
    }
}

/// How well a run measured and how it used the bank.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CertificationAccuracy {
    /// Candidates.
    pub candidates: usize,
    /// Root mean square of `capacity − theta`.
    pub rmse: f64,
    /// Mean of `capacity − theta`.
    pub bias: f64,
    /// Mean reported error.
    pub mean_error: f64,
    /// Share whose global band is the true ability's.
    pub band_exact: f64,
    /// Share whose global band is at most one away from the true ability's.
    pub band_within_one: f64,
    /// Highest exposure rate: the share of candidates who saw the most seen item.
    pub max_exposure: f64,
    /// Items seen by more than `exposure_limit` of the candidates.
    pub over_limit: usize,
    /// The exposure limit `over_limit` counts against.
    pub exposure_limit: f64,
    /// Mean exposure rate over the bank (mean test length / bank size).
    pub mean_exposure: f64,
    /// Items no candidate saw.
    pub unused_items: usize,
    /// Tests that could not be scored (too few items in the bank).
    pub unscored: usize,
}

/// Sums up a run on a bank of `bank_size` items.
pub fn summarize(
    outcomes: &[CandidateOutcome],
    bank_size: usize,
    exposure_limit: f64,
) -> CertificationAccuracy {
    let n = outcomes.len().max(1) as f64;
    let mut seen = vec![0u32; bank_size];
    let (mut sq, mut sum, mut err) = (0.0, 0.0, 0.0);
    let (mut exact, mut near, mut unscored) = (0usize, 0usize, 0usize);
    for o in outcomes {
        let d = o.capacity - o.theta;
        sq += d * d;
        sum += d;
        err += o.error;
        exact += usize::from(o.band == o.true_band);
        near += usize::from(o.band.abs_diff(o.true_band) <= 1);
        unscored += usize::from(!o.scored);
        for &i in &o.items {
            if let Some(s) = seen.get_mut(i) {
                *s += 1;
            }
        }
    }
    let rates: Vec<f64> = seen.iter().map(|&s| f64::from(s) / n).collect();
    CertificationAccuracy {
        candidates: outcomes.len(),
        rmse: (sq / n).sqrt(),
        bias: sum / n,
        mean_error: err / n,
        band_exact: exact as f64 / n,
        band_within_one: near as f64 / n,
        max_exposure: rates.iter().copied().fold(0.0, f64::max),
        over_limit: rates.iter().filter(|&&r| r > exposure_limit).count(),
        exposure_limit,
        mean_exposure: rates.iter().sum::<f64>() / bank_size.max(1) as f64,
        unused_items: seen.iter().filter(|&&s| s == 0).count(),
        unscored,
    }
}

/// Runs candidates `0..candidates` of a run seeded with `seed` through `design`, in order.
pub fn run(
    bank: &ItemBank,
    config: &IrtConfig,
    design: &TestDesign<'_>,
    candidates: usize,
    seed: u64,
) -> Vec<CandidateOutcome> {
    (0..candidates as u64)
        .map(|k| simulate_candidate(bank, config, design, seed, k, None))
        .collect()
}

#[cfg(test)]
mod tests;
