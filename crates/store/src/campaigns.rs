//! Target profiles, campaigns, participations and reminders.
//!
//! A target profile's definition (tubes with caps, stages, badges) is stored as JSON written
//! and read by `core`'s types through the web layer; the store keeps it opaque. A shared
//! participation keeps a snapshot of its results, so exports and analyses read one row per
//! participant and later learning never changes what was shared.

use acquis_core::campaign::{CampaignType, ParticipationStatus};
use chrono::{DateTime, Utc};

use crate::jobs::enqueue_on;
use crate::{NewJob, Store, StoreError, in_transaction, with_pool};

/// A stored target profile.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TargetProfileRecord {
    /// Id.
    pub id: i64,
    /// Owner.
    pub organization_id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Expected test length in minutes.
    pub expected_minutes: Option<i32>,
    /// JSON definition (tubes with caps, stages, badges).
    pub definition: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A campaign to create.
#[derive(Debug, Clone)]
pub struct NewCampaign<'a> {
    /// Owner.
    pub organization_id: i64,
    /// Unique code.
    pub code: &'a str,
    /// `ASSESSMENT` or `PROFILES_COLLECTION`.
    pub kind: &'a str,
    /// Target profile (assessment campaigns).
    pub target_profile_id: Option<i64>,
    /// Title.
    pub title: &'a str,
    /// Landing-page text.
    pub landing_text: &'a str,
    /// Result-page text.
    pub result_text: &'a str,
    /// Result-page button text.
    pub result_button_text: &'a str,
    /// Result-page button link.
    pub result_button_url: &'a str,
    /// Label of the external id asked to participants, if any.
    pub external_id_label: Option<&'a str>,
    /// `text` or `email`.
    pub external_id_kind: Option<&'a str>,
    /// Participants may send their results several times.
    pub multiple_sendings: bool,
    /// Who created it.
    pub creator_id: i64,
}

impl<'a> NewCampaign<'a> {
    /// A campaign with what every campaign needs: empty page texts, no external id, one
    /// sending, no target profile (set the fields that differ with struct update syntax).
    pub fn new(
        organization_id: i64,
        code: &'a str,
        kind: &'a str,
        title: &'a str,
        creator_id: i64,
    ) -> NewCampaign<'a> {
        NewCampaign {
            organization_id,
            code,
            kind,
            target_profile_id: None,
            title,
            landing_text: "",
            result_text: "",
            result_button_text: "",
            result_button_url: "",
            external_id_label: None,
            external_id_kind: None,
            multiple_sendings: false,
            creator_id,
        }
    }
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CampaignRecord {
    /// Id.
    pub id: i64,
    /// Owner.
    pub organization_id: i64,
    /// Unique code.
    pub code: String,
    /// What it collects.
    #[sqlx(try_from = "crate::stored::Stored<CampaignType>")]
    pub kind: CampaignType,
    /// Target profile.
    pub target_profile_id: Option<i64>,
    /// Title.
    pub title: String,
    /// Landing-page text.
    pub landing_text: String,
    /// Result-page text.
    pub result_text: String,
    /// Result-page button text.
    pub result_button_text: String,
    /// Result-page button link.
    pub result_button_url: String,
    /// External id label.
    pub external_id_label: Option<String>,
    /// External id kind.
    pub external_id_kind: Option<String>,
    /// Several sendings allowed.
    pub multiple_sendings: bool,
    /// Creator.
    pub creator_id: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Archived, if it is.
    pub archived_at: Option<DateTime<Utc>>,
}

/// A stored participation.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ParticipationRecord {
    /// 64-bit id.
    pub id: i64,
    /// Campaign.
    pub campaign_id: i64,
    /// Participant.
    pub user_id: i64,
    /// The organisation's learner record, if reconciled.
    pub organization_learner_id: Option<i64>,
    /// The assessment (assessment campaigns).
    pub assessment_id: Option<i64>,
    /// External id given on joining.
    pub external_id: Option<String>,
    /// Where it stands.
    #[sqlx(try_from = "crate::stored::Stored<ParticipationStatus>")]
    pub status: ParticipationStatus,
    /// Joined.
    pub created_at: DateTime<Utc>,
    /// Shared.
    pub shared_at: Option<DateTime<Utc>>,
    /// Mastery rate at sharing (0..1).
    pub mastery_rate: Option<f64>,
    /// Pix at sharing (profiles collections).
    pub pix_score: Option<i32>,
    /// JSON snapshot of the results at sharing.
    pub results: Option<String>,
    /// A retry that improves an earlier participation.
    pub improved: bool,
}

/// The compact form of an assessment participation's shared results, which the campaign
/// analysis reads instead of the JSON snapshot: the validated target positions as written by
/// core's `Mastery::to_bits`, and the fingerprint of the target they refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactResults<'a> {
    /// Fingerprint of the target (`TargetSkills::fingerprint`).
    pub target: &'a str,
    /// Validated target positions (`Mastery::to_bits`).
    pub bits: &'a str,
}

/// A shared participation as the campaign analysis reads it: the compact results when they
/// were taken on the analysed target, else the JSON snapshot, and the participant's groups.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AnalysisRecord {
    /// The participation's id.
    pub id: i64,
    /// Validated target positions, when recorded on the target asked for.
    pub bits: Option<String>,
    /// The JSON snapshot, only when `bits` is `None`.
    pub results: Option<String>,
    /// Division of the organisation's learner, if reconciled.
    pub division: Option<String>,
    /// Group of the organisation's learner, if reconciled.
    pub group_name: Option<String>,
    /// Imported attributes (JSON object), if reconciled.
    pub attributes: Option<String>,
}

const TARGET_PROFILE_COLUMNS: &str =
    "id, organization_id, name, description, expected_minutes, definition, created_at";
const CAMPAIGN_COLUMNS: &str = "id, organization_id, code, kind, target_profile_id, title, landing_text, result_text, result_button_text, result_button_url, external_id_label, external_id_kind, multiple_sendings, creator_id, created_at, archived_at";
/// What a share did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareOutcome {
    /// This call shared the participation.
    Shared,
    /// It was shared already (by a concurrent or earlier call): nothing was written.
    AlreadyShared,
}

pub(crate) const PARTICIPATION_COLUMNS: &str = "id, campaign_id, user_id, organization_learner_id, assessment_id, external_id, status, created_at, shared_at, mastery_rate, pix_score, results, improved";

impl Store {
    /// Creates a target profile.
    pub async fn create_target_profile(
        &self,
        organization_id: i64,
        name: &str,
        description: &str,
        expected_minutes: Option<i32>,
        definition: &str,
        now: DateTime<Utc>,
    ) -> Result<TargetProfileRecord, StoreError> {
        let sql = format!(
            "INSERT INTO target_profiles (organization_id, name, description, expected_minutes, definition, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TARGET_PROFILE_COLUMNS}"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(organization_id)
                .bind(name)
                .bind(description)
                .bind(expected_minutes)
                .bind(definition)
                .bind(now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// The target profiles of an organisation, newest first.
    pub async fn target_profiles(
        &self,
        organization_id: i64,
    ) -> Result<Vec<TargetProfileRecord>, StoreError> {
        let sql = format!(
            "SELECT {TARGET_PROFILE_COLUMNS} FROM target_profiles WHERE organization_id = $1 ORDER BY id DESC"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(organization_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// A target profile by id.
    pub async fn target_profile(&self, id: i64) -> Result<Option<TargetProfileRecord>, StoreError> {
        let sql = format!("SELECT {TARGET_PROFILE_COLUMNS} FROM target_profiles WHERE id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        }))
    }

    /// Creates a campaign; `Conflict` if the code is taken (draw another one).
    pub async fn create_campaign(
        &self,
        c: NewCampaign<'_>,
        now: DateTime<Utc>,
    ) -> Result<CampaignRecord, StoreError> {
        let sql = format!(
            "INSERT INTO campaigns (organization_id, code, kind, target_profile_id, title, landing_text, result_text,
             result_button_text, result_button_url, external_id_label, external_id_kind, multiple_sendings, creator_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {CAMPAIGN_COLUMNS}"
        );
        let created = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(c.organization_id)
                .bind(c.code)
                .bind(c.kind)
                .bind(c.target_profile_id)
                .bind(c.title)
                .bind(c.landing_text)
                .bind(c.result_text)
                .bind(c.result_button_text)
                .bind(c.result_button_url)
                .bind(c.external_id_label)
                .bind(c.external_id_kind)
                .bind(c.multiple_sendings)
                .bind(c.creator_id)
                .bind(now)
                .fetch_one(pool)
                .await
        });
        created.map_err(|e| StoreError::conflict_on_unique(e, "a campaign with this code"))
    }

    /// A campaign by id.
    pub async fn campaign(&self, id: i64) -> Result<Option<CampaignRecord>, StoreError> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// A campaign by code.
    pub async fn campaign_by_code(&self, code: &str) -> Result<Option<CampaignRecord>, StoreError> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE code = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(code)
            .fetch_optional(pool)
            .await?))
    }

    /// The campaigns of an organisation, newest first.
    pub async fn campaigns_of(
        &self,
        organization_id: i64,
    ) -> Result<Vec<CampaignRecord>, StoreError> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE organization_id = $1 ORDER BY id DESC"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(organization_id)
            .fetch_all(pool)
            .await?))
    }

    /// Archives a campaign at `at`, or unarchives it (`None`).
    pub async fn set_campaign_archived(
        &self,
        id: i64,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE campaigns SET archived_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Starts a participation.
    pub async fn create_participation(
        &self,
        campaign_id: i64,
        user_id: i64,
        external_id: Option<&str>,
        assessment_id: Option<i64>,
        improved: bool,
    ) -> Result<ParticipationRecord, StoreError> {
        let sql = format!(
            "INSERT INTO campaign_participations (campaign_id, user_id, external_id, assessment_id, status, created_at, improved, attempt)
             VALUES ($1, $2, $3, $4, 'STARTED', $5, $6,
                     (SELECT COALESCE(MAX(attempt), 0) + 1 FROM campaign_participations WHERE campaign_id = $1 AND user_id = $2))
             RETURNING {PARTICIPATION_COLUMNS}"
        );
        let now = Utc::now();
        Ok(with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(campaign_id)
                .bind(user_id)
                .bind(external_id)
                .bind(assessment_id)
                .bind(now)
                .bind(improved)
                .fetch_one(pool)
                .await?
        }))
    }

    /// A participation by id.
    pub async fn participation(&self, id: i64) -> Result<Option<ParticipationRecord>, StoreError> {
        let sql =
            format!("SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations WHERE id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?))
    }

    /// A user's latest participation in a campaign.
    pub async fn latest_participation(
        &self,
        campaign_id: i64,
        user_id: i64,
    ) -> Result<Option<ParticipationRecord>, StoreError> {
        let sql = format!(
            "SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations
             WHERE campaign_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(campaign_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?))
    }

    /// Marks a participation's test as done (`TO_SHARE`).
    pub async fn participation_to_share(&self, id: i64) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE campaign_participations SET status = 'TO_SHARE' WHERE id = $1 AND status = 'STARTED'")
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Shares a participation with its results snapshot and, for an assessment, their compact
    /// form, if it is `TO_SHARE`. Of several shares at once, one writes and the others find it
    /// shared (`AlreadyShared`); `NotFound` when it is neither to share nor shared.
    pub async fn share_participation(
        &self,
        id: i64,
        mastery_rate: Option<f64>,
        pix_score: Option<i32>,
        results: &str,
        compact: Option<CompactResults<'_>>,
        now: DateTime<Utc>,
    ) -> Result<ShareOutcome, StoreError> {
        let _turn = self.write_turn().await;
        let done = with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE campaign_participations SET status = 'SHARED', shared_at = $1, mastery_rate = $2, pix_score = $3, results = $4,
                 results_target = $5, results_bits = $6
                 WHERE id = $7 AND status = 'TO_SHARE'",
            )
            .bind(now)
            .bind(mastery_rate)
            .bind(pix_score)
            .bind(results)
            .bind(compact.map(|c| c.target))
            .bind(compact.map(|c| c.bits))
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if done == 1 {
            return Ok(ShareOutcome::Shared);
        }
        match self.participation(id).await? {
            Some(p) if p.status == ParticipationStatus::Shared => Ok(ShareOutcome::AlreadyShared),
            _ => Err(StoreError::NotFound("participation to share")),
        }
    }

    /// A page of a campaign's participations by increasing id, after `after_id`: exports walk
    /// a campaign page by page, so memory does not grow with its size.
    pub async fn participations_page(
        &self,
        campaign_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<ParticipationRecord>, StoreError> {
        let sql = format!(
            "SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations
             WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(campaign_id)
            .bind(after_id)
            .bind(limit)
            .fetch_all(pool)
            .await?))
    }

    /// A page of a campaign's shared participations by increasing id, after `after_id`, as the
    /// analysis reads them: one light row each, without the account or the reminders. A row
    /// carries its compact results when they were recorded on the target whose fingerprint is
    /// `target` (none for a profiles collection), else its JSON snapshot.
    pub async fn analysis_page(
        &self,
        campaign_id: i64,
        target: Option<&str>,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<AnalysisRecord>, StoreError> {
        const SQL: &str = "SELECT p.id,
             CASE WHEN p.results_target = $2 THEN p.results_bits END AS bits,
             CASE WHEN p.results_target = $2 AND p.results_bits IS NOT NULL THEN NULL ELSE p.results END AS results,
             ol.division, ol.group_name, ol.attributes
             FROM campaign_participations p
             LEFT JOIN organization_learners ol ON ol.id = p.organization_learner_id
             WHERE p.campaign_id = $1 AND p.id > $3 AND p.status = 'SHARED'
             ORDER BY p.id LIMIT $4";
        // Thousands of rows a page: on SQLite, read them on a synchronous connection rather
        // than as one channel message per row (see `sqlite_sync`).
        if let Some(sync) = &self.sync {
            let target = target.map(str::to_owned);
            return sync
                .run(move |conn| {
                    // `?N` numbers the parameters for SQLite itself (sqlx does it for `$N`).
                    let mut statement = conn.prepare_cached(&SQL.replace('$', "?"))?;
                    let rows = statement.query_map(
                        rusqlite::params![campaign_id, target, after_id, limit],
                        |r| {
                            Ok(AnalysisRecord {
                                id: r.get(0)?,
                                bits: r.get(1)?,
                                results: r.get(2)?,
                                division: r.get(3)?,
                                group_name: r.get(4)?,
                                attributes: r.get(5)?,
                            })
                        },
                    )?;
                    Ok(rows.collect::<Result<Vec<_>, _>>()?)
                })
                .await;
        }
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(campaign_id)
            .bind(target)
            .bind(after_id)
            .bind(limit)
            .fetch_all(pool)
            .await?))
    }

    /// Counts of a campaign's participations by status.
    pub async fn participation_counts(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as("SELECT status, COUNT(*) FROM campaign_participations WHERE campaign_id = $1 GROUP BY status ORDER BY status")
                .bind(campaign_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Records a reminder of a participant with its queued mail (`jobs`), in one transaction,
    /// unless the participant was already reminded after `not_since` (at most one reminder a
    /// day): then nothing is written and `false` is returned. Concurrent reminders of one
    /// participant are serialised (the participation's row locked on PostgreSQL, the writer
    /// lock on SQLite), so two rounds at once remind once.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_reminder(
        &self,
        campaign_id: i64,
        participation_id: i64,
        sent_by: i64,
        not_since: DateTime<Utc>,
        now: DateTime<Utc>,
        jobs: &[NewJob],
    ) -> Result<bool, StoreError> {
        let postgres = self.backend() == crate::Backend::Postgres;
        Ok(in_transaction!(self, |tx| {
            if postgres {
                sqlx::query("SELECT id FROM campaign_participations WHERE id = $1 FOR UPDATE")
                    .bind(participation_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let recent: Option<i64> = sqlx::query_scalar(
                "SELECT participation_id FROM campaign_reminders
                 WHERE participation_id = $1 AND sent_at > $2 LIMIT 1",
            )
            .bind(participation_id)
            .bind(not_since)
            .fetch_optional(&mut *tx)
            .await?;
            if recent.is_some() {
                false
            } else {
                sqlx::query("INSERT INTO campaign_reminders (campaign_id, participation_id, sent_by, sent_at) VALUES ($1, $2, $3, $4)")
                    .bind(campaign_id)
                    .bind(participation_id)
                    .bind(sent_by)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                for job in jobs {
                    enqueue_on!(&mut *tx, job, now)?;
                }
                true
            }
        }))
    }

    /// When each participant of a campaign was last reminded: (participation id, time).
    pub async fn last_reminders(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<(i64, DateTime<Utc>)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as("SELECT participation_id, MAX(sent_at) FROM campaign_reminders WHERE campaign_id = $1 GROUP BY participation_id")
                .bind(campaign_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Stores the target skills (JSON array of ids) of a campaign assessment.
    pub async fn set_assessment_target(
        &self,
        assessment_id: i64,
        skills_json: &str,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("INSERT INTO assessment_targets (assessment_id, skills) VALUES ($1, $2)")
                .bind(assessment_id)
                .bind(skills_json)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// The target skills (JSON array of ids) of a campaign assessment.
    pub async fn assessment_target(
        &self,
        assessment_id: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT skills FROM assessment_targets WHERE assessment_id = $1")
                .bind(assessment_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The participation an assessment belongs to, if any.
    pub async fn participation_of_assessment(
        &self,
        assessment_id: i64,
    ) -> Result<Option<ParticipationRecord>, StoreError> {
        let sql = format!(
            "SELECT {PARTICIPATION_COLUMNS} FROM campaign_participations WHERE assessment_id = $1"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(assessment_id)
            .fetch_optional(pool)
            .await?))
    }
}

/// A participant as the organisation follows it: the participation, who it is (the imported
/// learner's names when reconciled, else the account's), their groups and the last reminder.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ParticipantRecord {
    /// The participation.
    #[sqlx(flatten)]
    pub participation: ParticipationRecord,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The account's email (for reminders).
    pub email: String,
    /// Division of the organisation's learner, if reconciled.
    pub division: Option<String>,
    /// Group of the organisation's learner, if reconciled.
    pub group_name: Option<String>,
    /// Imported attributes (JSON object), if reconciled.
    pub attributes: Option<String>,
    /// When the participant was last reminded.
    pub last_reminded_at: Option<DateTime<Utc>>,
}

/// Which participants of a campaign to read (every `None` matches all).
#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter<'a> {
    /// `STARTED`, `TO_SHARE` or `SHARED`.
    pub status: Option<&'a str>,
    /// Only not finished or not shared (`STARTED` or `TO_SHARE`): who may be reminded.
    pub unshared: bool,
    /// Division.
    pub division: Option<&'a str>,
    /// Group.
    pub group: Option<&'a str>,
    /// A part of the participant's first or last name (any case).
    pub name: Option<&'a str>,
    /// Only shared participations whose mastery rate is at least `.0` and, when given, below
    /// `.1` (a stage's rates: `Stages::rate_range`).
    pub rate: Option<(f64, Option<f64>)>,
}

/// The column a follow-up page is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParticipantSort {
    /// Last name, then first name.
    #[default]
    Name,
    /// Division.
    Division,
    /// Group.
    Group,
    /// Status, from started to shared.
    Status,
    /// Mastery rate.
    Mastery,
    /// Start date.
    Started,
    /// Sharing date.
    Shared,
}

impl ParticipantSort {
    /// The sort expressions (empty values last, whichever the direction).
    fn order_by(self, dir: &str) -> String {
        let name = format!(
            "LOWER(COALESCE(ol.last_name, u.last_name)) {dir}, LOWER(COALESCE(ol.first_name, u.first_name)) {dir}"
        );
        let nulls_last = |column: &str| format!("({column} IS NULL), {column} {dir}, {name}");
        match self {
            ParticipantSort::Name => name,
            ParticipantSort::Division => nulls_last("ol.division"),
            ParticipantSort::Group => nulls_last("ol.group_name"),
            ParticipantSort::Status => format!(
                "CASE p.status WHEN 'STARTED' THEN 0 WHEN 'TO_SHARE' THEN 1 ELSE 2 END {dir}, {name}"
            ),
            ParticipantSort::Mastery => nulls_last("p.mastery_rate"),
            ParticipantSort::Started => format!("p.created_at {dir}"),
            ParticipantSort::Shared => nulls_last("p.shared_at"),
        }
    }
}

/// A mastery rate stored as a float may sit a rounding error below the exact fraction it
/// stands for: stage bounds are compared with this margin.
const RATE_MARGIN: f64 = 1e-9;

const PARTICIPANT_SELECT: &str = "SELECT p.id, p.campaign_id, p.user_id, p.organization_learner_id, p.assessment_id,
     p.external_id, p.status, p.created_at, p.shared_at, p.mastery_rate, p.pix_score, p.results, p.improved,
     COALESCE(ol.first_name, u.first_name) AS first_name, COALESCE(ol.last_name, u.last_name) AS last_name,
     u.email, ol.division, ol.group_name, ol.attributes,
     (SELECT MAX(r.sent_at) FROM campaign_reminders r WHERE r.participation_id = p.id) AS last_reminded_at
     FROM campaign_participations p
     JOIN users u ON u.id = p.user_id
     LEFT JOIN organization_learners ol ON ol.id = p.organization_learner_id";

/// The conditions of `ParticipantFilter`, on parameters `$1` (campaign) to `$8`.
const PARTICIPANT_WHERE: &str = "WHERE p.campaign_id = $1
       AND ($2 IS NULL OR p.status = $2)
       AND ($3 = FALSE OR p.status IN ('STARTED', 'TO_SHARE'))
       AND ($4 IS NULL OR ol.division = $4)
       AND ($5 IS NULL OR ol.group_name = $5)
       AND ($6 IS NULL
            OR LOWER(COALESCE(ol.last_name, u.last_name)) LIKE $6 ESCAPE '\\'
            OR LOWER(COALESCE(ol.first_name, u.first_name)) LIKE $6 ESCAPE '\\'
            OR LOWER(COALESCE(ol.last_name, u.last_name) || ' ' || COALESCE(ol.first_name, u.first_name)) LIKE $6 ESCAPE '\\'
            OR LOWER(COALESCE(ol.first_name, u.first_name) || ' ' || COALESCE(ol.last_name, u.last_name)) LIKE $6 ESCAPE '\\')
       AND ($7 IS NULL OR (p.status = 'SHARED' AND p.mastery_rate >= $7))
       AND ($8 IS NULL OR p.mastery_rate < $8)";

/// Binds a filter's parameters `$1` to `$8` to a query.
macro_rules! bind_filter {
    ($query:expr, $campaign:expr, $filter:expr) => {{
        let f: &ParticipantFilter<'_> = $filter;
        $query
            .bind($campaign)
            .bind(f.status)
            .bind(f.unshared)
            .bind(f.division)
            .bind(f.group)
            .bind(
                f.name
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(crate::roster::like_pattern),
            )
            .bind(f.rate.map(|(from, _)| from - RATE_MARGIN))
            .bind(f.rate.and_then(|(_, below)| below).map(|b| b - RATE_MARGIN))
    }};
}

impl Store {
    /// A page of a campaign's participants by increasing participation id, after `after_id`,
    /// matching `filter`: reminders walk a campaign this way, so memory does not grow with
    /// its size.
    pub async fn participants_page(
        &self,
        campaign_id: i64,
        filter: &ParticipantFilter<'_>,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<ParticipantRecord>, StoreError> {
        let sql = format!(
            "{PARTICIPANT_SELECT} {PARTICIPANT_WHERE} AND p.id > $9 ORDER BY p.id LIMIT $10"
        );
        Ok(with_pool!(self, |pool| bind_filter!(
            sqlx::query_as(&sql),
            campaign_id,
            filter
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(pool)
        .await?))
    }

    /// The follow-up's page: `limit` participants matching `filter` after skipping `offset`,
    /// sorted by `sort` (then by id, so pages never overlap).
    pub async fn participants_sorted(
        &self,
        campaign_id: i64,
        filter: &ParticipantFilter<'_>,
        sort: ParticipantSort,
        descending: bool,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ParticipantRecord>, StoreError> {
        let dir = if descending { "DESC" } else { "ASC" };
        let sql = format!(
            "{PARTICIPANT_SELECT} {PARTICIPANT_WHERE} ORDER BY {}, p.id {dir} LIMIT $9 OFFSET $10",
            sort.order_by(dir)
        );
        Ok(with_pool!(self, |pool| bind_filter!(
            sqlx::query_as(&sql),
            campaign_id,
            filter
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?))
    }

    /// How many participants of a campaign match `filter`.
    pub async fn participants_count(
        &self,
        campaign_id: i64,
        filter: &ParticipantFilter<'_>,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM campaign_participations p
             JOIN users u ON u.id = p.user_id
             LEFT JOIN organization_learners ol ON ol.id = p.organization_learner_id
             {PARTICIPANT_WHERE}"
        );
        Ok(with_pool!(self, |pool| bind_filter!(
            sqlx::query_scalar(&sql),
            campaign_id,
            filter
        )
        .fetch_one(pool)
        .await?))
    }

    /// One participant of a campaign (`None` if the participation is another campaign's).
    pub async fn participant(
        &self,
        campaign_id: i64,
        participation_id: i64,
    ) -> Result<Option<ParticipantRecord>, StoreError> {
        let sql = format!("{PARTICIPANT_SELECT} WHERE p.campaign_id = $1 AND p.id = $2");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(campaign_id)
            .bind(participation_id)
            .fetch_optional(pool)
            .await?))
    }

    /// The divisions and groups of a campaign's reconciled participants, each sorted: what the
    /// follow-up filters offer.
    pub async fn participant_groups(
        &self,
        campaign_id: i64,
    ) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let query = |column: &str| {
            format!(
                "SELECT DISTINCT ol.{column} FROM campaign_participations p
                 JOIN organization_learners ol ON ol.id = p.organization_learner_id
                 WHERE p.campaign_id = $1 AND ol.{column} IS NOT NULL ORDER BY ol.{column}"
            )
        };
        let (divisions, groups) = (query("division"), query("group_name"));
        let divisions: Vec<String> = with_pool!(self, |pool| sqlx::query_scalar(&divisions)
            .bind(campaign_id)
            .fetch_all(pool)
            .await?);
        let groups: Vec<String> = with_pool!(self, |pool| sqlx::query_scalar(&groups)
            .bind(campaign_id)
            .fetch_all(pool)
            .await?);
        Ok((divisions, groups))
    }
}
