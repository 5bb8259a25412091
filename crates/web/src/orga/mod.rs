//! The organisation portal under `/orga`: members, target profiles, campaigns, follow-up,
//! analysis and exports — HTTP and HTML only: every rule and every read or write is a use case
//! of `acquis_app::organizations`. Every route first obtains a `Membership` (`guard`, through
//! `App::membership`): a user who is not a member of the organisation in the URL gets 404,
//! whatever the id.
//!
//! One module per URL family: `home` (`/orga`, `/orga/{org}`), `members`
//! (`/orga/{org}/membres`, `/orga/rejoindre`), `profiles` (`/orga/{org}/profils-cibles`),
//! `campaigns` (creation, archive), `follow_up` (`/orga/{org}/campagnes/{id}`: participants and
//! reminders), `analysis` (`…/analyse`), `participant` (`…/participants/{id}`), `export`
//! (`…/export.csv`), `learners` (`/orga/{org}/apprenants`: list, import, template, edit,
//! delete), `trainings`
//! (`/orga/{org}/profils-cibles/{profile}/formations`). `guard` checks membership;
//! `target` resolves a campaign's target profile; `table` pages and sorts long tables.

pub mod analysis;
pub mod campaigns;
mod charts;
mod confirm;
pub mod export;
pub mod follow_up;
pub mod guard;
pub mod home;
pub mod learners;
mod learners_csv;
pub mod members;
pub mod participant;
pub mod profiles;
mod table;
pub mod target;
pub mod trainings;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;
use crate::i18n::Lang;
use guard::Membership;

pub use guard::{Role, require_admin, require_member, role_label_key};

/// The portal's routes.
pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/orga", get(home::index))
        .route("/orga/rejoindre", get(members::show_invitation))
        .route("/orga/rejoindre", post(members::accept))
        .route("/orga/{org}", get(home::show))
        .route("/orga/{org}/membres", get(members::show))
        .route("/orga/{org}/membres/invitations", post(members::invite))
        .route(
            "/orga/{org}/membres/invitations/{id}/annuler",
            post(members::cancel_invitation),
        )
        .route(
            "/orga/{org}/membres/{user}/role",
            post(members::change_role),
        )
        .route("/orga/{org}/membres/{user}/retirer", post(members::remove))
        .route("/orga/{org}/quitter", post(members::leave))
        .route("/orga/{org}/apprenants", get(learners::show))
        .route(
            "/orga/{org}/apprenants",
            post(learners::import).layer(DefaultBodyLimit::max(learners::MAX_UPLOAD_BYTES + 1)),
        )
        .route("/orga/{org}/apprenants/modele.csv", get(learners::template))
        .route(
            "/orga/{org}/apprenants/{learner}",
            get(learners::edit).post(learners::update),
        )
        .route(
            "/orga/{org}/apprenants/{learner}/supprimer",
            get(learners::confirm_delete).post(learners::delete),
        )
        .route("/orga/{org}/profils-cibles", get(profiles::list))
        .route("/orga/{org}/profils-cibles", post(profiles::create))
        .route("/orga/{org}/profils-cibles/nouveau", get(profiles::new))
        .route(
            "/orga/{org}/profils-cibles/{profile}/formations",
            get(trainings::list).post(trainings::create),
        )
        .route(
            "/orga/{org}/profils-cibles/{profile}/formations/nouvelle",
            get(trainings::new),
        )
        .route(
            "/orga/{org}/profils-cibles/{profile}/formations/{training}",
            get(trainings::edit).post(trainings::update),
        )
        .route(
            "/orga/{org}/profils-cibles/{profile}/formations/{training}/supprimer",
            post(trainings::delete),
        )
        .route("/orga/{org}/campagnes", post(campaigns::create))
        .route("/orga/{org}/campagnes/nouvelle", get(campaigns::new))
        .route(
            "/orga/{org}/campagnes/{id}/archiver",
            get(campaigns::confirm_archive).post(campaigns::archive),
        )
        .route(
            "/orga/{org}/campagnes/{id}/desarchiver",
            post(campaigns::unarchive),
        )
        .route("/orga/{org}/campagnes/{id}", get(follow_up::show))
        .route(
            "/orga/{org}/campagnes/{id}/relances",
            get(follow_up::confirm_remind).post(follow_up::remind),
        )
        .route("/orga/{org}/campagnes/{id}/analyse", get(analysis::show))
        .route(
            "/orga/{org}/campagnes/{id}/participants/{participation}",
            get(participant::show),
        )
        .route("/orga/{org}/campagnes/{id}/export.csv", get(export::csv))
}

/// The organisation's navigation, shown on every page of the portal.
#[derive(Debug, Clone)]
pub struct OrgNav {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether the caller administers it.
    pub is_admin: bool,
    /// Which entry is the current page (`campagnes`, `membres`, `profils-cibles`, `apprenants`).
    pub current: &'static str,
}

impl OrgNav {
    /// The navigation of `membership`'s organisation, `current` being highlighted.
    pub fn new(membership: &Membership, current: &'static str) -> Self {
        OrgNav {
            id: membership.org().id,
            name: membership.org().name.clone(),
            is_admin: membership.is_admin(),
            current,
        }
    }

    /// `aria-current` for the entry `name`.
    pub fn aria(&self, name: &str) -> &'static str {
        if self.current == name {
            "page"
        } else {
            "false"
        }
    }
}

/// A tube as people read it: its title (an untitled tube reads as its name without `@`),
/// never its internal id.
pub(crate) fn tube_title(framework: &acquis_core::Framework, id: &str) -> String {
    framework
        .tube(id)
        .map(|t| t.title.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| id.trim_start_matches('@').to_string())
}

/// Formats a time's date as the portal shows it: `14/03/2025` in French, `14 Mar 2025` in
/// English (a form no reader takes for the 3rd of February).
pub(crate) fn date(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    day(lang, at.date_naive())
}

fn day(lang: Lang, date: chrono::NaiveDate) -> String {
    match lang {
        Lang::Fr => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// A stored ISO date (`2009-03-14`, birth dates) as the portal shows it; as stored if it is
/// not one.
pub(crate) fn iso_date(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => day(lang, date),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_first_in_french_and_with_the_month_s_name_in_english() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-03-04T10:00:00Z")
            .map(|d| d.with_timezone(&chrono::Utc))
            .unwrap();
        assert_eq!(date(Lang::Fr, at), "04/03/2025");
        assert_eq!(date(Lang::En, at), "4 Mar 2025");
        assert_eq!(iso_date(Lang::Fr, "2009-03-14"), "14/03/2009");
        assert_eq!(iso_date(Lang::Fr, "hier"), "hier");
    }
}
