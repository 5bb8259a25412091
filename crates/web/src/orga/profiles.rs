//! `/orga/{org}/profils-cibles`: an organisation's target profiles, and the form that builds
//! one from the live framework: tubes each capped at a level (or whole competences), stages
//! and badges. Everything is checked by `core` before the definition is stored as JSON.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::profiles::NewProfile;
use acquis_core::Framework;
use acquis_core::campaign::{
    Badge, BadgeError, CappedTube, Criterion, LevelCap, Percent, Stage, StageError, StageThreshold,
    Stages, TargetError, TargetItem, TargetProfile,
};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::campaigns::ProfileDefinition;
use crate::i18n::{Lang, num, text};
use crate::orga::{OrgNav, date, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// Rows of stages the form offers.
const STAGE_ROWS: usize = 5;
/// Rows of badges the form offers.
const BADGE_ROWS: usize = 3;

/// A target profile in the list.
pub struct ProfileItem {
    id: i64,
    name: String,
    description: String,
    minutes: String,
    tubes: usize,
    skills: usize,
    stages: usize,
    badges: usize,
    created: String,
}

#[derive(Template)]
#[template(path = "orga/profiles.html")]
struct ProfilesPage {
    chrome: Chrome,
    nav: OrgNav,
    profiles: Vec<ProfileItem>,
}

/// The target profiles of an organisation.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let live = state.live();
    let profiles = state
        .app
        .target_profiles(&membership)
        .await?
        .into_iter()
        .map(|p| {
            let definition = ProfileDefinition::parse(&p.definition).ok();
            let target = definition.as_ref().map(|d| d.target(&live.framework));
            ProfileItem {
                id: p.id,
                name: p.name,
                description: p.description,
                minutes: p
                    .expected_minutes
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                tubes: target.as_ref().map_or(0, |t| t.tubes().len()),
                skills: target.as_ref().map_or(0, |t| t.len()),
                stages: definition
                    .as_ref()
                    .and_then(|d| d.stages.as_ref())
                    .map_or(0, |s| s.len()),
                badges: definition.as_ref().map_or(0, |d| d.badges.len()),
                created: date(lang, p.created_at),
            }
        })
        .collect();
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}/profils-cibles")).await?;
    let page = ProfilesPage {
        chrome,
        nav: OrgNav::new(&membership, "profils-cibles"),
        profiles,
    };
    Ok(Html(page.render()?).into_response())
}

/// A tube the form offers.
pub struct TubeChoice {
    id: String,
    title: String,
    checked: bool,
    cap: u8,
    levels: Vec<u8>,
}

/// A competence the form offers, with its tubes.
pub struct CompetenceChoice {
    code: String,
    title: String,
    whole: bool,
    tubes: Vec<TubeChoice>,
}

/// A stage row of the form.
pub struct StageRow {
    index: usize,
    threshold: String,
    title: String,
    message: String,
    prescriber_title: String,
    prescriber_message: String,
}

/// A badge row of the form.
pub struct BadgeRow {
    index: usize,
    key: String,
    title: String,
    message: String,
    image_url: String,
    alt: String,
    threshold: String,
}

#[derive(Template)]
#[template(path = "orga/profile_form.html")]
struct FormPage {
    chrome: Chrome,
    nav: OrgNav,
    errors: Vec<String>,
    name: String,
    description: String,
    minutes: String,
    competences: Vec<CompetenceChoice>,
    stages: Vec<StageRow>,
    badges: Vec<BadgeRow>,
}

/// The highest level of a tube's skills (at least 1).
fn max_level(framework: &Framework, tube: &str) -> u8 {
    framework
        .skills_of_tube(tube)
        .map(|s| s.level)
        .max()
        .unwrap_or(1)
        .max(1)
}

fn competence_choices(framework: &Framework, lang: Lang, form: &Fields) -> Vec<CompetenceChoice> {
    let ticked = form.all("tube");
    let whole = form.all("competence");
    framework
        .competences()
        .iter()
        .map(|c| CompetenceChoice {
            code: c.code.clone(),
            title: c.title.get(lang.code()).to_string(),
            whole: whole.contains(&c.code.as_str()),
            tubes: framework
                .tubes_of(&c.code)
                .map(|t| {
                    let max = max_level(framework, &t.id);
                    let cap = form
                        .get(&format!("cap_{}", t.id))
                        .parse::<u8>()
                        .ok()
                        .filter(|l| (1..=max).contains(l))
                        .unwrap_or(max);
                    TubeChoice {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        checked: ticked.contains(&t.id.as_str()),
                        cap,
                        levels: (1..=max).collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn stage_rows(form: &Fields) -> Vec<StageRow> {
    (0..STAGE_ROWS)
        .map(|i| StageRow {
            index: i,
            threshold: match form.get(&format!("stage_threshold_{i}")) {
                "" if form.0.is_empty() && i == 0 => "0".into(),
                v => v.to_string(),
            },
            title: form.get(&format!("stage_title_{i}")).to_string(),
            message: form.get(&format!("stage_message_{i}")).to_string(),
            prescriber_title: form.get(&format!("stage_prescriber_title_{i}")).to_string(),
            prescriber_message: form
                .get(&format!("stage_prescriber_message_{i}"))
                .to_string(),
        })
        .collect()
}

fn badge_rows(form: &Fields) -> Vec<BadgeRow> {
    (0..BADGE_ROWS)
        .map(|i| BadgeRow {
            index: i,
            key: form.get(&format!("badge_key_{i}")).to_string(),
            title: form.get(&format!("badge_title_{i}")).to_string(),
            message: form.get(&format!("badge_message_{i}")).to_string(),
            image_url: form.get(&format!("badge_image_{i}")).to_string(),
            alt: form.get(&format!("badge_alt_{i}")).to_string(),
            threshold: form.get(&format!("badge_threshold_{i}")).to_string(),
        })
        .collect()
}

async fn render_form(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    org: OrganizationId,
    form: &Fields,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let membership = require_member(state, user, org).await?;
    let live = state.live();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = Chrome::of(lang, user, &format!("/orga/{org}/profils-cibles/nouveau")).await?;
    let page = FormPage {
        chrome,
        nav: OrgNav::new(&membership, "profils-cibles"),
        errors,
        name: form.get("name").to_string(),
        description: form.get("description").to_string(),
        minutes: form.get("minutes").to_string(),
        competences: competence_choices(&live.framework, lang, form),
        stages: stage_rows(form),
        badges: badge_rows(form),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form of a new target profile.
pub async fn new(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    render_form(&state, lang, &user, org, &Fields::default(), Vec::new()).await
}

/// What the form describes, or every reason it is refused (in the page's language).
struct Submitted {
    name: String,
    description: String,
    minutes: Option<i32>,
    definition: ProfileDefinition,
}

fn percent(raw: &str) -> Option<Percent> {
    raw.trim()
        .parse::<u8>()
        .ok()
        .and_then(|p| Percent::new(p).ok())
}

fn target_from(form: &Fields, framework: &Framework) -> Vec<TargetItem> {
    let mut items: Vec<TargetItem> = form
        .all("competence")
        .into_iter()
        .map(|c| TargetItem::Competence {
            competence: c.to_string(),
        })
        .collect();
    for tube in form.all("tube") {
        let max = max_level(framework, tube);
        let cap = form
            .get(&format!("cap_{tube}"))
            .parse::<u8>()
            .unwrap_or(max);
        // An out-of-range cap falls back to the tube's top level rather than refusing the form.
        let cap = LevelCap::new(cap.clamp(1, max.max(1))).unwrap_or(LevelCap::MAX);
        items.push(TargetItem::Tube(CappedTube::new(tube, cap)));
    }
    items
}

fn target_error(e: &TargetError, lang: Lang) -> String {
    match e {
        TargetError::Empty => lang.t("orga-error-target-empty"),
        TargetError::NoSkill => lang.t("orga-error-target-no-skill"),
        TargetError::UnknownTube(t) | TargetError::UnknownCompetence(t) => {
            lang.t_args("orga-error-target-unknown", &[("item", text(t.clone()))])
        }
        TargetError::LevelCap(l) => lang.t_args("orga-error-level", &[("level", num(*l))]),
    }
}

fn stages_from(form: &Fields, lang: Lang, errors: &mut Vec<String>) -> Option<Stages> {
    let mut stages = Vec::new();
    for i in 0..STAGE_ROWS {
        let field = |name: &str| form.get(&format!("stage_{name}_{i}")).trim().to_string();
        let (threshold, title) = (field("threshold"), field("title"));
        if threshold.is_empty() && title.is_empty() {
            continue;
        }
        let Some(p) = percent(&threshold) else {
            errors.push(lang.t_args("orga-error-stage-threshold", &[("row", num(i as u32 + 1))]));
            continue;
        };
        stages.push(Stage {
            threshold: StageThreshold::Percent(p),
            title,
            message: field("message"),
            prescriber_title: field("prescriber_title"),
            prescriber_message: field("prescriber_message"),
        });
    }
    if stages.is_empty() {
        return None;
    }
    match Stages::new(stages) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(match e {
                StageError::NoFirstStage => lang.t("orga-error-stage-first"),
                StageError::Duplicate(t) => {
                    lang.t_args("orga-error-stage-duplicate", &[("threshold", num(t))])
                }
                StageError::NoTitle(row) => {
                    lang.t_args("orga-error-stage-title", &[("row", num(row as u32))])
                }
                StageError::MixedKinds | StageError::Level(_) => lang.t("orga-error-stage-first"),
            });
            None
        }
    }
}

fn badges_from(form: &Fields, lang: Lang, errors: &mut Vec<String>) -> Vec<Badge> {
    let mut badges: Vec<Badge> = Vec::new();
    for i in 0..BADGE_ROWS {
        let field = |name: &str| form.get(&format!("badge_{name}_{i}")).trim().to_string();
        let (key, title, threshold) = (field("key"), field("title"), field("threshold"));
        if key.is_empty() && title.is_empty() && threshold.is_empty() {
            continue;
        }
        let row = num(i as u32 + 1);
        let criteria = match percent(&threshold) {
            Some(threshold) => vec![Criterion::Campaign { threshold }],
            None => {
                errors.push(lang.t_args("orga-error-badge-threshold", &[("row", row)]));
                continue;
            }
        };
        let badge = Badge {
            key,
            title,
            message: field("message"),
            image_url: field("image"),
            alt_message: field("alt"),
            criteria,
        };
        if let Err(e) = badge.validate() {
            errors.push(match e {
                BadgeError::Unnamed => lang.t_args("orga-error-badge-name", &[("row", row)]),
                _ => lang.t_args("orga-error-badge-threshold", &[("row", row)]),
            });
        } else if badges.iter().any(|b| b.key == badge.key) {
            errors.push(lang.t_args("orga-error-badge-key", &[("key", text(badge.key))]));
        } else {
            badges.push(badge);
        }
    }
    badges
}

// Target profile names are as long as campaign titles, descriptions as campaign texts.
use acquis_app::organizations::campaigns::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};

fn submitted(form: &Fields, framework: &Framework, lang: Lang) -> Result<Submitted, Vec<String>> {
    let mut errors = Vec::new();
    let name = form.get("name").trim().to_string();
    if name.is_empty() {
        errors.push(lang.t("orga-error-name"));
    } else if name.chars().count() > MAX_TITLE_CHARS {
        errors.push(lang.t("orga-error-name-too-long"));
    }
    if form.get("description").trim().chars().count() > MAX_TEXT_CHARS {
        errors.push(lang.t("orga-error-description-too-long"));
    }
    let minutes = match form.get("minutes").trim() {
        "" => None,
        raw => match raw.parse::<i32>() {
            Ok(m) if (1..=600).contains(&m) => Some(m),
            _ => {
                errors.push(lang.t("orga-error-minutes"));
                None
            }
        },
    };
    let profile = TargetProfile::new(target_from(form, framework));
    if let Err(e) = profile.validate(framework) {
        errors.push(target_error(&e, lang));
    }
    let stages = stages_from(form, lang, &mut errors);
    let badges = badges_from(form, lang, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Submitted {
        name,
        description: form.get("description").trim().to_string(),
        minutes,
        definition: ProfileDefinition {
            profile,
            stages,
            badges,
        },
    })
}

/// Creates a target profile from the form.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let live = state.live();
    let s = match submitted(&fields, &live.framework, lang) {
        Ok(s) => s,
        Err(errors) => return render_form(&state, lang, &user, org, &fields, errors).await,
    };
    let profile = NewProfile {
        name: &s.name,
        description: &s.description,
        minutes: s.minutes,
        definition: &s.definition,
    };
    state
        .app
        .create_target_profile(&membership, &profile)
        .await?;
    flash(&user.session, "success", lang.t("orga-profile-created")).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}/profils-cibles")).into_response())
}
