//! `/orga/{org}/campagnes/nouvelle`: creating a campaign (assessment on a target profile, or
//! profiles collection) with a fresh unique code; `/orga/{org}/campagnes/{id}/archiver` and
//! `/desarchiver` (archiving is confirmed first: `GET …/archiver` asks). The campaign's own
//! page is `follow_up`.

use acquis_core::campaign::CampaignCode;
use acquis_store::{NewCampaign, StoreError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::CurrentUser;
use crate::i18n::{Lang, text};
use crate::orga::confirm::Confirm;
use crate::orga::guard::{Membership, campaign_of};
use crate::orga::{OrgNav, require_member};
use crate::pages::{Chrome, Fields, flash};
use crate::{AppState, WebError};

/// How many codes to draw before giving up (a clash is already rare: 17⁶·7³ codes).
const CODE_ATTEMPTS: usize = 10;

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
    let org = membership.org.id;
    let chosen = form.get("target_profile");
    let profiles = state
        .store
        .target_profiles(org)
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
            "" => "ASSESSMENT".into(),
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
    Path(org): Path<i64>,
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

/// The settings the form describes, checked.
struct Settings<'f> {
    kind: &'static str,
    target_profile_id: Option<i64>,
    title: &'f str,
    external_id_label: Option<&'f str>,
    external_id_kind: Option<&'static str>,
    button_url: &'f str,
}

async fn settings<'f>(
    state: &AppState,
    org: i64,
    form: &'f Fields,
    lang: Lang,
) -> Result<Result<Settings<'f>, Vec<String>>, WebError> {
    let mut errors = Vec::new();
    let title = form.get("title").trim();
    if title.is_empty() {
        errors.push(lang.t("orga-error-campaign-title"));
    }
    let (kind, target_profile_id) = match form.get("kind") {
        "PROFILES_COLLECTION" => ("PROFILES_COLLECTION", None),
        "ASSESSMENT" => {
            let id = form.get("target_profile").parse::<i64>().ok();
            let profile = match id {
                Some(id) => state.store.target_profile(id).await?,
                None => None,
            };
            match profile.filter(|p| p.organization_id == org) {
                Some(p) => ("ASSESSMENT", Some(p.id)),
                None => {
                    errors.push(lang.t("orga-error-campaign-profile"));
                    ("ASSESSMENT", None)
                }
            }
        }
        _ => {
            errors.push(lang.t("orga-error-campaign-kind"));
            ("ASSESSMENT", None)
        }
    };
    let label = form.get("external_id_label").trim();
    let (external_id_label, external_id_kind) = if label.is_empty() {
        (None, None)
    } else {
        let kind = if form.get("external_id_kind") == "email" {
            "email"
        } else {
            "text"
        };
        (Some(label), Some(kind))
    };
    let button_url = form.get("result_button_url").trim();
    let safe_url = button_url.starts_with("https://") || button_url.starts_with("http://");
    if !button_url.is_empty() && !safe_url {
        errors.push(lang.t("orga-error-campaign-url"));
    }
    if button_url.is_empty() != form.get("result_button_text").trim().is_empty() {
        errors.push(lang.t("orga-error-campaign-button"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(Settings {
        kind,
        target_profile_id,
        title,
        external_id_label,
        external_id_kind,
        button_url,
    }))
}

/// Creates a campaign with a fresh code, drawing again while the code is taken.
pub async fn create(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<i64>,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let s = match settings(&state, org, &fields, lang).await? {
        Ok(s) => s,
        Err(errors) => {
            return render_form(&state, lang, &user, &membership, &fields, errors).await;
        }
    };
    for _ in 0..CODE_ATTEMPTS {
        let code = CampaignCode::generate(&mut rand::rng());
        let created = state
            .store
            .create_campaign(NewCampaign {
                organization_id: org,
                code: code.as_str(),
                kind: s.kind,
                target_profile_id: s.target_profile_id,
                title: s.title,
                landing_text: fields.get("landing_text").trim(),
                result_text: fields.get("result_text").trim(),
                result_button_text: fields.get("result_button_text").trim(),
                result_button_url: s.button_url,
                external_id_label: s.external_id_label,
                external_id_kind: s.external_id_kind,
                multiple_sendings: fields.checked("multiple_sendings"),
                creator_id: user.user.id,
            })
            .await;
        match created {
            Ok(campaign) => {
                flash(&user.session, "success", lang.t("orga-campaign-created")).await?;
                let to = format!("/orga/{org}/campagnes/{}", campaign.id);
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(WebError::Internal("no free campaign code"))
}

async fn set_archived(
    state: AppState,
    lang: Lang,
    user: CurrentUser,
    org: i64,
    id: i64,
    fields: Fields,
    archived: bool,
) -> Result<Response, WebError> {
    fields.verify(&user.session).await?;
    let membership = require_member(&state, &user, org).await?;
    let campaign = campaign_of(&state, &membership, id).await?;
    state
        .store
        .set_campaign_archived(campaign.id, archived)
        .await?;
    let key = if archived {
        "orga-campaign-archived"
    } else {
        "orga-campaign-unarchived"
    };
    flash(&user.session, "success", lang.t(key)).await?;
    Ok(Redirect::to(&format!("/orga/{org}/campagnes/{id}")).into_response())
}

/// Archives a campaign: it no longer accepts participants.
pub async fn archive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    set_archived(state, lang, user, org, id, fields, true).await
}

/// Unarchives a campaign.
pub async fn unarchive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
    fields: Fields,
) -> Result<Response, WebError> {
    set_archived(state, lang, user, org, id, fields, false).await
}

/// Asks before archiving: what archiving does, and a button that does it.
pub async fn confirm_archive(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path((org, id)): Path<(i64, i64)>,
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
