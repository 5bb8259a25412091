//! Adaptive positioning: the engine of competence evaluations and campaigns.
//!
//! A learner answers challenges one at a time; each answer becomes knowledge elements (what we
//! now know about which skills, [`knowledge`]); the next skill is the one whose answer teaches the
//! most given the estimated level ([`engine`]); the test ends when no skill is worth asking.
//! Improving, resetting and retrying are rules on dates ([`rules`]).
//!
//! Everything here is a pure function of its inputs: the framework (through a
//! [`PositioningIndex`] built once), the learner's knowledge elements, the answers of the running
//! assessment, its seed and the timestamps the caller passes. It never reads a clock, never draws
//! fresh randomness and never does I/O, so every decision can be replayed and explained.

pub mod engine;
pub mod index;
pub mod knowledge;
pub mod rules;

pub use engine::{
    Candidate, Choice, Decision, Explanation, Filter, FilterOutcome, NextChallenge, Phase, Reason,
    Situation, next_challenge,
};
pub use index::{PositioningIndex, SkillId, Target};
pub use knowledge::{
    Attempt, KeSource, KeStatus, KnowledgeElement, UnknownChallenge, knowledge_elements_for,
};
pub use rules::{
    DAY, IMPROVE_DELAY, RESET_DELAY, RETRY_DELAY, Timestamp, can_improve, can_reset, can_retry,
    remaining_days, reset_elements,
};
