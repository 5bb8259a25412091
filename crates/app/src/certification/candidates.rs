//! The candidates enrolled in a session, listed for the centre.

use acquis_core::ids::SessionId;
use acquis_store::CandidateRecord;

use crate::App;
use crate::certification::{CentreMembership, CertifError};

impl App {
    /// The candidates of a session of the member's centre, by birth name.
    pub async fn session_candidates(
        &self,
        membership: &CentreMembership,
        session: SessionId,
    ) -> Result<Vec<CandidateRecord>, CertifError> {
        let session = self.session_of(membership, session).await?;
        Ok(self.store.candidates(session.id).await?)
    }
}
