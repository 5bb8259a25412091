//! `/admin`: the operator's home, what their role lets them do.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::WebError;
use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::Lang;
use crate::pages::Chrome;

#[derive(Template)]
#[template(path = "admin/home.html")]
struct HomePage {
    chrome: Chrome,
    nav: AdminNav,
    role: String,
}

/// The home page.
pub async fn show(lang: Lang, caller: OperatorCaller) -> Result<Response, WebError> {
    let chrome = Chrome::of(lang, &caller.user, "/admin").await?;
    let nav = caller.nav("accueil");
    let role = lang.t(nav.role_key());
    Ok(Html(HomePage { chrome, nav, role }.render()?).into_response())
}
