//! Closing a session (`/certif/{centre}/sessions/{session}/finalisation`): the centre adds
//! issue reports per candidate, gives the abort reason of each unfinished test, ticks the
//! incident boxes, writes a comment and finalises; once published, the centre downloads the
//! certificates of the session as one PDF.

use acquis_app::certification::finalisation::{FinalisationRow, report_kind};
use acquis_app::certification::{CandidateId, CentreId, CertifError, SessionId};
use acquis_core::certification::finalisation::{
    AbortReason, ChallengeProblem, FinalisationForm, IssueKind, IssueReportForm, MAX_COMMENT,
};
use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::certif::{CentreNav, require_member, status_key};
use crate::i18n::{Lang, text};
use crate::orga::iso_date;
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// The Fluent key of an issue kind's label.
fn kind_key(kind: IssueKind) -> String {
    match kind {
        IssueKind::NameOrBirthDate => "certif-issue-name-or-birth-date".into(),
        IssueKind::ExtraTime => "certif-issue-extra-time".into(),
        IssueKind::Fraud => "certif-issue-fraud".into(),
        IssueKind::TechnicalIncident => "certif-issue-technical".into(),
        IssueKind::CandidateIncident => "certif-issue-candidate".into(),
        IssueKind::InChallenge(ChallengeProblem::SkippedOnError) => {
            "certif-issue-skipped-on-error".into()
        }
        IssueKind::InChallenge(ChallengeProblem::Alert(reason)) => {
            crate::certif::alert_reason_key(reason)
        }
    }
}

/// A choice of a select.
struct Choice {
    value: String,
    label: String,
}

struct ReportItem {
    id: i64,
    label: String,
    question: Option<i32>,
    description: String,
    resolution: Option<String>,
}

struct Row {
    id: i64,
    name: String,
    state: String,
    answered_label: String,
    unfinished: bool,
    abort: String,
    abort_error: Option<String>,
    reports: Vec<ReportItem>,
    /// The report form of this candidate had these errors (field, message).
    report_errors: Vec<(&'static str, String)>,
    report_form: IssueReportForm,
}

impl Row {
    fn report_error(&self, field: &str) -> Option<&str> {
        self.report_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template)]
#[template(path = "certif/finalisation.html")]
struct FinalisationPage {
    chrome: Chrome,
    nav: CentreNav,
    session: i64,
    date: String,
    status: String,
    finalised: bool,
    published: bool,
    rows: Vec<Row>,
    kinds: Vec<Choice>,
    aborts: Vec<Choice>,
    form: FinalisationForm,
    comment_error: Option<String>,
    /// Each error with the id of the control it is about (the summary links to it).
    error_summary: Vec<(String, String)>,
    max_comment: usize,
    max_chars: String,
}

fn problem_message(lang: Lang, code: &str) -> String {
    match code {
        "required" => lang.t("certif-issue-question-required"),
        "out_of_range" => lang.t("certif-issue-question-range"),
        "too_long" => lang.t_args(
            "certif-comment-too-long",
            &[("max", text(MAX_COMMENT.to_string()))],
        ),
        "control_character" => lang.t("certif-error-control-character"),
        _ => lang.t("certif-issue-kind-unknown"),
    }
}

/// A refused report: the candidate, the form as typed, its errors (field, message).
type RefusedReport = (i64, IssueReportForm, Vec<(&'static str, String)>);

/// What the page shows after a refused action.
#[derive(Default)]
struct Refusal {
    report_of: Option<RefusedReport>,
    missing_aborts: Vec<i64>,
    typed_aborts: Vec<(i64, String)>,
    form: FinalisationForm,
    comment_error: Option<String>,
}

fn row_of(lang: Lang, r: FinalisationRow, refusal: &Refusal) -> Row {
    let id = r.candidate.id;
    let state = match (&r.course, r.unfinished) {
        (None, _) => lang.t("certif-final-absent"),
        (Some(_), true) => lang.t("certif-final-unfinished"),
        (Some(_), false) => lang.t("certif-final-completed"),
    };
    let (report_form, report_errors) = match &refusal.report_of {
        Some((who, form, errors)) if *who == id => (form.clone(), errors.clone()),
        _ => (IssueReportForm::default(), Vec::new()),
    };
    let abort = refusal
        .typed_aborts
        .iter()
        .find(|(c, _)| *c == id)
        .map(|(_, a)| a.clone())
        .or_else(|| r.course.as_ref().and_then(|c| c.abort_reason.clone()))
        .unwrap_or_default();
    Row {
        id,
        name: format!("{} {}", r.candidate.first_name, r.candidate.birth_name),
        state,
        answered_label: lang.t_args(
            "certif-final-answered",
            &[("n", text(r.answered.to_string()))],
        ),
        unfinished: r.unfinished,
        abort,
        abort_error: refusal
            .missing_aborts
            .contains(&id)
            .then(|| lang.t("certif-final-abort-required")),
        reports: r
            .reports
            .iter()
            .map(|rep| ReportItem {
                id: rep.id,
                label: report_kind(rep)
                    .map(|k| lang.t(&kind_key(k)))
                    .unwrap_or_else(|| rep.category.clone()),
                question: rep.question_number,
                description: rep.description.clone(),
                resolution: rep
                    .resolution
                    .as_deref()
                    .map(|res| lang.t(&format!("certif-resolution-{}", res.replace('_', "-")))),
            })
            .collect(),
        report_errors,
        report_form,
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    centre: CentreId,
    session: SessionId,
    refusal: Refusal,
    status: StatusCode,
) -> Result<Response, WebError> {
    let membership = require_member(state, user, centre).await?;
    let view = state.app.finalisation_view(&membership, session).await?;
    let mut error_summary: Vec<(String, String)> = Vec::new();
    if let Some(first) = refusal.missing_aborts.first() {
        error_summary.push((
            format!("abort-{first}-error"),
            lang.t("certif-final-abort-required"),
        ));
    }
    if let Some(e) = &refusal.comment_error {
        error_summary.push(("comment".into(), e.clone()));
    }
    if let Some((candidate, _, errors)) = &refusal.report_of {
        error_summary.extend(
            errors
                .iter()
                .map(|(field, m)| (format!("{field}-{candidate}"), m.clone())),
        );
    }
    let record = &view.session;
    let page = FinalisationPage {
        chrome: Chrome::of(
            lang,
            user,
            &format!("/certif/{centre}/sessions/{session}/finalisation"),
        )
        .await?,
        nav: CentreNav::new(&membership, "sessions"),
        session: record.id,
        date: iso_date(lang, &record.session_date),
        status: lang.t(status_key(record.status())),
        finalised: record.finalised_at.is_some(),
        published: record.published_at.is_some(),
        kinds: IssueKind::all()
            .map(|k| Choice {
                value: k.code(),
                label: lang.t(&kind_key(k)),
            })
            .collect(),
        aborts: AbortReason::ALL
            .iter()
            .map(|a| Choice {
                value: a.as_str().into(),
                label: lang.t(&format!("certif-abort-{}", a.as_str())),
            })
            .collect(),
        form: refusal.form.clone(),
        comment_error: refusal.comment_error.clone(),
        error_summary,
        max_comment: MAX_COMMENT,
        max_chars: lang.t_args(
            "certif-max-chars",
            &[("max", text(MAX_COMMENT.to_string()))],
        ),
        rows: view
            .rows
            .into_iter()
            .map(|r| row_of(lang, r, &refusal))
            .collect(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The finalisation page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    render(
        &state,
        lang,
        &user,
        centre,
        session,
        Refusal::default(),
        StatusCode::OK,
    )
    .await
}

fn back(centre: CentreId, session: SessionId) -> Response {
    crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}/finalisation"))
        .into_response()
}

/// Adds an issue report (`candidate`, `kind`, `question`, `description`).
pub async fn add_report(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    let candidate: i64 = fields
        .get("candidate")
        .parse()
        .map_err(|_| WebError::BadRequest("candidate".into()))?;
    let form = IssueReportForm {
        kind: fields.get("kind").to_string(),
        question: fields.get("question").to_string(),
        description: fields.get("description").to_string(),
    };
    match state
        .app
        .add_issue_report(&membership, session, CandidateId::from(candidate), &form)
        .await
    {
        Ok(_) => {
            flash(&user.session, "success", lang.t("certif-issue-added")).await?;
            Ok(back(centre, session))
        }
        Err(CertifError::InvalidReport(errors)) => {
            let errors = errors
                .iter()
                .map(|e| (e.field, problem_message(lang, e.code)))
                .collect();
            let refusal = Refusal {
                report_of: Some((candidate, form, errors)),
                ..Refusal::default()
            };
            render(
                &state,
                lang,
                &user,
                centre,
                session,
                refusal,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CertifError::SessionClosed) => {
            flash(&user.session, "error", lang.t("certif-error-closed")).await?;
            Ok(back(centre, session))
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes an issue report.
pub async fn delete_report(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session, report)): Path<(CentreId, SessionId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    match state
        .app
        .delete_issue_report(&membership, session, report)
        .await
    {
        Ok(()) => flash(&user.session, "success", lang.t("certif-issue-deleted")).await?,
        Err(CertifError::SessionClosed) => {
            flash(&user.session, "error", lang.t("certif-error-closed")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(centre, session))
}

/// Finalises the session (`abort-{candidate}`, `had_incident`, `had_joining_issue`,
/// `comment`).
pub async fn finalise(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    let form = FinalisationForm {
        had_incident: fields.checked("had_incident"),
        had_joining_issue: fields.checked("had_joining_issue"),
        comment: fields.get("comment").to_string(),
    };
    let typed: Vec<(i64, String)> = fields
        .0
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("abort-")?.parse().ok()?;
            Some((id, v.clone()))
        })
        .collect();
    let aborts: Vec<(CandidateId, String)> = typed
        .iter()
        .map(|(id, v)| (CandidateId::from(*id), v.clone()))
        .collect();
    let refused = |missing: Vec<i64>, comment_error: Option<String>| Refusal {
        missing_aborts: missing,
        typed_aborts: typed.clone(),
        form: form.clone(),
        comment_error,
        ..Refusal::default()
    };
    match state
        .app
        .finalise_session(&membership, session, &form, &aborts)
        .await
    {
        Ok(()) => {
            flash(&user.session, "success", lang.t("certif-final-done")).await?;
            Ok(
                crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}"))
                    .into_response(),
            )
        }
        Err(CertifError::MissingAbortReasons(missing)) => {
            render(
                &state,
                lang,
                &user,
                centre,
                session,
                refused(missing, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CertifError::InvalidReport(errors)) => {
            let message = errors
                .first()
                .map(|e| problem_message(lang, e.code))
                .unwrap_or_default();
            render(
                &state,
                lang,
                &user,
                centre,
                session,
                refused(Vec::new(), Some(message)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CertifError::SessionClosed) => {
            flash(&user.session, "error", lang.t("certif-error-closed")).await?;
            Ok(back(centre, session))
        }
        Err(e) => Err(e.into()),
    }
}

/// `?langue=en` for the English version.
#[derive(Debug, Deserialize)]
pub struct PdfQuery {
    langue: Option<String>,
}

/// The certificates of a published session, one PDF (one page each).
pub async fn certificates_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    Query(query): Query<PdfQuery>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let english = query.langue.as_deref() == Some("en");
    let certificates = state
        .app
        .session_certificates(&membership, session, english)
        .await?;
    if certificates.is_empty() {
        return Err(WebError::NotFound);
    }
    // Rendering is CPU work: off the async threads, streamed to the client as it is written.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    let app = state.app.clone();
    tokio::task::spawn_blocking(move || {
        let out = std::io::BufWriter::with_capacity(32 * 1024, ChannelWriter(tx.clone()));
        if let Err(e) = app.write_certificates_pdf(&certificates, english, out) {
            tracing::warn!(error = %e, "session certificates PDF failed");
            let _ = tx.blocking_send(Err(std::io::Error::other("pdf")));
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let name = format!("certificats-session-{}.pdf", session.get());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Sends what is written as chunks of a response body.
struct ChannelWriter(tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(buf.to_vec()))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
