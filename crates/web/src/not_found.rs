//! The "page not found" page in the site's layout and the visitor's language. A handler (or
//! the router's fallback) answers 404 with [`WebError::NotFound`], which marks the response;
//! this middleware, inside the session layer, replaces a marked response to a `GET` with the
//! full page (navigation, language switch, a way home). API errors are JSON and never marked.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::USER_KEY;
use crate::i18n::Lang;
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// Marks the plain 404 page of [`WebError::NotFound`], for this middleware to replace.
#[derive(Debug, Clone, Copy)]
pub struct PlainNotFound;

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    chrome: Chrome,
}

/// Replaces a marked 404 with the page in the layout.
pub async fn in_layout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let lang = Lang::from_request_parts(&mut parts, &())
        .await
        .unwrap_or_default();
    let session = parts.extensions.get::<Session>().cloned();
    let is_get = parts.method == Method::GET;
    let response = next.run(Request::from_parts(parts, body)).await;
    if !is_get || response.extensions().get::<PlainNotFound>().is_none() {
        return response;
    }
    let Some(session) = session else {
        return response;
    };
    match render(&state, lang, &session).await {
        Ok(page) => page,
        Err(e) => {
            tracing::warn!(error = %e, "the page-not-found page cannot be rendered");
            response
        }
    }
}

async fn render(state: &AppState, lang: Lang, session: &Session) -> Result<Response, WebError> {
    let id: Option<i64> = session.get(USER_KEY).await.ok().flatten();
    let name = match id {
        Some(id) => acquis_app::accounts::active_user(&state.app, id)
            .await?
            .map(|u| u.first_name),
        None => None,
    };
    let chrome = Chrome::new(lang, session, name, "/").await?;
    let body = NotFoundPage { chrome }.render()?;
    Ok((StatusCode::NOT_FOUND, Html(Body::from(body))).into_response())
}
