//! The store's one error type. Database details stay here; callers see what happened in
//! words they can act on (a conflict, a missing row, an unreachable server).

/// What can go wrong when storing or reading.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL cannot be understood.
    #[error("invalid database URL {url}: {reason}")]
    InvalidUrl {
        /// The URL, password hidden.
        url: String,
        /// Why.
        reason: String,
    },
    /// The database cannot be reached or opened.
    #[error("cannot reach the database at {url}: {reason}")]
    Unreachable {
        /// The URL, password hidden.
        url: String,
        /// Why.
        reason: String,
    },
    /// A unique value is already taken (e.g. an email).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// A row that should exist does not.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Stored data cannot be read back (e.g. a release's framework JSON).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A database error on the synchronous SQLite path of the evaluation hot path.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The backend cannot do this; the message says what to use instead.
    #[error("{0}")]
    Unsupported(String),
    /// A backup or restore cannot go ahead (an existing file, a file that is not an intact
    /// Acquis database, a database another process holds).
    #[error("{0}")]
    Backup(String),
    /// A database task stopped before it finished (it panicked or the runtime is shutting down).
    #[error("database task failed: {0}")]
    Task(String),
}

impl StoreError {
    /// Maps a unique-constraint violation to `Conflict(what)`, keeping other errors.
    pub(crate) fn conflict_on_unique(e: sqlx::Error, what: &'static str) -> StoreError {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
            _ => StoreError::Database(e),
        }
    }
}
