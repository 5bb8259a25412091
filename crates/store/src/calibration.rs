//! Item calibration's data: the stored answers a calibration reads, from both answer tables,
//! page by page so that millions of rows never sit in memory at once, and the versioned item
//! parameter sets it writes (never edited once written).
//!
//! The store returns rows; which challenges count, who is a person and what is right are the
//! caller's rules (`ok` is the only right status in Acquis, but the status is passed through).

use chrono::{DateTime, Utc};

use acquis_core::irt::LatentDistribution;

use crate::{Store, StoreError, in_transaction, with_pool};

/// Rows fetched per round trip when reading answers.
pub const ANSWER_PAGE: i64 = 20_000;

/// Items inserted per statement (9 parameters each, under SQLite's parameter limit).
const ITEMS_PER_INSERT: usize = 500;

/// Who gave an answer: a positioning or campaign assessment, or a certification course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Respondent {
    /// An assessment (`answers.assessment_id`).
    Assessment(i64),
    /// A certification course (`certification_answers.course_id`).
    Course(i64),
}

/// One stored answer, as a calibration sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalibrationAnswer {
    /// Who answered.
    pub respondent: Respondent,
    /// The challenge.
    pub challenge_id: String,
    /// The stored status (`ok`, `ko`, `aband`, …).
    pub status: String,
}

/// One item of a parameter set to store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewItemParameters<'a> {
    /// The challenge.
    pub challenge_id: &'a str,
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Standard error of `a` (none for a fixed item).
    pub se_a: Option<f64>,
    /// Standard error of `b` (none for a fixed item).
    pub se_b: Option<f64>,
    /// Fit (RMSD).
    pub fit: f64,
    /// Answers it was estimated from.
    pub answers: i64,
    /// Kept at its given parameters (an anchor) rather than estimated.
    pub fixed: bool,
}

/// A parameter set to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewParameterSet<'a> {
    /// Its version label, unique.
    pub version: &'a str,
    /// The content release whose challenges it covers.
    pub release_id: i64,
    /// The options it ran with, as JSON.
    pub options: &'a str,
    /// Anchors (fixed items).
    pub anchors: i64,
    /// Whether the latent distribution was linked to the anchors or N(0, 1).
    pub latent: LatentDistribution,
    /// Latent mean.
    pub latent_mean: f64,
    /// Latent standard deviation.
    pub latent_sd: f64,
    /// Persons (assessments and courses) with answers.
    pub persons: i64,
    /// Answers used.
    pub answers: i64,
    /// EM iterations.
    pub iterations: i64,
    /// Whether it converged.
    pub converged: bool,
    /// Final marginal log-likelihood.
    pub log_likelihood: f64,
    /// Its items.
    pub items: &'a [NewItemParameters<'a>],
}

/// A stored parameter set (without its items: [`Store::item_parameters`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSetRecord {
    /// Id.
    pub id: i64,
    /// Version label.
    pub version: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// The release it covers.
    pub release_id: i64,
    /// Options, JSON.
    pub options: String,
    /// Anchors.
    pub anchors: i64,
    /// Linked or standard latent distribution.
    pub latent: LatentDistribution,
    /// Latent mean.
    pub latent_mean: f64,
    /// Latent standard deviation.
    pub latent_sd: f64,
    /// Persons.
    pub persons: i64,
    /// Answers.
    pub answers: i64,
    /// EM iterations.
    pub iterations: i64,
    /// Whether it converged.
    pub converged: bool,
    /// Final marginal log-likelihood.
    pub log_likelihood: f64,
    /// Items in the set.
    pub items: i64,
}

/// One stored item of a parameter set.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ItemParametersRecord {
    /// The challenge.
    pub challenge_id: String,
    /// Discrimination.
    pub a: f64,
    /// Difficulty.
    pub b: f64,
    /// Standard error of `a`.
    pub se_a: Option<f64>,
    /// Standard error of `b`.
    pub se_b: Option<f64>,
    /// Fit (RMSD).
    pub fit: f64,
    /// Answers.
    pub answers: i64,
    /// Kept fixed.
    pub fixed: bool,
}

#[derive(sqlx::FromRow)]
struct SetRow {
    id: i64,
    version: String,
    created_at: DateTime<Utc>,
    release_id: i64,
    options: String,
    anchors: i64,
    latent: String,
    latent_mean: f64,
    latent_sd: f64,
    persons: i64,
    answers: i64,
    iterations: i64,
    converged: bool,
    log_likelihood: f64,
    items: i64,
}

impl TryFrom<SetRow> for ParameterSetRecord {
    type Error = StoreError;

    fn try_from(r: SetRow) -> Result<Self, StoreError> {
        let latent = match r.latent.as_str() {
            "standard" => LatentDistribution::Standard,
            "linked" => LatentDistribution::Linked,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "parameter set {}: latent distribution {other:?}",
                    r.version
                )));
            }
        };
        Ok(ParameterSetRecord {
            id: r.id,
            version: r.version,
            created_at: r.created_at,
            release_id: r.release_id,
            options: r.options,
            anchors: r.anchors,
            latent,
            latent_mean: r.latent_mean,
            latent_sd: r.latent_sd,
            persons: r.persons,
            answers: r.answers,
            iterations: r.iterations,
            converged: r.converged,
            log_likelihood: r.log_likelihood,
            items: r.items,
        })
    }
}

fn latent_name(latent: LatentDistribution) -> &'static str {
    match latent {
        LatentDistribution::Standard => "standard",
        LatentDistribution::Linked => "linked",
    }
}

const SET_SELECT: &str = "SELECT s.id, s.version, s.created_at, s.release_id, s.options, s.anchors, s.latent, s.latent_mean, s.latent_sd, s.persons, s.answers, s.iterations, s.converged, s.log_likelihood,
     (SELECT COUNT(*) FROM item_parameters i WHERE i.set_id = s.id) AS items
     FROM item_parameter_sets s";

impl Store {
    /// Visits every stored answer, positioning and campaign assessments first (ordered by
    /// assessment, then challenge), then certification courses (ordered by course, then
    /// position), so that one respondent's answers always come together. Reads `page` rows per
    /// round trip (keyset pagination on the tables' keys, so each page is an index range scan
    /// whatever the table size); returns the number of answers visited.
    pub async fn visit_calibration_answers(
        &self,
        page: i64,
        mut visit: impl FnMut(CalibrationAnswer),
    ) -> Result<u64, StoreError> {
        let page = page.max(1);
        let mut seen = 0u64;
        let (mut after_id, mut after_challenge) = (i64::MIN, String::new());
        loop {
            let rows: Vec<(i64, String, String)> = with_pool!(self, |pool| sqlx::query_as(
                "SELECT assessment_id, challenge_id, status FROM answers
                 WHERE (assessment_id, challenge_id) > ($1, $2)
                 ORDER BY assessment_id, challenge_id LIMIT $3",
            )
            .bind(after_id)
            .bind(&after_challenge)
            .bind(page)
            .fetch_all(pool)
            .await?);
            let full = rows.len() as i64 == page;
            for (id, challenge_id, status) in rows {
                after_id = id;
                after_challenge.clone_from(&challenge_id);
                seen += 1;
                visit(CalibrationAnswer {
                    respondent: Respondent::Assessment(id),
                    challenge_id,
                    status,
                });
            }
            if !full {
                break;
            }
        }
        let (mut after_course, mut after_position) = (i64::MIN, i32::MIN);
        loop {
            let rows: Vec<(i64, i32, String, String)> = with_pool!(self, |pool| {
                sqlx::query_as(
                    "SELECT course_id, position, challenge_id, status FROM certification_answers
                 WHERE (course_id, position) > ($1, $2)
                 ORDER BY course_id, position LIMIT $3",
                )
                .bind(after_course)
                .bind(after_position)
                .bind(page)
                .fetch_all(pool)
                .await?
            });
            let full = rows.len() as i64 == page;
            for (course, position, challenge_id, status) in rows {
                (after_course, after_position) = (course, position);
                seen += 1;
                visit(CalibrationAnswer {
                    respondent: Respondent::Course(course),
                    challenge_id,
                    status,
                });
            }
            if !full {
                break;
            }
        }
        Ok(seen)
    }

    /// Stores a parameter set and its items in one transaction; its id. `Conflict` if the
    /// version label is taken.
    pub async fn save_parameter_set(
        &self,
        set: &NewParameterSet<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        Ok(in_transaction!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO item_parameter_sets (version, created_at, release_id, options, anchors, latent, latent_mean, latent_sd, persons, answers, iterations, converged, log_likelihood)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(set.version)
            .bind(now)
            .bind(set.release_id)
            .bind(set.options)
            .bind(set.anchors)
            .bind(latent_name(set.latent))
            .bind(set.latent_mean)
            .bind(set.latent_sd)
            .bind(set.persons)
            .bind(set.answers)
            .bind(set.iterations)
            .bind(set.converged)
            .bind(set.log_likelihood)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::conflict_on_unique(e, "parameter set version"))?;
            for chunk in set.items.chunks(ITEMS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO item_parameters (set_id, challenge_id, a, b, se_a, se_b, fit, answers, fixed) ",
                );
                insert.push_values(chunk, |mut values, item| {
                    values
                        .push_bind(id)
                        .push_bind(item.challenge_id)
                        .push_bind(item.a)
                        .push_bind(item.b)
                        .push_bind(item.se_a)
                        .push_bind(item.se_b)
                        .push_bind(item.fit)
                        .push_bind(item.answers)
                        .push_bind(item.fixed);
                });
                insert
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::conflict_on_unique(e, "challenge in parameter set"))?;
            }
            id
        }))
    }

    /// Every parameter set, newest first.
    pub async fn parameter_sets(&self) -> Result<Vec<ParameterSetRecord>, StoreError> {
        let sql = format!("{SET_SELECT} ORDER BY s.created_at DESC, s.id DESC");
        let rows: Vec<SetRow> =
            with_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// The parameter set of a version label, if there is one.
    pub async fn parameter_set(
        &self,
        version: &str,
    ) -> Result<Option<ParameterSetRecord>, StoreError> {
        let sql = format!("{SET_SELECT} WHERE s.version = $1");
        let row: Option<SetRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(version)
            .fetch_optional(pool)
            .await?);
        row.map(TryInto::try_into).transpose()
    }

    /// The items of a parameter set, by challenge id.
    pub async fn item_parameters(
        &self,
        set_id: i64,
    ) -> Result<Vec<ItemParametersRecord>, StoreError> {
        Ok(with_pool!(self, |pool| sqlx::query_as(
            "SELECT challenge_id, a, b, se_a, se_b, fit, answers, fixed FROM item_parameters
             WHERE set_id = $1 ORDER BY challenge_id",
        )
        .bind(set_id)
        .fetch_all(pool)
        .await?))
    }
}
