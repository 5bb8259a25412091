//! Item statistics for the operator: the job that counts the live answers into
//! per-challenge sums (incrementally, each test once: see `acquis_store`'s
//! `count_item_statistics_batch`), the table of every challenge of the live content with
//! its figures and flags (filtered, sorted, a page at a time), a challenge's page with its
//! answer distribution, and the CSV export. Anyone with an operator role reads them; only
//! [`Permission::ItemScience`] asks for a recount, audited.

use std::collections::HashMap;

use acquis_core::challenge::ChallengeStatus;
use acquis_core::item_statistics::{Distribution, Figures, Flag, Summary, flags};
use acquis_core::operator::{AuditAction, AuditTarget, Permission};
use acquis_store::{CountedBatch, ItemStatisticsTotals};

use crate::admin::{AdminError, Operator};
use crate::jobs::Job;
use crate::{App, AppError};

/// Tests (assessments, and certification courses) counted per batch: about 10,000 answers.
pub const TESTS_PER_BATCH: u32 = 500;

/// Challenges on one page of the table.
pub const PAGE: usize = 100;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The challenge's id.
    #[default]
    Challenge,
    /// Its competence.
    Competence,
    /// Its tube.
    Tube,
    /// Its skill's level.
    Level,
    /// Answers counted.
    Answers,
    /// Success rate.
    Success,
    /// Skip rate.
    Skip,
    /// Timed-out rate.
    TimedOut,
    /// Focused-out rate.
    FocusedOut,
    /// Median time.
    MedianTime,
    /// Discrimination.
    Discrimination,
    /// Exposure in certification.
    Exposure,
    /// Number of flags.
    Flags,
}

impl SortKey {
    /// Every key, in the table's column order.
    pub const ALL: [SortKey; 13] = [
        SortKey::Challenge,
        SortKey::Competence,
        SortKey::Tube,
        SortKey::Level,
        SortKey::Answers,
        SortKey::Success,
        SortKey::Skip,
        SortKey::TimedOut,
        SortKey::FocusedOut,
        SortKey::MedianTime,
        SortKey::Discrimination,
        SortKey::Exposure,
        SortKey::Flags,
    ];

    /// The name used in URLs (`tri=`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Challenge => "epreuve",
            SortKey::Competence => "competence",
            SortKey::Tube => "sujet",
            SortKey::Level => "niveau",
            SortKey::Answers => "reponses",
            SortKey::Success => "reussite",
            SortKey::Skip => "passees",
            SortKey::TimedOut => "temps-ecoule",
            SortKey::FocusedOut => "sorties",
            SortKey::MedianTime => "temps",
            SortKey::Discrimination => "discrimination",
            SortKey::Exposure => "exposition",
            SortKey::Flags => "alertes",
        }
    }

    /// The key named `name`.
    pub fn parse(name: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Smallest first.
    #[default]
    Ascending,
    /// Largest first.
    Descending,
}

/// Which challenges the table shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemFilter {
    /// Only this competence (`1.1`).
    pub competence: Option<String>,
    /// Only this tube (`@recherche`).
    pub tube: Option<String>,
    /// Only skills of this level.
    pub level: Option<u8>,
    /// Only challenges with this flag.
    pub flag: Option<Flag>,
}

/// One page of the table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemQuery {
    /// The filters.
    pub filter: ItemFilter,
    /// The column sorted by.
    pub sort: SortKey,
    /// Its direction.
    pub order: Order,
    /// The page, from 0.
    pub page: usize,
}

/// A challenge with its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// The challenge.
    pub challenge_id: String,
    /// Its competence's code.
    pub competence: String,
    /// Its tube.
    pub tube: String,
    /// Its skill.
    pub skill: String,
    /// Its skill's level.
    pub level: u8,
    /// Its status in the live content.
    pub status: ChallengeStatus,
    /// Its figures (all empty before any answer).
    pub figures: Figures,
    /// Its flags.
    pub flags: Vec<Flag>,
}

/// One page of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemTable {
    /// The challenges of the page.
    pub rows: Vec<ItemRow>,
    /// Whether a next page exists.
    pub has_next: bool,
    /// What the job has counted.
    pub totals: ItemStatisticsTotals,
    /// The competences and tubes of the live content, for the filters.
    pub competences: Vec<String>,
    /// The tubes of the live content (of the chosen competence, if any).
    pub tubes: Vec<String>,
}

fn all_rows(app: &App, stats: &HashMap<String, Summary>, courses: u64) -> Vec<ItemRow> {
    let live = app.live();
    let fw = &live.framework;
    fw.challenges()
        .iter()
        .filter_map(|c| {
            let skill = fw.skill(&c.skill)?;
            let figures = stats
                .get(&c.id)
                .map(|s| s.figures(courses))
                .unwrap_or_default();
            Some(ItemRow {
                challenge_id: c.id.clone(),
                competence: skill.competence.clone(),
                tube: skill.tube.clone(),
                skill: skill.id.clone(),
                level: skill.level,
                status: c.status,
                flags: flags(skill.level, &figures),
                figures,
            })
        })
        .collect()
}

fn matches(filter: &ItemFilter, row: &ItemRow) -> bool {
    filter
        .competence
        .as_ref()
        .is_none_or(|c| *c == row.competence)
        && filter.tube.as_ref().is_none_or(|t| *t == row.tube)
        && filter.level.is_none_or(|l| l == row.level)
        && filter.flag.is_none_or(|f| row.flags.contains(&f))
}

fn number(row: &ItemRow, key: SortKey) -> Option<f64> {
    let f = &row.figures;
    match key {
        SortKey::Level => Some(f64::from(row.level)),
        SortKey::Answers => Some(f.answers as f64),
        SortKey::Success => f.success,
        SortKey::Skip => f.skip,
        SortKey::TimedOut => f.timed_out,
        SortKey::FocusedOut => f.focused_out,
        SortKey::MedianTime => f.median_time_ms,
        SortKey::Discrimination => f.discrimination,
        SortKey::Exposure => f.exposure,
        SortKey::Flags => Some(row.flags.len() as f64),
        SortKey::Challenge | SortKey::Competence | SortKey::Tube => None,
    }
}

/// Sorts by `key` in `order`; rows without the figure come last either way; ties by id.
fn sort(rows: &mut [ItemRow], key: SortKey, order: Order) {
    use std::cmp::Ordering;
    rows.sort_by(|a, b| {
        let primary = match key {
            SortKey::Challenge => Some(a.challenge_id.cmp(&b.challenge_id)),
            SortKey::Competence => Some(a.competence.cmp(&b.competence)),
            SortKey::Tube => Some(a.tube.cmp(&b.tube)),
            _ => match (number(a, key), number(b, key)) {
                (Some(x), Some(y)) => Some(x.partial_cmp(&y).unwrap_or(Ordering::Equal)),
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => None,
            },
        };
        let primary = primary.unwrap_or(Ordering::Equal);
        let primary = if order == Order::Descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| a.challenge_id.cmp(&b.challenge_id))
    });
}

async fn selected(
    app: &App,
    query: &ItemQuery,
) -> Result<(Vec<ItemRow>, ItemStatisticsTotals), AdminError> {
    let totals = app.store.item_statistics_totals().await?;
    let stats: HashMap<String, Summary> = app
        .store
        .item_statistics()
        .await?
        .into_iter()
        .map(|r| (r.challenge_id, r.summary))
        .collect();
    let courses = u64::try_from(totals.courses).unwrap_or(0);
    let mut rows: Vec<ItemRow> = all_rows(app, &stats, courses)
        .into_iter()
        .filter(|r| matches(&query.filter, r))
        .collect();
    sort(&mut rows, query.sort, query.order);
    Ok((rows, totals))
}

/// One page of the table of challenges, filtered and sorted.
pub async fn table(app: &App, op: &Operator, query: &ItemQuery) -> Result<ItemTable, AdminError> {
    op.require(Permission::Read)?;
    let (rows, totals) = selected(app, query).await?;
    let start = query.page.saturating_mul(PAGE);
    let has_next = rows.len() > start.saturating_add(PAGE);
    let rows = rows.into_iter().skip(start).take(PAGE).collect();
    let live = app.live();
    let fw = &live.framework;
    let competences = fw.competences().iter().map(|c| c.code.clone()).collect();
    let tubes = fw
        .tubes()
        .iter()
        .filter(|t| {
            query
                .filter
                .competence
                .as_ref()
                .is_none_or(|c| *c == t.competence)
        })
        .map(|t| t.id.clone())
        .collect();
    Ok(ItemTable {
        rows,
        has_next,
        totals,
        competences,
        tubes,
    })
}

/// A challenge's page.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDetail {
    /// Its row of the table.
    pub row: ItemRow,
    /// Its type (`qcu`…).
    pub kind: &'static str,
    /// Its instruction (markdown).
    pub instruction: String,
    /// Its proposals (QCU, QCM).
    pub proposals: Vec<String>,
    /// How often each answer value was given.
    pub distribution: Distribution,
    /// What the job has counted.
    pub totals: ItemStatisticsTotals,
}

/// A challenge's figures, content and answer distribution; `NotFound("challenge")` if the
/// live content has no such challenge.
pub async fn detail(
    app: &App,
    op: &Operator,
    challenge_id: &str,
) -> Result<ItemDetail, AdminError> {
    op.require(Permission::Read)?;
    let live = app.live();
    let challenge = live
        .framework
        .challenge(challenge_id)
        .ok_or(AdminError::NotFound("challenge"))?;
    let skill = live
        .framework
        .skill(&challenge.skill)
        .ok_or(AdminError::NotFound("challenge"))?;
    let totals = app.store.item_statistics_totals().await?;
    let (summary, distribution) = app
        .store
        .item_statistics_of(challenge_id)
        .await?
        .map(|(r, d)| (r.summary, d))
        .unwrap_or_default();
    let figures = summary.figures(u64::try_from(totals.courses).unwrap_or(0));
    Ok(ItemDetail {
        row: ItemRow {
            challenge_id: challenge.id.clone(),
            competence: skill.competence.clone(),
            tube: skill.tube.clone(),
            skill: skill.id.clone(),
            level: skill.level,
            status: challenge.status,
            flags: flags(skill.level, &figures),
            figures,
        },
        kind: challenge.question.kind(),
        instruction: challenge.instruction.clone(),
        proposals: challenge.question.proposals().to_vec(),
        distribution,
        totals,
    })
}

/// The columns of the CSV export.
pub const EXPORT_HEADER: [&str; 14] = [
    "challenge_id",
    "competence",
    "tube",
    "skill",
    "level",
    "answers",
    "success_rate",
    "skip_rate",
    "timed_out_rate",
    "focused_out_rate",
    "median_time_s",
    "discrimination",
    "exposure",
    "flags",
];

fn decimal(x: Option<f64>, scale: f64) -> String {
    x.map(|v| format!("{:.4}", v / scale)).unwrap_or_default()
}

/// A row of the export.
pub fn export_row(r: &ItemRow) -> Vec<String> {
    let f = &r.figures;
    vec![
        r.challenge_id.clone(),
        r.competence.clone(),
        r.tube.clone(),
        r.skill.clone(),
        r.level.to_string(),
        f.answers.to_string(),
        decimal(f.success, 1.0),
        decimal(f.skip, 1.0),
        decimal(f.timed_out, 1.0),
        decimal(f.focused_out, 1.0),
        decimal(f.median_time_ms, 1000.0),
        decimal(f.discrimination, 1.0),
        decimal(f.exposure, 1.0),
        r.flags
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

/// The CSV export (UTF-8 with BOM, `;`, formula-like cells neutralised) of every challenge
/// the query's filters select, in its order (its page ignored). Bounded by the content's
/// size, not by the answers.
pub async fn export(app: &App, op: &Operator, query: &ItemQuery) -> Result<Vec<u8>, AdminError> {
    op.require(Permission::Read)?;
    let (rows, _) = selected(app, query).await?;
    let csv_error = |_| AdminError::App(AppError::Internal("csv write"));
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    writer.write_record(EXPORT_HEADER).map_err(csv_error)?;
    for row in &rows {
        let cells: Vec<String> = export_row(row)
            .iter()
            .map(|c| acquis_core::campaign::export::neutralise(c).into_owned())
            .collect();
        writer.write_record(&cells).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|_| AdminError::App(AppError::Internal("csv write")))
}

/// Asks for a recount now: enqueues the statistics job, audited (`ItemScience`).
pub async fn request_statistics(app: &App, op: &Operator) -> Result<(), AdminError> {
    op.require(Permission::ItemScience)?;
    let now = app.now();
    let job = Job::ItemStatistics.to_new(now)?;
    let entry = op.audit(
        AuditAction::StatisticsRequested,
        AuditTarget::Platform,
        "",
        now,
    );
    app.store.request_item_statistics(&job, entry).await?;
    app.wake_worker();
    Ok(())
}

impl App {
    /// Counts every test not counted yet, batch after batch (one transaction each) until
    /// none is left, telling `progress` after each batch; returns the sum of the batches.
    pub async fn run_item_statistics(
        &self,
        mut progress: impl FnMut(&CountedBatch),
    ) -> Result<CountedBatch, AppError> {
        let mut total = CountedBatch::default();
        loop {
            let batch = self
                .store
                .count_item_statistics_batch(TESTS_PER_BATCH, self.now())
                .await?;
            if batch.is_empty() {
                return Ok(total);
            }
            total.assessments += batch.assessments;
            total.courses += batch.courses;
            total.answers += batch.answers;
            progress(&batch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, success: Option<f64>) -> ItemRow {
        ItemRow {
            challenge_id: id.into(),
            competence: "1.1".into(),
            tube: "@t".into(),
            skill: "@t1".into(),
            level: 1,
            status: ChallengeStatus::Validated,
            figures: Figures {
                success,
                ..Figures::default()
            },
            flags: Vec::new(),
        }
    }

    #[test]
    fn rows_without_the_figure_sort_last_both_ways() {
        let mut rows = vec![row("a", None), row("b", Some(0.2)), row("c", Some(0.9))];
        sort(&mut rows, SortKey::Success, Order::Descending);
        let ids: Vec<&str> = rows.iter().map(|r| r.challenge_id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
        sort(&mut rows, SortKey::Success, Order::Ascending);
        let ids: Vec<&str> = rows.iter().map(|r| r.challenge_id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }

    #[test]
    fn sort_keys_read_back() {
        for k in SortKey::ALL {
            assert_eq!(SortKey::parse(k.as_str()), Some(k));
        }
    }
}
