//! `/certifications`: the holder's side of published certification results ("Mes
//! certifications"). The list says each result's status in words; a validated result's page
//! shows the score, the global level, the 16 competence levels by area, what the levels
//! mean, the verification code and its share link, and the downloads: the PDF certificate
//! (`certificat.pdf`, French or `?langue=en`) and the signed Open Badges 3.0 credential
//! (`badge.json`, a W3C `EnvelopedVerifiableCredential`).
//!
//! Only the holder's own published results are reachable; anything else is "not found".

use acquis_app::certification::certificates::{self, CertificateView, MAX_SCORE};
use acquis_core::certification::scoring::CertificationStatus;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// The status of a result in words, and the CSS class of its marker (the words say it all;
/// the class only adds a shape).
pub fn status_words(lang: Lang, status: Option<CertificationStatus>) -> (&'static str, String) {
    let (class, key) = match status {
        Some(CertificationStatus::Validated) => ("validated", "certificates-status-validated"),
        Some(CertificationStatus::Rejected) => ("rejected", "certificates-status-rejected"),
        Some(CertificationStatus::Cancelled) => ("cancelled", "certificates-status-cancelled"),
        None => ("unknown", "certificates-status-unknown"),
    };
    (class, lang.t(key))
}

/// A competence's line in the levels table.
pub struct CompetenceLine {
    /// `1.1`.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its level, 0 to 8.
    pub level: u8,
    /// The level in words (`Indépendant 1`).
    pub level_words: String,
}

/// An area's table.
pub struct AreaTable {
    /// `1`.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its competences.
    pub competences: Vec<CompetenceLine>,
}

/// One level's description, for the legend.
pub struct LevelDescription {
    /// 1 to 8.
    pub level: u8,
    /// Its name (`Novice 1`).
    pub title: String,
    /// What it means.
    pub text: String,
}

/// What the holder's page and the public verification page show of a certificate.
pub struct CertificateDisplay {
    /// The holder's name, first name first.
    pub holder: String,
    /// The session's date, as the language writes dates.
    pub session_date: String,
    /// The centre.
    pub centre: String,
    /// When it was published, as the language writes dates.
    pub published: String,
    /// The score line (`512 / 895`).
    pub score: Option<String>,
    /// The global level and its name.
    pub global_level: Option<(u8, String)>,
    /// The competence levels by area.
    pub areas: Vec<AreaTable>,
    /// The verification code.
    pub code: String,
}

impl CertificateDisplay {
    /// The display of `view` in `lang`.
    pub fn of(lang: Lang, view: &CertificateView) -> CertificateDisplay {
        let english = lang == Lang::En;
        CertificateDisplay {
            holder: view.holder_name(),
            session_date: crate::orga::iso_date(lang, &view.session_date),
            centre: view.centre.clone(),
            published: view
                .published_at
                .map(|at| crate::orga::date(lang, at))
                .unwrap_or_default(),
            score: view.score.map(|s| {
                lang.t_args(
                    "certificates-score-value",
                    &[("score", num(s)), ("max", num(MAX_SCORE))],
                )
            }),
            global_level: view
                .global_level
                .map(|l| (l, certificates::level_title(l, english))),
            areas: view
                .areas
                .iter()
                .map(|a| AreaTable {
                    code: a.code.clone(),
                    title: a.title.clone(),
                    competences: a
                        .competences
                        .iter()
                        .map(|c| CompetenceLine {
                            code: c.code.clone(),
                            title: c.title.clone(),
                            level: c.level,
                            level_words: certificates::level_title(c.level, english),
                        })
                        .collect(),
                })
                .collect(),
            code: view.verification_code.clone().unwrap_or_default(),
        }
    }
}

/// The eight levels' names and descriptions, for the legend under the levels.
pub fn level_descriptions(lang: Lang) -> Vec<LevelDescription> {
    (1..=8)
        .map(|level| LevelDescription {
            level,
            title: certificates::level_title(level, lang == Lang::En),
            text: lang.t(&format!("certificates-level-{level}")),
        })
        .collect()
}

/// A result in the list.
pub struct ResultItem {
    course: i64,
    status_class: &'static str,
    status: String,
    date: String,
    centre: String,
}

#[derive(Template)]
#[template(path = "certificates/list.html")]
struct ListPage {
    chrome: Chrome,
    results: Vec<ResultItem>,
}

/// `GET /certifications`: the account's published results, latest first.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let results = state
        .app
        .my_certifications(user.user.id, lang == Lang::En)
        .await?
        .into_iter()
        .map(|v| {
            let (status_class, status) = status_words(lang, v.status);
            ResultItem {
                course: v.course_id,
                status_class,
                status,
                date: crate::orga::iso_date(lang, &v.session_date),
                centre: v.centre,
            }
        })
        .collect();
    let page = ListPage {
        chrome: Chrome::of(lang, &user, "/certifications").await?,
        results,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "certificates/show.html")]
struct ShowPage {
    chrome: Chrome,
    course: i64,
    status_class: &'static str,
    status: String,
    validated: bool,
    certificate: CertificateDisplay,
    levels: Vec<LevelDescription>,
    share_url: String,
}

/// `GET /certifications/{course}`: one of the account's published results.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(course): Path<i64>,
) -> Result<Response, WebError> {
    let view = state
        .app
        .my_certificate(user.user.id, course, lang == Lang::En)
        .await?;
    let (status_class, status) = status_words(lang, view.status);
    let page = ShowPage {
        chrome: Chrome::of(lang, &user, "/certifications").await?,
        course: view.course_id,
        status_class,
        status,
        validated: view.is_certificate(),
        certificate: CertificateDisplay::of(lang, &view),
        levels: level_descriptions(lang),
        share_url: view
            .verification_url(&state.app.settings().public_url)
            .unwrap_or_default(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The language of the PDF: French unless `?langue=en`.
#[derive(Debug, Default, Deserialize)]
pub struct PdfQuery {
    #[serde(default)]
    langue: String,
}

/// The certificate's file name: `certificat-P-XXXXXXXX.pdf` (the code is of safe characters).
fn file_name(view: &CertificateView, extension: &str) -> String {
    let code: String = view
        .verification_code
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("certificat-{code}.{extension}")
}

/// The holder's validated certificate, or "not found" (a rejected or cancelled result has
/// neither a PDF nor a credential).
async fn certificate_of(
    state: &AppState,
    user: &CurrentUser,
    course: i64,
    english: bool,
) -> Result<CertificateView, WebError> {
    let view = state
        .app
        .my_certificate(user.user.id, course, english)
        .await?;
    if view.is_certificate() {
        Ok(view)
    } else {
        Err(WebError::NotFound)
    }
}

/// `GET /certifications/{course}/certificat.pdf`: the certificate as a PDF download.
pub async fn pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(course): Path<i64>,
    Query(query): Query<PdfQuery>,
) -> Result<Response, WebError> {
    let english = Lang::parse(&query.langue) == Some(Lang::En);
    let view = certificate_of(&state, &user, course, english).await?;
    let mut bytes = Vec::new();
    state
        .app
        .write_certificates_pdf(std::slice::from_ref(&view), english, &mut bytes)?;
    let disposition = format!("attachment; filename=\"{}\"", file_name(&view, "pdf"));
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /certifications/{course}/badge.json`: the signed Open Badges 3.0 credential, as a W3C
/// `EnvelopedVerifiableCredential` holding the VC-JWT.
pub async fn badge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(course): Path<i64>,
) -> Result<Response, WebError> {
    let view = certificate_of(&state, &user, course, false).await?;
    let jwt = state.app.my_credential(user.user.id, course).await?;
    let body = serde_json::json!({
        "@context": acquis_credential::VC_CONTEXT_V2,
        "id": format!("data:application/vc+jwt,{jwt}"),
        "type": "EnvelopedVerifiableCredential",
    });
    let text = serde_json::to_string_pretty(&body)
        .map_err(|_| WebError::Internal("credential not serialisable"))?;
    let disposition = format!("attachment; filename=\"{}\"", file_name(&view, "json"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}
