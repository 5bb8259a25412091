//! Challenges (épreuves): the five question types, their options and their solutions.
//!
//! A `Question` carries its solution; the web layer must build what reaches the browser from
//! the public parts only (`Question::proposals`, `Question::inputs`), never serialise it whole
//! before the answer is stored.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// One challenge: a question on one skill, with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Challenge {
    /// Unique id in the framework, `[a-z0-9-]+`.
    pub id: String,
    /// The skill this challenge assesses.
    pub skill: String,
    /// Draft, validated, archived or obsolete: only validated challenges are served.
    pub status: ChallengeStatus,
    /// Locales the challenge is served in (`fr`, `en`, …).
    pub locales: Vec<String>,
    /// What the learner must do (markdown).
    pub instruction: String,
    /// Shown in the correction (markdown).
    pub explanation: String,
    /// The question and its solution.
    pub question: Question,
    /// An optional picture with its text alternative.
    pub illustration: Option<Illustration>,
    /// Files to download and work on (paths under the content's `files/`).
    pub attachments: Vec<String>,
    /// An optional interactive simulator.
    pub embed: Option<Embed>,
    /// Seconds allowed, if timed.
    pub timer: Option<u32>,
    /// Leaving the page during the challenge is recorded and fails the answer.
    pub focused: bool,
    /// Usable with assistive technologies and without any visual, pointer or timing
    /// dependence: the only challenges served to a certification candidate who needs an
    /// accessibility adjustment. Absent from older stored data, hence the default `false`.
    #[serde(default)]
    pub accessible: bool,
    /// Item response theory parameters.
    pub irt: IrtParams,
}

impl Challenge {
    /// Whether the challenge may be served to learners.
    pub fn is_servable(&self) -> bool {
        self.status == ChallengeStatus::Validated
    }

    /// Whether the challenge is served in `locale`.
    pub fn serves_locale(&self, locale: &str) -> bool {
        self.locales.iter().any(|l| l == locale)
    }
}

/// The life cycle of a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChallengeStatus {
    /// Being written; never served.
    Draft,
    /// Served in evaluations.
    Validated,
    /// Withdrawn; kept for the answers that refer to it.
    Archived,
    /// Replaced or wrong; kept for history.
    Obsolete,
}

impl ChallengeStatus {
    /// Every status, in a stable order.
    pub const ALL: [ChallengeStatus; 4] = [
        ChallengeStatus::Draft,
        ChallengeStatus::Validated,
        ChallengeStatus::Archived,
        ChallengeStatus::Obsolete,
    ];

    /// The name used in content files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeStatus::Draft => "draft",
            ChallengeStatus::Validated => "validated",
            ChallengeStatus::Archived => "archived",
            ChallengeStatus::Obsolete => "obsolete",
        }
    }
}

/// A question of one of the five types, with its solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Question {
    /// One choice among proposals; `solution` is 1-based.
    Qcu {
        /// The choices (markdown inline).
        proposals: Vec<String>,
        /// The number (from 1) of the right proposal.
        solution: usize,
    },
    /// Several choices; right when the chosen set equals the solution set.
    Qcm {
        /// The choices (markdown inline).
        proposals: Vec<String>,
        /// The numbers (from 1) of the right proposals.
        solution: BTreeSet<usize>,
    },
    /// One free input.
    Qroc {
        /// The input.
        input: Input,
        /// Accepted answers.
        accepted: Vec<String>,
        /// Tolerances applied when comparing.
        tolerances: Tolerances,
    },
    /// Several inputs, each checked on its own against its accepted answers.
    QrocmInd {
        /// The inputs, in display order.
        inputs: Vec<Input>,
        /// Accepted answers per input key.
        accepted: BTreeMap<String, Vec<String>>,
        /// Tolerances applied when comparing.
        tolerances: Tolerances,
    },
    /// Several inputs answered in any order: each must match a distinct group.
    QrocmDep {
        /// The inputs, in display order.
        inputs: Vec<Input>,
        /// Groups of equivalent accepted answers.
        groups: Vec<Vec<String>>,
        /// Tolerances applied when comparing.
        tolerances: Tolerances,
    },
}

impl Question {
    /// The type's name as written in content files: `qcu`, `qcm`, `qroc`, `qrocm-ind`, `qrocm-dep`.
    pub fn kind(&self) -> &'static str {
        match self {
            Question::Qcu { .. } => "qcu",
            Question::Qcm { .. } => "qcm",
            Question::Qroc { .. } => "qroc",
            Question::QrocmInd { .. } => "qrocm-ind",
            Question::QrocmDep { .. } => "qrocm-dep",
        }
    }

    /// The five type names, in a stable order.
    pub const KINDS: [&'static str; 5] = ["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"];

    /// The proposals of a QCU or QCM (empty otherwise): safe to show before answering.
    pub fn proposals(&self) -> &[String] {
        match self {
            Question::Qcu { proposals, .. } | Question::Qcm { proposals, .. } => proposals,
            _ => &[],
        }
    }

    /// The inputs of a QROC or QROCM (empty otherwise): safe to show before answering.
    pub fn inputs(&self) -> &[Input] {
        match self {
            Question::Qroc { input, .. } => std::slice::from_ref(input),
            Question::QrocmInd { inputs, .. } | Question::QrocmDep { inputs, .. } => inputs,
            _ => &[],
        }
    }
}

/// A free input of a QROC or QROCM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The key the answer is given under, `[a-z0-9_]+`.
    pub key: String,
    /// The accessible label.
    pub label: String,
    /// Text, number or drop-down list.
    pub format: InputFormat,
    /// Choices of a drop-down list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// An example shown in the empty input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
}

/// How an input is entered and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Free text, compared with the challenge's tolerances.
    #[default]
    Text,
    /// A number, compared as a number.
    Number,
    /// A choice in a drop-down list.
    Select,
}

/// One of the three switchable tolerances of answer checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tolerance {
    /// Trim, lower-case, strip accents, remove white space.
    T1,
    /// Keep only `[a-z0-9 ]`, collapse spaces.
    T2,
    /// Accept an edit distance up to 25 % of the answer's length.
    T3,
}

/// The tolerances enabled on a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tolerances {
    /// T1 enabled.
    pub t1: bool,
    /// T2 enabled.
    pub t2: bool,
    /// T3 enabled.
    pub t3: bool,
}

impl Tolerances {
    /// No tolerance: exact comparison after NFC normalisation.
    pub const NONE: Tolerances = Tolerances {
        t1: false,
        t2: false,
        t3: false,
    };
    /// All three tolerances.
    pub const ALL: Tolerances = Tolerances {
        t1: true,
        t2: true,
        t3: true,
    };

    /// Builds the set from a list such as `[t1, t3]`.
    pub fn from_list(list: &[Tolerance]) -> Self {
        Tolerances {
            t1: list.contains(&Tolerance::T1),
            t2: list.contains(&Tolerance::T2),
            t3: list.contains(&Tolerance::T3),
        }
    }
}

/// A picture shown with the instruction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Illustration {
    /// Path under the content's `files/`.
    pub file: String,
    /// Text alternative.
    pub alt: String,
}

/// An interactive simulator shown in a sandboxed frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Embed {
    /// Path of the HTML page under the content's `files/`.
    pub file: String,
    /// Accessible title of the frame.
    pub title: String,
    /// Height in CSS pixels.
    pub height: u32,
}

/// 2PL item parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IrtParams {
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
}

impl IrtParams {
    /// Initial parameters of a challenge of skill level `level` before any calibration:
    /// discrimination 1 and the middle of the capacity band of that level.
    pub fn default_for_level(level: u8) -> Self {
        let b = match level {
            0 | 1 => -1.5,
            2 => -0.25,
            3 => 0.75,
            4 => 1.5,
            5 => 2.5,
            6 => 3.5,
            7 => 4.5,
            _ => 5.5,
        };
        IrtParams { a: 1.0, b }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_difficulty_rises_with_the_level() {
        let bs: Vec<f64> = (1..=8).map(|l| IrtParams::default_for_level(l).b).collect();
        assert!(bs.windows(2).all(|w| w[0] < w[1]), "{bs:?}");
    }

    #[test]
    fn public_parts_expose_proposals_and_inputs_only() {
        let q = Question::Qcu {
            proposals: vec!["a".into(), "b".into()],
            solution: 2,
        };
        assert_eq!(q.proposals().len(), 2);
        assert!(q.inputs().is_empty());
        assert_eq!(q.kind(), "qcu");
    }
}
