//! `/orga/{org}/campagnes/{id}/analyse`: what the shared participations of a campaign say,
//! as charts with data tables — mastery per competence and per tube, the distribution by
//! stage — and the same consolidated by division, group or any imported attribute side by
//! side, with the resources recommended for each group's gaps. Profiles collections show the
//! mean level per competence. Participations are read page by page, each as its compact
//! results (validated target positions, recorded at sharing) or, when it has none for this
//! target, its JSON snapshot: memory holds one count per target skill and group, never the
//! participants.

use acquis_app::organizations::OrganizationId;
use std::collections::BTreeSet;

use acquis_app::organizations::CampaignRecord;
use acquis_app::organizations::analysis::{Cohort, GroupBy};
use acquis_core::Framework;
use acquis_core::campaign::{
    CappedTube, Count, LevelCap, Mastery, Percent, Training, TrainingKind, Trigger, TriggerKind,
    recommended, stage_number,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::orga::charts::{self, Bar};
use crate::orga::follow_up::{CampaignHead, head};
use crate::orga::guard::campaign_of;
use crate::orga::target::CampaignTarget;
use crate::orga::{OrgNav, require_member, tube_title};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// A group's gap: a tube mastered below this rate calls for its tutorials.
const GAP: u8 = 50;
/// Resources shown per group.
const RESOURCES: usize = 6;

/// How to consolidate (`?par=classe|groupe|attr:NAME`).
#[derive(Debug, Default, Deserialize)]
pub struct By {
    #[serde(default)]
    par: String,
}

/// A chart with its data table.
pub struct Chart {
    id: String,
    title: String,
    svg: String,
    bars: Vec<Bar>,
}

/// A consolidation the page offers.
pub struct Dimension {
    value: String,
    label: String,
    selected: bool,
}

/// One group's column in the comparison.
pub struct GroupColumn {
    name: String,
    members: u32,
}

/// One competence's row in the comparison.
pub struct CompareRow {
    label: String,
    cells: Vec<String>,
}

/// A recommended resource.
pub struct Resource {
    title: String,
    link: String,
    minutes: u32,
}

/// A group's recommended resources.
pub struct GroupResources {
    name: String,
    resources: Vec<Resource>,
}

#[derive(Template)]
#[template(path = "orga/analysis.html")]
struct AnalysisPage {
    chrome: Chrome,
    nav: OrgNav,
    head: CampaignHead,
    shared: u32,
    charts: Vec<Chart>,
    dimensions: Vec<Dimension>,
    columns: Vec<GroupColumn>,
    compare: Vec<CompareRow>,
    group_charts: Vec<Chart>,
    resources: Vec<GroupResources>,
}

/// The groups a participant belongs to: their value in the chosen consolidation, and the names
/// of their imported attributes (what the page offers to consolidate by).
fn rate_bar(label: String, count: Count) -> Bar {
    Bar {
        label,
        percent: count.display_percent(),
        value: format!("{} %", count.display_percent()),
    }
}

fn chart(id: &str, title: String, bars: Vec<Bar>) -> Chart {
    sized_chart(id, title, bars, charts::WIDE)
}

fn sized_chart(id: &str, title: String, bars: Vec<Bar>, width: u32) -> Chart {
    Chart {
        id: id.to_string(),
        svg: charts::bars(id, &title, &bars, width),
        title,
        bars,
    }
}

fn competence_label(framework: &Framework, lang: Lang, code: &str) -> String {
    let title = framework
        .competence(code)
        .map(|c| c.title.get(lang.code()).to_string())
        .unwrap_or_default();
    format!("{code} {title}")
}

fn competence_bars(framework: &Framework, lang: Lang, mastery: &Mastery<'_>) -> Vec<Bar> {
    let target = mastery.target();
    target
        .competences()
        .iter()
        .zip(mastery.competences())
        .map(|(code, count)| rate_bar(competence_label(framework, lang, code), count))
        .collect()
}

/// Trainings made of the framework's tutorials in `lang`: each tutorial of a target tube is
/// recommended while the tube's mastery is below [`GAP`] %.
fn tutorial_trainings(framework: &Framework, lang: Lang, target: &CampaignTarget) -> Vec<Training> {
    let mut seen = BTreeSet::new();
    let mut trainings = Vec::new();
    for tube in target.skills.tubes() {
        let skills: Vec<_> = target
            .skills
            .skills()
            .iter()
            .filter(|s| target.skills.tubes()[s.tube] == *tube)
            .collect();
        let cap = skills.iter().map(|s| s.level).max().unwrap_or(1);
        let Ok(cap) = LevelCap::new(cap) else {
            continue;
        };
        for skill in &skills {
            for tutorial in framework.tutorials_of(&skill.id) {
                if tutorial.locale != lang.code() || !seen.insert(tutorial.id.clone()) {
                    continue;
                }
                trainings.push(Training {
                    title: tutorial.title.clone(),
                    link: tutorial.url.clone().unwrap_or_default(),
                    duration_minutes: tutorial.duration_minutes,
                    locale: tutorial.locale.clone(),
                    kind: TrainingKind::SelfPaced,
                    editor: String::new(),
                    triggers: vec![Trigger {
                        kind: TriggerKind::Goal,
                        tubes: vec![CappedTube::new(tube.clone(), cap)],
                        threshold: Percent::new(GAP).unwrap_or(Percent::FULL),
                    }],
                });
            }
        }
    }
    trainings
}

/// The grouping the `par` parameter names: `classe`, `groupe` or `attr:{name}`.
fn group_by(par: &str) -> GroupBy {
    match par {
        "classe" => GroupBy::Division,
        "groupe" => GroupBy::Group,
        _ => match par.strip_prefix("attr:") {
            Some(name) => GroupBy::Attribute(name.to_string()),
            None => GroupBy::Nothing,
        },
    }
}

fn dimensions(lang: Lang, attributes: &BTreeSet<String>, by: &str) -> Vec<Dimension> {
    let mut all = vec![
        (String::new(), lang.t("orga-by-none")),
        ("classe".to_string(), lang.t("orga-division")),
        ("groupe".to_string(), lang.t("orga-group")),
    ];
    all.extend(attributes.iter().map(|a| (format!("attr:{a}"), a.clone())));
    all.into_iter()
        .map(|(value, label)| Dimension {
            selected: value == by,
            value,
            label,
        })
        .collect()
}

/// The analysis page.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
    Query(by): Query<By>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    let live = state.live();
    let framework = &live.framework;
    let target = state.app.campaign_target(&campaign, framework).await?;
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/campagnes/{id}/analyse")).await?;
    let mut page = AnalysisPage {
        chrome,
        nav: OrgNav::new(&membership, "campagnes"),
        head: head(&state, lang, &membership, &campaign, target.as_ref()).await?,
        shared: 0,
        charts: Vec::new(),
        dimensions: Vec::new(),
        columns: Vec::new(),
        compare: Vec::new(),
        group_charts: Vec::new(),
        resources: Vec::new(),
    };
    match &target {
        Some(target) => {
            let cohort = state
                .app
                .cohort(&campaign, target, &group_by(&by.par))
                .await?;
            let trainings = crate::campaigns::trainings::of_profile(
                &state,
                campaign.target_profile_id,
                lang.code(),
            )
            .await?;
            fill(
                &mut page, framework, lang, target, &cohort, &by.par, &trainings,
            );
        }
        None => profiles_collection(&state, &mut page, framework, lang, &campaign).await?,
    }
    Ok(Html(page.render()?).into_response())
}

fn fill(
    page: &mut AnalysisPage,
    framework: &Framework,
    lang: Lang,
    target: &CampaignTarget,
    cohort: &Cohort<'_>,
    by: &str,
    org_trainings: &[Training],
) {
    page.shared = cohort.all.members();
    page.dimensions = dimensions(lang, &cohort.attributes, by);
    page.charts.push(chart(
        "par-competence",
        lang.t("orga-chart-competences"),
        competence_bars(framework, lang, &cohort.all),
    ));
    let tubes = target
        .skills
        .tubes()
        .iter()
        .zip(cohort.all.tubes())
        .map(|(id, count)| rate_bar(tube_title(framework, id), count))
        .collect();
    page.charts
        .push(chart("par-sujet", lang.t("orga-chart-tubes"), tubes));
    if let Some(stages) = &target.stages {
        let total = cohort.all.members().max(1);
        let bars = stages
            .as_slice()
            .iter()
            .zip(&cohort.stages)
            .enumerate()
            .map(|(i, (stage, n))| Bar {
                label: format!(
                    "{} / {} – {}",
                    stage_number(i),
                    stages.len(),
                    stage.prescriber_title()
                ),
                percent: Count::new(u64::from(*n), u64::from(total)).display_percent(),
                value: lang.t_args("orga-chart-people", &[("count", num(*n))]),
            })
            .collect();
        page.charts
            .push(chart("par-palier", lang.t("orga-chart-stages"), bars));
    }
    // The organisation's trainings are offered first, then the framework's tutorials.
    let trainings: Vec<Training> = org_trainings
        .iter()
        .cloned()
        .chain(tutorial_trainings(framework, lang, target))
        .collect();
    for (i, (name, mastery)) in cohort.groups.iter().enumerate() {
        page.columns.push(GroupColumn {
            name: name.clone(),
            members: mastery.members(),
        });
        page.group_charts.push(sized_chart(
            &format!("groupe-{i}"),
            format!("{} – {name}", lang.t("orga-chart-competences")),
            competence_bars(framework, lang, mastery),
            charts::NARROW,
        ));
        let resources = recommended(&trainings, mastery)
            .into_iter()
            .take(RESOURCES)
            .map(|t| Resource {
                title: t.title.clone(),
                link: t.link.clone(),
                minutes: t.duration_minutes,
            })
            .collect();
        page.resources.push(GroupResources {
            name: name.clone(),
            resources,
        });
    }
    page.compare = target
        .skills
        .competences()
        .iter()
        .enumerate()
        .map(|(c, code)| CompareRow {
            label: competence_label(framework, lang, code),
            cells: cohort
                .groups
                .values()
                .map(|m| format!("{} %", m.competences()[c].display_percent()))
                .collect(),
        })
        .collect();
}

/// A profiles collection: the mean level per competence of the shared profiles.
async fn profiles_collection(
    state: &AppState,
    page: &mut AnalysisPage,
    framework: &Framework,
    lang: Lang,
    campaign: &CampaignRecord,
) -> Result<(), WebError> {
    let codes: Vec<&str> = framework
        .competences()
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    let collected = state.app.collected_levels(campaign, framework).await?;
    let (levels, people) = (collected.sums, collected.people);
    let max = u64::from(framework.max_reachable_level().max(1));
    let bars = codes
        .iter()
        .zip(&levels)
        .map(|(code, sum)| {
            let tenths = sum * 10 / u64::from(people.max(1));
            Bar {
                label: competence_label(framework, lang, code),
                percent: u8::try_from(tenths * 10 / max).unwrap_or(100).min(100),
                value: format!("{},{}", tenths / 10, tenths % 10),
            }
        })
        .collect();
    page.shared = people;
    page.charts
        .push(chart("niveaux", lang.t("orga-chart-levels"), bars));
    Ok(())
}
