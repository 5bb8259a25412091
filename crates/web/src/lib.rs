//! Acquis over HTTP, the fourth layer (core ← store ← app ← **web** ← cli): the portals
//! (server-rendered HTML), the JSON API, sessions, translations, static assets.
//!
//! Handlers live in modules named after their URL: `pages::account` serves `/compte`,
//! `orga::members` serves `/orga/{org}/membres`, `api::assessments` serves
//! `/api/v1/assessments/...`. A handler extracts and checks the request, calls a use case of
//! `acquis_app` (the pages and the API share them, never each other's modules), and renders
//! the result or translates its typed error. This crate does not depend on the store: no
//! query, no rule lives here (see `docs/architecture.md`).

pub mod admin;
pub mod api;
mod assets;
pub mod auth;
pub mod campaigns;
pub mod certif;
mod content_files;
mod credentials;
mod error;
mod health;
mod home;
pub mod i18n;
pub mod letters;
mod not_found;
pub mod orga;
pub mod pages;
pub mod routes;
mod security_headers;
mod session_store;
mod state;
pub mod verification;
pub mod view;

pub use error::WebError;
pub use letters::FluentLetters;
pub use routes::{Access, Limit, Method, RouteInfo};
pub use session_store::ANONYMOUS_TTL;
pub use state::{AppState, WebConfig};

use axum::Router;
use routes::Routes;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "acquis_session";

/// How long a signed-in session lasts without being changed.
pub const SIGNED_IN_TTL: time::Duration = time::Duration::days(7);

/// Every route outside the API: the site's own, the learner portal's, the organisation
/// portal's.
fn portals() -> Routes {
    use Access::Public;
    Routes::new()
        .get("/", Public, home::show)
        .get("/health", Public, health::check)
        .get("/assets/{file}", Public, assets::serve)
        .get("/content/{release}/{*path}", Public, content_files::serve)
        .get("/verification", Public, verification::form)
        .rate_limited(Limit::Verification)
        .get("/verification/{code}", Public, verification::show)
        .rate_limited(Limit::Verification)
        .get(credentials::DID_PATH, Public, credentials::did_document)
        .get(
            credentials::STATUS_LIST_PATH,
            Public,
            credentials::status_list,
        )
        .merge(pages::routes())
        .merge(orga::routes())
        .merge(certif::routes())
        .merge(admin::routes())
}

/// Every route of the application (method, full path, declared access, rate limit), in the
/// order they are declared: what [`router`] serves, for tests that must walk every route.
pub fn route_table() -> Vec<RouteInfo> {
    let mut table = portals().table("");
    table.extend(api::routes().table(api::PREFIX));
    table
}

/// The whole application: every route of [`route_table`], with sessions, CSRF tokens,
/// logging and security headers.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(session_store::DbSessionStore::new(state.app.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(SIGNED_IN_TTL));
    portals()
        .into_router(&state)
        .nest(api::PREFIX, api::router(&state))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            not_found::in_layout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::layer,
        ))
        .with_state(state.clone())
        .layer(sessions)
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Outermost, so that even the answer to a panic carries them.
        .layer(axum::middleware::from_fn_with_state(
            state,
            security_headers::apply,
        ))
}
