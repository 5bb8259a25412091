//! The organisation portal under `/orga`: members, target profiles, campaigns, follow-up,
//! analysis and exports. Every route checks membership on the server.

use axum::Router;

use crate::AppState;

/// The portal's routes.
pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
}
