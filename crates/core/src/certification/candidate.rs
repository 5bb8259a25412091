//! A certification candidate's details, as a centre types them in the enrolment form or writes
//! them in one row of the candidates file, checked field by field.
//!
//! [`CandidateForm`] holds the raw text of every field; [`CandidateForm::check`] turns it into a
//! [`Candidate`] or lists every problem at once, each naming its field ([`FieldError`]), so the
//! form (or the file) can be fixed in one pass. The rules depend on the kind of the centre: a
//! school (SCO) never bills its candidates, a university or an employer (SUP, PRO) says how
//! each one is billed.
//!
//! Two candidates with the same birth name and first name (case, accents, spaces and
//! punctuation aside, [`name_key`]) and the same birth date are the same person
//! ([`Candidate::duplicate_key`]).

use crate::campaign::reconciliation::{BirthDate, name_key};
use crate::organization::OrganizationKind;
use crate::text::{canonical, t1};

/// Longest birth name or first name, in characters.
pub const MAX_NAME: usize = 100;

/// Longest free text (birth city, birth country), in characters.
pub const MAX_TEXT: usize = 255;

/// Longest external identifier, in characters.
pub const MAX_EXTERNAL_ID: usize = 100;

/// Longest e-mail address, in characters.
pub const MAX_EMAIL: usize = 254;

/// Longest prepayment code, in characters.
pub const MAX_PREPAYMENT_CODE: usize = 40;

/// Largest extra time, in percent of the normal duration.
pub const MAX_EXTRA_TIME_PERCENT: u8 = 99;

/// A candidate's sex, as the civil registry records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male.
    M,
    /// Female.
    F,
}

impl Sex {
    /// The stored letter: `M` or `F`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }

    /// `M` or `F`, or `H` (homme) for `M`, in any case and with surrounding spaces; `None`
    /// otherwise.
    pub fn parse(raw: &str) -> Option<Sex> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "M" | "H" => Some(Sex::M),
            "F" => Some(Sex::F),
            _ => None,
        }
    }
}

/// How a candidate of a university or an employer is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BillingMode {
    /// Nothing to pay.
    Free,
    /// Billed after the session.
    Paid,
    /// Paid in advance: a prepayment code proves it.
    Prepaid,
}

impl BillingMode {
    /// Every mode, in a stable order.
    pub const ALL: [BillingMode; 3] = [BillingMode::Free, BillingMode::Paid, BillingMode::Prepaid];

    /// The stored name: `FREE`, `PAID` or `PREPAID`.
    pub fn as_str(self) -> &'static str {
        match self {
            BillingMode::Free => "FREE",
            BillingMode::Paid => "PAID",
            BillingMode::Prepaid => "PREPAID",
        }
    }

    /// The stored name, or the French word of the form and the file (`Gratuite`, `Payante`,
    /// `Prépayée`), without regard to case, accents or spaces; `None` otherwise.
    pub fn parse(raw: &str) -> Option<BillingMode> {
        match t1(raw).as_str() {
            "free" | "gratuite" | "gratuit" => Some(BillingMode::Free),
            "paid" | "payante" | "payant" => Some(BillingMode::Paid),
            "prepaid" | "prepayee" | "prepaye" => Some(BillingMode::Prepaid),
            _ => None,
        }
    }
}

/// How a candidate is billed, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Billing {
    /// The mode.
    pub mode: BillingMode,
    /// The prepayment code: present exactly when the mode is [`BillingMode::Prepaid`].
    pub prepayment_code: Option<String>,
}

/// Where a candidate was born.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Birthplace {
    /// In France, the commune given by its INSEE code (5 characters: digits, or `2A`/`2B` and
    /// 3 digits for Corsica; letters upper case).
    Insee {
        /// The INSEE code.
        code: String,
    },
    /// In France, the commune given by its postal code (5 digits) and its name.
    PostalCode {
        /// The postal code.
        code: String,
        /// The commune's name.
        city: String,
    },
    /// Outside France.
    Abroad {
        /// The country's name.
        country: String,
        /// The city's name.
        city: String,
    },
}

/// A candidate's details as typed: each field the raw text of a form field or of a CSV cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidateForm {
    /// Birth name (required).
    pub birth_name: String,
    /// First name (required).
    pub first_name: String,
    /// Sex: `M`, `F` or `H` (required).
    pub sex: String,
    /// Birth date, `AAAA-MM-JJ` or `JJ/MM/AAAA` (required).
    pub birthdate: String,
    /// Whether the candidate was born in France: `oui`/`non`, `true`/`false`, `1`/`0`, `on`
    /// (a checked box); empty means no, as an unchecked box.
    pub born_in_france: String,
    /// INSEE code of the birth commune (born in France, without a postal code).
    pub birth_insee: String,
    /// Postal code of the birth commune (born in France, without an INSEE code).
    pub birth_postal_code: String,
    /// Birth city (with the postal code, or abroad).
    pub birth_city: String,
    /// Birth country (abroad; in France, empty or `France`).
    pub birth_country: String,
    /// Where the convocation is sent (optional).
    pub convocation_email: String,
    /// Where the results are sent (optional).
    pub results_email: String,
    /// The centre's own identifier for the candidate (optional).
    pub external_id: String,
    /// Extra time in percent, 0 to 99, a trailing `%` allowed; empty means 0.
    pub extra_time_percent: String,
    /// Whether the candidate needs an accessibility arrangement: yes/no as
    /// [`born_in_france`](CandidateForm::born_in_france); empty means no.
    pub accessibility: String,
    /// Billing mode (SUP and PRO centres only): `Gratuite`, `Payante`, `Prépayée` or the
    /// stored names.
    pub billing_mode: String,
    /// Prepayment code (prepaid candidates only).
    pub prepayment_code: String,
}

/// A candidate's details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Birth name, trimmed.
    pub birth_name: String,
    /// First name, trimmed.
    pub first_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date.
    pub birthdate: BirthDate,
    /// Birthplace.
    pub birthplace: Birthplace,
    /// Where the convocation is sent.
    pub convocation_email: Option<String>,
    /// Where the results are sent.
    pub results_email: Option<String>,
    /// The centre's own identifier.
    pub external_id: Option<String>,
    /// Extra time, in percent (0 to [`MAX_EXTRA_TIME_PERCENT`]).
    pub extra_time_percent: u8,
    /// Whether an accessibility arrangement is needed.
    pub accessibility: bool,
    /// How the candidate is billed: `None` for a school (SCO), always given otherwise.
    pub billing: Option<Billing>,
}

impl Candidate {
    /// What two rows describing the same person share: see [`duplicate_key_of`].
    pub fn duplicate_key(&self) -> String {
        duplicate_key_of(&self.first_name, &self.birth_name, self.birthdate)
    }
}

/// The key under which candidates are the same person: the birth name and the first name as
/// [`name_key`] compares them, and the ISO birth date, joined by `|`.
pub fn duplicate_key_of(first_name: &str, birth_name: &str, birthdate: BirthDate) -> String {
    format!(
        "{}|{}|{}",
        name_key(birth_name),
        name_key(first_name),
        birthdate.iso()
    )
}

/// A field of the candidate form (and a column of the candidates file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CandidateField {
    /// [`CandidateForm::birth_name`].
    BirthName,
    /// [`CandidateForm::first_name`].
    FirstName,
    /// [`CandidateForm::sex`].
    Sex,
    /// [`CandidateForm::birthdate`].
    Birthdate,
    /// [`CandidateForm::born_in_france`].
    BornInFrance,
    /// [`CandidateForm::birth_insee`].
    BirthInsee,
    /// [`CandidateForm::birth_postal_code`].
    BirthPostalCode,
    /// [`CandidateForm::birth_city`].
    BirthCity,
    /// [`CandidateForm::birth_country`].
    BirthCountry,
    /// [`CandidateForm::convocation_email`].
    ConvocationEmail,
    /// [`CandidateForm::results_email`].
    ResultsEmail,
    /// [`CandidateForm::external_id`].
    ExternalId,
    /// [`CandidateForm::extra_time_percent`].
    ExtraTimePercent,
    /// [`CandidateForm::accessibility`].
    Accessibility,
    /// [`CandidateForm::billing_mode`].
    BillingMode,
    /// [`CandidateForm::prepayment_code`].
    PrepaymentCode,
}

impl CandidateField {
    /// Every field, in form order.
    pub const ALL: [CandidateField; 16] = [
        CandidateField::BirthName,
        CandidateField::FirstName,
        CandidateField::Sex,
        CandidateField::Birthdate,
        CandidateField::BornInFrance,
        CandidateField::BirthInsee,
        CandidateField::BirthPostalCode,
        CandidateField::BirthCity,
        CandidateField::BirthCountry,
        CandidateField::ConvocationEmail,
        CandidateField::ResultsEmail,
        CandidateField::ExternalId,
        CandidateField::ExtraTimePercent,
        CandidateField::Accessibility,
        CandidateField::BillingMode,
        CandidateField::PrepaymentCode,
    ];

    /// The snake_case name: the form field's name and the suffix of its message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateField::BirthName => "birth_name",
            CandidateField::FirstName => "first_name",
            CandidateField::Sex => "sex",
            CandidateField::Birthdate => "birthdate",
            CandidateField::BornInFrance => "born_in_france",
            CandidateField::BirthInsee => "birth_insee",
            CandidateField::BirthPostalCode => "birth_postal_code",
            CandidateField::BirthCity => "birth_city",
            CandidateField::BirthCountry => "birth_country",
            CandidateField::ConvocationEmail => "convocation_email",
            CandidateField::ResultsEmail => "results_email",
            CandidateField::ExternalId => "external_id",
            CandidateField::ExtraTimePercent => "extra_time_percent",
            CandidateField::Accessibility => "accessibility",
            CandidateField::BillingMode => "billing_mode",
            CandidateField::PrepaymentCode => "prepayment_code",
        }
    }

    /// The field named `name` ([`as_str`](CandidateField::as_str)).
    pub fn parse(name: &str) -> Option<CandidateField> {
        CandidateField::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The field's raw value in `form`.
    pub fn value(self, form: &CandidateForm) -> &str {
        match self {
            CandidateField::BirthName => &form.birth_name,
            CandidateField::FirstName => &form.first_name,
            CandidateField::Sex => &form.sex,
            CandidateField::Birthdate => &form.birthdate,
            CandidateField::BornInFrance => &form.born_in_france,
            CandidateField::BirthInsee => &form.birth_insee,
            CandidateField::BirthPostalCode => &form.birth_postal_code,
            CandidateField::BirthCity => &form.birth_city,
            CandidateField::BirthCountry => &form.birth_country,
            CandidateField::ConvocationEmail => &form.convocation_email,
            CandidateField::ResultsEmail => &form.results_email,
            CandidateField::ExternalId => &form.external_id,
            CandidateField::ExtraTimePercent => &form.extra_time_percent,
            CandidateField::Accessibility => &form.accessibility,
            CandidateField::BillingMode => &form.billing_mode,
            CandidateField::PrepaymentCode => &form.prepayment_code,
        }
    }

    /// The field's raw value in `form`, to be written.
    pub fn value_mut(self, form: &mut CandidateForm) -> &mut String {
        match self {
            CandidateField::BirthName => &mut form.birth_name,
            CandidateField::FirstName => &mut form.first_name,
            CandidateField::Sex => &mut form.sex,
            CandidateField::Birthdate => &mut form.birthdate,
            CandidateField::BornInFrance => &mut form.born_in_france,
            CandidateField::BirthInsee => &mut form.birth_insee,
            CandidateField::BirthPostalCode => &mut form.birth_postal_code,
            CandidateField::BirthCity => &mut form.birth_city,
            CandidateField::BirthCountry => &mut form.birth_country,
            CandidateField::ConvocationEmail => &mut form.convocation_email,
            CandidateField::ResultsEmail => &mut form.results_email,
            CandidateField::ExternalId => &mut form.external_id,
            CandidateField::ExtraTimePercent => &mut form.extra_time_percent,
            CandidateField::Accessibility => &mut form.accessibility,
            CandidateField::BillingMode => &mut form.billing_mode,
            CandidateField::PrepaymentCode => &mut form.prepayment_code,
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateProblem {
    /// Empty, but required here.
    Missing,
    /// Longer than allowed.
    TooLong,
    /// Not a value the field takes (a control character, an unknown word, a name without a
    /// letter or digit, France given as the country of a candidate born abroad).
    Invalid,
    /// Not a date (`JJ/MM/AAAA` or `AAAA-MM-JJ`, year 1900 to 2100).
    BadDate,
    /// A birth date that is not before today.
    BirthdateInFuture,
    /// Not an INSEE code (5 digits, or `2A`/`2B` and 3 digits).
    InseeInvalid,
    /// Not a postal code (5 digits).
    PostalCodeInvalid,
    /// Not an e-mail address.
    EmailInvalid,
    /// Extra time beyond [`MAX_EXTRA_TIME_PERCENT`] (or negative).
    ExtraTimeOutOfRange,
    /// Filled in, but must be empty with the other fields given (a postal code or city with
    /// an INSEE code, an INSEE or postal code for a candidate born abroad, a country other
    /// than France for a candidate born in France).
    NotExpected,
    /// A billing mode, which a school (SCO) never has.
    BillingForbidden,
    /// No billing mode, which a university or an employer (SUP, PRO) must give.
    BillingMissing,
    /// A prepaid candidate without a prepayment code.
    PrepaymentCodeMissing,
    /// A prepayment code for a candidate who is not prepaid.
    PrepaymentCodeForbidden,
}

impl CandidateProblem {
    /// A stable kebab-case key, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateProblem::Missing => "missing",
            CandidateProblem::TooLong => "too-long",
            CandidateProblem::Invalid => "invalid",
            CandidateProblem::BadDate => "bad-date",
            CandidateProblem::BirthdateInFuture => "birthdate-in-future",
            CandidateProblem::InseeInvalid => "insee-invalid",
            CandidateProblem::PostalCodeInvalid => "postal-code-invalid",
            CandidateProblem::EmailInvalid => "email-invalid",
            CandidateProblem::ExtraTimeOutOfRange => "extra-time-out-of-range",
            CandidateProblem::NotExpected => "not-expected",
            CandidateProblem::BillingForbidden => "billing-forbidden",
            CandidateProblem::BillingMissing => "billing-missing",
            CandidateProblem::PrepaymentCodeMissing => "prepayment-code-missing",
            CandidateProblem::PrepaymentCodeForbidden => "prepayment-code-forbidden",
        }
    }

    /// Whether the problem is a value that should be there and is not (the field is then
    /// blank); every other problem is about a value that is there.
    pub fn is_absence(self) -> bool {
        matches!(
            self,
            CandidateProblem::Missing
                | CandidateProblem::BillingMissing
                | CandidateProblem::PrepaymentCodeMissing
        )
    }
}

/// One problem of the form: which field, and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// The field at fault.
    pub field: CandidateField,
    /// What is wrong.
    pub problem: CandidateProblem,
}

/// The problems found so far.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: CandidateField, problem: CandidateProblem) {
        self.0.push(FieldError { field, problem });
    }
}

/// The value as it is kept: NFC, non-breaking spaces made plain, trimmed.
fn clean(raw: &str) -> String {
    canonical(raw).trim().to_string()
}

/// A free text of at most `max` characters without control characters; `None` when empty
/// (and then [`CandidateProblem::Missing`] if `required`) or wrong.
fn text(
    raw: &str,
    field: CandidateField,
    max: usize,
    required: bool,
    errors: &mut Errors,
) -> Option<String> {
    let value = clean(raw);
    if value.is_empty() {
        if required {
            errors.push(field, CandidateProblem::Missing);
        }
        return None;
    }
    if value.chars().count() > max {
        errors.push(field, CandidateProblem::TooLong);
        return None;
    }
    if value.chars().any(char::is_control) {
        errors.push(field, CandidateProblem::Invalid);
        return None;
    }
    Some(value)
}

/// A birth name or first name: required, and with at least one letter or digit.
fn name(raw: &str, field: CandidateField, errors: &mut Errors) -> Option<String> {
    let value = text(raw, field, MAX_NAME, true, errors)?;
    if name_key(&value).is_empty() {
        errors.push(field, CandidateProblem::Invalid);
        return None;
    }
    Some(value)
}

/// Yes or no, as typed in a form or a cell; empty is no.
fn yes_no(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "oui" | "o" | "yes" | "y" | "true" | "vrai" | "1" | "on" | "x" => Some(true),
        "non" | "n" | "no" | "false" | "faux" | "0" | "off" | "" => Some(false),
        _ => None,
    }
}

fn flag(raw: &str, field: CandidateField, errors: &mut Errors) -> Option<bool> {
    let value = yes_no(raw);
    if value.is_none() {
        errors.push(field, CandidateProblem::Invalid);
    }
    value
}

/// An INSEE commune code, upper case.
fn insee(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let bytes = code.as_bytes();
    let ok = bytes.len() == 5
        && (bytes[..2].iter().all(u8::is_ascii_digit) || matches!(&bytes[..2], b"2A" | b"2B"))
        && bytes[2..].iter().all(u8::is_ascii_digit);
    ok.then_some(code)
}

/// A French postal code.
fn postal_code(raw: &str) -> Option<String> {
    let code = raw.trim();
    (code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())).then(|| code.to_string())
}

/// Whether `value` (trimmed, not empty) looks like an e-mail address: one `@` between a
/// non-empty local part and a domain of dot-separated non-empty labels, no spaces.
fn plausible_email(value: &str) -> bool {
    if value.chars().count() > MAX_EMAIL
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

fn email(raw: &str, field: CandidateField, errors: &mut Errors) -> Option<String> {
    let value = clean(raw);
    if value.is_empty() {
        return None;
    }
    if plausible_email(&value) {
        Some(value)
    } else {
        errors.push(field, CandidateProblem::EmailInvalid);
        None
    }
}

fn extra_time(raw: &str, errors: &mut Errors) -> u8 {
    let field = CandidateField::ExtraTimePercent;
    let value = raw.trim();
    if value.is_empty() {
        return 0;
    }
    let value = value.strip_suffix('%').unwrap_or(value).trim_end();
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(field, CandidateProblem::Invalid);
        return 0;
    }
    let significant = digits.trim_start_matches('0');
    match significant.parse::<u8>() {
        Ok(percent) if !negative && percent <= MAX_EXTRA_TIME_PERCENT => percent,
        _ if significant.is_empty() => 0,
        _ => {
            errors.push(field, CandidateProblem::ExtraTimeOutOfRange);
            0
        }
    }
}

impl CandidateForm {
    /// The checked candidate for a centre of `kind`, or every problem found (in field
    /// order). `today` is the current date: a birth date must be before it.
    pub fn check(
        &self,
        kind: OrganizationKind,
        today: BirthDate,
    ) -> Result<Candidate, Vec<FieldError>> {
        use CandidateField as F;
        use CandidateProblem as P;
        let mut errors = Errors(Vec::new());
        let e = &mut errors;

        let birth_name = name(&self.birth_name, F::BirthName, e);
        let first_name = name(&self.first_name, F::FirstName, e);
        let sex = if self.sex.trim().is_empty() {
            e.push(F::Sex, P::Missing);
            None
        } else {
            let sex = Sex::parse(&self.sex);
            if sex.is_none() {
                e.push(F::Sex, P::Invalid);
            }
            sex
        };
        let birthdate = if self.birthdate.trim().is_empty() {
            e.push(F::Birthdate, P::Missing);
            None
        } else {
            match BirthDate::parse(&self.birthdate) {
                None => {
                    e.push(F::Birthdate, P::BadDate);
                    None
                }
                Some(date) if date >= today => {
                    e.push(F::Birthdate, P::BirthdateInFuture);
                    None
                }
                Some(date) => Some(date),
            }
        };
        let birthplace = self.birthplace(e);
        let convocation_email = email(&self.convocation_email, F::ConvocationEmail, e);
        let results_email = email(&self.results_email, F::ResultsEmail, e);
        let external_id = text(&self.external_id, F::ExternalId, MAX_EXTERNAL_ID, false, e);
        let extra_time_percent = extra_time(&self.extra_time_percent, e);
        let accessibility = flag(&self.accessibility, F::Accessibility, e);
        let billing = self.billing(kind, e);

        match (
            birth_name,
            first_name,
            sex,
            birthdate,
            birthplace,
            accessibility,
            billing,
        ) {
            (
                Some(birth_name),
                Some(first_name),
                Some(sex),
                Some(birthdate),
                Some(birthplace),
                Some(accessibility),
                Some(billing),
            ) if errors.0.is_empty() => Ok(Candidate {
                birth_name,
                first_name,
                sex,
                birthdate,
                birthplace,
                convocation_email,
                results_email,
                external_id,
                extra_time_percent,
                accessibility,
                billing,
            }),
            _ => {
                let mut errors = errors.0;
                errors.sort_by_key(|e| e.field);
                Err(errors)
            }
        }
    }

    /// The birthplace, from the "born in France" answer and the fields it calls for.
    fn birthplace(&self, e: &mut Errors) -> Option<Birthplace> {
        use CandidateField as F;
        use CandidateProblem as P;
        let in_france = flag(&self.born_in_france, F::BornInFrance, e)?;
        let given = |raw: &str| !raw.trim().is_empty();
        if in_france {
            let country = clean(&self.birth_country);
            if !country.is_empty() && name_key(&country) != "france" {
                e.push(F::BirthCountry, P::NotExpected);
            }
            if given(&self.birth_insee) {
                for (raw, field) in [
                    (&self.birth_postal_code, F::BirthPostalCode),
                    (&self.birth_city, F::BirthCity),
                ] {
                    if given(raw) {
                        e.push(field, P::NotExpected);
                    }
                }
                let code = insee(&self.birth_insee);
                if code.is_none() {
                    e.push(F::BirthInsee, P::InseeInvalid);
                }
                Some(Birthplace::Insee { code: code? })
            } else if given(&self.birth_postal_code) || given(&self.birth_city) {
                let code = if given(&self.birth_postal_code) {
                    let code = postal_code(&self.birth_postal_code);
                    if code.is_none() {
                        e.push(F::BirthPostalCode, P::PostalCodeInvalid);
                    }
                    code
                } else {
                    e.push(F::BirthPostalCode, P::Missing);
                    None
                };
                let city = text(&self.birth_city, F::BirthCity, MAX_TEXT, true, e);
                Some(Birthplace::PostalCode {
                    code: code?,
                    city: city?,
                })
            } else {
                e.push(F::BirthInsee, P::Missing);
                None
            }
        } else {
            for (raw, field) in [
                (&self.birth_insee, F::BirthInsee),
                (&self.birth_postal_code, F::BirthPostalCode),
            ] {
                if given(raw) {
                    e.push(field, P::NotExpected);
                }
            }
            let country = text(&self.birth_country, F::BirthCountry, MAX_TEXT, true, e);
            let country = match country {
                Some(c) if name_key(&c) == "france" => {
                    e.push(F::BirthCountry, P::Invalid);
                    None
                }
                other => other,
            };
            let city = text(&self.birth_city, F::BirthCity, MAX_TEXT, true, e);
            Some(Birthplace::Abroad {
                country: country?,
                city: city?,
            })
        }
    }

    /// How the candidate is billed: `Some(None)` for a school, `Some(Some(_))` otherwise,
    /// `None` when something is wrong.
    fn billing(&self, kind: OrganizationKind, e: &mut Errors) -> Option<Option<Billing>> {
        use CandidateField as F;
        use CandidateProblem as P;
        let mode_given = !self.billing_mode.trim().is_empty();
        let code_given = !self.prepayment_code.trim().is_empty();
        if kind == OrganizationKind::Sco {
            if mode_given {
                e.push(F::BillingMode, P::BillingForbidden);
            }
            if code_given {
                e.push(F::PrepaymentCode, P::PrepaymentCodeForbidden);
            }
            return (!mode_given && !code_given).then_some(None);
        }
        if !mode_given {
            e.push(F::BillingMode, P::BillingMissing);
            // A code is checked all the same, so its own problems show now.
            if code_given {
                text(
                    &self.prepayment_code,
                    F::PrepaymentCode,
                    MAX_PREPAYMENT_CODE,
                    false,
                    e,
                );
            }
            return None;
        }
        let mode = BillingMode::parse(&self.billing_mode);
        let code = match mode {
            Some(BillingMode::Prepaid) if !code_given => {
                e.push(F::PrepaymentCode, P::PrepaymentCodeMissing);
                None
            }
            Some(BillingMode::Free | BillingMode::Paid) if code_given => {
                e.push(F::PrepaymentCode, P::PrepaymentCodeForbidden);
                None
            }
            _ => text(
                &self.prepayment_code,
                F::PrepaymentCode,
                MAX_PREPAYMENT_CODE,
                false,
                e,
            ),
        };
        let Some(mode) = mode else {
            e.push(F::BillingMode, P::Invalid);
            return None;
        };
        match (mode, code) {
            (BillingMode::Prepaid, None) => None,
            (BillingMode::Prepaid, code) => Some(Some(Billing {
                mode,
                prepayment_code: code,
            })),
            (_, _) if code_given => None,
            (_, _) => Some(Some(Billing {
                mode,
                prepayment_code: None,
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> BirthDate {
        BirthDate::parse(s).expect("a date")
    }

    fn today() -> BirthDate {
        date("2026-12-03")
    }

    fn form() -> CandidateForm {
        CandidateForm {
            birth_name: " Le Gall ".into(),
            first_name: "Zoé".into(),
            sex: "f".into(),
            birthdate: "04/05/2001".into(),
            born_in_france: "oui".into(),
            birth_insee: "2a004".into(),
            convocation_email: "zoe@example.org".into(),
            extra_time_percent: "30 %".into(),
            accessibility: "".into(),
            billing_mode: "Prépayée".into(),
            prepayment_code: "PRE-123".into(),
            ..CandidateForm::default()
        }
    }

    fn problems(form: &CandidateForm, kind: OrganizationKind) -> Vec<(&'static str, &'static str)> {
        form.check(kind, today())
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field.as_str(), e.problem.as_str()))
            .collect()
    }

    #[test]
    fn a_good_form_gives_a_typed_candidate() {
        let c = form().check(OrganizationKind::Pro, today()).expect("valid");
        assert_eq!(c.birth_name, "Le Gall");
        assert_eq!(c.sex, Sex::F);
        assert_eq!(c.birthdate, date("2001-05-04"));
        assert_eq!(
            c.birthplace,
            Birthplace::Insee {
                code: "2A004".into()
            }
        );
        assert_eq!(c.convocation_email.as_deref(), Some("zoe@example.org"));
        assert_eq!(c.results_email, None);
        assert_eq!(c.extra_time_percent, 30);
        assert!(!c.accessibility);
        assert_eq!(
            c.billing,
            Some(Billing {
                mode: BillingMode::Prepaid,
                prepayment_code: Some("PRE-123".into())
            })
        );
    }

    #[test]
    fn a_school_candidate_has_no_billing() {
        let mut f = form();
        f.billing_mode.clear();
        f.prepayment_code.clear();
        let c = f.check(OrganizationKind::Sco, today()).expect("valid");
        assert_eq!(c.billing, None);
        assert_eq!(
            problems(&form(), OrganizationKind::Sco),
            vec![
                ("billing_mode", "billing-forbidden"),
                ("prepayment_code", "prepayment-code-forbidden"),
            ]
        );
    }

    #[test]
    fn billing_rules_for_universities_and_employers() {
        let mut f = form();
        f.billing_mode.clear();
        f.prepayment_code.clear();
        assert_eq!(
            problems(&f, OrganizationKind::Sup),
            vec![("billing_mode", "billing-missing")]
        );
        f.billing_mode = "PREPAID".into();
        assert_eq!(
            problems(&f, OrganizationKind::Sup),
            vec![("prepayment_code", "prepayment-code-missing")]
        );
        f.billing_mode = "payante".into();
        f.prepayment_code = "X".into();
        assert_eq!(
            problems(&f, OrganizationKind::Sup),
            vec![("prepayment_code", "prepayment-code-forbidden")]
        );
        f.billing_mode = "prepayee".into();
        f.prepayment_code = "x".repeat(41);
        assert_eq!(
            problems(&f, OrganizationKind::Sup),
            vec![("prepayment_code", "too-long")]
        );
        f.billing_mode = "maybe".into();
        f.prepayment_code.clear();
        assert_eq!(
            problems(&f, OrganizationKind::Sup),
            vec![("billing_mode", "invalid")]
        );
        f.billing_mode = " GRATUITE ".into();
        let c = f.check(OrganizationKind::Sup, today()).expect("valid");
        assert_eq!(
            c.billing,
            Some(Billing {
                mode: BillingMode::Free,
                prepayment_code: None
            })
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = CandidateForm {
            birth_name: "a\0b".into(),
            first_name: "x".repeat(101),
            sex: "X".into(),
            birthdate: "31/02/2001".into(),
            born_in_france: "peut-être".into(),
            convocation_email: "not an email".into(),
            results_email: "a@b@c.fr".into(),
            external_id: "e".repeat(101),
            extra_time_percent: "100".into(),
            accessibility: "maybe".into(),
            billing_mode: "Payante".into(),
            prepayment_code: "P".into(),
            ..CandidateForm::default()
        };
        assert_eq!(
            problems(&bad, OrganizationKind::Pro),
            vec![
                ("birth_name", "invalid"),
                ("first_name", "too-long"),
                ("sex", "invalid"),
                ("birthdate", "bad-date"),
                ("born_in_france", "invalid"),
                ("convocation_email", "email-invalid"),
                ("results_email", "email-invalid"),
                ("external_id", "too-long"),
                ("extra_time_percent", "extra-time-out-of-range"),
                ("accessibility", "invalid"),
                ("prepayment_code", "prepayment-code-forbidden"),
            ]
        );
        assert_eq!(
            problems(&CandidateForm::default(), OrganizationKind::Sco),
            vec![
                ("birth_name", "missing"),
                ("first_name", "missing"),
                ("sex", "missing"),
                ("birthdate", "missing"),
                ("birth_city", "missing"),
                ("birth_country", "missing"),
            ]
        );
    }

    #[test]
    fn birthplace_rules() {
        let mut f = form();
        f.birth_insee.clear();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![("birth_insee", "missing")]
        );
        f.birth_postal_code = "29200".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![("birth_city", "missing")]
        );
        f.birth_city = "Brest".into();
        f.birth_country = "FRANCE".into();
        let c = f.check(OrganizationKind::Pro, today()).expect("valid");
        assert_eq!(
            c.birthplace,
            Birthplace::PostalCode {
                code: "29200".into(),
                city: "Brest".into()
            }
        );
        f.birth_postal_code = "2920".into();
        f.birth_insee = "2C004".into();
        f.birth_country = "Italie".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![
                ("birth_insee", "insee-invalid"),
                ("birth_postal_code", "not-expected"),
                ("birth_city", "not-expected"),
                ("birth_country", "not-expected"),
            ]
        );
        f.born_in_france = "non".into();
        f.birth_country = "France".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![
                ("birth_insee", "not-expected"),
                ("birth_postal_code", "not-expected"),
                ("birth_country", "invalid"),
            ]
        );
        f.birth_insee.clear();
        f.birth_postal_code.clear();
        f.birth_country = "Italie".into();
        f.birth_city = "Rome".into();
        let c = f.check(OrganizationKind::Pro, today()).expect("valid");
        assert_eq!(
            c.birthplace,
            Birthplace::Abroad {
                country: "Italie".into(),
                city: "Rome".into()
            }
        );
        for code in ["75056", "2B033", "97411"] {
            assert!(insee(code).is_some(), "{code}");
        }
        for code in [
            "7505",
            "750567",
            "2C033",
            "A5056",
            "2A03B",
            "75 56",
            "７５０５６",
        ] {
            assert!(insee(code).is_none(), "{code}");
        }
    }

    #[test]
    fn dates_names_and_small_fields() {
        let mut f = form();
        f.birthdate = "2026-12-03".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![("birthdate", "birthdate-in-future")]
        );
        f.birthdate = "1899-12-31".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![("birthdate", "bad-date")]
        );
        f.birthdate = "2001-05-04".into();
        f.first_name = " - ' ".into();
        assert_eq!(
            problems(&f, OrganizationKind::Pro),
            vec![("first_name", "invalid")]
        );
        f.first_name = "Zoé".into();
        for (raw, percent) in [("", 0), ("0", 0), ("00", 0), ("99%", 99), (" 7 % ", 7)] {
            f.extra_time_percent = raw.into();
            let c = f.check(OrganizationKind::Pro, today()).expect("valid");
            assert_eq!(c.extra_time_percent, percent, "{raw}");
        }
        for (raw, problem) in [
            ("-5", "extra-time-out-of-range"),
            ("99999999999999999999", "extra-time-out-of-range"),
            ("12.5", "invalid"),
            ("%", "invalid"),
            ("dix", "invalid"),
        ] {
            f.extra_time_percent = raw.into();
            assert_eq!(
                problems(&f, OrganizationKind::Pro),
                vec![("extra_time_percent", problem)],
                "{raw}"
            );
        }
        assert_eq!(Sex::parse(" h "), Some(Sex::M));
        assert_eq!(Sex::parse("m"), Some(Sex::M));
        assert_eq!(Sex::parse("F"), Some(Sex::F));
        assert_eq!(Sex::parse("Femme"), None);
        for mode in BillingMode::ALL {
            assert_eq!(BillingMode::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(BillingMode::parse("PRÉPAYÉE"), Some(BillingMode::Prepaid));
        for field in CandidateField::ALL {
            assert_eq!(CandidateField::parse(field.as_str()), Some(field));
        }
        for (raw, ok) in [
            ("a@b.fr", true),
            ("a.b+c@sub.example.org", true),
            ("a@b", false),
            ("@b.fr", false),
            ("a@.fr", false),
            ("a@b.", false),
            ("a b@c.fr", false),
            ("a@b..fr", false),
        ] {
            assert_eq!(plausible_email(raw), ok, "{raw}");
        }
    }

    #[test]
    fn duplicates_share_a_key_whatever_the_spelling() {
        let c = form().check(OrganizationKind::Pro, today()).expect("valid");
        assert_eq!(c.duplicate_key(), "legall|zoe|2001-05-04");
        assert_eq!(
            duplicate_key_of("ZOE", "le-gall", date("04/05/2001")),
            c.duplicate_key()
        );
        assert_ne!(
            duplicate_key_of("Zoé", "Le Gall", date("2001-05-05")),
            c.duplicate_key()
        );
    }

    /// Any text, control characters and very long values included.
    fn raw() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "\\PC{0,8}",
            Just(String::new()),
            Just("oui".to_string()),
            Just("non".to_string()),
            Just("Prépayée".to_string()),
            Just("75056".to_string()),
            Just("x".repeat(300)),
        ]
    }

    fn any_form() -> impl Strategy<Value = CandidateForm> {
        proptest::collection::vec(raw(), CandidateField::ALL.len()).prop_map(|values| {
            let mut form = CandidateForm::default();
            for (field, value) in CandidateField::ALL.into_iter().zip(values) {
                *field.value_mut(&mut form) = value;
            }
            form
        })
    }

    fn any_kind() -> impl Strategy<Value = OrganizationKind> {
        prop_oneof![
            Just(OrganizationKind::Sco),
            Just(OrganizationKind::Sup),
            Just(OrganizationKind::Pro),
        ]
    }

    proptest! {
        #[test]
        fn checking_never_panics_and_every_error_points_at_its_field(
            form in any_form(),
            kind in any_kind(),
        ) {
            match form.check(kind, today()) {
                Ok(c) => {
                    prop_assert!(!c.birth_name.is_empty() && c.birth_name.chars().count() <= MAX_NAME);
                    prop_assert!(!c.first_name.is_empty() && c.first_name.chars().count() <= MAX_NAME);
                    prop_assert!(c.extra_time_percent <= MAX_EXTRA_TIME_PERCENT);
                    prop_assert_eq!(c.billing.is_none(), kind == OrganizationKind::Sco);
                    prop_assert!(c.birthdate < today());
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    prop_assert!(errors.windows(2).all(|w| w[0].field <= w[1].field));
                    for error in &errors {
                        let blank = error.field.value(&form).trim().is_empty();
                        prop_assert_eq!(
                            blank,
                            error.problem.is_absence(),
                            "{:?} on {:?}",
                            error,
                            error.field.value(&form)
                        );
                    }
                }
            }
        }

        #[test]
        fn a_bad_independent_field_only_blames_itself(
            value in raw(),
            pick in 0usize..9,
        ) {
            let field = [
                CandidateField::BirthName,
                CandidateField::FirstName,
                CandidateField::Sex,
                CandidateField::Birthdate,
                CandidateField::ConvocationEmail,
                CandidateField::ResultsEmail,
                CandidateField::ExternalId,
                CandidateField::ExtraTimePercent,
                CandidateField::Accessibility,
            ][pick];
            let mut f = form();
            *field.value_mut(&mut f) = value;
            if let Err(errors) = f.check(OrganizationKind::Sup, today()) {
                prop_assert_eq!(errors.len(), 1);
                prop_assert_eq!(errors[0].field, field);
            }
        }
    }
}
