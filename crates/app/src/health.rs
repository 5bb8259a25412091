//! Whether the service can serve: the health check's use case.

use crate::AppError;

use crate::App;

/// Whether the database answers.
pub async fn database(app: &App) -> Result<(), AppError> {
    app.store.health().await.map_err(AppError::from)
}
