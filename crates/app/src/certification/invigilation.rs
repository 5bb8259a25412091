//! The invigilator's side: any signed-in account opens one session with its number and the
//! invigilator password (locked for a while after repeated failures, whatever the caller's
//! address), then sees the live board of its candidates and acts: authorise a start or a
//! resume, end a test, validate or dismiss a live alert.

use acquis_core::certification::course::{AlertReason, CandidateState, EndReason};
use acquis_core::ids::{AlertId, CandidateId, SessionId};
use acquis_store::{AlertRecord, BoardRow, CandidateRecord, CourseRecord, SessionRecord};
use chrono::{DateTime, Duration, Utc};

use crate::App;
use crate::accounts::password;
use crate::certification::CertifError;
use crate::certification::course::state_of;

/// Wrong passwords before the session's invigilation locks.
pub const MAX_FAILURES: i32 = 10;

/// How long it stays locked.
pub const LOCK_MINUTES: i64 = 15;

/// Proof that the caller typed the session's invigilator password (the web layer keeps it
/// in the browser's session); scoped to that one session.
#[derive(Debug, Clone)]
pub struct Invigilation {
    session: SessionRecord,
}

impl Invigilation {
    /// The session invigilated.
    pub fn session(&self) -> &SessionRecord {
        &self.session
    }

    /// Its id.
    pub fn id(&self) -> SessionId {
        SessionId::from(self.session.id)
    }
}

/// One candidate on the live board.
#[derive(Debug, Clone)]
pub struct BoardEntry {
    /// The enrolment.
    pub candidate: CandidateRecord,
    /// The course, once started.
    pub course: Option<CourseRecord>,
    /// Where the candidate stands.
    pub state: CandidateState,
    /// The alert waiting for the invigilator.
    pub pending_alert: Option<AlertRecord>,
    /// When the test's time is up, extra time included (the course's start plus the
    /// session's nominal duration, lengthened).
    pub theoretical_end: Option<DateTime<Utc>>,
}

/// The nominal duration of a certification test, before extra time.
pub const NOMINAL_MINUTES: i64 = 105;

impl App {
    /// Opens session `session`'s invigilation with `typed` password: `WrongPassword` for an
    /// unknown session or a wrong password (the same answer), `InvigilationLocked` after
    /// [`MAX_FAILURES`] wrong ones, `SessionClosed` once finalised.
    pub async fn open_invigilation(
        &self,
        session: SessionId,
        typed: &str,
    ) -> Result<Invigilation, CertifError> {
        let now = self.now();
        let Some(gate) = self.store.invigilator_gate(session.get()).await? else {
            // Spend the same time as a check, so timing says nothing of the session.
            let _ = password::verify(&password::DUMMY_HASH, typed).await;
            return Err(CertifError::WrongPassword);
        };
        if gate
            .invigilator_locked_until
            .is_some_and(|until| until > now)
        {
            return Err(CertifError::InvigilationLocked);
        }
        if !password::verify(&gate.invigilator_hash, typed.trim()).await {
            let locked = self
                .store
                .invigilator_failed(gate.id, MAX_FAILURES, now + Duration::minutes(LOCK_MINUTES))
                .await?;
            return Err(if locked {
                CertifError::InvigilationLocked
            } else {
                CertifError::WrongPassword
            });
        }
        if gate.finalised_at.is_some() {
            return Err(CertifError::SessionClosed);
        }
        self.store.invigilator_succeeded(gate.id).await?;
        self.invigilation(session).await
    }

    /// The invigilation of a session already opened by this browser: `SessionClosed` once it
    /// is finalised.
    pub async fn invigilation(&self, session: SessionId) -> Result<Invigilation, CertifError> {
        let record = self
            .store
            .certification_session(session.get())
            .await?
            .ok_or(CertifError::NotFound("session"))?;
        if !record.status().is_open() {
            return Err(CertifError::SessionClosed);
        }
        Ok(Invigilation { session: record })
    }

    /// The live board: every candidate with their state, pending alerts first, then those
    /// who need attention, then by name.
    pub async fn board(&self, inv: &Invigilation) -> Result<Vec<BoardEntry>, CertifError> {
        let now = self.now();
        let rows = self.store.session_board(inv.session.id).await?;
        let mut entries: Vec<BoardEntry> = rows
            .into_iter()
            .map(|row: BoardRow| {
                let state = state_of(
                    &row.candidate,
                    row.course.as_ref(),
                    row.answered.max(0) as usize,
                    row.pending_alert.is_some(),
                    now,
                );
                let theoretical_end = row.course.as_ref().map(|c| {
                    let extra = i64::from(row.candidate.extra_time_percent.max(0));
                    c.started_at + Duration::seconds(NOMINAL_MINUTES * 60 * (100 + extra) / 100)
                });
                BoardEntry {
                    candidate: row.candidate,
                    course: row.course,
                    state,
                    pending_alert: row.pending_alert,
                    theoretical_end,
                }
            })
            .collect();
        entries.sort_by_key(|e| e.state.list_rank());
        Ok(entries)
    }

    fn candidate_of(
        board: &[BoardEntry],
        candidate: CandidateId,
    ) -> Result<&BoardEntry, CertifError> {
        board
            .iter()
            .find(|e| e.candidate.id == candidate.get())
            .ok_or(CertifError::NotFound("candidate"))
    }

    /// Confirms the candidate's presence: an authorisation to start (or resume) for the
    /// next 15 minutes. Refused for a candidate not eligible or whose test is over.
    pub async fn authorise(
        &self,
        inv: &Invigilation,
        candidate: CandidateId,
    ) -> Result<(), CertifError> {
        let board = self.board(inv).await?;
        let entry = Self::candidate_of(&board, candidate)?;
        if entry.candidate.user_id.is_none() {
            return Err(CertifError::NotFound("candidate"));
        }
        if !entry.state.may_authorise() {
            return Err(CertifError::Conflict("authorisation"));
        }
        self.store
            .authorise_candidate(inv.session.id, candidate.get(), self.now())
            .await?;
        self.publish_session(inv.session.id);
        Ok(())
    }

    /// Ends the candidate's test.
    pub async fn end_test(
        &self,
        inv: &Invigilation,
        candidate: CandidateId,
    ) -> Result<(), CertifError> {
        let done = self
            .store
            .end_course(
                inv.session.id,
                candidate.get(),
                EndReason::EndedByInvigilator.as_str(),
                self.now(),
            )
            .await?;
        if !done {
            return Err(CertifError::NotFound("running test"));
        }
        self.publish_session(inv.session.id);
        Ok(())
    }

    /// Validates (with a reason: the candidate gets another question, never of that skill
    /// again) or dismisses (`None`: the candidate answers the same question) a pending
    /// alert of the session.
    pub async fn handle_alert(
        &self,
        inv: &Invigilation,
        alert: AlertId,
        reason: Option<AlertReason>,
    ) -> Result<(), CertifError> {
        let done = self
            .store
            .handle_alert(
                inv.session.id,
                alert.get(),
                reason.map(AlertReason::as_str),
                self.now(),
            )
            .await?;
        if !done {
            return Err(CertifError::NotFound("pending alert"));
        }
        self.publish_session(inv.session.id);
        Ok(())
    }
}
