//! Shared test data.

use acquis_credential::{CertificateClaims, CompetenceResult, Issuer};
use chrono::{TimeZone, Utc};

pub fn issuer() -> Issuer {
    Issuer::from_base_url("Acquis", "http://127.0.0.1:8080").expect("valid base URL")
}

pub fn claims() -> CertificateClaims {
    CertificateClaims {
        verification_code: "P-ABCD2345".into(),
        holder_email: "jeanne.dupont@example.org".into(),
        salt: "c2VsLWRlLXRlc3Q".into(),
        holder_name: "Jeanne Dupont".into(),
        issued_at: Utc
            .with_ymd_and_hms(2025, 3, 14, 9, 30, 0)
            .single()
            .expect("valid date"),
        score: 512,
        max_score: 895,
        global_level: Some(4),
        competences: vec![
            CompetenceResult {
                code: "1.1".into(),
                name: "Mener une recherche et une veille d'information".into(),
                level: 5,
            },
            CompetenceResult {
                code: "2.1".into(),
                name: "Interagir".into(),
                level: 3,
            },
        ],
        status_index: 42,
        locale: "fr".into(),
    }
}

/// Changes one character of a base64url string at `at` (to another base64url character).
pub fn flip_char(s: &str, at: usize) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// The JWT with one character of its decoded payload JSON changed (the score "512" becomes
/// "513"), re-encoded, header and signature kept.
pub fn tamper_payload(jwt: &str) -> String {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = jwt.split('.').collect();
    let json = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url"))
        .expect("UTF-8 payload");
    let at = json.find("\"value\":\"512\"").expect("score in payload") + "\"value\":\"51".len();
    let mut bytes = json.into_bytes();
    bytes[at] = b'3';
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(&bytes),
        parts[2]
    )
}

/// The JWT with one character of its signature part changed.
pub fn tamper_signature(jwt: &str) -> String {
    let parts: Vec<&str> = jwt.split('.').collect();
    format!("{}.{}.{}", parts[0], parts[1], flip_char(parts[2], 10))
}
