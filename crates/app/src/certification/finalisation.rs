//! The centre closes a session: issue reports per candidate while the session is open, then
//! the finalisation itself — an abort reason for every unfinished test (refused without
//! one), the incident boxes and a comment — which enqueues the scoring job in the same
//! transaction. The operator can take a finalisation back while the session is unpublished.

use acquis_core::certification::course::EndReason;
use acquis_core::certification::finalisation::{
    AbortReason, FieldError, FinalisationForm, IssueKind, IssueReportForm,
};
use acquis_core::ids::{CandidateId, SessionId};
use acquis_store::{
    CandidateRecord, CourseRecord, IssueReportRecord, NewIssueReport, SessionFinalisation,
    SessionRecord,
};

use crate::App;
use crate::certification::{CentreMembership, CertifError, Operator};
use crate::jobs::Job;

/// One candidate on the finalisation page.
#[derive(Debug, Clone)]
pub struct FinalisationRow {
    /// The enrolment.
    pub candidate: CandidateRecord,
    /// The course, if the candidate started.
    pub course: Option<CourseRecord>,
    /// Answers given.
    pub answered: usize,
    /// Started and not completed: needs an abort reason.
    pub unfinished: bool,
    /// The reports about this candidate.
    pub reports: Vec<IssueReportRecord>,
}

/// What the finalisation page shows.
#[derive(Debug, Clone)]
pub struct FinalisationView {
    /// The session.
    pub session: SessionRecord,
    /// Its candidates, by birth name.
    pub rows: Vec<FinalisationRow>,
}

/// The issue report of a stored row, if its kind is known.
pub fn report_kind(report: &IssueReportRecord) -> Option<IssueKind> {
    IssueKind::from_stored(&report.category, report.subcategory.as_deref())
}

fn unfinished(course: &CourseRecord) -> bool {
    course.end_reason.as_deref().and_then(EndReason::parse) != Some(EndReason::Completed)
}

impl App {
    /// The candidates of a session with their course, answers and reports.
    pub async fn finalisation_view(
        &self,
        membership: &CentreMembership,
        session: SessionId,
    ) -> Result<FinalisationView, CertifError> {
        let session = self.session_of(membership, session).await?;
        let board = self.store.session_board(session.id).await?;
        let reports = self.store.issue_reports(session.id).await?;
        let rows = board
            .into_iter()
            .map(|row| FinalisationRow {
                unfinished: row.course.as_ref().is_some_and(unfinished),
                reports: reports
                    .iter()
                    .filter(|r| r.candidate_id == row.candidate.id)
                    .cloned()
                    .collect(),
                candidate: row.candidate,
                course: row.course,
                answered: row.answered.max(0) as usize,
            })
            .collect();
        Ok(FinalisationView { session, rows })
    }

    /// Adds an issue report about a candidate of an unfinalised session. `InvalidReport`
    /// names the fields at fault; `SessionClosed` once finalised.
    pub async fn add_issue_report(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        candidate: CandidateId,
        form: &IssueReportForm,
    ) -> Result<i64, CertifError> {
        let record = self.session_of(membership, session).await?;
        let questions = u32::try_from(self.certification_rules().length).unwrap_or(u32::MAX);
        let report = form.check(questions).map_err(CertifError::InvalidReport)?;
        let question_number = report.question.and_then(|q| i32::try_from(q).ok());
        let added = self
            .store
            .add_issue_report(
                record.id,
                NewIssueReport {
                    candidate_id: candidate.get(),
                    category: report.kind.category(),
                    subcategory: report.kind.subcategory(),
                    question_number,
                    description: &report.description,
                },
                self.now(),
            )
            .await?;
        match added {
            Some(id) => Ok(id),
            None if record.finalised_at.is_some() => Err(CertifError::SessionClosed),
            None => match self.store.candidate(candidate.get()).await? {
                Some(c) if c.session_id == record.id => Err(CertifError::SessionClosed),
                _ => Err(CertifError::NotFound("candidate")),
            },
        }
    }

    /// Deletes an issue report of an unfinalised session.
    pub async fn delete_issue_report(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        report: i64,
    ) -> Result<(), CertifError> {
        let record = self.session_of(membership, session).await?;
        if self.store.delete_issue_report(record.id, report).await? {
            Ok(())
        } else if record.finalised_at.is_some() {
            Err(CertifError::SessionClosed)
        } else {
            Err(CertifError::NotFound("issue report"))
        }
    }

    /// Finalises a session: `aborts` gives the abort reason (`candidate` or `technical`)
    /// typed for candidates; every started, uncompleted test must have one
    /// (`MissingAbortReasons` lists the candidates without). Ends those tests, dismisses
    /// pending alerts and enqueues the scoring job, in one transaction; `SessionClosed` if
    /// the session was finalised meanwhile.
    pub async fn finalise_session(
        &self,
        membership: &CentreMembership,
        session: SessionId,
        form: &FinalisationForm,
        aborts: &[(CandidateId, String)],
    ) -> Result<(), CertifError> {
        let view = self.finalisation_view(membership, session).await?;
        if view.session.finalised_at.is_some() {
            return Err(CertifError::SessionClosed);
        }
        let checked = form.check().map_err(CertifError::InvalidReport)?;
        let mut missing = Vec::new();
        let mut reasons: Vec<(i64, &'static str)> = Vec::new();
        let mut bad = Vec::new();
        for row in view.rows.iter().filter(|r| r.unfinished) {
            let Some(course) = &row.course else { continue };
            let typed = aborts
                .iter()
                .find(|(c, _)| c.get() == row.candidate.id)
                .map(|(_, r)| r.trim())
                .filter(|r| !r.is_empty());
            match typed.map(str::parse::<AbortReason>) {
                Some(Ok(reason)) => reasons.push((course.id, reason.as_str())),
                Some(Err(_)) => bad.push(row.candidate.id),
                None => missing.push(row.candidate.id),
            }
        }
        if !bad.is_empty() {
            return Err(CertifError::InvalidReport(vec![FieldError {
                field: "abort_reason",
                code: "unknown",
            }]));
        }
        if !missing.is_empty() {
            return Err(CertifError::MissingAbortReasons(missing));
        }
        let job = Job::ScoreSession {
            session_id: view.session.id,
        }
        .to_new(self.now())?;
        let done = self
            .store
            .finalise_session(
                view.session.id,
                SessionFinalisation {
                    had_incident: checked.had_incident,
                    had_joining_issue: checked.had_joining_issue,
                    comment: checked.comment.as_deref(),
                    aborts: &reasons,
                },
                &job,
                self.now(),
            )
            .await?;
        if !done {
            return Err(CertifError::SessionClosed);
        }
        tracing::info!(
            session = view.session.id,
            aborts = reasons.len(),
            "session finalised"
        );
        self.wake_worker();
        self.publish_session(view.session.id);
        Ok(())
    }

    /// Takes a finalisation back (the operator), audited: the centre may report and finalise
    /// again.
    /// `Conflict("not finalised")` unless the session is finalised and unpublished.
    pub async fn unfinalise_session(
        &self,
        operator: &Operator,
        session: SessionId,
    ) -> Result<(), CertifError> {
        super::operator::require_certification(operator)?;
        let audit = operator.audit(
            acquis_core::operator::AuditAction::SessionUnfinalised,
            acquis_core::operator::AuditTarget::Session(session.get()),
            "",
            self.now(),
        );
        if self.store.unfinalise_session(session.get(), &audit).await? {
            tracing::info!(session = session.get(), "session unfinalised");
            Ok(())
        } else {
            Err(CertifError::Conflict("not finalised or already published"))
        }
    }
}
