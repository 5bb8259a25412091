//! The use-case layer's error: what went wrong, as a stable code the HTML and JSON layers
//! translate; never a translated text, never a database or HTTP detail.

use acquis_store::StoreError;

/// A use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist, or the caller may not know it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change collides with an existing one (a unique value taken).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// Something that should not fail did (a worker thread gone, a hash that cannot be
    /// computed); the text is for logs, never for users.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// The database failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Conflict(what) => AppError::Conflict(what),
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Internal(_) | AppError::Store(_) => "internal",
        }
    }
}
