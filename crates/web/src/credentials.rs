//! The issuer's public documents, which any verifier of an Acquis credential fetches:
//! `GET /.well-known/did.json` (the `did:web` DID document with the signing keys, current and
//! retired) and `GET /credentials/status/1` (the signed Bitstring Status List: the bit of
//! every revoked or unpublished certificate is set).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::{AppState, WebError};

/// The path of the DID document.
pub const DID_PATH: &str = "/.well-known/did.json";

/// The path of the status list, as `acquis_credential::credential::status_list_url` names it
/// under the public URL.
pub const STATUS_LIST_PATH: &str = "/credentials/status/1";

/// `GET /.well-known/did.json`.
pub async fn did_document(State(state): State<AppState>) -> Result<Response, WebError> {
    let document = state.app.did_document()?;
    let body = serde_json::to_string_pretty(&document)
        .map_err(|_| WebError::Internal("DID document not serialisable"))?;
    Ok(([(header::CONTENT_TYPE, "application/did+json")], body).into_response())
}

/// `GET /credentials/status/1`: the status list credential, a VC-JWT.
pub async fn status_list(State(state): State<AppState>) -> Result<Response, WebError> {
    let jwt = state.app.status_list_credential().await?;
    Ok(([(header::CONTENT_TYPE, "application/vc+jwt")], jwt).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_list_is_served_where_credentials_point() {
        let issuer = acquis_credential::Issuer::from_base_url("Acquis", "https://acquis.example")
            .expect("a valid base URL");
        assert_eq!(
            acquis_credential::credential::status_list_url(&issuer),
            format!("https://acquis.example{STATUS_LIST_PATH}")
        );
    }
}
