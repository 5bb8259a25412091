//! Sessions: created by any member of a centre with a fresh access code and invigilator
//! password (shown once, stored hashed), editable and deletable until a candidate starts.

use acquis_core::campaign::code::SessionCode;
use acquis_core::certification::codes::InvigilatorPassword;
use acquis_core::certification::session::{SessionDetails, SessionForm};
use acquis_core::ids::SessionId;
use acquis_store::{NewSession, SessionChange, SessionFilter, SessionRecord, StoreError};

use crate::App;
use crate::accounts::password;
use crate::certification::{CentreMembership, CertifError};

/// Access codes drawn before giving up (there are 4 million of them).
const CODE_ATTEMPTS: usize = 20;

/// A session just created, with its invigilator password in clear: shown to the centre now,
/// never again (only its hash is stored).
#[derive(Debug, Clone)]
pub struct SessionCreated {
    /// The session.
    pub session: SessionRecord,
    /// The invigilator password.
    pub invigilator_password: String,
}

fn stored(details: SessionDetails) -> NewSession {
    NewSession {
        site: details.site,
        room: details.room,
        date: details.date,
        time: details.time,
        examiners: details.examiners,
        description: details.description,
    }
}

/// Maps a refused change to its error.
pub(crate) fn refused<T>(change: SessionChange<T>) -> Result<T, CertifError> {
    match change {
        SessionChange::Done(t) => Ok(t),
        SessionChange::Started => Err(CertifError::SessionStarted),
        SessionChange::Closed => Err(CertifError::SessionClosed),
        SessionChange::Duplicate(_) => Err(CertifError::Conflict("candidate")),
        SessionChange::NotFound => Err(CertifError::NotFound("session")),
    }
}

impl App {
    /// Creates a session of the member's centre: checks the form (every problem at once),
    /// draws an access code (again while one is taken) and an invigilator password, stores
    /// the password's hash.
    pub async fn create_session(
        &self,
        membership: &CentreMembership,
        form: &SessionForm,
    ) -> Result<SessionCreated, CertifError> {
        let details = stored(form.check().map_err(CertifError::InvalidSession)?);
        let accreditations = self
            .store
            .centre_accreditations(membership.id().get())
            .await?;
        if !accreditations.contains(&acquis_core::organization::Accreditation::Core) {
            return Err(CertifError::NotAccredited);
        }
        let password = InvigilatorPassword::generate(&mut rand::rng());
        let hash = password::hash(password.as_str()).await?;
        for _ in 0..CODE_ATTEMPTS {
            let code = SessionCode::generate(&mut rand::rng());
            let created = self
                .store
                .create_certification_session(
                    membership.id().get(),
                    &details,
                    code.as_str(),
                    &hash,
                    self.now(),
                )
                .await;
            match created {
                Ok(session) => {
                    return Ok(SessionCreated {
                        session,
                        invigilator_password: password.as_str().to_string(),
                    });
                }
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CertifError::NoFreeCode)
    }

    /// Draws a new invigilator password for a session that is not finalised (the old one
    /// stops working); the new one is shown once, like the first.
    pub async fn new_invigilator_password(
        &self,
        membership: &CentreMembership,
        session: SessionId,
    ) -> Result<String, CertifError> {
        let password = InvigilatorPassword::generate(&mut rand::rng());
        let hash = password::hash(password.as_str()).await?;
        if self
            .store
            .set_invigilator_hash(membership.id().get(), session.get(), &hash)
            .await?
        {
            Ok(password.as_str().to_string())
        } else {
            self.session_of(membership, session).await?;
            Err(CertifError::SessionClosed)
        }
    }

    /// Changes a session's details; `SessionStarted` once a candidate started,
    /// `SessionClosed` once finalised.
    pub async fn edit_session(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        form: &SessionForm,
    ) -> Result<(), CertifError> {
        let details = stored(form.check().map_err(CertifError::InvalidSession)?);
        refused(
            self.store
                .update_certification_session(membership.id().get(), session.get(), &details)
                .await?,
        )
    }

    /// Deletes a session and its enrolments, under the same conditions as an edit.
    pub async fn delete_session(
        &self,
        membership: &CentreMembership,
        session: SessionId,
    ) -> Result<(), CertifError> {
        refused(
            self.store
                .delete_certification_session(membership.id().get(), session.get())
                .await?,
        )
    }

    /// The centre's sessions that pass `filter`, latest first, each with its number of
    /// candidates.
    pub async fn centre_sessions(
        &self,
        membership: &CentreMembership,
        filter: &SessionFilter,
    ) -> Result<Vec<SessionRecord>, CertifError> {
        Ok(self
            .store
            .centre_sessions(membership.id().get(), filter)
            .await?)
    }
}

/// The form a stored session fills in, for its edit page.
pub fn form_of(session: &SessionRecord) -> SessionForm {
    SessionForm {
        site: session.site.clone(),
        room: session.room.clone(),
        date: session.session_date.clone(),
        time: session.session_time.clone(),
        examiners: session.examiners.clone(),
        description: session.description.clone(),
    }
}
