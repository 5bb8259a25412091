//! Certificates once published: the holder's list and page, the public check by
//! verification code, the PDF (one certificate, or a whole session for its centre), and the
//! signed Open Badges 3.0 credential with its issuer document and revocation list.
//!
//! Only a published, validated and unrevoked result is a certificate anyone may see; a
//! holder also sees their rejected or cancelled results once published.

use std::io::Write;

use acquis_core::Framework;
use acquis_core::certification::scoring::CertificationStatus;
use acquis_core::certification::verification::VerificationCode;
use acquis_core::ids::SessionId;
use acquis_credential::{
    CertificateClaims, CompetenceResult, Issuer, StatusList, Verified, did_document,
};
use acquis_store::CertificateRecord;
use chrono::{DateTime, Utc};

use crate::App;
use crate::certification::{CentreMembership, CertifError};

/// The highest score.
pub const MAX_SCORE: u32 = 895;

/// The level of one competence on a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetenceLevel {
    /// Its code (`1.1`).
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its level, 0 to 8.
    pub level: u8,
}

/// An area with the levels of its competences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaLevels {
    /// Its code (`1`).
    pub code: String,
    /// Its title.
    pub title: String,
    /// Its competences, in the framework's order.
    pub competences: Vec<CompetenceLevel>,
}

/// A result as its pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateView {
    /// The course (the result's id in URLs).
    pub course_id: i64,
    /// Validated, rejected, cancelled; `None` when it could not be computed.
    pub status: Option<CertificationStatus>,
    /// The session's results are published.
    pub published: bool,
    /// The operator revoked it.
    pub revoked: bool,
    /// First name as enrolled.
    pub first_name: String,
    /// Birth name as enrolled.
    pub birth_name: String,
    /// Birth date, ISO.
    pub birthdate: String,
    /// The session's date, ISO.
    pub session_date: String,
    /// The centre.
    pub centre: String,
    /// When the session's results were published.
    pub published_at: Option<DateTime<Utc>>,
    /// The score out of [`MAX_SCORE`] (validated).
    pub score: Option<u32>,
    /// The global level (validated, score of 64 or more).
    pub global_level: Option<u8>,
    /// The level of each competence by area (validated).
    pub areas: Vec<AreaLevels>,
    /// The verification code (validated).
    pub verification_code: Option<String>,
    /// The certification settings version it was computed with.
    pub settings_version: String,
    email: String,
    salt: String,
}

impl CertificateView {
    /// The holder's name, first name first.
    pub fn holder_name(&self) -> String {
        format!("{} {}", self.first_name, self.birth_name)
    }

    /// Whether it is a certificate anyone may check: published, validated, not revoked.
    pub fn is_certificate(&self) -> bool {
        self.published && !self.revoked && self.status == Some(CertificationStatus::Validated)
    }

    /// The public verification URL of the certificate (the share link).
    pub fn verification_url(&self, public_url: &str) -> Option<String> {
        self.verification_code
            .as_ref()
            .map(|code| format!("{}/verification/{code}", public_url.trim_end_matches('/')))
    }
}

/// The French and English name of a level: novice (1–2), independent (3–4), advanced (5–6),
/// expert (7–8), as the framework's level descriptions group them.
pub fn level_title(level: u8, english: bool) -> String {
    let (fr, en, step) = match level {
        0 => {
            return if english {
                "Not reached".into()
            } else {
                "Non atteint".into()
            };
        }
        1 | 2 => ("Novice", "Novice", level),
        3 | 4 => ("Indépendant", "Independent", level - 2),
        5 | 6 => ("Avancé", "Advanced", level - 4),
        _ => ("Expert", "Expert", level.saturating_sub(6).clamp(1, 2)),
    };
    format!("{} {step}", if english { en } else { fr })
}

fn areas_of(framework: &Framework, levels: &[(String, u8)], english: bool) -> Vec<AreaLevels> {
    let locale = if english { "en" } else { "fr" };
    framework
        .areas()
        .iter()
        .map(|area| AreaLevels {
            code: area.code.clone(),
            title: area.title.get(locale).to_string(),
            competences: framework
                .competences_of(&area.code)
                .map(|c| CompetenceLevel {
                    code: c.code.clone(),
                    title: c.title.get(locale).to_string(),
                    level: levels
                        .iter()
                        .find(|(code, _)| *code == c.code)
                        .map_or(0, |(_, l)| *l),
                })
                .collect(),
        })
        .collect()
}

fn view_of(record: CertificateRecord, framework: &Framework, english: bool) -> CertificateView {
    let r = record.result;
    let status = r.status.parse::<CertificationStatus>().ok();
    let validated = status == Some(CertificationStatus::Validated);
    let levels: Vec<(String, u8)> = serde_json::from_str(&r.competence_levels).unwrap_or_default();
    CertificateView {
        course_id: r.course_id,
        status,
        published: record.published_at.is_some(),
        revoked: r.revoked_at.is_some(),
        first_name: record.first_name,
        birth_name: record.birth_name,
        birthdate: record.birthdate,
        session_date: record.session_date,
        centre: record.centre_name,
        published_at: record.published_at,
        score: r
            .score
            .filter(|_| validated)
            .and_then(|s| u32::try_from(s).ok()),
        global_level: r
            .global_level
            .filter(|_| validated)
            .and_then(|l| u8::try_from(l).ok()),
        areas: if validated {
            areas_of(framework, &levels, english)
        } else {
            Vec::new()
        },
        verification_code: r.verification_code.filter(|_| validated),
        settings_version: r.settings_version,
        email: record.email,
        salt: r.holder_salt,
    }
}

impl App {
    fn issuer(&self) -> Result<Issuer, CertifError> {
        Issuer::from_base_url("Acquis", &self.settings.public_url)
            .map_err(|e| CertifError::Document(e.to_string()))
    }

    fn views(&self, records: Vec<CertificateRecord>, english: bool) -> Vec<CertificateView> {
        let live = self.live();
        records
            .into_iter()
            .map(|r| view_of(r, &live.framework, english))
            .collect()
    }

    /// The account's published results, latest first ("Mes certifications").
    pub async fn my_certifications(
        &self,
        user_id: i64,
        english: bool,
    ) -> Result<Vec<CertificateView>, CertifError> {
        let records = self.store.certificates_of_user(user_id).await?;
        Ok(self
            .views(records, english)
            .into_iter()
            .filter(|v| v.published && !v.revoked)
            .collect())
    }

    /// One of the account's published results; `NotFound` otherwise.
    pub async fn my_certificate(
        &self,
        user_id: i64,
        course_id: i64,
        english: bool,
    ) -> Result<CertificateView, CertifError> {
        self.my_certifications(user_id, english)
            .await?
            .into_iter()
            .find(|v| v.course_id == course_id)
            .ok_or(CertifError::NotFound("certificate"))
    }

    /// The certificate a typed verification code designates, if it is one anyone may check.
    /// A code of the wrong shape, unknown, unpublished or revoked all give `None`, alike.
    pub async fn verify_certificate_code(
        &self,
        typed: &str,
        english: bool,
    ) -> Result<Option<CertificateView>, CertifError> {
        let Some(code) = VerificationCode::parse(typed) else {
            return Ok(None);
        };
        let Some(record) = self.store.certificate_by_code(code.as_str()).await? else {
            return Ok(None);
        };
        let live = self.live();
        Ok(Some(view_of(record, &live.framework, english)).filter(CertificateView::is_certificate))
    }

    /// The certificates of a session for its centre (published and validated), by name.
    pub async fn session_certificates(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        english: bool,
    ) -> Result<Vec<CertificateView>, CertifError> {
        let record = self.session_of(membership, session).await?;
        let records = self.store.session_certificates(record.id).await?;
        Ok(self
            .views(records, english)
            .into_iter()
            .filter(CertificateView::is_certificate)
            .collect())
    }

    /// Writes the PDF of `certificates` (one A4 page each, fonts embedded once) to `out`.
    pub fn write_certificates_pdf(
        &self,
        certificates: &[CertificateView],
        english: bool,
        out: impl Write,
    ) -> Result<(), CertifError> {
        let lang = if english {
            acquis_pdf::Lang::En
        } else {
            acquis_pdf::Lang::Fr
        };
        let pages: Vec<acquis_pdf::Certificate> = certificates
            .iter()
            .filter(|c| c.is_certificate())
            .map(|c| acquis_pdf::Certificate {
                holder_name: c.holder_name(),
                birth_date: display_date(&c.birthdate, english),
                issued_on: c
                    .published_at
                    .map(|at| display_date(&at.date_naive().to_string(), english))
                    .unwrap_or_default(),
                centre: c.centre.clone(),
                score: c.score.unwrap_or(0),
                global_level: c.global_level.map(|l| (l, level_title(l, english))),
                areas: c
                    .areas
                    .iter()
                    .map(|a| acquis_pdf::AreaBlock {
                        code: a.code.clone(),
                        name: a.title.clone(),
                        competences: a
                            .competences
                            .iter()
                            .map(|l| acquis_pdf::CompetenceLine {
                                code: l.code.clone(),
                                name: l.title.clone(),
                                level: l.level,
                            })
                            .collect(),
                    })
                    .collect(),
                verification_code: c.verification_code.clone().unwrap_or_default(),
                verification_url: c
                    .verification_url(&self.settings.public_url)
                    .unwrap_or_default(),
            })
            .collect();
        acquis_pdf::write_certificates(out, lang, &pages)
            .map_err(|e| CertifError::Document(e.to_string()))
    }

    /// The signed Open Badges 3.0 credential (VC-JWT) of one of the account's certificates.
    pub async fn my_credential(&self, user_id: i64, course_id: i64) -> Result<String, CertifError> {
        let view = self.my_certificate(user_id, course_id, false).await?;
        if !view.is_certificate() {
            return Err(CertifError::NotFound("certificate"));
        }
        let claims = CertificateClaims {
            verification_code: view.verification_code.clone().unwrap_or_default(),
            holder_email: view.email.clone(),
            salt: view.salt.clone(),
            holder_name: view.holder_name(),
            issued_at: view.published_at.unwrap_or_else(|| self.now()),
            score: view.score.unwrap_or(0),
            max_score: MAX_SCORE,
            global_level: view.global_level,
            competences: view
                .areas
                .iter()
                .flat_map(|a| a.competences.iter())
                .map(|c| CompetenceResult {
                    code: c.code.clone(),
                    name: c.title.clone(),
                    level: c.level,
                })
                .collect(),
            status_index: u64::try_from(view.course_id).unwrap_or(0),
            locale: "fr".into(),
        };
        acquis_credential::issue(&self.issuer()?, &self.keys, &claims)
            .map_err(|e| CertifError::Document(e.to_string()))
    }

    /// Verifies a credential: signature by one of Acquis's keys (current or retired), issuer,
    /// dates, and revocation (a revoked or unpublished certificate is refused).
    pub async fn verify_credential(&self, token: &str) -> Result<Verified, CertifError> {
        let issuer = self.issuer()?;
        // Everything but revocation first (no database read for a forged token), then the one
        // status bit this credential names.
        let verified =
            acquis_credential::verify_at(token.trim(), &issuer, &self.keys, |_| false, self.now())?;
        if let Some(index) = verified.status_index
            && let Ok(course) = i64::try_from(index)
            && self.store.certificate_withdrawn(course).await?
        {
            return Err(acquis_credential::VerifyError::Revoked(index).into());
        }
        Ok(verified)
    }

    /// The issuer's DID document (`/.well-known/did.json`).
    pub fn did_document(&self) -> Result<serde_json::Value, CertifError> {
        Ok(did_document(&self.issuer()?, &self.keys))
    }

    /// The signed revocation list (a `BitstringStatusListCredential`): the bit of every
    /// revoked or unpublished certificate is set.
    pub async fn status_list_credential(&self) -> Result<String, CertifError> {
        let mut list = StatusList::new();
        for id in self.store.withdrawn_certificates().await? {
            if let Ok(index) = u64::try_from(id)
                && list.set(index).is_err()
            {
                tracing::warn!(index, "a certificate is beyond the status list's length");
            }
        }
        let issuer = self.issuer()?;
        let url = acquis_credential::credential::status_list_url(&issuer);
        acquis_credential::status_list_credential(&issuer, &self.keys, &list, &url)
            .map_err(|e| CertifError::Document(e.to_string()))
    }
}

/// An ISO date as the certificate prints it: `JJ/MM/AAAA` in French; English keeps
/// `YYYY-MM-DD`, which no reader takes for another date.
fn display_date(iso: &str, english: bool) -> String {
    if english {
        return iso.to_string();
    }
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_have_the_names_of_the_framework_groups() {
        assert_eq!(level_title(1, false), "Novice 1");
        assert_eq!(level_title(4, false), "Indépendant 2");
        assert_eq!(level_title(5, true), "Advanced 1");
        assert_eq!(level_title(7, false), "Expert 1");
        assert_eq!(level_title(8, true), "Expert 2");
        assert_eq!(level_title(0, false), "Non atteint");
        assert_eq!(display_date("2026-12-04", false), "04/12/2026");
        assert_eq!(display_date("2026-12-04", true), "2026-12-04");
    }
}
