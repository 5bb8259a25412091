//! The certification portal under `/certif`: a centre's members, its sessions (creation with
//! an access code and an invigilator password, edit, delete, the attendance sheet and the
//! invigilator kit) — HTTP and HTML only: every rule and every read or write is a use case of
//! `acquis_app::certification`. Every `/certif/{centre}` route first obtains a
//! `CentreMembership` (`App::centre_membership`): a user who is not a member of the centre in
//! the URL gets 404, whatever the id.
//!
//! One module per URL family: `home` (`/certif`, `/certif/{centre}`: the sessions, filtered),
//! `members` (`/certif/{centre}/membres`, `/certif/rejoindre`), `sessions`
//! (`/certif/{centre}/sessions/…`), `candidates` (`…/sessions/{session}/candidats…`),
//! `finalisation` (`…/finalisation`, `…/signalements…`, `…/certificats.pdf`).

pub mod candidates;
pub mod finalisation;
pub mod home;
pub mod invigilation;
pub mod members;
pub mod sessions;

use acquis_app::certification::{
    CentreAdministration, CentreId, CentreMembership, SessionId, SessionRecord, SessionStatus,
};

use crate::auth::CurrentUser;
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// The portal's routes.
pub fn routes() -> Routes {
    use Access::{CentreAdmin, CentreMember, Invigilator, SignedIn};
    Routes::new()
        .get("/certif", SignedIn, home::index)
        .get("/certif/surveillance", SignedIn, invigilation::form)
        .post("/certif/surveillance", SignedIn, invigilation::open)
        .rate_limited(crate::routes::Limit::Passwords)
        .get(
            "/certif/surveillance/{session}",
            Invigilator,
            invigilation::board,
        )
        .get(
            "/certif/surveillance/{session}/liste",
            Invigilator,
            invigilation::list,
        )
        .get(
            "/certif/surveillance/{session}/flux",
            Invigilator,
            invigilation::stream,
        )
        .post(
            "/certif/surveillance/{session}/candidats/{candidate}/autoriser",
            Invigilator,
            invigilation::authorise,
        )
        .get(
            "/certif/surveillance/{session}/candidats/{candidate}/terminer",
            Invigilator,
            invigilation::confirm_end,
        )
        .post(
            "/certif/surveillance/{session}/candidats/{candidate}/terminer",
            Invigilator,
            invigilation::end,
        )
        .post(
            "/certif/surveillance/{session}/alertes/{alert}",
            Invigilator,
            invigilation::handle_alert,
        )
        .get("/certif/rejoindre", SignedIn, members::show_invitation)
        .post("/certif/rejoindre", SignedIn, members::accept)
        .get("/certif/{centre}", CentreMember, home::show)
        .get("/certif/{centre}/membres", CentreMember, members::show)
        .post(
            "/certif/{centre}/membres/invitations",
            CentreAdmin,
            members::invite,
        )
        .post(
            "/certif/{centre}/membres/invitations/{id}/annuler",
            CentreAdmin,
            members::cancel_invitation,
        )
        .post(
            "/certif/{centre}/membres/{user}/role",
            CentreAdmin,
            members::change_role,
        )
        .post(
            "/certif/{centre}/membres/{user}/retirer",
            CentreAdmin,
            members::remove,
        )
        .post("/certif/{centre}/quitter", CentreMember, members::leave)
        .get(
            "/certif/{centre}/sessions/nouvelle",
            CentreMember,
            sessions::new,
        )
        .post("/certif/{centre}/sessions", CentreMember, sessions::create)
        .get(
            "/certif/{centre}/sessions/{session}",
            CentreMember,
            sessions::show,
        )
        .get(
            "/certif/{centre}/sessions/{session}/modifier",
            CentreMember,
            sessions::edit,
        )
        .post(
            "/certif/{centre}/sessions/{session}/modifier",
            CentreMember,
            sessions::update,
        )
        .get(
            "/certif/{centre}/sessions/{session}/supprimer",
            CentreMember,
            sessions::confirm_delete,
        )
        .post(
            "/certif/{centre}/sessions/{session}/supprimer",
            CentreMember,
            sessions::delete,
        )
        .post(
            "/certif/{centre}/sessions/{session}/mot-de-passe",
            CentreMember,
            sessions::new_password,
        )
        .get(
            "/certif/{centre}/sessions/{session}/candidats/nouveau",
            CentreMember,
            candidates::new,
        )
        .post(
            "/certif/{centre}/sessions/{session}/candidats",
            CentreMember,
            candidates::enrol,
        )
        .post(
            "/certif/{centre}/sessions/{session}/candidats/import",
            CentreMember,
            candidates::import,
        )
        .body_limit(candidates::MAX_UPLOAD_BYTES + 1)
        .get(
            "/certif/{centre}/sessions/{session}/candidats/modele.csv",
            CentreMember,
            candidates::template,
        )
        .post(
            "/certif/{centre}/sessions/{session}/candidats/{candidate}/retirer",
            CentreMember,
            candidates::remove,
        )
        .get(
            "/certif/{centre}/sessions/{session}/emargement",
            CentreMember,
            sessions::attendance_sheet,
        )
        .get(
            "/certif/{centre}/sessions/{session}/kit",
            CentreMember,
            sessions::invigilator_kit,
        )
        .get(
            "/certif/{centre}/sessions/{session}/finalisation",
            CentreMember,
            finalisation::show,
        )
        .post(
            "/certif/{centre}/sessions/{session}/finalisation",
            CentreMember,
            finalisation::finalise,
        )
        .post(
            "/certif/{centre}/sessions/{session}/signalements",
            CentreMember,
            finalisation::add_report,
        )
        .post(
            "/certif/{centre}/sessions/{session}/signalements/{report}/supprimer",
            CentreMember,
            finalisation::delete_report,
        )
        .get(
            "/certif/{centre}/sessions/{session}/certificats.pdf",
            CentreMember,
            finalisation::certificates_pdf,
        )
}

/// The caller's membership of `centre`; `NotFound` if they are not a member.
pub async fn require_member(
    state: &AppState,
    user: &CurrentUser,
    centre: CentreId,
) -> Result<CentreMembership, WebError> {
    Ok(state.app.centre_membership(user.user.id, centre).await?)
}

/// The caller's administration of `centre`; `NotFound` for a non-member, `Forbidden` for a
/// member.
pub async fn require_admin(
    state: &AppState,
    user: &CurrentUser,
    centre: CentreId,
) -> Result<CentreAdministration, WebError> {
    Ok(require_member(state, user, centre)
        .await?
        .administration()?)
}

/// A session of the member's centre; `NotFound` if it is another centre's.
pub async fn session_of(
    state: &AppState,
    membership: &CentreMembership,
    session: SessionId,
) -> Result<SessionRecord, WebError> {
    Ok(state.app.session_of(membership, session).await?)
}

/// The centre's navigation, shown on every page of the portal.
#[derive(Debug, Clone)]
pub struct CentreNav {
    /// The centre's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether the caller administers it.
    pub is_admin: bool,
    /// Which entry is the current page (`sessions`, `membres`).
    pub current: &'static str,
}

impl CentreNav {
    /// The navigation of `membership`'s centre, `current` being highlighted.
    pub fn new(membership: &CentreMembership, current: &'static str) -> Self {
        CentreNav {
            id: membership.centre().id,
            name: membership.centre().name.clone(),
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

/// The Fluent key of a live alert reason's label (`certif-alert-reason-image-not-displaying`).
pub fn alert_reason_key(reason: acquis_core::certification::course::AlertReason) -> String {
    format!(
        "certif-alert-reason-{}",
        reason.as_str().to_lowercase().replace('_', "-")
    )
}

/// The Fluent key of a session status's label.
pub fn status_key(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Created => "certif-status-created",
        SessionStatus::Finalised => "certif-status-finalised",
        SessionStatus::InProcess => "certif-status-in-process",
        SessionStatus::Processed => "certif-status-processed",
    }
}
