//! Item statistics: what the live answers say about each challenge. Pure arithmetic, no I/O:
//! a [`Summary`] holds sufficient statistics that add up (counts per status, a histogram of
//! times with fixed buckets, and the sums a point-biserial correlation needs), so the job can
//! count each answer once, batch after batch, and [`Summary::merge`] two summaries into the
//! summary of their union. [`Summary::figures`] derives the rates, the median time, the
//! discrimination and the exposure; [`flags`] says which challenges deserve a look, by the
//! thresholds named below.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answer::AnswerStatus;

/// Upper bounds (exclusive, milliseconds) of the time buckets; the last bucket is open.
/// The median is read in this histogram, interpolated inside its bucket.
pub const TIME_BUCKETS_MS: [u64; 13] = [
    2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000, 120_000, 180_000,
    300_000, 600_000,
];

/// Number of buckets of the time histogram (the bounds above and one open bucket).
pub const BUCKETS: usize = TIME_BUCKETS_MS.len() + 1;

/// No flag before this many answers: below it a rate says more about chance than about
/// the challenge.
pub const MIN_ANSWERS_FOR_FLAGS: u64 = 30;

/// Too easy: more than this share of right answers…
pub const TOO_EASY_SUCCESS: f64 = 0.95;

/// …for a challenge of a skill at this level or above (level 1 is meant to be easy).
pub const TOO_EASY_FROM_LEVEL: u8 = 2;

/// Too hard: less than this share of right answers…
pub const TOO_HARD_SUCCESS: f64 = 0.10;

/// …for a challenge of a skill at this level or below (levels 7 and 8 are meant for few).
pub const TOO_HARD_UP_TO_LEVEL: u8 = 6;

/// Near-zero discrimination: a point-biserial correlation under this (and not negative).
pub const WEAK_DISCRIMINATION: f64 = 0.1;

/// Skipped often: more than this share of the answers are skips.
pub const OFTEN_SKIPPED: f64 = 0.2;

/// Longest answer value kept for the distribution (characters); longer ones are cut.
pub const MAX_VALUE_CHARS: usize = 100;

/// Distinct answer values kept per challenge; values seen once this many are kept go to
/// "other".
pub const MAX_VALUES: usize = 20;

/// Where an answer comes from, which says what the learner's level `y` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// A competence evaluation or a campaign test: `y` is the level the test estimated in the
    /// challenge's competence (pix earned / 8).
    Positioning,
    /// A certification test: `y` is the course's capacity.
    Certification,
}

/// One answer as the statistics see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// Its status.
    pub status: AnswerStatus,
    /// Time spent, if known.
    pub time_ms: Option<u64>,
    /// Where it comes from.
    pub source: Source,
    /// The learner's level or capacity (`None`: unknown, the answer is not correlated).
    pub level: Option<f64>,
}

/// Sums for the correlation between x (1 for a right answer, else 0) and y (the level).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Moments {
    /// Pairs counted.
    pub n: u64,
    /// Σx (right answers).
    pub sx: f64,
    /// Σy.
    pub sy: f64,
    /// Σy².
    pub syy: f64,
    /// Σxy.
    pub sxy: f64,
}

impl Moments {
    /// Counts one pair.
    pub fn add(&mut self, correct: bool, y: f64) {
        let x = if correct { 1.0 } else { 0.0 };
        self.n += 1;
        self.sx += x;
        self.sy += y;
        self.syy += y * y;
        self.sxy += x * y;
    }

    /// Adds `other`'s pairs.
    pub fn merge(&mut self, other: &Moments) {
        self.n += other.n;
        self.sx += other.sx;
        self.sy += other.sy;
        self.syy += other.syy;
        self.sxy += other.sxy;
    }

    /// Pearson's correlation of x and y (the point-biserial, x being 0 or 1); `None` with
    /// fewer than two pairs or when x or y does not vary.
    pub fn point_biserial(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let vx = n * self.sx - self.sx * self.sx;
        let vy = n * self.syy - self.sy * self.sy;
        // Relative tolerance: y varies by rounding alone when every level is the same.
        if vx <= 1e-9 || vy <= 1e-9 * (1.0 + n * self.syy) {
            return None;
        }
        Some(((n * self.sxy - self.sx * self.sy) / (vx * vy).sqrt()).clamp(-1.0, 1.0))
    }
}

/// The sufficient statistics of one challenge's answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Answers counted.
    pub answers: u64,
    /// Right answers.
    pub ok: u64,
    /// Wrong answers.
    pub ko: u64,
    /// Skipped.
    pub skipped: u64,
    /// Arrived after the timer.
    pub timed_out: u64,
    /// Page left on a focused challenge.
    pub focused_out: u64,
    /// Partly right.
    pub partially: u64,
    /// Answers per time bucket (answers without a time are not in it).
    pub times: [u64; BUCKETS],
    /// Positioning pairs (level in the competence).
    pub positioning: Moments,
    /// Certification pairs (capacity).
    pub certification: Moments,
    /// Certification courses that asked it.
    pub asked_in_certification: u64,
}

/// The bucket of a time.
pub fn bucket_of(time_ms: u64) -> usize {
    TIME_BUCKETS_MS
        .iter()
        .position(|&bound| time_ms < bound)
        .unwrap_or(TIME_BUCKETS_MS.len())
}

impl Summary {
    /// Counts one answer.
    pub fn add(&mut self, o: &Observation) {
        self.answers += 1;
        match o.status {
            AnswerStatus::Ok => self.ok += 1,
            AnswerStatus::Ko => self.ko += 1,
            AnswerStatus::Aband => self.skipped += 1,
            AnswerStatus::Timedout => self.timed_out += 1,
            AnswerStatus::Focusedout => self.focused_out += 1,
            AnswerStatus::Partially => self.partially += 1,
        }
        if let Some(t) = o.time_ms {
            self.times[bucket_of(t)] += 1;
        }
        if let Some(y) = o.level.filter(|y| y.is_finite()) {
            let moments = match o.source {
                Source::Positioning => &mut self.positioning,
                Source::Certification => &mut self.certification,
            };
            moments.add(o.status.is_ok(), y);
        }
    }

    /// Adds `other`'s answers: the summary of the union of both sets.
    pub fn merge(&mut self, other: &Summary) {
        self.answers += other.answers;
        self.ok += other.ok;
        self.ko += other.ko;
        self.skipped += other.skipped;
        self.timed_out += other.timed_out;
        self.focused_out += other.focused_out;
        self.partially += other.partially;
        for (mine, theirs) in self.times.iter_mut().zip(other.times.iter()) {
            *mine += theirs;
        }
        self.positioning.merge(&other.positioning);
        self.certification.merge(&other.certification);
        self.asked_in_certification += other.asked_in_certification;
    }

    fn rate(&self, count: u64) -> Option<f64> {
        (self.answers > 0).then(|| count as f64 / self.answers as f64)
    }

    /// The median time (ms), read in the histogram and interpolated linearly inside its
    /// bucket; in the open last bucket, its lower bound. `None` without a timed answer.
    pub fn median_time_ms(&self) -> Option<f64> {
        let total: u64 = self.times.iter().sum();
        if total == 0 {
            return None;
        }
        let half = total as f64 / 2.0;
        let mut below = 0u64;
        for (i, &count) in self.times.iter().enumerate() {
            if count > 0 && (below + count) as f64 >= half {
                let low = if i == 0 { 0 } else { TIME_BUCKETS_MS[i - 1] } as f64;
                let Some(&high) = TIME_BUCKETS_MS.get(i) else {
                    return Some(low);
                };
                let share = (half - below as f64) / count as f64;
                return Some(low + share * (high as f64 - low));
            }
            below += count;
        }
        None
    }

    /// The discrimination: the point-biserial correlation in each source, weighted by its
    /// pairs (a challenge used in both keeps each scale apart).
    pub fn discrimination(&self) -> Option<f64> {
        let parts: Vec<(f64, f64)> = [&self.positioning, &self.certification]
            .into_iter()
            .filter_map(|m| m.point_biserial().map(|r| (r, m.n as f64)))
            .collect();
        let weight: f64 = parts.iter().map(|(_, n)| n).sum();
        (weight > 0.0).then(|| parts.iter().map(|(r, n)| r * n).sum::<f64>() / weight)
    }

    /// The derived figures; `courses` is the number of certification courses counted (for
    /// the exposure).
    pub fn figures(&self, courses: u64) -> Figures {
        Figures {
            answers: self.answers,
            success: self.rate(self.ok),
            skip: self.rate(self.skipped),
            timed_out: self.rate(self.timed_out),
            focused_out: self.rate(self.focused_out),
            median_time_ms: self.median_time_ms(),
            discrimination: self.discrimination(),
            exposure: (courses > 0)
                .then(|| (self.asked_in_certification as f64 / courses as f64).min(1.0)),
        }
    }
}

/// What an operator reads of a challenge's statistics. Rates are in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    /// Answers counted.
    pub answers: u64,
    /// Share of right answers.
    pub success: Option<f64>,
    /// Share of skips.
    pub skip: Option<f64>,
    /// Share of answers after the timer.
    pub timed_out: Option<f64>,
    /// Share of answers whose page was left.
    pub focused_out: Option<f64>,
    /// Median time spent (ms).
    pub median_time_ms: Option<f64>,
    /// Point-biserial correlation with the level or capacity.
    pub discrimination: Option<f64>,
    /// Share of certification courses that asked it.
    pub exposure: Option<f64>,
}

/// Why a challenge deserves a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Flag {
    /// Almost everyone answers it right, though its level is not the first.
    TooEasy,
    /// Almost nobody answers it right, though its level is not among the highest.
    TooHard,
    /// Better learners fail it more often than weaker ones.
    NegativeDiscrimination,
    /// Right and wrong answers barely depend on the learner's level.
    WeakDiscrimination,
    /// Often skipped.
    OftenSkipped,
}

impl Flag {
    /// Every flag, in a stable order.
    pub const ALL: [Flag; 5] = [
        Flag::TooEasy,
        Flag::TooHard,
        Flag::NegativeDiscrimination,
        Flag::WeakDiscrimination,
        Flag::OftenSkipped,
    ];

    /// The name used in URLs and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::TooEasy => "too_easy",
            Flag::TooHard => "too_hard",
            Flag::NegativeDiscrimination => "negative_discrimination",
            Flag::WeakDiscrimination => "weak_discrimination",
            Flag::OftenSkipped => "often_skipped",
        }
    }

    /// The flag named `name`.
    pub fn parse(name: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// The flags of a challenge of a skill at `level` with these figures; none before
/// [`MIN_ANSWERS_FOR_FLAGS`] answers.
pub fn flags(level: u8, f: &Figures) -> Vec<Flag> {
    let mut out = Vec::new();
    if f.answers < MIN_ANSWERS_FOR_FLAGS {
        return out;
    }
    if let Some(success) = f.success {
        if success > TOO_EASY_SUCCESS && level >= TOO_EASY_FROM_LEVEL {
            out.push(Flag::TooEasy);
        }
        if success < TOO_HARD_SUCCESS && level <= TOO_HARD_UP_TO_LEVEL {
            out.push(Flag::TooHard);
        }
    }
    match f.discrimination {
        Some(r) if r < 0.0 => out.push(Flag::NegativeDiscrimination),
        Some(r) if r < WEAK_DISCRIMINATION => out.push(Flag::WeakDiscrimination),
        _ => {}
    }
    if f.skip.is_some_and(|s| s > OFTEN_SKIPPED) {
        out.push(Flag::OftenSkipped);
    }
    out
}

/// An answer value as the distribution counts it: control characters (NUL included) dropped,
/// white space collapsed, trimmed, lower-cased, cut to [`MAX_VALUE_CHARS`] characters (with
/// `…`).
pub fn normalise_value(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let cleaned: String = value
        .nfc()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if cleaned.chars().count() > MAX_VALUE_CHARS {
        let cut: String = cleaned.chars().take(MAX_VALUE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        cleaned
    }
}

/// How often each answer value was given, bounded: at most [`MAX_VALUES`] distinct values
/// (the first ones seen), the rest counted in `other`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Distribution {
    /// Count per normalised value.
    pub values: BTreeMap<String, u64>,
    /// Answers whose value is not among `values`.
    pub other: u64,
}

impl Distribution {
    /// Counts `count` answers of the (normalised) `value`.
    pub fn add(&mut self, value: String, count: u64) {
        if let Some(n) = self.values.get_mut(&value) {
            *n += count;
        } else if self.values.len() < MAX_VALUES {
            self.values.insert(value, count);
        } else {
            self.other += count;
        }
    }

    /// The values, most frequent first (ties by value).
    pub fn ranked(&self) -> Vec<(&str, u64)> {
        let mut out: Vec<(&str, u64)> = self.values.iter().map(|(v, n)| (v.as_str(), *n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }

    /// Answers counted in all.
    pub fn total(&self) -> u64 {
        self.values.values().sum::<u64>() + self.other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn obs(status: AnswerStatus, time_ms: u64, level: f64) -> Observation {
        Observation {
            status,
            time_ms: Some(time_ms),
            source: Source::Positioning,
            level: Some(level),
        }
    }

    #[test]
    fn rates_count_each_status_over_all_answers() {
        let mut s = Summary::default();
        for st in [
            AnswerStatus::Ok,
            AnswerStatus::Ok,
            AnswerStatus::Ko,
            AnswerStatus::Aband,
            AnswerStatus::Timedout,
            AnswerStatus::Focusedout,
            AnswerStatus::Partially,
            AnswerStatus::Ok,
        ] {
            s.add(&obs(st, 1_000, 1.0));
        }
        let f = s.figures(0);
        assert_eq!(f.answers, 8);
        assert_eq!(f.success, Some(3.0 / 8.0));
        assert_eq!(f.skip, Some(1.0 / 8.0));
        assert_eq!(f.timed_out, Some(1.0 / 8.0));
        assert_eq!(f.focused_out, Some(1.0 / 8.0));
        assert_eq!(f.exposure, None);
    }

    #[test]
    fn the_median_is_interpolated_in_its_bucket() {
        let mut s = Summary::default();
        // 4 answers in [2 s, 5 s): the median is the middle of the bucket.
        for _ in 0..4 {
            s.add(&obs(AnswerStatus::Ok, 3_000, 1.0));
        }
        assert_eq!(s.median_time_ms(), Some(3_500.0));
        // 4 more in [0, 2 s): half = 4, reached at the end of the first bucket.
        for _ in 0..4 {
            s.add(&obs(AnswerStatus::Ok, 100, 1.0));
        }
        assert_eq!(s.median_time_ms(), Some(2_000.0));
        let mut slow = Summary::default();
        slow.add(&obs(AnswerStatus::Ok, 3_600_000, 1.0));
        assert_eq!(slow.median_time_ms(), Some(600_000.0));
        assert_eq!(Summary::default().median_time_ms(), None);
    }

    #[test]
    fn the_point_biserial_matches_a_hand_computation() {
        // x = 1,1,0,0 ; y = 4,3,2,1: mean y 2.5, sd(pop) sqrt(1.25); p = 0.5;
        // r = (M1 - M0)/s · sqrt(p q) = (3.5 - 1.5)/1.118034 · 0.5 = 0.894427.
        let mut m = Moments::default();
        for (x, y) in [(true, 4.0), (true, 3.0), (false, 2.0), (false, 1.0)] {
            m.add(x, y);
        }
        let r = m.point_biserial().unwrap();
        assert!((r - 0.894_427_191).abs() < 1e-9, "{r}");
        let mut reversed = Moments::default();
        for (x, y) in [(false, 4.0), (false, 3.0), (true, 2.0), (true, 1.0)] {
            reversed.add(x, y);
        }
        assert!((reversed.point_biserial().unwrap() + 0.894_427_191).abs() < 1e-9);
    }

    #[test]
    fn no_correlation_without_variation() {
        let mut all_right = Moments::default();
        for y in [1.0, 2.0, 3.0] {
            all_right.add(true, y);
        }
        assert_eq!(all_right.point_biserial(), None);
        let mut same_level = Moments::default();
        for x in [true, false, true] {
            same_level.add(x, 0.1);
        }
        assert_eq!(same_level.point_biserial(), None);
        assert_eq!(Moments::default().point_biserial(), None);
    }

    #[test]
    fn the_exposure_is_the_share_of_courses_that_asked_it() {
        let s = Summary {
            asked_in_certification: 3,
            ..Summary::default()
        };
        assert_eq!(s.figures(12).exposure, Some(0.25));
        assert_eq!(s.figures(0).exposure, None);
    }

    fn figures(answers: u64, success: f64, skip: f64, r: Option<f64>) -> Figures {
        Figures {
            answers,
            success: Some(success),
            skip: Some(skip),
            discrimination: r,
            ..Figures::default()
        }
    }

    #[test]
    fn flags_follow_the_thresholds() {
        assert_eq!(flags(3, &figures(30, 0.0, 0.0, None)), vec![Flag::TooHard]);
        assert_eq!(flags(7, &figures(30, 0.0, 0.0, None)), vec![]);
        assert_eq!(flags(3, &figures(30, 0.96, 0.0, None)), vec![Flag::TooEasy]);
        assert_eq!(flags(1, &figures(30, 0.96, 0.0, None)), vec![]);
        assert_eq!(
            flags(3, &figures(30, 0.5, 0.0, Some(-0.2))),
            vec![Flag::NegativeDiscrimination]
        );
        assert_eq!(
            flags(3, &figures(30, 0.5, 0.0, Some(0.05))),
            vec![Flag::WeakDiscrimination]
        );
        assert_eq!(flags(3, &figures(30, 0.5, 0.0, Some(0.3))), vec![]);
        assert_eq!(
            flags(3, &figures(30, 0.5, 0.25, None)),
            vec![Flag::OftenSkipped]
        );
    }

    #[test]
    fn no_flag_before_enough_answers() {
        assert_eq!(flags(3, &figures(29, 0.0, 1.0, Some(-1.0))), vec![]);
    }

    #[test]
    fn flag_names_read_back() {
        for f in Flag::ALL {
            assert_eq!(Flag::parse(f.as_str()), Some(f));
        }
        assert_eq!(Flag::parse("nope"), None);
    }

    #[test]
    fn values_are_cleaned_and_cut() {
        assert_eq!(normalise_value("  Paris\0  Nord \t"), "paris nord");
        let long = "a".repeat(1_000_000);
        let cut = normalise_value(&long);
        assert_eq!(cut.chars().count(), MAX_VALUE_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn the_distribution_keeps_the_first_values_and_counts_the_rest() {
        let mut d = Distribution::default();
        for i in 0..MAX_VALUES + 5 {
            d.add(format!("v{i}"), 1);
        }
        d.add("v0".into(), 3);
        assert_eq!(d.values.len(), MAX_VALUES);
        assert_eq!(d.other, 5);
        assert_eq!(d.ranked()[0], ("v0", 4));
        assert_eq!(d.total(), MAX_VALUES as u64 + 5 + 3);
    }

    fn status() -> impl Strategy<Value = AnswerStatus> {
        prop_oneof![
            Just(AnswerStatus::Ok),
            Just(AnswerStatus::Ko),
            Just(AnswerStatus::Aband),
            Just(AnswerStatus::Timedout),
            Just(AnswerStatus::Focusedout),
            Just(AnswerStatus::Partially),
        ]
    }

    fn observation() -> impl Strategy<Value = Observation> {
        (
            status(),
            proptest::option::of(0u64..2_000_000),
            any::<bool>(),
            proptest::option::of(-9.0f64..9.0),
        )
            .prop_map(|(status, time_ms, cert, level)| Observation {
                status,
                time_ms,
                source: if cert {
                    Source::Certification
                } else {
                    Source::Positioning
                },
                level,
            })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
    }

    fn moments_close(a: &Moments, b: &Moments) -> bool {
        a.n == b.n
            && close(a.sx, b.sx)
            && close(a.sy, b.sy)
            && close(a.syy, b.syy)
            && close(a.sxy, b.sxy)
    }

    proptest! {
        #[test]
        fn merging_two_halves_gives_the_summary_of_the_whole(
            answers in proptest::collection::vec(observation(), 0..200),
            cut in 0usize..200,
        ) {
            let cut = cut.min(answers.len());
            let mut whole = Summary::default();
            answers.iter().for_each(|o| whole.add(o));
            let (left, right) = answers.split_at(cut);
            let mut merged = Summary::default();
            left.iter().for_each(|o| merged.add(o));
            let mut second = Summary::default();
            right.iter().for_each(|o| second.add(o));
            merged.merge(&second);
            prop_assert_eq!(merged.answers, whole.answers);
            prop_assert_eq!(merged.ok, whole.ok);
            prop_assert_eq!(merged.skipped, whole.skipped);
            prop_assert_eq!(merged.timed_out, whole.timed_out);
            prop_assert_eq!(merged.focused_out, whole.focused_out);
            prop_assert_eq!(merged.partially, whole.partially);
            prop_assert_eq!(merged.ko, whole.ko);
            prop_assert_eq!(merged.times, whole.times);
            prop_assert!(moments_close(&merged.positioning, &whole.positioning));
            prop_assert!(moments_close(&merged.certification, &whole.certification));
            prop_assert_eq!(merged.median_time_ms(), whole.median_time_ms());
        }
    }
}
