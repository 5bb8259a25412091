//! `GET /api/v1/me/scorecards`: the caller's level, pix and status on every competence.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::ApiError;
use crate::auth::token::ApiUser;
use acquis_app::evaluations as evaluation;

/// One competence's state for the learner.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScorecardBody {
    /// "1.1".
    pub competence: String,
    /// 0..max reachable level.
    pub level: u8,
    /// Pix on this competence.
    pub pix: u32,
    /// `not_started`, `started` or `completed`.
    pub status: String,
    /// Days before the competence can be improved (0: now).
    pub remaining_days_before_improving: u32,
    /// Days before the competence can be reset (0: now).
    pub remaining_days_before_reset: u32,
}

/// The caller's scorecards, one per competence.
#[utoipa::path(get, path = "/api/v1/me/scorecards", security(("bearer" = [])),
    responses((status = 200, body = [ScorecardBody]), (status = 401, body = super::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<Vec<ScorecardBody>>, ApiError> {
    let cards = evaluation::scorecards(&state.app, user.id).await?;
    Ok(Json(
        cards
            .into_iter()
            .map(|c| ScorecardBody {
                competence: c.score.competence,
                level: c.score.level,
                pix: c.score.pix,
                status: match c.status {
                    acquis_core::scoring::ScorecardStatus::NotStarted => "not_started",
                    acquis_core::scoring::ScorecardStatus::Started => "started",
                    acquis_core::scoring::ScorecardStatus::Completed => "completed",
                }
                .to_owned(),
                remaining_days_before_improving: c.remaining_days_before_improving,
                remaining_days_before_reset: c.remaining_days_before_reset,
            })
            .collect(),
    ))
}
