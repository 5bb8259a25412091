//! `GET /content/{release}/files/...`: attachments, illustrations and simulators of the live
//! release, served from memory, with their own security policy (see `ACTIVE_POLICY`): simulator
//! pages are sandboxed even when opened directly.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::{AppState, WebError};

/// Pages and drawings of a release (simulators among them): their inline scripts and styles
/// run, but sandboxed in an opaque origin (no access to the learner's session or to the
/// page that frames them, which they talk to by `postMessage` only), with no plugin, no form
/// sent anywhere, and framed by this site only.
const ACTIVE_POLICY: &str = "sandbox allow-scripts allow-forms; \
     default-src 'self' 'unsafe-inline' data:; object-src 'none'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'self'";

/// Any other file (images, text, spreadsheets, PDF): nothing runs; a PDF may still be shown
/// by the browser's viewer (which needs `object-src`).
const PASSIVE_POLICY: &str = "default-src 'none'; img-src 'self' data:; \
     style-src 'unsafe-inline'; object-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'self'";

/// Serves one file of the live release.
pub async fn serve(
    State(state): State<AppState>,
    Path((release, path)): Path<(i64, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    // `?ouvrir`: shown in the browser's tab when it can show it, instead of downloaded.
    let open = query.as_deref() == Some("ouvrir") && crate::view::challenge::viewable(&path);
    let live = state.live();
    if release != live.release_id || !path.starts_with("files/") {
        return Err(WebError::NotFound);
    }
    let bytes = live.files.get(&path).ok_or(WebError::NotFound)?.clone();
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400, immutable"),
    );
    // Framed by the evaluation page (simulators, illustrations), never by another site.
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    let active = path.ends_with(".html") || path.ends_with(".svg");
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if active {
            ACTIVE_POLICY
        } else {
            PASSIVE_POLICY
        }),
    );
    if !active && !open && !path.ends_with(".png") && !path.ends_with(".jpg") {
        let name = path.rsplit('/').next().unwrap_or("fichier");
        if let Ok(v) = HeaderValue::from_str(&format!(
            "attachment; filename=\"{}\"",
            name.replace('"', "")
        )) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(response)
}
