//! The candidates enrolled in a session: listed for the centre, enrolled one by one (the
//! form, every field checked) or by file (parsed by the caller, every row checked), all or
//! none in one transaction with a convocation mail queued for each candidate who has an
//! address; removed until a candidate starts.

use acquis_core::certification::candidate::{Birthplace, Candidate, CandidateForm};
use acquis_core::ids::{CandidateId, SessionId};
use acquis_store::{CandidateRecord, NewCandidate};

use crate::certification::sessions::refused;
use crate::certification::{CentreMembership, CertifError};
use crate::{App, Letter};

/// Most candidates in one session.
pub const MAX_CANDIDATES: usize = 5_000;

/// What the store keeps of a checked candidate.
fn stored(c: &Candidate) -> NewCandidate {
    let (born_in_france, insee, postal, city, country) = match &c.birthplace {
        Birthplace::Insee { code } => (true, Some(code.clone()), None, None, None),
        Birthplace::PostalCode { code, city } => {
            (true, None, Some(code.clone()), Some(city.clone()), None)
        }
        Birthplace::Abroad { country, city } => {
            (false, None, None, Some(city.clone()), Some(country.clone()))
        }
    };
    NewCandidate {
        birth_name: c.birth_name.clone(),
        first_name: c.first_name.clone(),
        sex: c.sex.as_str().to_string(),
        birthdate: c.birthdate.iso(),
        born_in_france,
        birth_insee: insee,
        birth_postal_code: postal,
        birth_city: city,
        birth_country: country,
        convocation_email: c.convocation_email.clone(),
        results_email: c.results_email.clone(),
        external_id: c.external_id.clone(),
        extra_time_percent: i32::from(c.extra_time_percent),
        accessibility: c.accessibility,
        billing_mode: c.billing.as_ref().map(|b| b.mode.as_str().to_string()),
        prepayment_code: c.billing.as_ref().and_then(|b| b.prepayment_code.clone()),
        duplicate_key: c.duplicate_key(),
    }
}

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

    /// Today, as a birth date compares with it.
    pub fn today(&self) -> acquis_core::campaign::reconciliation::BirthDate {
        let day = self.now().date_naive();
        acquis_core::campaign::reconciliation::BirthDate::parse(&day.to_string())
            .unwrap_or_else(unreachable_today)
    }

    /// Enrols one candidate from the form: every problem at once (`InvalidCandidate`),
    /// `Conflict` for a duplicate, `SessionStarted` once a candidate started.
    pub async fn enrol_candidate(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        form: &CandidateForm,
        locale: &str,
    ) -> Result<CandidateId, CertifError> {
        self.session_of(membership, session).await?;
        let candidate = form
            .check(membership.centre().kind, self.today())
            .map_err(CertifError::InvalidCandidate)?;
        let ids = self
            .enrol_candidates(membership, session, &[candidate], locale)
            .await?;
        ids.into_iter()
            .next()
            .ok_or(CertifError::NotFound("candidate"))
    }

    /// Enrols checked candidates (a file's rows), all or none, with their convocation mails
    /// (in `locale`): `DuplicateCandidate(i)` when the `i`-th repeats an enrolled candidate
    /// or an earlier one, `SessionStarted` once a candidate started, `SessionClosed` once
    /// finalised, `TooManyCandidates` beyond [`MAX_CANDIDATES`].
    pub async fn enrol_candidates(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        candidates: &[Candidate],
        locale: &str,
    ) -> Result<Vec<CandidateId>, CertifError> {
        let record = self.session_of(membership, session).await?;
        if record.candidate_count.max(0) as usize + candidates.len() > MAX_CANDIDATES {
            return Err(CertifError::TooManyCandidates);
        }
        let link = format!("{}/certification", self.settings().public_url);
        let mut jobs = Vec::new();
        for c in candidates {
            let Some(to) = &c.convocation_email else {
                continue;
            };
            let letter = Letter::Convocation {
                name: c.first_name.clone(),
                centre: membership.centre().name.clone(),
                session: record.id,
                date: record.session_date.clone(),
                time: record.session_time.clone(),
                place: format!("{}, {}", record.site, record.room),
                link: link.clone(),
            };
            jobs.push(self.mail_job(to, locale, &letter)?);
        }
        let rows: Vec<NewCandidate> = candidates.iter().map(stored).collect();
        let change = self
            .store
            .enrol_candidates(membership.id().get(), record.id, &rows, &jobs, self.now())
            .await?;
        if let acquis_store::SessionChange::Duplicate(i) = change {
            return Err(CertifError::DuplicateCandidate(i));
        }
        let ids = refused(change)?;
        if !jobs.is_empty() {
            self.wake_worker();
        }
        Ok(ids.into_iter().map(CandidateId::from).collect())
    }

    /// Removes a candidate from a session, until a candidate starts.
    pub async fn remove_candidate(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        candidate: CandidateId,
    ) -> Result<(), CertifError> {
        refused(
            self.store
                .remove_candidate(membership.id().get(), session.get(), candidate.get())
                .await?,
        )
    }
}

#[cold]
fn unreachable_today() -> acquis_core::campaign::reconciliation::BirthDate {
    // A date the clock gives always parses; should it not, nothing is born after 2100.
    acquis_core::campaign::reconciliation::BirthDate::parse("2100-12-31")
        .expect("a fixed valid date")
}
