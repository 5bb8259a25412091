//! `GET /content/{release}/files/...`: attachments, illustrations and simulators of the live
//! release, served from memory. Simulator pages are sandboxed even when opened directly.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::{AppState, WebError};

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
    if path.ends_with(".html") || path.ends_with(".svg") {
        // Scripts may run, but in an opaque origin: no access to the learner's session.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "sandbox allow-scripts allow-forms; default-src 'self' 'unsafe-inline' data:",
            ),
        );
    } else if !open && !path.ends_with(".png") && !path.ends_with(".jpg") {
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
