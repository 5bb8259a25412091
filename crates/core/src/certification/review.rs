//! The operator's review of a scored test, as facts the scoring reads: a person's decision
//! on an issue report the rules could not resolve, a question neutralised or restored for one
//! candidate, a certification cancelled. [`apply`] turns them, with the rules' resolutions,
//! into the challenges a test is scored without; a result is never edited in place.

use serde::{Deserialize, Serialize};

use crate::certification::course::{AlertFact, AlertState, AskedQuestion};
use crate::certification::scoring::question_at;

/// Longest comment or reason an operator may write.
pub const MAX_COMMENT_CHARS: usize = 500;

/// What a person decided about an issue report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportDecision {
    /// The question the report names is neutralised.
    Neutralise,
    /// The report changes nothing.
    NoEffect,
}

crate::campaign::settings::stored_names!(ReportDecision, "report decision", {
    Neutralise => "neutralise",
    NoEffect => "no_effect",
});

/// An operator's override of one question for one candidate; it wins over the rules and the
/// decisions on reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionOverride {
    /// The question counts for nothing.
    Neutralised,
    /// The question counts, whatever neutralised it.
    Restored,
}

crate::campaign::settings::stored_names!(QuestionOverride, "question override", {
    Neutralised => "neutralised",
    Restored => "restored",
});

/// Why an operator's text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Nothing but white space.
    Empty,
    /// Longer than [`MAX_COMMENT_CHARS`].
    TooLong,
    /// It holds a NUL or another control character than a line break or tab.
    Control,
}

impl TextError {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            TextError::Empty => "empty",
            TextError::TooLong => "too_long",
            TextError::Control => "invalid_characters",
        }
    }
}

/// A comment or reason, trimmed; refused when empty, over [`MAX_COMMENT_CHARS`] or holding a
/// control character (line breaks and tabs are kept).
pub fn check_text(text: &str) -> Result<String, TextError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(TextError::TooLong);
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextError::Control);
    }
    Ok(text.to_string())
}

/// Applies the overrides (question number, override) to the challenges the rules and
/// decisions neutralised and to the live alerts: a neutralised question joins the list, a
/// restored one leaves it and its validated alerts stop counting. A number no question has
/// is ignored.
pub fn apply(
    asked: &[AskedQuestion],
    overrides: &[(u32, QuestionOverride)],
    neutralised: &mut Vec<String>,
    alerts: &mut Vec<AlertFact>,
) {
    for (number, state) in overrides {
        let Some(q) = question_at(asked, *number) else {
            continue;
        };
        let id = &q.challenge_id;
        match state {
            QuestionOverride::Neutralised => {
                if !neutralised.contains(id) {
                    neutralised.push(id.clone());
                }
            }
            QuestionOverride::Restored => {
                neutralised.retain(|c| c != id);
                alerts.retain(|a| {
                    &a.challenge_id != id || !matches!(a.state, AlertState::Validated(_))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_trimmed_and_bounded_and_free_of_nul() {
        assert_eq!(check_text("  lu  ").as_deref(), Ok("lu"));
        assert_eq!(check_text("   "), Err(TextError::Empty));
        assert_eq!(check_text(&"x".repeat(501)), Err(TextError::TooLong));
        assert_eq!(check_text(&"é".repeat(500)).map(|s| s.len()), Ok(1000));
        assert_eq!(check_text("a\0b"), Err(TextError::Control));
        assert!(check_text("ligne\nautre").is_ok());
    }

    #[test]
    fn stored_names_round_trip() {
        for d in ReportDecision::ALL {
            assert_eq!(d.as_str().parse::<ReportDecision>(), Ok(*d));
        }
        for o in QuestionOverride::ALL {
            assert_eq!(o.as_str().parse::<QuestionOverride>(), Ok(*o));
        }
    }
}
