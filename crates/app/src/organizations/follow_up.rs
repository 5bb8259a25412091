//! Following a campaign's participants, and reminding by mail those who have not finished
//! or not shared (each reminder recorded).

use acquis_core::campaign::ParticipationStatus;
use acquis_store::{CampaignRecord, ParticipantFilter, ParticipantRecord, ParticipantSort};

use crate::organizations::{Membership, OrgError};
use crate::{App, Letter};

/// Participants reminded per store read.
const REMIND_PAGE: i64 = 500;

/// One page of a sorted participant list.
#[derive(Debug, Clone, Copy)]
pub struct SortedPage {
    /// The column.
    pub sort: ParticipantSort,
    /// Descending order.
    pub descending: bool,
    /// Rows skipped.
    pub offset: i64,
    /// Rows at most.
    pub limit: i64,
}

/// A participant is reminded at most once in this many hours.
pub const REMIND_EVERY_HOURS: i64 = 24;

/// How a round of reminders went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Mails queued (and reminders recorded).
    pub sent: u32,
    /// Participants left out: already reminded in the last [`REMIND_EVERY_HOURS`] hours.
    pub skipped: u32,
}

impl App {
    /// The divisions and the groups of the campaign's learners, sorted.
    pub async fn participant_groups(
        &self,
        campaign: &CampaignRecord,
    ) -> Result<(Vec<String>, Vec<String>), OrgError> {
        Ok(self.store.participant_groups(campaign.id).await?)
    }

    /// How many participants of the campaign `filter` matches.
    pub async fn participants_count(
        &self,
        campaign: &CampaignRecord,
        filter: &ParticipantFilter<'_>,
    ) -> Result<i64, OrgError> {
        Ok(self.store.participants_count(campaign.id, filter).await?)
    }

    /// A sorted page of the participants `filter` matches.
    pub async fn participants(
        &self,
        campaign: &CampaignRecord,
        filter: &ParticipantFilter<'_>,
        page: SortedPage,
    ) -> Result<Vec<ParticipantRecord>, OrgError> {
        Ok(self
            .store
            .participants_sorted(
                campaign.id,
                filter,
                page.sort,
                page.descending,
                page.offset,
                page.limit,
            )
            .await?)
    }

    /// One participant of the campaign; `NotFound` if the participation is another's.
    pub async fn participant(
        &self,
        campaign: &CampaignRecord,
        participation_id: i64,
    ) -> Result<ParticipantRecord, OrgError> {
        self.store
            .participant(campaign.id, participation_id)
            .await?
            .ok_or(OrgError::NotFound("participant"))
    }

    /// How many participants a reminder would reach (not finished or not shared).
    pub async fn to_remind(&self, campaign: &CampaignRecord) -> Result<i64, OrgError> {
        let filter = ParticipantFilter {
            unshared: true,
            ..ParticipantFilter::default()
        };
        self.participants_count(campaign, &filter).await
    }

    /// Reminds by mail, in `locale`, every participant of the campaign who has not finished
    /// or not shared, recording each reminder with its queued mail; a participant already
    /// reminded in the last [`REMIND_EVERY_HOURS`] hours is left out (counted in `skipped`).
    pub async fn remind(
        &self,
        membership: &Membership,
        campaign: &CampaignRecord,
        locale: &str,
    ) -> Result<Reminded, OrgError> {
        let link = format!("{}/campagnes/{}", self.settings().public_url, campaign.code);
        let filter = ParticipantFilter {
            unshared: true,
            ..ParticipantFilter::default()
        };
        let (mut after, mut done) = (0, Reminded::default());
        loop {
            let page = self
                .store
                .participants_page(campaign.id, &filter, after, REMIND_PAGE)
                .await?;
            for p in &page {
                let letter = Letter::Reminder {
                    name: p.first_name.clone(),
                    campaign: campaign.title.clone(),
                    organization: membership.org().name.clone(),
                    link: link.clone(),
                    to_share: p.participation.status == ParticipationStatus::ToShare,
                };
                // The reminder and its mail are recorded together; the job worker sends it
                // and retries it if the relay fails.
                let mail = self.mail_job(&p.email, locale, &letter)?;
                let now = self.now();
                let recorded = self
                    .store
                    .record_reminder(
                        campaign.id,
                        p.participation.id,
                        membership.user_id(),
                        now - chrono::Duration::hours(REMIND_EVERY_HOURS),
                        now,
                        &[mail],
                    )
                    .await?;
                if recorded {
                    done.sent += 1;
                } else {
                    done.skipped += 1;
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == REMIND_PAGE => after = last.participation.id,
                _ => break,
            }
        }
        self.wake_worker();
        Ok(done)
    }
}
