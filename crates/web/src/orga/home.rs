//! `/orga`: the organisations of the signed-in user (straight to the only one), and
//! `/orga/{org}`: one organisation's campaigns, active then archived.

use acquis_app::organizations::OrganizationId;
use acquis_app::organizations::{CampaignRecord, Membership};
use acquis_core::campaign::{CampaignType, ParticipationStatus};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::orga::{OrgNav, date, require_member, role_label_key};
use crate::pages::Chrome;
use crate::{AppState, WebError};

/// An organisation in the list.
pub struct OrgItem {
    id: i64,
    name: String,
    role: String,
}

#[derive(Template)]
#[template(path = "orga/index.html")]
struct IndexPage {
    chrome: Chrome,
    orgs: Vec<OrgItem>,
}

/// A campaign in the list.
pub struct CampaignItem {
    id: i64,
    code: String,
    title: String,
    kind: String,
    created: String,
    participants: i64,
    shared: i64,
}

#[derive(Template)]
#[template(path = "orga/home.html")]
struct HomePage {
    chrome: Chrome,
    nav: OrgNav,
    sections: Vec<Section>,
}

/// Active or archived campaigns.
pub struct Section {
    caption: String,
    campaigns: Vec<CampaignItem>,
}

/// The signed-in user's organisations; straight to the only one.
pub async fn index(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let orgs = state.app.organizations_of(user.user.id).await?;
    if let [(org, _)] = orgs.as_slice() {
        return Ok(crate::pages::redirect_to(&format!("/orga/{}", org.id)).into_response());
    }
    let orgs = orgs
        .into_iter()
        .map(|(org, role)| OrgItem {
            id: org.id,
            name: org.name,
            role: lang.t(role_label_key(role)),
        })
        .collect();
    let chrome = Chrome::of(lang, &user, "/orga").await?;
    Ok(Html(IndexPage { chrome, orgs }.render()?).into_response())
}

/// One organisation's campaigns.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    user: CurrentUser,
    Path(org): Path<OrganizationId>,
) -> Result<Response, WebError> {
    let membership = require_member(&state, &user, org).await?;
    let mut active = Vec::new();
    let mut archived = Vec::new();
    for campaign in state.app.campaigns(&membership).await? {
        let item = campaign_item(&state, lang, &membership, &campaign).await?;
        if campaign.archived_at.is_some() {
            archived.push(item);
        } else {
            active.push(item);
        }
    }
    let chrome = Chrome::of(lang, &user, &format!("/orga/{org}")).await?;
    let page = HomePage {
        chrome,
        nav: OrgNav::new(&membership, "campagnes"),
        sections: vec![
            Section {
                caption: lang.t("orga-campaigns-active"),
                campaigns: active,
            },
            Section {
                caption: lang.t("orga-campaigns-archived"),
                campaigns: archived,
            },
        ],
    };
    Ok(Html(page.render()?).into_response())
}

async fn campaign_item(
    state: &AppState,
    lang: Lang,
    membership: &Membership,
    c: &CampaignRecord,
) -> Result<CampaignItem, WebError> {
    let counts = state.app.participation_counts(membership, c).await?;
    let shared = counts
        .iter()
        .find(|(s, _)| s == ParticipationStatus::Shared.as_str())
        .map_or(0, |(_, n)| *n);
    Ok(CampaignItem {
        id: c.id,
        code: c.code.clone(),
        title: c.title.clone(),
        kind: lang.t(kind_key(c.kind.as_str())),
        created: date(lang, c.created_at),
        participants: counts.iter().map(|(_, n)| n).sum(),
        shared,
    })
}

/// The Fluent key of a campaign type's label.
pub fn kind_key(kind: &str) -> &'static str {
    if kind == CampaignType::ProfilesCollection.as_str() {
        "orga-kind-profiles"
    } else {
        "orga-kind-assessment"
    }
}
