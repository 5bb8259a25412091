//! What can go wrong in an operator's use case, as stable codes the pages translate.

use acquis_store::StoreError;

use crate::AppError;

/// An operator's use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The caller is not an operator: the portal does not exist for them (404).
    #[error("not an operator")]
    NotOperator,
    /// The caller is an operator whose role does not allow this (403).
    #[error("this operator role may not do this")]
    NotAllowed,
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique value is taken.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The change would leave the platform without a super-administrator.
    #[error("the platform keeps at least one super-administrator")]
    LastSuperAdmin,
    /// A field of the form is not acceptable: which one, and a stable code for why.
    #[error("invalid {field}: {code}")]
    Invalid {
        /// The field's name in the form.
        field: &'static str,
        /// Why (`empty`, `too_long`, `invalid_email`…).
        code: &'static str,
    },
    /// Anything else.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AdminError::NotFound(what),
            StoreError::Conflict(what) => AdminError::Conflict(what),
            other => AdminError::App(other.into()),
        }
    }
}

impl AdminError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            AdminError::NotOperator => "not_found",
            AdminError::NotAllowed => "forbidden",
            AdminError::NotFound(_) => "not_found",
            AdminError::Conflict(_) => "conflict",
            AdminError::LastSuperAdmin => "last_super_admin",
            AdminError::Invalid { code, .. } => code,
            AdminError::App(e) => e.code(),
        }
    }
}
