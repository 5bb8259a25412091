//! `/certif/surveillance`: the invigilator's space. Any signed-in account types a session
//! number and its invigilator password (rate-limited per address, and locked per session
//! after repeated failures); the browser's session then holds the right to that one session.
//! The live page lists the candidates, pending alerts first; its list is replaced when the
//! server pushes that something changed (`…/flux`, Server-Sent Events), or every 5 seconds
//! when push is unavailable, or with the "Actualiser" button without JavaScript. Actions:
//! authorise a start or a resume, end a test (confirmed first), validate or dismiss an alert.

use std::convert::Infallible;
use std::time::Duration;

use acquis_app::certification::invigilation::{BoardEntry, Invigilation};
use acquis_app::certification::{CandidateId, CertifError, SessionId};
use acquis_core::certification::course::{AlertReason, CandidateState};
use acquis_core::ids::AlertId;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::stream::Stream;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::{AppState, WebError};

const GRANTS: &str = "invigilating";

async fn grants(user: &CurrentUser) -> Result<Vec<i64>, WebError> {
    Ok(user
        .session
        .get::<Vec<i64>>(GRANTS)
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?
        .unwrap_or_default())
}

/// The invigilation of `session` if this browser opened it; `NotFound` otherwise (exactly
/// as for a session that does not exist).
async fn require(
    state: &AppState,
    user: &CurrentUser,
    session: SessionId,
) -> Result<Invigilation, WebError> {
    if !grants(user).await?.contains(&session.get()) {
        return Err(WebError::NotFound);
    }
    Ok(state.app.invigilation(session).await?)
}

fn live_url(session: i64) -> String {
    format!("/certif/surveillance/{session}")
}

#[derive(Template)]
#[template(path = "certif/invigilate_form.html")]
struct FormPage {
    chrome: Chrome,
    session: String,
    error: Option<String>,
}

/// The form: session number and invigilator password.
pub async fn form(lang: Lang, user: CurrentUser) -> Result<Response, WebError> {
    let page = FormPage {
        chrome: Chrome::of(lang, &user, "/certif/surveillance").await?,
        session: String::new(),
        error: None,
    };
    Ok(Html(page.render()?).into_response())
}

/// Opens a session's invigilation.
pub async fn open(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let typed = fields.get("session").trim();
    let opened = match typed.parse::<i64>() {
        Ok(id) => {
            state
                .app
                .open_invigilation(SessionId::from(id), fields.get("password"))
                .await
        }
        Err(_) => Err(CertifError::WrongPassword),
    };
    let key = match opened {
        Ok(inv) => {
            let mut granted = grants(&user).await?;
            if !granted.contains(&inv.id().get()) {
                granted.push(inv.id().get());
            }
            user.session
                .insert(GRANTS, granted)
                .await
                .map_err(|_| WebError::Internal("session cannot be written"))?;
            return Ok(redirect_to(&live_url(inv.id().get())).into_response());
        }
        Err(CertifError::WrongPassword) => "certif-invigilate-wrong",
        Err(CertifError::InvigilationLocked) => "certif-invigilate-locked",
        Err(CertifError::SessionClosed) => "certif-error-closed",
        Err(e) => return Err(e.into()),
    };
    let page = FormPage {
        chrome: Chrome::of(lang, &user, "/certif/surveillance").await?,
        session: typed.chars().take(20).collect(),
        error: Some(lang.t(key)),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// A candidate on the board, as the list shows them.
pub struct Row {
    candidate: i64,
    name: String,
    state: String,
    state_key: &'static str,
    attention: bool,
    started: String,
    end: String,
    may_authorise: bool,
    may_end: bool,
    alert: Option<(i64, usize)>,
    extra_time: i32,
}

/// A reason an alert can be validated with.
pub struct ReasonOption {
    value: &'static str,
    label: String,
}

fn state_label(lang: Lang, state: CandidateState) -> String {
    match state {
        CandidateState::NotEligible => lang.t("certif-state-not-eligible"),
        CandidateState::NotArrived => lang.t("certif-state-not-arrived"),
        CandidateState::Present { authorised: true } => lang.t("certif-state-authorised"),
        CandidateState::Present { authorised: false } => lang.t("certif-state-present"),
        CandidateState::InTest { question, of } => lang.t_args(
            "certif-state-in-test",
            &[("question", num(question as f64)), ("of", num(of as f64))],
        ),
        CandidateState::WaitingOnAlert { question, of } => lang.t_args(
            "certif-state-alert",
            &[("question", num(question as f64)), ("of", num(of as f64))],
        ),
        CandidateState::Interrupted {
            resume_authorised: true,
            ..
        } => lang.t("certif-state-resume-authorised"),
        CandidateState::Interrupted { .. } => lang.t("certif-state-interrupted"),
        CandidateState::Finished => lang.t("certif-state-finished"),
        CandidateState::EndedByInvigilator => lang.t("certif-state-ended"),
        CandidateState::EndedByFinalisation => lang.t("certif-state-ended-finalisation"),
    }
}

/// A time as the centre reads it: French time (the centres are in France; the session's
/// own time is typed in it).
fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Paris)
        .format("%H:%M")
        .to_string()
}

fn rows(lang: Lang, board: Vec<BoardEntry>) -> Vec<Row> {
    board
        .into_iter()
        .map(|e| Row {
            candidate: e.candidate.id,
            name: format!("{} {}", e.candidate.first_name, e.candidate.birth_name),
            state: state_label(lang, e.state),
            state_key: e.state.as_str(),
            attention: e.state.needs_attention(),
            started: e
                .course
                .as_ref()
                .map(|c| time(c.started_at))
                .unwrap_or_default(),
            end: e.theoretical_end.map(time).unwrap_or_default(),
            may_authorise: e.candidate.user_id.is_some() && e.state.may_authorise(),
            may_end: e.state.may_end(),
            alert: e
                .pending_alert
                .as_ref()
                .map(|a| (a.id, a.position.max(0) as usize + 1)),
            extra_time: e.candidate.extra_time_percent,
        })
        .collect()
}

fn reasons(lang: Lang) -> Vec<ReasonOption> {
    AlertReason::ALL
        .into_iter()
        .map(|r| ReasonOption {
            value: r.as_str(),
            label: lang.t(&crate::certif::alert_reason_key(r)),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "certif/board.html")]
struct BoardPage {
    chrome: Chrome,
    session: i64,
    site: String,
    rows: Vec<Row>,
    reasons: Vec<ReasonOption>,
}

#[derive(Template)]
#[template(path = "certif/board_list.html")]
struct BoardList {
    chrome: Chrome,
    session: i64,
    rows: Vec<Row>,
    reasons: Vec<ReasonOption>,
}

/// The live page.
pub async fn board(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(session): Path<SessionId>,
) -> Result<Response, WebError> {
    let inv = require(&state, &user, session).await?;
    let rows = rows(lang, state.app.board(&inv).await?);
    let s = inv.session();
    let page = BoardPage {
        chrome: Chrome::of(lang, &user, &live_url(s.id)).await?,
        session: s.id,
        site: format!("{} – {}", s.site, s.room),
        rows,
        reasons: reasons(lang),
    };
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response())
}

#[derive(Template)]
#[template(
    source = r#"<p class="notice" role="status" data-session-closed>{{ text }}</p>"#,
    ext = "html"
)]
struct BoardClosed {
    text: String,
}

/// The list alone, for the page's script to replace.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(session): Path<SessionId>,
) -> Result<Response, WebError> {
    if !grants(&user).await?.contains(&session.get()) {
        return Err(WebError::NotFound);
    }
    let inv = match state.app.invigilation(session).await {
        Ok(inv) => inv,
        // Finalised while the live page is open: the list says so instead of failing.
        Err(CertifError::SessionClosed) => {
            let page = BoardClosed {
                text: lang.t("certif-live-closed"),
            };
            return Ok((
                [(axum::http::header::CACHE_CONTROL, "no-store")],
                Html(page.render()?),
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let rows = rows(lang, state.app.board(&inv).await?);
    let page = BoardList {
        chrome: Chrome::of(lang, &user, &live_url(session.get())).await?,
        session: session.get(),
        rows,
        reasons: reasons(lang),
    };
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response())
}

/// The push: a `changed` event whenever something of the session changed (at most one
/// every 300 ms), a comment every 15 s to keep the connection open.
pub async fn stream(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(session): Path<SessionId>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, WebError> {
    let inv = require(&state, &user, session).await?;
    let id = inv.id().get();
    let receiver = state.app.session_events();
    let events = futures_util::stream::unfold(receiver, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(changed) if changed == id => {
                    // Coalesce a burst of changes into one refresh.
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    while rx.try_recv().is_ok() {}
                    return Some((Ok(Event::default().event("changed").data("1")), rx));
                }
                Ok(_) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("changed").data("1")), rx));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Authorises a candidate to start or resume (confirms presence).
pub async fn authorise(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((session, candidate)): Path<(SessionId, CandidateId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let inv = require(&state, &user, session).await?;
    match state.app.authorise(&inv, candidate).await {
        Ok(()) => flash(&user.session, "success", lang.t("certif-authorised")).await?,
        Err(CertifError::Conflict(_)) => {
            flash(&user.session, "error", lang.t("certif-authorise-refused")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect_to(&live_url(session.get())).into_response())
}

#[derive(Template)]
#[template(path = "certif/confirm_end.html")]
struct ConfirmEndPage {
    chrome: Chrome,
    session: i64,
    candidate: i64,
    name: String,
}

/// Asks before ending a candidate's test.
pub async fn confirm_end(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((session, candidate)): Path<(SessionId, CandidateId)>,
) -> Result<Response, WebError> {
    let inv = require(&state, &user, session).await?;
    let board = state.app.board(&inv).await?;
    let entry = board
        .iter()
        .find(|e| e.candidate.id == candidate.get())
        .ok_or(WebError::NotFound)?;
    let path = format!("{}/candidats/{candidate}/terminer", live_url(session.get()));
    let page = ConfirmEndPage {
        chrome: Chrome::of(lang, &user, &path).await?,
        session: session.get(),
        candidate: candidate.get(),
        name: format!(
            "{} {}",
            entry.candidate.first_name, entry.candidate.birth_name
        ),
    };
    Ok(Html(page.render()?).into_response())
}

/// Ends a candidate's test.
pub async fn end(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((session, candidate)): Path<(SessionId, CandidateId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let inv = require(&state, &user, session).await?;
    match state.app.end_test(&inv, candidate).await {
        Ok(()) => flash(&user.session, "success", lang.t("certif-test-ended")).await?,
        Err(CertifError::NotFound(_)) => {
            flash(&user.session, "error", lang.t("certif-test-not-running")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect_to(&live_url(session.get())).into_response())
}

/// Validates (with a reason) or dismisses a pending alert.
pub async fn handle_alert(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((session, alert)): Path<(SessionId, AlertId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let inv = require(&state, &user, session).await?;
    let reason = match fields.get("decision") {
        "dismiss" => None,
        _ => match AlertReason::parse(fields.get("reason")) {
            Some(r) => Some(r),
            None => {
                flash(
                    &user.session,
                    "error",
                    lang.t("certif-alert-reason-missing"),
                )
                .await?;
                return Ok(redirect_to(&live_url(session.get())).into_response());
            }
        },
    };
    match state.app.handle_alert(&inv, alert, reason).await {
        Ok(()) => {
            let key = if reason.is_some() {
                "certif-alert-validated"
            } else {
                "certif-alert-dismissed"
            };
            flash(&user.session, "success", lang.t(key)).await?;
        }
        Err(CertifError::NotFound(_)) => {
            flash(&user.session, "error", lang.t("certif-alert-gone")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(redirect_to(&live_url(session.get())).into_response())
}
