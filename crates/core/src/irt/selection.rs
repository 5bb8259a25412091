//! Item selection: the most informative items, randomised among the best for exposure control.
//!
//! Eligible items: not used yet, at most one per tube, one per competence until every
//! competence is covered, and no competence repeated within the last N answers. The rules are
//! relaxed in that order of importance (coverage, then spacing) only when nothing else is
//! left. Among the eligible items the `top` most informative at the current capacity are kept
//! in a stable order (ties keep bank order) and the walk stops at each with probability 0.51
//! (v3-2024). With Sympson–Hetter exposure control (v4-2026-ec) the eligible items are
//! considered from the most informative down and each is administered with its exposure
//! parameter `K_i` as probability.

use rand::Rng;
use serde::Serialize;

use crate::irt::config::{ExposureControl, SelectionConfig};
use crate::irt::exposure::ExposureParameters;
use crate::irt::model::{ItemBank, NO_GROUP};

/// What has been asked so far in one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestState {
    used: Vec<bool>,
    used_tubes: Vec<bool>,
    competence_counts: Vec<u32>,
    covered: usize,
    history: Vec<usize>,
}

impl TestState {
    /// A test that has asked nothing of `bank`.
    pub fn new(bank: &ItemBank) -> Self {
        TestState {
            used: vec![false; bank.len()],
            used_tubes: vec![false; bank.tube_count()],
            competence_counts: vec![0; bank.competence_count()],
            covered: 0,
            history: Vec::new(),
        }
    }

    /// Records that item `item` (a bank position) was asked.
    pub fn record(&mut self, bank: &ItemBank, item: usize) {
        let Some(it) = bank.items().get(item) else {
            return;
        };
        self.used[item] = true;
        if it.tube != NO_GROUP {
            self.used_tubes[it.tube as usize] = true;
        }
        if it.competence != NO_GROUP {
            let count = &mut self.competence_counts[it.competence as usize];
            if *count == 0 {
                self.covered += 1;
            }
            *count += 1;
        }
        self.history.push(item);
    }

    /// The items asked, in order.
    pub fn history(&self) -> &[usize] {
        &self.history
    }

    /// Whether an item was asked.
    pub fn is_used(&self, item: usize) -> bool {
        self.used.get(item).copied().unwrap_or(false)
    }
}

/// The rule that ended up deciding which items were eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// Items of competences not yet covered.
    UncoveredCompetences,
    /// Items of competences not asked within the spacing window.
    SpacedCompetences,
    /// Any unused item of an unused tube.
    Any,
}

/// One selection, with the best items it chose among.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selected {
    /// The chosen item (a bank position).
    pub item: usize,
    /// The best items with their information, most informative first.
    pub candidates: Vec<(usize, f64)>,
    /// The chosen item's rank among them.
    pub rank: usize,
    /// Which rule decided eligibility.
    pub eligibility: Eligibility,
}

/// The selection rules applied to one bank.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    bank: &'a ItemBank,
    config: &'a SelectionConfig,
    exposure: Option<&'a ExposureParameters>,
}

impl<'a> Selection<'a> {
    /// The selection of `config` on `bank`. With Sympson–Hetter exposure control and no
    /// parameters every `K_i` is 1: plain maximum information (see [`Self::with_exposure`]).
    pub fn new(bank: &'a ItemBank, config: &'a SelectionConfig) -> Self {
        Selection {
            bank,
            config,
            exposure: None,
        }
    }

    /// The selection of `config` on `bank` with the Sympson–Hetter parameters `exposure`
    /// (computed for this bank by [`ExposureParameters::calibrate`]); they are ignored unless
    /// `config.exposure` is [`ExposureControl::SympsonHetter`].
    pub fn with_exposure(
        bank: &'a ItemBank,
        config: &'a SelectionConfig,
        exposure: &'a ExposureParameters,
    ) -> Self {
        Selection {
            bank,
            config,
            exposure: Some(exposure),
        }
    }

    /// The next item at capacity `capacity`, or `None` when no item is left.
    pub fn choose(&self, state: &TestState, capacity: f64, rng: &mut impl Rng) -> Option<Selected> {
        let items = self.bank.items();
        let free = |i: usize| {
            let it = &items[i];
            !state.used[i]
                && (!self.config.one_per_tube
                    || it.tube == NO_GROUP
                    || !state.used_tubes[it.tube as usize])
        };
        if self.config.all_competences_first && state.covered < self.bank.competence_count() {
            let uncovered = |i: usize| {
                let c = items[i].competence;
                c != NO_GROUP && state.competence_counts[c as usize] == 0
            };
            let eligible = |i: usize| free(i) && uncovered(i);
            if let Some(s) = self.pick(capacity, &eligible, Eligibility::UncoveredCompetences, rng)
            {
                return Some(s);
            }
        }
        let spacing = self.config.competence_spacing;
        if spacing > 0 && self.bank.competence_count() > 0 {
            let mut recent = vec![false; self.bank.competence_count()];
            for &i in state.history.iter().rev().take(spacing) {
                if items[i].competence != NO_GROUP {
                    recent[items[i].competence as usize] = true;
                }
            }
            let spaced = |i: usize| {
                let c = items[i].competence;
                c == NO_GROUP || !recent[c as usize]
            };
            let eligible = |i: usize| free(i) && spaced(i);
            if let Some(s) = self.pick(capacity, &eligible, Eligibility::SpacedCompetences, rng) {
                return Some(s);
            }
        }
        self.pick(capacity, &free, Eligibility::Any, rng)
    }

    /// The choice among the items `eligible` admits, or `None` if it admits none.
    fn pick(
        &self,
        capacity: f64,
        eligible: &impl Fn(usize) -> bool,
        eligibility: Eligibility,
        rng: &mut impl Rng,
    ) -> Option<Selected> {
        match (&self.config.exposure, self.exposure) {
            (ExposureControl::SympsonHetter(_), Some(k)) => {
                self.sympson_hetter(capacity, eligible, eligibility, k, rng)
            }
            (ExposureControl::SympsonHetter(_), None) => {
                let mut best = Vec::with_capacity(2);
                self.top(1, capacity, eligible, &mut best);
                (!best.is_empty()).then(|| Selected {
                    item: best[0].0,
                    candidates: best,
                    rank: 0,
                    eligibility,
                })
            }
            (ExposureControl::TopWalk, _) => {
                let mut best = Vec::with_capacity(self.config.top + 1);
                self.top(self.config.top, capacity, eligible, &mut best);
                (!best.is_empty()).then(|| self.walk(best, eligibility, rng))
            }
        }
    }

    /// Sympson–Hetter: the most informative eligible item among those accepted, each item
    /// being accepted with probability `K_i`; if none is, the most informative. This is the
    /// classic walk from the most informative item down (administer with probability `K_i`,
    /// else go on) computed in one scan by decreasing information bound: an item's acceptance
    /// is drawn only when it would beat the best accepted item so far (an item that cannot
    /// changes nothing, whatever its draw), and the scan stops once no remaining item can.
    /// The candidates reported are the items whose acceptance was drawn, most informative
    /// first.
    fn sympson_hetter(
        &self,
        capacity: f64,
        eligible: &impl Fn(usize) -> bool,
        eligibility: Eligibility,
        k: &ExposureParameters,
        rng: &mut impl Rng,
    ) -> Option<Selected> {
        let items = self.bank.items();
        let mut accepted: Option<(usize, f64)> = None;
        let mut fallback: Option<(usize, f64)> = None;
        let mut considered = Vec::new();
        for &(i, bound) in self.bank.by_bound() {
            if accepted.is_some_and(|best| bound < best.1) {
                break;
            }
            let i = i as usize;
            if !eligible(i) {
                continue;
            }
            let candidate = (i, items[i].params.information(capacity));
            if fallback.is_none_or(|f| before(candidate, f)) {
                fallback = Some(candidate);
            }
            if accepted.is_some_and(|best| !before(candidate, best)) {
                continue;
            }
            let p = k.get(i);
            if p < 1.0 {
                considered.push(candidate);
            }
            if p >= 1.0 || rng.random::<f64>() < p {
                accepted = Some(candidate);
            }
        }
        let chosen = accepted.or(fallback)?;
        if !considered.contains(&chosen) {
            considered.push(chosen);
        }
        considered.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let rank = considered.iter().position(|&c| c == chosen).unwrap_or(0);
        Some(Selected {
            item: chosen.0,
            candidates: considered,
            rank,
            eligibility,
        })
    }

    /// The `top` most informative eligible items, most informative first, ties in bank order.
    /// Items are scanned by decreasing information bound, so the scan stops as soon as no
    /// remaining item can enter the list: the result is the one a full scan gives.
    fn top(
        &self,
        top: usize,
        capacity: f64,
        eligible: &impl Fn(usize) -> bool,
        best: &mut Vec<(usize, f64)>,
    ) {
        let top = top.max(1);
        let items = self.bank.items();
        best.clear();
        for &(i, bound) in self.bank.by_bound() {
            if best.len() == top && bound < best[top - 1].1 {
                break;
            }
            let i = i as usize;
            if !eligible(i) {
                continue;
            }
            let info = items[i].params.information(capacity);
            if best.len() == top && !before((i, info), best[top - 1]) {
                continue;
            }
            let at = best.partition_point(|&other| before(other, (i, info)));
            best.insert(at, (i, info));
            best.truncate(top);
        }
    }

    fn walk(
        &self,
        best: Vec<(usize, f64)>,
        eligibility: Eligibility,
        rng: &mut impl Rng,
    ) -> Selected {
        let mut rank = 0;
        while rank + 1 < best.len() && rng.random::<f64>() >= self.config.keep_probability {
            rank += 1;
        }
        Selected {
            item: best[rank].0,
            candidates: best,
            rank,
            eligibility,
        }
    }
}

/// Whether `x` ranks before `y`: more information, or as much and earlier in the bank.
fn before(x: (usize, f64), y: (usize, f64)) -> bool {
    x.1 > y.1 || (x.1 == y.1 && x.0 < y.0)
}

#[cfg(test)]
mod tests;
