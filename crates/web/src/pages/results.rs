//! `/competences/{code}/resultats`: every answered challenge of the latest evaluation with the
//! learner's answer, the expected one and the explanation, and tutorials for failed skills.

use acquis_core::TutorialFormat;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num};
use crate::pages::Chrome;
use crate::view::correction::{expected_of, given_to, status_label};
use crate::view::markdown::to_html;
use crate::{AppState, WebError};
use acquis_app::evaluations as evaluation;

/// One answered challenge.
pub struct ResultItem {
    number: usize,
    instruction_html: String,
    given: Vec<String>,
    expected: Vec<String>,
    status: String,
    ok: bool,
    explanation_html: String,
    /// Tutorials of the challenge's skill, when it was failed.
    tutorials: Vec<TutorialView>,
    /// The content's language when the page is in another one.
    content_lang: Option<String>,
}

/// A recommended tutorial.
pub struct TutorialView {
    title: String,
    format: String,
    duration: String,
    url: Option<String>,
    text_html: Option<String>,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    chrome: Chrome,
    code: String,
    title: String,
    level: u8,
    pix: u32,
    items: Vec<ResultItem>,
    tutorials: Vec<TutorialView>,
    /// The "why these questions" replay of the evaluation.
    replay: Option<String>,
}

fn format_name(f: TutorialFormat, lang: Lang) -> String {
    lang.t(match f {
        TutorialFormat::Text => "tuto-text",
        TutorialFormat::Page => "tuto-page",
        TutorialFormat::Video => "tuto-video",
        TutorialFormat::Audio => "tuto-audio",
        TutorialFormat::Pdf => "tuto-pdf",
        TutorialFormat::Tool => "tuto-tool",
    })
}

/// The results of the learner's latest evaluation on a competence.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<Html<String>, WebError> {
    let live = state.live();
    let competence = live.framework.competence(&code).ok_or(WebError::NotFound)?;
    let answers = evaluation::latest_answers(&state.app, user.user.id, &code).await?;
    let replay = answers
        .first()
        .map(|a| format!("/evaluations/{}/pourquoi", a.assessment_id));
    let mut failed_skills: Vec<String> = Vec::new();
    let tutorial_view = |t: &acquis_core::Tutorial| TutorialView {
        title: t.title.clone(),
        format: format_name(t.format, lang),
        duration: lang.t_args("tuto-minutes", &[("minutes", num(t.duration_minutes))]),
        // Every card leads somewhere: the resource, else the tutorial's page here.
        url: Some(crate::pages::tutorials::href(t)),
        text_html: t.text.as_deref().map(to_html),
    };
    let for_learner = |t: &&acquis_core::Tutorial| t.locale == lang.code() || t.locale == "fr";
    let items = answers
        .iter()
        .enumerate()
        .filter_map(|(i, ans)| {
            let c = live.framework.challenge(&ans.challenge_id)?;
            let failed = !ans.status.is_ok();
            if failed && !failed_skills.contains(&c.skill) {
                failed_skills.push(c.skill.clone());
            }
            Some(ResultItem {
                number: i + 1,
                instruction_html: to_html(&c.instruction),
                given: given_to(c, &ans.value, ans.label.as_deref(), lang),
                expected: expected_of(c, lang),
                status: status_label(ans.status, lang),
                ok: ans.status.is_ok(),
                explanation_html: to_html(&c.explanation),
                content_lang: crate::view::content_lang(&c.locales, lang),
                tutorials: if failed {
                    live.framework
                        .tutorials_of(&c.skill)
                        .filter(for_learner)
                        .map(tutorial_view)
                        .collect()
                } else {
                    Vec::new()
                },
            })
        })
        .collect();
    let mut seen = Vec::new();
    let tutorials = failed_skills
        .iter()
        .flat_map(|s| live.framework.tutorials_of(s))
        .filter(for_learner)
        .filter(|t| {
            let fresh = !seen.contains(&t.id);
            seen.push(t.id.clone());
            fresh
        })
        .map(tutorial_view)
        .collect();
    let cards = evaluation::scorecards(&state.app, user.user.id).await?;
    let card = cards.iter().find(|c| c.score.competence == code);
    let page = ResultsPage {
        chrome: Chrome::of(lang, &user, &format!("/competences/{code}/resultats")).await?,
        code: code.clone(),
        title: competence.title.get(lang.code()).to_owned(),
        level: card.map_or(0, |c| c.score.level),
        pix: card.map_or(0, |c| c.score.pix),
        items,
        tutorials,
        replay,
    };
    Ok(Html(page.render()?))
}
