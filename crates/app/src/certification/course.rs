//! The candidate's side of a certification session: joining (the typed identity matched with
//! an enrolment and linked to the account), the instructions, the access code, the wait for
//! the invigilator's authorisation, then the test itself: 32 questions chosen by the IRT
//! engine, answered once each, timers lengthened by the extra time, live alerts.
//!
//! The test's state is never stored: every request replays the stored facts (questions asked,
//! answers, alerts) through [`acquis_core::certification::course::Course`], which decides what
//! comes next and whether an answer is allowed; the writes are conditional, so racing
//! requests (a double click, two tabs) cannot both win. The browser holds a seat secret
//! given when the invigilator's authorisation is used; another browser needs another
//! authorisation, which is how an interrupted test resumes only with the invigilator's leave.

use acquis_core::Challenge;
use acquis_core::answer::{self, AnswerContext, AnswerStatus};
use acquis_core::campaign::reconciliation::BirthDate;
use acquis_core::certification::course::{
    AlertFact, AlertReason, AlertState, AnswerRefusal, AskedQuestion, CandidateFacts,
    CandidateState, Course, CourseRules, EndReason, EntryRefusal, Next, RecordedAnswer,
    candidate_state, check_entry,
};
use acquis_core::certification::matching::{self, Enrolled, Found};
use acquis_core::ids::{CandidateId, SessionId};
use acquis_core::irt::ItemBank;
use acquis_store::{
    AnswerWrite, CandidateRecord, CourseFacts, CourseRecord, NewCourse, Seat, SessionRecord,
    UserRecord,
};
use chrono::{DateTime, Utc};

use crate::App;
use crate::accounts::token;
use crate::certification::CertifError;

/// Milliseconds since the epoch, as the course rules count time.
pub fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn at_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A candidate's enrolment, proven to be the signed-in account's, with its session.
#[derive(Debug, Clone)]
pub struct Candidacy {
    /// The enrolment.
    pub candidate: CandidateRecord,
    /// Its session.
    pub session: SessionRecord,
    /// Its course, once started.
    pub course: Option<CourseRecord>,
}

impl Candidacy {
    /// The enrolment's id.
    pub fn id(&self) -> CandidateId {
        CandidateId::from(self.candidate.id)
    }
}

/// Where the candidate is in the entry steps, for the page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStep {
    /// The instructions are to be read and confirmed.
    Instructions,
    /// The access code is to be typed.
    AccessCode,
    /// Waiting for the invigilator's authorisation (first start or resume).
    Waiting,
    /// Authorised: the candidate may start (or resume) now.
    Authorised,
    /// The test is running in this browser.
    InTest,
    /// The test is over.
    Ended,
}

/// What the test page shows.
#[derive(Debug, Clone)]
pub enum CourseStep {
    /// A question.
    Question(Box<ShownQuestion>),
    /// The test is over.
    Finished,
}

/// The question the candidate is on.
#[derive(Debug, Clone)]
pub struct ShownQuestion {
    /// The challenge (the page shows its public part only).
    pub challenge: Challenge,
    /// Its number, from 1.
    pub number: usize,
    /// Questions in the test.
    pub of: usize,
    /// Seconds left on its timer (extra time included), if timed.
    pub remaining_secs: Option<i64>,
    /// Seconds allowed in all, if timed.
    pub allowed_secs: Option<i64>,
    /// An alert waits for the invigilator: answering is blocked.
    pub alert_pending: bool,
    /// The candidate left the page of this focused challenge.
    pub focused_out: bool,
    /// The content release it is served from.
    pub release_id: i64,
}

/// The course's settings version recorded with every course.
fn rules() -> CourseRules {
    CourseRules::standard()
}

fn end_reason(course: &CourseRecord) -> Option<EndReason> {
    course.end_reason.as_deref().and_then(EndReason::parse)
}

/// The facts of a candidate as the course rules read them (see the module's note on
/// interruptions: a code typed again after the seat was taken asks to resume).
pub fn facts_of(
    candidate: &CandidateRecord,
    course: Option<&CourseRecord>,
    answered: usize,
    pending_alert: bool,
) -> CandidateFacts {
    let mut authorised_at = candidate.authorised_at;
    if let Some(c) = course {
        let asked_to_resume = candidate.code_entered_at.is_some_and(|at| at > c.seated_at);
        if asked_to_resume && authorised_at.is_some_and(|at| at <= c.seated_at) {
            authorised_at = None;
        }
    }
    CandidateFacts {
        present_confirmed_at: candidate.authorised_at.map(ms),
        authorised_at: authorised_at.map(ms),
        authorisation_used: candidate.authorisation_used && authorised_at.is_some(),
        started_at: course.map(|c| ms(c.started_at)),
        ended: course.and_then(end_reason),
        answered,
        pending_alert,
        eligible: candidate.eligible,
    }
}

/// The state of a candidate for the invigilator's list.
pub fn state_of(
    candidate: &CandidateRecord,
    course: Option<&CourseRecord>,
    answered: usize,
    pending_alert: bool,
    now: DateTime<Utc>,
) -> CandidateState {
    if candidate.user_id.is_none() {
        return CandidateState::NotArrived;
    }
    candidate_state(
        &facts_of(candidate, course, answered, pending_alert),
        ms(now),
        &rules(),
    )
}

/// The stored facts of a course as the course rules read them: questions asked, answers
/// and alert facts, in order.
pub(crate) fn core_facts(
    facts: &CourseFacts,
) -> (Vec<AskedQuestion>, Vec<RecordedAnswer>, Vec<AlertFact>) {
    let asked: Vec<AskedQuestion> = facts
        .questions
        .iter()
        .map(|q| AskedQuestion {
            challenge_id: q.challenge_id.clone(),
            skill_id: q.skill_id.clone(),
            asked_at_ms: ms(q.asked_at),
            deadline_ms: q.deadline_at.map(ms),
        })
        .collect();
    let answers: Vec<RecordedAnswer> = facts
        .answers
        .iter()
        .map(|a| RecordedAnswer {
            challenge_id: a.challenge_id.clone(),
            status: AnswerStatus::parse(&a.status).unwrap_or(AnswerStatus::Ko),
            answered_at_ms: ms(a.answered_at),
        })
        .collect();
    let alerts: Vec<AlertFact> = facts
        .alerts
        .iter()
        .map(|a| AlertFact {
            challenge_id: a.challenge_id.clone(),
            state: match a.state.as_str() {
                "PENDING" => AlertState::Pending,
                "VALIDATED" => AlertState::Validated(
                    a.reason
                        .as_deref()
                        .and_then(AlertReason::parse)
                        .unwrap_or(AlertReason::Other),
                ),
                _ => AlertState::Dismissed,
            },
        })
        .collect();
    (asked, answers, alerts)
}

/// How a stored course ended.
pub(crate) fn end_reason_of(course: &CourseRecord) -> Option<EndReason> {
    end_reason(course)
}

/// Replays a course from its facts.
fn replay(bank: &ItemBank, facts: &CourseFacts) -> Course {
    let (asked, answers, alerts) = core_facts(facts);
    let course = Course::replay(
        &rules(),
        bank,
        facts.course.seed as u64,
        &asked,
        &answers,
        &alerts,
    );
    match end_reason(&facts.course) {
        Some(reason) => course.with_end(reason),
        None => course,
    }
}

impl App {
    /// The item bank a course draws from.
    fn course_bank(&self, course: &CourseRecord) -> ItemBank {
        let live = self.live();
        if course.accessible_only {
            ItemBank::accessible_from_framework(&live.framework, &course.locale)
        } else {
            ItemBank::from_framework(&live.framework, &course.locale)
        }
    }

    /// Whether the account's profile allows certification now (5 competences at level 1).
    pub async fn certifiable(&self, user_id: i64) -> Result<bool, CertifError> {
        let cards = crate::evaluations::scorecards(self, user_id)
            .await
            .map_err(|_| CertifError::App(crate::AppError::Internal("scorecards")))?;
        let scores: Vec<_> = cards.into_iter().map(|c| c.score).collect();
        Ok(acquis_core::scoring::certification_eligibility(&scores).is_eligible())
    }

    /// Joins a session as the enrolled candidate the typed identity designates, and links
    /// the enrolment to `user`. `NotFound("session")` for an unknown session,
    /// `SessionClosed` once finalised, `NoMatch` when nobody matches, `LinkedElsewhere` when
    /// the enrolment is another account's.
    pub async fn join_certification(
        &self,
        user: &UserRecord,
        session: SessionId,
        first_name: &str,
        birth_name: &str,
        birthdate: &str,
    ) -> Result<CandidateId, CertifError> {
        let birthdate = BirthDate::parse(birthdate).ok_or(CertifError::NoMatch)?;
        let record = self
            .store
            .certification_session(session.get())
            .await?
            .ok_or(CertifError::NoMatch)?;
        if !record.status().is_open() {
            return Err(CertifError::SessionClosed);
        }
        let candidates = self.store.candidates(record.id).await?;
        let parsed: Vec<Option<BirthDate>> = candidates
            .iter()
            .map(|c| BirthDate::parse(&c.birthdate))
            .collect();
        let enrolled: Vec<(usize, Enrolled<'_>)> = candidates
            .iter()
            .zip(&parsed)
            .enumerate()
            .filter_map(|(i, (c, b))| {
                b.map(|birthdate| {
                    (
                        i,
                        Enrolled {
                            first_name: &c.first_name,
                            birth_name: &c.birth_name,
                            birthdate,
                            linked: c.user_id.is_some(),
                        },
                    )
                })
            })
            .collect();
        let list: Vec<Enrolled<'_>> = enrolled.iter().map(|(_, e)| *e).collect();
        let found = matching::find(first_name, birth_name, birthdate, &list, |j| {
            candidates[enrolled[j].0].user_id == Some(user.id)
        });
        let candidate = match found {
            Found::Candidate(j) => &candidates[enrolled[j].0],
            Found::LinkedElsewhere => return Err(CertifError::LinkedElsewhere),
            Found::Nobody => return Err(CertifError::NoMatch),
        };
        let now = self.now();
        if !self
            .store
            .link_candidate(record.id, candidate.id, user.id, now)
            .await?
        {
            return Err(CertifError::LinkedElsewhere);
        }
        let eligible = self.certifiable(user.id).await?;
        self.store
            .set_candidate_eligibility(candidate.id, eligible)
            .await?;
        self.publish_session(record.id);
        Ok(CandidateId::from(candidate.id))
    }

    /// The enrolments the account has joined, latest first, with their sessions.
    pub async fn my_candidacies(&self, user_id: i64) -> Result<Vec<Candidacy>, CertifError> {
        let mut out = Vec::new();
        for candidate in self.store.candidates_of_user(user_id).await? {
            if let Some(session) = self
                .store
                .certification_session(candidate.session_id)
                .await?
            {
                let course = self.store.course_of_candidate(candidate.id).await?;
                out.push(Candidacy {
                    candidate,
                    session,
                    course,
                });
            }
        }
        Ok(out)
    }

    /// The enrolment `candidate` if it is `user_id`'s; `NotFound` otherwise.
    pub async fn candidacy(
        &self,
        user_id: i64,
        candidate: CandidateId,
    ) -> Result<Candidacy, CertifError> {
        let record = self
            .store
            .candidate(candidate.get())
            .await?
            .filter(|c| c.user_id == Some(user_id))
            .ok_or(CertifError::NotFound("candidate"))?;
        let session = self
            .store
            .certification_session(record.session_id)
            .await?
            .ok_or(CertifError::NotFound("session"))?;
        let course = self.store.course_of_candidate(record.id).await?;
        Ok(Candidacy {
            candidate: record,
            session,
            course,
        })
    }

    /// Where the candidate stands in the entry steps; `seat` is the secret this browser
    /// holds, if any.
    pub fn entry_step(&self, c: &Candidacy, seat: Option<&str>) -> EntryStep {
        if let Some(course) = &c.course {
            if course.ended_at.is_some() {
                return EntryStep::Ended;
            }
            if seat.is_some_and(|s| token::hash(s) == course.seat_hash) {
                return EntryStep::InTest;
            }
        }
        if c.candidate.instructions_at.is_none() {
            return EntryStep::Instructions;
        }
        let code_typed = match (&c.course, c.candidate.code_entered_at) {
            (_, None) => false,
            (Some(course), Some(at)) => at > course.seated_at,
            (None, Some(_)) => true,
        };
        if !code_typed {
            return EntryStep::AccessCode;
        }
        let facts = facts_of(&c.candidate, c.course.as_ref(), 0, false);
        match check_entry(
            &facts,
            c.session.first_started_at.map(ms),
            ms(self.now()),
            &rules(),
        ) {
            Ok(()) => EntryStep::Authorised,
            Err(EntryRefusal::Ended) => EntryStep::Ended,
            Err(_) => EntryStep::Waiting,
        }
    }

    /// The candidate confirmed the instructions.
    pub async fn confirm_instructions(&self, c: &Candidacy) -> Result<(), CertifError> {
        let user = c.candidate.user_id.unwrap_or_default();
        self.store
            .confirm_instructions(c.candidate.id, user, self.now())
            .await?;
        Ok(())
    }

    /// The candidate typed the access code: `WrongCode` unless it is the session's (case and
    /// spaces aside); `SessionClosed` once finalised.
    pub async fn enter_access_code(&self, c: &Candidacy, code: &str) -> Result<(), CertifError> {
        if !c.session.status().is_open() {
            return Err(CertifError::SessionClosed);
        }
        let typed: String = code
            .chars()
            .filter(|ch| !ch.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if typed != c.session.access_code {
            return Err(CertifError::WrongCode);
        }
        let user = c.candidate.user_id.unwrap_or_default();
        let eligible = self.certifiable(user).await?;
        self.store
            .set_candidate_eligibility(c.candidate.id, eligible)
            .await?;
        self.store
            .enter_access_code(c.session.id, c.candidate.id, user, self.now())
            .await?;
        self.publish_session(c.session.id);
        Ok(())
    }

    /// Takes a seat with the invigilator's authorisation: starts the test, or resumes it at
    /// the same question. Returns the seat secret the browser keeps. Refused
    /// (`Entry(..)`) when not eligible, not or no longer authorised, too late, or over.
    pub async fn take_seat(&self, c: &Candidacy, locale: &str) -> Result<String, CertifError> {
        if !c.session.status().is_open() {
            return Err(CertifError::SessionClosed);
        }
        let now = self.now();
        let facts = facts_of(&c.candidate, c.course.as_ref(), 0, false);
        check_entry(
            &facts,
            c.session.first_started_at.map(ms),
            ms(now),
            &rules(),
        )
        .map_err(CertifError::Entry)?;
        let Some(authorised_at) = c.candidate.authorised_at else {
            return Err(CertifError::Entry(EntryRefusal::NotAuthorised));
        };
        let (secret, hash) = token::new_token();
        let live = self.live();
        let rules = rules();
        let new = NewCourse {
            seed: rand::random::<i64>(),
            locale,
            accessible_only: c.candidate.accessibility,
            extra_time_percent: c.candidate.extra_time_percent,
            settings_version: &rules.irt.version,
            release_id: live.release_id,
        };
        let user = c.candidate.user_id.unwrap_or_default();
        match self
            .store
            .take_seat(
                c.session.id,
                c.candidate.id,
                user,
                authorised_at,
                &new,
                &hash,
                now,
            )
            .await?
        {
            Seat::Started(_) | Seat::Resumed(_) => {
                self.publish_session(c.session.id);
                Ok(secret)
            }
            Seat::AuthorisationTaken => Err(CertifError::Entry(EntryRefusal::NotAuthorised)),
        }
    }

    /// The course of `c` if the browser holds its seat; `SeatLost` otherwise (another
    /// browser took it, or the page was opened elsewhere: a new authorisation is needed).
    async fn seated(&self, c: &Candidacy, seat: &str) -> Result<CourseFacts, CertifError> {
        let course = c.course.as_ref().ok_or(CertifError::SeatLost)?;
        if token::hash(seat) != course.seat_hash {
            return Err(CertifError::SeatLost);
        }
        self.store
            .course_facts(course.id)
            .await?
            .ok_or(CertifError::NotFound("course"))
    }

    /// The question the candidate is on (asking the next one when the last is answered), or
    /// `Finished`.
    pub async fn course_step(&self, c: &Candidacy, seat: &str) -> Result<CourseStep, CertifError> {
        let facts = self.seated(c, seat).await?;
        let bank = self.course_bank(&facts.course);
        let mut course = replay(&bank, &facts);
        let now = self.now();
        let live = self.live();
        let question = {
            match course.next() {
                Next::Finished => {
                    if facts.course.ended_at.is_none() {
                        self.store
                            .complete_course(c.session.id, facts.course.id, now)
                            .await?;
                        self.publish_session(c.session.id);
                    }
                    return Ok(CourseStep::Finished);
                }
                Next::Current(q) => q,
                Next::Ask { challenge_id, .. } => {
                    let challenge = live
                        .framework
                        .challenge(&challenge_id)
                        .ok_or(CertifError::NotFound("challenge"))?;
                    let asked = AskedQuestion::new(
                        challenge,
                        ms(now),
                        facts.course.extra_time_percent.max(0) as u32,
                    );
                    self.store
                        .ask_question(
                            facts.course.id,
                            course.asked() as i32,
                            &asked.challenge_id,
                            &asked.skill_id,
                            now,
                            asked.deadline_ms.map(at_ms),
                        )
                        .await?;
                    // Read back: a racing request may have asked first.
                    let facts = self
                        .store
                        .course_facts(facts.course.id)
                        .await?
                        .ok_or(CertifError::NotFound("course"))?;
                    course = replay(&bank, &facts);
                    match course.next() {
                        Next::Current(q) => q,
                        _ => return Err(CertifError::App(crate::AppError::Internal("course"))),
                    }
                }
            }
        };
        let challenge = live
            .framework
            .challenge(&question.challenge_id)
            .ok_or(CertifError::NotFound("challenge"))?
            .clone();
        let focused_out = facts
            .questions
            .iter()
            .any(|q| q.challenge_id == question.challenge_id && q.focused_out);
        let remaining_secs = question.deadline_ms.map(|d| ((d - ms(now)) / 1000).max(0));
        let allowed_secs = question
            .deadline_ms
            .map(|d| (d - question.asked_at_ms) / 1000);
        Ok(CourseStep::Question(Box::new(ShownQuestion {
            challenge,
            number: course.question_number(),
            of: course.rules().length,
            remaining_secs,
            allowed_secs,
            alert_pending: course.alert_pending(),
            focused_out,
            release_id: live.release_id,
        })))
    }

    /// Records the candidate's answer (`raw` as the challenge's form gives it, or the skip
    /// marker) to the current question: refused when it is not the current one, an alert is
    /// open, or the test is over; late answers count as timed out, answers after leaving a
    /// focused challenge as focused out.
    pub async fn answer_course(
        &self,
        c: &Candidacy,
        seat: &str,
        challenge_id: &str,
        raw: &str,
    ) -> Result<(), CertifError> {
        let facts = self.seated(c, seat).await?;
        let bank = self.course_bank(&facts.course);
        let course = replay(&bank, &facts);
        let now = self.now();
        let timing = course
            .check_answer(challenge_id, ms(now))
            .map_err(CertifError::Answer)?;
        let live = self.live();
        let challenge = live
            .framework
            .challenge(challenge_id)
            .ok_or(CertifError::NotFound("challenge"))?;
        let position = facts
            .questions
            .iter()
            .find(|q| q.challenge_id == challenge_id)
            .ok_or(CertifError::Answer(AnswerRefusal::NotCurrent))?;
        let context = AnswerContext {
            elapsed_secs: None,
            left_page: position.focused_out,
        };
        let judged = answer::evaluate(challenge, raw, &context)
            .map_err(|_| CertifError::InvalidAnswer)?
            .status;
        let mut status = timing.status(judged);
        if challenge.focused && position.focused_out && status == AnswerStatus::Ok {
            status = AnswerStatus::Focusedout;
        }
        let completes = course.answered() + 1 >= course.rules().length;
        let value: String = raw.chars().take(2_000).collect();
        match self
            .store
            .record_course_answer(
                c.session.id,
                facts.course.id,
                position.position,
                challenge_id,
                &value,
                status.as_str(),
                completes,
                now,
            )
            .await?
        {
            AnswerWrite::Recorded => {
                self.publish_session(c.session.id);
                Ok(())
            }
            AnswerWrite::Duplicate => Err(CertifError::Answer(AnswerRefusal::NotCurrent)),
            AnswerWrite::AlertOpen => Err(CertifError::Answer(AnswerRefusal::AlertOpen)),
            AnswerWrite::Ended => Err(CertifError::Answer(AnswerRefusal::Ended)),
        }
    }

    /// The candidate left the page of the current focused question.
    pub async fn course_focus_out(
        &self,
        c: &Candidacy,
        seat: &str,
        challenge_id: &str,
    ) -> Result<(), CertifError> {
        let facts = self.seated(c, seat).await?;
        if let Some(q) = facts
            .questions
            .iter()
            .find(|q| q.challenge_id == challenge_id)
        {
            self.store
                .mark_focus_out(facts.course.id, q.position)
                .await?;
        }
        Ok(())
    }

    /// The candidate reports a problem on the current question: answering is blocked until
    /// the invigilator handles it.
    pub async fn report_problem(
        &self,
        c: &Candidacy,
        seat: &str,
        challenge_id: &str,
    ) -> Result<(), CertifError> {
        let facts = self.seated(c, seat).await?;
        let bank = self.course_bank(&facts.course);
        let course = replay(&bank, &facts);
        course
            .check_alert(challenge_id)
            .map_err(CertifError::Alert)?;
        let position = facts
            .questions
            .iter()
            .find(|q| q.challenge_id == challenge_id)
            .map(|q| q.position)
            .ok_or(CertifError::NotFound("question"))?;
        if self
            .store
            .raise_alert(
                c.session.id,
                facts.course.id,
                position,
                challenge_id,
                self.now(),
            )
            .await?
        {
            self.publish_session(c.session.id);
        }
        Ok(())
    }
}
