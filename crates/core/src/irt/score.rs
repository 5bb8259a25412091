//! From a capacity to a certification score and competence levels; scoring of a whole test,
//! aborted ones included.

use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::irt::config::{ExposureControl, IrtConfig, ScoreScale, SelectionConfig};
use crate::irt::estimate::CapacityEstimator;
use crate::irt::model::ItemBank;
use crate::irt::selection::{Selection, TestState};

impl ScoreScale {
    /// The score of a capacity: 0 below the first interval, the maximum from the last bound on.
    pub fn score(&self, capacity: f64) -> u32 {
        let Some(first) = self.intervals.first() else {
            return 0;
        };
        if capacity.is_nan() || capacity < first[0] {
            return 0;
        }
        let Some(i) = self
            .intervals
            .iter()
            .position(|&[lo, hi]| lo <= capacity && capacity < hi)
        else {
            return self.max_score;
        };
        let [lo, hi] = self.intervals[i];
        let raw = self.weights[i] * (self.coefficients[i] + (capacity - lo) / (hi - lo));
        // raw is finite and non-negative here; the cast saturates anyway.
        (raw.floor() as u32).min(self.max_score)
    }

    /// The global level band of a score: the index of the score interval that holds it, the
    /// score intervals starting at `floor(w_i·c_i)` (0–64–128–256–…–768–895 in v3-2024, so
    /// band 0 is a score under 64 and band 7 one from 768).
    pub fn band(&self, score: u32) -> usize {
        self.weights
            .iter()
            .zip(&self.coefficients)
            .skip(1)
            .filter(|&(w, c)| (w * c).floor() <= f64::from(score))
            .count()
    }
}

impl IrtConfig {
    /// The certification score of a capacity.
    pub fn score(&self, capacity: f64) -> u32 {
        self.score.score(capacity)
    }

    /// The competence level of a capacity: the number of level thresholds at or below it.
    pub fn competence_level(&self, capacity: f64) -> u8 {
        let n = self
            .level_thresholds
            .iter()
            .filter(|&&t| t <= capacity)
            .count();
        u8::try_from(n).unwrap_or(u8::MAX)
    }

    /// The level of each of `competences` from one capacity, capped at `max_reachable`.
    pub fn competence_levels<'c>(
        &self,
        capacity: f64,
        competences: impl IntoIterator<Item = &'c str>,
        max_reachable: u8,
    ) -> Vec<(String, u8)> {
        let level = self.competence_level(capacity).min(max_reachable);
        competences
            .into_iter()
            .map(|c| (c.to_string(), level))
            .collect()
    }
}

/// The result of a certification test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificationScore {
    /// The configuration version it was computed with.
    pub version: String,
    /// The final capacity.
    pub capacity: f64,
    /// Its error.
    pub error: f64,
    /// The score.
    pub score: u32,
    /// The competence level that capacity gives.
    pub level: u8,
    /// Answers given.
    pub answered: usize,
    /// Missing answers of an aborted test, scored as wrong.
    pub scored_as_wrong: usize,
}

/// Why a test cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    /// Fewer answers than the configuration requires.
    #[error("{answered} answers; at least {required} are needed to score a test")]
    TooFewAnswers {
        /// Answers given.
        answered: usize,
        /// Answers needed.
        required: usize,
    },
    /// An answer names an item that is not in the bank.
    #[error("answer on item {0}, which is not in the bank")]
    UnknownItem(usize),
}

/// Scores a test from its answers (bank position, right or not), in order. A test with fewer
/// than `test_length` answers (aborted) but at least `min_answers` is completed with wrong
/// answers on the items the engine would have chosen next (most informative first, no
/// randomisation, so the result is reproducible).
pub fn score_answers(
    bank: &ItemBank,
    config: &IrtConfig,
    answers: &[(usize, bool)],
) -> Result<CertificationScore, ScoringError> {
    if answers.len() < config.min_answers {
        return Err(ScoringError::TooFewAnswers {
            answered: answers.len(),
            required: config.min_answers,
        });
    }
    let mut estimator = CapacityEstimator::new(config);
    let mut state = TestState::new(bank);
    for &(item, correct) in answers {
        let it = bank
            .items()
            .get(item)
            .ok_or(ScoringError::UnknownItem(item))?;
        estimator.record(&it.params, correct);
        state.record(bank, item);
    }
    let deterministic = SelectionConfig {
        top: 1,
        exposure: ExposureControl::TopWalk,
        ..config.selection.clone()
    };
    let selection = Selection::new(bank, &deterministic);
    // With top = 1 the walk never draws: the generator is only there to satisfy the signature.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
    let mut scored_as_wrong = 0;
    while answers.len() + scored_as_wrong < config.test_length {
        let capacity = estimator.estimate().capacity;
        let Some(next) = selection.choose(&state, capacity, &mut rng) else {
            break;
        };
        estimator.record(&bank.items()[next.item].params, false);
        state.record(bank, next.item);
        scored_as_wrong += 1;
    }
    let estimate = estimator.estimate();
    Ok(CertificationScore {
        version: config.version.clone(),
        capacity: estimate.capacity,
        error: estimate.error,
        score: config.score(estimate.capacity),
        level: config.competence_level(estimate.capacity),
        answered: answers.len(),
        scored_as_wrong,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::irt::model::{Item, ItemParams};

    fn config() -> IrtConfig {
        IrtConfig::certification()
    }

    #[test]
    fn capacity_zero_gives_187() {
        assert_eq!(config().score(0.0), 187);
    }

    #[test]
    fn the_score_bands_are_0_64_128_256_and_so_on_up_to_895() {
        let c = config();
        assert_eq!(c.score(-5.0), 0);
        assert_eq!(c.score(-4.67), 0);
        assert_eq!(c.score(-1.4), 64);
        assert_eq!(c.score(-0.519), 128);
        assert_eq!(c.score(0.6), 256);
        assert_eq!(c.score(1.5), 384);
        assert_eq!(c.score(2.25), 512);
        assert_eq!(c.score(3.1), 640);
        assert_eq!(c.score(4.0), 768);
        assert_eq!(c.score(7.99), 895);
        assert_eq!(c.score(8.0), 895);
        assert_eq!(c.score(100.0), 895);
        assert_eq!(c.score(f64::NAN), 0);
    }

    #[test]
    fn the_global_band_is_the_score_interval() {
        let s = config().score;
        let cases = [
            (0, 0),
            (63, 0),
            (64, 1),
            (127, 1),
            (128, 2),
            (187, 2),
            (256, 3),
            (384, 4),
            (512, 5),
            (640, 6),
            (767, 6),
            (768, 7),
            (895, 7),
        ];
        for (score, band) in cases {
            assert_eq!(s.band(score), band, "{score}");
        }
    }

    #[test]
    fn the_score_never_decreases_with_the_capacity() {
        let c = config();
        let scores: Vec<u32> = (-600..=900)
            .map(|k| c.score(f64::from(k) / 100.0))
            .collect();
        assert!(scores.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn competence_levels_follow_the_capacity_thresholds() {
        let c = config();
        let cases = [
            (-2.5, 0),
            (-2.0, 1),
            (-1.5, 1),
            (-1.0, 2),
            (0.49, 2),
            (0.5, 3),
            (1.0, 4),
            (2.0, 5),
            (3.0, 6),
            (3.99, 6),
            (4.0, 7),
            (9.0, 7),
        ];
        for (capacity, level) in cases {
            assert_eq!(c.competence_level(capacity), level, "{capacity}");
        }
        assert_eq!(
            c.competence_levels(4.5, ["1.1", "1.2"], 6),
            [("1.1".to_string(), 6), ("1.2".to_string(), 6)]
        );
    }

    #[test]
    fn the_configuration_is_valid_and_survives_serialisation() {
        let c = config();
        assert_eq!(c.validate(), Ok(()));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<IrtConfig>(&json).unwrap(), c);
        let broken = IrtConfig {
            score: ScoreScale {
                weights: vec![1.0],
                ..c.score.clone()
            },
            ..c
        };
        assert!(broken.validate().is_err());
    }

    fn bank(n: usize) -> ItemBank {
        ItemBank::new(
            (0..n)
                .map(|i| Item {
                    id: format!("i{i}"),
                    params: ItemParams::two_pl(
                        1.0 + (i % 3) as f64 * 0.3,
                        -3.0 + 6.0 * i as f64 / n as f64,
                    ),
                    tube: i as u32,
                    competence: (i % 16) as u32,
                })
                .collect(),
        )
    }

    #[test]
    fn a_test_with_fewer_than_20_answers_cannot_be_scored() {
        let b = bank(100);
        let answers: Vec<(usize, bool)> = (0..19).map(|i| (i, true)).collect();
        assert_eq!(
            score_answers(&b, &config(), &answers),
            Err(ScoringError::TooFewAnswers {
                answered: 19,
                required: 20
            })
        );
        assert_eq!(
            score_answers(&b, &config(), &[(1000, true); 20]),
            Err(ScoringError::UnknownItem(1000))
        );
    }

    #[test]
    fn an_aborted_test_scores_the_missing_answers_as_wrong() {
        let b = bank(200);
        let answers: Vec<(usize, bool)> = (0..20).map(|i| (i * 7, true)).collect();
        let aborted = score_answers(&b, &config(), &answers).unwrap();
        assert_eq!(aborted.answered, 20);
        assert_eq!(aborted.scored_as_wrong, 12);
        let mut full = answers.clone();
        full.extend((0..12).map(|i| (i * 7 + 3, true)));
        let complete = score_answers(&b, &config(), &full).unwrap();
        assert_eq!(complete.scored_as_wrong, 0);
        assert!(aborted.capacity < complete.capacity);
        assert!(aborted.score <= complete.score);
        assert_eq!(aborted.version, "v3-2024");
    }
}
