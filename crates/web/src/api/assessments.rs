//! `GET /api/v1/assessments/{id}/next` and `POST /api/v1/assessments/{id}/answers`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{ApiError, ApiJson};
use crate::auth::token::Bearer;
use crate::view::challenge::PublicChallenge;
use acquis_app::evaluations::{self as evaluation, Given, Next, TimerStart};
use acquis_core::ids::AssessmentId;

/// The next step of an assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextBody {
    /// `started` (a challenge follows) or `completed`.
    pub state: &'static str,
    /// The challenge to answer, without its solution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<PublicChallenge>,
    /// Its number in the assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<usize>,
    /// Seconds left on its timer, if timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_seconds: Option<i64>,
}

/// The challenge to answer now, or `{"state": "completed"}`.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/next", security(("bearer" = [])),
    params(("id" = i64, Path, description = "assessment id")),
    responses((status = 200, body = NextBody), (status = 404, body = super::error::ErrorBody)))]
pub async fn next(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
) -> Result<Json<NextBody>, ApiError> {
    let now = state.app.now();
    let loaded = evaluation::load(&state.app, bearer.caller(now), AssessmentId(id)).await?;
    Ok(Json(
        match evaluation::next(&state.app, &loaded, TimerStart::Now, now).await? {
            Next::Completed => NextBody {
                state: "completed",
                challenge: None,
                number: None,
                remaining_seconds: None,
            },
            Next::Challenge(shown) => {
                let live = state.live();
                let remaining = shown
                    .challenge
                    .timer
                    .map(|t| i64::from(t) - (now - shown.shown_at.unwrap_or(now)).num_seconds());
                NextBody {
                    state: "started",
                    challenge: Some(
                        PublicChallenge::of(&shown.challenge, live.release_id)
                            .with_sizes(&live.files),
                    ),
                    number: Some(shown.number),
                    remaining_seconds: remaining.map(|r| r.max(0)),
                }
            }
        },
    ))
}

/// An answer.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerBody {
    /// The challenge answered (the one `next` gave).
    pub challenge_id: String,
    /// `"2"` (QCU), `"1,3"` (QCM), the text (QROC), a JSON object string (QROCM), or
    /// `"#ABAND#"` to skip.
    pub value: String,
    /// What the learner did, in words, when an embedded simulator gave the value (kept for
    /// simulator challenges only, at most 400 characters).
    #[serde(default)]
    pub label: Option<String>,
}

/// The verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerResultBody {
    /// The stored answer's id.
    pub answer_id: i64,
    /// `ok`, `ko`, `aband`, `timedout`, `focusedout` or `partially`.
    pub status: String,
    /// The challenge had been answered already: this is the first answer, nothing was stored.
    pub duplicate: bool,
    /// Per-input results (QROC, QROCM).
    pub inputs: Vec<InputResultBody>,
    /// The competence level rose with this answer.
    pub level_up: bool,
    /// The competence level after this answer.
    pub level: u8,
}

/// One input's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct InputResultBody {
    /// The input's key.
    pub key: String,
    /// Accepted.
    pub ok: bool,
}

/// Answers the challenge being asked.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/answers", security(("bearer" = [])), request_body = AnswerBody,
    params(("id" = i64, Path, description = "assessment id")),
    responses((status = 201, body = AnswerResultBody), (status = 200, body = AnswerResultBody, description = "a repeat of a stored answer"),
               (status = 409, body = super::error::ErrorBody, description = "not_current_challenge, assessment_completed"),
               (status = 422, body = super::error::ErrorBody, description = "invalid_answer")))]
pub async fn answer(
    State(state): State<AppState>,
    bearer: Bearer,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<(StatusCode, Json<AnswerResultBody>), ApiError> {
    let now = state.app.now();
    let loaded = evaluation::load(&state.app, bearer.caller(now), AssessmentId(id)).await?;
    let given = Given {
        challenge_id: &body.challenge_id,
        raw: &body.value,
        label: body.label.as_deref(),
    };
    let done = evaluation::answer(&state.app, &loaded, given, now).await?;
    let status = if done.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let inputs = done
        .correction
        .as_ref()
        .map(|c| {
            c.inputs
                .iter()
                .map(|i| InputResultBody {
                    key: i.key.clone(),
                    ok: i.ok,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((
        status,
        Json(AnswerResultBody {
            answer_id: done.answer.id,
            status: done.answer.status.as_str().to_owned(),
            duplicate: done.duplicate,
            inputs,
            level_up: done.levels.1 > done.levels.0,
            level: done.levels.1,
        }),
    ))
}
