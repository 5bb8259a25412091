//! `/orga/{org}/campagnes/{id}`: a campaign's page — its code and share link, archive, and the
//! follow-up of its participants (status, progress, dates, last reminder), filtered by status,
//! division, group or stage through a plain GET form, 100 participants a page.
//! `POST …/relances` reminds by mail every participant who has not finished or not shared,
//! and records each reminder.

use acquis_store::{CampaignRecord, ParticipantFilter, ParticipantRecord};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{CurrentUser, urlencode};
use crate::campaigns::SharedResults;
use crate::i18n::{Lang, num, text};
use crate::orga::guard::campaign_of;
use crate::orga::home::kind_key;
use crate::orga::target::CampaignTarget;
use crate::orga::{OrgNav, date, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// Participants shown per page.
const PAGE: i64 = 100;
/// Participants reminded per store read.
const REMIND_PAGE: i64 = 500;

/// The follow-up filters, from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    statut: String,
    #[serde(default)]
    classe: String,
    #[serde(default)]
    groupe: String,
    #[serde(default)]
    palier: String,
    #[serde(default)]
    apres: Option<i64>,
}

/// An option of a filter's select.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A participant's row.
pub struct ParticipantItem {
    id: i64,
    name: String,
    external_id: String,
    division: String,
    group: String,
    status: String,
    progress: String,
    mastery: String,
    stage: String,
    started: String,
    shared: String,
    reminded: String,
}

/// The campaign's facts shown above every tab.
pub struct CampaignHead {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) code: String,
    pub(crate) link: String,
    pub(crate) kind: String,
    pub(crate) profile: String,
    pub(crate) archived: bool,
    pub(crate) counts: Vec<(String, i64)>,
}

#[derive(Template)]
#[template(path = "orga/campaign.html")]
struct CampaignPage {
    chrome: Chrome,
    nav: OrgNav,
    head: CampaignHead,
    statuses: Vec<Choice>,
    divisions: Vec<Choice>,
    groups: Vec<Choice>,
    stages: Vec<Choice>,
    participants: Vec<ParticipantItem>,
    next: Option<String>,
    can_remind: bool,
}

/// The status label's Fluent key.
pub fn status_key(status: &str) -> &'static str {
    match status {
        "SHARED" => "orga-status-shared",
        "TO_SHARE" => "orga-status-to-share",
        _ => "orga-status-started",
    }
}

const STATUSES: [&str; 3] = ["STARTED", "TO_SHARE", "SHARED"];

/// The campaign's header facts.
pub async fn head(
    state: &AppState,
    lang: Lang,
    campaign: &CampaignRecord,
    target: Option<&CampaignTarget>,
) -> Result<CampaignHead, WebError> {
    let counts = state.store.participation_counts(campaign.id).await?;
    Ok(CampaignHead {
        id: campaign.id,
        title: campaign.title.clone(),
        code: campaign.code.clone(),
        link: format!("{}/campagnes/{}", state.config.public_url, campaign.code),
        kind: lang.t(kind_key(&campaign.kind)),
        profile: target.map(|t| t.profile_name.clone()).unwrap_or_default(),
        archived: campaign.archived_at.is_some(),
        counts: STATUSES
            .iter()
            .map(|s| {
                let n = counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
                (lang.t(status_key(s)), n)
            })
            .collect(),
    })
}

fn choices(values: &[String], chosen: &str, label: impl Fn(&str) -> String) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: v.clone(),
            label: label(v),
            selected: v == chosen,
        })
        .collect()
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// A participant's mastery and stage, when shared on an assessment campaign.
fn results(
    p: &ParticipantRecord,
    target: Option<&CampaignTarget>,
) -> (String, Option<usize>, String) {
    let Some(target) = target.filter(|_| p.participation.status == "SHARED") else {
        return (String::new(), None, String::new());
    };
    let mastery = SharedResults::parse(p.participation.results.as_deref()).mastery(&target.skills);
    let overall = mastery.overall();
    let reached = target
        .stages
        .as_ref()
        .map(|s| s.reached(&target.skills, overall));
    (
        format!("{} %", overall.percent()),
        reached.map(|r| r.index),
        reached
            .map(|r| r.stage.prescriber_title().to_string())
            .unwrap_or_default(),
    )
}

fn item(lang: Lang, p: &ParticipantRecord, target: Option<&CampaignTarget>) -> ParticipantItem {
    let (mastery, _, stage) = results(p, target);
    let finished = p.participation.status != "STARTED";
    ParticipantItem {
        id: p.participation.id,
        name: format!("{} {}", p.last_name, p.first_name),
        external_id: p.participation.external_id.clone().unwrap_or_default(),
        division: p.division.clone().unwrap_or_default(),
        group: p.group_name.clone().unwrap_or_default(),
        status: lang.t(status_key(&p.participation.status)),
        progress: if finished {
            "100 %".into()
        } else {
            lang.t("orga-progress-running")
        },
        mastery,
        stage,
        started: date(p.participation.created_at),
        shared: p.participation.shared_at.map(date).unwrap_or_default(),
        reminded: p.last_reminded_at.map(date).unwrap_or_default(),
    }
}

/// The campaign's page with its participants.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let live = state.live();
    let target = CampaignTarget::of(&state, &campaign, &live.framework).await?;
    let (divisions, groups) = state.store.participant_groups(campaign.id).await?;
    let filter = ParticipantFilter {
        status: non_empty(&f.statut).filter(|s| STATUSES.contains(s)),
        unshared: false,
        division: non_empty(&f.classe),
        group: non_empty(&f.groupe),
    };
    let page = state
        .store
        .participants_page(campaign.id, &filter, f.apres.unwrap_or(0), PAGE)
        .await?;
    let stage: Option<usize> = f.palier.parse().ok();
    let participants = page
        .iter()
        .filter(|p| stage.is_none() || results(p, target.as_ref()).1 == stage)
        .map(|p| item(lang, p, target.as_ref()))
        .collect();
    let next = (page.len() as i64 == PAGE).then(|| {
        let last = page.last().map_or(0, |p| p.participation.id);
        format!(
            "?statut={}&classe={}&groupe={}&palier={}&apres={last}",
            urlencode(&f.statut),
            urlencode(&f.classe),
            urlencode(&f.groupe),
            urlencode(&f.palier)
        )
    });
    let stage_titles: Vec<String> = target
        .as_ref()
        .and_then(|t| t.stages.as_ref())
        .map(|s| {
            s.as_slice()
                .iter()
                .map(|s| s.prescriber_title().to_string())
                .collect()
        })
        .unwrap_or_default();
    let stage_values: Vec<String> = (0..stage_titles.len()).map(|i| i.to_string()).collect();
    let statuses: Vec<String> = STATUSES.iter().map(|s| s.to_string()).collect();
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/campagnes/{id}")).await?;
    let page = CampaignPage {
        chrome,
        nav: OrgNav::new(&membership, "campagnes"),
        head: head(&state, lang, &campaign, target.as_ref()).await?,
        statuses: choices(&statuses, &f.statut, |s| lang.t(status_key(s))),
        divisions: choices(&divisions, &f.classe, str::to_string),
        groups: choices(&groups, &f.groupe, str::to_string),
        stages: choices(&stage_values, &f.palier, |i| {
            let i: usize = i.parse().unwrap_or(0);
            format!("{i} – {}", stage_titles.get(i).cloned().unwrap_or_default())
        }),
        participants,
        next,
        can_remind: campaign.archived_at.is_none(),
    };
    Ok(Html(page.render()?).into_response())
}

/// Reminds by mail every participant who has not finished or not shared, recording each.
pub async fn remind(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let link = format!("{}/campagnes/{}", state.config.public_url, campaign.code);
    let filter = ParticipantFilter {
        unshared: true,
        ..ParticipantFilter::default()
    };
    let (mut after, mut sent, mut failed) = (0, 0u32, 0u32);
    loop {
        let page = state
            .store
            .participants_page(campaign.id, &filter, after, REMIND_PAGE)
            .await?;
        for p in &page {
            let args = [
                ("name", text(p.first_name.clone())),
                ("campaign", text(campaign.title.clone())),
                ("org", text(membership.org.name.clone())),
                ("link", text(link.clone())),
            ];
            let key = if p.participation.status == "TO_SHARE" {
                "orga-remind-mail-share"
            } else {
                "orga-remind-mail-finish"
            };
            let subject = lang.t_args("orga-remind-mail-subject", &args);
            match state
                .mailer
                .send(&p.email, &subject, &lang.t_args(key, &args))
                .await
            {
                Ok(()) => {
                    state
                        .store
                        .record_reminder(campaign.id, p.participation.id, user.user.id)
                        .await?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(error = %e, participation = p.participation.id, "reminder not sent");
                    failed += 1;
                }
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == REMIND_PAGE => after = last.participation.id,
            _ => break,
        }
    }
    let message = lang.t_args(
        "orga-remind-done",
        &[("sent", num(sent)), ("failed", num(failed))],
    );
    flash(&user.session, "success", message).await?;
    Ok(Redirect::to(&format!("/orga/{org}/campagnes/{id}")).into_response())
}
