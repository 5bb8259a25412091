//! The answers a calibration fits: sparse, person by person.

use super::CalibrationError;

/// Right or wrong answers of persons to items, stored person by person (compressed rows).
/// Every person may have answered any subset of the items, as in adaptive tests; a person with
/// no answer is not kept (they carry no information on any item).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Responses {
    items: usize,
    /// Start of each person's answers in `item` and `correct`, plus the end of the last one.
    starts: Vec<usize>,
    item: Vec<u32>,
    correct: Vec<bool>,
}

impl Responses {
    /// No answer yet, for a bank of `items` items (numbered `0..items`).
    pub fn new(items: usize) -> Self {
        Responses {
            items,
            starts: vec![0],
            item: Vec::new(),
            correct: Vec::new(),
        }
    }

    /// Adds one person's answers `(item, correct)`. An item number outside the bank is
    /// refused and leaves the set unchanged; no answer at all adds nobody.
    pub fn push_person(
        &mut self,
        answers: impl IntoIterator<Item = (usize, bool)>,
    ) -> Result<(), CalibrationError> {
        let before = self.item.len();
        for (item, correct) in answers {
            if item >= self.items || item > u32::MAX as usize {
                self.item.truncate(before);
                self.correct.truncate(before);
                return Err(CalibrationError::UnknownItem {
                    item,
                    items: self.items,
                });
            }
            self.item.push(item as u32);
            self.correct.push(correct);
        }
        if self.item.len() > before {
            self.starts.push(self.item.len());
        }
        Ok(())
    }

    /// Number of items of the bank.
    pub fn items(&self) -> usize {
        self.items
    }

    /// Number of persons with at least one answer.
    pub fn persons(&self) -> usize {
        self.starts.len() - 1
    }

    /// Number of answers.
    pub fn len(&self) -> usize {
        self.item.len()
    }

    /// Whether there is no answer.
    pub fn is_empty(&self) -> bool {
        self.item.is_empty()
    }

    /// The answers of person `person` (`0..persons()`), as `(item, correct)`.
    pub fn person(&self, person: usize) -> impl Iterator<Item = (usize, bool)> + '_ {
        let range = match (self.starts.get(person), self.starts.get(person + 1)) {
            (Some(&from), Some(&to)) => from..to,
            _ => 0..0,
        };
        self.item[range.clone()]
            .iter()
            .zip(&self.correct[range])
            .map(|(&i, &c)| (i as usize, c))
    }

    /// The answers of each person as raw slices, for the estimation loops.
    pub(super) fn rows(&self) -> impl Iterator<Item = (&[u32], &[bool])> + '_ {
        self.starts
            .windows(2)
            .map(|w| (&self.item[w[0]..w[1]], &self.correct[w[0]..w[1]]))
    }

    /// Answers and right answers per item.
    pub fn counts(&self) -> Vec<(u64, u64)> {
        let mut counts = vec![(0u64, 0u64); self.items];
        for (&i, &c) in self.item.iter().zip(&self.correct) {
            let entry = &mut counts[i as usize];
            entry.0 += 1;
            entry.1 += u64::from(c);
        }
        counts
    }
}
