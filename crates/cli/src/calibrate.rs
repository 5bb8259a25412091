//! `acquis calibrate`: the item calibration use case from the command line (the admin portal
//! enqueues the same one as a job). Reads the flags and the anchors file, shows a spinner while
//! the answers are read, prints a summary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use acquis_app::calibration::{
    CalibrationOutcome, CalibrationRequest, DEFAULT_MIN_ANSWERS, ParameterSetVersion,
    calibrate_with_progress,
};
use acquis_core::irt::LatentDistribution;
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::settings::Settings;

/// `acquis calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Challenges with fewer answers are not estimated: they keep their content parameters and
    /// anchor the scale.
    #[arg(long, default_value_t = DEFAULT_MIN_ANSWERS)]
    pub min_answers: u64,
    /// A file of challenge ids to keep fixed (anchors), one per line; `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub anchors: Option<PathBuf>,
    /// The new parameter set's label (default `cal-YYYYMMDD-HHMMSS`).
    #[arg(long, value_name = "LABEL", value_parser = parse_version)]
    pub version: Option<ParameterSetVersion>,
}

fn parse_version(label: &str) -> Result<ParameterSetVersion, String> {
    ParameterSetVersion::parse(label).map_err(|e| e.to_string())
}

/// The challenge ids of an anchors file: one per line, blank lines and `#` comments skipped.
fn read_anchors(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut ids = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let id = line.split('#').next().unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        if id.contains(char::is_whitespace) || id.len() > 200 {
            bail!("{}:{}: not a challenge id: {id:?}", path.display(), n + 1);
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}

/// Runs `acquis calibrate`.
pub async fn run(args: CalibrateArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let anchors = match &args.anchors {
        Some(path) => read_anchors(path)?,
        None => Vec::new(),
    };
    let request = CalibrationRequest {
        min_answers: args.min_answers,
        anchors,
        version: args.version,
    };
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let spinner = spinner();
    let shown = spinner.clone();
    let outcome = calibrate_with_progress(&app, &request, move |read| {
        shown.set_message(format!("{read} answers read"));
    })
    .await;
    spinner.finish_and_clear();
    store.close().await;
    let outcome = outcome.context("calibration failed")?;
    print_outcome(&outcome);
    Ok(ExitCode::SUCCESS)
}

fn spinner() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} reading answers: {msg}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn print_outcome(o: &CalibrationOutcome) {
    println!("parameter set    {} (release {})", o.version, o.release_id);
    println!("respondents      {}", o.persons);
    println!("answers          {}", o.answers);
    println!("estimated        {}", o.estimated);
    println!("fixed            {}", o.fixed);
    match o.latent {
        LatentDistribution::Linked => println!(
            "scale            linked through {} anchors (latent mean {:.3}, sd {:.3})",
            o.linking_anchors, o.latent_mean, o.latent_sd
        ),
        LatentDistribution::Standard => println!(
            "scale            N(0, 1): only {} anchors with answers (linking needs {}), not linked to the current scale",
            o.linking_anchors,
            acquis_app::calibration::MIN_LINKING_ANCHORS
        ),
    }
    println!("iterations       {}", o.iterations);
    println!(
        "converged        {}",
        if o.converged { "yes" } else { "no" }
    );
    println!(
        "time             {:.2} s reading, {:.2} s fitting",
        o.reading_seconds, o.fitting_seconds
    );
    if !o.unknown_anchors.is_empty() {
        println!(
            "warning: {} listed anchors are not challenges of the live release: {}",
            o.unknown_anchors.len(),
            o.unknown_anchors.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchors_file_skips_blanks_and_comments_and_names_a_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("anchors.txt");
        std::fs::write(&path, "# anchors\nrmc-1a\n\n  rmc-2a  # kept\n").unwrap();
        assert_eq!(read_anchors(&path).unwrap(), ["rmc-1a", "rmc-2a"]);
        std::fs::write(&path, "rmc-1a\nnot an id\n").unwrap();
        let e = read_anchors(&path).unwrap_err().to_string();
        assert!(e.ends_with(":2: not a challenge id: \"not an id\""), "{e}");
    }
}
