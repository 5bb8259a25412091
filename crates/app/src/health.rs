//! Whether the service can serve: the health check's use case.

use acquis_store::StoreError;

use crate::App;

/// Whether the database answers.
pub async fn database(app: &App) -> Result<(), StoreError> {
    app.store.health().await
}
