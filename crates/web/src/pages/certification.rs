//! `/certification`: the candidate's side of a certification session in the learner portal.
//! The candidate types the session number and their identity (matched with the enrolment and
//! linked to the account), reads the instructions (several pages, confirmed by a checkbox),
//! types the access code, waits for the invigilator's authorisation (the page checks every
//! few seconds with its script, or with a button), then takes the test: one question at a
//! time, "Je passe" to skip, "Signaler un problème" to raise a live alert. The browser keeps
//! the seat secret in its session: another browser needs the invigilator again.

use acquis_app::certification::course::{Candidacy, CourseStep, EntryStep, ShownQuestion};
use acquis_app::certification::{CandidateId, CertifError, SessionId};
use acquis_core::answer::SKIP;
use acquis_core::certification::course::{AnswerRefusal, EndReason, EntryRefusal};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::pages::evaluation::{QuestionView, question_view, raw_answer};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::{AppState, WebError};

/// Pages of instructions before the confirmation.
pub const INSTRUCTION_PAGES: usize = 3;

fn seat_key(candidate: i64) -> String {
    format!("certification-seat-{candidate}")
}

async fn seat_of(user: &CurrentUser, candidate: i64) -> Result<Option<String>, WebError> {
    user.session
        .get::<String>(&seat_key(candidate))
        .await
        .map_err(|_| WebError::Internal("session unreadable"))
}

fn home(candidate: i64) -> String {
    format!("/certification/{candidate}")
}

/// An enrolment in the list.
pub struct CandidacyItem {
    id: i64,
    session: i64,
    date: String,
    place: String,
}

#[derive(Template)]
#[template(path = "certification/join.html")]
struct JoinPage {
    chrome: Chrome,
    error: Option<String>,
    session: String,
    first_name: String,
    birth_name: String,
    birthdate: String,
    candidacies: Vec<CandidacyItem>,
}

async fn render_join(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    fields: &Fields,
    error: Option<String>,
) -> Result<Response, WebError> {
    let candidacies = state
        .app
        .my_candidacies(user.user.id)
        .await?
        .into_iter()
        .filter(|c| c.session.status().is_open())
        .map(|c| CandidacyItem {
            id: c.candidate.id,
            session: c.session.id,
            date: crate::orga::iso_date(lang, &c.session.session_date),
            place: format!("{}, {}", c.session.site, c.session.room),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = JoinPage {
        chrome: Chrome::of(lang, user, "/certification").await?,
        error,
        session: fields.get("session").chars().take(20).collect(),
        first_name: fields.get("first_name").chars().take(100).collect(),
        birth_name: fields.get("birth_name").chars().take(100).collect(),
        birthdate: fields.get("birthdate").chars().take(20).collect(),
        candidacies,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The entry form and the enrolments already joined.
pub async fn index(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    render_join(&state, lang, &user, &Fields::default(), None).await
}

/// Joins a session as the enrolled candidate the identity designates.
pub async fn join(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let session = fields.get("session").trim().parse::<i64>().ok();
    let joined = match session {
        None => Err(CertifError::NoMatch),
        Some(id) => {
            state
                .app
                .join_certification(
                    &user.user,
                    SessionId::from(id),
                    fields.get("first_name"),
                    fields.get("birth_name"),
                    fields.get("birthdate"),
                )
                .await
        }
    };
    let key = match joined {
        Ok(candidate) => return Ok(redirect_to(&home(candidate.get())).into_response()),
        Err(CertifError::NoMatch) => "certification-join-no-match",
        Err(CertifError::LinkedElsewhere) => "certification-join-linked-elsewhere",
        Err(CertifError::SessionClosed) => "certification-join-closed",
        Err(e) => return Err(e.into()),
    };
    render_join(&state, lang, &user, &fields, Some(lang.t(key))).await
}

/// Which page of the instructions.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: usize,
}

#[derive(Template)]
#[template(path = "certification/entry.html")]
struct EntryPage {
    chrome: Chrome,
    candidate: i64,
    session: i64,
    step: &'static str,
    page: usize,
    pages: usize,
    instruction_title: String,
    instruction_text: String,
    extra_time: i32,
    error: Option<String>,
}

fn step_name(step: EntryStep) -> &'static str {
    match step {
        EntryStep::Instructions => "instructions",
        EntryStep::AccessCode => "code",
        EntryStep::Waiting => "waiting",
        EntryStep::Authorised => "authorised",
        EntryStep::InTest => "test",
        EntryStep::Ended => "ended",
    }
}

async fn render_entry(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    c: &Candidacy,
    page: usize,
    error: Option<String>,
) -> Result<Response, WebError> {
    let seat = seat_of(user, c.candidate.id).await?;
    let step = state.app.entry_step(c, seat.as_deref());
    if step == EntryStep::InTest {
        return Ok(redirect_to(&format!("{}/test", home(c.candidate.id))).into_response());
    }
    let page = page.clamp(1, INSTRUCTION_PAGES);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = EntryPage {
        chrome: Chrome::of(lang, user, &home(c.candidate.id)).await?,
        candidate: c.candidate.id,
        session: c.session.id,
        step: step_name(step),
        page,
        pages: INSTRUCTION_PAGES,
        instruction_title: lang.t(&format!("certification-instructions-{page}-title")),
        instruction_text: lang.t(&format!("certification-instructions-{page}")),
        extra_time: c.candidate.extra_time_percent,
        error,
    };
    Ok((status, Html(view.render()?)).into_response())
}

/// The candidate's page: the step they are at (instructions, access code, waiting, start).
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let c = state.app.candidacy(user.user.id, candidate).await?;
    render_entry(&state, lang, &user, &c, q.page, None).await
}

/// Where the candidate is, for the waiting page's script: the step's name.
pub async fn step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
) -> Result<Response, WebError> {
    let c = state.app.candidacy(user.user.id, candidate).await?;
    let seat = seat_of(&user, c.candidate.id).await?;
    let step = step_name(state.app.entry_step(&c, seat.as_deref()));
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "step": step })),
    )
        .into_response())
}

/// Confirms the instructions (the box must be checked).
pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    if !fields.checked("confirm") {
        let error = Some(lang.t("certification-instructions-unchecked"));
        return render_entry(&state, lang, &user, &c, INSTRUCTION_PAGES, error).await;
    }
    state.app.confirm_instructions(&c).await?;
    Ok(redirect_to(&home(candidate.get())).into_response())
}

/// The access code.
pub async fn code(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    match state.app.enter_access_code(&c, fields.get("code")).await {
        Ok(()) => Ok(redirect_to(&home(candidate.get())).into_response()),
        Err(CertifError::WrongCode) => {
            let error = Some(lang.t("certification-code-wrong"));
            render_entry(&state, lang, &user, &c, 1, error).await
        }
        Err(CertifError::SessionClosed) => {
            let error = Some(lang.t("certification-join-closed"));
            render_entry(&state, lang, &user, &c, 1, error).await
        }
        Err(e) => Err(e.into()),
    }
}

fn entry_refusal_key(r: EntryRefusal) -> &'static str {
    match r {
        EntryRefusal::NotEligible => "certification-refused-not-eligible",
        EntryRefusal::NotAuthorised => "certification-refused-not-authorised",
        EntryRefusal::AuthorisationExpired => "certification-refused-expired",
        EntryRefusal::WindowClosed => "certification-refused-window",
        EntryRefusal::Ended => "certification-refused-ended",
    }
}

/// Starts (or resumes) the test with the invigilator's authorisation.
pub async fn start(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    match state.app.take_seat(&c, lang.code()).await {
        Ok(seat) => {
            user.session
                .insert(&seat_key(c.candidate.id), seat)
                .await
                .map_err(|_| WebError::Internal("session cannot be written"))?;
            Ok(redirect_to(&format!("{}/test", home(candidate.get()))).into_response())
        }
        Err(CertifError::Entry(r)) => {
            let error = Some(lang.t(entry_refusal_key(r)));
            render_entry(&state, lang, &user, &c, 1, error).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "certification/question.html")]
struct QuestionPage {
    chrome: Chrome,
    candidate: i64,
    progress: String,
    alert_pending: bool,
    q: QuestionView,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "certification/finished.html")]
struct FinishedPage {
    chrome: Chrome,
}

async fn render_question(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    candidate: i64,
    shown: &ShownQuestion,
    error: Option<String>,
) -> Result<Response, WebError> {
    let live = state.live();
    let base = home(candidate);
    let q = question_view(
        &live,
        &shown.challenge,
        lang,
        shown
            .allowed_secs
            .map(|s| u32::try_from(s.max(0)).unwrap_or(u32::MAX)),
        shown.remaining_secs,
        shown.focused_out,
        format!("{base}/reponse"),
        format!("{base}/sortie"),
    );
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = QuestionPage {
        chrome: Chrome::of(lang, user, &format!("{base}/test")).await?,
        candidate,
        progress: progress(lang, shown.number, shown.of),
        alert_pending: shown.alert_pending,
        q,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The question the candidate is on, or the end of the test.
pub async fn test(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
) -> Result<Response, WebError> {
    let c = state.app.candidacy(user.user.id, candidate).await?;
    let Some(seat) = seat_of(&user, c.candidate.id).await? else {
        return Ok(redirect_to(&home(candidate.get())).into_response());
    };
    // Ended by the invigilator (or at finalisation): the entry page says the test is over.
    if c.course.as_ref().is_some_and(|course| {
        course.ended_at.is_some()
            && course.end_reason.as_deref() != Some(EndReason::Completed.as_str())
    }) {
        return Ok(redirect_to(&home(candidate.get())).into_response());
    }
    match state.app.course_step(&c, &seat).await {
        Ok(CourseStep::Question(shown)) => {
            render_question(&state, lang, &user, c.candidate.id, &shown, None).await
        }
        Ok(CourseStep::Finished) => {
            let page = FinishedPage {
                chrome: Chrome::of(lang, &user, &format!("{}/test", home(candidate.get()))).await?,
            };
            Ok(Html(page.render()?).into_response())
        }
        Err(CertifError::SeatLost) => Ok(redirect_to(&home(candidate.get())).into_response()),
        Err(e) => Err(e.into()),
    }
}

/// Records the answer (or the skip) to the current question.
pub async fn answer(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    let Some(seat) = seat_of(&user, c.candidate.id).await? else {
        return Ok(redirect_to(&home(candidate.get())).into_response());
    };
    let test_url = format!("{}/test", home(candidate.get()));
    let challenge_id = fields.get("challenge_id");
    let live = state.live();
    let Some(challenge) = live.framework.challenge(challenge_id) else {
        return Ok(redirect_to(&test_url).into_response());
    };
    let raw = if fields.get("action") == "skip" {
        SKIP.to_owned()
    } else {
        match raw_answer(&challenge.question, &fields) {
            Some(raw) => raw,
            None => {
                if let CourseStep::Question(shown) = state.app.course_step(&c, &seat).await? {
                    let error = Some(lang.t("challenge-empty"));
                    return render_question(&state, lang, &user, c.candidate.id, &shown, error)
                        .await;
                }
                return Ok(redirect_to(&test_url).into_response());
            }
        }
    };
    match state.app.answer_course(&c, &seat, challenge_id, &raw).await {
        Ok(()) => {}
        Err(CertifError::Answer(AnswerRefusal::AlertOpen)) => {
            flash(&user.session, "error", lang.t("certification-alert-blocks")).await?;
        }
        // A stale page (back button, double click) or a test that ended: show what is now.
        Err(CertifError::Answer(_) | CertifError::SeatLost | CertifError::InvalidAnswer) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(redirect_to(&test_url).into_response())
}

/// Raises a live alert on the current question.
pub async fn report(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    let Some(seat) = seat_of(&user, c.candidate.id).await? else {
        return Ok(redirect_to(&home(candidate.get())).into_response());
    };
    match state
        .app
        .report_problem(&c, &seat, fields.get("challenge_id"))
        .await
    {
        Ok(()) => flash(&user.session, "info", lang.t("certification-alert-sent")).await?,
        Err(CertifError::Alert(_) | CertifError::SeatLost | CertifError::NotFound(_)) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(redirect_to(&format!("{}/test", home(candidate.get()))).into_response())
}

/// Records that the candidate left the page of a focused question (sent by the script).
pub async fn focus_lost(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(candidate): Path<CandidateId>,
    fields: Fields,
) -> Result<StatusCode, WebError> {
    fields.verify(&user.session).await?;
    let c = state.app.candidacy(user.user.id, candidate).await?;
    let Some(seat) = seat_of(&user, c.candidate.id).await? else {
        return Ok(StatusCode::NO_CONTENT);
    };
    match state
        .app
        .course_focus_out(&c, &seat, fields.get("challenge_id"))
        .await
    {
        Ok(()) | Err(CertifError::SeatLost) => Ok(StatusCode::NO_CONTENT),
        Err(e) => Err(e.into()),
    }
}

/// A number of questions in words, for the page's progress ("Question 3 sur 32").
pub fn progress(lang: Lang, number: usize, of: usize) -> String {
    lang.t_args(
        "certification-progress",
        &[("number", num(number as f64)), ("of", num(of as f64))],
    )
}
