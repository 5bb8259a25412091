//! Organisation learners as campaigns use them: linking a joining account to its learner
//! (imported, or made from the account's names) and the attributes a campaign's learners carry.
//!
//! Which learner an account is, and whether one may be made, is `core`'s decision
//! (`campaign::reconciliation`); this module only reads candidates and writes the links.

use chrono::Utc;

use crate::{OrganizationLearnerRecord, Store, StoreError, with_pool};

pub(crate) const LEARNER_COLUMNS: &str =
    "id, first_name, last_name, birthdate, division, group_name, attributes, user_id, national_id";

impl Store {
    /// Whether the organisation imported learners (those made from accounts do not count).
    pub async fn has_imported_learners(&self, organization_id: i64) -> Result<bool, StoreError> {
        let found: Option<i64> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM organization_learners WHERE organization_id = $1 AND source = 'IMPORTED' LIMIT 1",
            )
            .bind(organization_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(found.is_some())
    }

    /// The learner of the organisation an account is linked to, if any.
    pub async fn learner_of_user(
        &self,
        organization_id: i64,
        user_id: i64,
    ) -> Result<Option<OrganizationLearnerRecord>, StoreError> {
        let sql = format!(
            "SELECT {LEARNER_COLUMNS} FROM organization_learners WHERE organization_id = $1 AND user_id = $2"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?))
    }

    /// The imported learners of the organisation born on `birthdate` (ISO), linked or not, by id:
    /// the candidates an identity is compared with.
    pub async fn imported_learners_born_on(
        &self,
        organization_id: i64,
        birthdate: &str,
    ) -> Result<Vec<OrganizationLearnerRecord>, StoreError> {
        let sql = format!(
            "SELECT {LEARNER_COLUMNS} FROM organization_learners
             WHERE organization_id = $1 AND birthdate = $2 AND source = 'IMPORTED' ORDER BY id"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .bind(birthdate)
            .fetch_all(pool)
            .await?))
    }

    /// Links a free learner to an account; `Conflict` if another account took it meanwhile or
    /// the account is already another learner of the organisation.
    pub async fn link_learner(&self, learner_id: i64, user_id: i64) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE organization_learners SET user_id = $1 WHERE id = $2 AND user_id IS NULL",
            )
            .bind(user_id)
            .bind(learner_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })
        .map_err(|e| StoreError::conflict_on_unique(e, "a learner linked to this account"))?;
        if done == 0 {
            Err(StoreError::Conflict("a learner linked to another account"))
        } else {
            Ok(())
        }
    }

    /// Makes a learner of the organisation from an account's names, linked to it; `Conflict`
    /// if the account already is one.
    pub async fn create_learner_from_account(
        &self,
        organization_id: i64,
        user_id: i64,
        first_name: &str,
        last_name: &str,
    ) -> Result<OrganizationLearnerRecord, StoreError> {
        let sql = format!(
            "INSERT INTO organization_learners (organization_id, first_name, last_name, user_id, source, created_at)
             VALUES ($1, $2, $3, $4, 'JOINED', $5) RETURNING {LEARNER_COLUMNS}"
        );
        let now = Utc::now();
        let _turn = self.write_turn().await;
        let created = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .bind(first_name)
            .bind(last_name)
            .bind(user_id)
            .bind(now)
            .fetch_one(pool)
            .await);
        created.map_err(|e| StoreError::conflict_on_unique(e, "a learner linked to this account"))
    }

    /// Records which organisation learner a participation belongs to.
    pub async fn set_participation_learner(
        &self,
        participation_id: i64,
        learner_id: i64,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE campaign_participations SET organization_learner_id = $1 WHERE id = $2",
            )
            .bind(learner_id)
            .bind(participation_id)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// The imported attribute names of a campaign's participants' learners, sorted: the
    /// attribute columns of its export.
    pub async fn campaign_attribute_names(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<String>, StoreError> {
        // Keys are read by each dialect's JSON functions: one short row per distinct name.
        let mut names: Vec<String> = match &self.pool {
            crate::Pool::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT DISTINCT j.key FROM campaign_participations p
                     JOIN organization_learners ol ON ol.id = p.organization_learner_id,
                     json_each(ol.attributes) AS j
                     WHERE p.campaign_id = $1",
                )
                .bind(campaign_id)
                .fetch_all(pool)
                .await?
            }
            crate::Pool::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT DISTINCT k FROM campaign_participations p
                     JOIN organization_learners ol ON ol.id = p.organization_learner_id,
                     jsonb_object_keys(ol.attributes::jsonb) AS k
                     WHERE p.campaign_id = $1",
                )
                .bind(campaign_id)
                .fetch_all(pool)
                .await?
            }
        };
        // Sorted here, not by each database's collation, so both backends agree.
        names.sort();
        Ok(names)
    }
}
