//! Item statistics' SQL (migration 0120): per-challenge sums and answer-value counts, and
//! the markers of the tests already counted. One batch is one transaction: it takes the
//! state row's lock first (so two workers never interleave their read-add-write of the
//! sums), marks the next tests counted, reads their answers through the markers, adds them to
//! the sums with `acquis_core::item_statistics`, and writes everything back. A crash loses the
//! whole batch, never half of it; a test is marked once (its primary key), so it is never
//! counted twice.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use acquis_core::answer::AnswerStatus;
use acquis_core::item_statistics::{
    BUCKETS, Distribution, Moments, Observation, Source, Summary, normalise_value,
};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction, with_pool};

/// A challenge's stored statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatisticsRecord {
    /// The challenge.
    pub challenge_id: String,
    /// Its sums.
    pub summary: Summary,
    /// When a batch last added to them.
    pub updated_at: DateTime<Utc>,
}

/// What the job has counted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemStatisticsTotals {
    /// Batches run (including empty ones).
    pub batches: i64,
    /// Competence evaluations and campaign tests counted.
    pub assessments: i64,
    /// Certification courses counted (the denominator of the exposure).
    pub courses: i64,
    /// Answers counted.
    pub answers: i64,
    /// When the last batch ran.
    pub last_run_at: Option<DateTime<Utc>>,
}

/// What one batch counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CountedBatch {
    /// Assessments marked counted.
    pub assessments: u64,
    /// Certification courses marked counted.
    pub courses: u64,
    /// Answers added.
    pub answers: u64,
}

impl CountedBatch {
    /// Whether the batch found nothing left to count.
    pub fn is_empty(&self) -> bool {
        self.assessments == 0 && self.courses == 0
    }
}

/// The stored name of an answer status (certification also writes `skipped`).
fn parse_status(name: &str) -> Option<AnswerStatus> {
    use AnswerStatus::*;
    [Ok, Ko, Aband, Timedout, Focusedout, Partially]
        .into_iter()
        .find(|s| s.as_str() == name)
        .or((name == "skipped").then_some(Aband))
}

fn encode_times(times: &[u64; BUCKETS]) -> String {
    times
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_times(text: &str) -> [u64; BUCKETS] {
    let mut out = [0; BUCKETS];
    for (slot, part) in out.iter_mut().zip(text.split(',')) {
        *slot = part.trim().parse().unwrap_or(0);
    }
    out
}

const STAT_COLUMNS: &str = "challenge_id, answers, ok, ko, skipped, timed_out, focused_out, partially, times, pos_n, pos_sx, pos_sy, pos_syy, pos_sxy, cert_n, cert_sx, cert_sy, cert_syy, cert_sxy, asked_in_certification, other_values, updated_at";

#[derive(sqlx::FromRow)]
struct StatRow {
    challenge_id: String,
    answers: i64,
    ok: i64,
    ko: i64,
    skipped: i64,
    timed_out: i64,
    focused_out: i64,
    partially: i64,
    times: String,
    pos_n: i64,
    pos_sx: f64,
    pos_sy: f64,
    pos_syy: f64,
    pos_sxy: f64,
    cert_n: i64,
    cert_sx: f64,
    cert_sy: f64,
    cert_syy: f64,
    cert_sxy: f64,
    asked_in_certification: i64,
    other_values: i64,
    updated_at: DateTime<Utc>,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl StatRow {
    fn record(self) -> (ItemStatisticsRecord, u64) {
        let summary = Summary {
            answers: count(self.answers),
            ok: count(self.ok),
            ko: count(self.ko),
            skipped: count(self.skipped),
            timed_out: count(self.timed_out),
            focused_out: count(self.focused_out),
            partially: count(self.partially),
            times: decode_times(&self.times),
            positioning: Moments {
                n: count(self.pos_n),
                sx: self.pos_sx,
                sy: self.pos_sy,
                syy: self.pos_syy,
                sxy: self.pos_sxy,
            },
            certification: Moments {
                n: count(self.cert_n),
                sx: self.cert_sx,
                sy: self.cert_sy,
                syy: self.cert_syy,
                sxy: self.cert_sxy,
            },
            asked_in_certification: count(self.asked_in_certification),
        };
        (
            ItemStatisticsRecord {
                challenge_id: self.challenge_id,
                summary,
                updated_at: self.updated_at,
            },
            count(self.other_values),
        )
    }
}

fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `$first, $first+1, …` for `n` parameters.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Answers and questions of one batch, grouped by challenge.
#[derive(Default)]
struct Gathered {
    summaries: BTreeMap<String, Summary>,
    values: BTreeMap<String, Vec<String>>,
    answers: u64,
}

impl Gathered {
    fn answer(&mut self, challenge: &str, value: &str, observation: Observation) {
        self.summaries
            .entry(challenge.to_owned())
            .or_default()
            .add(&observation);
        if observation.status != AnswerStatus::Aband {
            self.values
                .entry(challenge.to_owned())
                .or_default()
                .push(normalise_value(value));
        }
        self.answers += 1;
    }
}

type TotalsRow = (i64, i64, i64, i64, Option<DateTime<Utc>>);
type AnswerRow = (i64, i64, String, String, String, Option<i64>);
type KeRow = (i64, Option<i64>, String, String, String, f64);
type CourseAnswerRow = (
    String,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<f64>,
);

/// Per answer id the competence of its direct knowledge element, and per (assessment,
/// competence) the pix its validated elements earned.
fn levels(kes: &[KeRow]) -> (HashMap<i64, String>, HashMap<(i64, String), f64>) {
    let mut competence_of = HashMap::new();
    let mut pix = HashMap::new();
    for (assessment, answer, competence, source, status, earned) in kes {
        if let (Some(answer), "direct") = (answer, source.as_str()) {
            competence_of.insert(*answer, competence.clone());
        }
        if status == "validated" {
            *pix.entry((*assessment, competence.clone())).or_insert(0.0) += earned;
        }
    }
    (competence_of, pix)
}

impl Store {
    /// Counts one batch: at most `tests` completed assessments (not certification) and at
    /// most `tests` scored certification courses not counted yet, in one transaction.
    /// Positioning answers get as level the pix their test earned in the challenge's
    /// competence divided by 8; certification answers the course's capacity.
    pub async fn count_item_statistics_batch(
        &self,
        tests: u32,
        now: DateTime<Utc>,
    ) -> Result<CountedBatch, StoreError> {
        let limit = i64::from(tests.max(1));
        in_transaction!(self, |tx| {
            // The lock: every batch updates this one row first.
            let (batch,): (i64,) = sqlx::query_as(
                "UPDATE item_statistics_state SET batches = batches + 1, last_run_at = $1 WHERE id = 1 RETURNING batches",
            )
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let assessments = sqlx::query(
                "INSERT INTO item_statistics_assessments (assessment_id, batch)
                 SELECT a.id, $1 FROM assessments a
                 WHERE a.state = 'completed' AND a.kind <> 'certification'
                   AND NOT EXISTS (SELECT 1 FROM item_statistics_assessments c WHERE c.assessment_id = a.id)
                 ORDER BY a.id LIMIT $2",
            )
            .bind(batch)
            .bind(limit)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let courses = sqlx::query(
                "INSERT INTO item_statistics_courses (course_id, batch)
                 SELECT r.course_id, $1 FROM certification_results r
                 WHERE r.capacity IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM item_statistics_courses c WHERE c.course_id = r.course_id)
                 ORDER BY r.course_id LIMIT $2",
            )
            .bind(batch)
            .bind(limit)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let mut gathered = Gathered::default();
            if assessments > 0 {
                let answers: Vec<AnswerRow> = sqlx::query_as(
                    "SELECT an.id, an.assessment_id, an.challenge_id, an.value, an.status, an.time_spent_ms
                     FROM item_statistics_assessments c JOIN answers an ON an.assessment_id = c.assessment_id
                     WHERE c.batch = $1 ORDER BY an.id",
                )
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
                let kes: Vec<KeRow> = sqlx::query_as(
                    "SELECT ke.assessment_id, ke.answer_id, ke.competence, ke.source, ke.status, ke.earned_pix
                     FROM item_statistics_assessments c JOIN assessments s ON s.id = c.assessment_id
                     JOIN knowledge_elements ke ON ke.user_id = s.user_id AND ke.assessment_id = s.id
                     WHERE c.batch = $1",
                )
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
                let (competence_of, pix) = levels(&kes);
                for (id, assessment, challenge, value, status, time) in &answers {
                    let Some(status) = parse_status(status) else {
                        continue;
                    };
                    let level = competence_of
                        .get(id)
                        .map(|c| pix.get(&(*assessment, c.clone())).copied().unwrap_or(0.0) / 8.0);
                    let observation = Observation {
                        status,
                        time_ms: time.and_then(|t| u64::try_from(t).ok()),
                        source: Source::Positioning,
                        level,
                    };
                    gathered.answer(challenge, value, observation);
                }
            }
            if courses > 0 {
                let answers: Vec<CourseAnswerRow> = sqlx::query_as(
                    "SELECT ca.challenge_id, ca.value, ca.status, ca.answered_at, q.asked_at, r.capacity
                     FROM item_statistics_courses c
                     JOIN certification_results r ON r.course_id = c.course_id
                     JOIN certification_answers ca ON ca.course_id = c.course_id
                     LEFT JOIN certification_questions q ON q.course_id = ca.course_id AND q.position = ca.position
                     WHERE c.batch = $1 ORDER BY ca.course_id, ca.position",
                )
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
                for (challenge, value, status, answered, asked, capacity) in &answers {
                    let Some(status) = parse_status(status) else {
                        continue;
                    };
                    let time_ms = asked.and_then(|asked| {
                        u64::try_from((*answered - asked).num_milliseconds()).ok()
                    });
                    let observation = Observation {
                        status,
                        time_ms,
                        source: Source::Certification,
                        level: *capacity,
                    };
                    gathered.answer(challenge, value, observation);
                }
                let asked: Vec<(String,)> = sqlx::query_as(
                    "SELECT q.challenge_id FROM item_statistics_courses c
                     JOIN certification_questions q ON q.course_id = c.course_id WHERE c.batch = $1",
                )
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
                for (challenge,) in asked {
                    gathered
                        .summaries
                        .entry(challenge)
                        .or_default()
                        .asked_in_certification += 1;
                }
            }
            let ids: Vec<String> = gathered.summaries.keys().cloned().collect();
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "SELECT {STAT_COLUMNS} FROM item_statistics WHERE challenge_id IN ({})",
                    placeholders(1, chunk.len())
                );
                let mut query = sqlx::query_as::<_, StatRow>(&sql);
                for id in chunk {
                    query = query.bind(id);
                }
                let stored: Vec<StatRow> = query.fetch_all(&mut *tx).await?;
                let mut others: HashMap<String, u64> = HashMap::new();
                for row in stored {
                    let (record, other) = row.record();
                    if let Some(new) = gathered.summaries.get_mut(&record.challenge_id) {
                        new.merge(&record.summary);
                    }
                    others.insert(record.challenge_id, other);
                }
                let sql = format!(
                    "SELECT challenge_id, value, count FROM item_answer_values WHERE challenge_id IN ({})",
                    placeholders(1, chunk.len())
                );
                let mut query = sqlx::query_as::<_, (String, String, i64)>(&sql);
                for id in chunk {
                    query = query.bind(id);
                }
                let stored_values: Vec<(String, String, i64)> = query.fetch_all(&mut *tx).await?;
                let mut distributions: HashMap<String, Distribution> = HashMap::new();
                for (challenge, value, n) in stored_values {
                    distributions
                        .entry(challenge)
                        .or_default()
                        .values
                        .insert(value, count(n));
                }
                for id in chunk {
                    let distribution = distributions.entry(id.clone()).or_default();
                    distribution.other = others.get(id).copied().unwrap_or(0);
                    let before: BTreeSet<(String, u64)> = distribution
                        .values
                        .iter()
                        .map(|(v, n)| (v.clone(), *n))
                        .collect();
                    for value in gathered.values.remove(id).unwrap_or_default() {
                        distribution.add(value, 1);
                    }
                    for (value, n) in &distribution.values {
                        if before.contains(&(value.clone(), *n)) {
                            continue;
                        }
                        sqlx::query(
                            "INSERT INTO item_answer_values (challenge_id, value, count) VALUES ($1, $2, $3)
                             ON CONFLICT (challenge_id, value) DO UPDATE SET count = excluded.count",
                        )
                        .bind(id)
                        .bind(value)
                        .bind(signed(*n))
                        .execute(&mut *tx)
                        .await?;
                    }
                    let s = &gathered.summaries[id];
                    let sql = format!(
                        "INSERT INTO item_statistics ({STAT_COLUMNS}) VALUES ({})
                         ON CONFLICT (challenge_id) DO UPDATE SET answers = excluded.answers, ok = excluded.ok,
                           ko = excluded.ko, skipped = excluded.skipped, timed_out = excluded.timed_out,
                           focused_out = excluded.focused_out, partially = excluded.partially,
                           times = excluded.times, pos_n = excluded.pos_n, pos_sx = excluded.pos_sx,
                           pos_sy = excluded.pos_sy, pos_syy = excluded.pos_syy, pos_sxy = excluded.pos_sxy,
                           cert_n = excluded.cert_n, cert_sx = excluded.cert_sx, cert_sy = excluded.cert_sy,
                           cert_syy = excluded.cert_syy, cert_sxy = excluded.cert_sxy,
                           asked_in_certification = excluded.asked_in_certification,
                           other_values = excluded.other_values, updated_at = excluded.updated_at",
                        placeholders(1, 22)
                    );
                    sqlx::query(&sql)
                        .bind(id)
                        .bind(signed(s.answers))
                        .bind(signed(s.ok))
                        .bind(signed(s.ko))
                        .bind(signed(s.skipped))
                        .bind(signed(s.timed_out))
                        .bind(signed(s.focused_out))
                        .bind(signed(s.partially))
                        .bind(encode_times(&s.times))
                        .bind(signed(s.positioning.n))
                        .bind(s.positioning.sx)
                        .bind(s.positioning.sy)
                        .bind(s.positioning.syy)
                        .bind(s.positioning.sxy)
                        .bind(signed(s.certification.n))
                        .bind(s.certification.sx)
                        .bind(s.certification.sy)
                        .bind(s.certification.syy)
                        .bind(s.certification.sxy)
                        .bind(signed(s.asked_in_certification))
                        .bind(signed(distribution.other))
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query(
                "UPDATE item_statistics_state SET assessments = assessments + $1, courses = courses + $2, answers = answers + $3 WHERE id = 1",
            )
            .bind(signed(assessments))
            .bind(signed(courses))
            .bind(signed(gathered.answers))
            .execute(&mut *tx)
            .await?;
            Ok(CountedBatch {
                assessments,
                courses,
                answers: gathered.answers,
            })
        })
    }

    /// Every challenge's stored statistics (one row per challenge ever answered: bounded by
    /// the content, not by the answers).
    pub async fn item_statistics(&self) -> Result<Vec<ItemStatisticsRecord>, StoreError> {
        let sql = format!("SELECT {STAT_COLUMNS} FROM item_statistics ORDER BY challenge_id");
        let rows: Vec<StatRow> =
            with_pool!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|r| r.record().0).collect())
    }

    /// One challenge's statistics and answer distribution; `None` if it was never counted.
    pub async fn item_statistics_of(
        &self,
        challenge_id: &str,
    ) -> Result<Option<(ItemStatisticsRecord, Distribution)>, StoreError> {
        let sql = format!("SELECT {STAT_COLUMNS} FROM item_statistics WHERE challenge_id = $1");
        let (row, values): (Option<StatRow>, Vec<(String, i64)>) = with_pool!(self, |pool| {
            let row = sqlx::query_as(&sql)
                .bind(challenge_id)
                .fetch_optional(pool)
                .await?;
            let values = sqlx::query_as(
                "SELECT value, count FROM item_answer_values WHERE challenge_id = $1",
            )
            .bind(challenge_id)
            .fetch_all(pool)
            .await?;
            (row, values)
        });
        Ok(row.map(|row| {
            let (record, other) = row.record();
            let distribution = Distribution {
                values: values.into_iter().map(|(v, n)| (v, count(n))).collect(),
                other,
            };
            (record, distribution)
        }))
    }

    /// What the job has counted so far.
    pub async fn item_statistics_totals(&self) -> Result<ItemStatisticsTotals, StoreError> {
        let row: Option<TotalsRow> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT batches, assessments, courses, answers, last_run_at FROM item_statistics_state WHERE id = 1",
            )
            .fetch_optional(pool)
            .await?
        });
        Ok(row
            .map(
                |(batches, assessments, courses, answers, last_run_at)| ItemStatisticsTotals {
                    batches,
                    assessments,
                    courses,
                    answers,
                    last_run_at,
                },
            )
            .unwrap_or_default())
    }

    /// Enqueues the statistics job and writes its audit entry, in one transaction.
    pub async fn request_item_statistics(
        &self,
        job: &crate::NewJob,
        entry: crate::NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            crate::jobs::enqueue_on!(&mut *tx, job, entry.at)?;
            crate::audit::write_audit!(tx, entry);
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_back() {
        let mut t = [0; BUCKETS];
        t[0] = 3;
        t[BUCKETS - 1] = 7;
        assert_eq!(decode_times(&encode_times(&t)), t);
        assert_eq!(decode_times("x"), [0; BUCKETS]);
    }

    #[test]
    fn statuses_read_back() {
        assert_eq!(parse_status("aband"), Some(AnswerStatus::Aband));
        assert_eq!(parse_status("skipped"), Some(AnswerStatus::Aband));
        assert_eq!(parse_status("ok"), Some(AnswerStatus::Ok));
        assert_eq!(parse_status("?"), None);
    }
}
