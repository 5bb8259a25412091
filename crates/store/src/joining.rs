//! Joining a campaign, as one transaction: the organisation learner the account is (linked or
//! made), the campaign assessment with its target skills, and the participation. The use case
//! decides every value first (`acquis_app::campaigns::join`); this module only writes them, so a
//! failure at any step leaves no row behind.
//!
//! Concurrent joins of one account are serialised (the users row is locked on PostgreSQL;
//! SQLite has one writer), and each re-reads the account's latest participation: a join that
//! finds one the use case did not see writes nothing and returns it.

use acquis_core::campaign::ParticipationStatus;
use chrono::{DateTime, Utc};

use crate::campaigns::PARTICIPATION_COLUMNS;
use crate::{
    AssessmentKind, Backend, ParticipationRecord, Store, StoreError, in_transaction, with_pool,
};

/// Which organisation learner a joining account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnerLink<'a> {
    /// The learner it is already linked to.
    Linked(i64),
    /// A free imported learner, to link to the account (refused if another took it meanwhile).
    Imported(i64),
    /// A learner made from the account's names (or the one a concurrent join just made).
    FromAccount {
        /// First name.
        first_name: &'a str,
        /// Last name.
        last_name: &'a str,
    },
}

/// The test a joining account starts (assessment campaigns).
#[derive(Debug, Clone, Copy)]
pub struct CampaignAssessment<'a> {
    /// Seed of the positioning engine.
    pub seed: i64,
    /// The release the test runs on.
    pub release_id: i64,
    /// The learner's locale.
    pub locale: &'a str,
    /// The target skills, as a JSON array of ids.
    pub skills_json: &'a str,
}

/// A join, decided.
#[derive(Debug, Clone, Copy)]
pub struct NewJoin<'a> {
    /// The campaign.
    pub campaign_id: i64,
    /// Its organisation.
    pub organization_id: i64,
    /// The joining account.
    pub user_id: i64,
    /// The account's latest participation in the campaign when the join was decided.
    pub previous: Option<i64>,
    /// Which learner the account is.
    pub learner: LearnerLink<'a>,
    /// The external id given.
    pub external_id: Option<&'a str>,
    /// A retry improving an earlier participation.
    pub improved: bool,
    /// The test to start, for an assessment campaign.
    pub assessment: Option<CampaignAssessment<'a>>,
    /// The status the participation starts in (`ToShare` when there is no test).
    pub status: ParticipationStatus,
    /// When.
    pub now: DateTime<Utc>,
}

/// What a join wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum Joined {
    /// The participation was created, with its learner and assessment.
    Created(ParticipationRecord),
    /// A concurrent join got there first: nothing was written; here is its participation.
    Raced(ParticipationRecord),
}

const LATEST: &str =
    "SELECT id FROM campaign_participations WHERE campaign_id = $1 AND user_id = $2
                      ORDER BY id DESC LIMIT 1";
const LINKED: &str =
    "SELECT id FROM organization_learners WHERE organization_id = $1 AND user_id = $2";
const LINK: &str =
    "UPDATE organization_learners SET user_id = $1 WHERE id = $2 AND user_id IS NULL";
const MAKE_LEARNER: &str = "INSERT INTO organization_learners (organization_id, first_name, last_name, user_id, source, created_at)
                            VALUES ($1, $2, $3, $4, 'JOINED', $5) RETURNING id";
const ASSESSMENT: &str = "INSERT INTO assessments (user_id, kind, competence, state, seed, release_id, locale, improving, created_at, updated_at)
                          VALUES ($1, $2, NULL, 'started', $3, $4, $5, $6, $7, $7) RETURNING id";
const TARGET: &str = "INSERT INTO assessment_targets (assessment_id, skills) VALUES ($1, $2)";

/// The conflict a second participation of the same attempt raises.
const SAME_ATTEMPT: &str = "a participation of this attempt";

/// What the learner step of a join says.
enum Learner {
    Id(i64),
    Taken,
}

impl Store {
    /// Writes a decided join in one transaction (see the module doc); `Conflict` when the
    /// imported learner was linked to another account meanwhile, and then nothing is written.
    #[tracing::instrument(skip_all, fields(campaign = join.campaign_id, user = join.user_id))]
    pub async fn join_campaign(&self, join: NewJoin<'_>) -> Result<Joined, StoreError> {
        let by_id =
            format!("SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations WHERE id = $1");
        let insert = format!(
            "INSERT INTO campaign_participations
             (campaign_id, user_id, organization_learner_id, external_id, assessment_id, status, created_at, improved, attempt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                     (SELECT COALESCE(MAX(attempt), 0) + 1 FROM campaign_participations WHERE campaign_id = $1 AND user_id = $2))
             RETURNING {PARTICIPATION_COLUMNS}"
        );
        let postgres = self.backend() == Backend::Postgres;
        let out: Result<Joined, StoreError> = in_transaction!(self, |tx| {
            if postgres {
                sqlx::query("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE")
                    .bind(join.user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let latest: Option<i64> = sqlx::query_scalar(LATEST)
                .bind(join.campaign_id)
                .bind(join.user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if latest.is_some() && latest != join.previous {
                let raced: ParticipationRecord = sqlx::query_as(&by_id)
                    .bind(latest)
                    .fetch_one(&mut *tx)
                    .await?;
                Ok(Joined::Raced(raced))
            } else {
                let learner = match join.learner {
                    LearnerLink::Linked(id) => Learner::Id(id),
                    LearnerLink::Imported(id) => {
                        let linked = sqlx::query(LINK)
                            .bind(join.user_id)
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| {
                                StoreError::conflict_on_unique(
                                    e,
                                    "a learner linked to this account",
                                )
                            })?
                            .rows_affected();
                        if linked == 0 {
                            Learner::Taken
                        } else {
                            Learner::Id(id)
                        }
                    }
                    LearnerLink::FromAccount {
                        first_name,
                        last_name,
                    } => {
                        let existing: Option<i64> = sqlx::query_scalar(LINKED)
                            .bind(join.organization_id)
                            .bind(join.user_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                        match existing {
                            Some(id) => Learner::Id(id),
                            None => Learner::Id(
                                sqlx::query_scalar(MAKE_LEARNER)
                                    .bind(join.organization_id)
                                    .bind(first_name)
                                    .bind(last_name)
                                    .bind(join.user_id)
                                    .bind(join.now)
                                    .fetch_one(&mut *tx)
                                    .await?,
                            ),
                        }
                    }
                };
                match learner {
                    // Nothing was written yet: the transaction commits empty.
                    Learner::Taken => {
                        Err(StoreError::Conflict("a learner linked to another account"))
                    }
                    Learner::Id(learner_id) => {
                        let assessment_id: Option<i64> = match join.assessment {
                            None => None,
                            Some(a) => {
                                let id: i64 = sqlx::query_scalar(ASSESSMENT)
                                    .bind(join.user_id)
                                    .bind(AssessmentKind::Campaign.as_str())
                                    .bind(a.seed)
                                    .bind(a.release_id)
                                    .bind(a.locale)
                                    .bind(join.improved)
                                    .bind(join.now)
                                    .fetch_one(&mut *tx)
                                    .await?;
                                sqlx::query(TARGET)
                                    .bind(id)
                                    .bind(a.skills_json)
                                    .execute(&mut *tx)
                                    .await?;
                                Some(id)
                            }
                        };
                        let created: ParticipationRecord = sqlx::query_as(&insert)
                            .bind(join.campaign_id)
                            .bind(join.user_id)
                            .bind(learner_id)
                            .bind(join.external_id)
                            .bind(assessment_id)
                            .bind(join.status.as_str())
                            .bind(join.now)
                            .bind(join.improved)
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(|e| StoreError::conflict_on_unique(e, SAME_ATTEMPT))?;
                        Ok(Joined::Created(created))
                    }
                }
            }
        });
        match out {
            // The unique (campaign, account, attempt) key caught a join the locks above did not
            // serialise: nothing of this one was written; the other one is the participation.
            Err(StoreError::Conflict(SAME_ATTEMPT)) => {
                let raced: Option<ParticipationRecord> = with_pool!(self, |pool| {
                    sqlx::query_as(&format!(
                        "SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations
                         WHERE campaign_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1"
                    ))
                    .bind(join.campaign_id)
                    .bind(join.user_id)
                    .fetch_optional(pool)
                    .await?
                });
                raced
                    .map(Joined::Raced)
                    .ok_or(StoreError::Conflict(SAME_ATTEMPT))
            }
            other => other,
        }
    }
}
