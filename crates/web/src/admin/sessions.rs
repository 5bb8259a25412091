//! `/admin/sessions`: certification review. The list of sessions to publish and of sessions
//! needing a person (with why), "publish all publishable"; a session's page (candidates,
//! results, issue reports with their resolution, live alerts, the finalisation comment,
//! blockers) with its forms: decide a report, neutralise or restore a question, cancel or
//! reinstate a certification, mark the comment read, publish, unpublish, unfinalise. Every
//! rule and write is a use case of `acquis_app::admin::review` or of the certification
//! publication; this module only reads forms and renders.

use acquis_app::admin::review::{self, CandidateReview, ReviewSession, SessionReview};
use acquis_app::admin::{AdminError, Permission};
use acquis_app::certification::CertifError;
use acquis_app::certification::publication::Blocker;
use acquis_core::certification::review::{MAX_COMMENT_CHARS, QuestionOverride, ReportDecision};
use acquis_core::certification::scoring::Resolution;
use acquis_core::ids::SessionId;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;

use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::Lang;
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// The review routes, merged into [`crate::admin::routes`].
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::*;
    Routes::new()
        .get("/admin/sessions", Op(Read), list)
        .post("/admin/sessions/publier", Op(Certification), publish_all)
        .get("/admin/sessions/{session}", Op(Read), show)
        .post(
            "/admin/sessions/{session}/publier",
            Op(Certification),
            publish,
        )
        .post(
            "/admin/sessions/{session}/depublier",
            Op(Certification),
            unpublish,
        )
        .post(
            "/admin/sessions/{session}/definaliser",
            Op(Certification),
            unfinalise,
        )
        .post(
            "/admin/sessions/{session}/commentaire-lu",
            Op(Certification),
            comment_read,
        )
        .post(
            "/admin/sessions/{session}/signalements/{report}",
            Op(Certification),
            resolve,
        )
        .post(
            "/admin/sessions/{session}/tests/{course}/questions/{number}/neutraliser",
            Op(Certification),
            neutralise,
        )
        .post(
            "/admin/sessions/{session}/tests/{course}/questions/{number}/retablir",
            Op(Certification),
            restore,
        )
        .post(
            "/admin/sessions/{session}/tests/{course}/annuler",
            Op(Certification),
            cancel,
        )
        .post(
            "/admin/sessions/{session}/tests/{course}/reintegrer",
            Op(Certification),
            reinstate,
        )
}

/// The lists' paging, as sent.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    /// Show the sessions to publish after this number.
    #[serde(default)]
    publier_apres: Option<i64>,
    /// Show the sessions needing a person after this number.
    #[serde(default)]
    revoir_apres: Option<i64>,
}

/// A session in a list.
pub struct SessionItem {
    id: i64,
    centre: String,
    date: String,
    candidates: i64,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/sessions.html")]
struct ListPage {
    chrome: Chrome,
    nav: AdminNav,
    to_publish: Vec<SessionItem>,
    needing: Vec<SessionItem>,
    next_publish: Option<String>,
    next_needing: Option<String>,
    may_change: bool,
}

/// The label of a blocker.
fn blocker_label(lang: Lang, b: Blocker) -> String {
    match b {
        Blocker::NotFinalised => lang.t("admin-review-blocker-not-finalised"),
        Blocker::NotScored => lang.t("admin-review-blocker-not-scored"),
        Blocker::Published => lang.t("admin-review-blocker-published"),
        Blocker::Comment => lang.t("admin-review-blocker-comment"),
        Blocker::ReportsNeedPerson(n) => lang.t_args(
            "admin-review-blocker-reports",
            &[("count", FluentValue::from(n as f64))],
        ),
        Blocker::ScoringErrors(n) => lang.t_args(
            "admin-review-blocker-errors",
            &[("count", FluentValue::from(n as f64))],
        ),
    }
}

fn items(lang: Lang, sessions: &[ReviewSession]) -> Vec<SessionItem> {
    sessions
        .iter()
        .map(|s| SessionItem {
            id: s.row.session.id,
            centre: s.row.centre_name.clone(),
            date: format!(
                "{} {}",
                s.row.session.session_date, s.row.session.session_time
            ),
            candidates: s.row.session.candidate_count,
            reasons: s.blockers.iter().map(|b| blocker_label(lang, *b)).collect(),
        })
        .collect()
}

fn next_link(sessions: &[ReviewSession], key: &str, other: Option<(&str, i64)>) -> Option<String> {
    if sessions.len() < review::PAGE as usize {
        return None;
    }
    let last = sessions.last()?.row.session.id;
    let mut link = format!("/admin/sessions?{key}={last}");
    if let Some((k, v)) = other {
        link.push_str(&format!("&{k}={v}"));
    }
    Some(link)
}

/// The two lists.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    let to_publish =
        review::sessions_to_publish(&state.app, &caller.op, params.publier_apres).await?;
    let needing =
        review::sessions_needing_a_person(&state.app, &caller.op, params.revoir_apres).await?;
    let chrome = Chrome::of(lang, &caller.user, "/admin/sessions").await?;
    let page = ListPage {
        chrome,
        nav: caller.nav("sessions"),
        next_publish: next_link(
            &to_publish,
            "publier_apres",
            params.revoir_apres.map(|v| ("revoir_apres", v)),
        ),
        next_needing: next_link(
            &needing,
            "revoir_apres",
            params.publier_apres.map(|v| ("publier_apres", v)),
        ),
        to_publish: items(lang, &to_publish),
        needing: items(lang, &needing),
        may_change: caller.op.may(Permission::Certification),
    };
    Ok(Html(page.render()?).into_response())
}

/// Publishes every publishable session.
pub async fn publish_all(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let report = state
        .app
        .publish_all_results(&caller.op)
        .await
        .map_err(WebError::from)?;
    let text = lang.t_args(
        "admin-review-published-all",
        &[
            (
                "published",
                FluentValue::from(report.published.len() as f64),
            ),
            ("skipped", FluentValue::from(report.skipped.len() as f64)),
        ],
    );
    flash(&caller.user.session, "success", text).await?;
    Ok(redirect_to("/admin/sessions").into_response())
}

/// A line of facts.
pub struct Fact {
    label: String,
    value: String,
}

/// A report on the page.
pub struct ReportItem {
    id: i64,
    kind: String,
    question: String,
    description: String,
    rule: String,
    decision: Option<String>,
    waits: bool,
    field: String,
    error: Option<String>,
    comment: String,
}

/// A question on the page.
pub struct QuestionItem {
    number: u32,
    challenge: String,
    answer: String,
    neutralised: bool,
    overridden: String,
}

/// A candidate on the page.
pub struct CandidateItem {
    id: i64,
    name: String,
    course: Option<i64>,
    result: Vec<Fact>,
    levels: String,
    cancellation: Option<String>,
    reason_field: String,
    reason_error: Option<String>,
    reason: String,
    reports: Vec<ReportItem>,
    questions: Vec<QuestionItem>,
    alerts: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/session.html")]
struct SessionPage {
    chrome: Chrome,
    nav: AdminNav,
    id: i64,
    title: String,
    facts: Vec<Fact>,
    comment: Option<String>,
    comment_read: Option<String>,
    blockers: Vec<String>,
    publishable: bool,
    published: bool,
    finalised: bool,
    open: bool,
    may_change: bool,
    candidates: Vec<CandidateItem>,
    errors: Vec<(String, String)>,
}

fn date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn status_key(status: &str) -> &'static str {
    match status {
        "validated" => "admin-review-status-validated",
        "rejected" => "admin-review-status-rejected",
        "cancelled" => "admin-review-status-cancelled",
        _ => "admin-review-status-error",
    }
}

fn resolution_label(lang: Lang, r: Option<Resolution>) -> String {
    match r {
        None => lang.t("admin-review-rule-none"),
        Some(r) => lang.t(&format!(
            "admin-review-rule-{}",
            r.as_str().replace('_', "-")
        )),
    }
}

fn decision_key(d: &str) -> &'static str {
    match d.parse::<ReportDecision>() {
        Ok(ReportDecision::Neutralise) => "admin-review-decision-neutralise",
        _ => "admin-review-decision-no-effect",
    }
}

/// What a failed form says, beside its field: (field id, message).
type FieldErrors = Vec<(String, String)>;

fn candidate_item(
    lang: Lang,
    c: &CandidateReview,
    errors: &FieldErrors,
    form: &Fields,
) -> CandidateItem {
    let mut result = Vec::new();
    let mut levels = String::new();
    if let Some(r) = &c.result {
        result.push(Fact {
            label: lang.t("admin-review-status"),
            value: lang.t(status_key(&r.status)),
        });
        if let Some(score) = r.score {
            result.push(Fact {
                label: lang.t("admin-review-score"),
                value: score.to_string(),
            });
        }
        if let Some(level) = r.global_level {
            result.push(Fact {
                label: lang.t("admin-review-level"),
                value: level.to_string(),
            });
        }
        result.push(Fact {
            label: lang.t("admin-review-answered"),
            value: r.answered.to_string(),
        });
        if let Some(problem) = &r.problem {
            result.push(Fact {
                label: lang.t("admin-review-problem"),
                value: problem.clone(),
            });
        }
        let parsed: Vec<(String, u8)> =
            serde_json::from_str(&r.competence_levels).unwrap_or_default();
        levels = parsed
            .iter()
            .map(|(code, level)| format!("{code} : {level}"))
            .collect::<Vec<_>>()
            .join(" · ");
    }
    let course = c.course.as_ref().map(|c| c.id);
    let reason_field = format!("reason-{}", course.unwrap_or(0));
    let error_of = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    };
    let sent = |field: &str, name: &str| {
        if error_of(field).is_some() {
            form.get(name).chars().take(MAX_COMMENT_CHARS + 1).collect()
        } else {
            String::new()
        }
    };
    CandidateItem {
        id: c.candidate.id,
        name: format!("{} {}", c.candidate.first_name, c.candidate.birth_name),
        course,
        result,
        levels,
        cancellation: c.cancellation.as_ref().map(|x| {
            lang.t_args(
                "admin-review-cancelled-by-operator",
                &[
                    ("at", FluentValue::from(date(x.cancelled_at))),
                    ("reason", FluentValue::from(x.reason.clone())),
                ],
            )
        }),
        reason_error: error_of(&reason_field),
        reason: sent(&reason_field, "reason"),
        reason_field,
        reports: c
            .reports
            .iter()
            .map(|r| {
                let field = format!("comment-{}", r.report.id);
                ReportItem {
                    id: r.report.id,
                    kind: match &r.report.subcategory {
                        Some(sub) => format!("{} / {sub}", r.report.category),
                        None => r.report.category.clone(),
                    },
                    question: r
                        .report
                        .question_number
                        .map(|q| q.to_string())
                        .unwrap_or_default(),
                    description: r.report.description.clone(),
                    rule: resolution_label(lang, r.rule),
                    decision: r.decision.as_ref().map(|d| {
                        lang.t_args(
                            "admin-review-decided",
                            &[
                                (
                                    "decision",
                                    FluentValue::from(lang.t(decision_key(&d.decision))),
                                ),
                                ("at", FluentValue::from(date(d.decided_at))),
                                ("comment", FluentValue::from(d.comment.clone())),
                            ],
                        )
                    }),
                    waits: r.waits(),
                    error: error_of(&field),
                    comment: sent(&field, "comment"),
                    field,
                }
            })
            .collect(),
        questions: c
            .questions
            .iter()
            .map(|q| QuestionItem {
                number: q.number,
                challenge: q.challenge_id.clone(),
                answer: q.answer.clone().unwrap_or_else(|| "–".into()),
                neutralised: q.neutralised,
                overridden: match q.override_state {
                    Some(QuestionOverride::Neutralised) => {
                        lang.t("admin-review-override-neutralised")
                    }
                    Some(QuestionOverride::Restored) => lang.t("admin-review-override-restored"),
                    None => String::new(),
                },
            })
            .collect(),
        alerts: c
            .alerts
            .iter()
            .map(|a| {
                lang.t_args(
                    "admin-review-alert",
                    &[
                        ("position", FluentValue::from(f64::from(a.position))),
                        ("state", FluentValue::from(a.state.to_lowercase())),
                        (
                            "reason",
                            FluentValue::from(a.reason.clone().unwrap_or_else(|| "–".into())),
                        ),
                        ("at", FluentValue::from(date(a.created_at))),
                    ],
                )
            })
            .collect(),
    }
}

fn session_facts(lang: Lang, v: &SessionReview) -> Vec<Fact> {
    let s = &v.session;
    let mut facts = vec![
        Fact {
            label: lang.t("admin-review-centre"),
            value: v.centre_name.clone(),
        },
        Fact {
            label: lang.t("admin-review-date"),
            value: format!("{} {}", s.session_date, s.session_time),
        },
        Fact {
            label: lang.t("admin-review-place"),
            value: format!("{} – {}", s.site, s.room),
        },
        Fact {
            label: lang.t("admin-review-examiners"),
            value: s.examiners.clone(),
        },
    ];
    let never = || lang.t("admin-review-not-yet");
    for (key, at) in [
        ("admin-review-finalised-at", s.finalised_at),
        ("admin-review-scored-at", s.scored_at),
        ("admin-review-published-at", s.published_at),
    ] {
        facts.push(Fact {
            label: lang.t(key),
            value: at.map(date).unwrap_or_else(never),
        });
    }
    let yes_no = |b: bool| lang.t(if b { "admin-yes" } else { "admin-no" });
    facts.push(Fact {
        label: lang.t("admin-review-incident"),
        value: yes_no(s.had_incident),
    });
    facts.push(Fact {
        label: lang.t("admin-review-joining-issue"),
        value: yes_no(s.had_joining_issue),
    });
    facts
}

async fn session_page(
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    session: i64,
    errors: FieldErrors,
    form: Fields,
) -> Result<Response, WebError> {
    let view = review::session_review(&state.app, &caller.op, SessionId::from(session)).await?;
    let path = format!("/admin/sessions/{session}");
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let page = SessionPage {
        chrome,
        nav: caller.nav("sessions"),
        id: view.session.id,
        title: lang.t_args(
            "admin-review-session-title",
            &[("id", FluentValue::from(view.session.id as f64))],
        ),
        facts: session_facts(lang, &view),
        comment: view.session.finalisation_comment.clone(),
        comment_read: view.comment_read_at.map(date),
        blockers: view
            .blockers
            .iter()
            .map(|b| blocker_label(lang, *b))
            .collect(),
        publishable: view.blockers.is_empty(),
        published: view.session.published_at.is_some(),
        finalised: view.session.finalised_at.is_some(),
        open: view.open(),
        may_change: caller.op.may(Permission::Certification),
        candidates: view
            .candidates
            .iter()
            .map(|c| candidate_item(lang, c, &errors, &form))
            .collect(),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// A session's review page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(session): Path<i64>,
) -> Result<Response, WebError> {
    session_page(
        &state,
        lang,
        &caller,
        session,
        Vec::new(),
        Fields::default(),
    )
    .await
}

fn back(session: i64) -> Response {
    redirect_to(&format!("/admin/sessions/{session}")).into_response()
}

/// The message of a refused review change that is not about a field.
fn refusal_key(e: &AdminError) -> Option<&'static str> {
    Some(match e {
        AdminError::Conflict("published") => "admin-review-refused-published",
        AdminError::Conflict("not_scored") => "admin-review-refused-not-scored",
        AdminError::Conflict(_) => "admin-review-refused-busy",
        AdminError::NotFound(_) => "admin-review-refused-not-found",
        AdminError::Invalid {
            code: "no_question",
            ..
        } => "admin-review-refused-no-question",
        AdminError::Invalid {
            code: "no_test", ..
        } => "admin-review-refused-no-test",
        AdminError::Invalid {
            code: "no_such_question",
            ..
        } => "admin-review-refused-no-such-question",
        _ => return None,
    })
}

fn text_error_key(code: &str) -> &'static str {
    match code {
        "empty" => "admin-review-text-empty",
        "too_long" => "admin-review-text-too-long",
        _ => "admin-review-text-invalid",
    }
}

/// Turns a review change's outcome into a flash and a redirect back, or the page again with
/// the field at fault (`field_id`).
async fn conclude(
    state: &AppState,
    lang: Lang,
    caller: &OperatorCaller,
    session: i64,
    outcome: Result<bool, AdminError>,
    done: &str,
    (field_id, fields): (Option<String>, Fields),
) -> Result<Response, WebError> {
    let s = &caller.user.session;
    match outcome {
        Ok(true) => flash(s, "success", lang.t(done)).await?,
        Ok(false) => flash(s, "info", lang.t("admin-review-unchanged")).await?,
        Err(AdminError::Invalid {
            field: "comment" | "reason",
            code,
        }) if field_id.is_some() => {
            let errors = vec![(field_id.unwrap_or_default(), lang.t(text_error_key(code)))];
            return session_page(state, lang, caller, session, errors, fields).await;
        }
        Err(e) => match refusal_key(&e) {
            Some(key) => flash(s, "error", lang.t(key)).await?,
            None => return Err(e.into()),
        },
    }
    Ok(back(session))
}

/// Publishes the session's results.
pub async fn publish(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(session): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let s = &caller.user.session;
    match state
        .app
        .publish_results(&caller.op, SessionId::from(session))
        .await
    {
        Ok(()) => flash(s, "success", lang.t("admin-review-published")).await?,
        Err(CertifError::NotPublishable(blockers)) => {
            let reasons: Vec<String> = blockers.iter().map(|b| blocker_label(lang, *b)).collect();
            let text = lang.t_args(
                "admin-review-not-publishable",
                &[("reasons", FluentValue::from(reasons.join(" ; ")))],
            );
            flash(s, "error", text).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(session))
}

/// Takes the session's publication back.
pub async fn unpublish(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(session): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let s = &caller.user.session;
    match state
        .app
        .unpublish_results(&caller.op, SessionId::from(session))
        .await
    {
        Ok(()) => flash(s, "success", lang.t("admin-review-unpublished")).await?,
        Err(CertifError::Conflict(_)) => {
            flash(s, "error", lang.t("admin-review-not-published")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(session))
}

/// Takes the session's finalisation back.
pub async fn unfinalise(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(session): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let s = &caller.user.session;
    match state
        .app
        .unfinalise_session(&caller.op, SessionId::from(session))
        .await
    {
        Ok(()) => flash(s, "success", lang.t("admin-review-unfinalised")).await?,
        Err(CertifError::Conflict(_)) => {
            flash(s, "error", lang.t("admin-review-cannot-unfinalise")).await?
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back(session))
}

/// Marks the finalisation comment read.
pub async fn comment_read(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(session): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let outcome = review::mark_comment_read(&state.app, &caller.op, SessionId::from(session)).await;
    if let Err(AdminError::NotFound(_)) = outcome {
        return Err(WebError::NotFound);
    }
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-comment-marked",
        (None, fields),
    )
    .await
}

/// A person's decision on a report.
pub async fn resolve(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((session, report)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    caller.require(Permission::Certification)?;
    let decision = match fields.get("decision") {
        "neutralise" => Some(ReportDecision::Neutralise),
        "no_effect" => Some(ReportDecision::NoEffect),
        _ => None,
    };
    let field_id = format!("comment-{report}");
    let Some(decision) = decision else {
        flash(
            &caller.user.session,
            "error",
            lang.t("admin-review-decision-missing"),
        )
        .await?;
        return Ok(back(session));
    };
    let outcome = review::resolve_report(
        &state.app,
        &caller.op,
        SessionId::from(session),
        report,
        decision,
        fields.get("comment"),
    )
    .await;
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-report-resolved",
        (Some(field_id), fields),
    )
    .await
}

/// Neutralises a question for one candidate.
pub async fn neutralise(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((session, course, number)): Path<(i64, i64, u32)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let outcome = review::neutralise_question(
        &state.app,
        &caller.op,
        SessionId::from(session),
        course,
        number,
    )
    .await;
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-question-neutralised",
        (None, fields),
    )
    .await
}

/// Restores a question for one candidate.
pub async fn restore(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((session, course, number)): Path<(i64, i64, u32)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let outcome = review::restore_question(
        &state.app,
        &caller.op,
        SessionId::from(session),
        course,
        number,
    )
    .await;
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-question-restored",
        (None, fields),
    )
    .await
}

/// Cancels a certification.
pub async fn cancel(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((session, course)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let outcome = review::cancel_certification(
        &state.app,
        &caller.op,
        SessionId::from(session),
        course,
        fields.get("reason"),
    )
    .await;
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-cancelled",
        (Some(format!("reason-{course}")), fields),
    )
    .await
}

/// Reinstates a cancelled certification.
pub async fn reinstate(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path((session, course)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    let outcome =
        review::reinstate_certification(&state.app, &caller.op, SessionId::from(session), course)
            .await;
    conclude(
        &state,
        lang,
        &caller,
        session,
        outcome,
        "admin-review-reinstated",
        (None, fields),
    )
    .await
}
