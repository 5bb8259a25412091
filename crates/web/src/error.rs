//! The web layer's one error type. It renders a short page or JSON body and never leaks
//! internals: unexpected errors are logged with their detail and shown as a plain 500.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The resource does not exist (or is not the caller's).
    #[error("not found")]
    NotFound,
    /// A storage failure.
    #[error(transparent)]
    Store(#[from] acquis_store::StoreError),
    /// A template failed to render.
    #[error(transparent)]
    Template(#[from] askama::Error),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => not_found_response(),
            other => {
                tracing::error!(error = %other, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(page(
                        "Erreur",
                        "Une erreur inattendue est survenue. Réessayez dans un instant.",
                    )),
                )
                    .into_response()
            }
        }
    }
}

fn page(title: &str, message: &str) -> String {
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title} – Acquis</title>\
         <link rel=\"stylesheet\" href=\"/assets/acquis.css\"></head><body><main id=\"contenu\"><h1>{title}</h1><p>{message}</p>\
         <p><a href=\"/\">Retour à l'accueil</a></p></main></body></html>"
    )
}

fn not_found_response() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(page(
            "Page introuvable",
            "Cette page n'existe pas ou n'est plus disponible.",
        )),
    )
        .into_response()
}

/// Fallback for unknown routes.
pub async fn not_found() -> Response {
    not_found_response()
}

/// What a panicking handler answers: a plain 500, the panic is logged by the layer.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(page("Erreur", "Une erreur inattendue est survenue.")),
    )
        .into_response()
}
