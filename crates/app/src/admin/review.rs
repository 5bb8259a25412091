//! Certification review (the operator, `Permission::Certification` for every change, every
//! role reads): the sessions to publish and those needing a person, with why; a session's
//! page (candidates, results, reports with their resolution, live alerts, the finalisation
//! comment, blockers); a person's decision on a report, a question neutralised or restored
//! for one candidate, a certification cancelled or reinstated, the comment marked read.
//!
//! Every change is a fact stored beside the result, never an edit of the result: the
//! candidate's result is recomputed with [`score_reviewed`] (the function the scoring job
//! uses, so a re-score gives the same figures) and stored with the fact and its audit entry
//! in one transaction. Nothing changes once the session is published (unpublish first).
//! Publication itself is [`App::publish_results`] and its siblings.

use acquis_core::certification::review::{QuestionOverride, ReportDecision, check_text};
use acquis_core::certification::scoring::{Resolution, question_at};
use acquis_core::ids::SessionId;
use acquis_core::operator::{AuditAction, AuditTarget, Permission};
use acquis_store::{
    AlertRecord, CancellationRecord, CandidateRecord, CourseRecord, IssueReportRecord,
    ReportDecisionRecord, ResultRecord, ReviewChange, ReviewList, ReviewOutcome, ReviewSessionRow,
    SessionRecord,
};

use crate::App;
use crate::admin::{AdminError, Operator};
use crate::certification::CertifError;
use crate::certification::course::core_facts;
use crate::certification::publication::Blocker;
use crate::certification::scoring::{CourseReview, new_result, score_reviewed};

/// Most sessions one page of a review list shows.
pub const PAGE: u32 = 50;

/// How many times a change is recomputed when another change to the same candidate won the
/// race.
const ATTEMPTS: usize = 8;

/// A session of a review list, with why it waits.
#[derive(Debug, Clone)]
pub struct ReviewSession {
    /// The session, its centre and counts.
    pub row: ReviewSessionRow,
    /// What keeps it from being published (empty: publishable).
    pub blockers: Vec<Blocker>,
}

fn blockers_of(row: &ReviewSessionRow) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    if row.session.finalisation_comment.is_some() && !row.comment_read {
        blockers.push(Blocker::Comment);
    }
    if row.waiting_reports > 0 {
        blockers.push(Blocker::ReportsNeedPerson(
            usize::try_from(row.waiting_reports).unwrap_or(usize::MAX),
        ));
    }
    if row.scoring_errors > 0 {
        blockers.push(Blocker::ScoringErrors(
            usize::try_from(row.scoring_errors).unwrap_or(usize::MAX),
        ));
    }
    blockers
}

async fn list(
    app: &App,
    op: &Operator,
    which: ReviewList,
    after: Option<i64>,
) -> Result<Vec<ReviewSession>, AdminError> {
    op.require(Permission::Read)?;
    Ok(app
        .store
        .review_sessions(which, after, PAGE)
        .await?
        .into_iter()
        .map(|row| ReviewSession {
            blockers: blockers_of(&row),
            row,
        })
        .collect())
}

/// The scored sessions nothing keeps from publication, by number, [`PAGE`] at a time after
/// `after` (no count).
pub async fn sessions_to_publish(
    app: &App,
    op: &Operator,
    after: Option<i64>,
) -> Result<Vec<ReviewSession>, AdminError> {
    list(app, op, ReviewList::Publishable, after).await
}

/// The scored sessions a person must look at first (a comment to read, a report to decide,
/// a scoring error), with the reasons, by number, [`PAGE`] at a time after `after`.
pub async fn sessions_needing_a_person(
    app: &App,
    op: &Operator,
    after: Option<i64>,
) -> Result<Vec<ReviewSession>, AdminError> {
    list(app, op, ReviewList::NeedsPerson, after).await
}

/// A report with how it is resolved.
#[derive(Debug, Clone)]
pub struct ReportReview {
    /// The report.
    pub report: IssueReportRecord,
    /// The rules' resolution (`None` before scoring).
    pub rule: Option<Resolution>,
    /// A person's decision, which wins over the rule.
    pub decision: Option<ReportDecisionRecord>,
}

impl ReportReview {
    /// Whether it still waits for a person.
    pub fn waits(&self) -> bool {
        self.rule == Some(Resolution::NeedsPerson) && self.decision.is_none()
    }
}

/// One question a candidate was asked.
#[derive(Debug, Clone)]
pub struct QuestionReview {
    /// Its number, from 1.
    pub number: u32,
    /// The challenge.
    pub challenge_id: String,
    /// The answer's status (`ok`, `ko`…), if answered.
    pub answer: Option<String>,
    /// Whether the stored result counts it for nothing.
    pub neutralised: bool,
    /// The operator's override, if any.
    pub override_state: Option<QuestionOverride>,
}

/// One candidate of the session under review.
#[derive(Debug, Clone)]
pub struct CandidateReview {
    /// The enrolment.
    pub candidate: CandidateRecord,
    /// The course, if the candidate started.
    pub course: Option<CourseRecord>,
    /// The stored result.
    pub result: Option<ResultRecord>,
    /// The reports about the candidate.
    pub reports: Vec<ReportReview>,
    /// The questions asked, in order.
    pub questions: Vec<QuestionReview>,
    /// The live alerts of the test.
    pub alerts: Vec<AlertRecord>,
    /// The operator's cancellation, if any.
    pub cancellation: Option<CancellationRecord>,
}

/// A session's review page.
#[derive(Debug, Clone)]
pub struct SessionReview {
    /// The session.
    pub session: SessionRecord,
    /// Its centre's name.
    pub centre_name: String,
    /// Its candidates, by birth name.
    pub candidates: Vec<CandidateReview>,
    /// When the finalisation comment was marked read.
    pub comment_read_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What keeps it from being published (empty: publishable).
    pub blockers: Vec<Blocker>,
}

impl SessionReview {
    /// Whether review changes are accepted now (scored, unpublished).
    pub fn open(&self) -> bool {
        self.session.scored_at.is_some() && self.session.published_at.is_none()
    }
}

fn certif(e: CertifError) -> AdminError {
    match e {
        CertifError::NotFound(what) => AdminError::NotFound(what),
        CertifError::NotAdministrator => AdminError::NotAllowed,
        CertifError::App(e) => AdminError::App(e),
        other => AdminError::App(crate::AppError::Internal(match other {
            CertifError::Conflict(_) => "conflict",
            _ => "certification error",
        })),
    }
}

/// Everything the review page of `session` shows; `NotFound` if there is no such session.
pub async fn session_review(
    app: &App,
    op: &Operator,
    session: SessionId,
) -> Result<SessionReview, AdminError> {
    op.require(Permission::Read)?;
    let store = &app.store;
    let record = store
        .certification_session(session.get())
        .await?
        .ok_or(AdminError::NotFound("session"))?;
    let centre_name = store
        .centre(record.centre_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let board = store.session_board(record.id).await?;
    let reports = store.issue_reports(record.id).await?;
    let results = store.session_results(record.id).await?;
    let review = store.session_review_facts(record.id).await?;
    let mut candidates = Vec::with_capacity(board.len());
    for row in board {
        let facts = match &row.course {
            Some(c) => store.course_facts(c.id).await?,
            None => None,
        };
        let result = row
            .course
            .as_ref()
            .and_then(|c| results.iter().find(|r| r.course_id == c.id).cloned());
        let neutralised: Vec<String> = result
            .as_ref()
            .and_then(|r| serde_json::from_str(&r.neutralised).ok())
            .unwrap_or_default();
        let questions = facts
            .as_ref()
            .map(|f| {
                let (asked, _, _) = core_facts(f);
                (1..)
                    .map_while(|n| question_at(&asked, n).map(|q| (n, q.challenge_id.clone())))
                    .map(|(number, challenge_id)| QuestionReview {
                        answer: f
                            .answers
                            .iter()
                            .find(|a| a.challenge_id == challenge_id)
                            .map(|a| a.status.clone()),
                        neutralised: neutralised.contains(&challenge_id),
                        override_state: review
                            .overrides
                            .iter()
                            .find(|o| {
                                o.course_id == f.course.id
                                    && u32::try_from(o.question_number) == Ok(number)
                            })
                            .and_then(|o| o.state.parse().ok()),
                        number,
                        challenge_id,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mine = reports
            .iter()
            .filter(|r| r.candidate_id == row.candidate.id)
            .map(|r| ReportReview {
                rule: r.resolution.as_deref().and_then(Resolution::parse),
                decision: review
                    .decisions
                    .iter()
                    .find(|d| d.report_id == r.id)
                    .cloned(),
                report: r.clone(),
            })
            .collect();
        candidates.push(CandidateReview {
            cancellation: row.course.as_ref().and_then(|c| {
                review
                    .cancellations
                    .iter()
                    .find(|x| x.course_id == c.id)
                    .cloned()
            }),
            alerts: facts.map(|f| f.alerts).unwrap_or_default(),
            candidate: row.candidate,
            course: row.course,
            result,
            reports: mine,
            questions,
        });
    }
    let blockers = app.publication_blockers(&record).await.map_err(certif)?;
    Ok(SessionReview {
        session: record,
        centre_name,
        candidates,
        comment_read_at: review.comment_read_at,
        blockers,
    })
}

/// A review change about one candidate's test, before it is stored.
#[derive(Debug, Clone)]
enum Change {
    Decide {
        report: i64,
        decision: ReportDecision,
        comment: String,
    },
    Override {
        number: u32,
        state: QuestionOverride,
    },
    Cancel {
        reason: String,
    },
    Reinstate,
}

impl Change {
    fn apply_to(&self, review: &mut CourseReview) {
        match self {
            Change::Decide {
                report, decision, ..
            } => {
                review.decisions.retain(|(id, _)| id != report);
                review.decisions.push((*report, *decision));
            }
            Change::Override { number, state } => {
                review.overrides.retain(|(n, _)| n != number);
                review.overrides.push((*number, *state));
            }
            Change::Cancel { .. } => review.cancelled = true,
            Change::Reinstate => review.cancelled = false,
        }
    }

    fn action(&self) -> AuditAction {
        match self {
            Change::Decide { .. } => AuditAction::ReportResolved,
            Change::Override {
                state: QuestionOverride::Neutralised,
                ..
            } => AuditAction::QuestionNeutralised,
            Change::Override { .. } => AuditAction::QuestionRestored,
            Change::Cancel { .. } => AuditAction::CertificationCancelled,
            Change::Reinstate => AuditAction::CertificationReinstated,
        }
    }

    fn detail(&self) -> String {
        match self {
            Change::Decide {
                report, decision, ..
            } => format!("report {report}: {decision}"),
            Change::Override { number, .. } => format!("question {number}"),
            Change::Cancel { reason } => reason.clone(),
            Change::Reinstate => String::new(),
        }
    }

    fn stored(&self) -> ReviewChange<'_> {
        match self {
            Change::Decide {
                report,
                decision,
                comment,
            } => ReviewChange::Decide {
                report_id: *report,
                decision: decision.as_str(),
                comment,
            },
            Change::Override { number, state } => ReviewChange::Override {
                question_number: i32::try_from(*number).unwrap_or(i32::MAX),
                state: state.as_str(),
            },
            Change::Cancel { reason } => ReviewChange::Cancel { reason },
            Change::Reinstate => ReviewChange::Reinstate,
        }
    }
}

/// Stores `change` about `course` with the candidate's recomputed result and its audit
/// entry; `Ok(false)` when it changes nothing. Recomputes when another change to the same
/// candidate committed in between.
async fn review_course(
    app: &App,
    op: &Operator,
    session: SessionId,
    course: i64,
    change: Change,
) -> Result<bool, AdminError> {
    op.require(Permission::Certification)?;
    let store = &app.store;
    for _ in 0..ATTEMPTS {
        let revision = store
            .review_revision(course)
            .await?
            .ok_or(AdminError::NotFound("course"))?;
        let facts = store
            .course_facts(course)
            .await?
            .ok_or(AdminError::NotFound("course"))?;
        if facts.course.session_id != session.get() {
            return Err(AdminError::NotFound("course"));
        }
        let session = store
            .certification_session(facts.course.session_id)
            .await?
            .ok_or(AdminError::NotFound("session"))?;
        if session.published_at.is_some() {
            return Err(AdminError::Conflict("published"));
        }
        if session.scored_at.is_none() {
            return Err(AdminError::Conflict("not_scored"));
        }
        let reports = store.issue_reports(session.id).await?;
        let mine: Vec<&IssueReportRecord> = reports
            .iter()
            .filter(|r| r.candidate_id == facts.course.candidate_id)
            .collect();
        if let Change::Decide {
            report, decision, ..
        } = &change
        {
            let Some(r) = mine.iter().find(|r| r.id == *report) else {
                return Err(AdminError::NotFound("issue report"));
            };
            let (asked, _, _) = core_facts(&facts);
            let names_a_question = r
                .question_number
                .and_then(|q| u32::try_from(q).ok())
                .and_then(|q| question_at(&asked, q))
                .is_some();
            if *decision == ReportDecision::Neutralise && !names_a_question {
                return Err(AdminError::Invalid {
                    field: "decision",
                    code: "no_question",
                });
            }
        }
        if let Change::Override { number, .. } = &change {
            let (asked, _, _) = core_facts(&facts);
            if question_at(&asked, *number).is_none() {
                return Err(AdminError::Invalid {
                    field: "question",
                    code: "no_such_question",
                });
            }
        }
        let stored = store.session_review_facts(session.id).await?;
        let mut review = CourseReview::of(&stored, course, &mine);
        change.apply_to(&mut review);
        let framework = app
            .release_framework(facts.course.release_id)
            .await
            .map_err(certif)?;
        let scored = score_reviewed(&framework, &facts, &mine, &review);
        let result = new_result(&facts.course, &scored.result);
        let detail = change.detail();
        let audit = op.audit(
            change.action(),
            AuditTarget::Course(course),
            &detail,
            app.now(),
        );
        match store
            .apply_review(course, revision, change.stored(), &result, &audit)
            .await?
        {
            ReviewOutcome::Done => {
                tracing::info!(course, action = %change.action(), by = op.by(), "certification reviewed");
                return Ok(true);
            }
            ReviewOutcome::Unchanged => return Ok(false),
            ReviewOutcome::Closed => return Err(AdminError::Conflict("published")),
            ReviewOutcome::Stale => continue,
        }
    }
    Err(AdminError::Conflict("busy"))
}

fn text(field: &'static str, value: &str) -> Result<String, AdminError> {
    check_text(value).map_err(|e| AdminError::Invalid {
        field,
        code: e.code(),
    })
}

/// A person's decision on the report `report` of `session` (it replaces an earlier one):
/// `Neutralise` neutralises the question it names (`Invalid { field: "decision", code:
/// "no_question" }` when it names none that was asked), `NoEffect` changes nothing; the
/// comment (≤ 500 characters, `Invalid { field: "comment" }`) says why. The candidate's
/// result is recomputed. `Conflict("published")` once published.
pub async fn resolve_report(
    app: &App,
    op: &Operator,
    session: SessionId,
    report: i64,
    decision: ReportDecision,
    comment: &str,
) -> Result<bool, AdminError> {
    op.require(Permission::Certification)?;
    let comment = text("comment", comment)?;
    let reports = app.store.issue_reports(session.get()).await?;
    let found = reports
        .iter()
        .find(|r| r.id == report)
        .ok_or(AdminError::NotFound("issue report"))?;
    let course = app
        .store
        .session_board(session.get())
        .await?
        .into_iter()
        .find(|row| row.candidate.id == found.candidate_id)
        .and_then(|row| row.course)
        .ok_or(AdminError::Invalid {
            field: "decision",
            code: "no_test",
        })?;
    review_course(
        app,
        op,
        session,
        course.id,
        Change::Decide {
            report,
            decision,
            comment,
        },
    )
    .await
}

/// Neutralises the question numbered `number` (from 1) of the test `course`: it counts for
/// nothing, whatever the rules said; the result is recomputed.
pub async fn neutralise_question(
    app: &App,
    op: &Operator,
    session: SessionId,
    course: i64,
    number: u32,
) -> Result<bool, AdminError> {
    review_course(
        app,
        op,
        session,
        course,
        Change::Override {
            number,
            state: QuestionOverride::Neutralised,
        },
    )
    .await
}

/// Restores the question numbered `number` of the test `course`: it counts, whatever
/// neutralised it (a rule, a decision, a live alert); the result is recomputed.
pub async fn restore_question(
    app: &App,
    op: &Operator,
    session: SessionId,
    course: i64,
    number: u32,
) -> Result<bool, AdminError> {
    review_course(
        app,
        op,
        session,
        course,
        Change::Override {
            number,
            state: QuestionOverride::Restored,
        },
    )
    .await
}

/// Cancels the certification of the test `course` for `reason` (≤ 500 characters): the
/// result becomes cancelled, without a score. `Ok(false)` if it was cancelled already.
pub async fn cancel_certification(
    app: &App,
    op: &Operator,
    session: SessionId,
    course: i64,
    reason: &str,
) -> Result<bool, AdminError> {
    op.require(Permission::Certification)?;
    let reason = text("reason", reason)?;
    review_course(app, op, session, course, Change::Cancel { reason }).await
}

/// Takes an operator's cancellation back: the result is what the facts give again.
/// `Ok(false)` if it was not cancelled by an operator.
pub async fn reinstate_certification(
    app: &App,
    op: &Operator,
    session: SessionId,
    course: i64,
) -> Result<bool, AdminError> {
    review_course(app, op, session, course, Change::Reinstate).await
}

/// Marks the session's finalisation comment read, which lifts the `Comment` blocker;
/// `Ok(false)` when it was read already or there is none; `Conflict("published")` once
/// published.
pub async fn mark_comment_read(
    app: &App,
    op: &Operator,
    session: SessionId,
) -> Result<bool, AdminError> {
    op.require(Permission::Certification)?;
    let record = app
        .store
        .certification_session(session.get())
        .await?
        .ok_or(AdminError::NotFound("session"))?;
    if record.published_at.is_some() {
        return Err(AdminError::Conflict("published"));
    }
    let audit = op.audit(
        AuditAction::SessionCommentRead,
        AuditTarget::Session(record.id),
        "",
        app.now(),
    );
    Ok(app.store.mark_comment_read(record.id, &audit).await?)
}
