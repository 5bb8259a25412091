//! A form's errors, all at once, each tied to the field it is about: the page lists them in a
//! summary that takes the focus (`templates/form_errors.html`) and marks each field
//! `aria-invalid` with its message as `aria-describedby`. Also the limits every text field of
//! the portal's forms obeys.

/// Longest name accepted (first or last), in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// One error, about the field whose `id` is `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's `id` in the page.
    pub field: &'static str,
    /// The message, translated.
    pub message: String,
}

/// Every error of one submitted form, in the order of its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// No error.
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// One error.
    pub fn one(field: &'static str, message: String) -> FormErrors {
        let mut errors = FormErrors::new();
        errors.add(field, message);
        errors
    }

    /// Adds an error about `field` (the first one per field is kept).
    pub fn add(&mut self, field: &'static str, message: String) {
        if self.of(field).is_none() {
            self.0.push(FieldError { field, message });
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All of them.
    pub fn list(&self) -> &[FieldError] {
        &self.0
    }

    /// The message about `field`, if any.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.of(field).is_some()
    }
}

/// Why a text field is refused before anything else looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Empty (after trimming).
    Missing,
    /// Longer than allowed.
    TooLong,
    /// Holds a NUL or another control character.
    Control,
}

/// A one-line text field, trimmed: non-empty, at most `max` characters, no control character.
pub fn line(raw: &str, max: usize) -> Result<&str, TextProblem> {
    let value = raw.trim();
    if value.is_empty() {
        Err(TextProblem::Missing)
    } else if value.chars().count() > max {
        Err(TextProblem::TooLong)
    } else if value.chars().any(char::is_control) {
        Err(TextProblem::Control)
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(line("  Léa ", 10), Ok("Léa"));
        assert_eq!(line("   ", 10), Err(TextProblem::Missing));
        assert_eq!(line(&"a".repeat(11), 10), Err(TextProblem::TooLong));
        assert_eq!(line("a\0b", 10), Err(TextProblem::Control));
        assert_eq!(line("a\nb", 10), Err(TextProblem::Control));
    }

    #[test]
    fn every_field_keeps_its_first_error() {
        let mut e = FormErrors::new();
        e.add("email", "one".into());
        e.add("email", "two".into());
        e.add("password", "three".into());
        assert_eq!(e.list().len(), 2);
        assert_eq!(e.of("email"), Some("one"));
        assert!(!e.has("first_name"));
    }
}
