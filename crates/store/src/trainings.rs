//! Trainings: resources an organisation recommends, each attached to one or more of its target
//! profiles. The triggers are `core`'s, stored as JSON the store keeps opaque; whether a
//! training is recommended is `core`'s decision.

use chrono::{DateTime, Utc};

use crate::{Store, StoreError, in_transaction, with_pool};

/// A stored training.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TrainingRecord {
    /// Id.
    pub id: i64,
    /// Owner.
    pub organization_id: i64,
    /// Title.
    pub title: String,
    /// Where to find it.
    pub link: String,
    /// Expected length, in minutes.
    pub duration_minutes: i32,
    /// Its language (`fr`, `en`).
    pub locale: String,
    /// Its kind (`core`'s stored name, e.g. `e-learning`).
    pub kind: String,
    /// Who publishes it.
    pub editor: String,
    /// JSON: `core`'s triggers.
    pub triggers: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A training to create or the new values of one.
#[derive(Debug, Clone)]
pub struct NewTraining<'a> {
    /// Title.
    pub title: &'a str,
    /// Link.
    pub link: &'a str,
    /// Minutes.
    pub duration_minutes: i32,
    /// Locale.
    pub locale: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Editor.
    pub editor: &'a str,
    /// JSON triggers.
    pub triggers: &'a str,
    /// The target profiles it is attached to (the organisation's; the caller checks).
    pub profiles: &'a [i64],
}

const TRAINING_COLUMNS: &str = "id, organization_id, title, link, duration_minutes, locale, kind, editor, triggers, created_at";

impl Store {
    /// Creates a training attached to its profiles, in one transaction.
    pub async fn create_training(
        &self,
        organization_id: i64,
        t: &NewTraining<'_>,
        now: DateTime<Utc>,
    ) -> Result<TrainingRecord, StoreError> {
        let sql = format!(
            "INSERT INTO trainings (organization_id, title, link, duration_minutes, locale, kind, editor, triggers, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {TRAINING_COLUMNS}"
        );
        Ok(in_transaction!(self, |tx| {
            let created: TrainingRecord = sqlx::query_as(&sql)
                .bind(organization_id)
                .bind(t.title)
                .bind(t.link)
                .bind(t.duration_minutes)
                .bind(t.locale)
                .bind(t.kind)
                .bind(t.editor)
                .bind(t.triggers)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            for profile in t.profiles {
                sqlx::query(
                    "INSERT INTO target_profile_trainings (target_profile_id, training_id) VALUES ($1, $2)",
                )
                .bind(profile)
                .bind(created.id)
                .execute(&mut *tx)
                .await?;
            }
            created
        }))
    }

    /// Replaces a training's values and profiles; `NotFound` if it is not the organisation's.
    pub async fn update_training(
        &self,
        organization_id: i64,
        id: i64,
        t: &NewTraining<'_>,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE trainings SET title = $1, link = $2, duration_minutes = $3, locale = $4, kind = $5,
                 editor = $6, triggers = $7 WHERE id = $8 AND organization_id = $9",
            )
            .bind(t.title)
            .bind(t.link)
            .bind(t.duration_minutes)
            .bind(t.locale)
            .bind(t.kind)
            .bind(t.editor)
            .bind(t.triggers)
            .bind(id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("training"));
            }
            sqlx::query("DELETE FROM target_profile_trainings WHERE training_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for profile in t.profiles {
                sqlx::query(
                    "INSERT INTO target_profile_trainings (target_profile_id, training_id) VALUES ($1, $2)",
                )
                .bind(profile)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Deletes a training from every profile; `NotFound` if it is not the organisation's.
    pub async fn delete_training(&self, organization_id: i64, id: i64) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            sqlx::query(
                "DELETE FROM target_profile_trainings WHERE training_id IN
                 (SELECT id FROM trainings WHERE id = $1 AND organization_id = $2)",
            )
            .bind(id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("DELETE FROM trainings WHERE id = $1 AND organization_id = $2")
                .bind(id)
                .bind(organization_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("training"));
            }
        });
        Ok(())
    }

    /// A training of the organisation.
    pub async fn training(
        &self,
        organization_id: i64,
        id: i64,
    ) -> Result<Option<TrainingRecord>, StoreError> {
        let sql = format!(
            "SELECT {TRAINING_COLUMNS} FROM trainings WHERE id = $1 AND organization_id = $2"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .bind(organization_id)
            .fetch_optional(pool)
            .await?))
    }

    /// The trainings attached to a target profile, in creation order.
    pub async fn trainings_of_profile(
        &self,
        target_profile_id: i64,
    ) -> Result<Vec<TrainingRecord>, StoreError> {
        let sql = format!(
            "SELECT {} FROM trainings t JOIN target_profile_trainings l ON l.training_id = t.id
             WHERE l.target_profile_id = $1 ORDER BY t.id",
            TRAINING_COLUMNS
                .split(", ")
                .map(|c| format!("t.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(target_profile_id)
            .fetch_all(pool)
            .await?))
    }

    /// The target profiles a training is attached to, by id.
    pub async fn profiles_of_training(&self, training_id: i64) -> Result<Vec<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT target_profile_id FROM target_profile_trainings WHERE training_id = $1 ORDER BY target_profile_id",
            )
            .bind(training_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
