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
pub(crate) mod charts;
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

use crate::i18n::Lang;
use crate::routes::{Access, Routes};
use guard::Membership;

pub use guard::{Role, require_admin, require_member, role_label_key};

/// The portal's routes.
pub fn routes() -> Routes {
    use Access::{Admin, Member, SignedIn};
    Routes::new()
        .get("/orga", SignedIn, home::index)
        .get("/orga/rejoindre", SignedIn, members::show_invitation)
        .post("/orga/rejoindre", SignedIn, members::accept)
        .get("/orga/{org}", Member, home::show)
        .get("/orga/{org}/membres", Member, members::show)
        .post("/orga/{org}/membres/invitations", Admin, members::invite)
        .post(
            "/orga/{org}/membres/invitations/{id}/annuler",
            Admin,
            members::cancel_invitation,
        )
        .post(
            "/orga/{org}/membres/{user}/role",
            Admin,
            members::change_role,
        )
        .post("/orga/{org}/membres/{user}/retirer", Admin, members::remove)
        .post("/orga/{org}/quitter", Member, members::leave)
        .get("/orga/{org}/apprenants", Member, learners::show)
        .post("/orga/{org}/apprenants", Member, learners::import)
        .body_limit(learners::MAX_UPLOAD_BYTES + 1)
        .get(
            "/orga/{org}/apprenants/modele.csv",
            Member,
            learners::template,
        )
        .get("/orga/{org}/apprenants/{learner}", Member, learners::edit)
        .post("/orga/{org}/apprenants/{learner}", Member, learners::update)
        .get(
            "/orga/{org}/apprenants/{learner}/supprimer",
            Member,
            learners::confirm_delete,
        )
        .post(
            "/orga/{org}/apprenants/{learner}/supprimer",
            Member,
            learners::delete,
        )
        .get("/orga/{org}/profils-cibles", Member, profiles::list)
        .post("/orga/{org}/profils-cibles", Member, profiles::create)
        .get("/orga/{org}/profils-cibles/nouveau", Member, profiles::new)
        .get(
            "/orga/{org}/profils-cibles/{profile}/formations",
            Member,
            trainings::list,
        )
        .post(
            "/orga/{org}/profils-cibles/{profile}/formations",
            Member,
            trainings::create,
        )
        .get(
            "/orga/{org}/profils-cibles/{profile}/formations/nouvelle",
            Member,
            trainings::new,
        )
        .get(
            "/orga/{org}/profils-cibles/{profile}/formations/{training}",
            Member,
            trainings::edit,
        )
        .post(
            "/orga/{org}/profils-cibles/{profile}/formations/{training}",
            Member,
            trainings::update,
        )
        .post(
            "/orga/{org}/profils-cibles/{profile}/formations/{training}/supprimer",
            Member,
            trainings::delete,
        )
        .post("/orga/{org}/campagnes", Member, campaigns::create)
        .get("/orga/{org}/campagnes/nouvelle", Member, campaigns::new)
        .get(
            "/orga/{org}/campagnes/{id}/archiver",
            Member,
            campaigns::confirm_archive,
        )
        .post(
            "/orga/{org}/campagnes/{id}/archiver",
            Member,
            campaigns::archive,
        )
        .post(
            "/orga/{org}/campagnes/{id}/desarchiver",
            Member,
            campaigns::unarchive,
        )
        .get("/orga/{org}/campagnes/{id}", Member, follow_up::show)
        .get(
            "/orga/{org}/campagnes/{id}/relances",
            Member,
            follow_up::confirm_remind,
        )
        .post(
            "/orga/{org}/campagnes/{id}/relances",
            Member,
            follow_up::remind,
        )
        .get("/orga/{org}/campagnes/{id}/analyse", Member, analysis::show)
        .get(
            "/orga/{org}/campagnes/{id}/participants/{participation}",
            Member,
            participant::show,
        )
        .get("/orga/{org}/campagnes/{id}/export.csv", Member, export::csv)
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
