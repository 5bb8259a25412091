//! The confirmation step before an action that cannot be taken back lightly (archiving a
//! campaign, mailing reminders, deleting a learner): a page of its own, reached by a link,
//! whose form posts the action — so it works without JavaScript and a stray click never acts.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::WebError;
use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::orga::OrgNav;
use crate::orga::guard::Membership;
use crate::pages::Chrome;

/// What the confirmation page says.
pub struct Confirm {
    /// The question ("Archiver la campagne … ?").
    pub title: String,
    /// What happens.
    pub message: String,
    /// The confirming button's text.
    pub confirm: String,
    /// Whether the action removes something (a red button).
    pub danger: bool,
    /// Where "Annuler" goes back to.
    pub back: String,
}

#[derive(Template)]
#[template(path = "orga/confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    nav: OrgNav,
    c: Confirm,
    action: String,
}

impl Confirm {
    /// The page, whose form posts to `action` (also the page's own path).
    pub async fn page(
        self,
        lang: Lang,
        user: &CurrentUser,
        membership: &Membership,
        section: &'static str,
        action: String,
    ) -> Result<Response, WebError> {
        let page = ConfirmPage {
            chrome: Chrome::of(lang, user, &action).await?,
            nav: OrgNav::new(membership, section),
            c: self,
            action,
        };
        Ok(Html(page.render()?).into_response())
    }
}
