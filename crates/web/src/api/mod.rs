//! The JSON API under `/api/v1`, with bearer tokens and an OpenAPI document.
//!
//! Errors are JSON with a stable `code` and a human `message`, never a stack trace. Handlers
//! live in one module per resource (`users`, `token`, `framework`, `scorecards`,
//! `evaluations`, `assessments`, `campaigns`, `certification` — a kiosk client's test, `credentials` — anyone's check of a
//! certificate's credential).

mod assessments;
mod campaigns;
pub mod certification;
mod credentials;
mod error;
mod evaluations;
mod framework;
mod openapi;
mod scorecards;
mod token;
mod users;

pub use error::{ApiError, ApiJson};

use crate::AppState;
use crate::routes::{Access, Limit, Routes};
use axum::Router;

/// Largest JSON body the API reads; a larger one answers 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest body `POST /credentials/verify` reads (a credential is a few kilobytes).
pub const MAX_CREDENTIAL_BYTES: usize = 32 * 1024;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

/// The API routes, relative to [`PREFIX`].
pub fn routes() -> Routes {
    use Access::{Public, Token};
    Routes::new()
        .post("/users", Public, users::create)
        .rate_limited(Limit::Passwords)
        .post("/token", Public, token::create)
        .rate_limited(Limit::Passwords)
        .get("/framework", Public, framework::show)
        .get("/me/scorecards", Token, scorecards::list)
        .post("/competence-evaluations", Token, evaluations::create)
        .get("/assessments/{id}/next", Token, assessments::next)
        .post("/assessments/{id}/answers", Token, assessments::answer)
        .post(
            "/campaigns/{campaign}/participations",
            Token,
            campaigns::join,
        )
        .post("/participations/{id}/share", Token, campaigns::share)
        .get("/campaigns/{campaign}/export.csv", Token, campaigns::export)
        .post("/certification/candidacies", Token, certification::join)
        .rate_limited(Limit::CampaignCodes)
        .get(
            "/certification/candidacies/{candidate}",
            Token,
            certification::show,
        )
        .post(
            "/certification/candidacies/{candidate}/instructions",
            Token,
            certification::instructions,
        )
        .post(
            "/certification/candidacies/{candidate}/access-code",
            Token,
            certification::access_code,
        )
        .rate_limited(Limit::CampaignCodes)
        .post(
            "/certification/candidacies/{candidate}/seat",
            Token,
            certification::take_seat,
        )
        .get(
            "/certification/candidacies/{candidate}/question",
            Token,
            certification::question,
        )
        .post(
            "/certification/candidacies/{candidate}/answers",
            Token,
            certification::answer,
        )
        .post(
            "/certification/candidacies/{candidate}/alerts",
            Token,
            certification::alert,
        )
        .post(
            "/certification/candidacies/{candidate}/focus-out",
            Token,
            certification::focus_out,
        )
        .post("/credentials/verify", Public, credentials::verify)
        .body_limit(MAX_CREDENTIAL_BYTES)
        .get("/openapi.json", Public, openapi::document)
}

/// The API's router, to nest under [`PREFIX`]: its routes, a JSON 404 for any other path,
/// and bodies over [`MAX_BODY_BYTES`] refused.
pub fn router(state: &AppState) -> Router<AppState> {
    routes()
        .into_router(state)
        .fallback(error::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
}
