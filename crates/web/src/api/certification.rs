//! The candidate's side of a certification session over the JSON API, for a kiosk client:
//! the same use cases and rules as the `/certification` pages. The seat secret `POST …/seat`
//! returns is sent back in the `Acquis-Seat` header of every test request; another client
//! needs another authorisation from the invigilator.

use acquis_app::certification::course::{CourseStep, EntryStep};
use acquis_app::certification::{CandidateId, CertifError, SessionId};
use acquis_core::certification::course::{AlertRefusal, AnswerRefusal, EntryRefusal};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::{ApiError, ApiJson};
use crate::auth::token::ApiUser;
use crate::view::challenge::PublicChallenge;

/// The header that carries the seat secret.
pub const SEAT_HEADER: &str = "acquis-seat";

impl From<CertifError> for ApiError {
    fn from(e: CertifError) -> Self {
        let conflict = |code: &'static str, message: &str| ApiError::Conflict {
            code,
            message: message.to_owned(),
        };
        match e {
            CertifError::NotFound(_) => ApiError::NotFound,
            CertifError::NotAdministrator => ApiError::NotFound,
            CertifError::NoMatch => ApiError::Invalid {
                code: "no_match",
                message: "no enrolled candidate of this session matches".into(),
            },
            CertifError::WrongCode => ApiError::Invalid {
                code: "wrong_code",
                message: "not the session's access code".into(),
            },
            CertifError::InvalidAnswer => ApiError::Invalid {
                code: "invalid_answer",
                message: "the value cannot be read for this challenge".into(),
            },
            CertifError::LinkedElsewhere => {
                conflict("linked_elsewhere", "the enrolment is another account's")
            }
            CertifError::SessionClosed => conflict("session_closed", "the session is finalised"),
            CertifError::SeatLost => conflict(
                "seat_lost",
                "this client does not hold the test: the invigilator must authorise it",
            ),
            CertifError::Entry(r) => conflict(
                match r {
                    EntryRefusal::NotEligible => "not_eligible",
                    EntryRefusal::NotAuthorised => "not_authorised",
                    EntryRefusal::AuthorisationExpired => "authorisation_expired",
                    EntryRefusal::WindowClosed => "window_closed",
                    EntryRefusal::Ended => "test_ended",
                },
                &r.to_string(),
            ),
            CertifError::Answer(r) => conflict(
                match r {
                    AnswerRefusal::NotCurrent => "not_current_question",
                    AnswerRefusal::AlertOpen => "alert_open",
                    AnswerRefusal::Ended => "test_ended",
                },
                "answer refused",
            ),
            CertifError::Alert(r) => conflict(
                match r {
                    AlertRefusal::NotCurrent => "not_current_question",
                    AlertRefusal::AlreadyPending => "alert_pending",
                    AlertRefusal::Ended => "test_ended",
                },
                "report refused",
            ),
            CertifError::App(e) => e.into(),
            other => ApiError::Internal(other.code().to_owned()),
        }
    }
}

fn step_name(step: EntryStep) -> &'static str {
    match step {
        EntryStep::Instructions => "instructions",
        EntryStep::AccessCode => "access_code",
        EntryStep::Waiting => "waiting",
        EntryStep::Authorised => "authorised",
        EntryStep::InTest => "in_test",
        EntryStep::Ended => "ended",
    }
}

fn seat(headers: &HeaderMap) -> Option<String> {
    headers
        .get(SEAT_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The identity a candidate types to join a session.
#[derive(Debug, Deserialize, ToSchema)]
pub struct JoinBody {
    /// The session number.
    pub session: i64,
    /// First name.
    pub first_name: String,
    /// Birth name.
    pub birth_name: String,
    /// Birth date, `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub birthdate: String,
}

/// An enrolment of the caller and the step they are at.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidacyBody {
    /// The enrolment's id.
    pub candidate_id: i64,
    /// The session number.
    pub session: i64,
    /// `instructions`, `access_code`, `waiting`, `authorised`, `in_test` or `ended`.
    pub step: &'static str,
}

/// Joins a session as the enrolled candidate the identity designates.
#[utoipa::path(post, path = "/api/v1/certification/candidacies", security(("bearer" = [])), request_body = JoinBody,
    responses((status = 201, body = CandidacyBody),
               (status = 422, body = super::error::ErrorBody, description = "no_match"),
               (status = 409, body = super::error::ErrorBody, description = "linked_elsewhere, session_closed")))]
pub async fn join(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<JoinBody>,
) -> Result<(StatusCode, Json<CandidacyBody>), ApiError> {
    let record = acquis_app::accounts::active_user(&state.app, user.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let id = state
        .app
        .join_certification(
            &record,
            SessionId::from(body.session),
            &body.first_name,
            &body.birth_name,
            &body.birthdate,
        )
        .await?;
    let c = state.app.candidacy(user.id, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(CandidacyBody {
            candidate_id: id.get(),
            session: c.session.id,
            step: step_name(state.app.entry_step(&c, None)),
        }),
    ))
}

/// The caller's enrolment and its step (`in_test` when the `Acquis-Seat` header holds the
/// seat).
#[utoipa::path(get, path = "/api/v1/certification/candidacies/{candidate}", security(("bearer" = [])),
    params(("candidate" = i64, Path, description = "enrolment id")),
    responses((status = 200, body = CandidacyBody), (status = 404, body = super::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    Path(candidate): Path<CandidateId>,
) -> Result<Json<CandidacyBody>, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = seat(&headers);
    Ok(Json(CandidacyBody {
        candidate_id: candidate.get(),
        session: c.session.id,
        step: step_name(state.app.entry_step(&c, seat.as_deref())),
    }))
}

/// Confirms the instructions.
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/instructions", security(("bearer" = [])),
    params(("candidate" = i64, Path, description = "enrolment id")),
    responses((status = 204), (status = 404, body = super::error::ErrorBody)))]
pub async fn instructions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(candidate): Path<CandidateId>,
) -> Result<StatusCode, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    state.app.confirm_instructions(&c).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The access code.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CodeBody {
    /// The code the invigilator gives (a missing one is a wrong one).
    #[serde(default)]
    pub code: String,
}

/// Types the access code; the candidate then waits for the invigilator.
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/access-code", security(("bearer" = [])),
    request_body = CodeBody, params(("candidate" = i64, Path, description = "enrolment id")),
    responses((status = 204), (status = 422, body = super::error::ErrorBody, description = "wrong_code")))]
pub async fn access_code(
    State(state): State<AppState>,
    user: ApiUser,
    Path(candidate): Path<CandidateId>,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<StatusCode, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    state.app.enter_access_code(&c, &body.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The seat secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatBody {
    /// Send it in the `Acquis-Seat` header of every test request.
    pub seat: String,
}

/// Starts or resumes the test with the invigilator's authorisation.
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/seat", security(("bearer" = [])),
    params(("candidate" = i64, Path, description = "enrolment id")),
    responses((status = 201, body = SeatBody),
               (status = 409, body = super::error::ErrorBody, description = "not_authorised, authorisation_expired, not_eligible, window_closed, test_ended")))]
pub async fn take_seat(
    State(state): State<AppState>,
    user: ApiUser,
    Path(candidate): Path<CandidateId>,
) -> Result<(StatusCode, Json<SeatBody>), ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = state.app.take_seat(&c, "fr").await?;
    Ok((StatusCode::CREATED, Json(SeatBody { seat })))
}

/// The question the candidate is on.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionBody {
    /// `question` or `finished`.
    pub state: &'static str,
    /// The question's number, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<usize>,
    /// Questions in the test.
    pub of: usize,
    /// The challenge, without its solution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<PublicChallenge>,
    /// Seconds left on its timer (extra time included), if timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_seconds: Option<i64>,
    /// A reported problem waits for the invigilator: answering is refused until then.
    pub alert_pending: bool,
}

/// The current question (asked when the last one is answered), or `finished`.
#[utoipa::path(get, path = "/api/v1/certification/candidacies/{candidate}/question", security(("bearer" = [])),
    params(("candidate" = i64, Path, description = "enrolment id"), ("Acquis-Seat" = String, Header, description = "the seat secret")),
    responses((status = 200, body = QuestionBody), (status = 409, body = super::error::ErrorBody, description = "seat_lost")))]
pub async fn question(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    Path(candidate): Path<CandidateId>,
) -> Result<Json<QuestionBody>, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = seat(&headers).ok_or(CertifError::SeatLost)?;
    Ok(Json(match state.app.course_step(&c, &seat).await? {
        CourseStep::Finished => QuestionBody {
            state: "finished",
            number: None,
            of: 32,
            challenge: None,
            remaining_seconds: None,
            alert_pending: false,
        },
        CourseStep::Question(q) => {
            let live = state.live();
            QuestionBody {
                state: "question",
                number: Some(q.number),
                of: q.of,
                challenge: Some(
                    PublicChallenge::of(&q.challenge, q.release_id).with_sizes(&live.files),
                ),
                remaining_seconds: q.remaining_secs,
                alert_pending: q.alert_pending,
            }
        }
    }))
}

/// An answer to the current question.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CourseAnswerBody {
    /// The challenge answered.
    pub challenge_id: String,
    /// As for competence evaluations (`"#ABAND#"` skips).
    pub value: String,
}

/// Answers the current question (once).
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/answers", security(("bearer" = [])),
    request_body = CourseAnswerBody,
    params(("candidate" = i64, Path, description = "enrolment id"), ("Acquis-Seat" = String, Header, description = "the seat secret")),
    responses((status = 201), (status = 409, body = super::error::ErrorBody, description = "not_current_question, alert_open, test_ended, seat_lost")))]
pub async fn answer(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    Path(candidate): Path<CandidateId>,
    ApiJson(body): ApiJson<CourseAnswerBody>,
) -> Result<StatusCode, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = seat(&headers).ok_or(CertifError::SeatLost)?;
    state
        .app
        .answer_course(&c, &seat, &body.challenge_id, &body.value)
        .await?;
    Ok(StatusCode::CREATED)
}

/// The question a report or a focus-out is about.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChallengeRef {
    /// The current question's challenge.
    pub challenge_id: String,
}

/// Reports a problem on the current question (answering waits for the invigilator).
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/alerts", security(("bearer" = [])),
    request_body = ChallengeRef,
    params(("candidate" = i64, Path, description = "enrolment id"), ("Acquis-Seat" = String, Header, description = "the seat secret")),
    responses((status = 201), (status = 409, body = super::error::ErrorBody, description = "alert_pending, not_current_question, test_ended")))]
pub async fn alert(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    Path(candidate): Path<CandidateId>,
    ApiJson(body): ApiJson<ChallengeRef>,
) -> Result<StatusCode, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = seat(&headers).ok_or(CertifError::SeatLost)?;
    state
        .app
        .report_problem(&c, &seat, &body.challenge_id)
        .await?;
    Ok(StatusCode::CREATED)
}

/// Records that the candidate left a focused question's screen.
#[utoipa::path(post, path = "/api/v1/certification/candidacies/{candidate}/focus-out", security(("bearer" = [])),
    request_body = ChallengeRef,
    params(("candidate" = i64, Path, description = "enrolment id"), ("Acquis-Seat" = String, Header, description = "the seat secret")),
    responses((status = 204)))]
pub async fn focus_out(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    Path(candidate): Path<CandidateId>,
    ApiJson(body): ApiJson<ChallengeRef>,
) -> Result<StatusCode, ApiError> {
    let c = state.app.candidacy(user.id, candidate).await?;
    let seat = seat(&headers).ok_or(CertifError::SeatLost)?;
    state
        .app
        .course_focus_out(&c, &seat, &body.challenge_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
