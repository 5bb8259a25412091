//! Enums stored by name (`ADMIN`, `SCO`…): one decoding, for both sqlx backends, from `core`'s
//! `FromStr` (its table of stored names). A name no variant has is a decoding error, never a
//! default.

use std::str::FromStr;

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

use acquis_core::campaign::{CampaignType, ParticipationStatus};
use acquis_core::operator::OperatorRole;
use acquis_core::organization::{Accreditation, OrganizationKind, Role};

/// A column holding the stored name of a `T`. Records read it with
/// `#[sqlx(try_from = "Stored<T>")]`.
pub(crate) struct Stored<T>(pub(crate) T);

impl<DB: Database, T> Type<DB> for Stored<T>
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database, T> Decode<'r, DB> for Stored<T>
where
    String: Decode<'r, DB>,
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let name = <String as Decode<'r, DB>>::decode(value)?;
        Ok(Stored(name.parse()?))
    }
}

/// Lets records name `Stored<T>` as the column type of a `T` field.
macro_rules! stored {
    ($($ty:ty),+) => {
        $(impl From<Stored<$ty>> for $ty {
            fn from(stored: Stored<$ty>) -> $ty {
                stored.0
            }
        })+
    };
}

stored!(
    Role,
    OrganizationKind,
    CampaignType,
    ParticipationStatus,
    OperatorRole,
    Accreditation
);
