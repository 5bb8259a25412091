//! The learners file of the import form, read by `acquis_import::learners`: its rows as the
//! use case takes them, its problems with the Fluent key the page shows for each.

use acquis_app::organizations::NewOrganizationLearner;
use acquis_import::learners::{self, RowProblem};

pub use acquis_import::learners::template;

/// A problem in the file, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file (1 is the header).
    pub line: u64,
    /// The column's name, if the problem is in one cell.
    pub column: String,
    /// The value at fault, as written (empty when it is missing).
    pub value: String,
    /// What is wrong (a Fluent key).
    pub reason: &'static str,
}

/// The learners of `text`, or every problem found.
pub fn parse(text: &str) -> Result<Vec<NewOrganizationLearner>, Vec<RowError>> {
    match learners::parse(text) {
        Ok(rows) => Ok(rows
            .into_iter()
            .map(|r| NewOrganizationLearner {
                national_id: r.national_id,
                first_name: r.first_name,
                last_name: r.last_name,
                birthdate: r.birthdate,
                division: r.division,
                group_name: r.group,
                attributes: r.attributes,
            })
            .collect()),
        Err(problems) => Err(problems
            .into_iter()
            .map(|p| RowError {
                line: p.line,
                column: p.column,
                value: p.value,
                reason: key(p.problem),
            })
            .collect()),
    }
}

fn key(problem: RowProblem) -> &'static str {
    match problem {
        RowProblem::Empty => "orga-import-error-empty",
        RowProblem::MissingColumn => "orga-import-error-missing-column",
        RowProblem::Required => "orga-import-error-required",
        RowProblem::Date => "orga-import-error-date",
        RowProblem::Unreadable => "orga-import-error-unreadable",
        RowProblem::TooMany => "orga-import-error-too-many",
        RowProblem::Columns => "orga-import-error-columns",
        RowProblem::Duplicate => "orga-import-error-duplicate",
    }
}
