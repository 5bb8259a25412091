//! `POST /api/v1/competence-evaluations`: start (or resume) an evaluation on a competence.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{ApiError, ApiJson};
use crate::auth::token::ApiUser;
use acquis_app::evaluations as evaluation;

/// Which competence.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEvaluationBody {
    /// "1.1".
    pub competence: String,
    /// Locale of the challenges, `fr` (default) or `en`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// The evaluation's assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationBody {
    /// Use with `/assessments/{id}/next` and `/answers`.
    pub assessment_id: i64,
    /// "1.1".
    pub competence: String,
    /// `started` or `completed`.
    pub state: String,
}

/// Starts or resumes the caller's evaluation on a competence.
#[utoipa::path(post, path = "/api/v1/competence-evaluations", security(("bearer" = [])), request_body = NewEvaluationBody,
    responses((status = 201, body = EvaluationBody), (status = 422, body = super::error::ErrorBody, description = "unknown_competence")))]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<NewEvaluationBody>,
) -> Result<(StatusCode, Json<EvaluationBody>), ApiError> {
    let locale = if body.locale.as_deref() == Some("en") {
        "en"
    } else {
        "fr"
    };
    let a =
        evaluation::start_or_resume(&state.app, user.id, body.competence.trim(), locale).await?;
    Ok((
        StatusCode::CREATED,
        Json(EvaluationBody {
            assessment_id: a.id,
            competence: a.competence.unwrap_or_default(),
            state: a.state.as_str().to_owned(),
        }),
    ))
}
