//! The scoring job of a finalised session: for each course, the issue reports resolved by
//! rule, then the result computed by `core::certification::scoring` from the stored facts,
//! against the content release and the settings version the test ran under; all the
//! session's results and resolutions are stored in one transaction. Running it again gives
//! the same figures (the verification codes drawn the first time are kept). The operator's
//! review (decisions on reports, question overrides, cancellations) is read as facts too,
//! by the same function the review's recomputation uses.

use std::collections::HashMap;

use acquis_core::Framework;
use acquis_core::certification::course::CourseRules;
use acquis_core::certification::finalisation::IssueKind;
use acquis_core::certification::review::{self, QuestionOverride, ReportDecision};
use acquis_core::certification::scoring::{
    CertificationResult, CertificationStatus, ChallengeTraits, Resolution, ResultError,
    ScoringInput, resolve_report, score_course,
};
use acquis_core::certification::verification::VerificationCode;
use acquis_core::irt::{IrtConfig, ItemBank};
use acquis_store::{CourseFacts, CourseRecord, IssueReportRecord, NewResult, SessionReviewFacts};
use rand::RngCore;

use crate::App;
use crate::certification::CertifError;
use crate::certification::course::{core_facts, end_reason_of};

/// The framework a course ran against: the live snapshot or an earlier stored release.
#[derive(Debug, Clone)]
pub(crate) enum ReleaseFramework {
    /// The live release.
    Live(std::sync::Arc<crate::content::LiveContent>),
    /// An earlier release, read from the store.
    Stored(std::sync::Arc<Framework>),
}

impl std::ops::Deref for ReleaseFramework {
    type Target = Framework;

    fn deref(&self) -> &Framework {
        match self {
            ReleaseFramework::Live(live) => &live.framework,
            ReleaseFramework::Stored(framework) => framework,
        }
    }
}

/// The course rules of a settings version, if this build knows it.
pub fn rules_for(version: &str) -> Option<CourseRules> {
    let irt = IrtConfig::by_version(version)?;
    Some(CourseRules {
        length: irt.test_length,
        min_answers: irt.min_answers,
        irt,
        ..CourseRules::standard()
    })
}

/// A course's result as computed, with the resolution of its reports.
#[derive(Debug, Clone)]
pub struct CourseScoring {
    /// The result, or why it cannot be computed.
    pub result: Result<CertificationResult, String>,
    /// Each report of the candidate with its resolution.
    pub resolutions: Vec<(i64, Resolution)>,
}

/// The item bank of a course, from the framework of its release.
pub(crate) fn bank_of(framework: &Framework, course: &CourseRecord) -> ItemBank {
    if course.accessible_only {
        ItemBank::accessible_from_framework(framework, &course.locale)
    } else {
        ItemBank::from_framework(framework, &course.locale)
    }
}

/// The operator's review of one course, as the scoring reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseReview {
    /// A person's decision on each report they decided.
    pub decisions: Vec<(i64, ReportDecision)>,
    /// Questions overridden, by number (from 1).
    pub overrides: Vec<(u32, QuestionOverride)>,
    /// Cancelled by an operator.
    pub cancelled: bool,
}

impl CourseReview {
    /// The review of `course_id` among a session's stored review facts (a name this build
    /// does not know is ignored).
    pub fn of(facts: &SessionReviewFacts, course_id: i64, reports: &[&IssueReportRecord]) -> Self {
        CourseReview {
            decisions: facts
                .decisions
                .iter()
                .filter(|d| reports.iter().any(|r| r.id == d.report_id))
                .filter_map(|d| Some((d.report_id, d.decision.parse().ok()?)))
                .collect(),
            overrides: facts
                .overrides
                .iter()
                .filter(|o| o.course_id == course_id)
                .filter_map(|o| {
                    Some((
                        u32::try_from(o.question_number).ok()?,
                        o.state.parse().ok()?,
                    ))
                })
                .collect(),
            cancelled: facts.cancellations.iter().any(|c| c.course_id == course_id),
        }
    }
}

/// Resolves the reports and scores one course (pure: the stored facts in, the result out),
/// without any operator review.
pub fn score_facts(
    framework: &Framework,
    facts: &CourseFacts,
    reports: &[&IssueReportRecord],
) -> CourseScoring {
    score_reviewed(framework, facts, reports, &CourseReview::default())
}

/// A cancelled certification: no score, whatever the answers gave.
fn cancelled(result: Result<CertificationResult, String>, version: &str) -> CertificationResult {
    match result {
        Ok(r) => CertificationResult {
            status: CertificationStatus::Cancelled,
            score: None,
            global_level: None,
            competence_levels: Vec::new(),
            ..r
        },
        Err(_) => CertificationResult {
            status: CertificationStatus::Cancelled,
            version: version.to_string(),
            answered: 0,
            score: None,
            global_level: None,
            competence_levels: Vec::new(),
            neutralised: Vec::new(),
        },
    }
}

/// Resolves the reports (a person's decision wins over the rule), applies the operator's
/// question overrides and cancellation, and scores one course (pure). The resolutions
/// returned are the rules' ones.
pub fn score_reviewed(
    framework: &Framework,
    facts: &CourseFacts,
    reports: &[&IssueReportRecord],
    review: &CourseReview,
) -> CourseScoring {
    let course = &facts.course;
    let (asked, answers, mut alerts) = core_facts(facts);
    let traits = |id: &str| framework.challenge(id).map(ChallengeTraits::of);
    let mut neutralised = Vec::new();
    let mut forgiven = Vec::new();
    let mut resolutions = Vec::new();
    for report in reports {
        let resolution =
            match IssueKind::from_stored(&report.category, report.subcategory.as_deref()) {
                Some(kind) => {
                    let question = report.question_number.and_then(|q| u32::try_from(q).ok());
                    let r = resolve_report(kind, question, &asked, &answers, traits);
                    let challenge = question
                        .and_then(|q| acquis_core::certification::scoring::question_at(&asked, q))
                        .map(|q| q.challenge_id.clone());
                    let decided = review
                        .decisions
                        .iter()
                        .find(|(id, _)| *id == report.id)
                        .map(|(_, d)| *d);
                    match (decided, r, challenge) {
                        (Some(ReportDecision::Neutralise), _, Some(id))
                        | (None, Resolution::Neutralised, Some(id)) => neutralised.push(id),
                        (None, Resolution::FocusOutAccepted, Some(id)) => forgiven.push(id),
                        _ => {}
                    }
                    r
                }
                None => Resolution::NeedsPerson,
            };
        resolutions.push((report.id, resolution));
    }
    review::apply(&asked, &review.overrides, &mut neutralised, &mut alerts);
    let result = match rules_for(&course.settings_version) {
        None => Err(format!(
            "unknown certification settings version {:?}",
            course.settings_version
        )),
        Some(rules) => {
            let bank = bank_of(framework, course);
            let abort = course.abort_reason.as_deref().and_then(|r| r.parse().ok());
            let competences: Vec<String> = framework
                .competences()
                .iter()
                .map(|c| c.code.clone())
                .collect();
            score_course(
                &ScoringInput {
                    rules: &rules,
                    bank: &bank,
                    seed: course.seed as u64,
                    asked: &asked,
                    answers: &answers,
                    alerts: &alerts,
                    end: end_reason_of(course),
                    abort,
                    neutralised: &neutralised,
                    focus_out_accepted: &forgiven,
                },
                &competences,
                framework.max_reachable_level(),
            )
            .map_err(|e: ResultError| e.to_string())
        }
    };
    let result = if review.cancelled {
        Ok(cancelled(result, &course.settings_version))
    } else {
        result
    };
    CourseScoring {
        result,
        resolutions,
    }
}

fn random_salt() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn new_result(
    course: &CourseRecord,
    result: &Result<CertificationResult, String>,
) -> NewResult {
    let mut rng = rand::rng();
    match result {
        Ok(r) => {
            let score = r.score.as_ref();
            NewResult {
                course_id: course.id,
                user_id: course.user_id,
                status: r.status.as_str().to_string(),
                settings_version: r.version.clone(),
                capacity: score.map(|s| s.capacity),
                capacity_error: score.map(|s| s.error),
                score: score.and_then(|s| i32::try_from(s.score).ok()),
                global_level: r.global_level.map(i32::from),
                competence_levels: serde_json::to_string(&r.competence_levels)
                    .unwrap_or_else(|_| "[]".into()),
                answered: i32::try_from(r.answered).unwrap_or(i32::MAX),
                scored_as_wrong: score
                    .map_or(0, |s| i32::try_from(s.scored_as_wrong).unwrap_or(i32::MAX)),
                neutralised: serde_json::to_string(&r.neutralised).unwrap_or_else(|_| "[]".into()),
                problem: None,
                verification_code: score
                    .map(|_| VerificationCode::generate(&mut rng).as_str().to_string()),
                holder_salt: random_salt(),
            }
        }
        Err(problem) => NewResult {
            course_id: course.id,
            user_id: course.user_id,
            status: "error".into(),
            settings_version: course.settings_version.clone(),
            capacity: None,
            capacity_error: None,
            score: None,
            global_level: None,
            competence_levels: "[]".into(),
            answered: 0,
            scored_as_wrong: 0,
            neutralised: "[]".into(),
            problem: Some(problem.clone()),
            verification_code: None,
            holder_salt: random_salt(),
        },
    }
}

impl App {
    /// The rules new certification tests run under.
    pub fn certification_rules(&self) -> CourseRules {
        CourseRules::standard()
    }

    /// The framework of a content release: the live snapshot (shared, not copied), or the
    /// stored release read once.
    pub(crate) async fn release_framework(
        &self,
        release_id: i64,
    ) -> Result<ReleaseFramework, CertifError> {
        let live = self.live();
        if live.release_id == release_id {
            return Ok(ReleaseFramework::Live(live));
        }
        let framework = self
            .store
            .release_framework(release_id)
            .await?
            .ok_or(CertifError::NotFound("content release"))?;
        Ok(ReleaseFramework::Stored(std::sync::Arc::new(framework)))
    }

    /// Scores a finalised, unpublished session (the job): nothing happens otherwise.
    pub async fn score_session(&self, session_id: i64) -> Result<(), CertifError> {
        let Some(session) = self.store.certification_session(session_id).await? else {
            return Ok(());
        };
        if session.finalised_at.is_none() || session.published_at.is_some() {
            return Ok(());
        }
        let board = self.store.session_board(session_id).await?;
        let reports = self.store.issue_reports(session_id).await?;
        let reviewed = self.store.session_review_facts(session_id).await?;
        let mut frameworks: HashMap<i64, ReleaseFramework> = HashMap::new();
        let mut results = Vec::new();
        let mut resolutions = Vec::new();
        for row in &board {
            let mine: Vec<&IssueReportRecord> = reports
                .iter()
                .filter(|r| r.candidate_id == row.candidate.id)
                .collect();
            let Some(course) = &row.course else {
                // An absent candidate: their reports wait for a person.
                resolutions.extend(mine.iter().map(|r| (r.id, Resolution::NeedsPerson)));
                continue;
            };
            let Some(facts) = self.store.course_facts(course.id).await? else {
                continue;
            };
            let framework = match frameworks.get(&course.release_id) {
                Some(f) => f.clone(),
                None => {
                    let f = self.release_framework(course.release_id).await?;
                    frameworks.insert(course.release_id, f.clone());
                    f
                }
            };
            let review = CourseReview::of(&reviewed, course.id, &mine);
            let scored = score_reviewed(&framework, &facts, &mine, &review);
            results.push(new_result(course, &scored.result));
            resolutions.extend(scored.resolutions);
        }
        let resolutions: Vec<(i64, String)> = resolutions
            .into_iter()
            .map(|(id, r)| (id, r.as_str().to_string()))
            .collect();
        let saved = self
            .store
            .save_results(session_id, &results, &resolutions, self.now())
            .await?;
        tracing::info!(
            session = session_id,
            results = results.len(),
            saved,
            "session scored"
        );
        Ok(())
    }
}
