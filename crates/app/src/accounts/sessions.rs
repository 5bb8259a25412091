//! Sessions of the portals, kept in the database so web nodes are stateless: the web layer's
//! session store (`tower-sessions`) reads and writes them through these, with the clock's time.

use crate::AppError;
use chrono::{DateTime, Utc};

use crate::App;

/// Whether a session id is taken.
pub async fn exists(app: &App, id: &str) -> Result<bool, AppError> {
    app.store.session_exists(id).await.map_err(AppError::from)
}

/// Saves a session's data until `expires`.
pub async fn save(app: &App, id: &str, data: &str, expires: DateTime<Utc>) -> Result<(), AppError> {
    app.store
        .save_session(id, data, expires)
        .await
        .map_err(AppError::from)
}

/// A session's data, unless it is unknown or expired.
pub async fn load(app: &App, id: &str) -> Result<Option<String>, AppError> {
    app.store
        .load_session(id, app.now())
        .await
        .map_err(AppError::from)
}

/// Deletes a session.
pub async fn delete(app: &App, id: &str) -> Result<(), AppError> {
    app.store.delete_session(id).await.map_err(AppError::from)
}

/// Deletes the sessions expired by now; returns how many.
pub async fn purge_expired(app: &App) -> Result<u64, AppError> {
    Ok(app.store.purge_expired_sessions(app.now()).await?)
}

impl App {
    /// Deletes expired sessions every `every`, so the table holds live sessions only.
    pub async fn purge_sessions_every(self, every: std::time::Duration) {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            match purge_expired(&self).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
                Err(e) => tracing::warn!(error = %e, "cannot delete expired sessions"),
            }
        }
    }
}
