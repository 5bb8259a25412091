//! `/langue`: switch between French and English, remembered in a cookie for a year.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::WebError;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::pages::{Fields, local_path};

/// Sets the language and goes back to the page.
pub async fn switch(session: Session, fields: Fields) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let lang = Lang::parse(fields.get("lang")).unwrap_or_default();
    let back = local_path(fields.get("back"), "/");
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        crate::pages::redirect_to(&back),
    )
        .into_response())
}
