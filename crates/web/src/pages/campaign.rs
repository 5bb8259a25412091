//! The learner's side of campaigns: `/campagnes` (enter a code), `/campagnes/{code}` (the
//! landing page), joining, the results page with mastery, stage, badges and trainings, and
//! sharing them with the organisation.

use acquis_core::campaign::reconciliation::{IdentityField, Requirement};
use acquis_core::campaign::{CampaignType, Mastery, ParticipationStatus, Stages, obtained};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::{CurrentUser, MaybeUser};
use crate::campaigns::trainings::{self, TrainingView};
use crate::i18n::Lang;
use crate::pages::tutorials::TutorialCard;
use crate::pages::{Chrome, Fields, flash};
use crate::view::markdown::to_html;
use crate::{AppState, WebError};
use acquis_app::campaigns::{self as service, CampaignError, Claim, SharedResults, learner};
use acquis_core::ids::{ParticipationId, UserId};

impl From<CampaignError> for WebError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::Store(e) => WebError::from(e),
            CampaignError::NotFound | CampaignError::Archived => WebError::NotFound,
            other => WebError::BadRequest(other.to_string()),
        }
    }
}

#[derive(Template)]
#[template(path = "campaign_code.html")]
struct CodePage {
    chrome: Chrome,
    error: Option<String>,
    code: String,
}

/// The form to enter a campaign code.
pub async fn show_code(
    lang: Lang,
    session: Session,
    user: MaybeUser,
) -> Result<Html<String>, WebError> {
    let chrome = Chrome::visitor(lang, &session, user.0.as_ref(), "/campagnes").await?;
    Ok(Html(
        CodePage {
            chrome,
            error: None,
            code: String::new(),
        }
        .render()?,
    ))
}

/// Goes to the campaign of a typed code.
pub async fn submit_code(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&session).await?;
    let typed = fields.get("code");
    match service::find(&state.app, typed).await {
        Ok(c) if c.archived_at.is_none() => {
            Ok(crate::pages::redirect_to(&format!("/campagnes/{}", c.code)).into_response())
        }
        _ => {
            let chrome = Chrome::visitor(lang, &session, user.0.as_ref(), "/campagnes").await?;
            let page = CodePage {
                chrome,
                error: Some(lang.t("campaign-code-unknown")),
                code: typed.chars().take(32).filter(|c| !c.is_control()).collect(),
            };
            Ok((StatusCode::NOT_FOUND, Html(page.render()?)).into_response())
        }
    }
}

/// The identity fields of the joining form, shown when the organisation imported learners
/// and the account is not one of them yet.
pub struct IdentityForm {
    required: bool,
    first_name: String,
    last_name: String,
    birthdate: String,
    first_name_error: Option<String>,
    last_name_error: Option<String>,
    birthdate_error: Option<String>,
}

impl IdentityForm {
    fn new(requirement: Requirement, form: &Fields, lang: Lang, wrong: &[IdentityField]) -> Self {
        let error = |field: IdentityField, key: &str| wrong.contains(&field).then(|| lang.t(key));
        IdentityForm {
            required: requirement == Requirement::MatchRequired,
            first_name: form.get("first_name").to_string(),
            last_name: form.get("last_name").to_string(),
            birthdate: form.get("birthdate").to_string(),
            first_name_error: error(IdentityField::FirstName, "campaign-identity-first-name"),
            last_name_error: error(IdentityField::LastName, "campaign-identity-last-name"),
            birthdate_error: error(IdentityField::Birthdate, "campaign-identity-birthdate"),
        }
    }
}

#[derive(Template)]
#[template(path = "campaign_landing.html")]
struct LandingPage {
    chrome: Chrome,
    code: String,
    title: String,
    organization: String,
    landing_html: String,
    signed_in: bool,
    external_id_label: Option<String>,
    external_id_email: bool,
    external_id: String,
    identity: Option<IdentityForm>,
    error: Option<String>,
    joined: Option<String>,
}

impl LandingPage {
    /// The sign-up link, coming back here.
    fn sign_up_href(&self) -> String {
        format!("/inscription?suite=/campagnes/{}", self.code)
    }

    /// The sign-in link, coming back here.
    fn sign_in_href(&self) -> String {
        format!("/connexion?suite=/campagnes/{}", self.code)
    }
}

/// A campaign's landing page.
pub async fn landing(
    State(state): State<AppState>,
    lang: Lang,
    session: Session,
    user: MaybeUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let blank = Refused::default();
    render_landing(&state, lang, &session, user, &code, &blank).await
}

/// Why joining was refused, to show on the landing page with what was typed.
#[derive(Default)]
struct Refused {
    form: Fields,
    message: Option<String>,
    wrong: Vec<IdentityField>,
}

async fn render_landing(
    state: &AppState,
    lang: Lang,
    session: &Session,
    user: MaybeUser,
    code: &str,
    refused: &Refused,
) -> Result<Response, WebError> {
    let campaign = service::find(&state.app, code).await?;
    if campaign.archived_at.is_some() {
        return Err(WebError::NotFound);
    }
    let organization = service::organization_name(&state.app, &campaign).await?;
    let identity = match &user.0 {
        Some(u) => learner::asked(&state.app, &campaign, u.user.id)
            .await?
            .map(|r| IdentityForm::new(r, &refused.form, lang, &refused.wrong)),
        None => None,
    };
    // Someone coming back was already asked their external id: it is kept, not asked again.
    let previous = match &user.0 {
        Some(u) => service::participation::previous(&state.app, u.user.id, &campaign).await?,
        None => None,
    };
    let known_external_id = previous.as_ref().is_some_and(|p| p.external_id.is_some());
    let joined = previous.as_ref().map(|p| {
        lang.t(match p.status {
            ParticipationStatus::Started => "campaign-joined-started",
            ParticipationStatus::ToShare => "campaign-joined-to-share",
            ParticipationStatus::Shared => "campaign-joined-shared",
        })
    });
    let signed_in = user.0.is_some();
    let path = format!("/campagnes/{}", campaign.code);
    let page = LandingPage {
        chrome: Chrome::visitor(lang, session, user.0.as_ref(), &path).await?,
        code: campaign.code.clone(),
        title: campaign.title.clone(),
        organization,
        landing_html: to_html(&campaign.landing_text),
        signed_in,
        external_id_email: campaign.external_id_kind.as_deref() == Some("email"),
        external_id_label: campaign
            .external_id_label
            .clone()
            .filter(|_| !known_external_id),
        external_id: refused.form.get("external_id").chars().take(255).collect(),
        identity,
        error: refused.message.clone(),
        joined,
    };
    let status = if refused.message.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The message of a refusal the joining form can fix, or `None` for any other error.
fn refusal_message(e: &CampaignError, lang: Lang) -> Option<String> {
    Some(lang.t(match e {
        CampaignError::ExternalIdRequired => "campaign-external-required",
        CampaignError::InvalidExternalId => "error-invalid-email",
        CampaignError::IdentityRequired => "campaign-identity-required",
        CampaignError::InvalidIdentity(_) => "campaign-identity-invalid",
        CampaignError::LearnerNotFound => "campaign-learner-not-found",
        CampaignError::LearnerTaken => "campaign-learner-taken",
        _ => return None,
    }))
}

/// Joins the campaign and goes to the test (or straight to the results of a profiles collection).
pub async fn join(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let campaign = service::find(&state.app, &code).await?;
    let external = fields.get("external_id");
    let claim = Claim::new(
        Some(fields.get("first_name")),
        Some(fields.get("last_name")),
        Some(fields.get("birthdate")),
    );
    let joined = service::join(
        &state.app,
        user.user.id,
        &campaign,
        Some(external),
        &claim,
        lang.code(),
    )
    .await;
    match joined {
        Ok(p) => Ok(
            crate::pages::redirect_to(&match (p.status, p.assessment_id) {
                (ParticipationStatus::Started, Some(a)) => format!("/evaluations/{a}"),
                _ => format!("/campagnes/{}/resultats", campaign.code),
            })
            .into_response(),
        ),
        Err(e) => {
            let Some(message) = refusal_message(&e, lang) else {
                return Err(e.into());
            };
            let wrong = match e {
                CampaignError::InvalidIdentity(wrong) => wrong,
                _ => Vec::new(),
            };
            let refused = Refused {
                form: fields,
                message: Some(message),
                wrong,
            };
            let session = user.session.clone();
            render_landing(
                &state,
                lang,
                &session,
                crate::auth::MaybeUser(Some(user)),
                &code,
                &refused,
            )
            .await
        }
    }
}

/// One competence's mastery, for the results page.
pub struct CompetenceResult {
    code: String,
    title: String,
    percent: u8,
    detail: String,
}

#[derive(Template)]
#[template(path = "campaign_results.html")]
struct ResultsPage {
    chrome: Chrome,
    code: String,
    title: String,
    status: ParticipationStatus,
    overall: u8,
    competences: Vec<CompetenceResult>,
    stage: Option<(String, String, usize, usize)>,
    badges: Vec<(String, String)>,
    result_html: String,
    button: Option<(String, String)>,
    profiles: Vec<(String, String, u8, u32)>,
    is_assessment: bool,
    /// The "why these questions" replay of the campaign test.
    replay: Option<String>,
    trainings: Vec<TrainingView>,
    tutorials: Vec<TutorialCard>,
    back: String,
}

/// The learner's results in a campaign, and the share button.
pub async fn results(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let campaign = service::find(&state.app, &code).await?;
    let Some(p) = service::participation::latest(&state.app, user.user.id, &campaign).await? else {
        return Ok(
            crate::pages::redirect_to(&format!("/campagnes/{}", campaign.code)).into_response(),
        );
    };
    if p.status == ParticipationStatus::Started
        && let Some(a) = p.assessment_id
    {
        return Ok(crate::pages::redirect_to(&format!("/evaluations/{a}")).into_response());
    }
    let live = state.live();
    let results = match p.status {
        ParticipationStatus::Shared => SharedResults::parse(p.results.as_deref()),
        _ => {
            service::current_results(&state.app, &campaign, &p)
                .await?
                .results
        }
    };
    let kind: CampaignType = campaign.kind;
    let mut page = ResultsPage {
        chrome: Chrome::of(
            lang,
            &user,
            &format!("/campagnes/{}/resultats", campaign.code),
        )
        .await?,
        code: campaign.code.clone(),
        title: campaign.title.clone(),
        status: p.status,
        overall: 0,
        competences: vec![],
        stage: None,
        badges: vec![],
        result_html: to_html(&campaign.result_text),
        button: (!campaign.result_button_text.is_empty()
            && campaign.result_button_url.starts_with("http"))
        .then(|| {
            (
                campaign.result_button_text.clone(),
                campaign.result_button_url.clone(),
            )
        }),
        profiles: vec![],
        is_assessment: kind == CampaignType::Assessment,
        replay: p
            .assessment_id
            .filter(|_| kind == CampaignType::Assessment)
            .map(|a| format!("/evaluations/{a}/pourquoi")),
        trainings: vec![],
        tutorials: vec![],
        back: format!("/campagnes/{}/resultats", campaign.code),
    };
    match kind {
        CampaignType::Assessment => {
            let definition = service::profile_of(&state.app, &campaign)
                .await?
                .ok_or(WebError::Internal("campaign without profile"))?;
            let target = definition.target(&live.framework);
            let mastery: Mastery<'_> = results.mastery(&target);
            page.overall = mastery.overall().display_percent();
            page.competences = target
                .competences()
                .iter()
                .zip(mastery.competences())
                .map(|(code, count)| CompetenceResult {
                    code: code.clone(),
                    title: live
                        .framework
                        .competence(code)
                        .map(|c| c.title.get(lang.code()).to_owned())
                        .unwrap_or_default(),
                    percent: count.display_percent(),
                    detail: format!("{} / {}", count.validated, count.total),
                })
                .collect();
            if let Some(stages) = definition.stages.as_ref() {
                page.stage = Some(stage_view(stages, &target, &mastery));
            }
            page.badges = obtained(&definition.badges, &mastery)
                .into_iter()
                .map(|b| (b.title.clone(), b.message.clone()))
                .collect();
            (page.trainings, page.tutorials) = trainings::for_learner(
                &state,
                campaign.target_profile_id,
                &mastery,
                user.user.id,
                lang,
            )
            .await?;
        }
        CampaignType::ProfilesCollection => {
            page.profiles = results
                .competences
                .iter()
                .map(|s| {
                    let title = live
                        .framework
                        .competence(&s.competence)
                        .map(|c| c.title.get(lang.code()).to_owned())
                        .unwrap_or_default();
                    (s.competence.clone(), title, s.level, s.pix)
                })
                .collect();
        }
    }
    Ok(Html(page.render()?).into_response())
}

fn stage_view(
    stages: &Stages,
    target: &acquis_core::campaign::TargetSkills,
    mastery: &Mastery<'_>,
) -> (String, String, usize, usize) {
    let reached = stages.reached(target, mastery.overall());
    (
        reached.stage.title.clone(),
        reached.stage.message.clone(),
        reached.number(),
        reached.count,
    )
}

/// Shares the results with the organisation.
pub async fn share(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(code): Path<String>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let campaign = service::find(&state.app, &code).await?;
    let p = service::participation::previous(&state.app, user.user.id, &campaign)
        .await?
        .ok_or(WebError::NotFound)?;
    match service::share(&state.app, UserId(user.user.id), ParticipationId(p.id)).await? {
        service::Shared::Now(_) => flash(&user.session, "success", lang.t("campaign-shared")),
        service::Shared::Already(_) => flash(&user.session, "info", lang.t("campaign-share-again")),
    }
    .await?;
    Ok(
        crate::pages::redirect_to(&format!("/campagnes/{}/resultats", campaign.code))
            .into_response(),
    )
}
