//! The learner portal's pages (server-rendered, French first, usable without JavaScript).
//!
//! One module per page or URL family: `signup` (`/inscription`), `signin` (`/connexion`,
//! `/deconnexion`), `password` (`/mot-de-passe-oublie`, `/reinitialiser-mot-de-passe`),
//! `account` (`/compte`), `profile` (`/competences`), `evaluation` (`/evaluations/...` and
//! the start/improve/reset actions), `results` (`/competences/{code}/resultats`), `language`
//! (`/langue`), `journeys` (`/mes-parcours`), `tutorials` (`/tutos/{id}`, `/mes-tutos`),
//! `legal` (`/mentions-legales`, `/confidentialite`, `/accessibilite`), `certificates`
//! (`/certifications`: published results, certificates and their downloads), `replay`
//! (`/evaluations/{id}/pourquoi`, `/certifications/{course}/pourquoi`). Every form carries the session's CSRF token, checked before anything else.

pub mod account;
pub mod campaign;
pub mod certificates;
pub mod certification;
pub mod evaluation;
pub mod form;
pub mod journeys;
pub mod language;
pub mod legal;
pub mod password;
pub mod profile;
pub mod replay;
pub mod results;
pub mod signin;
pub mod signup;
pub mod terms;
pub mod tutorials;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::WebError;
use crate::auth::{CurrentUser, csrf};
use crate::i18n::Lang;
use crate::routes::{Access, Limit, Routes};

/// The portal's routes.
pub fn routes() -> Routes {
    use Access::{Public, SignedIn};
    Routes::new()
        .get("/inscription", Public, signup::show)
        .post("/inscription", Public, signup::submit)
        .rate_limited(Limit::Passwords)
        .get("/connexion", Public, signin::show)
        .post("/connexion", Public, signin::submit)
        .rate_limited(Limit::Passwords)
        .post("/deconnexion", Public, signin::sign_out)
        .get("/mot-de-passe-oublie", Public, password::show_request)
        .post("/mot-de-passe-oublie", Public, password::request)
        .rate_limited(Limit::Passwords)
        .get("/reinitialiser-mot-de-passe", Public, password::show_reset)
        .post("/reinitialiser-mot-de-passe", Public, password::reset)
        .rate_limited(Limit::Passwords)
        .get("/compte", SignedIn, account::show)
        .post("/compte/nom", SignedIn, account::change_names)
        .get("/compte/donnees.json", SignedIn, account::download)
        .post("/compte/email", SignedIn, account::change_email)
        .rate_limited(Limit::Passwords)
        .post("/compte/mot-de-passe", SignedIn, account::change_password)
        .rate_limited(Limit::Passwords)
        .post("/compte/supprimer", SignedIn, account::delete)
        .rate_limited(Limit::Passwords)
        .get("/competences", SignedIn, profile::show)
        .get("/certifications", SignedIn, certificates::list)
        .get("/certifications/{course}", SignedIn, certificates::show)
        .get(
            "/certifications/{course}/pourquoi",
            SignedIn,
            replay::course,
        )
        .get(
            "/certifications/{course}/certificat.pdf",
            SignedIn,
            certificates::pdf,
        )
        .get(
            "/certifications/{course}/badge.json",
            SignedIn,
            certificates::badge,
        )
        .get("/certification", SignedIn, certification::index)
        .post("/certification", SignedIn, certification::join)
        .rate_limited(Limit::CampaignCodes)
        .get("/certification/{candidate}", SignedIn, certification::show)
        .get(
            "/certification/{candidate}/etape",
            SignedIn,
            certification::step,
        )
        .post(
            "/certification/{candidate}/consignes",
            SignedIn,
            certification::confirm,
        )
        .post(
            "/certification/{candidate}/code",
            SignedIn,
            certification::code,
        )
        .rate_limited(Limit::CampaignCodes)
        .post(
            "/certification/{candidate}/commencer",
            SignedIn,
            certification::start,
        )
        .get(
            "/certification/{candidate}/test",
            SignedIn,
            certification::test,
        )
        .post(
            "/certification/{candidate}/reponse",
            SignedIn,
            certification::answer,
        )
        .post(
            "/certification/{candidate}/signalement",
            SignedIn,
            certification::report,
        )
        .post(
            "/certification/{candidate}/sortie",
            SignedIn,
            certification::focus_lost,
        )
        .post(
            "/competences/{code}/evaluation",
            SignedIn,
            evaluation::start,
        )
        .post(
            "/competences/{code}/ameliorer",
            SignedIn,
            evaluation::improve,
        )
        .get(
            "/competences/{code}/remise-a-zero",
            SignedIn,
            evaluation::confirm_reset,
        )
        .post(
            "/competences/{code}/remise-a-zero",
            SignedIn,
            evaluation::reset,
        )
        .get("/competences/{code}/resultats", SignedIn, results::show)
        .get("/evaluations/{id}", SignedIn, evaluation::show)
        .post("/evaluations/{id}/reponses", SignedIn, evaluation::answer)
        .post("/evaluations/{id}/sortie", SignedIn, evaluation::focus_lost)
        .post(
            "/evaluations/{id}/chrono",
            SignedIn,
            evaluation::start_clock,
        )
        .get(
            "/evaluations/{id}/point-etape",
            SignedIn,
            evaluation::checkpoint,
        )
        .get("/evaluations/{id}/fin", SignedIn, evaluation::end)
        .get("/evaluations/{id}/pourquoi", SignedIn, replay::assessment)
        .post("/langue", Public, language::switch)
        .get("/conditions-utilisation", Public, terms::show)
        .get("/mentions-legales", Public, legal::notice)
        .get("/confidentialite", Public, legal::privacy)
        .get("/accessibilite", Public, legal::accessibility)
        .get("/mes-parcours", SignedIn, journeys::show)
        .get("/mes-tutos", SignedIn, tutorials::saved)
        .get("/tutos/{id}", Public, tutorials::show)
        .post("/tutos/{id}/enregistrer", SignedIn, tutorials::save)
        .post("/tutos/{id}/retirer", SignedIn, tutorials::remove)
        .get("/campagnes", Public, campaign::show_code)
        .post("/campagnes", Public, campaign::submit_code)
        .rate_limited(Limit::CampaignCodes)
        .get("/campagnes/{code}", Public, campaign::landing)
        .rate_limited(Limit::CampaignCodes)
        .post("/campagnes/{code}/participer", SignedIn, campaign::join)
        .rate_limited(Limit::CampaignCodes)
        .get("/campagnes/{code}/resultats", SignedIn, campaign::results)
        .post("/campagnes/{code}/partager", SignedIn, campaign::share)
}

/// What every page's frame needs: language, CSRF token, who is signed in, a flash message.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// The session's CSRF token for the page's forms.
    pub csrf: String,
    /// The signed-in user's first name.
    pub user_name: Option<String>,
    /// A one-time message from the previous action.
    pub flash: Option<Flash>,
    /// The page's path, for the language switch to come back to.
    pub path: String,
    /// The organisations the signed-in user is a member of (id, name), for the link to the
    /// organisation portal and its switcher.
    pub orgs: Vec<(i64, String)>,
    /// The certification centres the signed-in user is a member of (id, name), for the link
    /// to the certification portal and its switcher.
    pub centres: Vec<(i64, String)>,
    /// Whether the signed-in user is an operator (the link to `/admin`).
    pub operator: bool,
}

/// A one-time message shown on the next page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    /// `success`, `info` or `error`.
    pub kind: String,
    /// The message, already translated.
    pub text: String,
}

const FLASH_KEY: &str = "flash";

impl Chrome {
    /// Builds the frame, taking the pending flash message.
    pub async fn new(
        lang: Lang,
        session: &Session,
        user_name: Option<String>,
        path: &str,
    ) -> Result<Chrome, WebError> {
        let csrf = csrf::token(session).await?;
        let flash = session
            .remove::<Flash>(FLASH_KEY)
            .await
            .map_err(|_| WebError::Internal("session unreadable"))?;
        Ok(Chrome {
            lang,
            csrf,
            user_name,
            flash,
            path: path.to_owned(),
            orgs: Vec::new(),
            centres: Vec::new(),
            operator: false,
        })
    }

    /// Builds the frame of a signed-in user's page.
    pub async fn of(lang: Lang, user: &CurrentUser, path: &str) -> Result<Chrome, WebError> {
        let mut chrome = Chrome::new(
            lang,
            &user.session,
            Some(user.user.first_name.clone()),
            path,
        )
        .await?;
        chrome.orgs = acquis_app::learner::organizations(&user.app, user.user.id).await?;
        chrome.centres = acquis_app::learner::centres(&user.app, user.user.id).await?;
        chrome.operator = acquis_app::learner::is_operator(&user.app, user.user.id).await?;
        Ok(chrome)
    }

    /// Builds the frame of a page anyone may see, signed in or not.
    pub async fn visitor(
        lang: Lang,
        session: &Session,
        user: Option<&CurrentUser>,
        path: &str,
    ) -> Result<Chrome, WebError> {
        match user {
            Some(user) => Chrome::of(lang, user, path).await,
            None => Chrome::new(lang, session, None, path).await,
        }
    }

    /// Whether the page belongs to organisation `id`'s portal (for `aria-current`).
    pub fn in_org(&self, id: &i64) -> bool {
        let prefix = format!("/orga/{id}");
        self.path == prefix || self.path.starts_with(&format!("{prefix}/"))
    }

    /// Whether the page belongs to centre `id`'s portal (for `aria-current`).
    pub fn in_centre(&self, id: &i64) -> bool {
        let prefix = format!("/certif/{id}");
        self.path == prefix || self.path.starts_with(&format!("{prefix}/"))
    }

    /// `page` when the page is `href` or under it, for `aria-current`; else `false`.
    pub fn current(&self, href: &str) -> &'static str {
        if self.path == href || self.path.starts_with(&format!("{href}/")) {
            "page"
        } else {
            "false"
        }
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The page's language code.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The name of the language the switch offers.
    pub fn other_lang_name(&self) -> String {
        self.lang.t("lang-other")
    }

    /// An inline SVG icon (decorative: say the same in text beside it), for `|safe`.
    pub fn icon(&self, name: &str) -> &'static str {
        crate::view::icons::svg(name)
    }

    /// The code of the language the switch offers.
    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }
}

/// Leaves a message for the next page.
pub async fn flash(session: &Session, kind: &str, text: String) -> Result<(), WebError> {
    session
        .insert(
            FLASH_KEY,
            Flash {
                kind: kind.to_owned(),
                text,
            },
        )
        .await
        .map_err(|_| WebError::Internal("session cannot be written"))
}

/// A submitted form as name/value pairs (repeated names kept, as checkboxes need).
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

/// Largest form accepted.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// Longest value of one form field, in characters: far above any text the forms take (each
/// field has its own, smaller limit where it is checked), a bound for the rest.
pub const MAX_FIELD_CHARS: usize = 20_000;

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError::BadRequest("unreadable form".into()))?;
        if bytes.len() > MAX_FORM_BYTES {
            return Err(WebError::BadRequest("form too large".into()));
        }
        let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        // No text anywhere holds a NUL: PostgreSQL cannot store one and no person types one.
        if let Some((name, _)) = fields
            .iter()
            .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(WebError::BadRequest(format!(
                "the field {name:?} holds a NUL character"
            )));
        }
        if let Some((name, _)) = fields
            .iter()
            .find(|(_, v)| v.len() > MAX_FIELD_CHARS && v.chars().count() > MAX_FIELD_CHARS)
        {
            return Err(WebError::BadRequest(format!(
                "the field {name:?} is longer than {MAX_FIELD_CHARS} characters"
            )));
        }
        Ok(Fields(fields))
    }
}

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether a checkbox `name` is ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    /// Checks the form's CSRF token against the session's.
    pub async fn verify(&self, session: &Session) -> Result<(), WebError> {
        csrf::verify(session, self.get("csrf")).await
    }
}

/// Longest return target kept (a path and query of ours is far shorter).
pub const MAX_RETURN_CHARS: usize = 512;

/// A safe place to go back to: a path of this site, never another site. The candidate is
/// parsed as a URL reference against this site and must keep its origin: no scheme, no host
/// (`//evil.example`, `https://evil.example`, `javascript:…`), no backslash (`/\evil`, which
/// browsers read as `//evil`), no control character (browsers drop tabs and newlines, so
/// `/\t/evil` would become `//evil`; CR/LF would split the header; NUL), none of these once
/// percent-decoded either (`/%09/evil.example`), and at most [`MAX_RETURN_CHARS`]. Anything
/// else gives `fallback`.
pub fn local_path(candidate: &str, fallback: &str) -> String {
    if is_local_path(candidate) {
        candidate.to_owned()
    } else {
        fallback.to_owned()
    }
}

fn is_local_path(candidate: &str) -> bool {
    let suspicious = |text: &str| {
        !text.starts_with('/')
            || text.starts_with("//")
            || text.chars().any(|c| c == '\\' || c.is_control())
    };
    if candidate.len() > MAX_RETURN_CHARS || suspicious(candidate) {
        return false;
    }
    let decoded = percent_encoding::percent_decode_str(candidate).decode_utf8_lossy();
    if suspicious(&decoded) {
        return false;
    }
    let Ok(base) = url::Url::parse("http://acquis.invalid/") else {
        return false;
    };
    match base.join(candidate) {
        Ok(target) => {
            target.scheme() == "http"
                && target.host_str() == Some("acquis.invalid")
                && target.port().is_none()
                && target.username().is_empty()
                && target.password().is_none()
        }
        Err(_) => false,
    }
}

/// A redirect to a path of this site built from `target`: [`local_path`] decides (so a
/// target built from input can neither leave the site nor break the `Location` header; such
/// a target sends home instead of failing).
pub fn redirect_to(target: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&local_path(target, "/"))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/competences", "/"), "/competences");
        assert_eq!(
            local_path("/orga/rejoindre?invitation=abc", "/"),
            "/orga/rejoindre?invitation=abc"
        );
        assert_eq!(
            local_path("/tutos/t1?suite=%2Fmes-tutos%3Fa%3D%C3%A9", "/"),
            "/tutos/t1?suite=%2Fmes-tutos%3Fa%3D%C3%A9"
        );
        for attack in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "/a\0b",
            "",
            "/%09/evil.example",
            "/%0d%0aSet-Cookie:x=1",
            "/%5cevil.example",
            "/%2F/evil.example",
            "/\r\nLocation: https://evil.example",
            "http:evil.example",
        ] {
            assert_eq!(local_path(attack, "/"), "/", "{attack:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(1 << 20)), "/"), "/");
    }
}
