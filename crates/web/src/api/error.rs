//! API errors: a status, a stable code and a message, as `{"error": {"code", "message"}}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use acquis_app::evaluations::EvalError;

/// What an API call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Missing or invalid bearer token.
    #[error("unauthorized")]
    Unauthorized,
    /// Wrong email or password (never said which).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// No such resource for this user.
    #[error("not found")]
    NotFound,
    /// A request body that is not valid JSON of the expected shape.
    #[error("{0}")]
    BadRequest(String),
    /// A value that breaks a rule (`code` says which).
    #[error("{message}")]
    Invalid {
        /// Stable code.
        code: &'static str,
        /// Human message.
        message: String,
    },
    /// The state does not allow this (`code` says why).
    #[error("{message}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Human message.
        message: String,
    },
    /// Sign-in refused for a while.
    #[error("account locked")]
    Locked,
    /// A body over the API's size limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// Too many requests from this address.
    #[error("too many requests")]
    TooManyRequests,
    /// Anything unexpected (logged, not shown).
    #[error("internal error")]
    Internal(String),
}

/// The JSON body of an error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A stable code and a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code.
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is required".to_owned(),
            ),
            ApiError::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong email or password".to_owned(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "no such resource".to_owned(),
            ),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            ApiError::Invalid { code, message } => {
                (StatusCode::UNPROCESSABLE_ENTITY, *code, message.clone())
            }
            ApiError::Conflict { code, message } => (StatusCode::CONFLICT, *code, message.clone()),
            ApiError::Locked => (
                StatusCode::LOCKED,
                "account_locked",
                "too many failed sign-ins: the account is locked; a password reset (by mail) lifts the lock".to_owned(),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the body is over the limit of {} bytes", super::MAX_BODY_BYTES),
            ),
            ApiError::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "slow down".to_owned(),
            ),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an unexpected error occurred".to_owned(),
                )
            }
        };
        (
            status,
            Json(ErrorBody {
                error: ErrorDetail {
                    code: code.to_owned(),
                    message,
                },
            }),
        )
            .into_response()
    }
}

impl From<acquis_app::AppError> for ApiError {
    fn from(e: acquis_app::AppError) -> Self {
        match e {
            acquis_app::AppError::NotFound(_) => ApiError::NotFound,
            acquis_app::AppError::Conflict(what) => ApiError::Conflict {
                code: "conflict",
                message: format!("{what} already exists"),
            },
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::WebError> for ApiError {
    fn from(e: crate::WebError) -> Self {
        match e {
            crate::WebError::TooManyRequests => ApiError::TooManyRequests,
            crate::WebError::NotFound => ApiError::NotFound,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<EvalError> for ApiError {
    fn from(e: EvalError) -> Self {
        match e {
            EvalError::UnknownCompetence(c) => ApiError::Invalid {
                code: "unknown_competence",
                message: format!("no competence {c}"),
            },
            EvalError::NotFound => ApiError::NotFound,
            EvalError::Unauthorized => ApiError::Unauthorized,
            EvalError::Finished => ApiError::Conflict {
                code: "assessment_completed",
                message: "the assessment is over".into(),
            },
            EvalError::NotCurrentChallenge => ApiError::Conflict {
                code: "not_current_challenge",
                message: "this challenge is not the one being asked".into(),
            },
            EvalError::InvalidAnswer(m) => ApiError::Invalid {
                code: "invalid_answer",
                message: m,
            },
            EvalError::TooEarly { days } => ApiError::Conflict {
                code: "too_early",
                message: format!("allowed in {days} day(s)"),
            },
            EvalError::NothingToDo => ApiError::Conflict {
                code: "nothing_to_do",
                message: "nothing to do on this competence yet".into(),
            },
            EvalError::Store(e) => ApiError::Internal(e.to_string()),
        }
    }
}

/// `Json<T>` whose rejections are API errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(value)) => {
                if holds_nul(&value) {
                    return Err(ApiError::BadRequest(
                        "a string of the body holds a NUL character".into(),
                    ));
                }
                serde_json::from_value(value)
                    .map(ApiJson)
                    .map_err(|e| ApiError::BadRequest(format!("invalid body: {e}")))
            }
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::PayloadTooLarge)
            }
            Err(rejection) => Err(ApiError::BadRequest(match rejection {
                JsonRejection::JsonDataError(e) => e.body_text(),
                JsonRejection::JsonSyntaxError(e) => e.body_text(),
                JsonRejection::MissingJsonContentType(_) => {
                    "expected Content-Type: application/json".into()
                }
                other => other.body_text(),
            })),
        }
    }
}

/// Whether any string (or key) in `value` holds a NUL character.
fn holds_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(holds_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// Unknown API routes.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
