//! `/admin/calibrage`: the item parameter sets estimated from the stored answers (2PL,
//! marginal maximum likelihood), newest first, a form that runs a calibration as a job, and
//! one set's items with their standard errors and fit.

use acquis_app::admin::{AdminError, Permission};
use acquis_app::calibration::{self, CalibrationRequest, ParameterSetVersion};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::admin::{AdminNav, OperatorCaller};
use crate::i18n::{Lang, text};
use crate::pages::{Chrome, Fields, flash, redirect_to};
use crate::routes::{Access, Routes};
use crate::{AppState, WebError};

/// The routes.
pub fn routes() -> Routes {
    use Access::Operator as Op;
    use Permission::{ItemScience, Read};
    Routes::new()
        .get("/admin/calibrage", Op(Read), list)
        .post("/admin/calibrage", Op(ItemScience), request)
        .get("/admin/calibrage/{version}", Op(Read), show)
}

/// A set in the list.
pub struct SetItem {
    version: String,
    created: String,
    release: i64,
    items: i64,
    anchors: i64,
    answers: i64,
    latent: String,
    converged: String,
}

#[derive(Template)]
#[template(path = "admin/calibration.html")]
struct ListPage {
    chrome: Chrome,
    nav: AdminNav,
    sets: Vec<SetItem>,
    may_run: bool,
    default_min: u64,
}

/// The list and the form.
pub async fn list(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
) -> Result<Response, WebError> {
    caller.require(Permission::Read)?;
    let sets = calibration::parameter_sets(&state.app)
        .await?
        .into_iter()
        .map(|s| SetItem {
            created: s.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            release: s.release_id,
            items: s.items,
            anchors: s.anchors,
            answers: s.answers,
            latent: format!("N({:.2}, {:.2}²)", s.latent_mean, s.latent_sd),
            converged: lang.t(if s.converged { "admin-yes" } else { "admin-no" }),
            version: s.version,
        })
        .collect();
    let chrome = Chrome::of(lang, &caller.user, "/admin/calibrage").await?;
    let page = ListPage {
        chrome,
        nav: caller.nav("calibrage"),
        sets,
        may_run: caller.op.may(Permission::ItemScience),
        default_min: CalibrationRequest::default().min_answers,
    };
    Ok(Html(page.render()?).into_response())
}

/// Runs a calibration as a job.
pub async fn request(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    fields: Fields,
) -> Result<Response, WebError> {
    fields.verify(&caller.user.session).await?;
    caller.require(Permission::ItemScience)?;
    let back = redirect_to("/admin/calibrage").into_response();
    let min_answers = match fields.get("min_answers").trim() {
        "" => CalibrationRequest::default().min_answers,
        raw => match raw.parse::<u64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => {
                flash(
                    &caller.user.session,
                    "error",
                    lang.t("admin-calibration-bad-min"),
                )
                .await?;
                return Ok(back);
            }
        },
    };
    let version = match fields.get("version").trim() {
        "" => None,
        raw => match ParameterSetVersion::parse(raw) {
            Ok(v) => Some(v),
            Err(_) => {
                flash(
                    &caller.user.session,
                    "error",
                    lang.t("admin-calibration-bad-version"),
                )
                .await?;
                return Ok(back);
            }
        },
    };
    let request = CalibrationRequest {
        min_answers,
        version,
        ..CalibrationRequest::default()
    };
    match calibration::enqueue_calibration_as(&state.app, &caller.op, request).await {
        Ok(version) => {
            let done = lang.t_args(
                "admin-calibration-requested",
                &[("version", text(version.as_str().to_owned()))],
            );
            flash(&caller.user.session, "success", done).await?;
        }
        Err(AdminError::App(acquis_app::AppError::Conflict(_))) => {
            flash(
                &caller.user.session,
                "error",
                lang.t("admin-calibration-taken"),
            )
            .await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(back)
}

/// An item of a set.
pub struct ItemRow {
    challenge: String,
    a: String,
    b: String,
    se_a: String,
    se_b: String,
    fit: String,
    answers: i64,
    fixed: String,
}

#[derive(Template)]
#[template(path = "admin/calibration_set.html")]
struct SetPage {
    chrome: Chrome,
    nav: AdminNav,
    version: String,
    facts: Vec<(String, String)>,
    items: Vec<ItemRow>,
}

/// One set's items.
pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    caller: OperatorCaller,
    Path(version): Path<String>,
) -> Result<Response, WebError> {
    caller.require(Permission::Read)?;
    let set = calibration::parameter_set(&state.app, &version)
        .await?
        .ok_or(WebError::NotFound)?;
    let s = &set.summary;
    let facts = vec![
        (
            lang.t("admin-calibration-created"),
            s.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
        (
            lang.t("admin-calibration-release"),
            s.release_id.to_string(),
        ),
        (lang.t("admin-calibration-persons"), s.persons.to_string()),
        (lang.t("admin-calibration-answers"), s.answers.to_string()),
        (lang.t("admin-calibration-anchors"), s.anchors.to_string()),
        (
            lang.t("admin-calibration-latent"),
            format!("N({:.2}, {:.2}²)", s.latent_mean, s.latent_sd),
        ),
        (
            lang.t("admin-calibration-iterations"),
            s.iterations.to_string(),
        ),
        (
            lang.t("admin-calibration-converged"),
            lang.t(if s.converged { "admin-yes" } else { "admin-no" }),
        ),
        (
            lang.t("admin-calibration-loglik"),
            format!("{:.1}", s.log_likelihood),
        ),
    ];
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_else(|| "–".into());
    let items = set
        .items
        .iter()
        .map(|i| ItemRow {
            challenge: i.challenge_id.clone(),
            a: format!("{:.3}", i.a),
            b: format!("{:.3}", i.b),
            se_a: opt(i.se_a),
            se_b: opt(i.se_b),
            fit: format!("{:.3}", i.fit),
            answers: i.answers,
            fixed: lang.t(if i.fixed { "admin-yes" } else { "admin-no" }),
        })
        .collect();
    let path = format!("/admin/calibrage/{}", s.version);
    let chrome = Chrome::of(lang, &caller.user, &path).await?;
    let page = SetPage {
        chrome,
        nav: caller.nav("calibrage"),
        version: s.version.clone(),
        facts,
        items,
    };
    Ok(Html(page.render()?).into_response())
}
