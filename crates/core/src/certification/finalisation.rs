//! What the centre states when it closes a session: why each unfinished test stopped, the
//! issues it reports per candidate, and the session's incident boxes and comment.

use serde::{Deserialize, Serialize};

use crate::certification::course::AlertReason;
use crate::text::canonical;

/// Longest issue report description and finalisation comment, in characters.
pub const MAX_COMMENT: usize = 500;

/// One problem of a form: the field's name and a stable code (`unknown`, `required`,
/// `out_of_range`, `too_long`, `control_character`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// The form field's name.
    pub field: &'static str,
    /// What is wrong.
    pub code: &'static str,
}

impl FieldError {
    fn new(field: &'static str, code: &'static str) -> Self {
        FieldError { field, code }
    }
}

/// A free text of at most `max` characters (NFC, trimmed), line breaks allowed, no other
/// control character.
fn clean_text(raw: &str, max: usize) -> Result<String, &'static str> {
    let value = canonical(raw).trim().to_string();
    if value.chars().count() > max {
        Err("too_long")
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err("control_character")
    } else {
        Ok(value)
    }
}

/// Why an unfinished test stopped, as the centre states it at finalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbortReason {
    /// The candidate left (gave up, felt unwell, ran out of time).
    Candidate,
    /// A technical problem stopped the test.
    Technical,
}

crate::campaign::settings::stored_names!(AbortReason, "abort reason", {
    Candidate => "candidate",
    Technical => "technical",
});

/// A problem met on one question (the in-challenge issue reports: the live alerts' reasons
/// plus a skip forced by an error page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeProblem {
    /// A live alert's reason.
    Alert(AlertReason),
    /// An error page forced the candidate to skip the question.
    SkippedOnError,
}

impl ChallengeProblem {
    /// Every problem, in a stable order.
    pub fn all() -> impl Iterator<Item = ChallengeProblem> {
        AlertReason::ALL
            .into_iter()
            .map(ChallengeProblem::Alert)
            .chain([ChallengeProblem::SkippedOnError])
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeProblem::Alert(reason) => reason.as_str(),
            ChallengeProblem::SkippedOnError => "SKIPPED_ON_ERROR",
        }
    }

    /// The problem stored as `name`.
    pub fn parse(name: &str) -> Option<ChallengeProblem> {
        ChallengeProblem::all().find(|p| p.as_str() == name)
    }
}

/// What an issue report is about (category and, where it has one, subcategory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IssueKind {
    /// The candidate's name or birth date is wrong on the enrolment.
    NameOrBirthDate,
    /// The candidate's extra time was wrong or missing.
    ExtraTime,
    /// Suspected fraud.
    Fraud,
    /// A technical incident that did not stop the test.
    TechnicalIncident,
    /// An incident on the candidate's side that did not stop the test.
    CandidateIncident,
    /// A problem on one question.
    InChallenge(ChallengeProblem),
}

impl IssueKind {
    /// Every kind, in the order the form lists them.
    pub fn all() -> impl Iterator<Item = IssueKind> {
        [
            IssueKind::NameOrBirthDate,
            IssueKind::ExtraTime,
            IssueKind::Fraud,
            IssueKind::TechnicalIncident,
            IssueKind::CandidateIncident,
        ]
        .into_iter()
        .chain(ChallengeProblem::all().map(IssueKind::InChallenge))
    }

    /// The stored category.
    pub fn category(self) -> &'static str {
        match self {
            IssueKind::NameOrBirthDate | IssueKind::ExtraTime => "CANDIDATE_DETAILS",
            IssueKind::Fraud => "FRAUD",
            IssueKind::TechnicalIncident => "TECHNICAL_INCIDENT",
            IssueKind::CandidateIncident => "CANDIDATE_INCIDENT",
            IssueKind::InChallenge(_) => "IN_CHALLENGE",
        }
    }

    /// The stored subcategory, for the categories that have one.
    pub fn subcategory(self) -> Option<&'static str> {
        match self {
            IssueKind::NameOrBirthDate => Some("NAME_OR_BIRTH_DATE"),
            IssueKind::ExtraTime => Some("EXTRA_TIME"),
            IssueKind::InChallenge(problem) => Some(problem.as_str()),
            _ => None,
        }
    }

    /// One stable name for the kind (the category, then `:` and the subcategory if any), as
    /// forms and the API send it.
    pub fn code(self) -> String {
        match self.subcategory() {
            Some(sub) => format!("{}:{sub}", self.category()),
            None => self.category().to_string(),
        }
    }

    /// The kind stored as `category` and `subcategory`.
    pub fn from_stored(category: &str, subcategory: Option<&str>) -> Option<IssueKind> {
        IssueKind::all().find(|k| k.category() == category && k.subcategory() == subcategory)
    }

    /// The kind named `code` ([`code`](IssueKind::code)).
    pub fn parse(code: &str) -> Option<IssueKind> {
        IssueKind::all().find(|k| k.code() == code)
    }

    /// Whether the report must name the question it is about.
    pub fn needs_question(self) -> bool {
        matches!(self, IssueKind::InChallenge(_))
    }
}

/// An issue report as the centre types it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueReportForm {
    /// The kind's [`code`](IssueKind::code).
    pub kind: String,
    /// The question number (from 1), for in-challenge problems.
    pub question: String,
    /// What happened.
    pub description: String,
}

/// An issue report, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueReport {
    /// What it is about.
    pub kind: IssueKind,
    /// The question number (from 1), for in-challenge problems.
    pub question: Option<u32>,
    /// What happened (may be empty).
    pub description: String,
}

impl IssueReportForm {
    /// Checks the report: a known kind, a question number from 1 to `questions` where the
    /// kind needs one, a description of at most [`MAX_COMMENT`] characters without control
    /// characters. Every error at once, by field (`kind`, `question`, `description`).
    pub fn check(&self, questions: u32) -> Result<IssueReport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = IssueKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new("kind", "unknown"));
        }
        let description = match clean_text(&self.description, MAX_COMMENT) {
            Ok(text) => text,
            Err(code) => {
                errors.push(FieldError::new("description", code));
                String::new()
            }
        };
        let typed = self.question.trim();
        let mut question = None;
        if kind.is_some_and(IssueKind::needs_question) {
            match typed.parse::<u32>() {
                Ok(n) if (1..=questions.max(1)).contains(&n) => question = Some(n),
                _ if typed.is_empty() => errors.push(FieldError::new("question", "required")),
                _ => errors.push(FieldError::new("question", "out_of_range")),
            }
        }
        match (kind, errors.is_empty()) {
            (Some(kind), true) => Ok(IssueReport {
                kind,
                question,
                description,
            }),
            _ => Err(errors),
        }
    }
}

/// The session's side of the finalisation, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinalisationForm {
    /// An incident happened during the session (the box is ticked).
    pub had_incident: bool,
    /// Candidates had trouble joining (the box is ticked).
    pub had_joining_issue: bool,
    /// A comment for the operator (a comment means a person reviews the session).
    pub comment: String,
}

/// The session's side of the finalisation, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finalisation {
    /// An incident happened.
    pub had_incident: bool,
    /// Candidates had trouble joining.
    pub had_joining_issue: bool,
    /// The comment, `None` when empty.
    pub comment: Option<String>,
}

impl FinalisationForm {
    /// Checks the comment (at most [`MAX_COMMENT`] characters, no control characters).
    pub fn check(&self) -> Result<Finalisation, Vec<FieldError>> {
        let comment = clean_text(&self.comment, MAX_COMMENT)
            .map_err(|code| vec![FieldError::new("comment", code)])?;
        Ok(Finalisation {
            had_incident: self.had_incident,
            had_joining_issue: self.had_joining_issue,
            comment: (!comment.is_empty()).then_some(comment),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code_and_its_stored_columns() {
        let kinds: Vec<IssueKind> = IssueKind::all().collect();
        assert_eq!(kinds.len(), 15);
        for kind in kinds {
            assert_eq!(IssueKind::parse(&kind.code()), Some(kind));
            assert_eq!(
                IssueKind::from_stored(kind.category(), kind.subcategory()),
                Some(kind)
            );
        }
        assert_eq!(IssueKind::parse("FRAUD:X"), None);
        assert_eq!(
            IssueKind::parse("IN_CHALLENGE:SKIPPED_ON_ERROR"),
            Some(IssueKind::InChallenge(ChallengeProblem::SkippedOnError))
        );
    }

    #[test]
    fn an_in_challenge_report_needs_a_question_number_within_the_test() {
        let form = |question: &str| IssueReportForm {
            kind: "IN_CHALLENGE:IMAGE_NOT_DISPLAYING".into(),
            question: question.into(),
            description: "L'image ne s'affichait pas.".into(),
        };
        assert_eq!(form("3").check(32).unwrap().question, Some(3));
        assert_eq!(form("").check(32).unwrap_err()[0].code, "required");
        assert_eq!(form("33").check(32).unwrap_err()[0].code, "out_of_range");
        assert_eq!(form("0").check(32).unwrap_err()[0].code, "out_of_range");
        assert_eq!(form("-1").check(32).unwrap_err()[0].code, "out_of_range");
        let fraud = IssueReportForm {
            kind: "FRAUD".into(),
            question: "7".into(),
            description: String::new(),
        };
        assert_eq!(fraud.check(32).unwrap().question, None);
    }

    #[test]
    fn long_or_hostile_descriptions_and_unknown_kinds_are_refused_by_field() {
        let errors = IssueReportForm {
            kind: "NOPE".into(),
            question: String::new(),
            description: "x".repeat(MAX_COMMENT + 1),
        }
        .check(32)
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "description"]);
        let nul = IssueReportForm {
            kind: "FRAUD".into(),
            question: String::new(),
            description: "a\0b".into(),
        };
        assert_eq!(nul.check(32).unwrap_err()[0].field, "description");
        let exact = IssueReportForm {
            kind: "FRAUD".into(),
            question: String::new(),
            description: "é".repeat(MAX_COMMENT),
        };
        assert!(exact.check(32).is_ok());
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        let f = FinalisationForm {
            comment: "   ".into(),
            ..Default::default()
        };
        assert_eq!(f.check().unwrap().comment, None);
        let long = FinalisationForm {
            comment: "x".repeat(501),
            ..Default::default()
        };
        assert_eq!(long.check().unwrap_err()[0].field, "comment");
        assert_eq!("technical".parse(), Ok(AbortReason::Technical));
        assert!("x".parse::<AbortReason>().is_err());
    }
}
