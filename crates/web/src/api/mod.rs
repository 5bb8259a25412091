//! The JSON API under `/api/v1`, with bearer tokens and an OpenAPI document.
//!
//! Errors are JSON with a stable `code` and a human `message`, never a stack trace. Handlers
//! live in one module per resource (`users`, `token`, `framework`, `scorecards`,
//! `evaluations`, `assessments`).

mod assessments;
mod campaigns;
mod error;
mod evaluations;
mod framework;
mod openapi;
mod scorecards;
mod token;
mod users;

pub use error::{ApiError, ApiJson};

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// Largest JSON body the API reads; a larger one answers 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The API routes, relative to `/api/v1`. `limited` holds the routes under the per-IP limit.
pub fn routes(state: &AppState) -> Router<AppState> {
    let limited = Router::new()
        .route("/users", post(users::create))
        .route("/token", post(token::create))
        .layer(axum::middleware::from_fn_with_state(
            state.limiter.clone(),
            crate::auth::rate_limit::limit,
        ));
    Router::new()
        .merge(limited)
        .route("/framework", get(framework::show))
        .route("/me/scorecards", get(scorecards::list))
        .route("/competence-evaluations", post(evaluations::create))
        .route("/assessments/{id}/next", get(assessments::next))
        .route("/assessments/{id}/answers", post(assessments::answer))
        .route(
            "/campaigns/{campaign}/participations",
            post(campaigns::join),
        )
        .route("/participations/{id}/share", post(campaigns::share))
        .route("/campaigns/{campaign}/export.csv", get(campaigns::export))
        .route("/openapi.json", get(openapi::document))
        .fallback(error::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
}
