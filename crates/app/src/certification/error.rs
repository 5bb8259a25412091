//! What can go wrong in the certification portal, as stable codes the pages translate.

use acquis_core::certification::candidate::FieldError;
use acquis_core::certification::course::{AlertRefusal, AnswerRefusal, EntryRefusal};
use acquis_core::certification::session::{SessionField, SessionProblem};
use acquis_store::StoreError;

use crate::AppError;

/// A certification use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum CertifError {
    /// The centre, session or candidate does not exist, or the caller may not see it (and
    /// must not learn that it exists).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique value is taken.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The caller is a member but the action is an administrator's.
    #[error("administrators only")]
    NotAdministrator,
    /// The change would leave the centre without an administrator.
    #[error("a centre keeps at least one administrator")]
    LastAdministrator,
    /// Not an email address.
    #[error("invalid email address")]
    InvalidEmail,
    /// The centre's name is empty.
    #[error("a centre has a name")]
    EmptyName,
    /// The centre holds no accreditation for the core certification (withdrawn by the
    /// operator): it cannot plan sessions.
    #[error("the centre is not accredited")]
    NotAccredited,
    /// The invitation was sent to another address than the account's.
    #[error("the invitation is for another email address")]
    InvitationForAnother,
    /// The session form has problems (all of them).
    #[error("the session is not valid")]
    InvalidSession(Vec<(SessionField, SessionProblem)>),
    /// The candidate form has problems (all of them).
    #[error("the candidate is not valid")]
    InvalidCandidate(Vec<FieldError>),
    /// The candidate at this position of the batch repeats an enrolled candidate or an
    /// earlier one (same names and birth date).
    #[error("candidate {0} is already enrolled")]
    DuplicateCandidate(usize),
    /// A session holds at most `MAX_CANDIDATES` candidates.
    #[error("too many candidates")]
    TooManyCandidates,
    /// A candidate has started the test: the session and its candidates are frozen.
    #[error("a candidate has started")]
    SessionStarted,
    /// The session is finalised.
    #[error("the session is finalised")]
    SessionClosed,
    /// No enrolment of the session matches the typed identity (or no such session).
    #[error("no enrolled candidate matches")]
    NoMatch,
    /// The matching enrolment is linked to another account.
    #[error("the enrolment is linked to another account")]
    LinkedElsewhere,
    /// Not the session's access code.
    #[error("wrong access code")]
    WrongCode,
    /// This browser does not hold the test's seat: a new authorisation is needed.
    #[error("the test is open elsewhere")]
    SeatLost,
    /// The candidate may not enter the test now.
    #[error(transparent)]
    Entry(EntryRefusal),
    /// The answer is refused.
    #[error("answer refused: {0:?}")]
    Answer(AnswerRefusal),
    /// The alert is refused.
    #[error("alert refused: {0:?}")]
    Alert(AlertRefusal),
    /// The answer cannot be read for its challenge.
    #[error("unreadable answer")]
    InvalidAnswer,
    /// Wrong invigilator password (or no such session).
    #[error("wrong session number or password")]
    WrongPassword,
    /// Too many wrong invigilator passwords: locked for a while.
    #[error("invigilation locked")]
    InvigilationLocked,
    /// Every access code drawn was taken.
    #[error("no free access code")]
    NoFreeCode,
    /// An issue report or the finalisation form has errors (by field).
    #[error("the report or finalisation has errors")]
    InvalidReport(Vec<acquis_core::certification::finalisation::FieldError>),
    /// Unfinished tests of these candidates have no abort reason.
    #[error("{} unfinished tests have no abort reason", .0.len())]
    MissingAbortReasons(Vec<i64>),
    /// The session cannot be published yet, for these reasons.
    #[error("the session is not publishable")]
    NotPublishable(Vec<crate::certification::publication::Blocker>),
    /// A credential does not verify.
    #[error("the credential does not verify: {0}")]
    Credential(#[from] acquis_credential::VerifyError),
    /// The certificate cannot be rendered or signed.
    #[error("the certificate cannot be produced: {0}")]
    Document(String),
    /// Anything else.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for CertifError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => CertifError::NotFound(what),
            StoreError::Conflict(what) => CertifError::Conflict(what),
            other => CertifError::App(other.into()),
        }
    }
}

impl CertifError {
    /// A stable code for the JSON and HTML layers.
    pub fn code(&self) -> &'static str {
        match self {
            CertifError::NotFound(_) => "not_found",
            CertifError::Conflict(_) => "conflict",
            CertifError::NotAdministrator => "not_administrator",
            CertifError::LastAdministrator => "last_administrator",
            CertifError::InvalidEmail => "invalid_email",
            CertifError::EmptyName => "empty_name",
            CertifError::NotAccredited => "not_accredited",
            CertifError::InvitationForAnother => "invitation_for_another",
            CertifError::InvalidSession(_) => "invalid_session",
            CertifError::InvalidCandidate(_) => "invalid_candidate",
            CertifError::DuplicateCandidate(_) => "duplicate_candidate",
            CertifError::TooManyCandidates => "too_many_candidates",
            CertifError::SessionStarted => "session_started",
            CertifError::SessionClosed => "session_closed",
            CertifError::NoFreeCode => "no_free_code",
            CertifError::InvalidReport(_) => "invalid_report",
            CertifError::MissingAbortReasons(_) => "missing_abort_reasons",
            CertifError::NotPublishable(_) => "not_publishable",
            CertifError::Credential(_) => "credential_refused",
            CertifError::Document(_) => "document_failed",
            CertifError::NoMatch => "no_match",
            CertifError::LinkedElsewhere => "linked_elsewhere",
            CertifError::WrongCode => "wrong_code",
            CertifError::SeatLost => "seat_lost",
            CertifError::Entry(_) => "entry_refused",
            CertifError::Answer(_) => "answer_refused",
            CertifError::Alert(_) => "alert_refused",
            CertifError::InvalidAnswer => "invalid_answer",
            CertifError::WrongPassword => "wrong_password",
            CertifError::InvigilationLocked => "invigilation_locked",
            CertifError::App(e) => e.code(),
        }
    }
}
