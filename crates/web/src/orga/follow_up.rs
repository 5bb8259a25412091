//! `/orga/{org}/campagnes/{id}`: a campaign's page — its code and share link (with "Copier"
//! buttons when scripts run), archive, and the follow-up of its participants (status,
//! progress, dates, last reminder), filtered by status, division, group or stage and searched
//! by name through a plain GET form, sorted by column, 100 participants a page.
//! `GET …/relances` asks for confirmation; `POST …/relances` reminds by mail every participant
//! who has not finished or not shared, and records each reminder.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::follow_up::SortedPage;
use acquis_app::organizations::{
    CampaignRecord, Membership, ParticipantFilter, ParticipantRecord, ParticipantSort,
};
use acquis_core::campaign::{ParticipationStatus, stage_index, stage_number};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::campaigns::SharedResults;
use crate::i18n::{Lang, num, text};
use crate::orga::confirm::Confirm;
use crate::orga::guard::campaign_of;
use crate::orga::home::kind_key;
use crate::orga::table::{self, Column, Links, PER_PAGE, Pager, TableQuery};
use crate::orga::target::CampaignTarget;
use crate::orga::{OrgNav, date, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

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
    #[serde(flatten)]
    table: TableQuery,
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
    columns: Vec<Column>,
    pager: Pager,
    search: String,
    sort: String,
    order: String,
    can_remind: bool,
}

/// The status label's Fluent key.
pub fn status_key(status: &str) -> &'static str {
    match status.parse() {
        Ok(ParticipationStatus::Shared) => "orga-status-shared",
        Ok(ParticipationStatus::ToShare) => "orga-status-to-share",
        _ => "orga-status-started",
    }
}

/// The stored names of the statuses, from started to shared (the `statut` filter's values).
fn statuses() -> impl Iterator<Item = &'static str> {
    ParticipationStatus::ALL.iter().map(|s| s.as_str())
}

/// The campaign's header facts.
pub async fn head(
    state: &AppState,
    lang: Lang,
    membership: &Membership,
    campaign: &CampaignRecord,
    target: Option<&CampaignTarget>,
) -> Result<CampaignHead, WebError> {
    let counts = state.app.participation_counts(membership, campaign).await?;
    Ok(CampaignHead {
        id: campaign.id,
        title: campaign.title.clone(),
        code: campaign.code.clone(),
        link: format!("{}/campagnes/{}", state.config.public_url, campaign.code),
        kind: lang.t(kind_key(campaign.kind.as_str())),
        profile: target.map(|t| t.profile_name.clone()).unwrap_or_default(),
        archived: campaign.archived_at.is_some(),
        counts: statuses()
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
    let Some(target) = target.filter(|_| p.participation.status == ParticipationStatus::Shared)
    else {
        return (String::new(), None, String::new());
    };
    let mastery = SharedResults::parse(p.participation.results.as_deref()).mastery(&target.skills);
    let overall = mastery.overall();
    let reached = target
        .stages
        .as_ref()
        .map(|s| s.reached(&target.skills, overall));
    (
        format!("{} %", overall.display_percent()),
        reached.map(|r| r.index),
        reached
            .map(|r| {
                format!(
                    "{} / {} – {}",
                    r.number(),
                    r.count,
                    r.stage.prescriber_title()
                )
            })
            .unwrap_or_default(),
    )
}

fn item(lang: Lang, p: &ParticipantRecord, target: Option<&CampaignTarget>) -> ParticipantItem {
    let (mastery, _, stage) = results(p, target);
    let finished = p.participation.status != ParticipationStatus::Started;
    ParticipantItem {
        id: p.participation.id,
        name: format!("{} {}", p.last_name, p.first_name),
        external_id: p.participation.external_id.clone().unwrap_or_default(),
        division: p.division.clone().unwrap_or_default(),
        group: p.group_name.clone().unwrap_or_default(),
        status: lang.t(status_key(p.participation.status.as_str())),
        progress: if finished {
            "100 %".into()
        } else {
            lang.t("orga-progress-running")
        },
        mastery,
        stage,
        started: date(lang, p.participation.created_at),
        shared: p
            .participation
            .shared_at
            .map(|d| date(lang, d))
            .unwrap_or_default(),
        reminded: p
            .last_reminded_at
            .map(|d| date(lang, d))
            .unwrap_or_default(),
    }
}

fn sort_of(key: &str) -> ParticipantSort {
    match key {
        "classe" => ParticipantSort::Division,
        "groupe" => ParticipantSort::Group,
        "statut" => ParticipantSort::Status,
        "maitrise" => ParticipantSort::Mastery,
        "debut" => ParticipantSort::Started,
        "envoi" => ParticipantSort::Shared,
        _ => ParticipantSort::Name,
    }
}

fn column_heads(lang: Lang, links: &Links, sort: &str) -> Vec<Column> {
    table::columns(
        links,
        sort,
        "nom",
        vec![
            (Some("nom"), lang.t("orga-name")),
            (None, lang.t("orga-external-id")),
            (Some("classe"), lang.t("orga-division")),
            (Some("groupe"), lang.t("orga-group")),
            (Some("statut"), lang.t("orga-status")),
            (None, lang.t("orga-progress")),
            (Some("maitrise"), lang.t("orga-mastery")),
            (None, lang.t("orga-stage")),
            (Some("debut"), lang.t("orga-started")),
            (Some("envoi"), lang.t("orga-shared-on")),
            (None, lang.t("orga-reminded")),
        ],
    )
}

/// The campaign's page with its participants.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let live = state.live();
    let target = state
        .app
        .campaign_target(&campaign, &live.framework)
        .await?;
    let (divisions, groups) = state.app.participant_groups(&campaign).await?;
    // The stage filter reads stage numbers (1 of N) and asks the store for the rates they span.
    let stage_rates = f
        .palier
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(stage_index)
        .and_then(|i| {
            let t = target.as_ref()?;
            t.stages.as_ref()?.rate_range(&t.skills, i)
        });
    let filter = ParticipantFilter {
        status: non_empty(&f.statut).filter(|s| s.parse::<ParticipationStatus>().is_ok()),
        unshared: false,
        division: non_empty(&f.classe),
        group: non_empty(&f.groupe),
        name: f.table.search(),
        rate: stage_rates,
    };
    let total = state.app.participants_count(&campaign, &filter).await?;
    let page = SortedPage {
        sort: sort_of(&f.table.tri),
        descending: f.table.descending(),
        offset: f.table.offset(),
        limit: PER_PAGE,
    };
    let rows = state.app.participants(&campaign, &filter, page).await?;
    let participants = rows
        .iter()
        .map(|p| item(lang, p, target.as_ref()))
        .collect();
    let links = Links::new(
        format!("/orga/{org}/campagnes/{id}"),
        vec![
            ("statut", f.statut.as_str()),
            ("classe", f.classe.as_str()),
            ("groupe", f.groupe.as_str()),
            ("palier", f.palier.as_str()),
        ],
        &f.table,
    );
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
    let count = stage_titles.len();
    let stage_values: Vec<String> = (0..count).map(|i| stage_number(i).to_string()).collect();
    let statuses: Vec<String> = statuses().map(str::to_string).collect();
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/campagnes/{id}")).await?;
    let page = CampaignPage {
        chrome,
        nav: OrgNav::new(&membership, "campagnes"),
        head: head(&state, lang, &membership, &campaign, target.as_ref()).await?,
        statuses: choices(&statuses, &f.statut, |s| lang.t(status_key(s))),
        divisions: choices(&divisions, &f.classe, str::to_string),
        groups: choices(&groups, &f.groupe, str::to_string),
        stages: choices(&stage_values, f.palier.trim(), |n| {
            let title = n
                .parse::<usize>()
                .ok()
                .and_then(stage_index)
                .and_then(|i| stage_titles.get(i))
                .cloned()
                .unwrap_or_default();
            format!("{n} / {count} – {title}")
        }),
        participants,
        columns: column_heads(lang, &links, &f.table.tri),
        pager: Pager::new(lang, &links, f.table.page(), rows.len(), total),
        search: f.table.q.trim().to_string(),
        sort: f.table.tri.clone(),
        order: f.table.ordre.clone(),
        can_remind: campaign.archived_at.is_none(),
    };
    Ok(Html(page.render()?).into_response())
}

/// Asks before mailing reminders: how many participants would get one.
pub async fn confirm_remind(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let count = state.app.to_remind(&campaign).await?;
    Confirm {
        title: lang.t_args(
            "orga-remind-confirm-title",
            &[("campaign", text(campaign.title.clone()))],
        ),
        message: lang.t_args("orga-remind-confirm-help", &[("count", num(count as f64))]),
        confirm: lang.t("orga-remind"),
        danger: false,
        back: format!("/orga/{org}/campagnes/{id}"),
    }
    .page(
        lang,
        &user,
        &membership,
        "campagnes",
        format!("/orga/{org}/campagnes/{id}/relances"),
    )
    .await
}

/// Reminds by mail every participant who has not finished or not shared, recording each.
pub async fn remind(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let done = state
        .app
        .remind(&membership, &campaign, lang.code())
        .await?;
    let message = lang.t_args(
        "orga-remind-done",
        &[("sent", num(done.sent)), ("skipped", num(done.skipped))],
    );
    flash(&user.session, "success", message).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}/campagnes/{id}")).into_response())
}
