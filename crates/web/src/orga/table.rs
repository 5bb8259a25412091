//! What the portal's long tables share (follow-up, learners): pages of [`PER_PAGE`] rows
//! with "1–100 sur 300" and previous/next links, and column headers that sort. Everything is
//! a plain link carrying the query string, so it works without JavaScript and each view has
//! its own address.

use serde::Deserialize;

use crate::auth::urlencode;
use crate::i18n::{Lang, num};

/// Rows a page shows.
pub const PER_PAGE: i64 = 100;

/// The query string parameters every table reads.
#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    /// Searched name.
    #[serde(default)]
    pub q: String,
    /// Sort column key.
    #[serde(default)]
    pub tri: String,
    /// `desc` for descending.
    #[serde(default)]
    pub ordre: String,
    /// Page number, from 1.
    #[serde(default)]
    pub page: Option<String>,
}

impl TableQuery {
    /// The page asked for (1 when missing or not a number).
    pub fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    /// Whether the order is descending.
    pub fn descending(&self) -> bool {
        self.ordre == "desc"
    }

    /// The search, if any.
    pub fn search(&self) -> Option<&str> {
        Some(self.q.trim()).filter(|q| !q.is_empty())
    }

    /// Rows skipped for the page asked.
    pub fn offset(&self) -> i64 {
        (self.page() - 1).saturating_mul(PER_PAGE)
    }
}

/// Builds the links of one table: its path, the filters it keeps, then search, sort and page.
#[derive(Debug, Clone)]
pub struct Links {
    path: String,
    kept: Vec<(String, String)>,
    q: String,
    tri: String,
    descending: bool,
}

impl Links {
    /// Links to `path` keeping `kept` (filter name, value) and the search and sort of `query`.
    pub fn new(path: String, kept: Vec<(&str, &str)>, query: &TableQuery) -> Self {
        Links {
            path,
            kept: kept
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            q: query.q.trim().to_string(),
            tri: query.tri.clone(),
            descending: query.descending(),
        }
    }

    fn href(&self, tri: &str, descending: bool, page: i64) -> String {
        let mut pairs: Vec<(String, String)> = self.kept.clone();
        if !self.q.is_empty() {
            pairs.push(("q".into(), self.q.clone()));
        }
        if !tri.is_empty() {
            pairs.push(("tri".into(), tri.to_string()));
        }
        if descending {
            pairs.push(("ordre".into(), "desc".into()));
        }
        if page > 1 {
            pairs.push(("page".into(), page.to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        }
    }

    /// The link to page `page` of the same view.
    pub fn page(&self, page: i64) -> String {
        self.href(&self.tri, self.descending, page)
    }
}

/// Where a page sits in the table.
#[derive(Debug, Clone)]
pub struct Pager {
    /// "1–100 sur 300".
    pub summary: String,
    /// The previous page's link.
    pub prev: Option<String>,
    /// The next page's link.
    pub next: Option<String>,
}

impl Pager {
    /// The pager of page `page` showing `shown` of `total` rows.
    pub fn new(lang: Lang, links: &Links, page: i64, shown: usize, total: i64) -> Pager {
        let from = if shown == 0 {
            0
        } else {
            (page - 1) * PER_PAGE + 1
        };
        let to = if shown == 0 {
            0
        } else {
            from + shown as i64 - 1
        };
        Pager {
            summary: lang.t_args(
                "orga-table-range",
                &[
                    ("from", num(from as f64)),
                    ("to", num(to as f64)),
                    ("total", num(total as f64)),
                ],
            ),
            prev: (page > 1).then(|| links.page(page - 1)),
            next: (page * PER_PAGE < total).then(|| links.page(page + 1)),
        }
    }
}

/// A column header: its label and, when it sorts, the link that sorts by it.
#[derive(Debug, Clone)]
pub struct Column {
    /// What the column holds.
    pub label: String,
    /// The link sorting by this column (the other way when it is the current one).
    pub href: Option<String>,
    /// `aria-sort`: `ascending`, `descending` or `none`.
    pub aria_sort: &'static str,
    /// The arrow shown beside the current sort column (text, so not by colour alone).
    pub arrow: &'static str,
}

/// The headers of a table whose sortable columns have a key; `current` is the sort key in
/// use (`default` when none was asked).
pub fn columns(
    links: &Links,
    current: &str,
    default: &str,
    all: Vec<(Option<&str>, String)>,
) -> Vec<Column> {
    let current = if current.is_empty() { default } else { current };
    all.into_iter()
        .map(|(key, label)| match key {
            None => Column {
                label,
                href: None,
                aria_sort: "none",
                arrow: "",
            },
            Some(key) => {
                let here = key == current;
                let descending = here && links.descending;
                Column {
                    label,
                    href: Some(links.href(key, here && !descending, 1)),
                    aria_sort: match (here, descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    },
                    arrow: match (here, descending) {
                        (false, _) => "",
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                    },
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str, tri: &str, ordre: &str, page: &str) -> TableQuery {
        TableQuery {
            q: q.into(),
            tri: tri.into(),
            ordre: ordre.into(),
            page: Some(page.into()),
        }
    }

    #[test]
    fn a_pager_says_which_rows_and_links_both_ways() {
        let q = query("dur and", "classe", "", "2");
        let links = Links::new("/t".into(), vec![("statut", "SHARED"), ("classe", "")], &q);
        let pager = Pager::new(Lang::Fr, &links, q.page(), 100, 300);
        assert_eq!(pager.summary, "101–200 sur 300");
        assert_eq!(
            pager.prev.as_deref(),
            Some("/t?statut=SHARED&q=dur%20and&tri=classe")
        );
        assert_eq!(
            pager.next.as_deref(),
            Some("/t?statut=SHARED&q=dur%20and&tri=classe&page=3")
        );
        let last = Pager::new(Lang::En, &links, 3, 100, 300);
        assert_eq!((last.summary.as_str(), last.next), ("201–300 of 300", None));
        let empty = Pager::new(Lang::Fr, &links, 1, 0, 0);
        assert_eq!(empty.summary, "0–0 sur 0");
    }

    #[test]
    fn the_current_sort_column_links_to_the_other_order() {
        let q = query("", "nom", "", "4");
        let links = Links::new("/t".into(), vec![], &q);
        let cols = columns(
            &links,
            &q.tri,
            "nom",
            vec![
                (Some("nom"), "Nom".into()),
                (Some("classe"), "Classe".into()),
                (None, "x".into()),
            ],
        );
        assert_eq!(cols[0].aria_sort, "ascending");
        assert_eq!(cols[0].href.as_deref(), Some("/t?tri=nom&ordre=desc"));
        assert_eq!(cols[1].href.as_deref(), Some("/t?tri=classe"));
        assert!(cols[2].href.is_none());
    }

    #[test]
    fn a_page_that_is_not_a_number_is_the_first() {
        assert_eq!(query("", "", "", "x").page(), 1);
        assert_eq!(query("", "", "", "0").page(), 1);
        assert_eq!(query("", "", "", "3").offset(), 200);
    }
}
