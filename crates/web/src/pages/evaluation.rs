//! A competence evaluation in the browser: start, improve or reset a competence; one
//! challenge per page; the answer; a checkpoint every 5 answers; the end page.

use std::collections::BTreeMap;

use acquis_core::answer::SKIP;
use acquis_core::{InputFormat, Question};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::i18n::{Lang, num, text};
use crate::pages::{Chrome, Fields, flash};
use crate::view::challenge::{file_url, human_size, viewable};
use crate::view::correction::status_label;
use crate::view::markdown::{inline_html, to_html};
use crate::{AppState, WebError};
use acquis_app::evaluations::{
    self as evaluation, AssessmentRecord, AssessmentState, Caller, EvalError, Given, Next, Shown,
    TimerStart,
};
use acquis_core::ids::{AssessmentId, UserId};

/// Answers between two checkpoints.
pub const CHECKPOINT_EVERY: usize = 5;

impl From<EvalError> for WebError {
    fn from(e: EvalError) -> Self {
        match e {
            EvalError::NotFound | EvalError::Unauthorized | EvalError::UnknownCompetence(_) => {
                WebError::NotFound
            }
            EvalError::Store(e) => WebError::from(e),
            EvalError::InvalidAnswer(m) => WebError::BadRequest(m),
            EvalError::NotCurrentChallenge
            | EvalError::Finished
            | EvalError::TooEarly { .. }
            | EvalError::NothingToDo => WebError::BadRequest(e.to_string()),
        }
    }
}

fn evaluation_url(id: i64) -> String {
    format!("/evaluations/{id}")
}

/// Starts or resumes the evaluation of a competence.
pub async fn start(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let a = evaluation::start_or_resume(&state.app, user.user.id, &code, lang.code()).await?;
    let target = if a.state == AssessmentState::Completed {
        format!("/competences/{code}/resultats")
    } else {
        evaluation_url(a.id)
    };
    Ok(crate::pages::redirect_to(&target).into_response())
}

/// Starts an improving evaluation (4 days after the last one).
pub async fn improve(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    match evaluation::improve(&state.app, user.user.id, &code, lang.code()).await {
        Ok(a) => Ok(crate::pages::redirect_to(&evaluation_url(a.id)).into_response()),
        Err(EvalError::TooEarly { days }) => {
            flash(
                &user.session,
                "info",
                lang.t_args("card-improve-in", &[("days", num(days))]),
            )
            .await?;
            Ok(crate::pages::redirect_to("/competences").into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "reset_confirm.html")]
struct ResetConfirmPage {
    chrome: Chrome,
    code: String,
    competence_title: String,
    current: String,
}

/// Asks before resetting a competence: what it erases and what comes after.
pub async fn confirm_reset(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let live = state.live();
    let competence = live.framework.competence(&code).ok_or(WebError::NotFound)?;
    let cards = evaluation::scorecards(&state.app, user.user.id).await?;
    let card = cards
        .iter()
        .find(|c| c.score.competence == code)
        .ok_or(WebError::NotFound)?;
    let page = ResetConfirmPage {
        chrome: Chrome::of(lang, &user, &format!("/competences/{code}/remise-a-zero")).await?,
        code: code.clone(),
        competence_title: format!("{} {}", competence.code, competence.title.get(lang.code())),
        current: lang.t_args(
            "reset-confirm-current",
            &[
                ("level", num(card.score.level)),
                ("pix", num(card.score.pix)),
            ],
        ),
    };
    Ok(Html(page.render()?).into_response())
}

/// Resets a competence (7 days after the last activity).
pub async fn reset(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let message = match evaluation::reset(&state.app, user.user.id, &code).await {
        Ok(()) => ("success", lang.t("card-reset-done")),
        Err(EvalError::TooEarly { days }) => {
            ("info", lang.t_args("card-reset-in", &[("days", num(days))]))
        }
        Err(EvalError::NothingToDo) => ("info", lang.t("card-reset-nothing")),
        Err(e) => return Err(e.into()),
    };
    flash(&user.session, message.0, message.1).await?;
    Ok(crate::pages::redirect_to("/competences").into_response())
}

/// A file to work on: its name, where to get it, what it is and how big.
pub struct AttachmentView {
    pub(crate) name: String,
    pub(crate) url: String,
    /// "PDF, 12 Ko".
    pub(crate) about: String,
    /// A browser can show it in a tab (PDF, picture, text, page).
    pub(crate) viewable: bool,
}

fn attachment_view(live: &acquis_app::LiveContent, path: &str, lang: Lang) -> AttachmentView {
    let name = path.rsplit('/').next().unwrap_or(path).to_owned();
    let kind = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_else(|| lang.t("challenge-file"));
    let size = live.files.get(path).map_or(0, |b| b.len() as u64);
    AttachmentView {
        url: file_url(live.release_id, path),
        about: format!("{kind}, {}", human_size(size, lang)),
        viewable: viewable(path),
        name,
    }
}

/// An input as rendered.
pub struct InputView {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) kind: &'static str,
    pub(crate) options: Vec<String>,
    pub(crate) placeholder: String,
}

#[derive(Template)]
#[template(path = "challenge.html")]
struct ChallengePage {
    chrome: Chrome,
    competence_title: String,
    number: usize,
    step: usize,
    steps: Vec<usize>,
    q: QuestionView,
    error: Option<String>,
}

/// What the question part of a challenge page shows (the evaluation's and the
/// certification's): the public side of the challenge, never its solution.
pub struct QuestionView {
    pub(crate) challenge_id: String,
    pub(crate) multiple: bool,
    pub(crate) single: bool,
    pub(crate) instruction_html: String,
    pub(crate) proposals: Vec<(usize, String)>,
    pub(crate) inputs: Vec<InputView>,
    pub(crate) illustration: Option<(String, String)>,
    pub(crate) attachments: Vec<AttachmentView>,
    pub(crate) embed: Option<(String, String, u32)>,
    pub(crate) timer: Option<u32>,
    pub(crate) remaining: Option<i64>,
    pub(crate) focused: bool,
    /// The learner already left this focused challenge's page.
    pub(crate) left_page: bool,
    /// The content's language when the page is in another one (`lang` on the content).
    pub(crate) content_lang: Option<String>,
    /// Where the answer is posted.
    pub(crate) form_action: String,
    /// Where the page's script reports leaving a focused challenge.
    pub(crate) focus_url: String,
}

/// The question part of the page of challenge `c`. `timer` is the time allowed in seconds
/// (extra time included) and `remaining` what is left of it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn question_view(
    live: &acquis_app::LiveContent,
    c: &acquis_core::Challenge,
    lang: Lang,
    timer: Option<u32>,
    remaining: Option<i64>,
    left_page: bool,
    form_action: String,
    focus_url: String,
) -> QuestionView {
    let inputs = c
        .question
        .inputs()
        .iter()
        .map(|i| InputView {
            name: format!("input_{}", i.key),
            id: format!("champ-{}", i.key),
            label: i.label.clone(),
            kind: match i.format {
                InputFormat::Text => "text",
                InputFormat::Number => "number",
                InputFormat::Select => "select",
            },
            options: i.options.clone(),
            placeholder: i.placeholder.clone().unwrap_or_default(),
        })
        .collect();
    QuestionView {
        challenge_id: c.id.clone(),
        multiple: matches!(c.question, Question::Qcm { .. }),
        single: matches!(c.question, Question::Qcu { .. }),
        instruction_html: to_html(&c.instruction),
        proposals: c
            .question
            .proposals()
            .iter()
            .enumerate()
            .map(|(i, p)| (i + 1, inline_html(p)))
            .collect(),
        inputs,
        illustration: c
            .illustration
            .as_ref()
            .map(|i| (file_url(live.release_id, &i.file), i.alt.clone())),
        attachments: c
            .attachments
            .iter()
            .map(|a| attachment_view(live, a, lang))
            .collect(),
        embed: c.embed.as_ref().map(|e| {
            (
                file_url(live.release_id, &e.file),
                e.title.clone(),
                e.height,
            )
        }),
        timer,
        remaining,
        focused: c.focused,
        left_page,
        content_lang: crate::view::content_lang(&c.locales, lang),
        form_action,
        focus_url,
    }
}

#[derive(Template)]
#[template(path = "timed_notice.html")]
struct TimedNoticePage {
    chrome: Chrome,
    assessment_id: i64,
    competence_title: String,
    number: usize,
    challenge_id: String,
    body: String,
}

/// A duration in words: "3 min", "1 min 30 s", "45 s".
fn duration_words(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

fn competence_title(state: &AppState, a: &AssessmentRecord, lang: Lang) -> String {
    let live = state.live();
    a.competence
        .as_deref()
        .and_then(|c| {
            live.framework
                .competence(c)
                .map(|comp| format!("{} {}", comp.code, comp.title.get(lang.code())))
        })
        .unwrap_or_default()
}

async fn render_challenge(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    a: &AssessmentRecord,
    shown: &Shown,
    error: Option<String>,
) -> Result<Response, WebError> {
    let live = state.live();
    let c = &shown.challenge;
    let now = state.app.now();
    let Some(shown_at) = shown.shown_at else {
        // A timed challenge: say so, and start the clock only when the learner is ready.
        let page = TimedNoticePage {
            chrome: Chrome::of(lang, user, &evaluation_url(a.id)).await?,
            assessment_id: a.id,
            competence_title: competence_title(state, a, lang),
            number: shown.number,
            challenge_id: c.id.clone(),
            body: lang.t_args(
                "timed-notice-body",
                &[("duration", text(duration_words(c.timer.unwrap_or(0))))],
            ),
        };
        return Ok(Html(page.render()?).into_response());
    };
    let remaining = c
        .timer
        .map(|t| (i64::from(t) - (now - shown_at).num_seconds()).max(0));
    let step = (shown.number - 1) % CHECKPOINT_EVERY + 1;
    let q = question_view(
        &live,
        c,
        lang,
        c.timer,
        remaining,
        c.focused && a.focused_out_challenge.as_deref() == Some(c.id.as_str()),
        format!("/evaluations/{}/reponses", a.id),
        format!("/evaluations/{}/sortie", a.id),
    );
    let page = ChallengePage {
        chrome: Chrome::of(lang, user, &evaluation_url(a.id)).await?,
        competence_title: competence_title(state, a, lang),
        number: shown.number,
        step,
        steps: (1..=CHECKPOINT_EVERY).collect(),
        q,
        error: error.clone(),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The current challenge, or the end page when the evaluation is over.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let loaded = evaluation::load(&state.app, Caller::User(user.user.id), AssessmentId(id)).await?;
    let a = &loaded.assessment;
    match evaluation::next(
        &state.app,
        &loaded,
        TimerStart::AfterNotice,
        state.app.now(),
    )
    .await?
    {
        Next::Completed => {
            Ok(crate::pages::redirect_to(&end_url(&state, a).await?).into_response())
        }
        Next::Challenge(shown) => render_challenge(&state, lang, &user, a, &shown, None).await,
    }
}

/// Where a finished assessment leads: a campaign's results page, or the evaluation's end page.
async fn end_url(state: &AppState, a: &AssessmentRecord) -> Result<String, WebError> {
    if let Some(code) = evaluation::campaign_code_of(&state.app, a).await? {
        return Ok(format!("/campagnes/{code}/resultats"));
    }
    Ok(format!("{}/fin", evaluation_url(a.id)))
}

/// The raw answer from the form, by challenge type; `None` if nothing was chosen.
pub(crate) fn raw_answer(question: &Question, fields: &Fields) -> Option<String> {
    match question {
        Question::Qcu { .. } | Question::Qcm { .. } => {
            let chosen = fields.all("answer");
            (!chosen.is_empty()).then(|| chosen.join(","))
        }
        Question::Qroc { input, .. } => {
            let v = fields.get(&format!("input_{}", input.key));
            (!v.trim().is_empty()).then(|| v.to_owned())
        }
        Question::QrocmInd { inputs, .. } | Question::QrocmDep { inputs, .. } => {
            let map: BTreeMap<&str, &str> = inputs
                .iter()
                .map(|i| (i.key.as_str(), fields.get(&format!("input_{}", i.key))))
                .collect();
            if map.values().all(|v| v.trim().is_empty()) {
                None
            } else {
                serde_json::to_string(&map).ok()
            }
        }
    }
}

/// Stores the answer (or the skip) and goes on: next challenge, checkpoint or end.
pub async fn answer(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let loaded = evaluation::load(&state.app, Caller::User(user.user.id), AssessmentId(id)).await?;
    let a = &loaded.assessment;
    let challenge_id = fields.get("challenge_id");
    let live = state.live();
    let challenge = live
        .framework
        .challenge(challenge_id)
        .ok_or(WebError::BadRequest("unknown challenge".into()))?;
    let raw = if fields.get("action") == "skip" {
        SKIP.to_owned()
    } else {
        match raw_answer(&challenge.question, &fields) {
            Some(raw) => raw,
            None => {
                if let Next::Challenge(shown) = evaluation::next(
                    &state.app,
                    &loaded,
                    TimerStart::AfterNotice,
                    state.app.now(),
                )
                .await?
                {
                    return render_challenge(
                        &state,
                        lang,
                        &user,
                        a,
                        &shown,
                        Some(lang.t("challenge-empty")),
                    )
                    .await;
                }
                return Ok(crate::pages::redirect_to(&evaluation_url(id)).into_response());
            }
        }
    };
    let label = fields.get("label");
    let given = Given {
        challenge_id,
        raw: &raw,
        label: (!label.is_empty()).then_some(label),
    };
    let done = match evaluation::answer(&state.app, &loaded, given, state.app.now()).await {
        Ok(done) => done,
        // A stale page (back button, second tab): show what is current instead of failing.
        Err(EvalError::NotCurrentChallenge | EvalError::Finished) => {
            return Ok(crate::pages::redirect_to(&evaluation_url(id)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if done.levels.1 > done.levels.0 {
        flash(
            &user.session,
            "success",
            lang.t_args("level-up", &[("level", num(done.levels.1))]),
        )
        .await?;
    }
    // This answer is the assessment's (count)th.
    let count = loaded.statuses.len() + 1;
    let target = if !done.duplicate && count % CHECKPOINT_EVERY == 0 {
        format!("{}/point-etape", evaluation_url(id))
    } else {
        evaluation_url(id)
    };
    Ok(crate::pages::redirect_to(&target).into_response())
}

/// Starts the clock of a timed challenge from its notice, then shows it.
pub async fn start_clock(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let a = evaluation::owned(&state.app, UserId(user.user.id), AssessmentId(id)).await?;
    evaluation::start_clock(&state.app, &a, fields.get("challenge_id"), state.app.now()).await?;
    Ok(crate::pages::redirect_to(&evaluation_url(id)).into_response())
}

/// Records that the learner left the page of a focused challenge (sent by the page's script).
pub async fn focus_lost(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    fields: Fields,
) -> Result<StatusCode, WebError> {
    fields.verify(&user.session).await?;
    let a = evaluation::owned(&state.app, UserId(user.user.id), AssessmentId(id)).await?;
    evaluation::focus_lost(&state.app, &a, fields.get("challenge_id")).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One reviewed answer.
pub struct ReviewItem {
    number: usize,
    instruction_html: String,
    status: String,
    ok: bool,
}

#[derive(Template)]
#[template(path = "checkpoint.html")]
struct CheckpointPage {
    chrome: Chrome,
    assessment_id: i64,
    competence_title: String,
    items: Vec<ReviewItem>,
    right: usize,
}

/// The last answers, right or wrong.
pub async fn checkpoint(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Html<String>, WebError> {
    let a = evaluation::owned(&state.app, UserId(user.user.id), AssessmentId(id)).await?;
    let answers = evaluation::answers(&state.app, &a).await?;
    let live = state.live();
    let start = answers.len().saturating_sub(CHECKPOINT_EVERY);
    let items: Vec<ReviewItem> = answers[start..]
        .iter()
        .enumerate()
        .map(|(i, ans)| ReviewItem {
            number: start + i + 1,
            instruction_html: live
                .framework
                .challenge(&ans.challenge_id)
                .map(|c| to_html(&c.instruction))
                .unwrap_or_default(),
            status: status_label(ans.status, lang),
            ok: ans.status.is_ok(),
        })
        .collect();
    let right = items.iter().filter(|i| i.ok).count();
    let page = CheckpointPage {
        chrome: Chrome::of(lang, &user, &format!("{}/point-etape", evaluation_url(id))).await?,
        assessment_id: id,
        competence_title: competence_title(&state, &a, lang),
        items,
        right,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "end.html")]
struct EndPage {
    chrome: Chrome,
    id: i64,
    competence_code: String,
    competence_title: String,
    level: u8,
    pix: u32,
    answered: usize,
}

/// The end of an evaluation.
pub async fn end(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let a = evaluation::owned(&state.app, UserId(user.user.id), AssessmentId(id)).await?;
    if a.state == AssessmentState::Started {
        return Ok(crate::pages::redirect_to(&evaluation_url(id)).into_response());
    }
    let code = a.competence.clone().unwrap_or_default();
    let cards = evaluation::scorecards(&state.app, user.user.id).await?;
    let card = cards.iter().find(|c| c.score.competence == code);
    let page = EndPage {
        chrome: Chrome::of(lang, &user, &format!("{}/fin", evaluation_url(id))).await?,
        id,
        competence_code: code.clone(),
        competence_title: competence_title(&state, &a, lang),
        level: card.map_or(0, |c| c.score.level),
        pix: card.map_or(0, |c| c.score.pix),
        answered: evaluation::answers(&state.app, &a).await?.len(),
    };
    Ok(Html(page.render()?).into_response())
}
