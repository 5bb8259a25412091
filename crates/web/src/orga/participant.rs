//! `/orga/{org}/campagnes/{id}/participants/{participation}`: one participant's detail — who,
//! groups and imported attributes, status and dates, and once shared their results: mastery
//! per competence and per tube, stage and badges (assessment) or the 16-competence profile
//! (profiles collection).

use acquis_app::organizations::OrganizationId;
use acquis_core::campaign::{ParticipationStatus, obtained};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::campaigns::SharedResults;
use crate::i18n::Lang;
use crate::orga::charts::{self, Bar};
use crate::orga::follow_up::status_key;
use crate::orga::guard::campaign_of;
use crate::orga::{OrgNav, date, require_member, tube_title};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// A row of the detail tables.
pub struct Line {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "orga/participant.html")]
struct ParticipantPage {
    chrome: Chrome,
    nav: OrgNav,
    campaign_id: i64,
    campaign_title: String,
    name: String,
    facts: Vec<Line>,
    shared: bool,
    overall: String,
    stage: Option<(String, String)>,
    badges: Vec<String>,
    competences_svg: String,
    competences: Vec<Line>,
    tubes: Vec<Line>,
}

fn line(label: String, value: impl Into<String>) -> Line {
    Line {
        label,
        value: value.into(),
    }
}

/// One participant of a campaign.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id, participation)): Path<(OrganizationId, i64, i64)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let p = state.app.participant(&campaign, participation).await?;
    let live = state.live();
    let framework = &live.framework;
    let mut facts = vec![line(
        lang.t("orga-status"),
        lang.t(status_key(p.participation.status.as_str())),
    )];
    if let Some(label) = &campaign.external_id_label {
        facts.push(line(
            label.clone(),
            p.participation.external_id.clone().unwrap_or_default(),
        ));
    }
    facts.extend([
        line(
            lang.t("orga-division"),
            p.division.clone().unwrap_or_default(),
        ),
        line(
            lang.t("orga-group"),
            p.group_name.clone().unwrap_or_default(),
        ),
        line(
            lang.t("orga-started"),
            date(lang, p.participation.created_at),
        ),
        line(
            lang.t("orga-shared-on"),
            p.participation
                .shared_at
                .map(|d| date(lang, d))
                .unwrap_or_default(),
        ),
    ]);
    if let Some(Ok(attributes)) = p
        .attributes
        .as_deref()
        .map(serde_json::from_str::<serde_json::Map<String, serde_json::Value>>)
    {
        for (k, v) in attributes {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            facts.push(line(k, v));
        }
    }
    let shared = p.participation.status == ParticipationStatus::Shared;
    let results = SharedResults::parse(p.participation.results.as_deref());
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/campagnes/{id}")).await?;
    let mut page = ParticipantPage {
        chrome,
        nav: OrgNav::new(&membership, "campagnes"),
        campaign_id: campaign.id,
        campaign_title: campaign.title.clone(),
        name: format!("{} {}", p.first_name, p.last_name),
        facts,
        shared,
        overall: String::new(),
        stage: None,
        badges: Vec::new(),
        competences_svg: String::new(),
        competences: Vec::new(),
        tubes: Vec::new(),
    };
    if !shared {
        return Ok(Html(page.render()?).into_response());
    }
    let title = |code: &str| {
        let t = framework
            .competence(code)
            .map(|c| c.title.get(lang.code()).to_string())
            .unwrap_or_default();
        format!("{code} {t}")
    };
    match state.app.campaign_target(&campaign, framework).await? {
        Some(target) => {
            let mastery = results.mastery(&target.skills);
            let overall = mastery.overall();
            page.overall = format!("{} %", overall.display_percent());
            page.stage = target.stages.as_ref().map(|s| {
                let reached = s.reached(&target.skills, overall);
                (
                    format!(
                        "{} / {} – {}",
                        reached.number(),
                        reached.count,
                        reached.stage.prescriber_title()
                    ),
                    reached.stage.prescriber_message.clone(),
                )
            });
            page.badges = obtained(&target.badges, &mastery)
                .into_iter()
                .map(|b| b.title.clone())
                .collect();
            let bars: Vec<Bar> = target
                .skills
                .competences()
                .iter()
                .zip(mastery.competences())
                .map(|(code, c)| Bar {
                    label: title(code),
                    percent: c.display_percent(),
                    value: format!("{} % ({} / {})", c.display_percent(), c.validated, c.total),
                })
                .collect();
            page.competences_svg = charts::bars(
                "detail",
                &lang.t("orga-chart-competences"),
                &bars,
                charts::WIDE,
            );
            page.competences = bars.into_iter().map(|b| line(b.label, b.value)).collect();
            page.tubes = target
                .skills
                .tubes()
                .iter()
                .zip(mastery.tubes())
                .map(|(id, c)| {
                    line(
                        tube_title(framework, id),
                        format!("{} % ({} / {})", c.display_percent(), c.validated, c.total),
                    )
                })
                .collect();
        }
        None => {
            page.competences = results
                .competences
                .iter()
                .map(|s| line(title(&s.competence), format!("{} · {} pix", s.level, s.pix)))
                .collect();
        }
    }
    Ok(Html(page.render()?).into_response())
}
