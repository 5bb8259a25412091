//! Acquis over HTTP, the fourth layer (core ← store ← app ← **web** ← cli): the portals
//! (server-rendered HTML), the JSON API, sessions, translations, static assets.
//!
//! Handlers live in modules named after their URL: `pages::account` serves `/compte`,
//! `orga::members` serves `/orga/{org}/membres`, `api::assessments` serves
//! `/api/v1/assessments/...`. A handler extracts and checks the request, calls a use case of
//! `acquis_app` (the pages and the API share them, never each other's modules), and renders
//! the result or translates its typed error. This crate does not depend on the store: no
//! query, no rule lives here (see `docs/architecture.md`).

pub mod api;
mod assets;
pub mod auth;
pub mod campaigns;
mod content_files;
mod error;
mod health;
mod home;
pub mod i18n;
pub mod letters;
mod not_found;
pub mod orga;
pub mod pages;
mod session_store;
mod state;
pub mod view;

pub use error::WebError;
pub use letters::FluentLetters;
pub use state::{AppState, WebConfig};

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "acquis_session";

/// The whole application: every route, with sessions, logging and security headers.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(session_store::DbSessionStore::new(state.app.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let api = api::routes(&state);
    let portal = pages::routes(&state);
    let orga = orga::routes(&state);
    Router::new()
        .route("/", get(home::show))
        .route("/health", get(health::check))
        .route("/assets/{file}", get(assets::serve))
        .route("/content/{release}/{*path}", get(content_files::serve))
        .merge(portal)
        .merge(orga)
        .nest("/api/v1", api)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            not_found::in_layout,
        ))
        .with_state(state)
        .layer(sessions)
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
