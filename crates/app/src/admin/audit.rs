//! Reading the audit log: any operator may browse it (newest first, a page at a time, by
//! target, operator or action) and export it.

use acquis_core::operator::Permission;
use acquis_store::{AuditQuery, AuditRecord};

use crate::App;
use crate::admin::{AdminError, Operator};

/// Most entries in one page.
pub const PAGE_MAX: u32 = 200;

/// One page of the audit log, newest first (`query.limit` clamped to 1..=[`PAGE_MAX`]).
pub async fn entries(
    app: &App,
    op: &Operator,
    query: AuditQuery,
) -> Result<Vec<AuditRecord>, AdminError> {
    op.require(Permission::Read)?;
    let query = AuditQuery {
        limit: query.limit.clamp(1, PAGE_MAX),
        ..query
    };
    Ok(app.store.audit_entries(query).await?)
}

/// Entries read per page of an export.
const EXPORT_PAGE: u32 = 1_000;

/// The byte-order mark that tells spreadsheets the file is UTF-8.
const BOM: &str = "\u{feff}";

/// An export of the audit log: CSV (UTF-8 with BOM, `;`), newest first, streamed a page at a
/// time so its size never weighs on the server; cells that look like formulas neutralised.
pub struct AuditExport {
    /// The header, then one chunk per page; an error ends it.
    pub chunks:
        std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Vec<u8>, AdminError>> + Send>>,
}

impl std::fmt::Debug for AuditExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditExport").finish()
    }
}

/// The columns of the export.
pub const EXPORT_HEADER: [&str; 9] = [
    "id",
    "at",
    "actor_user_id",
    "actor_email",
    "actor_role",
    "action",
    "target",
    "detail",
    "client",
];

fn encode(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, AdminError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::with_capacity(64 * 1024));
    for row in rows {
        let row: Vec<String> = row
            .iter()
            .map(|c| acquis_core::campaign::export::neutralise(c).into_owned())
            .collect();
        writer
            .write_record(&row)
            .map_err(|_| AdminError::App(crate::AppError::Internal("csv write")))?;
    }
    writer
        .into_inner()
        .map_err(|_| AdminError::App(crate::AppError::Internal("csv write")))
}

/// One entry as a row of the export.
pub fn export_row(e: &AuditRecord) -> Vec<String> {
    vec![
        e.id.to_string(),
        e.at.to_rfc3339(),
        e.actor_user_id.map(|i| i.to_string()).unwrap_or_default(),
        e.actor_email.clone().unwrap_or_default(),
        e.actor_role
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        e.action_name.clone(),
        e.target
            .map(|t| match t.id() {
                Some(id) => format!("{}:{id}", t.kind()),
                None => t.kind().to_owned(),
            })
            .unwrap_or_default(),
        e.detail.clone(),
        e.client.clone(),
    ]
}

/// The export of the entries `query` selects (its `before_id` and `limit` ignored: all of
/// them).
pub fn export(app: &App, op: &Operator, query: AuditQuery) -> Result<AuditExport, AdminError> {
    op.require(Permission::Read)?;
    enum Step {
        Header,
        Before(Option<i64>),
        Done,
    }
    let store = app.store.clone();
    let chunks = futures_util::stream::unfold(Step::Header, move |step| {
        let store = store.clone();
        async move {
            match step {
                Step::Header => {
                    let header = EXPORT_HEADER.iter().map(|h| h.to_string()).collect();
                    let chunk = encode([header]).map(|mut bytes| {
                        bytes.splice(0..0, BOM.bytes());
                        bytes
                    });
                    Some((chunk, Step::Before(None)))
                }
                Step::Before(before_id) => {
                    let page = AuditQuery {
                        before_id,
                        limit: EXPORT_PAGE,
                        ..query
                    };
                    match store.audit_entries(page).await {
                        Err(e) => Some((Err(e.into()), Step::Done)),
                        Ok(entries) if entries.is_empty() => None,
                        Ok(entries) => {
                            let next = if entries.len() < EXPORT_PAGE as usize {
                                Step::Done
                            } else {
                                Step::Before(entries.last().map(|e| e.id))
                            };
                            Some((encode(entries.iter().map(export_row)), next))
                        }
                    }
                }
                Step::Done => None,
            }
        }
    });
    Ok(AuditExport {
        chunks: Box::pin(chunks),
    })
}
