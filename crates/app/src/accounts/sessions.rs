//! Sessions of the portals, kept in the database so web nodes are stateless: the web layer's
//! session store (`tower-sessions`) reads and writes them through these, with the clock's time.

use acquis_store::StoreError;
use chrono::{DateTime, Utc};

use crate::App;

/// Whether a session id is taken.
pub async fn exists(app: &App, id: &str) -> Result<bool, StoreError> {
    app.store.session_exists(id).await
}

/// Saves a session's data until `expires`.
pub async fn save(
    app: &App,
    id: &str,
    data: &str,
    expires: DateTime<Utc>,
) -> Result<(), StoreError> {
    app.store.save_session(id, data, expires).await
}

/// A session's data, unless it is unknown or expired.
pub async fn load(app: &App, id: &str) -> Result<Option<String>, StoreError> {
    app.store.load_session(id, app.now()).await
}

/// Deletes a session.
pub async fn delete(app: &App, id: &str) -> Result<(), StoreError> {
    app.store.delete_session(id).await
}
