//! Bulk insertion of synthetic participants for demonstrations and benchmarks
//! (`acquis demo campaign`): multi-row inserts in one transaction per batch.

use std::collections::HashMap;

use acquis_core::positioning::{KeSource, KeStatus};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction};

/// One knowledge element row of a bulk load.
struct ElementRow<'a> {
    user_id: i64,
    assessment_id: i64,
    skill: &'a str,
    competence: &'a str,
    source: &'static str,
    status: &'static str,
    at: DateTime<Utc>,
}

/// Writes many knowledge elements at once, the fastest way each database offers: multi-row
/// INSERTs on SQLite, `COPY … FROM STDIN` on PostgreSQL (several times faster than INSERTs
/// for the millions of rows of a large demo campaign).
trait BulkElements {
    async fn insert_elements(&mut self, rows: &[ElementRow<'_>]) -> Result<(), StoreError>;
}

impl BulkElements for sqlx::SqliteConnection {
    async fn insert_elements(&mut self, rows: &[ElementRow<'_>]) -> Result<(), StoreError> {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO knowledge_elements (user_id, assessment_id, skill_id, competence, source, status, earned_pix, created_at) ",
            );
            q.push_values(chunk, |mut b, r| {
                b.push_bind(r.user_id)
                    .push_bind(r.assessment_id)
                    .push_bind(r.skill)
                    .push_bind(r.competence)
                    .push_bind(r.source)
                    .push_bind(r.status)
                    .push_bind(0.0_f64)
                    .push_bind(r.at);
            });
            q.build().execute(&mut *self).await?;
        }
        Ok(())
    }
}

/// Bytes sent to PostgreSQL per `COPY` message.
const COPY_CHUNK: usize = 1 << 20;

impl BulkElements for sqlx::PgConnection {
    async fn insert_elements(&mut self, rows: &[ElementRow<'_>]) -> Result<(), StoreError> {
        use std::fmt::Write;
        let mut copy = self
            .copy_in_raw(
                "COPY knowledge_elements (user_id, assessment_id, skill_id, competence, source, status, earned_pix, created_at) FROM STDIN",
            )
            .await?;
        let mut buf = String::with_capacity(COPY_CHUNK + 256);
        for r in rows {
            // `write!` to a String cannot fail.
            let _ = writeln!(
                buf,
                "{}\t{}\t{}\t{}\t{}\t{}\t0\t{}",
                r.user_id,
                r.assessment_id,
                copy_text(r.skill),
                copy_text(r.competence),
                r.source,
                r.status,
                r.at.to_rfc3339()
            );
            if buf.len() >= COPY_CHUNK {
                copy.send(std::mem::take(&mut buf).into_bytes()).await?;
                buf.reserve(COPY_CHUNK + 256);
            }
        }
        if !buf.is_empty() {
            copy.send(buf.into_bytes()).await?;
        }
        copy.finish().await?;
        Ok(())
    }
}

/// A value in PostgreSQL's `COPY` text format (backslash, tab and line breaks escaped).
fn copy_text(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['\\', '\t', '\n', '\r']) {
        return value.into();
    }
    value
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .into()
}

/// Rows per multi-row INSERT (SQLite allows 32,766 bound values per statement).
const ROWS_PER_STATEMENT: usize = 2_000;

/// One synthetic participant of a campaign, with the knowledge elements of their test.
#[derive(Debug, Clone)]
pub struct DemoParticipant {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Unique email.
    pub email: String,
    /// Division (class) of the organisation learner.
    pub division: String,
    /// External id given on joining.
    pub external_id: String,
    /// The knowledge elements of their test.
    pub elements: Vec<DemoElement>,
    /// Mastery rate of the target at sharing.
    pub mastery_rate: f64,
    /// Results snapshot (JSON).
    pub results: String,
    /// Compact results: fingerprint of the target and validated positions (see
    /// [`CompactResults`](crate::CompactResults)).
    pub compact: Option<(String, String)>,
    /// When the participant joined and shared.
    pub at: DateTime<Utc>,
}

/// One knowledge element of a synthetic participant.
#[derive(Debug, Clone)]
pub struct DemoElement {
    /// The skill.
    pub skill: String,
    /// Its competence.
    pub competence: String,
    /// Validated or invalidated.
    pub status: KeStatus,
    /// Direct or inferred.
    pub source: KeSource,
}

impl Store {
    /// Refreshes PostgreSQL's planner statistics (`ANALYZE`) after a bulk load: until its
    /// autovacuum gets to them, freshly filled tables have none, and a campaign's pages are
    /// then read with plans made for empty tables (each page sorting the whole campaign).
    /// SQLite plans from its indexes without statistics: nothing to do there.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if let crate::Pool::Postgres(pool) = &self.pool {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Ok(())
    }

    /// Inserts participants who took and shared `campaign_id`'s test: accounts (unusable
    /// password), organisation learners, completed assessments, knowledge elements and shared
    /// participations, all in one transaction.
    pub async fn insert_demo_participants(
        &self,
        organization_id: i64,
        campaign_id: i64,
        release_id: i64,
        batch: &[DemoParticipant],
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let mut user_ids: HashMap<String, i64> = HashMap::new();
            for chunk in batch.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO users (first_name, last_name, email, password_hash, locale, created_at) ",
                );
                q.push_values(chunk, |mut b, p| {
                    b.push_bind(&p.first_name)
                        .push_bind(&p.last_name)
                        .push_bind(&p.email)
                        .push_bind("")
                        .push_bind("fr")
                        .push_bind(p.at);
                });
                q.push(" RETURNING id, email");
                let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *tx).await?;
                user_ids.extend(rows.into_iter().map(|(id, email)| (email, id)));
            }
            let user = |p: &DemoParticipant| user_ids.get(&p.email).copied().unwrap_or_default();
            let mut learner_ids: HashMap<i64, i64> = HashMap::new();
            let mut assessment_ids: HashMap<i64, i64> = HashMap::new();
            for chunk in batch.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO organization_learners (organization_id, first_name, last_name, division, user_id, created_at) ",
                );
                q.push_values(chunk, |mut b, p| {
                    b.push_bind(organization_id)
                        .push_bind(&p.first_name)
                        .push_bind(&p.last_name)
                        .push_bind(&p.division)
                        .push_bind(user(p))
                        .push_bind(p.at);
                });
                q.push(" RETURNING id, user_id");
                let rows: Vec<(i64, i64)> = q.build_query_as().fetch_all(&mut *tx).await?;
                learner_ids.extend(rows.into_iter().map(|(id, u)| (u, id)));
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO assessments (user_id, kind, state, seed, release_id, locale, created_at, updated_at) ",
                );
                q.push_values(chunk, |mut b, p| {
                    b.push_bind(user(p))
                        .push_bind("campaign")
                        .push_bind("completed")
                        .push_bind(user(p))
                        .push_bind(release_id)
                        .push_bind("fr")
                        .push_bind(p.at)
                        .push_bind(p.at);
                });
                q.push(" RETURNING id, user_id");
                let rows: Vec<(i64, i64)> = q.build_query_as().fetch_all(&mut *tx).await?;
                assessment_ids.extend(rows.into_iter().map(|(id, u)| (u, id)));
            }
            let elements: Vec<(&DemoParticipant, &DemoElement)> = batch
                .iter()
                .flat_map(|p| p.elements.iter().map(move |e| (p, e)))
                .collect();
            let rows: Vec<ElementRow<'_>> = elements
                .iter()
                .map(|(p, e)| {
                    let u = user(p);
                    ElementRow {
                        user_id: u,
                        assessment_id: assessment_ids.get(&u).copied().unwrap_or_default(),
                        skill: &e.skill,
                        competence: &e.competence,
                        source: crate::assessments::source_name(e.source),
                        status: crate::assessments::status_name(e.status),
                        at: p.at,
                    }
                })
                .collect();
            BulkElements::insert_elements(&mut *tx, &rows).await?;
            for chunk in batch.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO campaign_participations (campaign_id, user_id, organization_learner_id, assessment_id, external_id, status, created_at, shared_at, mastery_rate, results, results_target, results_bits) ",
                );
                q.push_values(chunk, |mut b, p| {
                    let u = user(p);
                    b.push_bind(campaign_id)
                        .push_bind(u)
                        .push_bind(learner_ids.get(&u).copied())
                        .push_bind(assessment_ids.get(&u).copied())
                        .push_bind(&p.external_id)
                        .push_bind("SHARED")
                        .push_bind(p.at)
                        .push_bind(p.at)
                        .push_bind(p.mastery_rate)
                        .push_bind(&p.results)
                        .push_bind(p.compact.as_ref().map(|c| &c.0))
                        .push_bind(p.compact.as_ref().map(|c| &c.1));
                });
                q.build().execute(&mut *tx).await?;
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::copy_text;

    #[test]
    fn copy_text_escapes_what_the_copy_format_reads_specially() {
        assert_eq!(copy_text("@recherche3"), "@recherche3");
        assert_eq!(copy_text("a\tb\\c\nd\re"), "a\\tb\\\\c\\nd\\re");
    }
}
