//! `POST /api/v1/campaigns/{code}/participations` and `POST /api/v1/participations/{id}/share`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::ApiError;
use crate::auth::token::ApiUser;
use acquis_app::campaigns::{self as service, CampaignError, Claim, ParticipationRecord};
use acquis_core::ids::{ParticipationId, UserId};

impl From<CampaignError> for ApiError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::NotFound => ApiError::NotFound,
            CampaignError::Archived => ApiError::Conflict {
                code: "campaign_archived",
                message: e.to_string(),
            },
            CampaignError::ExternalIdRequired => ApiError::Invalid {
                code: "external_id_required",
                message: e.to_string(),
            },
            CampaignError::InvalidExternalId => ApiError::Invalid {
                code: "invalid_external_id",
                message: e.to_string(),
            },
            CampaignError::NotFinished => ApiError::Conflict {
                code: "not_finished",
                message: e.to_string(),
            },
            CampaignError::Retry(_) => ApiError::Conflict {
                code: "retry_refused",
                message: e.to_string(),
            },
            CampaignError::IdentityRequired => ApiError::Invalid {
                code: "identity_required",
                message: e.to_string(),
            },
            CampaignError::InvalidIdentity(ref fields) => ApiError::Invalid {
                code: "invalid_identity",
                message: fields
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            },
            CampaignError::LearnerNotFound => ApiError::Invalid {
                code: "learner_not_found",
                message: e.to_string(),
            },
            CampaignError::LearnerTaken => ApiError::Conflict {
                code: "learner_already_linked",
                message: e.to_string(),
            },
            CampaignError::BrokenProfile => ApiError::Internal(e.to_string()),
            CampaignError::Store(e) => ApiError::Internal(e.to_string()),
        }
    }
}

/// Joining a campaign.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct JoinBody {
    /// The identifier the campaign asks for, if any.
    #[serde(default)]
    pub external_id: Option<String>,
    /// `fr` (default) or `en`.
    #[serde(default)]
    pub locale: Option<String>,
    /// First name, to be matched against the organisation's imported learners.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name, to be matched against the organisation's imported learners.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Birth date (`YYYY-MM-DD`), to be matched against the organisation's imported learners.
    #[serde(default)]
    pub birthdate: Option<String>,
}

/// A participation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipationBody {
    /// Id, for sharing.
    pub participation_id: i64,
    /// The campaign's id.
    pub campaign_id: i64,
    /// The test to take (`/assessments/{id}/next`), for assessment campaigns.
    pub assessment_id: Option<i64>,
    /// `STARTED`, `TO_SHARE` or `SHARED`.
    pub status: String,
    /// Mastery rate (0..1) once shared.
    pub mastery_rate: Option<f64>,
}

impl From<ParticipationRecord> for ParticipationBody {
    fn from(p: ParticipationRecord) -> Self {
        ParticipationBody {
            participation_id: p.id,
            campaign_id: p.campaign_id,
            assessment_id: p.assessment_id,
            status: p.status.as_str().to_owned(),
            mastery_rate: p.mastery_rate,
        }
    }
}

/// Joins a campaign by its code (or returns the participation in progress).
///
/// The participation belongs to the organisation learner the account is: the one it is
/// already linked to; else, when the organisation imported learners, the one matching
/// `first_name`, `last_name` and `birthdate` (a school requires them: `identity_required`;
/// a university or an employer uses the account's names when they are left out); else a
/// learner made from the account's names. An identity that matches nobody is
/// `learner_not_found`; one whose learner is another account's is `learner_already_linked`.
#[utoipa::path(post, path = "/api/v1/campaigns/{code}/participations", security(("bearer" = [])), request_body = JoinBody,
    params(("code" = String, Path, description = "campaign code")),
    responses((status = 201, body = ParticipationBody), (status = 404, body = super::error::ErrorBody),
               (status = 409, body = super::error::ErrorBody, description = "campaign_archived, learner_already_linked"),
               (status = 422, body = super::error::ErrorBody, description = "external_id_required, invalid_external_id, identity_required, invalid_identity, learner_not_found")))]
pub async fn join(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ParticipationBody>), ApiError> {
    // The body is optional: an empty one means no external id.
    let body: JoinBody = if body.iter().all(u8::is_ascii_whitespace) {
        JoinBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(e.to_string()))?
    };
    let campaign = service::find(&state.app, &code).await?;
    let locale = if body.locale.as_deref() == Some("en") {
        "en"
    } else {
        "fr"
    };
    let p = service::join(
        &state.app,
        user.id,
        &campaign,
        body.external_id.as_deref(),
        &Claim::new(
            body.first_name.as_deref(),
            body.last_name.as_deref(),
            body.birthdate.as_deref(),
        ),
        locale,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// Shares a finished participation's results with the organisation.
#[utoipa::path(post, path = "/api/v1/participations/{id}/share", security(("bearer" = [])),
    params(("id" = i64, Path, description = "participation id")),
    responses((status = 200, body = ParticipationBody), (status = 404, body = super::error::ErrorBody),
               (status = 409, body = super::error::ErrorBody, description = "not_finished, or already_shared: shared before (by a retry or a concurrent request), nothing changed")))]
pub async fn share(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ParticipationBody>, ApiError> {
    match service::share(&state.app, UserId(user.id), ParticipationId(id)).await? {
        service::Shared::Now(p) => Ok(Json(p.into())),
        service::Shared::Already(_) => Err(ApiError::Conflict {
            code: "already_shared",
            message: "the results were already shared".to_owned(),
        }),
    }
}

/// The campaign's results CSV (streamed), for a member of its organisation.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/export.csv", security(("bearer" = [])),
    params(("id" = i64, Path, description = "campaign id")),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 with BOM, `;` separated"),
               (status = 404, body = super::error::ErrorBody, description = "no such campaign in the caller's organisations")))]
pub async fn export(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (membership, campaign) = state
        .app
        .campaign_membership(user.id, id)
        .await
        .map_err(crate::WebError::from)?;
    let export = state
        .app
        .campaign_export(&membership, campaign.id)
        .await
        .map_err(crate::WebError::from)?;
    let disposition = format!("attachment; filename=\"{}\"", export.filename);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        axum::body::Body::from_stream(export.chunks),
    )
        .into_response())
}
