//! The organisation's list of learners as its members manage it: importing a file again and
//! again (atomic, and idempotent through each learner's unique `match_key`), and reading,
//! searching, editing and deleting learners one page at a time.
//!
//! Which row is which learner is `core`'s decision (`campaign::roster`), taken inside the
//! import's transaction after locking the organisation's row, so concurrent imports of the
//! same file queue instead of racing; the unique key stays the last word if anything else
//! writes meanwhile.

use acquis_core::campaign::roster::{
    self, Decision, ImportCounts, RosterEntry, Source, StoredLearner,
};
use chrono::{DateTime, Utc};

use crate::learners::LEARNER_COLUMNS;
use crate::{
    NewOrganizationLearner, OrganizationLearnerRecord, Store, StoreError, in_transaction, with_pool,
};

/// The column a learners page is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LearnerSort {
    /// Last name, then first name.
    #[default]
    Name,
    /// First name, then last name.
    FirstName,
    /// Birth date.
    Birthdate,
    /// Division.
    Division,
    /// Group.
    Group,
}

impl LearnerSort {
    fn order_by(self) -> &'static str {
        match self {
            LearnerSort::Name => "LOWER(last_name) {dir}, LOWER(first_name) {dir}",
            LearnerSort::FirstName => "LOWER(first_name) {dir}, LOWER(last_name) {dir}",
            LearnerSort::Birthdate => "COALESCE(birthdate, '') {dir}",
            LearnerSort::Division => "COALESCE(division, '') {dir}, LOWER(last_name) {dir}",
            LearnerSort::Group => "COALESCE(group_name, '') {dir}, LOWER(last_name) {dir}",
        }
    }
}

/// Which learners a page shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct LearnerQuery<'a> {
    /// A part of the first or last name (any case), if searching.
    pub search: Option<&'a str>,
    /// Sort column.
    pub sort: LearnerSort,
    /// Descending order.
    pub descending: bool,
    /// Rows skipped.
    pub offset: i64,
    /// Rows at most.
    pub limit: i64,
}

/// `%part%` for a `LIKE`, with the pattern's own characters escaped (`\` is the escape).
pub(crate) fn like_pattern(part: &str) -> String {
    let mut pattern = String::from("%");
    for c in part.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    id: i64,
    national_id: Option<String>,
    first_name: String,
    last_name: String,
    birthdate: Option<String>,
    division: Option<String>,
    group_name: Option<String>,
    attributes: String,
    user_id: Option<i64>,
    source: String,
    match_key: Option<String>,
}

impl StoredRow {
    fn learner(&self) -> StoredLearner {
        StoredLearner {
            entry: RosterEntry {
                national_id: self.national_id.clone(),
                first_name: self.first_name.clone(),
                last_name: self.last_name.clone(),
                birthdate: self.birthdate.clone(),
                division: self.division.clone(),
                group: self.group_name.clone(),
                attributes: self.attributes.clone(),
            },
            source: if self.source == "JOINED" {
                Source::Joined
            } else {
                Source::Imported
            },
            linked: self.user_id.is_some(),
        }
    }
}

fn entry(l: &NewOrganizationLearner) -> RosterEntry {
    RosterEntry {
        national_id: l
            .national_id
            .as_deref()
            .map(roster::national_id_key)
            .filter(|id| !id.is_empty()),
        first_name: l.first_name.clone(),
        last_name: l.last_name.clone(),
        birthdate: l.birthdate.clone(),
        division: l.division.clone(),
        group: l.group_name.clone(),
        attributes: if l.attributes.is_empty() {
            "{}".into()
        } else {
            l.attributes.clone()
        },
    }
}

const CONFLICT: &str = "a learner with this national id, or these names and birth date";

const UPDATE_LEARNER: &str = "UPDATE organization_learners SET national_id = $1, first_name = $2,
     last_name = $3, birthdate = $4, division = $5, group_name = $6, attributes = $7,
     source = 'IMPORTED', match_key = $8 WHERE id = $9";

impl Store {
    /// Imports learners in one transaction: every row or none. A row that matches a learner
    /// already there (see `core::campaign::roster`) updates it or leaves it, so the same file
    /// imported twice, even at once, creates nobody twice. Rows must have distinct keys
    /// (`roster::duplicates`); `Conflict` if one is taken meanwhile by another writer.
    pub async fn import_organization_learners(
        &self,
        organization_id: i64,
        learners: &[NewOrganizationLearner],
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, StoreError> {
        let rows: Vec<RosterEntry> = learners.iter().map(entry).collect();
        let imported = async {
            Ok::<_, sqlx::Error>(in_transaction!(self, |tx| {
                // Imports of one organisation queue here (a row lock on PostgreSQL; SQLite
                // writers already take turns).
                sqlx::query("UPDATE organizations SET id = id WHERE id = $1")
                    .bind(organization_id)
                    .execute(&mut *tx)
                    .await?;
                let stored: Vec<StoredRow> = sqlx::query_as(
                    "SELECT id, national_id, first_name, last_name, birthdate, division, group_name,
                     attributes, user_id, source, match_key
                     FROM organization_learners WHERE organization_id = $1 ORDER BY id",
                )
                .bind(organization_id)
                .fetch_all(&mut *tx)
                .await?;
                let known: Vec<StoredLearner> = stored.iter().map(StoredRow::learner).collect();
                let decisions = roster::plan(&rows, &known);
                for (row, decision) in rows.iter().zip(&decisions) {
                    let key = roster::match_key(row);
                    match *decision {
                        Decision::Create => {
                            sqlx::query(
                                "INSERT INTO organization_learners
                                 (organization_id, national_id, first_name, last_name, birthdate, division,
                                  group_name, attributes, source, match_key, created_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'IMPORTED', $9, $10)",
                            )
                            .bind(organization_id)
                            .bind(&row.national_id)
                            .bind(&row.first_name)
                            .bind(&row.last_name)
                            .bind(&row.birthdate)
                            .bind(&row.division)
                            .bind(&row.group)
                            .bind(&row.attributes)
                            .bind(&key)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        }
                        Decision::Existing {
                            index,
                            changed,
                            absorbs,
                        } => {
                            let target = &stored[index];
                            if let Some(joined) = absorbs.map(|j| &stored[j]) {
                                sqlx::query(
                                    "UPDATE campaign_participations SET organization_learner_id = $1
                                     WHERE organization_learner_id = $2",
                                )
                                .bind(target.id)
                                .bind(joined.id)
                                .execute(&mut *tx)
                                .await?;
                                sqlx::query("DELETE FROM organization_learners WHERE id = $1")
                                    .bind(joined.id)
                                    .execute(&mut *tx)
                                    .await?;
                                sqlx::query(
                                    "UPDATE organization_learners SET user_id = $1 WHERE id = $2",
                                )
                                .bind(joined.user_id)
                                .bind(target.id)
                                .execute(&mut *tx)
                                .await?;
                            }
                            if changed || target.match_key.as_deref() != Some(key.as_str()) {
                                sqlx::query(UPDATE_LEARNER)
                                    .bind(&row.national_id)
                                    .bind(&row.first_name)
                                    .bind(&row.last_name)
                                    .bind(&row.birthdate)
                                    .bind(&row.division)
                                    .bind(&row.group)
                                    .bind(&row.attributes)
                                    .bind(&key)
                                    .bind(target.id)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        }
                    }
                }
                ImportCounts::of(&decisions)
            }))
        };
        match imported.await {
            Ok(counts) => Ok(counts),
            Err(e) => Err(StoreError::conflict_on_unique(e, CONFLICT)),
        }
    }

    /// A page of the organisation's learners matching `query`, and how many match in all.
    pub async fn learners_page(
        &self,
        organization_id: i64,
        query: &LearnerQuery<'_>,
    ) -> Result<(Vec<OrganizationLearnerRecord>, i64), StoreError> {
        let search = query
            .search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(like_pattern);
        const WHERE: &str = "WHERE organization_id = $1 AND ($2 IS NULL
             OR LOWER(last_name) LIKE $2 ESCAPE '\\' OR LOWER(first_name) LIKE $2 ESCAPE '\\'
             OR LOWER(last_name || ' ' || first_name) LIKE $2 ESCAPE '\\'
             OR LOWER(first_name || ' ' || last_name) LIKE $2 ESCAPE '\\')";
        let dir = if query.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {LEARNER_COLUMNS} FROM organization_learners {WHERE}
             ORDER BY {}, id {dir} LIMIT $3 OFFSET $4",
            query.sort.order_by().replace("{dir}", dir)
        );
        let count_sql = format!("SELECT COUNT(*) FROM organization_learners {WHERE}");
        let rows = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .bind(&search)
            .bind(query.limit)
            .bind(query.offset)
            .fetch_all(pool)
            .await?);
        let total: i64 = with_pool!(self, |pool| sqlx::query_scalar(&count_sql)
            .bind(organization_id)
            .bind(&search)
            .fetch_one(pool)
            .await?);
        Ok((rows, total))
    }

    /// One learner of the organisation.
    pub async fn organization_learner(
        &self,
        organization_id: i64,
        id: i64,
    ) -> Result<Option<OrganizationLearnerRecord>, StoreError> {
        let sql = format!(
            "SELECT {LEARNER_COLUMNS} FROM organization_learners WHERE organization_id = $1 AND id = $2"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// Rewrites a learner of the organisation (it counts as imported from then on);
    /// `NotFound` if there is none, `Conflict` if another learner has its key.
    pub async fn update_organization_learner(
        &self,
        organization_id: i64,
        id: i64,
        learner: &NewOrganizationLearner,
    ) -> Result<(), StoreError> {
        let row = entry(learner);
        let key = roster::match_key(&row);
        let sql = format!("{UPDATE_LEARNER} AND organization_id = $10");
        let done = with_pool!(self, |pool| sqlx::query(&sql)
            .bind(&row.national_id)
            .bind(&row.first_name)
            .bind(&row.last_name)
            .bind(&row.birthdate)
            .bind(&row.division)
            .bind(&row.group)
            .bind(&row.attributes)
            .bind(&key)
            .bind(id)
            .bind(organization_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(|e| StoreError::conflict_on_unique(e, CONFLICT))?;
        if done == 0 {
            Err(StoreError::NotFound("learner"))
        } else {
            Ok(())
        }
    }

    /// Deletes a learner of the organisation; its participations stay, under the account's
    /// names. `NotFound` if there is none.
    pub async fn delete_organization_learner(
        &self,
        organization_id: i64,
        id: i64,
    ) -> Result<(), StoreError> {
        let done = in_transaction!(self, |tx| {
            sqlx::query(
                "UPDATE campaign_participations SET organization_learner_id = NULL
                 WHERE organization_learner_id = (SELECT id FROM organization_learners
                                                   WHERE id = $1 AND organization_id = $2)",
            )
            .bind(id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM organization_learners WHERE id = $1 AND organization_id = $2")
                .bind(id)
                .bind(organization_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        if done == 0 {
            Err(StoreError::NotFound("learner"))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn a_search_is_a_lower_case_pattern_with_its_wildcards_escaped() {
        assert_eq!(like_pattern(" Dur "), "%dur%");
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
