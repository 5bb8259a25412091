//! `GET /orga/{org}/campagnes/{id}/export.csv`: the campaign's results as a CSV download,
//! streamed as the use case (`App::campaign_export`) produces it; the API's export serves the
//! same bytes.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::export::Export;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::orga::require_member;
use crate::{AppState, WebError};

/// The campaign's results as a CSV download.
pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let export = state.app.campaign_export(&membership, id).await?;
    Ok(download(export))
}

/// An export as a streamed `text/csv` attachment.
pub fn download(export: Export) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", export.filename);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(export.chunks),
    )
        .into_response()
}
