//! How `core`'s enums are read from a column: one decoding per enum (its stored name, parsed
//! strictly by `FromStr`), used by both sqlx backends through `#[sqlx(try_from = "Stored")]`
//! (the rusqlite hot path reads none of these columns). Values are written with `as_str()`.

use acquis_core::campaign::{CampaignType, ParticipationStatus, UnknownName};

/// A stored name as read from a text column, before it is parsed into its enum.
#[derive(Debug, Clone, sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct Stored(String);

impl TryFrom<Stored> for ParticipationStatus {
    type Error = UnknownName;

    fn try_from(s: Stored) -> Result<Self, UnknownName> {
        s.0.parse()
    }
}

impl TryFrom<Stored> for CampaignType {
    type Error = UnknownName;

    fn try_from(s: Stored) -> Result<Self, UnknownName> {
        s.0.parse()
    }
}
