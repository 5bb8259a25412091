//! An organisation's learners file: `;` or `,` separated, UTF-8 (a BOM is fine), a header
//! naming the columns. `nom` and `prénom` are required; `INE` (or `identifiant national`,
//! `numéro étudiant`), `date de naissance`, `division` (or `classe`) and `groupe` are read;
//! any other column becomes an attribute. A row repeating an earlier learner
//! (`roster::duplicates`) is a problem too.

use acquis_core::campaign::roster::{self, RosterEntry};

/// Rows read at most from one file.
pub const MAX_ROWS: usize = 10_000;

/// A problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file (1 is the header).
    pub line: u64,
    /// The column's name, if the problem is in one cell.
    pub column: String,
    /// The value at fault, as written (empty when it is missing).
    pub value: String,
    /// What is wrong.
    pub problem: RowProblem,
}

/// What is wrong with a file or one of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// No header, or no learner.
    Empty,
    /// A required column (`nom`, `prénom`) is missing from the header.
    MissingColumn,
    /// A required cell is empty.
    Required,
    /// A birth date that is not `JJ/MM/AAAA` or `AAAA-MM-JJ` between 1900 and 2100.
    Date,
    /// The row cannot be read as CSV (bad quoting, not UTF-8).
    Unreadable,
    /// More rows than [`MAX_ROWS`].
    TooMany,
    /// Not as many cells as the header has columns.
    Columns,
    /// The same learner as an earlier row (the value says which line).
    Duplicate,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    NationalId,
    LastName,
    FirstName,
    Birthdate,
    Division,
    Group,
    Attribute(String),
}

/// Lower case, without accents or surrounding spaces: how header names are compared.
fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '_' => ' ',
            c => c,
        })
        .collect()
}

fn column(name: &str) -> Column {
    match normalise(name).as_str() {
        "ine" | "identifiant national" | "numero etudiant" | "numero d'etudiant" => {
            Column::NationalId
        }
        "nom" | "nom de famille" => Column::LastName,
        "prenom" => Column::FirstName,
        "date de naissance" | "naissance" => Column::Birthdate,
        "division" | "classe" => Column::Division,
        "groupe" | "group" => Column::Group,
        _ => Column::Attribute(name.trim().to_string()),
    }
}

/// A birth date as ISO `YYYY-MM-DD`, from `JJ/MM/AAAA` or ISO.
fn birthdate(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let date = chrono::NaiveDate::parse_from_str(raw, "%d/%m/%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d"))
        .ok()?;
    let year = chrono::Datelike::year(&date);
    (1900..=2100)
        .contains(&year)
        .then(|| date.format("%Y-%m-%d").to_string())
}

/// The separator: whichever of `;` and `,` the header uses more.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(',').count() > header.matches(';').count() {
        b','
    } else {
        b';'
    }
}

fn error(line: u64, column: &str, problem: RowProblem) -> RowError {
    quoting(line, column, "", problem)
}

fn quoting(line: u64, column: &str, value: &str, problem: RowProblem) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        value: value.to_string(),
        problem,
    }
}

/// The line (from 1) of records met in order, counted from the text itself: the CSV
/// reader's own line count is off by the blank lines (and the header), a spreadsheet's is not.
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
    /// asked). The reader places a record at the line break ending the one before, so the
    /// breaks (and blank lines) from there on are skipped first.
    fn at(&mut self, at: u64) -> u64 {
        let mut at = usize::try_from(at)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        if at > self.byte {
            let newlines = self.text[self.byte..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines as u64;
            self.byte = at;
        }
        self.line
    }
}

/// The learners of `text`, or every problem found.
pub fn parse(text: &str) -> Result<Vec<RosterEntry>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_string).collect(),
        _ => return Err(vec![error(1, "", RowProblem::Empty)]),
    };
    let columns: Vec<Column> = header.iter().map(|h| column(h)).collect();
    let mut errors = Vec::new();
    for (required, name) in [(Column::LastName, "nom"), (Column::FirstName, "prénom")] {
        if !columns.contains(&required) {
            errors.push(error(1, name, RowProblem::MissingColumn));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut lines = LineCounter::new(text);
    let mut learners: Vec<(u64, RosterEntry)> = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                errors.push(error(line, "", RowProblem::Unreadable));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if learners.len() + errors.len() >= MAX_ROWS {
            errors.push(error(line, "", RowProblem::TooMany));
            break;
        }
        if record.len() != columns.len() {
            let cells: Vec<&str> = record.iter().collect();
            let written = cells.join(if separator(text) == b',' { "," } else { ";" });
            errors.push(quoting(line, "", &written, RowProblem::Columns));
            continue;
        }
        match learner(line, &header, &columns, &record) {
            Ok(l) => learners.push((line, l)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() && learners.is_empty() {
        return Err(vec![error(2, "", RowProblem::Empty)]);
    }
    let entries: Vec<RosterEntry> = learners.iter().map(|(_, l)| l.clone()).collect();
    for (row, first) in roster::duplicates(&entries) {
        let (line, l) = &learners[row];
        let earlier = learners[first].0;
        let who = format!("{} {} = {earlier}", l.last_name, l.first_name);
        errors.push(quoting(*line, "", &who, RowProblem::Duplicate));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    Ok(learners.into_iter().map(|(_, l)| l).collect())
}

/// The file the page offers to download: the header and one example row.
pub fn template() -> String {
    "\u{feff}INE;Nom;Prénom;Date de naissance;Classe;Groupe;Option\r\n\
     123456789AB;Exemple;Camille;14/03/2010;3e A;Groupe 1;Latin\r\n"
        .to_string()
}

fn learner(
    line: u64,
    header: &[String],
    columns: &[Column],
    record: &csv::StringRecord,
) -> Result<RosterEntry, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut l = RosterEntry::default();
    let mut attributes = serde_json::Map::new();
    for ((column, name), cell) in columns.iter().zip(header).zip(record.iter()) {
        let cell = cell.trim();
        let value = (!cell.is_empty()).then(|| cell.to_string());
        match column {
            Column::LastName | Column::FirstName if cell.is_empty() => {
                errors.push(error(line, name, RowProblem::Required));
            }
            Column::NationalId => l.national_id = value,
            Column::LastName => l.last_name = cell.to_string(),
            Column::FirstName => l.first_name = cell.to_string(),
            Column::Birthdate => match value {
                None => {}
                Some(raw) => match birthdate(&raw) {
                    Some(date) => l.birthdate = Some(date),
                    None => errors.push(quoting(line, name, &raw, RowProblem::Date)),
                },
            },
            Column::Division => l.division = value,
            Column::Group => l.group = value,
            Column::Attribute(key) => {
                if let Some(v) = value {
                    attributes.insert(key.clone(), serde_json::Value::String(v));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    l.attributes = serde_json::Value::Object(attributes).to_string();
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semicolon_file_with_extra_columns_gives_learners_with_attributes() {
        let file = "\u{feff}Nom;Prénom;Date de naissance;Classe;Option\nDurand;Léa;14/03/2009;3e A;Latin\n\n";
        let learners = parse(file).unwrap();
        assert_eq!(learners.len(), 1);
        let l = &learners[0];
        assert_eq!(
            (l.last_name.as_str(), l.first_name.as_str()),
            ("Durand", "Léa")
        );
        assert_eq!(l.birthdate.as_deref(), Some("2009-03-14"));
        assert_eq!(l.division.as_deref(), Some("3e A"));
        assert_eq!(l.attributes, r#"{"Option":"Latin"}"#);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let file = "nom,prénom,groupe,date de naissance\nDurand,Léa,G1,\n,Tom,G2,\nMartin,Zoé,G1,31/02/2010\nA,B\n";
        let errors = parse(file).unwrap_err();
        assert_eq!(
            errors,
            vec![
                error(3, "nom", RowProblem::Required),
                quoting(4, "date de naissance", "31/02/2010", RowProblem::Date),
                quoting(5, "", "A,B", RowProblem::Columns),
            ]
        );
    }

    #[test]
    fn lines_are_counted_as_a_spreadsheet_does_blank_lines_and_crlf_included() {
        let file = "\u{feff}nom;prénom;date de naissance\r\nDurand;Léa;14/03/2009\r\n\r\n;;\r\nMartin;Zoé;2010-13-01\r\n";
        assert_eq!(
            parse(file).unwrap_err(),
            vec![quoting(
                5,
                "date de naissance",
                "2010-13-01",
                RowProblem::Date
            )]
        );
    }

    #[test]
    fn a_learner_given_twice_is_refused_with_both_lines() {
        let file = "INE;nom;prénom\n1A;Durand;Léa\n2B;Petit;Tom\n1 a;Durand;Léa\n";
        let errors = parse(file).unwrap_err();
        assert_eq!(
            errors,
            vec![quoting(4, "", "Durand Léa = 2", RowProblem::Duplicate)]
        );
    }

    #[test]
    fn the_template_imports_as_it_is() {
        let learners = parse(&template()).unwrap();
        assert_eq!(learners.len(), 1);
        assert_eq!(learners[0].national_id.as_deref(), Some("123456789AB"));
        assert_eq!(learners[0].group.as_deref(), Some("Groupe 1"));
    }

    #[test]
    fn a_file_without_the_name_columns_is_refused() {
        let errors = parse("classe;groupe\n3e;G\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors.iter().all(|e| e.line == 1));
    }
}
