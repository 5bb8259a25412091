//! The Acquis domain, pure and fast: the first layer (**core** ← store ← app ← web ← cli).
//!
//! This crate holds the competence framework (areas, competences, tubes, skills, challenges,
//! tutorials) and the rules that work on it: answer checking today; adaptive engines, scoring,
//! campaign and certification rules as they come. It must never do I/O, never be async and
//! never know about HTTP or SQL: the other crates call it, it calls nobody.

pub mod account;
pub mod answer;
pub mod campaign;
pub mod certification;
pub mod challenge;
pub mod framework;
pub mod ids;
pub mod irt;
pub mod item_statistics;
pub mod operator;
pub mod organization;
pub mod positioning;
pub mod replay;
pub mod scoring;
pub mod simulation;
pub mod text;

pub use answer::{
    AnswerContext, AnswerStatus, Correction, InputCorrection, Response, ResponseError,
};
pub use challenge::{
    Challenge, ChallengeStatus, Embed, Illustration, Input, InputFormat, IrtParams, Question,
    Tolerance, Tolerances,
};
pub use framework::{
    Area, Competence, Framework, FrameworkData, FrameworkError, LocalizedText, Skill, Tube,
    Tutorial, TutorialFormat,
};
