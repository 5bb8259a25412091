//! Items and their response model.

use serde::{Deserialize, Serialize};

/// An item with no tube or no competence.
pub const NO_GROUP: u32 = u32::MAX;

/// Response model parameters: 2PL (`c = 0`, `d = 1`), or 4PL with a guessing floor `c` and a
/// slipping ceiling `d` for simulations of banks that have them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemParams {
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Lower asymptote (0 in 2PL).
    pub c: f64,
    /// Upper asymptote (1 in 2PL).
    pub d: f64,
}

impl ItemParams {
    /// A 2PL item.
    pub fn two_pl(a: f64, b: f64) -> Self {
        ItemParams {
            a,
            b,
            c: 0.0,
            d: 1.0,
        }
    }

    /// Probability of a right answer at capacity `theta`: `c + (d − c) / (1 + exp(a·(b − θ)))`.
    #[inline]
    pub fn probability(&self, theta: f64) -> f64 {
        self.c + (self.d - self.c) / (1.0 + (self.a * (self.b - theta)).exp())
    }

    /// Fisher information at `theta` (`a²·P·(1 − P)` in 2PL).
    #[inline]
    pub fn information(&self, theta: f64) -> f64 {
        let p = self.probability(theta);
        if self.c == 0.0 && self.d == 1.0 {
            return self.a * self.a * p * (1.0 - p);
        }
        let q = 1.0 - p;
        if p <= 0.0 || q <= 0.0 {
            return 0.0;
        }
        let span = self.d - self.c;
        self.a * self.a * (p - self.c).powi(2) * (self.d - p).powi(2) / (span * span * p * q)
    }
}

impl ItemParams {
    /// An upper bound of the information at any capacity: `a²/4`. With `P = c + (d − c)·L`,
    /// `P(1 − P) >= (d − c)²·L(1 − L)`, so the 4PL information is at most `a²·L(1 − L)`.
    /// Infinite (no pruning) for asymptotes outside `0 <= c < d <= 1` or non-finite values.
    pub fn information_bound(&self) -> f64 {
        let sane = self.a.is_finite() && 0.0 <= self.c && self.c < self.d && self.d <= 1.0;
        if sane {
            self.a * self.a / 4.0
        } else {
            f64::INFINITY
        }
    }
}

impl From<crate::challenge::IrtParams> for ItemParams {
    fn from(p: crate::challenge::IrtParams) -> Self {
        ItemParams::two_pl(p.a, p.b)
    }
}

/// One item of a bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Its id (a challenge id in certification).
    pub id: String,
    /// Its parameters.
    pub params: ItemParams,
    /// Dense tube number, or [`NO_GROUP`].
    pub tube: u32,
    /// Dense competence number, or [`NO_GROUP`].
    pub competence: u32,
}

/// The items a test draws from, with the number of tubes and competences they span.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemBank {
    items: Vec<Item>,
    tubes: usize,
    competences: usize,
    /// Items by decreasing information bound, with the bound: selection stops scanning once
    /// the bound falls below the information it already holds.
    by_bound: Vec<(u32, f64)>,
}

impl ItemBank {
    /// A bank of items; tube and competence numbers must be dense from 0 (or [`NO_GROUP`]).
    pub fn new(items: Vec<Item>) -> Self {
        let count = |f: fn(&Item) -> u32| {
            items
                .iter()
                .map(f)
                .filter(|&g| g != NO_GROUP)
                .map(|g| g as usize + 1)
                .max()
                .unwrap_or(0)
        };
        let tubes = count(|i| i.tube);
        let competences = count(|i| i.competence);
        let mut by_bound: Vec<(u32, f64)> = items
            .iter()
            .enumerate()
            .map(|(i, it)| (i as u32, it.params.information_bound()))
            .collect();
        by_bound.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        ItemBank {
            items,
            tubes,
            competences,
            by_bound,
        }
    }

    /// A bank of ungrouped items (no tube or competence rule applies).
    pub fn ungrouped(params: impl IntoIterator<Item = (String, ItemParams)>) -> Self {
        ItemBank::new(
            params
                .into_iter()
                .map(|(id, params)| Item {
                    id,
                    params,
                    tube: NO_GROUP,
                    competence: NO_GROUP,
                })
                .collect(),
        )
    }

    /// The bank of the servable challenges of a framework served in `locale`, grouped by tube
    /// and competence.
    pub fn from_framework(framework: &crate::framework::Framework, locale: &str) -> Self {
        Self::from_framework_where(framework, locale, |_| true)
    }

    /// The bank of the servable challenges of a framework served in `locale` that are marked
    /// accessible: the bank of a candidate who needs an accessibility adjustment.
    pub fn accessible_from_framework(
        framework: &crate::framework::Framework,
        locale: &str,
    ) -> Self {
        Self::from_framework_where(framework, locale, |c| c.accessible)
    }

    /// The bank of the servable challenges of a framework served in `locale` for which `keep`
    /// holds. Tubes and competences are numbered in the order their first kept challenge
    /// appears, so a filter never leaves gaps in the numbering.
    pub fn from_framework_where(
        framework: &crate::framework::Framework,
        locale: &str,
        keep: impl Fn(&crate::challenge::Challenge) -> bool,
    ) -> Self {
        let mut tube_no = std::collections::HashMap::new();
        let mut comp_no = std::collections::HashMap::new();
        let mut items = Vec::new();
        for c in framework.challenges() {
            if !c.is_servable() || !c.serves_locale(locale) || !keep(c) {
                continue;
            }
            let Some(skill) = framework.skill(&c.skill) else {
                continue;
            };
            let n = tube_no.len() as u32;
            let tube = *tube_no.entry(skill.tube.clone()).or_insert(n);
            let n = comp_no.len() as u32;
            let competence = *comp_no.entry(skill.competence.clone()).or_insert(n);
            items.push(Item {
                id: c.id.clone(),
                params: c.irt.into(),
                tube,
                competence,
            });
        }
        ItemBank::new(items)
    }

    /// Item positions with their information bound, by decreasing bound.
    pub(crate) fn by_bound(&self) -> &[(u32, f64)] {
        &self.by_bound
    }

    /// The items.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the bank is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of distinct tubes.
    pub fn tube_count(&self) -> usize {
        self.tubes
    }

    /// Number of distinct competences.
    pub fn competence_count(&self) -> usize {
        self.competences
    }
}
