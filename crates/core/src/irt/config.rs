//! The versioned parameters of the IRT engine.

use serde::{Deserialize, Serialize};

/// Every parameter of the IRT engine. A certification result records the `version` it was
/// computed with; a new set of values gets a new version, never an edit in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IrtConfig {
    /// Label of this parameter set.
    pub version: String,
    /// Lowest capacity of the estimation grid.
    pub grid_min: f64,
    /// Highest capacity of the estimation grid.
    pub grid_max: f64,
    /// Number of grid points (81: a step of 0.225 from −9 to 9).
    pub grid_points: usize,
    /// Variance of the Gaussian prior, re-centred on the previous estimate at each answer.
    pub prior_variance: f64,
    /// Capacity before any answer.
    pub initial_capacity: f64,
    /// Error reported before any answer.
    pub no_answer_error: f64,
    /// Subtracted from the posterior variance to correct for the grid (`(9/80)²/12`).
    pub error_correction: f64,
    /// How far one answer may move the estimate: `v` if `|capacity| < v`, else `|capacity·v|`.
    pub variation_percent: Option<f64>,
    /// Questions in a certification test.
    pub test_length: usize,
    /// Answers needed for an (aborted) test to be scored.
    pub min_answers: usize,
    /// Item selection.
    pub selection: SelectionConfig,
    /// Capacity → score.
    pub score: ScoreScale,
    /// Capacity thresholds of competence levels 1, 2, …: the level is the number of thresholds
    /// at or below the capacity.
    pub level_thresholds: Vec<f64>,
}

/// The rules of item selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionConfig {
    /// How many of the most informative items the random walk may reach (1: max-information).
    pub top: usize,
    /// Probability of stopping at each step of the walk down the best items.
    pub keep_probability: f64,
    /// At most one item per tube.
    pub one_per_tube: bool,
    /// One item per competence until every competence is covered.
    pub all_competences_first: bool,
    /// A competence is not asked again within this many answers (when another one can be).
    pub competence_spacing: usize,
    /// How the choice among the most informative items limits item exposure. Absent from
    /// settings written before it existed: those get the `top`/`keep_probability` walk.
    #[serde(default)]
    pub exposure: ExposureControl,
}

/// The exposure control of item selection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ExposureControl {
    /// A random walk down the `top` most informative items, stopping at each with
    /// `keep_probability` (v3-2024). It spreads the first choices but bounds nothing: an
    /// item that is the best over a wide range of capacities is still seen by most candidates.
    #[default]
    TopWalk,
    /// Sympson–Hetter: the eligible items are considered from the most informative down and
    /// item `i` is administered with probability `K_i`, else the next one is considered (a
    /// rejection only holds for the current choice, so the choice stays a function of the
    /// answered items, the capacity and the generator). The `K_i` are not settings but a
    /// function of the bank and of these settings: [`crate::irt::ExposureParameters`]
    /// computes them by iterated simulation, deterministically.
    SympsonHetter(SympsonHetterSettings),
}

/// How the Sympson–Hetter exposure parameters are calibrated on a bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SympsonHetterSettings {
    /// The exposure rate no item should exceed (the share of candidates who see it).
    pub max_exposure: f64,
    /// The rate the calibration aims at, a little below `max_exposure` so that sampling noise
    /// between the calibration population and the real one stays under the bound.
    pub target: f64,
    /// Simulated candidates (abilities drawn from N(0, 1)) per calibration round.
    pub candidates: usize,
    /// Calibration rounds.
    pub rounds: usize,
    /// Seed of the calibration population.
    pub seed: u64,
}

/// Capacity → score: `score = floor(w_i·(c_i + (cap − min_i)/(max_i − min_i)))` in the interval
/// `i` that holds the capacity, 0 below the first, `max_score` from the last bound on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreScale {
    /// `[min, max)` capacity intervals, contiguous and increasing.
    pub intervals: Vec<[f64; 2]>,
    /// Weight of each interval.
    pub weights: Vec<f64>,
    /// Coefficient of each interval.
    pub coefficients: Vec<f64>,
    /// The highest score.
    pub max_score: u32,
}

impl IrtConfig {
    /// The certification parameters of DESIGN.md (version `v3-2024`).
    pub fn certification() -> Self {
        IrtConfig {
            version: "v3-2024".into(),
            grid_min: -9.0,
            grid_max: 9.0,
            grid_points: 81,
            prior_variance: 1.5,
            initial_capacity: -3.0,
            no_answer_error: 5.0,
            error_correction: (9.0f64 / 80.0).powi(2) / 12.0,
            variation_percent: None,
            test_length: 32,
            min_answers: 20,
            selection: SelectionConfig {
                top: 5,
                keep_probability: 0.51,
                one_per_tube: true,
                all_competences_first: true,
                competence_spacing: 8,
                exposure: ExposureControl::TopWalk,
            },
            score: ScoreScale {
                intervals: vec![
                    [-4.67, -1.4],
                    [-1.4, -0.519],
                    [-0.519, 0.6],
                    [0.6, 1.5],
                    [1.5, 2.25],
                    [2.25, 3.1],
                    [3.1, 4.0],
                    [4.0, 8.0],
                ],
                weights: vec![64.0, 64.0, 128.0, 128.0, 128.0, 128.0, 128.0, 128.0],
                coefficients: vec![0.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                max_score: 895,
            },
            level_thresholds: vec![-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0],
        }
    }

    /// The version label of [`IrtConfig::certification_exposure_controlled`].
    pub const EXPOSURE_CONTROLLED_VERSION: &'static str = "v4-2026-ec";

    /// The certification parameters with real exposure control (version `v4-2026-ec`): the
    /// estimate, test length, scoring and bands of `v3-2024`, the same eligibility rules (one
    /// item per tube, every competence first, spacing), but the random top-5 walk replaced by
    /// Sympson–Hetter exposure control calibrated so that no item is seen by more than 30 % of
    /// candidates.
    pub fn certification_exposure_controlled() -> Self {
        let mut config = IrtConfig::certification();
        config.version = Self::EXPOSURE_CONTROLLED_VERSION.into();
        config.selection.top = 1;
        config.selection.keep_probability = 1.0;
        config.selection.exposure = ExposureControl::SympsonHetter(SympsonHetterSettings {
            max_exposure: 0.30,
            target: 0.25,
            candidates: 2_000,
            rounds: 16,
            seed: 2026,
        });
        config
    }

    /// Every certification settings version, oldest first.
    pub fn versions() -> Vec<IrtConfig> {
        vec![
            IrtConfig::certification(),
            IrtConfig::certification_exposure_controlled(),
        ]
    }

    /// The certification settings of a version label (`v3-2024`, `v4-2026-ec`), to recompute
    /// a result with the parameters it was computed with.
    pub fn by_version(version: &str) -> Option<IrtConfig> {
        IrtConfig::versions()
            .into_iter()
            .find(|c| c.version == version)
    }

    /// Capacity of grid point `j`.
    pub fn grid_point(&self, j: usize) -> f64 {
        let step = (self.grid_max - self.grid_min) / (self.grid_points.max(2) - 1) as f64;
        self.grid_min + step * j as f64
    }

    /// Checks that the values make sense together.
    pub fn validate(&self) -> Result<(), String> {
        let s = &self.score;
        if self.grid_points < 2 || self.grid_max <= self.grid_min {
            return Err("the grid needs two points and grid_max > grid_min".into());
        }
        if self.prior_variance <= 0.0 {
            return Err("prior_variance must be positive".into());
        }
        if s.intervals.is_empty()
            || s.intervals.len() != s.weights.len()
            || s.intervals.len() != s.coefficients.len()
        {
            return Err(
                "score intervals, weights and coefficients must have one entry each".into(),
            );
        }
        if s.intervals.iter().any(|[lo, hi]| hi <= lo)
            || s.intervals.windows(2).any(|w| w[0][1] != w[1][0])
        {
            return Err("score intervals must be contiguous and increasing".into());
        }
        if self.selection.top == 0 || !(0.0..=1.0).contains(&self.selection.keep_probability) {
            return Err("selection.top >= 1 and keep_probability in [0, 1]".into());
        }
        if let ExposureControl::SympsonHetter(sh) = &self.selection.exposure
            && !(sh.max_exposure > 0.0
                && sh.max_exposure <= 1.0
                && sh.target > 0.0
                && sh.target <= sh.max_exposure)
        {
            return Err("Sympson–Hetter needs 0 < target <= max_exposure <= 1".into());
        }
        Ok(())
    }
}

impl Default for IrtConfig {
    fn default() -> Self {
        IrtConfig::certification()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_are_listed_and_found_by_label() {
        let labels: Vec<String> = IrtConfig::versions()
            .into_iter()
            .map(|c| c.version)
            .collect();
        assert_eq!(labels, ["v3-2024", "v4-2026-ec"]);
        assert_eq!(
            IrtConfig::by_version("v3-2024"),
            Some(IrtConfig::certification())
        );
        assert_eq!(
            IrtConfig::by_version("v4-2026-ec"),
            Some(IrtConfig::certification_exposure_controlled())
        );
        assert_eq!(IrtConfig::by_version("v2"), None);
    }

    #[test]
    fn the_exposure_controlled_version_changes_only_the_selection() {
        let v3 = IrtConfig::certification();
        let v4 = IrtConfig::certification_exposure_controlled();
        assert_eq!(v4.validate(), Ok(()));
        assert_eq!(
            IrtConfig {
                version: v3.version.clone(),
                selection: v3.selection.clone(),
                ..v4.clone()
            },
            v3
        );
        let json = serde_json::to_string(&v4).unwrap();
        assert!(json.contains(r#""method":"sympson_hetter""#), "{json}");
        assert_eq!(serde_json::from_str::<IrtConfig>(&json).unwrap(), v4);
        let mut broken = v4;
        if let ExposureControl::SympsonHetter(s) = &mut broken.selection.exposure {
            s.target = 0.5;
        }
        assert!(broken.validate().is_err());
    }

    #[test]
    fn v3_settings_written_before_exposure_control_existed_still_load() {
        let mut json = serde_json::to_value(IrtConfig::certification()).unwrap();
        let removed = json["selection"]
            .as_object_mut()
            .and_then(|s| s.remove("exposure"));
        assert_eq!(removed, Some(serde_json::json!({ "method": "top_walk" })));
        let old: IrtConfig = serde_json::from_value(json).unwrap();
        assert_eq!(old, IrtConfig::certification());
    }
}
