//! Bulk insertion of synthetic participants for demonstrations and benchmarks
//! (`acquis demo campaign`): multi-row inserts in one transaction per batch.

use std::collections::HashMap;

use acquis_core::positioning::{KeSource, KeStatus};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction};

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
            for chunk in elements.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO knowledge_elements (user_id, assessment_id, skill_id, competence, source, status, earned_pix, created_at) ",
                );
                q.push_values(chunk, |mut b, (p, e)| {
                    let u = user(p);
                    b.push_bind(u)
                        .push_bind(assessment_ids.get(&u).copied().unwrap_or_default())
                        .push_bind(&e.skill)
                        .push_bind(&e.competence)
                        .push_bind(crate::assessments::source_name(e.source))
                        .push_bind(crate::assessments::status_name(e.status))
                        .push_bind(0.0_f64)
                        .push_bind(p.at);
                });
                q.build().execute(&mut *tx).await?;
            }
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
