//! Verification of an Acquis VC-JWT: signature, key, issuer, Open Badges 3.0 shape, dates and
//! revocation.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::did::Issuer;
use crate::error::VerifyError;
use crate::jwt::{self, Parts};
use crate::keys::KeyRing;
use crate::status_list::StatusList;

/// Clock difference tolerated on `validFrom` and `validUntil`.
pub const CLOCK_SKEW: Duration = Duration::seconds(60);

/// A credential that passed [`verify()`].
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The JWT payload: the credential with its registered claims.
    pub credential: Value,
    /// The id of the key that signed it (current or retired).
    pub key_id: String,
    /// Its index in the revocation list, when it has a `credentialStatus`.
    pub status_index: Option<u64>,
}

/// Verifies a VC-JWT issued by [`crate::issue`].
///
/// In order: the compact JWS decodes; the JOSE header holds only `alg` (`EdDSA`), `kid` and
/// `typ` (`JWT`); the `kid` is a DID URL of `issuer`'s DID naming a key of `ring` (current or
/// retired); the Ed25519 signature is valid under that key; the payload is an
/// `OpenBadgeCredential` with the VC 2.0 and OB 3.0 contexts whose issuer is `issuer`; `iss`,
/// `jti`, `nbf` (and `sub`, `exp` when present) agree with the credential; `validFrom` has come
/// and `validUntil` (if any) has not passed; and `revoked(statusListIndex)` is false.
pub fn verify(
    token: &str,
    issuer: &Issuer,
    ring: &KeyRing,
    revoked: impl Fn(u64) -> bool,
) -> Result<Verified, VerifyError> {
    verify_at(token, issuer, ring, revoked, Utc::now())
}

/// [`verify`] with the dates checked against `now` (the caller's clock).
pub fn verify_at(
    token: &str,
    issuer: &Issuer,
    ring: &KeyRing,
    revoked: impl Fn(u64) -> bool,
    now: DateTime<Utc>,
) -> Result<Verified, VerifyError> {
    let (parts, key_id) = check_jws(token, issuer, ring)?;
    let payload = parts.payload;

    check_types(&payload)?;
    let issuer_id = match payload.get("issuer") {
        Some(Value::Object(profile)) => {
            let types = string_list(profile.get("type"));
            if !types.iter().any(|t| t == "Profile") {
                return Err(VerifyError::NotOpenBadge(
                    "the issuer is not a Profile".into(),
                ));
            }
            profile.get("id").and_then(Value::as_str)
        }
        Some(Value::String(id)) => Some(id.as_str()),
        _ => None,
    }
    .ok_or_else(|| VerifyError::NotOpenBadge("the credential has no issuer id".into()))?;
    if issuer_id != issuer.did {
        return Err(VerifyError::WrongIssuer {
            expected: issuer.did.clone(),
            found: issuer_id.to_owned(),
        });
    }
    check_subject(&payload)?;
    check_claims(&payload, issuer_id)?;
    check_dates(&payload, now)?;

    let status_index = match payload.get("credentialStatus") {
        None => None,
        Some(status) => Some(status_index(status)?),
    };
    if let Some(index) = status_index
        && revoked(index)
    {
        return Err(VerifyError::Revoked(index));
    }
    Ok(Verified {
        credential: Value::Object(payload),
        key_id,
        status_index,
    })
}

/// Verifies the signed `BitstringStatusListCredential` served by an issuer (signature, key and
/// issuer as for [`verify()`]) and returns its list.
pub fn verify_status_list_credential(
    token: &str,
    issuer: &Issuer,
    ring: &KeyRing,
) -> Result<StatusList, VerifyError> {
    let (parts, _) = check_jws(token, issuer, ring)?;
    let payload = parts.payload;
    let types = string_list(payload.get("type"));
    if !types.iter().any(|t| t == "BitstringStatusListCredential") {
        return Err(VerifyError::Malformed(
            "not a BitstringStatusListCredential".into(),
        ));
    }
    let found = payload.get("issuer").and_then(Value::as_str).unwrap_or("");
    if found != issuer.did {
        return Err(VerifyError::WrongIssuer {
            expected: issuer.did.clone(),
            found: found.to_owned(),
        });
    }
    let encoded = payload
        .get("credentialSubject")
        .and_then(|s| s.get("encodedList"))
        .and_then(Value::as_str)
        .ok_or_else(|| VerifyError::Malformed("the status list has no encodedList".into()))?;
    StatusList::decode(encoded).map_err(|e| VerifyError::Malformed(e.to_string()))
}

/// Decodes the JWS, checks its header and its signature under the key its `kid` names.
fn check_jws<'a>(
    token: &'a str,
    issuer: &Issuer,
    ring: &KeyRing,
) -> Result<(Parts<'a>, String), VerifyError> {
    let parts = jwt::parse(token)?;
    for name in parts.header.keys() {
        if !matches!(name.as_str(), "alg" | "kid" | "typ") {
            return Err(VerifyError::UnsupportedHeader(format!(
                "header member {name:?} is not allowed"
            )));
        }
    }
    match parts.header.get("alg").and_then(Value::as_str) {
        Some(crate::JWS_ALG) => {}
        other => {
            return Err(VerifyError::UnsupportedHeader(format!(
                "alg {other:?}, expected \"EdDSA\""
            )));
        }
    }
    if let Some(typ) = parts.header.get("typ")
        && typ.as_str() != Some("JWT")
    {
        return Err(VerifyError::UnsupportedHeader(format!(
            "typ {typ}, expected \"JWT\""
        )));
    }
    let kid = parts
        .header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or_else(|| VerifyError::UnsupportedHeader("no kid".into()))?
        .to_owned();
    let Some((did, key_id)) = kid.split_once('#') else {
        return Err(VerifyError::UnknownKey(kid));
    };
    if did != issuer.did {
        return Err(VerifyError::WrongIssuer {
            expected: issuer.did.clone(),
            found: did.to_owned(),
        });
    }
    let key = ring
        .public_key(key_id)
        .ok_or_else(|| VerifyError::UnknownKey(kid.clone()))?;
    jwt::check_signature(&parts, &key)?;
    let key_id = key_id.to_owned();
    Ok((parts, key_id))
}

fn check_types(payload: &Map<String, Value>) -> Result<(), VerifyError> {
    let contexts = string_list(payload.get("@context"));
    if contexts.first().map(String::as_str) != Some(crate::VC_CONTEXT_V2)
        || !contexts
            .get(1)
            .is_some_and(|c| c.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context"))
    {
        return Err(VerifyError::NotOpenBadge(
            "@context must start with the VC 2.0 and OB 3.0 contexts".into(),
        ));
    }
    let types = string_list(payload.get("type"));
    let has = |t: &str| types.iter().any(|x| x == t);
    if !has("VerifiableCredential") || !(has("OpenBadgeCredential") || has("AchievementCredential"))
    {
        return Err(VerifyError::NotOpenBadge(
            "type must hold VerifiableCredential and OpenBadgeCredential".into(),
        ));
    }
    Ok(())
}

fn check_subject(payload: &Map<String, Value>) -> Result<(), VerifyError> {
    let subject = payload
        .get("credentialSubject")
        .and_then(Value::as_object)
        .ok_or_else(|| VerifyError::NotOpenBadge("no credentialSubject object".into()))?;
    if !string_list(subject.get("type"))
        .iter()
        .any(|t| t == "AchievementSubject")
    {
        return Err(VerifyError::NotOpenBadge(
            "the subject is not an AchievementSubject".into(),
        ));
    }
    let achievement = subject
        .get("achievement")
        .and_then(Value::as_object)
        .ok_or_else(|| VerifyError::NotOpenBadge("the subject has no achievement".into()))?;
    for field in ["id", "name", "description"] {
        if achievement.get(field).and_then(Value::as_str).is_none() {
            return Err(VerifyError::NotOpenBadge(format!(
                "the achievement has no {field}"
            )));
        }
    }
    if achievement
        .get("criteria")
        .and_then(Value::as_object)
        .is_none()
    {
        return Err(VerifyError::NotOpenBadge(
            "the achievement has no criteria".into(),
        ));
    }
    if subject.get("id").is_none() && subject.get("identifier").is_none() {
        return Err(VerifyError::NotOpenBadge(
            "the subject has neither id nor identifier".into(),
        ));
    }
    Ok(())
}

fn check_claims(payload: &Map<String, Value>, issuer_id: &str) -> Result<(), VerifyError> {
    if payload.get("iss").and_then(Value::as_str) != Some(issuer_id) {
        return Err(VerifyError::ClaimMismatch("iss"));
    }
    let id = payload.get("id").and_then(Value::as_str);
    if id.is_none() || payload.get("jti").and_then(Value::as_str) != id {
        return Err(VerifyError::ClaimMismatch("jti"));
    }
    let subject_id = payload.get("credentialSubject").and_then(|s| s.get("id"));
    if payload.get("sub") != subject_id {
        return Err(VerifyError::ClaimMismatch("sub"));
    }
    let valid_from = date(payload, "validFrom")?
        .ok_or_else(|| VerifyError::NotOpenBadge("the credential has no validFrom".into()))?;
    if payload.get("nbf").and_then(Value::as_i64) != Some(valid_from.timestamp()) {
        return Err(VerifyError::ClaimMismatch("nbf"));
    }
    let valid_until = date(payload, "validUntil")?;
    match (payload.get("exp"), valid_until) {
        (None, None) => {}
        (Some(exp), Some(until)) if exp.as_i64() == Some(until.timestamp()) => {}
        _ => return Err(VerifyError::ClaimMismatch("exp")),
    }
    Ok(())
}

fn check_dates(payload: &Map<String, Value>, now: DateTime<Utc>) -> Result<(), VerifyError> {
    if let Some(from) = date(payload, "validFrom")?
        && from > now + CLOCK_SKEW
    {
        return Err(VerifyError::NotYetValid);
    }
    if let Some(until) = date(payload, "validUntil")?
        && until < now - CLOCK_SKEW
    {
        return Err(VerifyError::Expired);
    }
    Ok(())
}

fn status_index(status: &Value) -> Result<u64, VerifyError> {
    let bad = |m: &str| VerifyError::NotOpenBadge(format!("credentialStatus: {m}"));
    let status = status.as_object().ok_or_else(|| bad("not an object"))?;
    if status.get("type").and_then(Value::as_str) != Some("BitstringStatusListEntry") {
        return Err(bad("the type must be BitstringStatusListEntry"));
    }
    if status.get("statusPurpose").and_then(Value::as_str) != Some("revocation") {
        return Err(bad("the statusPurpose must be revocation"));
    }
    status
        .get("statusListIndex")
        .and_then(Value::as_str)
        .and_then(|i| i.parse::<u64>().ok())
        .ok_or_else(|| bad("statusListIndex is not a number in a string"))
}

fn date(payload: &Map<String, Value>, field: &str) -> Result<Option<DateTime<Utc>>, VerifyError> {
    match payload.get(field) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| Some(d.with_timezone(&Utc)))
            .ok_or_else(|| VerifyError::Malformed(format!("{field} is not an RFC 3339 date"))),
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}
