//! `GET /health`: whether the server and its database answer, and which release is live.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::AppState;

/// Checks the database; 200 when it answers, 503 otherwise.
#[tracing::instrument(skip_all)]
pub async fn check(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let live = state.live();
    let release = json!({ "id": live.release_id, "version": live.version });
    match acquis_app::health::database(&state.app).await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok", "release": release })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unreachable", "release": release })),
            )
        }
    }
}
