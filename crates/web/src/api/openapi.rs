//! `GET /api/v1/openapi.json`: the API described by the handlers' own annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Acquis API", description = "Assess digital competences: accounts, framework, competence evaluations, campaigns, the certification test for kiosk clients, the verification of certificates' credentials."),
    paths(
        super::users::create,
        super::token::create,
        super::framework::show,
        super::scorecards::list,
        super::evaluations::create,
        super::assessments::next,
        super::assessments::answer,
        super::campaigns::join,
        super::campaigns::share,
        super::campaigns::export,
        super::certification::join,
        super::certification::show,
        super::certification::instructions,
        super::certification::access_code,
        super::certification::take_seat,
        super::certification::question,
        super::certification::answer,
        super::certification::alert,
        super::certification::focus_out,
        super::credentials::verify,
    ),
    modifiers(&Bearer)
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The OpenAPI 3 document.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
