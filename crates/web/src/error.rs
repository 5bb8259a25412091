//! The web layer's error type for pages. It renders a short bilingual page and never leaks
//! internals: unexpected errors are logged with their detail and shown as a plain 500. The
//! JSON API has its own (`api::ApiError`).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What a page handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The resource does not exist (or is not the caller's).
    #[error("not found")]
    NotFound,
    /// A form without a valid CSRF token, or an action not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Too many requests from this address.
    #[error("too many requests")]
    TooManyRequests,
    /// A request that cannot be understood.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A broken invariant of the server itself.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// A use case failed unexpectedly (the database, a worker thread): logged, shown as 500.
    #[error(transparent)]
    App(acquis_app::AppError),
    /// A template failed to render.
    #[error(transparent)]
    Template(#[from] askama::Error),
}

impl From<acquis_app::AppError> for WebError {
    fn from(e: acquis_app::AppError) -> Self {
        match e {
            acquis_app::AppError::Internal(what) => WebError::Internal(what),
            acquis_app::AppError::NotFound(_) => WebError::NotFound,
            acquis_app::AppError::Conflict(what) => {
                WebError::BadRequest(format!("{what} already exists"))
            }
            e @ acquis_app::AppError::Store(_) => WebError::App(e),
        }
    }
}

fn page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Acquis</title><link rel=\"stylesheet\" href=\"/assets/acquis.css\"></head>\
         <body><main id=\"contenu\"><h1>{title}</h1><p>{message}</p>\
         <p><a href=\"/\">Retour à l'accueil / Back to the home page</a></p></main></body></html>"
    );
    (status, Html(body)).into_response()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => {
                let mut response = page(
                    StatusCode::NOT_FOUND,
                    "Page introuvable",
                    "Cette page n'existe pas ou n'est plus disponible. / This page does not exist.",
                );
                // Pages in the layout replace it (`not_found::in_layout`).
                response
                    .extensions_mut()
                    .insert(crate::not_found::PlainNotFound);
                response
            }
            WebError::Forbidden => page(
                StatusCode::FORBIDDEN,
                "Action refusée",
                "Le formulaire a expiré ou cette action n'est pas permise : rechargez la page et réessayez. / \
                 The form expired or this action is not allowed: reload the page and try again.",
            ),
            WebError::TooManyRequests => page(
                StatusCode::TOO_MANY_REQUESTS,
                "Trop de tentatives",
                "Patientez une minute avant de réessayer. / Wait a minute before trying again.",
            ),
            WebError::BadRequest(reason) => page(
                StatusCode::BAD_REQUEST,
                "Requête invalide",
                &askama_escape(&reason),
            ),
            other => {
                tracing::error!(error = %other, "request failed");
                page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erreur",
                    "Une erreur inattendue est survenue. Réessayez dans un instant. / An unexpected error occurred.",
                )
            }
        }
    }
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Fallback for unknown routes.
pub async fn not_found() -> Response {
    WebError::NotFound.into_response()
}

/// What a panicking handler answers: a plain 500; the panic is logged.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    WebError::Internal("panic").into_response()
}

impl From<acquis_app::organizations::OrgError> for WebError {
    fn from(e: acquis_app::organizations::OrgError) -> Self {
        use acquis_app::organizations::OrgError;
        match e {
            OrgError::NotFound(_) => WebError::NotFound,
            OrgError::NotAdministrator => WebError::Forbidden,
            OrgError::App(e) => e.into(),
            OrgError::Mail(_) => WebError::Internal("mail not sent"),
            OrgError::NoFreeCode => WebError::Internal("no free campaign code"),
            other => WebError::BadRequest(other.code().to_string()),
        }
    }
}

impl From<acquis_app::certification::CertifError> for WebError {
    fn from(e: acquis_app::certification::CertifError) -> Self {
        use acquis_app::certification::CertifError;
        match e {
            CertifError::NotFound(_) => WebError::NotFound,
            CertifError::NotAdministrator => WebError::Forbidden,
            CertifError::App(e) => e.into(),
            CertifError::NoFreeCode => WebError::Internal("no free access code"),
            other => WebError::BadRequest(other.code().to_string()),
        }
    }
}

impl From<acquis_app::admin::AdminError> for WebError {
    fn from(e: acquis_app::admin::AdminError) -> Self {
        use acquis_app::admin::AdminError;
        match e {
            AdminError::NotOperator | AdminError::NotFound(_) => WebError::NotFound,
            AdminError::NotAllowed => WebError::Forbidden,
            AdminError::App(e) => e.into(),
            other => WebError::BadRequest(other.code().to_string()),
        }
    }
}
