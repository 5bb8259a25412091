//! The use-case layer's error: what went wrong, as a stable code the HTML and JSON layers
//! translate; never a translated text, never a database or HTTP detail.

/// A use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Something that should not fail did (a worker thread gone, a hash that cannot be
    /// computed); the text is for logs, never for users.
    #[error("internal error: {0}")]
    Internal(&'static str),
}
