//! `/conditions-utilisation`: the terms of use a learner accepts when signing up.

use askama::Template;
use axum::response::Html;
use tower_sessions::Session;

use crate::WebError;
use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::pages::Chrome;

#[derive(Template)]
#[template(path = "terms.html")]
struct TermsPage {
    chrome: Chrome,
}

/// The terms of use.
pub async fn show(lang: Lang, session: Session, user: MaybeUser) -> Result<Html<String>, WebError> {
    let name = user.0.map(|u| u.user.first_name);
    let chrome = Chrome::new(lang, &session, name, "/conditions-utilisation").await?;
    Ok(Html(TermsPage { chrome }.render()?))
}
