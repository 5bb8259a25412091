//! An organisation's trainings as the learner's and the organisation's pages show them, and
//! what a learner's campaign results recommend (read by the use-case layer: `App::recommendations`).

use acquis_core::campaign::{Mastery, Training, TrainingKind};

use crate::i18n::Lang;
use crate::pages::tutorials::TutorialCard;
use crate::{AppState, WebError};

pub use acquis_app::organizations::trainings::to_core;

/// The trainings of a target profile in `locale`, in creation order (none without a profile).
pub async fn of_profile(
    state: &AppState,
    target_profile_id: Option<i64>,
    locale: &str,
) -> Result<Vec<Training>, WebError> {
    Ok(state
        .app
        .profile_trainings(target_profile_id, locale)
        .await?)
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

/// What a learner's campaign results recommend: the trainings of the campaign's target profile
/// whose triggers fire for `mastery`, and the framework's tutorials (in the page's language,
/// else French) for the target skills the learner failed and has not validated since.
pub async fn for_learner(
    state: &AppState,
    target_profile_id: Option<i64>,
    mastery: &Mastery<'_>,
    user_id: i64,
    lang: Lang,
) -> Result<(Vec<TrainingView>, Vec<TutorialCard>), WebError> {
    let found = state
        .app
        .recommendations(target_profile_id, mastery, user_id, lang.code())
        .await?;
    let trainings = found
        .trainings
        .iter()
        .map(|t| TrainingView::new(t, lang))
        .collect();
    let tutorials = found
        .tutorials
        .iter()
        .map(|(tutorial, kept)| TutorialCard::new(tutorial, lang, *kept))
        .collect();
    Ok((trainings, tutorials))
}
