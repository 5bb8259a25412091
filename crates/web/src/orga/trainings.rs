//! `/orga/{org}/profils-cibles/{profile}/formations`: the trainings an organisation recommends
//! on a target profile — listed, created, edited and deleted through plain forms. A training
//! belongs to the organisation and is attached to one or more of its target profiles; its
//! triggers (goal: below a threshold, prerequisite: from a threshold) are on the profile's
//! capped tubes. Every field is checked and each error shown beside its field; nothing is
//! stored while one remains. Any member may manage them, as with target profiles.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::trainings::{LOCALES, TrainingError, TrainingForm, TrainingProblem};
use acquis_app::organizations::{TargetProfileId, TargetProfileRecord, TrainingId, TrainingRecord};
use acquis_core::Framework;
use acquis_core::campaign::{CappedTube, LevelCap, Percent, TrainingKind, Trigger, TriggerKind};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::campaigns::ProfileDefinition;
use crate::campaigns::trainings::{kind_key, to_core};
use crate::i18n::{Lang, num};
use crate::orga::guard::Membership;
use crate::orga::{OrgNav, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// Trigger rows the form offers.
const TRIGGER_ROWS: usize = 3;
/// Kinds, in the order the form lists them.
const KINDS: [TrainingKind; 5] = [
    TrainingKind::ELearning,
    TrainingKind::SelfPaced,
    TrainingKind::Blended,
    TrainingKind::InPerson,
    TrainingKind::Webinar,
];

/// The target profile of the URL; `NotFound` if it is another organisation's.
async fn profile_of(
    state: &AppState,
    membership: &Membership,
    profile: TargetProfileId,
) -> Result<TargetProfileRecord, WebError> {
    Ok(state.app.target_profile(membership, profile).await?)
}

/// A training in the list.
pub struct TrainingItem {
    id: i64,
    title: String,
    link: String,
    kind: String,
    locale: String,
    minutes: i32,
    triggers: String,
}

#[derive(Template)]
#[template(path = "orga/trainings.html")]
struct ListPage {
    chrome: Chrome,
    nav: OrgNav,
    profile_id: i64,
    profile_name: String,
    trainings: Vec<TrainingItem>,
}

fn trigger_summary(record: &TrainingRecord, lang: Lang) -> String {
    let Some(training) = to_core(record) else {
        return String::new();
    };
    training
        .triggers
        .iter()
        .map(|t| {
            let key = match t.kind {
                TriggerKind::Goal => "training-trigger-goal-summary",
                TriggerKind::Prerequisite => "training-trigger-prerequisite-summary",
            };
            let tubes: Vec<&str> = t.tubes.iter().map(|c| c.tube.as_str()).collect();
            lang.t_args(
                key,
                &[
                    ("threshold", num(t.threshold.get())),
                    ("tubes", crate::i18n::text(tubes.join(", "))),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The trainings of a target profile.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile)): Path<(OrganizationId, TargetProfileId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let profile = profile_of(&state, &membership, profile).await?;
    let trainings = state
        .app
        .trainings_of_profile(&membership, profile.id.into())
        .await?
        .iter()
        .map(|t| TrainingItem {
            id: t.id,
            title: t.title.clone(),
            link: t.link.clone(),
            kind: t
                .kind
                .parse::<TrainingKind>()
                .map(|k| lang.t(kind_key(k)))
                .unwrap_or_else(|_| t.kind.clone()),
            // The language's name, never its code.
            locale: if LOCALES.contains(&t.locale.as_str()) {
                lang.t(&format!("training-locale-{}", t.locale))
            } else {
                t.locale.clone()
            },
            minutes: t.duration_minutes,
            triggers: trigger_summary(t, lang),
        })
        .collect();
    let path = format!("/orga/{org}/profils-cibles/{}/formations", profile.id);
    let page = ListPage {
        chrome: Chrome::of(lang, &user, &path).await?,
        nav: OrgNav::new(&membership, "profils-cibles"),
        profile_id: profile.id,
        profile_name: profile.name,
        trainings,
    };
    Ok(Html(page.render()?).into_response())
}

/// Errors of the form, each for one field (the name of its input).
#[derive(Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    /// The error of `field`, if any.
    pub fn of(&self, field: &str) -> Option<&String> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| e)
    }

    /// Every error, with its field.
    pub fn all(&self) -> &[(String, String)] {
        &self.0
    }

    fn add(&mut self, field: impl Into<String>, message: String) {
        self.0.push((field.into(), message));
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An option of a select or a checkbox of the form.
pub struct Choice {
    value: String,
    label: String,
    checked: bool,
}

/// A trigger row of the form.
pub struct TriggerRow {
    index: usize,
    kinds: Vec<Choice>,
    threshold: String,
    tubes: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "orga/training_form.html")]
struct FormPage {
    chrome: Chrome,
    nav: OrgNav,
    profile_id: i64,
    profile_name: String,
    action: String,
    training_id: Option<i64>,
    errors: Errors,
    title: String,
    link: String,
    minutes: String,
    editor: String,
    locales: Vec<Choice>,
    kinds: Vec<Choice>,
    profiles: Vec<Choice>,
    triggers: Vec<TriggerRow>,
}

/// A tube as a checkbox value: `@tube:cap`.
fn tube_value(t: &CappedTube) -> String {
    format!("{}:{}", t.tube, t.cap.get())
}

/// The tubes a trigger may be on: the profile's, plus any already chosen elsewhere (a
/// training shared with another profile keeps its triggers when edited here).
fn tube_choices(
    framework: &Framework,
    profile: &TargetProfileRecord,
    form: &Fields,
    row: usize,
    lang: Lang,
) -> Vec<Choice> {
    let ticked = form.all(&format!("trigger_tube_{row}"));
    let mut tubes: Vec<CappedTube> = ProfileDefinition::parse(&profile.definition)
        .map(|d| d.profile.capped_tubes(framework))
        .unwrap_or_default();
    for value in &ticked {
        if let Some(t) = parse_tube(framework, value)
            && !tubes.contains(&t)
        {
            tubes.push(t);
        }
    }
    tubes
        .iter()
        .map(|t| {
            let value = tube_value(t);
            let title = framework
                .tube(&t.tube)
                .map(|f| f.title.clone())
                .unwrap_or_default();
            Choice {
                checked: ticked.contains(&value.as_str()),
                label: lang.t_args(
                    "training-tube-label",
                    &[
                        ("title", crate::i18n::text(title)),
                        ("tube", crate::i18n::text(t.tube.clone())),
                        ("cap", num(t.cap.get())),
                    ],
                ),
                value,
            }
        })
        .collect()
}

fn parse_tube(framework: &Framework, value: &str) -> Option<CappedTube> {
    let (tube, cap) = value.rsplit_once(':')?;
    let cap = LevelCap::new(cap.parse().ok()?).ok()?;
    framework.tube(tube)?;
    Some(CappedTube::new(tube, cap))
}

fn trigger_kind_name(kind: TriggerKind) -> &'static str {
    match kind {
        TriggerKind::Goal => "goal",
        TriggerKind::Prerequisite => "prerequisite",
    }
}

fn trigger_rows(
    framework: &Framework,
    profile: &TargetProfileRecord,
    form: &Fields,
    lang: Lang,
) -> Vec<TriggerRow> {
    (0..TRIGGER_ROWS)
        .map(|i| {
            let chosen = form.get(&format!("trigger_kind_{i}"));
            let kinds = [
                ("", "training-trigger-unused"),
                ("goal", "training-trigger-goal"),
                ("prerequisite", "training-trigger-prerequisite"),
            ]
            .into_iter()
            .map(|(value, key)| Choice {
                checked: chosen == value,
                value: value.to_string(),
                label: lang.t(key),
            })
            .collect();
            TriggerRow {
                index: i,
                kinds,
                threshold: form.get(&format!("trigger_threshold_{i}")).to_string(),
                tubes: tube_choices(framework, profile, form, i, lang),
            }
        })
        .collect()
}

struct FormTarget<'a> {
    membership: &'a Membership,
    profile: &'a TargetProfileRecord,
    training: Option<i64>,
}

async fn render_form(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    at: &FormTarget<'_>,
    form: &Fields,
    errors: Errors,
) -> Result<Response, WebError> {
    let live = state.live();
    let org = at.membership.org().id;
    let base = format!("/orga/{org}/profils-cibles/{}/formations", at.profile.id);
    let action = match at.training {
        Some(id) => format!("{base}/{id}"),
        None => base.clone(),
    };
    let ticked_profiles = form.all("profile");
    let profiles = state
        .app
        .target_profiles(at.membership)
        .await?
        .into_iter()
        .map(|p| Choice {
            checked: ticked_profiles.contains(&p.id.to_string().as_str()),
            value: p.id.to_string(),
            label: p.name,
        })
        .collect();
    let choose = |values: Vec<(String, String)>, chosen: &str| -> Vec<Choice> {
        values
            .into_iter()
            .map(|(value, label)| Choice {
                checked: value == chosen,
                value,
                label,
            })
            .collect()
    };
    let locales = choose(
        LOCALES
            .iter()
            .map(|l| (l.to_string(), lang.t(&format!("training-locale-{l}"))))
            .collect(),
        form.get("locale"),
    );
    let kinds = choose(
        KINDS
            .iter()
            .map(|k| (k.as_str().to_string(), lang.t(kind_key(*k))))
            .collect(),
        form.get("kind"),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        chrome: Chrome::of(lang, user, &action).await?,
        nav: OrgNav::new(at.membership, "profils-cibles"),
        profile_id: at.profile.id,
        profile_name: at.profile.name.clone(),
        action,
        training_id: at.training,
        errors,
        title: form.get("title").to_string(),
        link: form.get("link").to_string(),
        minutes: form.get("minutes").to_string(),
        editor: form.get("editor").to_string(),
        locales,
        kinds,
        profiles,
        triggers: trigger_rows(&live.framework, at.profile, form, lang),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form of a new training on the profile (attached to it, in the page's language).
pub async fn new(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile)): Path<(OrganizationId, TargetProfileId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let profile = profile_of(&state, &membership, profile).await?;
    let blank = Fields(vec![
        ("profile".into(), profile.id.to_string()),
        ("locale".into(), lang.code().to_string()),
        ("kind".into(), TrainingKind::ELearning.as_str().to_string()),
        ("trigger_kind_0".into(), "goal".into()),
        ("trigger_threshold_0".into(), "50".into()),
    ]);
    let at = FormTarget {
        membership: &membership,
        profile: &profile,
        training: None,
    };
    render_form(&state, lang, &user, &at, &blank, Errors::default()).await
}

/// A stored training as the form's fields.
fn fields_of(record: &TrainingRecord, profiles: &[i64]) -> Fields {
    let mut fields: Vec<(String, String)> = vec![
        ("title".into(), record.title.clone()),
        ("link".into(), record.link.clone()),
        ("minutes".into(), record.duration_minutes.to_string()),
        ("editor".into(), record.editor.clone()),
        ("locale".into(), record.locale.clone()),
        ("kind".into(), record.kind.clone()),
    ];
    fields.extend(profiles.iter().map(|p| ("profile".into(), p.to_string())));
    if let Some(training) = to_core(record) {
        for (i, t) in training.triggers.iter().enumerate() {
            fields.push((
                format!("trigger_kind_{i}"),
                trigger_kind_name(t.kind).into(),
            ));
            fields.push((
                format!("trigger_threshold_{i}"),
                t.threshold.get().to_string(),
            ));
            fields.extend(
                t.tubes
                    .iter()
                    .map(|c| (format!("trigger_tube_{i}"), tube_value(c))),
            );
        }
    }
    Fields(fields)
}

/// The form of an existing training.
pub async fn edit(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile, training)): Path<(OrganizationId, TargetProfileId, TrainingId)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let profile = profile_of(&state, &membership, profile).await?;
    let (record, profiles) = state.app.training(&membership, training).await?;
    let at = FormTarget {
        membership: &membership,
        profile: &profile,
        training: Some(record.id),
    };
    let fields = fields_of(&record, &profiles);
    render_form(&state, lang, &user, &at, &fields, Errors::default()).await
}

fn triggers_from(
    framework: &Framework,
    form: &Fields,
    lang: Lang,
    errors: &mut Errors,
) -> Vec<Trigger> {
    let mut triggers = Vec::new();
    for i in 0..TRIGGER_ROWS {
        let kind = form.get(&format!("trigger_kind_{i}"));
        let threshold = form.get(&format!("trigger_threshold_{i}")).trim();
        let tubes: Vec<&str> = form.all(&format!("trigger_tube_{i}"));
        if kind.is_empty() {
            continue;
        }
        let field = format!("trigger_{i}");
        let row = num(i as u32 + 1);
        let kind = match kind {
            "goal" => TriggerKind::Goal,
            "prerequisite" => TriggerKind::Prerequisite,
            _ => {
                errors.add(
                    field,
                    lang.t_args("training-error-trigger-kind", &[("row", row)]),
                );
                continue;
            }
        };
        let threshold = threshold
            .parse::<u8>()
            .ok()
            .and_then(|p| Percent::new(p).ok());
        let Some(threshold) = threshold else {
            errors.add(
                format!("trigger_threshold_{i}"),
                lang.t_args("training-error-trigger-threshold", &[("row", row)]),
            );
            continue;
        };
        let tubes: Vec<CappedTube> = tubes
            .iter()
            .filter_map(|t| parse_tube(framework, t))
            .collect();
        if tubes.is_empty() {
            errors.add(
                field,
                lang.t_args("training-error-trigger-tubes", &[("row", row)]),
            );
            continue;
        }
        triggers.push(Trigger {
            kind,
            tubes,
            threshold,
        });
    }
    triggers
}

/// The Fluent key and the field of a problem the use case found.
fn problem_message(problem: TrainingProblem) -> (&'static str, &'static str) {
    match problem {
        TrainingProblem::Title => ("title", "training-error-title"),
        TrainingProblem::Link => ("link", "training-error-link"),
        TrainingProblem::Minutes => ("minutes", "training-error-minutes"),
        TrainingProblem::Editor => ("editor", "training-error-editor"),
        TrainingProblem::Locale => ("locale", "training-error-locale"),
        TrainingProblem::Kind => ("kind", "training-error-kind"),
        TrainingProblem::Profiles => ("profile", "training-error-profiles"),
        TrainingProblem::NoTrigger => ("trigger_0", "training-error-triggers"),
    }
}

/// The form's errors in its order: the use case's, the trigger rows', then "no trigger".
fn errors_of(problems: &[TrainingProblem], rows: Errors, lang: Lang) -> Errors {
    let mut errors = Errors::default();
    let mut add = |p: TrainingProblem| {
        let (field, key) = problem_message(p);
        errors.add(field, lang.t(key));
    };
    problems
        .iter()
        .filter(|p| **p != TrainingProblem::NoTrigger)
        .for_each(|p| add(*p));
    let no_trigger = problems.contains(&TrainingProblem::NoTrigger);
    errors.0.extend(rows.0);
    if no_trigger {
        let (field, key) = problem_message(TrainingProblem::NoTrigger);
        errors.add(field, lang.t(key));
    }
    errors
}

/// Checks and stores the form, creating or updating `training`.
async fn save(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    (org, profile, training): (OrganizationId, TargetProfileId, Option<TrainingId>),
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(state, user, org).await?;
    let profile = profile_of(state, &membership, profile).await?;
    let live = state.live();
    let mut rows = Errors::default();
    let triggers = triggers_from(&live.framework, &fields, lang, &mut rows);
    let form = TrainingForm {
        title: fields.get("title"),
        link: fields.get("link"),
        minutes: fields.get("minutes"),
        editor: fields.get("editor"),
        locale: fields.get("locale"),
        kind: fields.get("kind"),
        profiles: fields.all("profile"),
        triggers,
    };
    let saved = state
        .app
        .save_training(&membership, training, &form, !rows.is_empty())
        .await;
    match saved {
        Ok(()) => {}
        Err(TrainingError::Invalid(problems)) => {
            let at = FormTarget {
                membership: &membership,
                profile: &profile,
                training: training.map(TrainingId::get),
            };
            let errors = errors_of(&problems, rows, lang);
            return render_form(state, lang, user, &at, &fields, errors).await;
        }
        Err(TrainingError::Org(e)) => return Err(e.into()),
    }
    let message = if training.is_some() {
        "training-updated"
    } else {
        "training-created"
    };
    flash(&user.session, "success", lang.t(message)).await?;
    Ok(crate::pages::redirect_to(&format!(
        "/orga/{org}/profils-cibles/{}/formations",
        profile.id
    ))
    .into_response())
}

/// Creates a training from the form.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile)): Path<(OrganizationId, TargetProfileId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    save(&state, lang, &user, (org, profile, None), fields).await
}

/// Updates a training from the form.
pub async fn update(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile, training)): Path<(OrganizationId, TargetProfileId, TrainingId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    save(&state, lang, &user, (org, profile, Some(training)), fields).await
}

/// Deletes a training (from every profile it was attached to).
pub async fn delete(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, profile, training)): Path<(OrganizationId, TargetProfileId, TrainingId)>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let profile = profile_of(&state, &membership, profile).await?;
    state.app.delete_training(&membership, training).await?;
    flash(&user.session, "success", lang.t("training-deleted")).await?;
    Ok(crate::pages::redirect_to(&format!(
        "/orga/{org}/profils-cibles/{}/formations",
        profile.id
    ))
    .into_response())
}
