//! `POST /api/v1/credentials/verify`: anyone checks an Acquis Open Badges 3.0 credential
//! (signature by one of Acquis's keys, issuer, dates, revocation). The body names the
//! credential as its compact VC-JWT or as the W3C `EnvelopedVerifiableCredential` the holder
//! downloads (`badge.json`), either alone or under `credential`.

use acquis_app::certification::CertifError;
use acquis_credential::VerifyError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::error::ErrorDetail;
use crate::api::{ApiError, ApiJson};

/// The media type prefix of an enveloped VC-JWT's `data:` URL.
const ENVELOPE_PREFIX: &str = "data:application/vc+jwt,";

/// What to verify.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct VerifyRequest {
    /// The compact VC-JWT, or an `EnvelopedVerifiableCredential` object
    /// (`{"@context": "https://www.w3.org/ns/credentials/v2", "id":
    /// "data:application/vc+jwt,<jwt>", "type": "EnvelopedVerifiableCredential"}`). The
    /// enveloped object may also be the whole body.
    #[schema(value_type = Object)]
    pub credential: Value,
}

/// A credential that verified.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verified {
    /// Always `true`.
    pub verified: bool,
    /// The credential (the JWT payload: the `OpenBadgeCredential` with its registered claims).
    #[schema(value_type = Object)]
    pub credential: Value,
    /// The id of the key that signed it (in the DID document at `/.well-known/did.json`).
    pub key_id: String,
    /// Its index in the revocation list (`/credentials/status/1`).
    pub status_index: Option<u64>,
}

/// A credential that was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct Refused {
    /// Always `false`.
    pub verified: bool,
    /// Why: `malformed`, `unsupported_header`, `unknown_key`, `bad_signature`,
    /// `wrong_issuer`, `not_open_badge`, `claim_mismatch`, `not_yet_valid`, `expired`,
    /// `revoked`.
    pub error: ErrorDetail,
}

/// The stable code of a refusal.
fn refusal_code(e: &VerifyError) -> &'static str {
    match e {
        VerifyError::Malformed(_) => "malformed",
        VerifyError::UnsupportedHeader(_) => "unsupported_header",
        VerifyError::UnknownKey(_) => "unknown_key",
        VerifyError::BadSignature => "bad_signature",
        VerifyError::WrongIssuer { .. } => "wrong_issuer",
        VerifyError::NotOpenBadge(_) => "not_open_badge",
        VerifyError::ClaimMismatch(_) => "claim_mismatch",
        VerifyError::NotYetValid => "not_yet_valid",
        VerifyError::Expired => "expired",
        VerifyError::Revoked(_) => "revoked",
    }
}

/// The VC-JWT an enveloped credential holds, or the string itself.
fn token_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(token) => Some(token.strip_prefix(ENVELOPE_PREFIX).unwrap_or(token)),
        Value::Object(envelope) => {
            if let Some(inner) = envelope.get("credential") {
                return token_of(inner);
            }
            let enveloped = envelope.get("type").is_some_and(|t| match t {
                Value::String(t) => t == "EnvelopedVerifiableCredential",
                Value::Array(types) => types
                    .iter()
                    .any(|t| t.as_str() == Some("EnvelopedVerifiableCredential")),
                _ => false,
            });
            if !enveloped {
                return None;
            }
            envelope
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix(ENVELOPE_PREFIX))
        }
        _ => None,
    }
}

fn refused(code: &str, message: String) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(Refused {
            verified: false,
            error: ErrorDetail {
                code: code.to_owned(),
                message,
            },
        }),
    )
        .into_response()
}

/// Verifies a credential.
#[utoipa::path(
    post,
    path = "/api/v1/credentials/verify",
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "The credential verifies", body = Verified),
        (status = 400, description = "The body is not JSON", body = crate::api::error::ErrorBody),
        (status = 413, description = "The body is too large", body = crate::api::error::ErrorBody),
        (status = 422, description = "The credential is refused (error.code says why)", body = Refused),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, ApiError> {
    let Some(token) = token_of(&body) else {
        return Ok(refused(
            "malformed",
            "the body names no credential: send {\"credential\": \"<VC-JWT>\"} or an EnvelopedVerifiableCredential".into(),
        ));
    };
    match state.app.verify_credential(token).await {
        Ok(v) => Ok(Json(Verified {
            verified: true,
            credential: v.credential,
            key_id: v.key_id,
            status_index: v.status_index,
        })
        .into_response()),
        Err(CertifError::Credential(e)) => Ok(refused(refusal_code(&e), e.to_string())),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_credential_is_read_as_a_token_or_an_envelope() {
        assert_eq!(token_of(&json!({"credential": "a.b.c"})), Some("a.b.c"));
        let envelope = json!({
            "@context": "https://www.w3.org/ns/credentials/v2",
            "id": "data:application/vc+jwt,a.b.c",
            "type": "EnvelopedVerifiableCredential",
        });
        assert_eq!(token_of(&envelope), Some("a.b.c"));
        assert_eq!(token_of(&json!({ "credential": envelope })), Some("a.b.c"));
        assert_eq!(
            token_of(&json!({"id": "data:application/vc+jwt,a.b.c"})),
            None
        );
        assert_eq!(token_of(&json!(42)), None);
    }
}
