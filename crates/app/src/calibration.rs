//! Item calibration in the product: 2PL parameters of the live release's challenges
//! estimated from every stored answer (positioning, campaign and certification tests) by
//! marginal maximum likelihood (`acquis_core::irt::calibrate`), written as a new, versioned
//! parameter set that a later certification settings version may adopt. It never changes the
//! content's parameters nor any published result.
//!
//! The rules: a respondent is an assessment or a certification course; only `ok` is right,
//! every other stored status counts as wrong (as the engines count them); answers to
//! challenges that are not in the live release are left out. A challenge with fewer than
//! `min_answers` answers, or listed as an anchor, is not estimated: it keeps its content
//! parameters and anchors the scale. With at least [`MIN_LINKING_ANCHORS`] anchors that have
//! answers, the latent distribution is estimated so the new parameters land on the anchors'
//! scale; with fewer, it is fixed at N(0, 1) and the outcome says so.
//!
//! The run reads answers page by page, estimates off the async runtime (`spawn_blocking`) and
//! writes the set in one transaction. [`enqueue_calibration`] puts it on the job queue for the
//! admin portal.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use acquis_core::irt::{
    CalibrationFit, CalibrationOptions, ItemRole, ItemStart, LatentDistribution, Responses,
};
use acquis_store::{
    ANSWER_PAGE, ItemParametersRecord, NewItemParameters, NewParameterSet, ParameterSetRecord,
    Respondent,
};
use serde::{Deserialize, Serialize};

use crate::jobs::Job;
use crate::{App, AppError};

/// Anchors (with answers) needed to link a calibration to the current scale; with fewer, the
/// latent distribution is N(0, 1).
pub const MIN_LINKING_ANCHORS: usize = 5;

/// The default of [`CalibrationRequest::min_answers`].
pub const DEFAULT_MIN_ANSWERS: u64 = 200;

/// A parameter set's version label: 1 to 64 ASCII letters, digits, `.`, `-` or `_`. Built only
/// by [`ParameterSetVersion::parse`], so a label that reaches a use case is valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ParameterSetVersion(String);

/// A version label that is empty, too long or has other characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a parameter set version is 1 to 64 letters, digits, '.', '-' or '_'")]
pub struct InvalidVersion;

impl ParameterSetVersion {
    /// Checks a label.
    pub fn parse(label: &str) -> Result<Self, InvalidVersion> {
        let ok = (1..=64).contains(&label.len())
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if ok {
            Ok(ParameterSetVersion(label.to_owned()))
        } else {
            Err(InvalidVersion)
        }
    }

    /// The label.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ParameterSetVersion {
    type Error = InvalidVersion;

    fn try_from(label: String) -> Result<Self, InvalidVersion> {
        ParameterSetVersion::parse(&label)
    }
}

impl From<ParameterSetVersion> for String {
    fn from(v: ParameterSetVersion) -> String {
        v.0
    }
}

/// What to calibrate and how (the admin form, the CLI flags, a job's payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalibrationRequest {
    /// Challenges with fewer answers are not estimated (they anchor the scale).
    pub min_answers: u64,
    /// Challenges to keep fixed whatever their answers (ids; unknown ones are reported).
    pub anchors: Vec<String>,
    /// The new set's label (default `cal-YYYYMMDD-HHMMSS` from the clock).
    pub version: Option<ParameterSetVersion>,
}

impl Default for CalibrationRequest {
    fn default() -> Self {
        CalibrationRequest {
            min_answers: DEFAULT_MIN_ANSWERS,
            anchors: Vec::new(),
            version: None,
        }
    }
}

/// What a calibration did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationOutcome {
    /// The new set's label.
    pub version: String,
    /// Its id.
    pub set_id: i64,
    /// The release it covers.
    pub release_id: i64,
    /// Challenges estimated.
    pub estimated: usize,
    /// Challenges kept at their content parameters.
    pub fixed: usize,
    /// Fixed challenges with answers, which link the scale.
    pub linking_anchors: usize,
    /// Listed anchors that are not challenges of the live release.
    pub unknown_anchors: Vec<String>,
    /// Linked to the anchors, or N(0, 1) (too few anchors).
    pub latent: LatentDistribution,
    /// Latent mean.
    pub latent_mean: f64,
    /// Latent standard deviation.
    pub latent_sd: f64,
    /// Respondents with answers.
    pub persons: usize,
    /// Answers used.
    pub answers: usize,
    /// EM iterations.
    pub iterations: usize,
    /// Whether EM converged.
    pub converged: bool,
    /// Seconds reading answers.
    pub reading_seconds: f64,
    /// Seconds estimating.
    pub fitting_seconds: f64,
}

/// A stored parameter set with its items.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSet {
    /// The set.
    pub summary: ParameterSetRecord,
    /// Its items, by challenge id.
    pub items: Vec<ItemParametersRecord>,
}

/// The answers of the live release's challenges, person by person.
struct Gathered {
    responses: Responses,
    answers: usize,
}

/// Runs a calibration now (see the module documentation); `progress` is told the number of
/// answers read so far, every page.
pub async fn calibrate_with_progress(
    app: &App,
    request: &CalibrationRequest,
    mut progress: impl FnMut(u64),
) -> Result<CalibrationOutcome, AppError> {
    let live = app.live();
    let challenges: Vec<(&str, f64, f64)> = live
        .framework
        .challenges()
        .iter()
        .map(|c| (c.id.as_str(), c.irt.a, c.irt.b))
        .collect();
    if challenges.is_empty() {
        return Err(AppError::NotFound("live release"));
    }
    let version = match &request.version {
        Some(v) => v.as_str().to_owned(),
        None => default_version(app)?.as_str().to_owned(),
    };
    if app.store.parameter_set(&version).await?.is_some() {
        return Err(AppError::Conflict("parameter set version"));
    }
    let index: HashMap<&str, usize> = challenges
        .iter()
        .enumerate()
        .map(|(j, c)| (c.0, j))
        .collect();
    let reading = Instant::now();
    let gathered = gather(app, &index, &mut progress).await?;
    let reading_seconds = reading.elapsed().as_secs_f64();
    let counts = gathered.responses.counts();
    let listed: HashSet<&str> = request.anchors.iter().map(String::as_str).collect();
    let unknown_anchors: Vec<String> = request
        .anchors
        .iter()
        .filter(|id| !index.contains_key(id.as_str()))
        .cloned()
        .collect();
    let starts: Vec<ItemStart> = challenges
        .iter()
        .zip(&counts)
        .map(|(&(id, a, b), &(n, _))| {
            if n < request.min_answers || listed.contains(id) {
                ItemStart::Anchor { a, b }
            } else {
                ItemStart::Estimate
            }
        })
        .collect();
    let linking_anchors = starts
        .iter()
        .zip(&counts)
        .filter(|(s, c)| matches!(s, ItemStart::Anchor { .. }) && c.0 > 0)
        .count();
    let options = CalibrationOptions {
        latent: if linking_anchors >= MIN_LINKING_ANCHORS {
            LatentDistribution::Linked
        } else {
            LatentDistribution::Standard
        },
        ..CalibrationOptions::default()
    };
    let persons = gathered.responses.persons();
    let fitting = Instant::now();
    let fit = fit_off_runtime(gathered.responses, starts, options).await?;
    let fitting_seconds = fitting.elapsed().as_secs_f64();
    let items: Vec<NewItemParameters> = challenges
        .iter()
        .zip(&fit.items)
        .map(|(&(id, _, _), e)| NewItemParameters {
            challenge_id: id,
            a: e.a,
            b: e.b,
            se_a: e.se_a,
            se_b: e.se_b,
            fit: e.rmsd,
            answers: i64::try_from(e.answers).unwrap_or(i64::MAX),
            fixed: e.role == ItemRole::Anchor,
        })
        .collect();
    let fixed = items.iter().filter(|i| i.fixed).count();
    let recorded_options = serde_json::json!({
        "min_answers": request.min_answers,
        "listed_anchors": request.anchors.len(),
        "engine": options,
    })
    .to_string();
    let set = NewParameterSet {
        version: &version,
        release_id: live.release_id,
        options: &recorded_options,
        anchors: fixed as i64,
        latent: options.latent,
        latent_mean: fit.latent_mean,
        latent_sd: fit.latent_sd,
        persons: persons as i64,
        answers: gathered.answers as i64,
        iterations: fit.iterations as i64,
        converged: fit.converged,
        log_likelihood: fit.log_likelihood,
        items: &items,
    };
    let set_id = app.store.save_parameter_set(&set, app.now()).await?;
    tracing::info!(%version, estimated = items.len() - fixed, fixed, iterations = fit.iterations, converged = fit.converged, "calibration written");
    Ok(CalibrationOutcome {
        version,
        set_id,
        release_id: live.release_id,
        estimated: items.len() - fixed,
        fixed,
        linking_anchors,
        unknown_anchors,
        latent: options.latent,
        latent_mean: fit.latent_mean,
        latent_sd: fit.latent_sd,
        persons,
        answers: gathered.answers,
        iterations: fit.iterations,
        converged: fit.converged,
        reading_seconds,
        fitting_seconds,
    })
}

/// Runs a calibration now (see the module documentation).
pub async fn calibrate(
    app: &App,
    request: &CalibrationRequest,
) -> Result<CalibrationOutcome, AppError> {
    calibrate_with_progress(app, request, |_| {}).await
}

/// Reads every stored answer to a challenge of `index`, grouping each respondent's answers.
async fn gather(
    app: &App,
    index: &HashMap<&str, usize>,
    progress: &mut impl FnMut(u64),
) -> Result<Gathered, AppError> {
    let mut responses = Responses::new(index.len());
    let mut current: Option<Respondent> = None;
    let mut person: Vec<(usize, bool)> = Vec::new();
    let mut answers = 0usize;
    let mut read = 0u64;
    let flush = |person: &mut Vec<(usize, bool)>, responses: &mut Responses| {
        // Item numbers come from `index`, the same bank: they are always inside it.
        let pushed = responses.push_person(person.drain(..));
        debug_assert!(pushed.is_ok());
    };
    app.store
        .visit_calibration_answers(ANSWER_PAGE, |a| {
            read += 1;
            if read.is_multiple_of(ANSWER_PAGE as u64) {
                progress(read);
            }
            if current != Some(a.respondent) {
                flush(&mut person, &mut responses);
                current = Some(a.respondent);
            }
            if let Some(&j) = index.get(a.challenge_id.as_str()) {
                person.push((j, a.status == "ok"));
                answers += 1;
            }
        })
        .await?;
    flush(&mut person, &mut responses);
    progress(read);
    Ok(Gathered { responses, answers })
}

/// The estimation, on a blocking thread: it is CPU work of seconds to minutes.
async fn fit_off_runtime(
    responses: Responses,
    starts: Vec<ItemStart>,
    options: CalibrationOptions,
) -> Result<CalibrationFit, AppError> {
    let joined = tokio::task::spawn_blocking(move || {
        acquis_core::irt::calibrate(&responses, &starts, &options)
    })
    .await
    .map_err(|_| AppError::Internal("the calibration thread stopped"))?;
    joined.map_err(|e| {
        tracing::error!(error = %e, "calibration refused its input");
        AppError::Internal("the calibration refused its input")
    })
}

/// Puts a calibration on the job queue (the admin portal's action); the worker runs
/// [`calibrate`]. The label is fixed now (the default one from the clock), so a job that runs
/// twice (a worker whose lease ran out while it was still fitting) writes one set: the second
/// run finds the label taken and stops. `Conflict` if the label is already taken; the label.
pub async fn enqueue_calibration(
    app: &App,
    request: CalibrationRequest,
) -> Result<ParameterSetVersion, AppError> {
    enqueue_audited(app, request, None).await
}

/// [`enqueue_calibration`] on an operator's behalf: the job and the audit entry of the
/// request (`items.calibration_requested`, the label as its detail) commit together.
pub async fn enqueue_calibration_as(
    app: &App,
    op: &crate::admin::Operator,
    request: CalibrationRequest,
) -> Result<ParameterSetVersion, crate::admin::AdminError> {
    op.require(acquis_core::operator::Permission::ItemScience)?;
    Ok(enqueue_audited(app, request, Some(op)).await?)
}

async fn enqueue_audited(
    app: &App,
    mut request: CalibrationRequest,
    op: Option<&crate::admin::Operator>,
) -> Result<ParameterSetVersion, AppError> {
    let version = match request.version.take() {
        Some(v) => v,
        None => default_version(app)?,
    };
    if app.store.parameter_set(version.as_str()).await?.is_some() {
        return Err(AppError::Conflict("parameter set version"));
    }
    request.version = Some(version.clone());
    let now = app.now();
    let job = Job::Calibrate { request }.to_new(now)?;
    match op {
        None => app.enqueue(&[job]).await?,
        Some(op) => {
            let audit = op.audit(
                acquis_core::operator::AuditAction::CalibrationRequested,
                acquis_core::operator::AuditTarget::Platform,
                version.as_str(),
                now,
            );
            app.store.enqueue_jobs_audited(&[job], now, audit).await?;
            app.wake_worker();
        }
    }
    Ok(version)
}

/// `cal-YYYYMMDD-HHMMSS` from the clock.
fn default_version(app: &App) -> Result<ParameterSetVersion, AppError> {
    ParameterSetVersion::parse(&format!("cal-{}", app.now().format("%Y%m%d-%H%M%S")))
        .map_err(|_| AppError::Internal("the default parameter set label is invalid"))
}

/// The job: [`calibrate`], where a label already taken means that an earlier run of the same
/// job wrote the set (see [`enqueue_calibration`]), so there is nothing left to do.
pub(crate) async fn run_job(app: &App, request: &CalibrationRequest) -> Result<(), AppError> {
    match calibrate(app, request).await {
        Ok(_) | Err(AppError::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Every parameter set, newest first (without their items).
pub async fn parameter_sets(app: &App) -> Result<Vec<ParameterSetRecord>, AppError> {
    Ok(app.store.parameter_sets().await?)
}

/// A parameter set with its items, by version label; `None` if there is none.
pub async fn parameter_set(app: &App, version: &str) -> Result<Option<ParameterSet>, AppError> {
    let Some(summary) = app.store.parameter_set(version).await? else {
        return Ok(None);
    };
    let items = app.store.item_parameters(summary.id).await?;
    Ok(Some(ParameterSet { summary, items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_label_is_short_and_plain() {
        assert!(ParameterSetVersion::parse("cal-2026.12_a").is_ok());
        for bad in ["", "a b", "é", &"x".repeat(65), "a/b"] {
            assert_eq!(
                ParameterSetVersion::parse(bad),
                Err(InvalidVersion),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_calibration_job_reads_back_from_its_payload_and_refuses_a_bad_label() {
        let job = Job::Calibrate {
            request: CalibrationRequest {
                anchors: vec!["rmc-1a".into()],
                version: ParameterSetVersion::parse("cal-1").ok(),
                ..CalibrationRequest::default()
            },
        };
        let new = job.to_new(chrono::Utc::now()).unwrap();
        assert_eq!(new.kind, "calibrate");
        assert_eq!(serde_json::from_str::<Job>(&new.payload).unwrap(), job);
        let tampered = new.payload.replace("cal-1", "cal 1");
        assert!(serde_json::from_str::<Job>(&tampered).is_err());
    }
}
