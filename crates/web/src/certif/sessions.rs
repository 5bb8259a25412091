//! `/certif/{centre}/sessions/…`: creating a session (the invigilator password is shown once,
//! on the session's page right after, then only its hash remains), its page with the
//! candidates, editing and deleting it (until a candidate starts; deleting is confirmed
//! first), a new invigilator password, the printable attendance sheet and the invigilator kit.

use acquis_app::certification::{
    CentreId, CentreMembership, CertifError, SessionField, SessionForm, SessionId, SessionProblem,
    SessionRecord,
};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::certif::{CentreNav, require_member, session_of, status_key};
use crate::i18n::{Lang, text};
use crate::orga::iso_date;
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// The session key under which a password just drawn waits to be shown once.
fn password_key(session: i64) -> String {
    format!("certif-password-{session}")
}

/// One field of the session form.
pub struct FormField {
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    required: bool,
    error: Option<String>,
    hint: Option<String>,
}

#[derive(Template)]
#[template(path = "certif/session_form.html")]
struct FormPage {
    chrome: Chrome,
    nav: CentreNav,
    heading: String,
    action: String,
    back: String,
    fields: Vec<FormField>,
    description: FormField,
    errors: Vec<(&'static str, String)>,
}

const FIELDS: [(SessionField, &str, &str, bool); 5] = [
    (SessionField::Site, "certif-field-site", "text", true),
    (SessionField::Room, "certif-field-room", "text", true),
    (SessionField::Date, "certif-field-date", "date", true),
    (SessionField::Time, "certif-field-time", "time", true),
    (
        SessionField::Examiners,
        "certif-field-examiners",
        "text",
        true,
    ),
];

fn problem_message(lang: Lang, field: SessionField, problem: SessionProblem) -> String {
    let label = lang.t(match field {
        SessionField::Site => "certif-field-site",
        SessionField::Room => "certif-field-room",
        SessionField::Date => "certif-field-date",
        SessionField::Time => "certif-field-time",
        SessionField::Examiners => "certif-field-examiners",
        SessionField::Description => "certif-field-description",
    });
    let key = match problem {
        SessionProblem::Required => "certif-problem-required",
        SessionProblem::TooLong => "certif-problem-too-long",
        SessionProblem::ControlCharacter => "certif-problem-control",
        SessionProblem::InvalidDate => "certif-problem-date",
        SessionProblem::InvalidTime => "certif-problem-time",
    };
    lang.t_args(key, &[("field", text(label))])
}

fn session_form(fields: &Fields) -> SessionForm {
    SessionForm {
        site: fields.get("site").to_string(),
        room: fields.get("room").to_string(),
        date: fields.get("date").to_string(),
        time: fields.get("time").to_string(),
        examiners: fields.get("examiners").to_string(),
        description: fields.get("description").to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    lang: Lang,
    user: &CurrentUser,
    membership: &CentreMembership,
    heading: &str,
    action: String,
    back: String,
    form: &SessionForm,
    problems: &[(SessionField, SessionProblem)],
) -> Result<Response, WebError> {
    let error_of = |field: SessionField| {
        problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, p)| problem_message(lang, *f, *p))
    };
    let value_of = |field: SessionField| {
        match field {
            SessionField::Site => &form.site,
            SessionField::Room => &form.room,
            SessionField::Date => &form.date,
            SessionField::Time => &form.time,
            SessionField::Examiners => &form.examiners,
            SessionField::Description => &form.description,
        }
        .chars()
        .take(2_000)
        .collect::<String>()
    };
    let fields = FIELDS
        .iter()
        .map(|&(field, label, kind, required)| FormField {
            name: field.as_str(),
            label: lang.t(label),
            kind,
            value: value_of(field),
            required,
            error: error_of(field),
            hint: (field == SessionField::Examiners).then(|| lang.t("certif-field-examiners-hint")),
        })
        .collect();
    let description = FormField {
        name: SessionField::Description.as_str(),
        label: lang.t("certif-field-description"),
        kind: "textarea",
        value: value_of(SessionField::Description),
        required: false,
        error: error_of(SessionField::Description),
        hint: None,
    };
    let errors = problems
        .iter()
        .map(|(f, p)| (f.as_str(), problem_message(lang, *f, *p)))
        .collect::<Vec<_>>();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        chrome: Chrome::of(lang, user, &action).await?,
        nav: CentreNav::new(membership, "sessions"),
        heading: heading.to_string(),
        action,
        back,
        fields,
        description,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form of a new session.
pub async fn new(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    render_form(
        lang,
        &user,
        &membership,
        &lang.t("certif-session-new"),
        format!("/certif/{centre}/sessions"),
        format!("/certif/{centre}"),
        &SessionForm::default(),
        &[],
    )
    .await
}

/// Creates a session; its page then shows the invigilator password, once.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(centre): Path<CentreId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    let form = session_form(&fields);
    match state.app.create_session(&membership, &form).await {
        Ok(created) => {
            let id = created.session.id;
            remember_password(&user, id, created.invigilator_password).await?;
            flash(&user.session, "success", lang.t("certif-session-created")).await?;
            Ok(
                crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{id}"))
                    .into_response(),
            )
        }
        Err(CertifError::NotAccredited) => {
            crate::pages::flash(&user.session, "error", lang.t("certif-not-accredited")).await?;
            Ok(crate::pages::redirect_to(&format!("/certif/{centre}")).into_response())
        }
        Err(CertifError::InvalidSession(problems)) => {
            render_form(
                lang,
                &user,
                &membership,
                &lang.t("certif-session-new"),
                format!("/certif/{centre}/sessions"),
                format!("/certif/{centre}"),
                &form,
                &problems,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn remember_password(
    user: &CurrentUser,
    session: i64,
    password: String,
) -> Result<(), WebError> {
    user.session
        .insert(&password_key(session), password)
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))
}

/// A candidate in the session's list.
pub struct CandidateItem {
    id: i64,
    birth_name: String,
    first_name: String,
    birthdate: String,
    external_id: String,
    extra_time: i32,
    accessibility: bool,
    linked: bool,
}

fn candidate_items(
    lang: Lang,
    candidates: Vec<acquis_app::certification::CandidateRecord>,
) -> Vec<CandidateItem> {
    candidates
        .into_iter()
        .map(|c| CandidateItem {
            id: c.id,
            birthdate: iso_date(lang, &c.birthdate),
            birth_name: c.birth_name,
            first_name: c.first_name,
            external_id: c.external_id.unwrap_or_default(),
            extra_time: c.extra_time_percent,
            accessibility: c.accessibility,
            linked: c.user_id.is_some(),
        })
        .collect()
}

/// A session's details as its pages show them.
pub struct SessionView {
    id: i64,
    site: String,
    room: String,
    date: String,
    time: String,
    examiners: String,
    description: String,
    access_code: String,
    status: String,
    open: bool,
    frozen: bool,
    started: bool,
    published: bool,
}

fn view(lang: Lang, s: &SessionRecord) -> SessionView {
    let status = s.status();
    SessionView {
        id: s.id,
        site: s.site.clone(),
        room: s.room.clone(),
        date: iso_date(lang, &s.session_date),
        time: s.session_time.clone(),
        examiners: s.examiners.clone(),
        description: s.description.clone(),
        access_code: s.access_code.clone(),
        status: lang.t(status_key(status)),
        open: status.is_open(),
        frozen: s.started() || !status.is_open(),
        started: s.started(),
        published: s.published_at.is_some(),
    }
}

#[derive(Template)]
#[template(path = "certif/session.html")]
struct SessionPage {
    chrome: Chrome,
    nav: CentreNav,
    s: SessionView,
    password: Option<String>,
    candidates: Vec<CandidateItem>,
}

/// A session's page: details, codes, candidates and what can be done with it.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let record = session_of(&state, &membership, session).await?;
    let password = user
        .session
        .remove::<String>(&password_key(record.id))
        .await
        .map_err(|_| WebError::Internal("session unreadable"))?;
    let candidates = candidate_items(
        lang,
        state.app.session_candidates(&membership, session).await?,
    );
    let path = format!("/certif/{centre}/sessions/{session}");
    let page = SessionPage {
        chrome: Chrome::of(lang, &user, &path).await?,
        nav: CentreNav::new(&membership, "sessions"),
        s: view(lang, &record),
        password,
        candidates,
    };
    Ok(Html(page.render()?).into_response())
}

/// The form to change a session.
pub async fn edit(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let record = session_of(&state, &membership, session).await?;
    let form = acquis_app::certification::sessions::form_of(&record);
    render_form(
        lang,
        &user,
        &membership,
        &lang.t("certif-session-edit"),
        format!("/certif/{centre}/sessions/{session}/modifier"),
        format!("/certif/{centre}/sessions/{session}"),
        &form,
        &[],
    )
    .await
}

async fn frozen(
    user: &CurrentUser,
    lang: Lang,
    centre: CentreId,
    session: SessionId,
    e: CertifError,
) -> Result<Response, WebError> {
    let key = match e {
        CertifError::SessionStarted => "certif-error-started",
        CertifError::SessionClosed => "certif-error-closed",
        other => return Err(other.into()),
    };
    flash(&user.session, "error", lang.t(key)).await?;
    Ok(crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}")).into_response())
}

/// Changes a session.
pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    let form = session_form(&fields);
    match state.app.edit_session(&membership, session, &form).await {
        Ok(()) => {
            flash(&user.session, "success", lang.t("certif-session-saved")).await?;
            Ok(
                crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}"))
                    .into_response(),
            )
        }
        Err(CertifError::InvalidSession(problems)) => {
            render_form(
                lang,
                &user,
                &membership,
                &lang.t("certif-session-edit"),
                format!("/certif/{centre}/sessions/{session}/modifier"),
                format!("/certif/{centre}/sessions/{session}"),
                &form,
                &problems,
            )
            .await
        }
        Err(e) => frozen(&user, lang, centre, session, e).await,
    }
}

#[derive(Template)]
#[template(path = "certif/confirm_delete.html")]
struct ConfirmDeletePage {
    chrome: Chrome,
    nav: CentreNav,
    s: SessionView,
    candidates: usize,
}

/// Asks before deleting a session.
pub async fn confirm_delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let record = session_of(&state, &membership, session).await?;
    let path = format!("/certif/{centre}/sessions/{session}/supprimer");
    let page = ConfirmDeletePage {
        chrome: Chrome::of(lang, &user, &path).await?,
        nav: CentreNav::new(&membership, "sessions"),
        candidates: record.candidate_count.max(0) as usize,
        s: view(lang, &record),
    };
    Ok(Html(page.render()?).into_response())
}

/// Deletes a session and its enrolments.
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    match state.app.delete_session(&membership, session).await {
        Ok(()) => {
            flash(&user.session, "success", lang.t("certif-session-deleted")).await?;
            Ok(crate::pages::redirect_to(&format!("/certif/{centre}")).into_response())
        }
        Err(e) => frozen(&user, lang, centre, session, e).await,
    }
}

/// Draws a new invigilator password, shown once on the session's page.
pub async fn new_password(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    match state
        .app
        .new_invigilator_password(&membership, session)
        .await
    {
        Ok(password) => {
            remember_password(&user, session.get(), password).await?;
            flash(&user.session, "success", lang.t("certif-password-renewed")).await?;
            Ok(
                crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}"))
                    .into_response(),
            )
        }
        Err(e) => frozen(&user, lang, centre, session, e).await,
    }
}

#[derive(Template)]
#[template(path = "certif/attendance.html")]
struct AttendancePage {
    chrome: Chrome,
    centre: String,
    centre_id: i64,
    s: SessionView,
    candidates: Vec<CandidateItem>,
}

/// The printable attendance sheet: the candidates with a column to sign.
pub async fn attendance_sheet(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let record = session_of(&state, &membership, session).await?;
    let candidates = candidate_items(
        lang,
        state.app.session_candidates(&membership, session).await?,
    );
    let path = format!("/certif/{centre}/sessions/{session}/emargement");
    let page = AttendancePage {
        chrome: Chrome::of(lang, &user, &path).await?,
        centre: membership.centre().name.clone(),
        centre_id: membership.centre().id,
        s: view(lang, &record),
        candidates,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "certif/kit.html")]
struct KitPage {
    chrome: Chrome,
    centre: String,
    centre_id: i64,
    s: SessionView,
}

/// The invigilator kit: the session number, the access code and what to do.
pub async fn invigilator_kit(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    let record = session_of(&state, &membership, session).await?;
    let path = format!("/certif/{centre}/sessions/{session}/kit");
    let page = KitPage {
        chrome: Chrome::of(lang, &user, &path).await?,
        centre: membership.centre().name.clone(),
        centre_id: membership.centre().id,
        s: view(lang, &record),
    };
    Ok(Html(page.render()?).into_response())
}
