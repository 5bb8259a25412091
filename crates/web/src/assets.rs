//! `GET /assets/{file}`: the stylesheet and scripts, compiled into the binary.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::WebError;

const FILES: &[(&str, &str, &str)] = &[
    (
        "acquis.css",
        "text/css; charset=utf-8",
        include_str!("../assets/acquis.css"),
    ),
    // The organisation portal's "Copier" buttons.
    (
        "orga.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/orga.js"),
    ),
];

/// Serves one asset.
pub async fn serve(Path(file): Path<String>) -> Result<Response, WebError> {
    let (_, mime, body) = FILES
        .iter()
        .find(|(name, _, _)| *name == file)
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, *mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *body,
    )
        .into_response())
}
