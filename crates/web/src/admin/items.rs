//! `/admin/epreuves`: the item statistics. The table of every challenge of the live content
//! with its figures and flags (sortable by any column, filtered by competence, tube, level
//! and flag, 100 per page, all without JavaScript), a challenge's page
//! (`/admin/epreuves/{challenge}`: figures, instruction, proposals, the answer distribution
//! as an SVG chart with its data table), the CSV export (`/admin/epreuves.csv`), and the
//! "recount now" button (`POST /admin/epreuves/recalculer`, item science only).

use acquis_app::admin::Permission;
use acquis_app::admin::items::{self, ItemFilter, ItemQuery, ItemRow, Order, SortKey};
use acquis_core::item_statistics::{Figures, Flag};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::Lang;
use crate::orga::charts::{self, Bar};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// The routes of the item statistics.
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::*;
    Routes::new()
        .get("/admin/epreuves", Op(Read), list)
        .get("/admin/epreuves.csv", Op(Read), export)
        .post("/admin/epreuves/recalculer", Op(ItemScience), recount)
        .get("/admin/epreuves/{challenge}", Op(Read), show)
}

/// The filters, sort and page, as the links and the form send them.
#[derive(Debug, Default, Deserialize)]
pub struct ItemParams {
    #[serde(default)]
    competence: String,
    #[serde(default)]
    sujet: String,
    #[serde(default)]
    niveau: String,
    #[serde(default)]
    alerte: String,
    #[serde(default)]
    tri: String,
    #[serde(default)]
    ordre: String,
    #[serde(default)]
    page: String,
}

fn clean(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= 100 && !v.contains('\0')).then(|| v.to_owned())
}

impl ItemParams {
    fn query(&self) -> ItemQuery {
        ItemQuery {
            filter: ItemFilter {
                competence: clean(&self.competence),
                tube: clean(&self.sujet),
                level: self
                    .niveau
                    .trim()
                    .parse()
                    .ok()
                    .filter(|l| (1..=8).contains(l)),
                flag: Flag::parse(self.alerte.trim()),
            },
            sort: SortKey::parse(self.tri.trim()).unwrap_or_default(),
            order: if self.ordre == "desc" {
                Order::Descending
            } else {
                Order::Ascending
            },
            page: self
                .page
                .trim()
                .parse()
                .ok()
                .filter(|p| *p < 100_000)
                .unwrap_or(0),
        }
    }
}

/// The filters of `q` as a query string (without sort and page).
fn filters(q: &ItemQuery) -> Vec<String> {
    let enc = crate::auth::urlencode;
    let mut parts = Vec::new();
    if let Some(c) = &q.filter.competence {
        parts.push(format!("competence={}", enc(c)));
    }
    if let Some(t) = &q.filter.tube {
        parts.push(format!("sujet={}", enc(t)));
    }
    if let Some(l) = q.filter.level {
        parts.push(format!("niveau={l}"));
    }
    if let Some(f) = q.filter.flag {
        parts.push(format!("alerte={}", f.as_str()));
    }
    parts
}

fn link(base: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", parts.join("&amp;"))
    }
}

fn order_str(o: Order) -> &'static str {
    match o {
        Order::Ascending => "asc",
        Order::Descending => "desc",
    }
}

/// A column header: its label, its sort link and its `aria-sort`.
pub struct Column {
    label: String,
    href: String,
    aria_sort: &'static str,
}

/// A choice of a filter.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A row of the table, in words.
pub struct Line {
    id: String,
    cells: Vec<String>,
    flags: String,
}

/// The flag's Fluent key.
pub fn flag_key(f: Flag) -> String {
    format!("admin-items-flag-{}", f.as_str().replace('_', "-"))
}

fn percent(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0} %", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn seconds(ms: Option<f64>) -> String {
    ms.map(|v| format!("{:.1} s", v / 1000.0))
        .unwrap_or_else(|| "–".into())
}

fn decimal(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into())
}

fn flag_words(lang: Lang, flags: &[Flag]) -> String {
    if flags.is_empty() {
        return lang.t("admin-items-no-flag");
    }
    flags
        .iter()
        .map(|f| lang.t(&flag_key(*f)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn figure_cells(f: &Figures) -> Vec<String> {
    vec![
        f.answers.to_string(),
        percent(f.success),
        percent(f.skip),
        percent(f.timed_out),
        percent(f.focused_out),
        seconds(f.median_time_ms),
        decimal(f.discrimination),
        percent(f.exposure),
    ]
}

fn line(lang: Lang, r: &ItemRow) -> Line {
    let mut cells = vec![r.competence.clone(), r.tube.clone(), r.level.to_string()];
    cells.extend(figure_cells(&r.figures));
    Line {
        id: r.challenge_id.clone(),
        cells,
        flags: flag_words(lang, &r.flags),
    }
}

const COLUMN_KEYS: [&str; 13] = [
    "admin-items-col-challenge",
    "admin-items-col-competence",
    "admin-items-col-tube",
    "admin-items-col-level",
    "admin-items-col-answers",
    "admin-items-col-success",
    "admin-items-col-skip",
    "admin-items-col-timed-out",
    "admin-items-col-focused-out",
    "admin-items-col-median",
    "admin-items-col-discrimination",
    "admin-items-col-exposure",
    "admin-items-col-flags",
];

#[derive(Template)]
#[template(path = "admin/items.html")]
struct ListPage {
    chrome: Chrome,
    nav: AdminNav,
    columns: Vec<Column>,
    lines: Vec<Line>,
    competences: Vec<Choice>,
    tubes: Vec<Choice>,
    levels: Vec<Choice>,
    flags: Vec<Choice>,
    sort: String,
    order: String,
    previous: Option<String>,
    next: Option<String>,
    export: String,
    counted: String,
    may_recount: bool,
}

fn choices(
    values: impl IntoIterator<Item = (String, String)>,
    current: Option<&str>,
) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice {
            selected: current == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

/// The table of challenges.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Query(params): Query<ItemParams>,
) -> Result<Response, WebError> {
    let q = params.query();
    let table = items::table(&state.app, &caller.op, &q).await?;
    let base = filters(&q);
    let columns = SortKey::ALL
        .iter()
        .zip(COLUMN_KEYS)
        .map(|(key, label)| {
            let current = *key == q.sort;
            let next_order = if current && q.order == Order::Ascending {
                Order::Descending
            } else {
                Order::Ascending
            };
            let mut parts = base.clone();
            parts.push(format!("tri={}", key.as_str()));
            parts.push(format!("ordre={}", order_str(next_order)));
            Column {
                label: lang.t(label),
                href: link("/admin/epreuves", &parts),
                aria_sort: match (current, q.order) {
                    (false, _) => "none",
                    (true, Order::Ascending) => "ascending",
                    (true, Order::Descending) => "descending",
                },
            }
        })
        .collect();
    let mut paged = base.clone();
    paged.push(format!("tri={}", q.sort.as_str()));
    paged.push(format!("ordre={}", order_str(q.order)));
    let page_link = |page: usize| {
        let mut parts = paged.clone();
        parts.push(format!("page={page}"));
        link("/admin/epreuves", &parts)
    };
    let previous = (q.page > 0).then(|| page_link(q.page - 1));
    let next = table.has_next.then(|| page_link(q.page + 1));
    let mut sorted = base;
    sorted.push(format!("tri={}", q.sort.as_str()));
    sorted.push(format!("ordre={}", order_str(q.order)));
    let export = link("/admin/epreuves.csv", &sorted);
    let counted = lang.t_args(
        "admin-items-counted",
        &[
            ("answers", table.totals.answers.into()),
            ("tests", table.totals.assessments.into()),
            ("courses", table.totals.courses.into()),
            (
                "when",
                table
                    .totals
                    .last_run_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| lang.t("admin-items-never"))
                    .into(),
            ),
        ],
    );
    let page = ListPage {
        chrome: Chrome::of(lang, &caller.user, "/admin/epreuves").await?,
        nav: caller.nav("epreuves"),
        columns,
        lines: table.rows.iter().map(|r| line(lang, r)).collect(),
        competences: choices(
            table.competences.iter().map(|c| (c.clone(), c.clone())),
            q.filter.competence.as_deref(),
        ),
        tubes: choices(
            table.tubes.iter().map(|t| (t.clone(), t.clone())),
            q.filter.tube.as_deref(),
        ),
        levels: choices(
            (1..=8u8).map(|l| (l.to_string(), l.to_string())),
            q.filter.level.map(|l| l.to_string()).as_deref(),
        ),
        flags: choices(
            Flag::ALL
                .iter()
                .map(|f| (f.as_str().to_owned(), lang.t(&flag_key(*f)))),
            q.filter.flag.map(|f| f.as_str()),
        ),
        sort: q.sort.as_str().to_owned(),
        order: order_str(q.order).to_owned(),
        previous,
        next,
        export,
        counted,
        may_recount: caller.op.may(Permission::ItemScience),
    };
    Ok(Html(page.render()?).into_response())
}

/// The CSV export of the challenges the filters select.
pub async fn export(
    State(state): State<AppState>,
    caller: OperatorCaller,
    Query(params): Query<ItemParams>,
) -> Result<Response, WebError> {
    let bytes = items::export(&state.app, &caller.op, &params.query()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"epreuves-acquis.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response())
}

/// Asks for a recount now (item science), then back to the table.
pub async fn recount(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    items::request_statistics(&state.app, &caller.op).await?;
    flash(
        &caller.user.session,
        "success",
        lang.t("admin-items-recount-requested"),
    )
    .await?;
    Ok(redirect_to("/admin/epreuves").into_response())
}

/// A value of the distribution, in words.
pub struct ValueLine {
    value: String,
    count: u64,
    share: String,
}

#[derive(Template)]
#[template(path = "admin/item.html")]
struct ItemPage {
    chrome: Chrome,
    nav: AdminNav,
    id: String,
    facts: Vec<(String, String)>,
    kind: String,
    instruction: String,
    proposals: Vec<String>,
    chart: String,
    summary: String,
    values: Vec<ValueLine>,
}

/// A challenge's page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(challenge): Path<String>,
) -> Result<Response, WebError> {
    let d = items::detail(&state.app, &caller.op, &challenge).await?;
    let r = &d.row;
    let f = &r.figures;
    let facts = vec![
        (lang.t("admin-items-col-competence"), r.competence.clone()),
        (lang.t("admin-items-col-tube"), r.tube.clone()),
        (lang.t("admin-items-skill"), r.skill.clone()),
        (lang.t("admin-items-col-level"), r.level.to_string()),
        (lang.t("admin-items-status"), r.status.as_str().to_owned()),
        (lang.t("admin-items-col-answers"), f.answers.to_string()),
        (lang.t("admin-items-col-success"), percent(f.success)),
        (lang.t("admin-items-col-skip"), percent(f.skip)),
        (lang.t("admin-items-col-timed-out"), percent(f.timed_out)),
        (
            lang.t("admin-items-col-focused-out"),
            percent(f.focused_out),
        ),
        (lang.t("admin-items-col-median"), seconds(f.median_time_ms)),
        (
            lang.t("admin-items-col-discrimination"),
            decimal(f.discrimination),
        ),
        (lang.t("admin-items-col-exposure"), percent(f.exposure)),
        (lang.t("admin-items-col-flags"), flag_words(lang, &r.flags)),
    ];
    let total = d.distribution.total();
    let share = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    };
    let mut values: Vec<ValueLine> = d
        .distribution
        .ranked()
        .into_iter()
        .map(|(v, n)| ValueLine {
            value: if v.is_empty() {
                lang.t("admin-items-empty-value")
            } else {
                v.to_owned()
            },
            count: n,
            share: percent(Some(share(n))),
        })
        .collect();
    if d.distribution.other > 0 {
        values.push(ValueLine {
            value: lang.t("admin-items-other-values"),
            count: d.distribution.other,
            share: percent(Some(share(d.distribution.other))),
        });
    }
    let bars: Vec<Bar> = values
        .iter()
        .map(|v| Bar {
            label: v.value.clone(),
            percent: (share(v.count) * 100.0).round().clamp(0.0, 100.0) as u8,
            value: format!("{} ({})", v.count, v.share),
        })
        .collect();
    let chart_title = lang.t("admin-items-distribution");
    let chart = if bars.is_empty() {
        String::new()
    } else {
        charts::bars("item-distribution", &chart_title, &bars, charts::WIDE)
    };
    let summary = lang.t_args(
        "admin-items-distribution-summary",
        &[
            ("total", total.into()),
            ("values", (values.len() as u64).into()),
        ],
    );
    let path = format!(
        "/admin/epreuves/{}",
        crate::auth::urlencode(&r.challenge_id)
    );
    let page = ItemPage {
        chrome: Chrome::of(lang, &caller.user, &path).await?,
        nav: caller.nav("epreuves"),
        id: r.challenge_id.clone(),
        facts,
        kind: d.kind.to_owned(),
        instruction: d.instruction.clone(),
        proposals: d.proposals.clone(),
        chart,
        summary,
        values,
    };
    Ok(Html(page.render()?).into_response())
}
