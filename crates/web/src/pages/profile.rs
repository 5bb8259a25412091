//! `/competences` ("Mes compétences"): the 16 competences by area with level, pix, progress
//! to the next level, status and the actions open to the learner.

use acquis_core::certification::eligibility::Eligibility;
use acquis_core::scoring::{
    PIX_PER_LEVEL, ScorecardStatus, certification_eligibility, global_score,
};
use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::pages::Chrome;
use crate::{AppState, WebError};
use acquis_app::evaluations as evaluation;

/// One competence card.
pub struct CardView {
    code: String,
    title: String,
    level: u8,
    pix: u32,
    progress: u32,
    progress_text: String,
    status: &'static str,
    status_label: String,
    action: Option<(String, String)>,
    reset: Option<String>,
    /// The action is "try again" (improve), which needs its own explanation.
    improving: bool,
    waiting: Option<String>,
    has_results: bool,
}

/// One area and its cards.
pub struct AreaView {
    code: String,
    title: String,
    cards: Vec<CardView>,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    areas: Vec<AreaView>,
    total_pix: u32,
    total_text: String,
    certifiable: bool,
    /// Why not, when not: how many competences reach level 1 and how many more are needed.
    not_yet: Option<String>,
}

/// The profile.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    let cards = evaluation::scorecards(&state.app, user.user.id)
        .await
        .map_err(|e| match e {
            evaluation::EvalError::Store(e) => WebError::from(e),
            _ => WebError::Internal("scorecards"),
        })?;
    let live = state.live();
    let max_level = live.framework.max_reachable_level();
    let scores: Vec<_> = cards.iter().map(|c| c.score.clone()).collect();
    let total_pix = global_score(&scores);
    let areas = live
        .framework
        .areas()
        .iter()
        .map(|area| AreaView {
            code: area.code.clone(),
            title: area.title.get(lang.code()).to_owned(),
            cards: live
                .framework
                .competences_of(&area.code)
                .filter_map(|c| {
                    cards
                        .iter()
                        .find(|card| card.score.competence == c.code)
                        .map(|card| (c, card))
                })
                .map(|(c, card)| {
                    let at_max = card.score.level >= max_level;
                    let into_level = card.score.pix % PIX_PER_LEVEL;
                    let progress = if at_max {
                        100
                    } else {
                        into_level * 100 / PIX_PER_LEVEL
                    };
                    let progress_text = if at_max {
                        lang.t("profile-max-level")
                    } else {
                        lang.t_args(
                            "profile-to-next",
                            &[
                                ("pix", num(PIX_PER_LEVEL - into_level)),
                                ("level", num(card.score.level + 1)),
                            ],
                        )
                    };
                    let (status, status_label) = match card.status {
                        ScorecardStatus::NotStarted => ("not_started", lang.t("card-not-started")),
                        ScorecardStatus::Started => ("started", lang.t("card-started")),
                        ScorecardStatus::Completed => ("completed", lang.t("card-completed")),
                    };
                    let base = format!("/competences/{}", c.code);
                    let (action, waiting) = match card.status {
                        ScorecardStatus::NotStarted => (
                            Some((format!("{base}/evaluation"), lang.t("card-start"))),
                            None,
                        ),
                        ScorecardStatus::Started => (
                            Some((format!("{base}/evaluation"), lang.t("card-resume"))),
                            None,
                        ),
                        ScorecardStatus::Completed if at_max => (None, None),
                        ScorecardStatus::Completed if card.remaining_days_before_improving == 0 => {
                            (
                                Some((format!("{base}/ameliorer"), lang.t("card-improve"))),
                                None,
                            )
                        }
                        ScorecardStatus::Completed => (
                            None,
                            Some(lang.t_args(
                                "card-improve-in",
                                &[("days", num(card.remaining_days_before_improving))],
                            )),
                        ),
                    };
                    let improving = action
                        .as_ref()
                        .is_some_and(|(url, _)| url.ends_with("/ameliorer"));
                    let reset = (card.status != ScorecardStatus::NotStarted
                        && card.last_activity.is_some()
                        && card.remaining_days_before_reset == 0)
                        .then(|| format!("{base}/remise-a-zero"));
                    CardView {
                        code: c.code.clone(),
                        title: c.title.get(lang.code()).to_owned(),
                        level: card.score.level,
                        pix: card.score.pix,
                        progress,
                        progress_text,
                        status,
                        status_label,
                        action,
                        reset,
                        improving,
                        waiting,
                        has_results: card.status != ScorecardStatus::NotStarted,
                    }
                })
                .collect(),
        })
        .collect();
    let max_pix = u32::from(max_level) * PIX_PER_LEVEL * live.framework.competences().len() as u32;
    let total_text = lang.t_args(
        "profile-total",
        &[("pix", num(total_pix)), ("max", num(max_pix))],
    );
    let eligibility = certification_eligibility(&scores);
    let chrome = Chrome::of(lang, &user, "/competences").await?;
    let page = ProfilePage {
        chrome,
        areas,
        total_pix,
        total_text,
        certifiable: eligibility.is_eligible(),
        not_yet: match eligibility {
            Eligibility::Eligible => None,
            Eligibility::NotYet { reached, missing } => Some(lang.t_args(
                "profile-not-certifiable-yet",
                &[
                    ("reached", num(reached as f64)),
                    ("missing", num(missing as f64)),
                ],
            )),
        },
    };
    Ok(Html(page.render()?))
}
