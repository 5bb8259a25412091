//! An organisation's trainings as `core` reads them, and as the learner's and the
//! organisation's pages show them, with what a learner's campaign results recommend. A stored training whose triggers or kind cannot be read is
//! left out (and logged) rather than breaking a results page.

use acquis_core::campaign::{Mastery, Training, TrainingKind, recommended};
use acquis_core::positioning::KeStatus;
use acquis_store::{StoreError, TrainingRecord};

use crate::AppState;
use crate::i18n::Lang;
use crate::pages::tutorials::TutorialCard;

/// A stored training as `core`'s type, if it can be read.
pub fn to_core(record: &TrainingRecord) -> Option<Training> {
    let kind: TrainingKind = record.kind.parse().ok()?;
    let triggers = match serde_json::from_str(&record.triggers) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(training = record.id, error = %e, "unreadable training triggers");
            return None;
        }
    };
    Some(Training {
        title: record.title.clone(),
        link: record.link.clone(),
        duration_minutes: u32::try_from(record.duration_minutes).unwrap_or(0),
        locale: record.locale.clone(),
        kind,
        editor: record.editor.clone(),
        triggers,
    })
}

/// The trainings of a target profile in `locale`, in creation order (none without a profile).
pub async fn of_profile(
    state: &AppState,
    target_profile_id: Option<i64>,
    locale: &str,
) -> Result<Vec<Training>, StoreError> {
    let Some(id) = target_profile_id else {
        return Ok(Vec::new());
    };
    Ok(state
        .store
        .trainings_of_profile(id)
        .await?
        .iter()
        .filter(|r| r.locale == locale)
        .filter_map(to_core)
        .collect())
}

/// The Fluent key of a training kind's label.
pub fn kind_key(kind: TrainingKind) -> &'static str {
    match kind {
        TrainingKind::SelfPaced => "training-kind-self-paced",
        TrainingKind::ELearning => "training-kind-e-learning",
        TrainingKind::Blended => "training-kind-blended",
        TrainingKind::InPerson => "training-kind-in-person",
        TrainingKind::Webinar => "training-kind-webinar",
    }
}

/// A recommended training, as pages show it.
pub struct TrainingView {
    /// Title.
    pub title: String,
    /// Link (http or https only; otherwise empty and not linked).
    pub link: String,
    /// Kind, editor and length, in the page's language.
    pub detail: String,
}

impl TrainingView {
    /// The view of `t` in `lang`.
    pub fn new(t: &Training, lang: Lang) -> Self {
        let mut detail = vec![lang.t(kind_key(t.kind))];
        if !t.editor.is_empty() {
            detail.push(t.editor.clone());
        }
        detail.push(lang.t_args(
            "tuto-minutes",
            &[("minutes", crate::i18n::num(t.duration_minutes))],
        ));
        TrainingView {
            title: t.title.clone(),
            link: if t.link.starts_with("https://") || t.link.starts_with("http://") {
                t.link.clone()
            } else {
                String::new()
            },
            detail: detail.join(" · "),
        }
    }
}

/// Tutorials shown at most on a results page.
const TUTORIALS: usize = 8;

/// What a learner's campaign results recommend: the trainings of the campaign's target profile
/// whose triggers fire for `mastery`, and the framework's tutorials (in the page's language,
/// else French) for the target skills the learner failed and has not validated since.
pub async fn for_learner(
    state: &AppState,
    target_profile_id: Option<i64>,
    mastery: &Mastery<'_>,
    user_id: i64,
    lang: Lang,
) -> Result<(Vec<TrainingView>, Vec<TutorialCard>), StoreError> {
    let trainings = of_profile(state, target_profile_id, lang.code()).await?;
    let recommended = recommended(&trainings, mastery)
        .into_iter()
        .map(|t| TrainingView::new(t, lang))
        .collect();
    let live = state.live();
    let elements =
        acquis_app::evaluations::to_core(&state.store.knowledge_elements_of(user_id).await?);
    let target = mastery.target();
    let mut failed: Vec<&str> = Vec::new();
    for e in &elements {
        let skill = e.skill.as_str();
        if e.status == KeStatus::Invalidated
            && target.position(skill).is_some()
            && !mastery.is_validated(skill)
            && !failed.contains(&skill)
        {
            failed.push(skill);
        }
    }
    let saved = state.store.saved_tutorials(user_id).await?;
    let mut seen: Vec<&str> = Vec::new();
    let mut tutorials = Vec::new();
    for tutorial in failed.iter().flat_map(|s| live.framework.tutorials_of(s)) {
        if (tutorial.locale != lang.code() && tutorial.locale != "fr")
            || seen.contains(&tutorial.id.as_str())
        {
            continue;
        }
        seen.push(&tutorial.id);
        let kept = saved.iter().any(|s| s.tutorial_id == tutorial.id);
        tutorials.push(TutorialCard::new(tutorial, lang, kept));
        if tutorials.len() == TUTORIALS {
            break;
        }
    }
    Ok((recommended, tutorials))
}
