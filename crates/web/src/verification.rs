//! `/verification`: anyone checks a certificate by its verification code (printed on the
//! PDF, behind its QR code, or shared as a link `/verification/{code}`). The form is a `GET`
//! (`?code=`), so it works without JavaScript, can be shared, and writes nothing for a
//! visitor.
//!
//! A certificate found shows its holder, session, centre, score, global level and competence
//! levels. Anything else — a code of the wrong shape, unknown, unpublished or revoked — gets
//! the same "no certificate matches" page with a 404, so that a guess learns nothing more.
//! Both routes spend the `Verification` budget per address.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::pages::Chrome;
use crate::pages::certificates::{CertificateDisplay, LevelDescription, level_descriptions};
use crate::{AppState, WebError};

/// Longest typed code looked up: a code is `P-` and 8 characters; spaces around and inside
/// are tolerated, anything much longer is not a code.
const MAX_TYPED_CHARS: usize = 40;

/// The form's query.
#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    /// The typed code, if the form was sent.
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "certificates/verification.html")]
struct VerificationPage {
    chrome: Chrome,
    found: Option<CertificateDisplay>,
    not_found: bool,
    code: String,
    levels: Vec<LevelDescription>,
}

/// What is worth looking up of a typed code: `None` for what cannot be a code (too long, a
/// control character such as NUL), which is "not found" like any other wrong code.
fn plausible(typed: &str) -> Option<&str> {
    let typed = typed.trim();
    let ok = !typed.is_empty()
        && typed.chars().count() <= MAX_TYPED_CHARS
        && !typed.chars().any(char::is_control);
    ok.then_some(typed)
}

/// What the form shows back of a typed code: only a code's characters, short (the page
/// never repeats arbitrary input).
fn echo(typed: &str) -> String {
    let typed = typed.trim();
    if typed.chars().count() <= 20 && typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        typed.to_owned()
    } else {
        String::new()
    }
}

async fn answer(
    state: &AppState,
    lang: Lang,
    session: &Session,
    user: &MaybeUser,
    typed: Option<&str>,
) -> Result<Response, WebError> {
    let chrome = Chrome::visitor(lang, session, user.0.as_ref(), "/verification").await?;
    let levels = level_descriptions(lang);
    let Some(typed) = typed else {
        let page = VerificationPage {
            chrome,
            found: None,
            not_found: false,
            code: String::new(),
            levels,
        };
        return Ok(Html(page.render()?).into_response());
    };
    let found = match plausible(typed) {
        Some(code) => {
            state
                .app
                .verify_certificate_code(code, lang == Lang::En)
                .await?
        }
        None => None,
    };
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let page = VerificationPage {
        chrome,
        not_found: found.is_none(),
        found: found.as_ref().map(|v| CertificateDisplay::of(lang, v)),
        code: echo(typed),
        levels,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /verification` (the form) and `GET /verification?code=…` (its answer).
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Query(query): Query<CodeQuery>,
) -> Result<Response, WebError> {
    answer(&state, lang, &session, &user, query.code.as_deref()).await
}

/// `GET /verification/{code}`: the share link and the PDF's QR code.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    answer(&state, lang, &session, &user, Some(&code)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plausible_codes_are_looked_up_and_only_codes_are_shown_back() {
        assert_eq!(plausible("  p-abcd2345 "), Some("p-abcd2345"));
        assert_eq!(plausible(""), None);
        assert_eq!(plausible("P-AB\0CD"), None);
        assert_eq!(plausible(&"A".repeat(1 << 20)), None);
        assert_eq!(echo("p-abcd2345"), "p-abcd2345");
        assert_eq!(echo("javascript:alert(1)"), "");
        assert_eq!(echo("<b>"), "");
    }
}
