//! "Why this question", the learner's side: `/evaluations/{id}/pourquoi` (a competence
//! evaluation or campaign test) and `/certifications/{course}/pourquoi` (a certification
//! test), the learner's own tests only (404 otherwise). The pages put the replay of
//! `acquis_app::replay` into words; the same words serve the support pages under `/admin`.
//! They never show a solution: only the challenges asked and answered, their status and what
//! the engine made of them.

use acquis_app::replay::{self, AssessmentReplay, CourseReplayView, Viewer};
use acquis_core::AnswerStatus;
use acquis_core::certification::course::CourseRules;
use acquis_core::ids::{AssessmentId, UserId};
use acquis_core::irt::{Eligibility, Estimate};
use acquis_core::positioning::{Filter, FilterOutcome, Phase, Reason};
use acquis_core::replay::{CourseOutcome, CourseRule, Divergence, PositioningStep};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;

use crate::admin::AdminNav;
use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// A row of a candidates table.
pub struct CandidateRow {
    /// The cells, in the table's column order.
    pub cells: Vec<String>,
    /// Whether the rule picked it.
    pub chosen: bool,
}

/// One step of a replay, in words.
pub struct StepView {
    /// "Question 3".
    pub heading: String,
    /// What the engine knew before, one fact a line.
    pub before: Vec<String>,
    /// The filters or eligibility rules, in the order they ran.
    pub filters: Vec<String>,
    /// The candidates table's column headings.
    pub columns: Vec<String>,
    /// Its rows.
    pub candidates: Vec<CandidateRow>,
    /// The rule that picked the question.
    pub rule: String,
    /// The question asked.
    pub asked: String,
    /// A divergence between the replay and the test, in words.
    pub divergence: Option<String>,
    /// The answer's status.
    pub answer: String,
    /// The answer's effect, one fact a line.
    pub effect: Vec<String>,
}

/// A replay page, in words.
pub struct ReplayView {
    /// The page's title.
    pub title: String,
    /// What was replayed, one fact a line.
    pub facts: Vec<(String, String)>,
    /// The summary of divergences (none, or how many).
    pub verdict: String,
    /// Whether the replay diverged anywhere.
    pub diverged: bool,
    /// The steps.
    pub steps: Vec<StepView>,
    /// How the test ends, in words.
    pub end: String,
}

#[derive(Template)]
#[template(path = "replay.html")]
struct ReplayPage {
    chrome: Chrome,
    nav: Option<AdminNav>,
    back_href: String,
    back_label: String,
    view: ReplayView,
}

/// Renders a replay page, for the learner (no `nav`) or for support (the admin navigation).
pub fn render(
    chrome: Chrome,
    nav: Option<AdminNav>,
    back: (String, String),
    view: ReplayView,
) -> Result<Response, WebError> {
    let (back_href, back_label) = back;
    let page = ReplayPage {
        chrome,
        nav,
        back_href,
        back_label,
        view,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET /evaluations/{id}/pourquoi`: the replay of one of the learner's own tests.
pub async fn assessment(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let replayed = replay::replay_assessment(
        &state.app,
        Viewer::Learner(UserId(user.user.id)),
        AssessmentId(id),
    )
    .await?;
    let chrome = Chrome::of(lang, &user, &format!("/evaluations/{id}/pourquoi")).await?;
    let back = match replayed.assessment.competence.as_deref() {
        Some(code) => (
            format!("/competences/{code}/resultats"),
            lang.t("replay-back-results"),
        ),
        None => ("/mes-parcours".to_string(), lang.t("replay-back-journeys")),
    };
    render(chrome, None, back, positioning_view(lang, &replayed))
}

/// `GET /certifications/{course}/pourquoi`: the replay of the learner's own certification test.
pub async fn course(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(course): Path<i64>,
) -> Result<Response, WebError> {
    let replayed =
        replay::replay_course(&state.app, Viewer::Learner(UserId(user.user.id)), course).await?;
    let chrome = Chrome::of(lang, &user, &format!("/certifications/{course}/pourquoi")).await?;
    let back = (
        format!("/certifications/{course}"),
        lang.t("replay-back-certification"),
    );
    render(chrome, None, back, course_view(lang, &replayed))
}

/// A number with two decimals, with the language's decimal separator.
fn num(lang: Lang, x: f64) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

fn text(s: &str) -> FluentValue<'static> {
    FluentValue::from(s.to_string())
}

fn count(n: usize) -> FluentValue<'static> {
    FluentValue::from(n as f64)
}

/// The answer status in words.
pub fn status_words(lang: Lang, status: AnswerStatus) -> String {
    lang.t(match status {
        AnswerStatus::Ok => "replay-status-ok",
        AnswerStatus::Ko => "replay-status-ko",
        AnswerStatus::Aband => "replay-status-aband",
        AnswerStatus::Timedout => "replay-status-timedout",
        AnswerStatus::Focusedout => "replay-status-focusedout",
        AnswerStatus::Partially => "replay-status-partially",
    })
}

fn divergence_words(lang: Lang, d: &Divergence) -> String {
    match d {
        Divergence::OtherQuestion { replayed } => {
            lang.t_args("replay-divergence-other", &[("replayed", text(replayed))])
        }
        Divergence::EndedBefore => lang.t("replay-divergence-ended"),
        Divergence::UnknownQuestion => lang.t("replay-divergence-unknown"),
    }
}

fn verdict(lang: Lang, divergences: usize) -> String {
    if divergences == 0 {
        lang.t("replay-verdict-same")
    } else {
        lang.t_args("replay-verdict-diverged", &[("count", count(divergences))])
    }
}

fn filter_words(lang: Lang, f: &FilterOutcome) -> String {
    let key = match f.filter {
        Filter::Playable => "replay-filter-playable",
        Filter::TooDifficult => "replay-filter-too-difficult",
        Filter::EasyTubesFirst => "replay-filter-easy-tubes",
        Filter::UntimedFirst => "replay-filter-untimed-first",
        Filter::UntimedAfterTimeout => "replay-filter-untimed-after-timeout",
        Filter::StartingLevel => "replay-filter-starting-level",
        Filter::BestReward => "replay-filter-best-reward",
    };
    let mut line = lang.t_args(key, &[("remaining", count(f.remaining))]);
    if f.relaxed {
        line.push(' ');
        line.push_str(&lang.t("replay-filter-relaxed"));
    }
    line
}

fn positioning_step(lang: Lang, step: &PositioningStep) -> StepView {
    let e = &step.explanation;
    let mut before = vec![lang.t_args(
        "replay-pix-before",
        &[("pix", text(&num(lang, step.pix_before)))],
    )];
    before.push(match (e.phase, e.estimated_level) {
        (Phase::Adaptive, Some(level)) => lang.t_args(
            "replay-estimate-level",
            &[("level", text(&num(lang, level)))],
        ),
        _ => lang.t("replay-phase-first"),
    });
    let chosen_skill = e.choice.as_ref().map(|c| c.skill.clone());
    let candidates = e
        .candidates
        .iter()
        .map(|c| {
            let chosen = chosen_skill.as_deref() == Some(&*c.skill);
            CandidateRow {
                cells: vec![
                    c.skill.to_string(),
                    c.tube.to_string(),
                    c.level.to_string(),
                    c.reward.map(|r| num(lang, r)).unwrap_or_else(|| "–".into()),
                ],
                chosen,
            }
        })
        .collect();
    let rule = match &e.choice {
        Some(choice) => {
            let reason = match choice.reason {
                Reason::FirstChallenge { level } => {
                    lang.t_args("replay-rule-first", &[("level", count(usize::from(level)))])
                }
                Reason::BestReward { reward } => lang.t_args(
                    "replay-rule-best-reward",
                    &[("reward", text(&num(lang, reward)))],
                ),
            };
            let ties = lang.t_args(
                "replay-rule-seed",
                &[
                    ("tied", count(choice.tied)),
                    ("challenges", count(choice.challenges)),
                    ("skill", text(&choice.skill)),
                    ("challenge", text(&choice.challenge)),
                ],
            );
            format!("{reason} {ties}")
        }
        None => lang.t("replay-rule-none"),
    };
    let skills = |list: &[String]| list.join(", ");
    let mut effect = Vec::new();
    if !step.validated.is_empty() {
        effect.push(lang.t_args(
            "replay-effect-validated",
            &[("skills", text(&skills(&step.validated)))],
        ));
    }
    if !step.invalidated.is_empty() {
        effect.push(lang.t_args(
            "replay-effect-invalidated",
            &[("skills", text(&skills(&step.invalidated)))],
        ));
    }
    effect.push(lang.t_args(
        "replay-estimate-after",
        &[
            ("level", text(&num(lang, step.estimate_after))),
            ("pix", text(&num(lang, step.pix_after))),
        ],
    ));
    StepView {
        heading: lang.t_args("replay-step", &[("number", count(step.number))]),
        before,
        filters: e.filters.iter().map(|f| filter_words(lang, f)).collect(),
        columns: vec![
            lang.t("replay-col-skill"),
            lang.t("replay-col-tube"),
            lang.t("replay-col-level"),
            lang.t("replay-col-reward"),
        ],
        candidates,
        rule,
        asked: match &step.skill {
            Some(skill) => lang.t_args(
                "replay-asked-skill",
                &[("challenge", text(&step.asked)), ("skill", text(skill))],
            ),
            None => lang.t_args("replay-asked", &[("challenge", text(&step.asked))]),
        },
        divergence: step.divergence.as_ref().map(|d| divergence_words(lang, d)),
        answer: status_words(lang, step.status),
        effect,
    }
}

/// A positioning test's replay in words.
pub fn positioning_view(lang: Lang, r: &AssessmentReplay) -> ReplayView {
    let a = &r.assessment;
    let kind = match a.competence.as_deref() {
        Some(code) => lang.t_args("replay-kind-evaluation", &[("competence", text(code))]),
        None => lang.t("replay-kind-campaign"),
    };
    let divergences = r.replay.divergences() + usize::from(r.ends_differently());
    let end = if r.ends_differently() {
        lang.t("replay-end-diverged")
    } else if r.replay.completed {
        lang.t("replay-end-completed")
    } else {
        lang.t("replay-end-open")
    };
    ReplayView {
        title: lang.t_args("replay-title-assessment", &[("id", count(a.id as usize))]),
        facts: vec![
            (lang.t("replay-fact-test"), kind),
            (lang.t("replay-fact-release"), r.release_id.to_string()),
            (
                lang.t("replay-fact-engine"),
                lang.t("replay-engine-positioning"),
            ),
            (
                lang.t("replay-fact-answers"),
                r.replay.steps.len().to_string(),
            ),
        ],
        verdict: verdict(lang, divergences),
        diverged: divergences > 0,
        steps: r
            .replay
            .steps
            .iter()
            .map(|s| positioning_step(lang, s))
            .collect(),
        end,
    }
}

fn estimate_words(lang: Lang, key: &str, e: Estimate) -> String {
    lang.t_args(
        key,
        &[
            ("capacity", text(&num(lang, e.capacity))),
            ("error", text(&num(lang, e.error))),
        ],
    )
}

fn course_rule(lang: Lang, rule: Option<CourseRule>) -> String {
    match rule {
        Some(CourseRule::TopWalk {
            top,
            keep_probability,
            rank,
        }) => lang.t_args(
            "replay-rule-walk",
            &[
                ("top", count(top)),
                (
                    "percent",
                    count((keep_probability * 100.0).round() as usize),
                ),
                ("rank", count(rank + 1)),
            ],
        ),
        Some(CourseRule::SympsonHetter { rank }) => {
            lang.t_args("replay-rule-sympson-hetter", &[("rank", count(rank + 1))])
        }
        None => lang.t("replay-rule-none"),
    }
}

fn course_step(
    lang: Lang,
    rules: &CourseRules,
    step: &acquis_core::replay::CourseStep,
) -> StepView {
    let mut filters = Vec::new();
    if let Some(e) = step.eligibility {
        filters.push(match e {
            Eligibility::UncoveredCompetences => lang.t("replay-eligibility-uncovered"),
            Eligibility::SpacedCompetences => lang.t_args(
                "replay-eligibility-spaced",
                &[("spacing", count(rules.irt.selection.competence_spacing))],
            ),
            Eligibility::Any => lang.t("replay-eligibility-any"),
        });
    }
    let x = step.excluded;
    filters.push(lang.t_args(
        "replay-excluded",
        &[
            ("asked", count(x.asked)),
            ("tube", count(x.tube_used)),
            ("alert", count(x.validated_alert)),
            ("eligibility", count(x.eligibility)),
        ],
    ));
    let candidates = step
        .candidates
        .iter()
        .map(|c| CandidateRow {
            cells: vec![c.challenge.clone(), num(lang, c.information)],
            chosen: c.chosen,
        })
        .collect();
    let (answer, mut effect) = match step.outcome {
        CourseOutcome::Answered { status } => (status_words(lang, status), vec![]),
        CourseOutcome::Neutralised => (
            lang.t("replay-outcome-neutralised"),
            vec![lang.t("replay-effect-neutralised")],
        ),
        CourseOutcome::Unanswered => (lang.t("replay-outcome-unanswered"), vec![]),
    };
    effect.push(estimate_words(lang, "replay-capacity-after", step.after));
    StepView {
        heading: lang.t_args("replay-step", &[("number", count(step.number))]),
        before: vec![estimate_words(lang, "replay-capacity-before", step.before)],
        filters,
        columns: vec![
            lang.t("replay-col-challenge"),
            lang.t("replay-col-information"),
        ],
        candidates,
        rule: course_rule(lang, step.rule),
        asked: lang.t_args("replay-asked", &[("challenge", text(&step.asked))]),
        divergence: step.divergence.as_ref().map(|d| divergence_words(lang, d)),
        answer,
        effect,
    }
}

/// A certification test's replay in words.
pub fn course_view(lang: Lang, r: &CourseReplayView) -> ReplayView {
    let divergences = r.replay.divergences();
    let c = &r.course;
    ReplayView {
        title: lang.t_args("replay-title-course", &[("id", count(c.id as usize))]),
        facts: vec![
            (
                lang.t("replay-fact-test"),
                lang.t("replay-kind-certification"),
            ),
            (lang.t("replay-fact-release"), c.release_id.to_string()),
            (lang.t("replay-fact-settings"), c.settings_version.clone()),
            (
                lang.t("replay-fact-accessible"),
                lang.t(if c.accessible_only {
                    "replay-yes"
                } else {
                    "replay-no"
                }),
            ),
            (
                lang.t("replay-fact-questions"),
                r.replay.steps.len().to_string(),
            ),
        ],
        verdict: verdict(lang, divergences),
        diverged: divergences > 0,
        steps: r
            .replay
            .steps
            .iter()
            .map(|s| course_step(lang, &r.rules, s))
            .collect(),
        end: if c.ended_at.is_some() {
            lang.t("replay-end-completed")
        } else {
            lang.t("replay-end-open")
        },
    }
}
