//! A certification centre's candidates file: UTF-8 (a BOM is fine), `;` separated (or `,` when
//! the header has no `;`), one header line naming the columns of [`template`] in any order
//! (their names compared without case, accents, spaces, punctuation or the part in
//! parentheses), then one candidate a line. Each row is checked as the enrolment form is
//! ([`CandidateForm::check`]); a row describing the same person as an earlier one
//! ([`Candidate::duplicate_key`]) is a problem too.
//!
//! The columns of the birth name, first name, sex, birth date, "born in France" and the four
//! birthplace fields are required, and for a university or an employer the billing mode too;
//! the others may be left out. A school's (SCO) file has no billing column: one there is a
//! problem, as is a column the file does not know (rather than losing what it holds).

use std::collections::HashMap;

use acquis_core::campaign::reconciliation::{BirthDate, name_key};
use acquis_core::certification::candidate::{
    Candidate, CandidateField, CandidateForm, CandidateProblem,
};
use acquis_core::organization::OrganizationKind;

/// Candidates read at most from one file.
pub const MAX_ROWS: usize = 5_000;

/// Longest value quoted back in a [`RowError`], in characters (a longer one is cut, with `…`).
pub const MAX_QUOTED: usize = 100;

/// A problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file, as a spreadsheet numbers it (1 is the header).
    pub line: u64,
    /// The column's header, as the file writes it (as [`template`] does when the column is
    /// missing); empty when the problem is not in one column.
    pub column: String,
    /// The value at fault, as written (cut after [`MAX_QUOTED`] characters, control
    /// characters shown as `�`); empty when it is missing.
    pub value: String,
    /// What is wrong.
    pub problem: RowProblem,
}

/// What is wrong with the file or one of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// No header, or no candidate.
    Empty,
    /// The file is not UTF-8 text (the value says at which byte it stops being so).
    NotUtf8,
    /// A required column is missing from the header.
    MissingColumn,
    /// A header the file does not know.
    UnknownColumn,
    /// The same column twice in the header.
    RepeatedColumn,
    /// A billing column in a school's (SCO) file.
    ForbiddenColumn,
    /// The row cannot be read as CSV.
    Unreadable,
    /// More rows than [`MAX_ROWS`].
    TooMany,
    /// More cells than the header has columns (the extra ones not empty).
    Columns,
    /// The same candidate as an earlier row (the value says which line).
    Duplicate,
    /// A cell's value is wrong.
    Field(CandidateProblem),
}

impl RowProblem {
    /// A stable kebab-case key, for messages (a cell's problem is
    /// [`CandidateProblem::as_str`]).
    pub fn as_str(self) -> &'static str {
        match self {
            RowProblem::Empty => "empty",
            RowProblem::NotUtf8 => "not-utf8",
            RowProblem::MissingColumn => "missing-column",
            RowProblem::UnknownColumn => "unknown-column",
            RowProblem::RepeatedColumn => "repeated-column",
            RowProblem::ForbiddenColumn => "forbidden-column",
            RowProblem::Unreadable => "unreadable",
            RowProblem::TooMany => "too-many",
            RowProblem::Columns => "columns",
            RowProblem::Duplicate => "duplicate",
            RowProblem::Field(problem) => problem.as_str(),
        }
    }
}

/// A column of the file: its field, the header [`template`] writes, the other names it
/// goes by (as [`header_key`] writes them), and whether the file must have it.
struct Column {
    field: CandidateField,
    header: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

/// Every column, in the template's order.
const COLUMNS: [Column; 16] = [
    Column {
        field: CandidateField::BirthName,
        header: "Nom de naissance",
        aliases: &["nom", "nomdefamille"],
        required: true,
    },
    Column {
        field: CandidateField::FirstName,
        header: "Prénom",
        aliases: &["prenoms"],
        required: true,
    },
    Column {
        field: CandidateField::Sex,
        header: "Sexe (M/F)",
        aliases: &[],
        required: true,
    },
    Column {
        field: CandidateField::Birthdate,
        header: "Date de naissance (JJ/MM/AAAA)",
        aliases: &["naissance"],
        required: true,
    },
    Column {
        field: CandidateField::BornInFrance,
        header: "Né(e) en France (oui/non)",
        aliases: &["neeenfrance"],
        required: true,
    },
    Column {
        field: CandidateField::BirthInsee,
        header: "Code INSEE de naissance",
        aliases: &["codeinsee", "insee"],
        required: true,
    },
    Column {
        field: CandidateField::BirthPostalCode,
        header: "Code postal de naissance",
        aliases: &["codepostal"],
        required: true,
    },
    Column {
        field: CandidateField::BirthCity,
        header: "Commune de naissance",
        aliases: &["villedenaissance", "commune"],
        required: true,
    },
    Column {
        field: CandidateField::BirthCountry,
        header: "Pays de naissance",
        aliases: &["pays"],
        required: true,
    },
    Column {
        field: CandidateField::ConvocationEmail,
        header: "E-mail de convocation",
        aliases: &["courrieldeconvocation", "maildeconvocation"],
        required: false,
    },
    Column {
        field: CandidateField::ResultsEmail,
        header: "E-mail du destinataire des résultats",
        aliases: &["emaildesresultats", "courrieldudestinatairedesresultats"],
        required: false,
    },
    Column {
        field: CandidateField::ExternalId,
        header: "Identifiant externe",
        aliases: &[],
        required: false,
    },
    Column {
        field: CandidateField::ExtraTimePercent,
        header: "Temps majoré (%)",
        aliases: &[],
        required: false,
    },
    Column {
        field: CandidateField::Accessibility,
        header: "Aménagement d'accessibilité (oui/non)",
        aliases: &["accessibilite"],
        required: false,
    },
    Column {
        field: CandidateField::BillingMode,
        header: "Tarification (Gratuite/Payante/Prépayée)",
        aliases: &["tarif"],
        required: true,
    },
    Column {
        field: CandidateField::PrepaymentCode,
        header: "Code de prépaiement",
        aliases: &[],
        required: false,
    },
];

/// Whether a centre of `kind` has a column for `field` (a school has none for billing).
fn applies(field: CandidateField, kind: OrganizationKind) -> bool {
    kind != OrganizationKind::Sco
        || !matches!(
            field,
            CandidateField::BillingMode | CandidateField::PrepaymentCode
        )
}

/// How header names are compared: without what is in parentheses, then as [`name_key`]
/// (no case, accents, spaces or punctuation): `Né(e) en France (oui/non)` is `neenfrance`.
fn header_key(name: &str) -> String {
    let mut kept = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    name_key(&kept)
}

/// The column a header names, if any.
fn column(name: &str) -> Option<&'static Column> {
    let key = header_key(name);
    COLUMNS.iter().find(|c| {
        header_key(c.header) == key
            || c.aliases.contains(&key.as_str())
            || name_key(c.field.as_str()) == key
    })
}

/// The file the page offers to download for a centre of `kind`: UTF-8 with a BOM, `;`
/// separated, the header and one example row.
pub fn template(kind: OrganizationKind) -> String {
    let example = [
        "Martin",
        "Camille",
        "F",
        "14/03/2004",
        "oui",
        "",
        "29200",
        "Brest",
        "",
        "camille.martin@example.org",
        "",
        "ETU-0042",
        "",
        "non",
        "Gratuite",
        "",
    ];
    let (headers, values): (Vec<&str>, Vec<&str>) = COLUMNS
        .iter()
        .zip(example)
        .filter(|(c, _)| applies(c.field, kind))
        .map(|(c, v)| (c.header, v))
        .unzip();
    format!("\u{feff}{}\r\n{}\r\n", headers.join(";"), values.join(";"))
}

fn error(line: u64, column: &str, value: &str, problem: RowProblem) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        value: quote(value),
        problem,
    }
}

/// `value` as a problem quotes it: trimmed, cut after [`MAX_QUOTED`] characters, control
/// characters replaced.
fn quote(value: &str) -> String {
    let value = value.trim();
    let mut quoted: String = value
        .chars()
        .take(MAX_QUOTED)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if value.chars().nth(MAX_QUOTED).is_some() {
        quoted.push('…');
    }
    quoted
}

/// Whether byte `i` of `text` ends a line: a `\n`, or a `\r` not followed by one (old
/// Macintosh files).
fn is_break(text: &[u8], i: usize) -> bool {
    match text.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => text.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The line (from 1) of records met in order, counted from the text itself: the CSV
/// reader's own count skips blank lines, a spreadsheet does not. Lines end with `\n`,
/// `\r\n` or a lone `\r`, as the reader's records do.
struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The line of the record the reader places at byte `at` (never before the last one
    /// asked). The reader places a record at the line break that ends the one before it, so
    /// the breaks (and blank lines) from there on are skipped first.
    fn at(&mut self, at: u64) -> u64 {
        let mut at = usize::try_from(at)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        if at > self.byte {
            let newlines = (self.byte..at).filter(|&i| is_break(self.text, i)).count();
            self.line += newlines as u64;
            self.byte = at;
        }
        self.line
    }
}

/// The header, read: which column each cell is (`None` for a blank header cell, whose
/// cells are not read), or every problem it has.
fn header(
    cells: &[String],
    kind: OrganizationKind,
) -> Result<Vec<Option<&'static Column>>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut columns = Vec::with_capacity(cells.len());
    let mut seen: Vec<CandidateField> = Vec::new();
    for cell in cells {
        let name = cell.trim();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match column(name) {
            None => errors.push(error(1, name, name, RowProblem::UnknownColumn)),
            Some(c) if !applies(c.field, kind) => {
                errors.push(error(1, name, name, RowProblem::ForbiddenColumn));
            }
            Some(c) if seen.contains(&c.field) => {
                errors.push(error(1, name, name, RowProblem::RepeatedColumn));
            }
            Some(c) => seen.push(c.field),
        }
        columns.push(column(name).filter(|c| applies(c.field, kind)));
    }
    for c in COLUMNS.iter() {
        if c.required && applies(c.field, kind) && !seen.contains(&c.field) {
            errors.push(error(1, c.header, "", RowProblem::MissingColumn));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// Where the bytes of `bytes` stop being UTF-8: the line, and the byte (from 1, counting the
/// `bom` bytes stripped before) in the value.
fn not_utf8(bytes: &[u8], bom: usize, e: std::str::Utf8Error) -> RowError {
    let valid = e.valid_up_to();
    let line = (0..valid).filter(|&i| is_break(bytes, i)).count() as u64 + 1;
    let value = format!("octet {}", bom + valid + 1);
    error(line, "", &value, RowProblem::NotUtf8)
}

/// The candidates of the file `bytes`, for a centre of `kind` (`today` is the current date,
/// which every birth date must precede), or every problem found, in line order.
pub fn parse(
    bytes: &[u8],
    kind: OrganizationKind,
    today: BirthDate,
) -> Result<Vec<Candidate>, Vec<RowError>> {
    let (bytes, bom) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(vec![not_utf8(bytes, bom, e)]),
    };
    let header_line = text.lines().next().unwrap_or_default();
    let separator = if !header_line.contains(';') && header_line.contains(',') {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let names: Vec<String> = match records.next() {
        Some(Ok(h)) if h.iter().any(|c| !c.trim().is_empty()) => {
            h.iter().map(str::to_string).collect()
        }
        Some(Err(_)) => return Err(vec![error(1, "", "", RowProblem::Unreadable)]),
        _ => return Err(vec![error(1, "", "", RowProblem::Empty)]),
    };
    let columns = header(&names, kind)?;
    // The header each field is reported under: the file's, or the template's when absent.
    let mut headers: HashMap<CandidateField, String> = COLUMNS
        .iter()
        .map(|c| (c.field, c.header.to_string()))
        .collect();
    for (c, name) in columns.iter().zip(&names) {
        if let Some(c) = c {
            headers.insert(c.field, name.trim().to_string());
        }
    }

    let mut errors = Vec::new();
    let mut lines = LineCounter::new(text);
    let mut rows = 0usize;
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                errors.push(error(line, "", "", RowProblem::Unreadable));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            errors.push(error(line, "", "", RowProblem::TooMany));
            break;
        }
        if record
            .iter()
            .skip(columns.len())
            .any(|cell| !cell.trim().is_empty())
        {
            let cells: Vec<&str> = record.iter().collect();
            let written = cells.join(if separator == b',' { "," } else { ";" });
            errors.push(error(line, "", &written, RowProblem::Columns));
            continue;
        }
        let mut form = CandidateForm::default();
        for (c, cell) in columns.iter().zip(record.iter()) {
            if let Some(c) = c {
                *c.field.value_mut(&mut form) = cell.to_string();
            }
        }
        match form.check(kind, today) {
            Ok(candidate) => {
                let key = candidate.duplicate_key();
                if let Some(&first) = first_line.get(&key) {
                    let who = format!(
                        "{} {} = {first}",
                        candidate.birth_name, candidate.first_name
                    );
                    errors.push(error(line, "", &who, RowProblem::Duplicate));
                } else {
                    first_line.insert(key, line);
                    candidates.push(candidate);
                }
            }
            Err(problems) => {
                errors.extend(problems.into_iter().map(|p| {
                    let column = headers.get(&p.field).map_or("", String::as_str);
                    let value = p.field.value(&form);
                    error(line, column, value, RowProblem::Field(p.problem))
                }));
            }
        }
    }
    if errors.is_empty() && candidates.is_empty() {
        return Err(vec![error(2, "", "", RowProblem::Empty)]);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use acquis_core::certification::candidate::{BillingMode, Birthplace, Sex};

    const SCO: OrganizationKind = OrganizationKind::Sco;
    const PRO: OrganizationKind = OrganizationKind::Pro;

    fn today() -> BirthDate {
        BirthDate::parse("2026-12-03").expect("a date")
    }

    fn field(line: u64, column: &str, value: &str, problem: CandidateProblem) -> RowError {
        error(line, column, value, RowProblem::Field(problem))
    }

    /// A file of `rows` under the short SCO-style header (no billing) used by several tests.
    const SHORT: &str = "Nom de naissance;Prénom;Sexe;Date de naissance;Né en France;Code INSEE de naissance;Code postal de naissance;Commune de naissance;Pays de naissance";

    #[test]
    fn each_template_reads_back_as_one_candidate() {
        for kind in [SCO, OrganizationKind::Sup, PRO] {
            let file = template(kind);
            assert!(file.starts_with('\u{feff}'));
            let candidates = parse(file.as_bytes(), kind, today()).expect("the template imports");
            assert_eq!(candidates.len(), 1);
            let c = &candidates[0];
            assert_eq!((c.birth_name.as_str(), c.sex), ("Martin", Sex::F));
            assert_eq!(c.birthdate.iso(), "2004-03-14");
            assert_eq!(
                c.birthplace,
                Birthplace::PostalCode {
                    code: "29200".into(),
                    city: "Brest".into()
                }
            );
            assert_eq!(c.external_id.as_deref(), Some("ETU-0042"));
            assert_eq!(
                c.billing.as_ref().map(|b| b.mode),
                (kind != SCO).then_some(BillingMode::Free)
            );
        }
    }

    #[test]
    fn the_headers_are_the_documented_ones() {
        let sco = template(SCO);
        let pro = template(PRO);
        let header = |t: &str| t.lines().next().unwrap_or_default().to_string();
        assert_eq!(
            header(&sco),
            "\u{feff}Nom de naissance;Prénom;Sexe (M/F);Date de naissance (JJ/MM/AAAA);Né(e) en France (oui/non);Code INSEE de naissance;Code postal de naissance;Commune de naissance;Pays de naissance;E-mail de convocation;E-mail du destinataire des résultats;Identifiant externe;Temps majoré (%);Aménagement d'accessibilité (oui/non)"
        );
        assert_eq!(
            header(&pro),
            format!(
                "{};Tarification (Gratuite/Payante/Prépayée);Code de prépaiement",
                header(&sco)
            )
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let file = format!(
            "{SHORT}\n\
             Durand;Léa;F;14/03/2009;oui;75056;;;\n\
             ;Tom;X;2009-02-30;oui;;;;\n\
             \n\
             Petit;Zoé;M;01/01/2000;non;;;Rome;France\n\
             Roux;Noé;M;01/01/2000;oui;;2920;Brest;\n"
        );
        let errors = parse(file.as_bytes(), SCO, today()).expect_err("refused");
        use CandidateProblem as P;
        assert_eq!(
            errors,
            vec![
                field(3, "Nom de naissance", "", P::Missing),
                field(3, "Sexe", "X", P::Invalid),
                field(3, "Date de naissance", "2009-02-30", P::BadDate),
                field(3, "Code INSEE de naissance", "", P::Missing),
                field(5, "Pays de naissance", "France", P::Invalid),
                field(6, "Code postal de naissance", "2920", P::PostalCodeInvalid),
            ]
        );
    }

    #[test]
    fn with_or_without_a_bom_with_commas_crlf_and_any_column_order() {
        let rows = "Martin;Camille;f;14/03/2004;oui;2B033;;;\r\nDupont;Jean;H;2001-12-31;NON;;;Genève;Suisse\r\n";
        for file in [
            format!("\u{feff}{SHORT}\r\n{rows}"),
            format!("{SHORT}\r\n{rows}"),
        ] {
            let candidates = parse(file.as_bytes(), SCO, today()).expect("valid");
            assert_eq!(candidates.len(), 2);
            assert_eq!(candidates[0].birthdate.iso(), "2004-03-14");
            assert_eq!(candidates[1].sex, Sex::M);
        }
        let file = "pays de naissance,PRENOM,nom de naissance,sexe (m/f),date de naissance,nee en france,code insee,code postal,commune de naissance,tarification,code de prepaiement\n\
                    Italie,Zoé,Rossi,F,04/05/2001,non,,,Rome,prépayée,P-1\n";
        let candidates = parse(file.as_bytes(), PRO, today()).expect("valid");
        assert_eq!(candidates[0].birth_name, "Rossi");
        assert_eq!(
            candidates[0]
                .billing
                .as_ref()
                .and_then(|b| b.prepayment_code.as_deref()),
            Some("P-1")
        );
    }

    #[test]
    fn a_candidate_given_twice_is_refused_with_both_lines() {
        let file = format!(
            "{SHORT}\nLe Gall;Zoé;F;04/05/2001;oui;29019;;;\nPetit;Tom;M;2001-01-01;oui;29019;;;\nle-gall;ZOE;F;2001-05-04;non;;;Rome;Italie\n"
        );
        assert_eq!(
            parse(file.as_bytes(), SCO, today()).expect_err("refused"),
            vec![error(4, "", "le-gall ZOE = 2", RowProblem::Duplicate)]
        );
    }

    #[test]
    fn a_school_file_has_no_billing_column() {
        assert!(!template(SCO).contains("Tarification"));
        let pro = template(PRO);
        let errors = parse(pro.as_bytes(), SCO, today()).expect_err("refused");
        assert_eq!(
            errors,
            vec![
                error(
                    1,
                    "Tarification (Gratuite/Payante/Prépayée)",
                    "Tarification (Gratuite/Payante/Prépayée)",
                    RowProblem::ForbiddenColumn
                ),
                error(
                    1,
                    "Code de prépaiement",
                    "Code de prépaiement",
                    RowProblem::ForbiddenColumn
                ),
            ]
        );
        let errors = parse(template(SCO).as_bytes(), PRO, today()).expect_err("refused");
        assert_eq!(
            errors,
            vec![error(
                1,
                "Tarification (Gratuite/Payante/Prépayée)",
                "",
                RowProblem::MissingColumn
            )]
        );
    }

    #[test]
    fn header_problems_are_all_on_line_one() {
        let errors = parse(
            "Nom;Prénom;Prénom;Remarque\nA;B;C;D\n".as_bytes(),
            SCO,
            today(),
        )
        .expect_err("refused");
        assert!(errors.iter().all(|e| e.line == 1));
        assert_eq!(
            errors
                .iter()
                .filter(|e| e.problem == RowProblem::MissingColumn)
                .count(),
            7
        );
        assert!(errors.contains(&error(1, "Prénom", "Prénom", RowProblem::RepeatedColumn)));
        assert!(errors.contains(&error(1, "Remarque", "Remarque", RowProblem::UnknownColumn)));
    }

    #[test]
    fn empty_files_and_bad_bytes_are_refused_clearly() {
        for file in ["", "\u{feff}", " \n\n", "\u{feff}\r\n"] {
            assert_eq!(
                parse(file.as_bytes(), SCO, today()),
                Err(vec![error(1, "", "", RowProblem::Empty)]),
                "{file:?}"
            );
        }
        let header_only = format!("{SHORT}\n;;;;;;;;\n\n");
        assert_eq!(
            parse(header_only.as_bytes(), SCO, today()),
            Err(vec![error(2, "", "", RowProblem::Empty)])
        );
        let mut latin1 = format!("{SHORT}\nDurand;L").into_bytes();
        latin1.extend_from_slice(b"\xe9a;F;14/03/2009;oui;75056;;;\n");
        assert_eq!(
            parse(&latin1, SCO, today()),
            Err(vec![error(
                2,
                "",
                &format!("octet {}", SHORT.len() + 10),
                RowProblem::NotUtf8
            )])
        );
    }

    #[test]
    fn nul_bytes_huge_cells_and_extra_cells_are_problems_not_panics() {
        let huge = "x".repeat(1_000_000);
        let file = format!(
            "{SHORT}\nDu\0rand;Léa;F;14/03/2009;oui;75056;;;\n{huge};Léa;F;14/03/2009;oui;75056;;;\nA;B;F;14/03/2009;oui;75056;;;;extra\n\"open;quote\n"
        );
        let errors = parse(file.as_bytes(), SCO, today()).expect_err("refused");
        assert_eq!(
            errors[0],
            field(
                2,
                "Nom de naissance",
                "Du\u{fffd}rand",
                CandidateProblem::Invalid
            )
        );
        assert_eq!(errors[1].line, 3);
        assert_eq!(
            errors[1].problem,
            RowProblem::Field(CandidateProblem::TooLong)
        );
        assert_eq!(errors[1].value.chars().count(), MAX_QUOTED + 1);
        assert_eq!(errors[2].line, 4);
        assert_eq!(errors[2].problem, RowProblem::Columns);
        assert!(errors.len() >= 4, "{errors:?}");
        let nul = [0u8; 64];
        assert!(parse(&nul, PRO, today()).is_err());
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut file = format!("{SHORT}\n");
        for i in 0..=MAX_ROWS {
            file.push_str(&format!("Nom{i};Prénom;F;14/03/2009;oui;75056;;;\n"));
        }
        let errors = parse(file.as_bytes(), SCO, today()).expect_err("refused");
        assert_eq!(
            errors,
            vec![error(MAX_ROWS as u64 + 2, "", "", RowProblem::TooMany)]
        );
    }
}
