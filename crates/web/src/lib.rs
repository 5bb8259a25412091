//! Acquis over HTTP: the portals (server-rendered HTML), the JSON API, static assets.
//!
//! Handlers live in modules named after their URL (`health` serves `/health`, `home` serves
//! `/`, `content_files` serves `/content/...`). Handlers read the live content from the
//! in-memory snapshot in `AppState`, never from the database, and call `store` for
//! everything persistent. SQL never appears here.

mod assets;
mod content_files;
mod error;
mod health;
mod home;
mod state;

pub use error::WebError;
pub use state::{AppState, LiveContent, watch_releases};

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole application: every route, with logging and security headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::show))
        .route("/health", get(health::check))
        .route("/assets/{file}", get(assets::serve))
        .route("/content/{release}/{*path}", get(content_files::serve))
        .fallback(error::not_found)
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(error::panic_response))
}
