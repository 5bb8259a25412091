//! `/certif/{centre}/sessions/{session}/candidats…`: enrolling candidates one by one (every
//! field checked, each problem next to its field and in a summary) or by a file of the
//! downloadable template (every row problem with its line and column; nothing enrolled when
//! one is wrong), and removing a candidate, until one starts. Convocation mails are queued by
//! the use case.

use acquis_app::certification::{CandidateId, CentreId, CentreMembership, CertifError, SessionId};
use acquis_core::certification::candidate::{
    BillingMode, CandidateField, CandidateForm, CandidateProblem, FieldError,
};
use acquis_core::organization::OrganizationKind;
use acquis_import::candidates::{self as file, RowError, RowProblem};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::{CurrentUser, csrf};
use crate::certif::{CentreNav, require_member, session_of};
use crate::i18n::{Lang, num, text};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// Largest candidates file accepted.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;

/// The Fluent key of a field's label.
fn label_key(field: CandidateField) -> &'static str {
    match field {
        CandidateField::BirthName => "certif-field-birth-name",
        CandidateField::FirstName => "certif-field-first-name",
        CandidateField::Sex => "certif-field-sex",
        CandidateField::Birthdate => "certif-field-birthdate",
        CandidateField::BornInFrance => "certif-field-born-in-france",
        CandidateField::BirthInsee => "certif-field-birth-insee",
        CandidateField::BirthPostalCode => "certif-field-birth-postal-code",
        CandidateField::BirthCity => "certif-field-birth-city",
        CandidateField::BirthCountry => "certif-field-birth-country",
        CandidateField::ConvocationEmail => "certif-field-convocation-email",
        CandidateField::ResultsEmail => "certif-field-results-email",
        CandidateField::ExternalId => "certif-field-external-id",
        CandidateField::ExtraTimePercent => "certif-field-extra-time",
        CandidateField::Accessibility => "certif-field-accessibility-needed",
        CandidateField::BillingMode => "certif-field-billing-mode",
        CandidateField::PrepaymentCode => "certif-field-prepayment-code",
    }
}

/// The Fluent key of what is wrong with a value.
fn problem_key(problem: CandidateProblem) -> &'static str {
    match problem {
        CandidateProblem::Missing => "certif-candidate-missing",
        CandidateProblem::TooLong => "certif-candidate-too-long",
        CandidateProblem::Invalid => "certif-candidate-invalid",
        CandidateProblem::BadDate => "certif-candidate-bad-date",
        CandidateProblem::BirthdateInFuture => "certif-candidate-birthdate-in-future",
        CandidateProblem::InseeInvalid => "certif-candidate-insee-invalid",
        CandidateProblem::PostalCodeInvalid => "certif-candidate-postal-code-invalid",
        CandidateProblem::EmailInvalid => "certif-candidate-email-invalid",
        CandidateProblem::ExtraTimeOutOfRange => "certif-candidate-extra-time",
        CandidateProblem::NotExpected => "certif-candidate-not-expected",
        CandidateProblem::BillingForbidden => "certif-candidate-billing-forbidden",
        CandidateProblem::BillingMissing => "certif-candidate-billing-missing",
        CandidateProblem::PrepaymentCodeMissing => "certif-candidate-prepayment-missing",
        CandidateProblem::PrepaymentCodeForbidden => "certif-candidate-prepayment-forbidden",
    }
}

fn field_message(lang: Lang, e: FieldError) -> String {
    lang.t_args(
        problem_key(e.problem),
        &[("field", text(lang.t(label_key(e.field))))],
    )
}

/// The Fluent key of a file problem.
fn row_key(problem: RowProblem) -> &'static str {
    match problem {
        RowProblem::Empty => "certif-import-empty",
        RowProblem::NotUtf8 => "certif-import-not-utf8",
        RowProblem::MissingColumn => "certif-import-missing-column",
        RowProblem::UnknownColumn => "certif-import-unknown-column",
        RowProblem::RepeatedColumn => "certif-import-repeated-column",
        RowProblem::ForbiddenColumn => "certif-import-forbidden-column",
        RowProblem::Unreadable => "certif-import-unreadable",
        RowProblem::TooMany => "certif-import-too-many",
        RowProblem::Columns => "certif-import-columns",
        RowProblem::Duplicate => "certif-import-duplicate",
        RowProblem::Field(_) => "certif-import-field",
    }
}

/// A file problem as the page lists it: "Ligne 3, colonne « Sexe » : … (valeur « X »)".
fn row_message(lang: Lang, e: &RowError) -> String {
    let reason = match e.problem {
        RowProblem::Field(p) => lang.t_args(problem_key(p), &[("field", text(e.column.clone()))]),
        other => lang.t_args(
            row_key(other),
            &[
                ("column", text(e.column.clone())),
                ("value", text(e.value.clone())),
            ],
        ),
    };
    let at = if e.column.is_empty() {
        lang.t_args("certif-import-at-line", &[("line", num(e.line as f64))])
    } else {
        lang.t_args(
            "certif-import-at-cell",
            &[
                ("line", num(e.line as f64)),
                ("column", text(e.column.clone())),
            ],
        )
    };
    if e.value.is_empty() || !matches!(e.problem, RowProblem::Field(_)) {
        format!("{at} {reason}")
    } else {
        let value = lang.t_args("certif-import-value", &[("value", text(e.value.clone()))]);
        format!("{at} {reason} {value}")
    }
}

/// One input of the candidate form.
pub struct Input {
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    required: bool,
    error: Option<String>,
    autocomplete: &'static str,
}

/// A choice of a radio group or select.
pub struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "certif/candidate_form.html")]
struct FormPage {
    chrome: Chrome,
    nav: CentreNav,
    session: i64,
    errors: Vec<(&'static str, String)>,
    names: Vec<Input>,
    sex: Vec<Choice>,
    sex_error: Option<String>,
    birthdate: Input,
    born_in_france: Vec<Choice>,
    born_error: Option<String>,
    birthplace: Vec<Input>,
    contact: Vec<Input>,
    extra_time: Input,
    accessibility: bool,
    billing: Option<Vec<Choice>>,
    billing_error: Option<String>,
    prepayment: Input,
    import_errors: Vec<String>,
}

fn form_of(fields: &Fields) -> CandidateForm {
    let get = |f: CandidateField| fields.get(f.as_str()).to_string();
    CandidateForm {
        birth_name: get(CandidateField::BirthName),
        first_name: get(CandidateField::FirstName),
        sex: get(CandidateField::Sex),
        birthdate: get(CandidateField::Birthdate),
        born_in_france: get(CandidateField::BornInFrance),
        birth_insee: get(CandidateField::BirthInsee),
        birth_postal_code: get(CandidateField::BirthPostalCode),
        birth_city: get(CandidateField::BirthCity),
        birth_country: get(CandidateField::BirthCountry),
        convocation_email: get(CandidateField::ConvocationEmail),
        results_email: get(CandidateField::ResultsEmail),
        external_id: get(CandidateField::ExternalId),
        extra_time_percent: get(CandidateField::ExtraTimePercent),
        accessibility: get(CandidateField::Accessibility),
        billing_mode: get(CandidateField::BillingMode),
        prepayment_code: get(CandidateField::PrepaymentCode),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    lang: Lang,
    user: &CurrentUser,
    membership: &CentreMembership,
    session: SessionId,
    form: &CandidateForm,
    problems: &[FieldError],
    import_errors: Vec<String>,
) -> Result<Response, WebError> {
    let error = |field: CandidateField| {
        problems
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_message(lang, *e))
    };
    let input = |field: CandidateField, kind: &'static str, required: bool, autocomplete| Input {
        name: field.as_str(),
        label: lang.t(label_key(field)),
        kind,
        value: field.value(form).chars().take(300).collect(),
        required,
        error: error(field),
        autocomplete,
    };
    let sco = membership.centre().kind == OrganizationKind::Sco;
    let sex = [("M", "certif-sex-m"), ("F", "certif-sex-f")]
        .into_iter()
        .map(|(value, key)| Choice {
            value,
            label: lang.t(key),
            checked: form.sex.trim().eq_ignore_ascii_case(value),
        })
        .collect();
    let born = form.born_in_france.trim().to_lowercase();
    let born_in_france = [("oui", "certif-yes"), ("non", "certif-no")]
        .into_iter()
        .map(|(value, key)| Choice {
            value,
            label: lang.t(key),
            checked: born == value,
        })
        .collect();
    let billing = (!sco).then(|| {
        let chosen = BillingMode::parse(&form.billing_mode);
        BillingMode::ALL
            .into_iter()
            .map(|mode| Choice {
                value: mode.as_str(),
                label: lang.t(match mode {
                    BillingMode::Free => "certif-billing-free",
                    BillingMode::Paid => "certif-billing-paid",
                    BillingMode::Prepaid => "certif-billing-prepaid",
                }),
                checked: chosen == Some(mode),
            })
            .collect()
    });
    let errors = problems
        .iter()
        .map(|e| (e.field.as_str(), field_message(lang, *e)))
        .collect::<Vec<_>>();
    let status = if errors.is_empty() && import_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let centre = membership.centre().id;
    let page = FormPage {
        chrome: Chrome::of(
            lang,
            user,
            &format!("/certif/{centre}/sessions/{session}/candidats/nouveau"),
        )
        .await?,
        nav: CentreNav::new(membership, "sessions"),
        session: session.get(),
        errors,
        names: vec![
            input(CandidateField::BirthName, "text", true, "off"),
            input(CandidateField::FirstName, "text", true, "off"),
        ],
        sex,
        sex_error: error(CandidateField::Sex),
        birthdate: input(CandidateField::Birthdate, "date", true, "off"),
        born_in_france,
        born_error: error(CandidateField::BornInFrance),
        birthplace: vec![
            input(CandidateField::BirthInsee, "text", false, "off"),
            input(CandidateField::BirthPostalCode, "text", false, "off"),
            input(CandidateField::BirthCity, "text", false, "off"),
            input(CandidateField::BirthCountry, "text", false, "off"),
        ],
        contact: vec![
            input(CandidateField::ConvocationEmail, "email", false, "off"),
            input(CandidateField::ResultsEmail, "email", false, "off"),
            input(CandidateField::ExternalId, "text", false, "off"),
        ],
        extra_time: input(CandidateField::ExtraTimePercent, "number", false, "off"),
        accessibility: matches!(
            form.accessibility.trim().to_lowercase().as_str(),
            "on" | "oui" | "true" | "1"
        ),
        billing,
        billing_error: error(CandidateField::BillingMode),
        prepayment: input(CandidateField::PrepaymentCode, "text", false, "off"),
        import_errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The enrolment page: the form of one candidate and the file import.
pub async fn new(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    session_of(&state, &membership, session).await?;
    render(
        lang,
        &user,
        &membership,
        session,
        &CandidateForm::default(),
        &[],
        Vec::new(),
    )
    .await
}

fn back_to_session(centre: CentreId, session: SessionId) -> Response {
    crate::pages::redirect_to(&format!("/certif/{centre}/sessions/{session}")).into_response()
}

/// What a refused enrolment says, as an error of the file list or a flash.
fn refusal_key(e: &CertifError) -> Option<&'static str> {
    Some(match e {
        CertifError::DuplicateCandidate(_) | CertifError::Conflict(_) => {
            "certif-candidate-duplicate"
        }
        CertifError::SessionStarted => "certif-error-started",
        CertifError::SessionClosed => "certif-error-closed",
        CertifError::TooManyCandidates => "certif-import-too-many-candidates",
        _ => return None,
    })
}

/// Enrols one candidate from the form.
pub async fn enrol(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    let form = form_of(&fields);
    match state
        .app
        .enrol_candidate(&membership, session, &form, lang.code())
        .await
    {
        Ok(_) => {
            flash(
                &user.session,
                "success",
                lang.t("certif-candidate-enrolled"),
            )
            .await?;
            Ok(back_to_session(centre, session))
        }
        Err(CertifError::InvalidCandidate(problems)) => {
            render(
                lang,
                &user,
                &membership,
                session,
                &form,
                &problems,
                Vec::new(),
            )
            .await
        }
        Err(e) => match refusal_key(&e) {
            Some(key) => {
                render(
                    lang,
                    &user,
                    &membership,
                    session,
                    &form,
                    &[],
                    vec![lang.t(key)],
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

/// Enrols the candidates of an uploaded file: all or none.
pub async fn import(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    if body.len() > MAX_UPLOAD_BYTES {
        return Err(WebError::BadRequest(lang.t("certif-import-size")));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let fields: Vec<(String, String)> = if content_type.starts_with("multipart/form-data") {
        crate::orga::learners::multipart_fields(content_type, &body)
            .ok_or_else(|| WebError::BadRequest(lang.t("orga-import-error-encoding")))?
    } else {
        form_urlencoded::parse(&body).into_owned().collect()
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    };
    csrf::verify(&user.session, get("csrf").unwrap_or_default()).await?;
    let membership = require_member(&state, &user, centre).await?;
    session_of(&state, &membership, session).await?;
    let bytes = get("file").or_else(|| get("csv")).unwrap_or_default();
    let kind = membership.centre().kind;
    let candidates = match file::parse(bytes.as_bytes(), kind, state.app.today()) {
        Ok(c) => c,
        Err(errors) => {
            let messages = errors.iter().map(|e| row_message(lang, e)).collect();
            return render(
                lang,
                &user,
                &membership,
                session,
                &CandidateForm::default(),
                &[],
                messages,
            )
            .await;
        }
    };
    match state
        .app
        .enrol_candidates(&membership, session, &candidates, lang.code())
        .await
    {
        Ok(ids) => {
            let done = lang.t_args("certif-import-done", &[("count", num(ids.len() as f64))]);
            flash(&user.session, "success", done).await?;
            Ok(back_to_session(centre, session))
        }
        Err(CertifError::DuplicateCandidate(i)) => {
            let c = &candidates[i.min(candidates.len().saturating_sub(1))];
            let message = lang.t_args(
                "certif-import-already-enrolled",
                &[
                    ("line", num((i + 2) as f64)),
                    ("name", text(format!("{} {}", c.first_name, c.birth_name))),
                ],
            );
            render(
                lang,
                &user,
                &membership,
                session,
                &CandidateForm::default(),
                &[],
                vec![message],
            )
            .await
        }
        Err(e) => match refusal_key(&e) {
            Some(key) => {
                render(
                    lang,
                    &user,
                    &membership,
                    session,
                    &CandidateForm::default(),
                    &[],
                    vec![lang.t(key)],
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

/// The template of the candidates file for the centre's kind (UTF-8 with BOM, `;`).
pub async fn template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((centre, session)): Path<(CentreId, SessionId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, centre).await?;
    session_of(&state, &membership, session).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"modele-candidats.csv\"",
            ),
        ],
        file::template(membership.centre().kind),
    )
        .into_response())
}

/// Removes a candidate, until one starts.
pub async fn remove(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((centre, session, candidate)): Path<(CentreId, SessionId, CandidateId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, centre).await?;
    match state
        .app
        .remove_candidate(&membership, session, candidate)
        .await
    {
        Ok(()) => flash(&user.session, "success", lang.t("certif-candidate-removed")).await?,
        Err(e) => match refusal_key(&e) {
            Some(key) => flash(&user.session, "error", lang.t(key)).await?,
            None => return Err(e.into()),
        },
    }
    Ok(back_to_session(centre, session))
}
