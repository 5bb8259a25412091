//! Campaigns: the rules an organisation's assessment follows, from its code to its CSV export.
//!
//! An organisation builds a [target profile](target) (tubes with level caps), runs campaigns on
//! it (each with a [code] learners type), and reads each participant's [mastery] of the target
//! skills, the [stage](stages) reached, the [badges] obtained and the [trainings] recommended;
//! joining accounts are [reconciled](reconciliation) with the organisation's learners, whose
//! list is imported again and again without duplicates ([roster]);
//! participants may [retry]; results leave as a CSV whose cells [export] produces.
//!
//! Everything here is a pure function of the framework, the learner's knowledge elements and the
//! timestamps the caller passes. It never reads a clock, never draws randomness it was not given,
//! never does I/O: storing campaigns, checking code uniqueness and streaming the CSV belong to
//! `store` and `web`.

pub mod badges;
pub mod code;
pub mod export;
pub mod mastery;
pub mod participation;
pub mod reconciliation;
pub mod retry;
pub mod roster;
pub mod settings;
pub mod stages;
pub mod target;
pub mod trainings;

pub use badges::{Badge, BadgeError, Criterion, obtained};
pub use code::{CampaignCode, CodeError, SAFE_DIGITS, SAFE_LETTERS, SessionCode};
pub use export::{
    CsvLayout, NOT_AVAILABLE, ParticipantResults, ParticipantRow, ProfilesCsvLayout, format_date,
    format_rate, neutralise,
};
pub use mastery::{Count, Mastery, Percent, PercentError};
pub use participation::{ParticipationStatus, TransitionError};
pub use retry::{RetryRefusal, attempt, may_retry};
pub use settings::{CampaignType, ExternalIdKind, Sendings, UnknownName};
pub use stages::{
    ReachedStage, Stage, StageError, StageThreshold, Stages, stage_index, stage_number,
};
pub use target::{
    CappedTube, LevelCap, TargetError, TargetItem, TargetProfile, TargetSkill, TargetSkills,
};
pub use trainings::{Training, TrainingKind, Trigger, TriggerKind, recommended};

#[cfg(test)]
pub(crate) mod fixture;
