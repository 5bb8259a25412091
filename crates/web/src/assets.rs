//! `GET /assets/{file}`: the stylesheet and scripts, compiled into the binary.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::WebError;

/// Every file under `assets/`: name, type, contents (a test checks none is missing).
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "acquis.css",
        "text/css; charset=utf-8",
        include_str!("../assets/acquis.css"),
    ),
    (
        "evaluation.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/evaluation.js"),
    ),
    // The candidate's waiting page and the invigilator's live board.
    (
        "certification.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/certification.js"),
    ),
    // Site identity (issue 10): the logo in the header and the tab's icon.
    (
        "logo.svg",
        "image/svg+xml",
        include_str!("../assets/logo.svg"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../assets/favicon.svg"),
    ),
    // The organisation portal's "Copier" buttons.
    (
        "orga.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/orga.js"),
    ),
    // The holder's certificate page: the "Copier le lien" button of the share link.
    (
        "certificates.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/certificates.js"),
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

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn every_file_of_the_assets_folder_is_served() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        for entry in std::fs::read_dir(&dir).expect("the assets folder") {
            let name = entry.expect("an entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                FILES.iter().any(|(served, _, _)| *served == name),
                "assets/{name} is not in assets::FILES, so /assets/{name} answers 404"
            );
        }
    }
}
