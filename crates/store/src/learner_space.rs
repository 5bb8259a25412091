//! What a learner keeps and sees of their own: the campaigns they joined ("Mes parcours"), the
//! tutorials they saved ("Mes tutos"), their names. Reads are scoped to one user id, which the
//! caller proved is the signed-in user's.

use chrono::{DateTime, Utc};

use acquis_core::campaign::ParticipationStatus;

use crate::{Store, StoreError, in_transaction, with_pool};

/// A campaign a user joined, with their latest participation in it.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyRecord {
    /// The latest participation's id.
    pub participation_id: i64,
    /// The campaign's code.
    pub code: String,
    /// The campaign's title.
    pub title: String,
    /// The organisation's name.
    pub organization: String,
    /// Where the participation stands.
    pub status: ParticipationStatus,
    /// The participation's assessment, if any.
    pub assessment_id: Option<i64>,
    /// External id given on joining.
    pub external_id: Option<String>,
    /// Joined.
    pub created_at: DateTime<Utc>,
    /// Shared.
    pub shared_at: Option<DateTime<Utc>>,
    /// When the campaign was archived, if it was.
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct JourneyRow {
    participation_id: i64,
    code: String,
    title: String,
    organization: String,
    status: String,
    assessment_id: Option<i64>,
    external_id: Option<String>,
    created_at: DateTime<Utc>,
    shared_at: Option<DateTime<Utc>>,
    archived_at: Option<DateTime<Utc>>,
}

impl TryFrom<JourneyRow> for JourneyRecord {
    type Error = StoreError;

    fn try_from(r: JourneyRow) -> Result<Self, StoreError> {
        let status = r
            .status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("participation status {:?}", r.status)))?;
        Ok(JourneyRecord {
            participation_id: r.participation_id,
            code: r.code,
            title: r.title,
            organization: r.organization,
            status,
            assessment_id: r.assessment_id,
            external_id: r.external_id,
            created_at: r.created_at,
            shared_at: r.shared_at,
            archived_at: r.archived_at,
        })
    }
}

fn journeys(rows: Vec<JourneyRow>) -> Result<Vec<JourneyRecord>, StoreError> {
    rows.into_iter().map(JourneyRecord::try_from).collect()
}

/// A tutorial a user saved.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SavedTutorialRecord {
    /// The content's tutorial id.
    pub tutorial_id: String,
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
}

const JOURNEY_SELECT: &str = "SELECT p.id AS participation_id, c.code, c.title,
        o.name AS organization, p.status, p.assessment_id, p.external_id, p.created_at,
        p.shared_at, c.archived_at
     FROM campaign_participations p
     JOIN campaigns c ON c.id = p.campaign_id
     JOIN organizations o ON o.id = c.organization_id
     WHERE p.user_id = $1";

impl Store {
    /// Every campaign `user_id` joined with their latest participation in it, newest first.
    pub async fn journeys_of(&self, user_id: i64) -> Result<Vec<JourneyRecord>, StoreError> {
        let sql = format!(
            "{JOURNEY_SELECT} AND p.id = (SELECT MAX(q.id) FROM campaign_participations q
                 WHERE q.campaign_id = p.campaign_id AND q.user_id = p.user_id)
             ORDER BY p.id DESC"
        );
        let rows: Vec<JourneyRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(pool)
            .await?);
        journeys(rows)
    }

    /// Every participation of `user_id`, retries included, oldest first (for their data).
    pub async fn participations_of_user(
        &self,
        user_id: i64,
    ) -> Result<Vec<JourneyRecord>, StoreError> {
        let sql = format!("{JOURNEY_SELECT} ORDER BY p.id");
        let rows: Vec<JourneyRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(pool)
            .await?);
        journeys(rows)
    }

    /// Saves a tutorial for `user_id`; saving it again (even concurrently) changes nothing.
    /// Returns whether it was newly saved.
    pub async fn save_tutorial(
        &self,
        user_id: i64,
        tutorial_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let added = with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO saved_tutorials (user_id, tutorial_id, saved_at) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id, tutorial_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(tutorial_id)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(added > 0)
    }

    /// Removes a saved tutorial (nothing when it was not saved).
    pub async fn unsave_tutorial(&self, user_id: i64, tutorial_id: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("DELETE FROM saved_tutorials WHERE user_id = $1 AND tutorial_id = $2")
                .bind(user_id)
                .bind(tutorial_id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// The tutorials `user_id` saved, newest first.
    pub async fn saved_tutorials(
        &self,
        user_id: i64,
    ) -> Result<Vec<SavedTutorialRecord>, StoreError> {
        Ok(with_pool!(self, |pool| sqlx::query_as(
            "SELECT tutorial_id, saved_at FROM saved_tutorials WHERE user_id = $1
             ORDER BY saved_at DESC, tutorial_id"
        )
        .bind(user_id)
        .fetch_all(pool)
        .await?))
    }

    /// Changes a user's names, and those of the organisation learners made from the account
    /// (an imported learner is the organisation's own record and keeps its names), in one
    /// transaction.
    pub async fn update_names(
        &self,
        user_id: i64,
        first_name: &str,
        last_name: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let done = sqlx::query(
                "UPDATE users SET first_name = $1, last_name = $2
                 WHERE id = $3 AND anonymised_at IS NULL",
            )
            .bind(first_name)
            .bind(last_name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("user"));
            }
            sqlx::query(
                "UPDATE organization_learners SET first_name = $1, last_name = $2
                 WHERE user_id = $3 AND source = 'JOINED'",
            )
            .bind(first_name)
            .bind(last_name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }
}
