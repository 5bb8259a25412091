//! The issuer's identity: a `did:web` identifier and the DID document that publishes its keys.

use serde_json::{Value, json};

use crate::error::CredentialError;
use crate::keys::{KeyRing, public_jwk};

/// The issuing organisation, as it appears in every credential (`issuer` Profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The `did:web` identifier, e.g. `did:web:acquis.example` or `did:web:127.0.0.1%3A8080`.
    pub did: String,
    /// The displayed name, e.g. "Acquis".
    pub name: String,
    /// The public base URL, without a trailing slash, e.g. `https://acquis.example`.
    pub url: String,
}

impl Issuer {
    /// An issuer whose DID is derived from its base URL by [`did_web`].
    pub fn from_base_url(name: &str, base_url: &str) -> Result<Issuer, CredentialError> {
        Ok(Issuer {
            did: did_web(base_url)?,
            name: name.to_owned(),
            url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The DID URL of one of the issuer's keys: `{did}#{key_id}`.
    pub fn key_url(&self, key_id: &str) -> String {
        format!("{}#{key_id}", self.did)
    }
}

/// The `did:web` identifier whose document is served at `{base_url}/.well-known/did.json`
/// (or `{base_url}/did.json` when the base URL has a path).
///
/// The host and port are kept, the colon before the port percent-encoded; path segments are
/// joined with `:`. `"http://127.0.0.1:8080"` gives `"did:web:127.0.0.1%3A8080"`,
/// `"https://example.org/acquis/"` gives `"did:web:example.org:acquis"`. The did:web method
/// resolves over HTTPS; an `http` URL is accepted for local development only.
pub fn did_web(base_url: &str) -> Result<String, CredentialError> {
    let fail = |reason| CredentialError::InvalidUrl {
        url: base_url.to_owned(),
        reason,
    };
    let rest = if let Some(r) = base_url.strip_prefix("https://") {
        r
    } else if let Some(r) = base_url.strip_prefix("http://") {
        r
    } else {
        return Err(fail("the scheme must be https (or http for development)"));
    };
    if rest.contains(['?', '#']) {
        return Err(fail("a query or fragment is not allowed"));
    }
    if rest.contains('@') {
        return Err(fail("user information is not allowed"));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !host_ok {
        return Err(fail("the host must be a DNS name or an IPv4 address"));
    }
    let mut did = format!("did:web:{}", host.to_ascii_lowercase());
    if let Some(port) = port {
        if port.parse::<u16>().is_err() {
            return Err(fail("the port is not a number from 0 to 65535"));
        }
        did.push_str("%3A");
        did.push_str(port);
    }
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let ok = segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'));
        if !ok {
            return Err(fail(
                "a path segment holds characters a did:web path cannot",
            ));
        }
        did.push(':');
        did.push_str(segment);
    }
    Ok(did)
}

/// The DID document Acquis serves at `/.well-known/did.json`.
///
/// Every key of the ring is a `JsonWebKey2020` verification method with an `OKP`/`Ed25519`
/// public JWK, the current key first, and all of them are listed under `assertionMethod`:
/// retired keys stay there so that the credentials they signed keep verifying.
pub fn did_document(issuer: &Issuer, ring: &KeyRing) -> Value {
    let methods: Vec<Value> = ring
        .public_keys()
        .iter()
        .map(|(id, key)| {
            json!({
                "id": issuer.key_url(id),
                "type": "JsonWebKey2020",
                "controller": issuer.did,
                "publicKeyJwk": public_jwk(key),
            })
        })
        .collect();
    let ids: Vec<Value> = ring
        .public_keys()
        .iter()
        .map(|(id, _)| Value::String(issuer.key_url(id)))
        .collect();
    json!({
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1"
        ],
        "id": issuer.did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}
