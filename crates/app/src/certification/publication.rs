//! Publishing a scored session's results (the operator): one session, or every publishable
//! one at once. A session is publishable when it is scored, has no finalisation comment, no
//! issue report still waiting for a person and no result that could not be computed.
//! Publishing mails each results recipient (job queue, same transaction); a publication can
//! be taken back. Each publication and unpublication commits with its audit entry.

use acquis_core::certification::scoring::Resolution;
use acquis_core::ids::SessionId;
use acquis_core::operator::{AuditAction, AuditTarget};
use acquis_store::{NewJob, SessionRecord};
use serde::Serialize;

use crate::certification::{CertifError, Operator};
use crate::{App, Letter};

/// Why a session cannot be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "reason", content = "count", rename_all = "snake_case")]
pub enum Blocker {
    /// The centre has not finalised it.
    NotFinalised,
    /// The scoring job has not run yet.
    NotScored,
    /// It is published already.
    Published,
    /// The centre left a comment: a person reads it first (and says so).
    Comment,
    /// Issue reports wait for a person's decision.
    ReportsNeedPerson(usize),
    /// Results could not be computed.
    ScoringErrors(usize),
}

impl Blocker {
    /// A stable code, for messages.
    pub fn code(self) -> &'static str {
        match self {
            Blocker::NotFinalised => "not_finalised",
            Blocker::NotScored => "not_scored",
            Blocker::Published => "published",
            Blocker::Comment => "comment",
            Blocker::ReportsNeedPerson(_) => "reports_need_person",
            Blocker::ScoringErrors(_) => "scoring_errors",
        }
    }
}

/// What a bulk publication did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublicationReport {
    /// Sessions published.
    pub published: Vec<i64>,
    /// Sessions left, with why.
    pub skipped: Vec<(i64, Vec<Blocker>)>,
}

impl App {
    /// Why the session cannot be published (empty: it can).
    pub async fn publication_blockers(
        &self,
        session: &SessionRecord,
    ) -> Result<Vec<Blocker>, CertifError> {
        let mut blockers = Vec::new();
        if session.published_at.is_some() {
            blockers.push(Blocker::Published);
        }
        if session.finalised_at.is_none() {
            blockers.push(Blocker::NotFinalised);
            return Ok(blockers);
        }
        if session.scored_at.is_none() {
            blockers.push(Blocker::NotScored);
        }
        let review = self.store.session_review_facts(session.id).await?;
        if session.finalisation_comment.is_some() && review.comment_read_at.is_none() {
            blockers.push(Blocker::Comment);
        }
        let waiting = self
            .store
            .issue_reports(session.id)
            .await?
            .iter()
            .filter(|r| {
                r.resolution.as_deref().and_then(Resolution::parse) == Some(Resolution::NeedsPerson)
                    && !review.decisions.iter().any(|d| d.report_id == r.id)
            })
            .count();
        if waiting > 0 {
            blockers.push(Blocker::ReportsNeedPerson(waiting));
        }
        let errors = self
            .store
            .session_results(session.id)
            .await?
            .iter()
            .filter(|r| r.status == "error")
            .count();
        if errors > 0 {
            blockers.push(Blocker::ScoringErrors(errors));
        }
        Ok(blockers)
    }

    /// The results mails of a session: one per candidate with a result and a results
    /// recipient.
    async fn results_mails(&self, session: &SessionRecord) -> Result<Vec<NewJob>, CertifError> {
        let centre = self
            .store
            .centre(session.centre_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let results = self.store.session_results(session.id).await?;
        let candidates = self.store.candidates(session.id).await?;
        let link = format!(
            "{}/certifications",
            self.settings.public_url.trim_end_matches('/')
        );
        let mut jobs = Vec::new();
        for candidate in &candidates {
            let has_result = results
                .iter()
                .any(|r| Some(r.user_id) == candidate.user_id && r.status != "error");
            let Some(to) = candidate.results_email.as_deref().filter(|_| has_result) else {
                continue;
            };
            let letter = Letter::CertificationResults {
                name: format!("{} {}", candidate.first_name, candidate.birth_name),
                centre: centre.clone(),
                date: session.session_date.clone(),
                link: link.clone(),
            };
            jobs.push(self.mail_job(to, "fr", &letter)?);
        }
        Ok(jobs)
    }

    /// Publishes one session's results, with their mails. `NotPublishable` says why not.
    pub async fn publish_results(
        &self,
        operator: &Operator,
        session: SessionId,
    ) -> Result<(), CertifError> {
        super::operator::require_certification(operator)?;
        let record = self
            .store
            .certification_session(session.get())
            .await?
            .ok_or(CertifError::NotFound("session"))?;
        let blockers = self.publication_blockers(&record).await?;
        if !blockers.is_empty() {
            return Err(CertifError::NotPublishable(blockers));
        }
        let jobs = self.results_mails(&record).await?;
        let detail = format!("{} mails", jobs.len());
        let audit = operator.audit(
            AuditAction::ResultsPublished,
            AuditTarget::Session(record.id),
            &detail,
            self.now(),
        );
        if !self
            .store
            .publish_session(record.id, &jobs, &audit, self.now())
            .await?
        {
            return Err(CertifError::NotPublishable(vec![Blocker::Published]));
        }
        tracing::info!(
            session = record.id,
            mails = jobs.len(),
            by = operator.by(),
            "results published"
        );
        self.wake_worker();
        Ok(())
    }

    /// Publishes every publishable session; says which were left and why.
    pub async fn publish_all_results(
        &self,
        operator: &Operator,
    ) -> Result<PublicationReport, CertifError> {
        super::operator::require_certification(operator)?;
        let mut report = PublicationReport::default();
        for id in self.store.scored_unpublished_sessions().await? {
            match self.publish_results(operator, SessionId::from(id)).await {
                Ok(()) => report.published.push(id),
                Err(CertifError::NotPublishable(blockers)) => report.skipped.push((id, blockers)),
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Takes a session's publication back: its certificates stop verifying (their status
    /// bits are set) until it is published again.
    pub async fn unpublish_results(
        &self,
        operator: &Operator,
        session: SessionId,
    ) -> Result<(), CertifError> {
        super::operator::require_certification(operator)?;
        let audit = operator.audit(
            AuditAction::ResultsUnpublished,
            AuditTarget::Session(session.get()),
            "",
            self.now(),
        );
        if self.store.unpublish_session(session.get(), &audit).await? {
            tracing::info!(
                session = session.get(),
                by = operator.by(),
                "results unpublished"
            );
            Ok(())
        } else {
            Err(CertifError::Conflict("not published"))
        }
    }
}
