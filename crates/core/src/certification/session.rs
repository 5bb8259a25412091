//! A certification session: its details as the centre types them, checked, and its status,
//! derived from what happened to it (never stored as such).

use crate::campaign::reconciliation::BirthDate;

/// Longest site, room or examiner text.
pub const MAX_TEXT: usize = 255;

/// Longest description.
pub const MAX_DESCRIPTION: usize = 2_000;

/// Where a session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Created: candidates can be enrolled, join and take the test.
    Created,
    /// Finalised by the centre: waiting for the operator.
    Finalised,
    /// An operator is reviewing it.
    InProcess,
    /// Results published.
    Processed,
}

impl SessionStatus {
    /// Every status, in life order.
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Created,
        SessionStatus::Finalised,
        SessionStatus::InProcess,
        SessionStatus::Processed,
    ];

    /// The status of a session from its facts: finalised or not, taken up by an operator or
    /// not, published or not (a later fact wins).
    pub fn derive(finalised: bool, in_review: bool, published: bool) -> SessionStatus {
        match (finalised, in_review, published) {
            (_, _, true) => SessionStatus::Processed,
            (true, true, false) => SessionStatus::InProcess,
            (true, false, false) => SessionStatus::Finalised,
            (false, _, false) => SessionStatus::Created,
        }
    }

    /// A stable name, for filters and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Created => "created",
            SessionStatus::Finalised => "finalised",
            SessionStatus::InProcess => "in_process",
            SessionStatus::Processed => "processed",
        }
    }

    /// The status named `name` ([`as_str`](SessionStatus::as_str)).
    pub fn parse(name: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether candidates can still join it and invigilators open it.
    pub fn is_open(self) -> bool {
        self == SessionStatus::Created
    }
}

/// A session's details as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionForm {
    /// Name of the site (building, school).
    pub site: String,
    /// Room.
    pub room: String,
    /// Date, `AAAA-MM-JJ` or `JJ/MM/AAAA`.
    pub date: String,
    /// Start time, `HH:MM`.
    pub time: String,
    /// Examiner name(s).
    pub examiners: String,
    /// Free description (plain text).
    pub description: String,
}

/// A session's details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetails {
    /// Name of the site.
    pub site: String,
    /// Room.
    pub room: String,
    /// Date, ISO.
    pub date: String,
    /// Start time, `HH:MM`.
    pub time: String,
    /// Examiner name(s).
    pub examiners: String,
    /// Description, possibly empty.
    pub description: String,
}

/// A field of the session form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionField {
    /// The site.
    Site,
    /// The room.
    Room,
    /// The date.
    Date,
    /// The time.
    Time,
    /// The examiners.
    Examiners,
    /// The description.
    Description,
}

impl SessionField {
    /// The form field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionField::Site => "site",
            SessionField::Room => "room",
            SessionField::Date => "date",
            SessionField::Time => "time",
            SessionField::Examiners => "examiners",
            SessionField::Description => "description",
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionProblem {
    /// Empty.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Contains a control character.
    ControlCharacter,
    /// Not a date.
    InvalidDate,
    /// Not `HH:MM`.
    InvalidTime,
}

impl SessionProblem {
    /// A stable key, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionProblem::Required => "required",
            SessionProblem::TooLong => "too-long",
            SessionProblem::ControlCharacter => "control-character",
            SessionProblem::InvalidDate => "invalid-date",
            SessionProblem::InvalidTime => "invalid-time",
        }
    }
}

fn text(
    value: &str,
    field: SessionField,
    max: usize,
    required: bool,
    allow_lines: bool,
    errors: &mut Vec<(SessionField, SessionProblem)>,
) -> String {
    let value = value.trim();
    if value.is_empty() && required {
        errors.push((field, SessionProblem::Required));
    } else if value.chars().count() > max {
        errors.push((field, SessionProblem::TooLong));
    } else if value
        .chars()
        .any(|c| c.is_control() && !(allow_lines && (c == '\n' || c == '\r' || c == '\t')))
    {
        errors.push((field, SessionProblem::ControlCharacter));
    }
    value.to_string()
}

fn time(raw: &str) -> Option<String> {
    let (h, m) = raw.trim().split_once(':')?;
    let h: u8 = (h.len() <= 2 && h.bytes().all(|b| b.is_ascii_digit()))
        .then(|| h.parse().ok())
        .flatten()?;
    let m: u8 = (m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()))
        .then(|| m.parse().ok())
        .flatten()?;
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

impl SessionForm {
    /// The checked details, or every problem at once.
    pub fn check(&self) -> Result<SessionDetails, Vec<(SessionField, SessionProblem)>> {
        let mut errors = Vec::new();
        let site = text(
            &self.site,
            SessionField::Site,
            MAX_TEXT,
            true,
            false,
            &mut errors,
        );
        let room = text(
            &self.room,
            SessionField::Room,
            MAX_TEXT,
            true,
            false,
            &mut errors,
        );
        let examiners = text(
            &self.examiners,
            SessionField::Examiners,
            MAX_TEXT,
            true,
            false,
            &mut errors,
        );
        let description = text(
            &self.description,
            SessionField::Description,
            MAX_DESCRIPTION,
            false,
            true,
            &mut errors,
        );
        let date = if self.date.trim().is_empty() {
            errors.push((SessionField::Date, SessionProblem::Required));
            String::new()
        } else {
            match BirthDate::parse(&self.date) {
                Some(d) => d.iso(),
                None => {
                    errors.push((SessionField::Date, SessionProblem::InvalidDate));
                    String::new()
                }
            }
        };
        let time = if self.time.trim().is_empty() {
            errors.push((SessionField::Time, SessionProblem::Required));
            String::new()
        } else {
            time(&self.time).unwrap_or_else(|| {
                errors.push((SessionField::Time, SessionProblem::InvalidTime));
                String::new()
            })
        };
        if errors.is_empty() {
            Ok(SessionDetails {
                site,
                room,
                date,
                time,
                examiners,
                description,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SessionForm {
        SessionForm {
            site: " Lycée Jean Moulin ".into(),
            room: "B12".into(),
            date: "15/01/2027".into(),
            time: "9:30".into(),
            examiners: "M. Leroy".into(),
            description: "Apporter une pièce d'identité.\nMerci.".into(),
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let d = form().check().expect("valid");
        assert_eq!(d.site, "Lycée Jean Moulin");
        assert_eq!(d.date, "2027-01-15");
        assert_eq!(d.time, "09:30");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = SessionForm {
            site: String::new(),
            room: "a\0b".into(),
            date: "31/02/2027".into(),
            time: "25:00".into(),
            examiners: "x".repeat(256),
            description: "x".repeat(1_000_000),
        };
        let errors = bad.check().expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                (SessionField::Site, SessionProblem::Required),
                (SessionField::Room, SessionProblem::ControlCharacter),
                (SessionField::Examiners, SessionProblem::TooLong),
                (SessionField::Description, SessionProblem::TooLong),
                (SessionField::Date, SessionProblem::InvalidDate),
                (SessionField::Time, SessionProblem::InvalidTime),
            ]
        );
    }

    #[test]
    fn the_status_follows_the_latest_fact() {
        use SessionStatus::*;
        assert_eq!(SessionStatus::derive(false, false, false), Created);
        assert_eq!(SessionStatus::derive(true, false, false), Finalised);
        assert_eq!(SessionStatus::derive(true, true, false), InProcess);
        assert_eq!(SessionStatus::derive(true, true, true), Processed);
        for s in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(s.as_str()), Some(s));
        }
    }
}
