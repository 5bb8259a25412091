//! `/orga/{org}/apprenants`: the organisation's learners, a page at a time (searched by name,
//! sorted by column), each editable and deletable (after a confirmation page), and their
//! import from a CSV file (uploaded, or pasted for those who prefer) — all rows or none, with
//! every problem listed by line, column and value; importing again updates the learners
//! already there instead of adding them twice. `…/modele.csv` is a file to fill in. The
//! upload is size-limited and parsed defensively.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::{
    LearnerQuery, LearnerSort, NewOrganizationLearner, OrgError, OrganizationLearnerId,
    OrganizationLearnerRecord,
};
use acquis_core::campaign::reconciliation::BirthDate;
use acquis_core::campaign::roster::ImportCounts;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::{CurrentUser, csrf};
use crate::i18n::{Lang, num, text};
use crate::orga::confirm::Confirm;
use crate::orga::guard::Membership;
use crate::orga::learners_csv::{self, RowError};
use crate::orga::table::{self, Column, Links, PER_PAGE, Pager, TableQuery};
use crate::orga::{OrgNav, iso_date, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// Largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// Longest text accepted in one field of the edit form.
const MAX_FIELD: usize = 200;

/// A learner in the list.
pub struct LearnerItem {
    id: i64,
    national_id: String,
    last_name: String,
    first_name: String,
    birthdate: String,
    division: String,
    group: String,
    attributes: String,
}

/// A problem of the file, translated.
pub struct ErrorItem {
    line: u64,
    column: String,
    value: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "orga/learners.html")]
struct LearnersPage {
    chrome: Chrome,
    nav: OrgNav,
    learners: Vec<LearnerItem>,
    columns: Vec<Column>,
    pager: Pager,
    search: String,
    sort: String,
    order: String,
    errors: Vec<ErrorItem>,
    pasted: String,
    max_kb: usize,
}

fn attributes_text(attributes: &str) -> String {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(attributes)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    format!(
                        "{k} : {}",
                        v.as_str().map_or_else(|| v.to_string(), str::to_string)
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default()
}

fn item(lang: Lang, l: OrganizationLearnerRecord) -> LearnerItem {
    LearnerItem {
        id: l.id,
        national_id: l.national_id.unwrap_or_default(),
        last_name: l.last_name,
        first_name: l.first_name,
        birthdate: l.birthdate.map(|d| iso_date(lang, &d)).unwrap_or_default(),
        division: l.division.unwrap_or_default(),
        group: l.group_name.unwrap_or_default(),
        attributes: attributes_text(&l.attributes),
    }
}

fn sort_of(key: &str) -> LearnerSort {
    match key {
        "prenom" => LearnerSort::FirstName,
        "naissance" => LearnerSort::Birthdate,
        "classe" => LearnerSort::Division,
        "groupe" => LearnerSort::Group,
        _ => LearnerSort::Name,
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    org: OrganizationId,
    query: &TableQuery,
    errors: Vec<RowError>,
    pasted: String,
) -> Result<Response, WebError> {
    let membership = require_member(state, user, org).await?;
    let (rows, total) = state
        .app
        .learners_page(
            &membership,
            &LearnerQuery {
                search: query.search(),
                sort: sort_of(&query.tri),
                descending: query.descending(),
                offset: query.offset(),
                limit: PER_PAGE,
            },
        )
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = errors
        .into_iter()
        .map(|e| ErrorItem {
            line: e.line,
            column: e.column,
            value: e.value,
            reason: lang.t(e.reason),
        })
        .collect();
    let links = Links::new(format!("/orga/{org}/apprenants"), vec![], query);
    let columns = table::columns(
        &links,
        &query.tri,
        "nom",
        vec![
            (Some("nom"), lang.t("field-last-name")),
            (Some("prenom"), lang.t("field-first-name")),
            (None, lang.t("orga-national-id")),
            (Some("naissance"), lang.t("orga-birthdate")),
            (Some("classe"), lang.t("orga-division")),
            (Some("groupe"), lang.t("orga-group")),
            (None, lang.t("orga-attributes")),
            (None, lang.t("orga-actions")),
        ],
    );
    let pager = Pager::new(lang, &links, query.page(), rows.len(), total);
    let chrome = Chrome::of(lang, user, &format!("/orga/{org}/apprenants")).await?;
    let page = LearnersPage {
        chrome,
        nav: OrgNav::new(&membership, "apprenants"),
        learners: rows.into_iter().map(|l| item(lang, l)).collect(),
        columns,
        pager,
        search: query.q.trim().to_string(),
        sort: query.tri.clone(),
        order: query.ordre.clone(),
        errors,
        pasted,
        max_kb: MAX_UPLOAD_BYTES / 1024,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The learners page: a page of the list (searched, sorted) and the import form.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    Query(query): Query<TableQuery>,
) -> Result<Response, WebError> {
    render(&state, lang, &user, org, &query, Vec::new(), String::new()).await
}

/// The file to fill in: the columns the import reads, with one example row.
pub async fn template(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    require_member(&state, &user, org).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"modele-apprenants.csv\"",
            ),
        ],
        learners_csv::template(),
    )
        .into_response())
}

/// The fields of a `multipart/form-data` body, as (name, value) pairs; `None` if it cannot be
/// read. Only what this form sends is needed: small text parts and one text file.
pub(crate) fn multipart_fields(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = std::str::from_utf8(body).ok()?;
    let mut fields = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n")?;
        let (headers, value) = part.split_once("\r\n\r\n")?;
        let name = headers
            .split(';')
            .find_map(|h| h.trim().strip_prefix("name="))?
            .split("\r\n")
            .next()?
            .trim_matches('"')
            .to_string();
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        fields.push((name, value.to_string()));
    }
    Some(fields)
}

/// Imports learners from an uploaded or pasted file: all or nothing.
pub async fn import(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    if body.len() > MAX_UPLOAD_BYTES {
        return Err(WebError::BadRequest(lang.t("orga-import-error-size")));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let fields: Vec<(String, String)> = if content_type.starts_with("multipart/form-data") {
        multipart_fields(content_type, &body)
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
    let membership = require_member(&state, &user, org).await?;
    let text = get("file").or_else(|| get("csv")).unwrap_or_default();
    let pasted = get("csv").unwrap_or_default().to_string();
    let query = TableQuery::default();
    let learners = match learners_csv::parse(text) {
        Ok(l) => l,
        Err(errors) => return render(&state, lang, &user, org, &query, errors, pasted).await,
    };
    let counts = match state.app.import_learners(&membership, &learners).await {
        Ok(counts) => counts,
        Err(OrgError::Conflict(_)) => {
            let error = RowError {
                line: 1,
                column: String::new(),
                value: String::new(),
                reason: "orga-import-error-conflict",
            };
            return render(&state, lang, &user, org, &query, vec![error], pasted).await;
        }
        Err(e) => return Err(e.into()),
    };
    flash(&user.session, "success", done_message(lang, counts)).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}/apprenants")).into_response())
}

/// "3 créés, 1 mis à jour, 296 inchangés."
fn done_message(lang: Lang, counts: ImportCounts) -> String {
    let n = |c: usize| num(c as f64);
    lang.t_args(
        "orga-import-counts",
        &[
            ("created", n(counts.created)),
            ("updated", n(counts.updated)),
            ("unchanged", n(counts.unchanged)),
        ],
    )
}

/// A field of the learner's form.
pub struct FormField {
    name: &'static str,
    label: String,
    value: String,
    kind: &'static str,
    required: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "orga/learner_form.html")]
struct LearnerForm {
    chrome: Chrome,
    nav: OrgNav,
    id: i64,
    fields: Vec<FormField>,
    errors: Vec<(String, String)>,
}

/// The form's fields: (name, value) in the order shown, with their errors.
fn form_fields(lang: Lang, values: [&str; 6], errors: &[(String, String)]) -> Vec<FormField> {
    const NAMES: [(&str, &str, &str, bool); 6] = [
        ("last_name", "field-last-name", "text", true),
        ("first_name", "field-first-name", "text", true),
        ("birthdate", "orga-birthdate", "date", false),
        ("national_id", "orga-national-id", "text", false),
        ("division", "orga-division", "text", false),
        ("group", "orga-group", "text", false),
    ];
    NAMES
        .iter()
        .zip(values)
        .map(|(&(name, label, kind, required), value)| FormField {
            name,
            label: lang.t(label),
            value: value.to_string(),
            kind,
            required,
            error: errors
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, e)| e.clone()),
        })
        .collect()
}

async fn learner_of(
    state: &AppState,
    membership: &Membership,
    id: OrganizationLearnerId,
) -> Result<OrganizationLearnerRecord, WebError> {
    Ok(state.app.learner(membership, id).await?)
}

/// The form editing one learner.
pub async fn edit(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, OrganizationLearnerId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let l = learner_of(&state, &membership, id).await?;
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/apprenants/{id}")).await?;
    let page = LearnerForm {
        chrome,
        nav: OrgNav::new(&membership, "apprenants"),
        id: id.get(),
        fields: form_fields(
            lang,
            [
                &l.last_name,
                &l.first_name,
                l.birthdate.as_deref().unwrap_or_default(),
                l.national_id.as_deref().unwrap_or_default(),
                l.division.as_deref().unwrap_or_default(),
                l.group_name.as_deref().unwrap_or_default(),
            ],
            &[],
        ),
        errors: Vec::new(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The form's learner, or each wrong field with its message.
fn parse_form(
    lang: Lang,
    form: &Fields,
    attributes: String,
) -> Result<NewOrganizationLearner, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut text = |name: &str| {
        let value = form.get(name).trim();
        if value.chars().count() > MAX_FIELD || value.contains('\0') {
            errors.push((name.to_string(), lang.t("orga-learner-error-long")));
        }
        (!value.is_empty()).then(|| value.to_string())
    };
    let learner = NewOrganizationLearner {
        national_id: text("national_id"),
        first_name: text("first_name").unwrap_or_default(),
        last_name: text("last_name").unwrap_or_default(),
        birthdate: text("birthdate"),
        division: text("division"),
        group_name: text("group"),
        attributes,
    };
    for (name, value) in [
        ("last_name", &learner.last_name),
        ("first_name", &learner.first_name),
    ] {
        if value.is_empty() {
            errors.push((name.to_string(), lang.t("orga-learner-error-required")));
        }
    }
    let birthdate = match learner.birthdate.as_deref().map(BirthDate::parse) {
        None => None,
        Some(Some(date)) => Some(date.iso()),
        Some(None) => {
            errors.push(("birthdate".into(), lang.t("orga-import-error-date")));
            None
        }
    };
    if errors.is_empty() {
        Ok(NewOrganizationLearner {
            birthdate,
            ..learner
        })
    } else {
        Err(errors)
    }
}

/// Saves one learner.
pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, OrganizationLearnerId)>,
    form: Fields,
) -> Result<Response, WebError> {
    form.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let l = learner_of(&state, &membership, id).await?;
    let errors = match parse_form(lang, &form, l.attributes) {
        Ok(learner) => match state.app.update_learner(&membership, id, &learner).await {
            Ok(()) => {
                flash(&user.session, "success", lang.t("orga-learner-saved")).await?;
                return Ok(
                    crate::pages::redirect_to(&format!("/orga/{org}/apprenants")).into_response(),
                );
            }
            Err(OrgError::Conflict(_)) => {
                vec![(
                    "national_id".to_string(),
                    lang.t("orga-learner-error-taken"),
                )]
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/apprenants/{id}")).await?;
    let page = LearnerForm {
        chrome,
        nav: OrgNav::new(&membership, "apprenants"),
        id: id.get(),
        fields: form_fields(
            lang,
            [
                "last_name",
                "first_name",
                "birthdate",
                "national_id",
                "division",
                "group",
            ]
            .map(|name| form.get(name)),
            &errors,
        ),
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// Asks before deleting a learner.
pub async fn confirm_delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, OrganizationLearnerId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let l = learner_of(&state, &membership, id).await?;
    let name = format!("{} {}", l.first_name, l.last_name);
    let path = format!("/orga/{org}/apprenants/{id}/supprimer");
    Confirm {
        title: lang.t_args("orga-learner-delete-title", &[("name", text(name))]),
        message: lang.t("orga-learner-delete-help"),
        confirm: lang.t("orga-learner-delete"),
        danger: true,
        back: format!("/orga/{org}/apprenants"),
    }
    .page(lang, &user, &membership, "apprenants", path)
    .await
}

/// Deletes a learner (their participations stay, under their account's names).
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, OrganizationLearnerId)>,
    form: Fields,
) -> Result<Response, WebError> {
    form.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    state.app.delete_learner(&membership, id).await?;
    flash(&user.session, "success", lang.t("orga-learner-deleted")).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}/apprenants")).into_response())
}

#[cfg(test)]
mod tests {
    use super::multipart_fields;

    #[test]
    fn a_multipart_form_gives_its_text_fields_and_file() {
        let body = "--b1\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n\
                    --b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\nContent-Type: text/csv\r\n\r\nnom;prénom\r\nA;B\r\n\r\n\
                    --b1--\r\n";
        let fields = multipart_fields("multipart/form-data; boundary=b1", body.as_bytes()).unwrap();
        assert_eq!(
            fields,
            vec![
                ("csrf".to_string(), "tok".to_string()),
                ("file".to_string(), "nom;prénom\r\nA;B\r\n".to_string()),
            ]
        );
        assert!(multipart_fields("multipart/form-data", body.as_bytes()).is_none());
    }
}
