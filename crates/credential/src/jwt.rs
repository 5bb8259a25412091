//! Compact JWS (RFC 7515) assembly and parsing for VC-JWTs.
//!
//! Only the encoding is done here; signing and signature checking are `ed25519-dalek`'s
//! ([`ed25519_dalek::Signer`], [`ed25519_dalek::VerifyingKey::verify_strict`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use serde_json::{Map, Value, json};

use crate::did::Issuer;
use crate::error::{CredentialError, VerifyError};
use crate::keys::KeyRing;

/// Signs `payload` with the ring's current key: JOSE header `{"alg":"EdDSA","kid":…,"typ":"JWT"}`
/// where `kid` is the DID URL of the key in the issuer's DID document.
pub fn sign(issuer: &Issuer, ring: &KeyRing, payload: &Value) -> Result<String, CredentialError> {
    let header = json!({
        "alg": crate::JWS_ALG,
        "kid": issuer.key_url(ring.current_key_id()),
        "typ": "JWT",
    });
    let mut input = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?);
    input.push('.');
    input.push_str(&URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload)?));
    let signature = ring.signing_key().sign(input.as_bytes());
    input.push('.');
    input.push_str(&URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    Ok(input)
}

/// A compact JWS split into its parts, decoded but not yet checked.
#[derive(Debug)]
pub struct Parts<'a> {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The JWT payload (claims).
    pub payload: Map<String, Value>,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the bytes the signature covers.
    pub signing_input: &'a str,
    /// The signature.
    pub signature: Signature,
}

/// Splits and decodes a compact JWS. Fails with [`VerifyError::Malformed`] on anything but
/// three base64url parts holding a JSON object, a JSON object and 64 bytes.
pub fn parse(token: &str) -> Result<Parts<'_>, VerifyError> {
    let token = token.trim();
    let mut pieces = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(VerifyError::Malformed(
            "a compact JWS has three parts separated by dots".into(),
        ));
    };
    let signing_input = &token[..h.len() + 1 + p.len()];
    let header = decode_object(h, "header")?;
    let payload = decode_object(p, "payload")?;
    let raw = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| VerifyError::Malformed("the signature is not base64url".into()))?;
    let signature = Signature::from_slice(&raw)
        .map_err(|_| VerifyError::Malformed("an Ed25519 signature is 64 bytes long".into()))?;
    Ok(Parts {
        header,
        payload,
        signing_input,
        signature,
    })
}

/// Checks the signature of parsed parts under `key` (strict Ed25519 verification).
pub fn check_signature(parts: &Parts<'_>, key: &VerifyingKey) -> Result<(), VerifyError> {
    key.verify_strict(parts.signing_input.as_bytes(), &parts.signature)
        .map_err(|_| VerifyError::BadSignature)
}

fn decode_object(part: &str, what: &str) -> Result<Map<String, Value>, VerifyError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| VerifyError::Malformed(format!("the {what} is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(VerifyError::Malformed(format!(
            "the {what} is not a JSON object"
        ))),
    }
}
