//! `/orga/{org}/apprenants`: the organisation's learners, and their import from a CSV file
//! (uploaded, or pasted for those who prefer) — all rows or none, with every problem listed
//! by line and column. The upload is size-limited and parsed defensively.

use acquis_store::OrganizationLearnerRecord;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::{CurrentUser, csrf};
use crate::i18n::{Lang, num};
use crate::orga::learners_csv::{self, RowError};
use crate::orga::{OrgNav, require_member};
use crate::pages::{Chrome, flash};
use crate::{AppState, WebError};

/// Largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// Learners listed on the page.
const SHOWN: usize = 500;

/// A learner in the list.
pub struct LearnerItem {
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
    reason: String,
}

#[derive(Template)]
#[template(path = "orga/learners.html")]
struct LearnersPage {
    chrome: Chrome,
    nav: OrgNav,
    total: usize,
    learners: Vec<LearnerItem>,
    errors: Vec<ErrorItem>,
    pasted: String,
    max_kb: usize,
}

fn item(l: OrganizationLearnerRecord) -> LearnerItem {
    let attributes =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&l.attributes)
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
            .unwrap_or_default();
    LearnerItem {
        last_name: l.last_name,
        first_name: l.first_name,
        birthdate: l.birthdate.unwrap_or_default(),
        division: l.division.unwrap_or_default(),
        group: l.group_name.unwrap_or_default(),
        attributes,
    }
}

async fn render(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    org: i64,
    errors: Vec<RowError>,
    pasted: String,
) -> Result<Response, WebError> {
    let membership = require_member(state, user, org).await?;
    let all = state.store.organization_learners(org).await?;
    let total = all.len();
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
            reason: lang.t(e.reason),
        })
        .collect();
    let chrome = Chrome::of(lang, user, &format!("/orga/{org}/apprenants")).await?;
    let page = LearnersPage {
        chrome,
        nav: OrgNav::new(&membership, "apprenants"),
        total,
        learners: all.into_iter().take(SHOWN).map(item).collect(),
        errors,
        pasted,
        max_kb: MAX_UPLOAD_BYTES / 1024,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The learners page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    render(&state, lang, &user, org, Vec::new(), String::new()).await
}

/// The fields of a `multipart/form-data` body, as (name, value) pairs; `None` if it cannot be
/// read. Only what this form sends is needed: small text parts and one text file.
fn multipart_fields(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
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
    Path(org): Path<i64>,
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
    require_member(&state, &user, org).await?;
    let text = get("file").or_else(|| get("csv")).unwrap_or_default();
    let pasted = get("csv").unwrap_or_default().to_string();
    let learners = match learners_csv::parse(text) {
        Ok(l) => l,
        Err(errors) => return render(&state, lang, &user, org, errors, pasted).await,
    };
    let count = state
        .store
        .import_organization_learners(org, &learners)
        .await?;
    let done = lang.t_args("orga-import-done", &[("count", num(count as u32))]);
    flash(&user.session, "success", done).await?;
    Ok(Redirect::to(&format!("/orga/{org}/apprenants")).into_response())
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
