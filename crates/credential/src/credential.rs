//! The `OpenBadgeCredential` of an Acquis certificate, and its issuance as a VC-JWT.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::did::Issuer;
use crate::error::CredentialError;
use crate::keys::KeyRing;

/// The level reached in one competence of the framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetenceResult {
    /// The competence code, e.g. "1.1".
    pub code: String,
    /// The competence name, e.g. "Mener une recherche et une veille d'information".
    pub name: String,
    /// The level reached, 0 (not reached) to 8.
    pub level: u8,
}

/// What a validated certificate says, as needed for its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateClaims {
    /// The public verification code, e.g. "P-ABCD2345"; it is part of the credential id.
    pub verification_code: String,
    /// The holder's email; only its salted hash goes into the credential.
    pub holder_email: String,
    /// The salt hashed with the email (stored with the certificate, published in the credential).
    pub salt: String,
    /// The holder's name as printed on the certificate.
    pub holder_name: String,
    /// When the certificate was validated: the credential's `validFrom` (whole seconds).
    pub issued_at: DateTime<Utc>,
    /// The certification score.
    pub score: u32,
    /// The highest score possible (895 in the current framework).
    pub max_score: u32,
    /// The overall level, when the framework gives one.
    pub global_level: Option<u8>,
    /// The level reached in each competence.
    pub competences: Vec<CompetenceResult>,
    /// The certificate's index in the revocation status list.
    pub status_index: u64,
    /// The language of the texts: "fr" (default) or "en".
    pub locale: String,
}

/// The highest competence level of the framework.
pub const MAX_COMPETENCE_LEVEL: u8 = 8;

/// The OB 3.0 `identityHash` of an email: `"sha256$"` followed by the lowercase hex SHA-256
/// of the email concatenated with the salt.
pub fn identity_hash(email: &str, salt: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(email.as_bytes());
    hasher.update(salt.as_bytes());
    format!("sha256${}", hex::encode(hasher.finalize()))
}

/// The id (URL) of a certificate's credential: its public verification page,
/// `{issuer.url}/verification/{code}`.
pub fn credential_id(issuer: &Issuer, verification_code: &str) -> String {
    format!("{}/verification/{verification_code}", issuer.url)
}

/// The URL of the revocation status list credential: `{issuer.url}/credentials/status/1`.
pub fn status_list_url(issuer: &Issuer) -> String {
    format!("{}/credentials/status/1", issuer.url)
}

/// The id of the achievement every certificate is an instance of.
pub fn achievement_id(issuer: &Issuer) -> String {
    format!("{}/credentials/achievements/certification", issuer.url)
}

struct Texts {
    credential_name: &'static str,
    achievement_name: &'static str,
    description: &'static str,
    criteria: &'static str,
    score: &'static str,
    global_level: &'static str,
    competence: &'static str,
}

const FR: Texts = Texts {
    credential_name: "Certificat Acquis",
    achievement_name: "Certification Acquis des compétences numériques",
    description: "Atteste les compétences numériques mesurées lors d'une session de \
        certification Acquis surveillée, sur les seize compétences du référentiel, \
        avec le niveau obtenu dans chacune.",
    criteria: "Passer une épreuve de certification Acquis en session surveillée, \
        dont les questions s'adaptent au niveau du candidat, et obtenir un score \
        validé par le centre de certification. Le score et le niveau de chaque \
        compétence figurent dans les résultats.",
    score: "Score de certification",
    global_level: "Niveau global",
    competence: "Niveau en compétence",
};

const EN: Texts = Texts {
    credential_name: "Acquis certificate",
    achievement_name: "Acquis certification of digital competences",
    description: "Attests the digital competences measured during a proctored Acquis \
        certification session, over the sixteen competences of the framework, with the \
        level reached in each.",
    criteria: "Take an Acquis certification test in a proctored session, whose \
        questions adapt to the candidate's level, and obtain a score validated by the \
        certification centre. The score and the level of each competence are given in \
        the results.",
    score: "Certification score",
    global_level: "Overall level",
    competence: "Level in competence",
};

/// The unsigned `OpenBadgeCredential` of a certificate (Open Badges 3.0, VC Data Model 2.0).
///
/// The holder is identified by a salted hash of their email (an `IdentityObject` of type
/// `emailAddress`) and by name; the achievement describes the certification and its criteria,
/// with one `ResultDescription` for the score, the overall level and each competence, and the
/// subject's `result` gives the values. `credentialStatus` points at the revocation list.
pub fn open_badge_credential(issuer: &Issuer, claims: &CertificateClaims) -> Value {
    let texts = if claims.locale.starts_with("en") {
        &EN
    } else {
        &FR
    };
    let language = if claims.locale.is_empty() {
        "fr"
    } else {
        claims.locale.as_str()
    };
    let achievement_id = achievement_id(issuer);
    let list_url = status_list_url(issuer);
    let valid_from = claims.issued_at.to_rfc3339_opts(SecondsFormat::Secs, true);

    let mut descriptions = vec![json!({
        "id": format!("{achievement_id}#score"),
        "type": ["ResultDescription"],
        "name": texts.score,
        "resultType": "RawScore",
        "valueMin": "0",
        "valueMax": claims.max_score.to_string(),
    })];
    let mut results = vec![json!({
        "type": ["Result"],
        "resultDescription": format!("{achievement_id}#score"),
        "value": claims.score.to_string(),
    })];
    if let Some(level) = claims.global_level {
        descriptions.push(json!({
            "id": format!("{achievement_id}#global-level"),
            "type": ["ResultDescription"],
            "name": texts.global_level,
            "resultType": "PerformanceLevel",
            "valueMin": "0",
            "valueMax": MAX_COMPETENCE_LEVEL.to_string(),
        }));
        results.push(json!({
            "type": ["Result"],
            "resultDescription": format!("{achievement_id}#global-level"),
            "value": level.to_string(),
        }));
    }
    for c in &claims.competences {
        let id = format!("{achievement_id}#competence-{}", fragment_safe(&c.code));
        descriptions.push(json!({
            "id": id,
            "type": ["ResultDescription"],
            "name": format!("{} {} : {}", texts.competence, c.code, c.name),
            "resultType": "PerformanceLevel",
            "valueMin": "0",
            "valueMax": MAX_COMPETENCE_LEVEL.to_string(),
        }));
        results.push(json!({
            "type": ["Result"],
            "resultDescription": id,
            "value": c.level.to_string(),
        }));
    }

    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "identityHash": identity_hash(&claims.holder_email, &claims.salt),
        "identityType": "emailAddress",
        "hashed": true,
        "salt": claims.salt,
    })];
    if !claims.holder_name.trim().is_empty() {
        identifiers.push(json!({
            "type": "IdentityObject",
            "identityHash": claims.holder_name,
            "identityType": "name",
            "hashed": false,
        }));
    }

    json!({
        "@context": [crate::VC_CONTEXT_V2, crate::OB_CONTEXT_V3],
        "id": credential_id(issuer, &claims.verification_code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts.credential_name,
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
        },
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": texts.achievement_name,
                "description": texts.description,
                "criteria": { "narrative": texts.criteria },
                "inLanguage": language,
                "creator": {
                    "id": issuer.did,
                    "type": ["Profile"],
                    "name": issuer.name,
                    "url": issuer.url,
                },
                "resultDescription": descriptions,
            },
            "result": results,
        },
        "credentialStatus": {
            "id": format!("{list_url}#{}", claims.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": claims.status_index.to_string(),
            "statusListCredential": list_url,
        },
    })
}

/// Issues the certificate's credential as a VC-JWT signed with the ring's current key.
///
/// Following the Open Badges 3.0 JSON Web Token Proof Format, the JWT payload is the
/// credential with the registered claims `iss` (= `issuer.id`), `jti` (= `id`), `nbf`
/// (= `validFrom`) and, when the credential has a `validUntil`, `exp`. `sub` mirrors
/// `credentialSubject.id`, which these credentials do not have (the holder is identified by
/// `identifier`), so it is left out.
pub fn issue(
    issuer: &Issuer,
    ring: &KeyRing,
    claims: &CertificateClaims,
) -> Result<String, CredentialError> {
    let credential = open_badge_credential(issuer, claims);
    let payload = jwt_payload(credential, claims.issued_at.timestamp(), None);
    crate::jwt::sign(issuer, ring, &payload)
}

/// A credential with the JWT registered claims added beside its members.
pub(crate) fn jwt_payload(mut credential: Value, nbf: i64, exp: Option<i64>) -> Value {
    if let Some(map) = credential.as_object_mut() {
        let iss = map
            .get("issuer")
            .and_then(|i| i.get("id").or(Some(i)))
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(iss) = iss {
            map.insert("iss".into(), Value::String(iss));
        }
        if let Some(id) = map.get("id").cloned() {
            map.insert("jti".into(), id);
        }
        let sub = map
            .get("credentialSubject")
            .and_then(|s| s.get("id"))
            .cloned();
        if let Some(sub) = sub {
            map.insert("sub".into(), sub);
        }
        map.insert("nbf".into(), Value::from(nbf));
        if let Some(exp) = exp {
            map.insert("exp".into(), Value::from(exp));
        }
    }
    credential
}

/// A competence code made safe for a URL fragment (anything but `[A-Za-z0-9._-]` becomes `-`).
fn fragment_safe(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
