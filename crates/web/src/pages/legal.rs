//! What a public service must publish: `/mentions-legales` (who runs the service),
//! `/confidentialite` (what is collected, why, for how long, the rights and how to use them)
//! and `/accessibilite` (the accessibility statement). Their text, in French and English, lives
//! in the templates (`templates/legal/`): it is a page of prose, not interface messages.

use askama::Template;
use axum::response::Html;
use tower_sessions::Session;

use crate::WebError;
use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::pages::Chrome;

#[derive(Template)]
#[template(path = "legal/notice.html")]
struct NoticePage {
    chrome: Chrome,
}

#[derive(Template)]
#[template(path = "legal/privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
}

#[derive(Template)]
#[template(path = "legal/accessibility.html")]
struct AccessibilityPage {
    chrome: Chrome,
}

/// The legal notice.
pub async fn notice(
    lang: Lang,
    session: Session,
    user: MaybeUser,
) -> Result<Html<String>, WebError> {
    let chrome = Chrome::visitor(lang, &session, user.0.as_ref(), "/mentions-legales").await?;
    Ok(Html(NoticePage { chrome }.render()?))
}

/// The privacy policy.
pub async fn privacy(
    lang: Lang,
    session: Session,
    user: MaybeUser,
) -> Result<Html<String>, WebError> {
    let chrome = Chrome::visitor(lang, &session, user.0.as_ref(), "/confidentialite").await?;
    Ok(Html(PrivacyPage { chrome }.render()?))
}

/// The accessibility statement.
pub async fn accessibility(
    lang: Lang,
    session: Session,
    user: MaybeUser,
) -> Result<Html<String>, WebError> {
    let chrome = Chrome::visitor(lang, &session, user.0.as_ref(), "/accessibilite").await?;
    Ok(Html(AccessibilityPage { chrome }.render()?))
}
