//! `/orga/{org}/campagnes/nouvelle`: creating a campaign (assessment on a target profile, or
//! profiles collection) with a fresh unique code; `/orga/{org}/campagnes/{id}/archiver` and
//! `/desarchiver` (archiving is confirmed first: `GET …/archiver` asks). The campaign's own
//! page is `follow_up`.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::campaigns::{CampaignError, CampaignForm, CampaignProblem};
use acquis_core::campaign::CampaignType;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::i18n::{Lang, text};
use crate::orga::confirm::Confirm;
use crate::orga::guard::{Membership, campaign_of};
use crate::orga::{OrgNav, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// A target profile the form offers.
pub struct ProfileOption {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "orga/campaign_form.html")]
struct FormPage {
    chrome: Chrome,
    nav: OrgNav,
    errors: Vec<String>,
    profiles: Vec<ProfileOption>,
    kind: String,
    title: String,
    landing_text: String,
    result_text: String,
    result_button_text: String,
    result_button_url: String,
    external_id_label: String,
    external_id_kind: String,
    multiple_sendings: bool,
}

async fn render_form(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    membership: &Membership,
    form: &Fields,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let org = membership.id();
    let chosen = form.get("target_profile");
    let profiles = state
        .app
        .target_profiles(membership)
        .await?
        .into_iter()
        .map(|p| ProfileOption {
            selected: chosen == p.id.to_string(),
            id: p.id,
            name: p.name,
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = Chrome::of(lang, user, &format!("/orga/{org}/campagnes/nouvelle")).await?;
    let page = FormPage {
        chrome,
        nav: OrgNav::new(membership, "campagnes"),
        errors,
        profiles,
        kind: match form.get("kind") {
            "" => CampaignType::Assessment.as_str().into(),
            k => k.to_string(),
        },
        title: form.get("title").to_string(),
        landing_text: form.get("landing_text").to_string(),
        result_text: form.get("result_text").to_string(),
        result_button_text: form.get("result_button_text").to_string(),
        result_button_url: form.get("result_button_url").to_string(),
        external_id_label: form.get("external_id_label").to_string(),
        external_id_kind: match form.get("external_id_kind") {
            "" => "text".into(),
            k => k.to_string(),
        },
        multiple_sendings: form.checked("multiple_sendings"),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form of a new campaign.
pub async fn new(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    render_form(
        &state,
        lang,
        &user,
        &membership,
        &Fields::default(),
        Vec::new(),
    )
    .await
}

/// The Fluent key of a problem of the campaign form.
fn problem_key(problem: CampaignProblem) -> &'static str {
    match problem {
        CampaignProblem::Title => "orga-error-campaign-title",
        CampaignProblem::TargetProfile => "orga-error-campaign-profile",
        CampaignProblem::Kind => "orga-error-campaign-kind",
        CampaignProblem::ButtonUrl => "orga-error-campaign-url",
        CampaignProblem::Button => "orga-error-campaign-button",
        CampaignProblem::TitleTooLong => "orga-error-campaign-title-too-long",
        CampaignProblem::TextTooLong => "orga-error-campaign-text-too-long",
        CampaignProblem::ShortTextTooLong => "orga-error-campaign-short-text-too-long",
    }
}

/// The campaign the form describes, as the use case reads it.
fn form_of(fields: &Fields) -> CampaignForm<'_> {
    CampaignForm {
        kind: fields.get("kind").parse::<CampaignType>().ok(),
        target_profile: fields
            .get("target_profile")
            .parse::<i64>()
            .ok()
            .map(Into::into),
        title: fields.get("title"),
        landing_text: fields.get("landing_text"),
        result_text: fields.get("result_text"),
        result_button_text: fields.get("result_button_text"),
        result_button_url: fields.get("result_button_url"),
        external_id_label: fields.get("external_id_label"),
        external_id_is_email: fields.get("external_id_kind") == "email",
        multiple_sendings: fields.checked("multiple_sendings"),
    }
}

/// Creates a campaign with a fresh code, drawing again while the code is taken.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    match state
        .app
        .create_campaign(&membership, &form_of(&fields))
        .await
    {
        Ok(campaign) => {
            flash(&user.session, "success", lang.t("orga-campaign-created")).await?;
            let to = format!("/orga/{org}/campagnes/{}", campaign.id);
            Ok(crate::pages::redirect_to(&to).into_response())
        }
        Err(CampaignError::Invalid(problems)) => {
            let errors = problems
                .into_iter()
                .map(|p| lang.t(problem_key(p)))
                .collect();
            render_form(&state, lang, &user, &membership, &fields, errors).await
        }
        Err(CampaignError::Org(e)) => Err(e.into()),
    }
}

async fn set_archived(
    state: AppState,
    lang: Lang,
    user: CurrentUser,
    org: OrganizationId,
    id: i64,
    fields: Fields,
    archived: bool,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    state
        .app
        .set_campaign_archived(&membership, id, archived)
        .await?;
    let key = if archived {
        "orga-campaign-archived"
    } else {
        "orga-campaign-unarchived"
    };
    flash(&user.session, "success", lang.t(key)).await?;
    Ok(crate::pages::redirect_to(&format!("/orga/{org}/campagnes/{id}")).into_response())
}

/// Archives a campaign: it no longer accepts participants.
pub async fn archive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    set_archived(state, lang, user, org, id, fields, true).await
}

/// Unarchives a campaign.
pub async fn unarchive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    set_archived(state, lang, user, org, id, fields, false).await
}

/// Asks before archiving: what archiving does, and a button that does it.
pub async fn confirm_archive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(OrganizationId, i64)>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    Confirm {
        title: lang.t_args(
            "orga-archive-confirm-title",
            &[("campaign", text(campaign.title.clone()))],
        ),
        message: lang.t("orga-archive-confirm-help"),
        confirm: lang.t("orga-archive"),
        danger: false,
        back: format!("/orga/{org}/campagnes/{id}"),
    }
    .page(
        lang,
        &user,
        &membership,
        "campagnes",
        format!("/orga/{org}/campagnes/{id}/archiver"),
    )
    .await
}
