//! "Why this question": a test replayed step by step from its stored answers.
//!
//! For a positioning test (competence evaluation or campaign test, [`positioning`]) and for a
//! certification test ([`course`]), each step gives what the engine knew before the question
//! (the estimate), what it considered (the candidate skills with their reward, or the most
//! informative items with their Fisher information), the rule that picked one, the question
//! the test actually asked, the answer's status and its effect. Everything is recomputed by
//! the engines themselves from the stored facts, the seed and the settings version: nothing
//! here decides anything new. When a recomputed choice is not the question the test asked,
//! the step carries a [`Divergence`]: a replay never hides a difference.
//!
//! Pure: no clock, no I/O. It never looks at a challenge's solution.

pub mod course;
pub mod positioning;

use serde::Serialize;

pub use course::{CourseInput, CourseOutcome, CourseReplay, CourseRule, CourseStep, Exclusions};
pub use positioning::{
    PositioningInput, PositioningReplay, PositioningStep, PriorElement, StoredAnswer,
    replay_positioning,
};

/// How a recomputed step differs from what the test actually did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Divergence {
    /// The engine now picks another question than the one asked.
    OtherQuestion {
        /// The question the replay picks.
        replayed: String,
    },
    /// The engine now asks nothing more, yet the test asked this question.
    EndedBefore,
    /// The question asked is not one the engine could serve from this content release.
    UnknownQuestion,
}
