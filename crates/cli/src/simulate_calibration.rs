//! `acquis simulate calibration`: answers simulated from a known bank, calibrated by
//! `acquis_core::irt::calibrate`, and the recovery of the true parameters; optionally the
//! answers and the truth as CSV, so that an external tool (`tests/calibration/girth_compare.py`)
//! fits the same data.
//!
//! This module only reads options and writes files; the simulation is
//! `acquis_core::simulation::calibration`, the estimation `acquis_core::irt::calibration`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use acquis_core::irt::{
    CalibrationFit, CalibrationOptions, ItemEstimate, ItemParams, ItemStart, Responses, calibrate,
};
use acquis_core::simulation::calibration::{
    Design, Population, recovery, simulate_answers, true_bank,
};
use anyhow::{Context, bail};

/// Who answers what in `acquis simulate calibration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DesignArg {
    /// Every simulated person answers every item (persons = answers per item).
    Full,
    /// Every simulated person answers `--per-person` items drawn at random.
    Sparse,
}

/// `acquis simulate calibration`.
#[derive(Debug, clap::Args)]
pub struct CalibrationArgs {
    /// Items of the known bank (`ln a ~ N(0, 0.3²)`, `b ~ N(0, 1)`).
    #[arg(long, default_value_t = 40)]
    pub items: usize,
    /// Answers per item (exact in the full design, on average in the sparse one).
    #[arg(long, default_value_t = 500)]
    pub answers_per_item: usize,
    /// Who answers what.
    #[arg(long, value_enum, default_value_t = DesignArg::Full)]
    pub design: DesignArg,
    /// Items per person in the sparse design.
    #[arg(long, default_value_t = 20)]
    pub per_person: usize,
    /// Seed of the bank.
    #[arg(long, default_value_t = 1)]
    pub bank_seed: u64,
    /// Seed of the persons.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Quadrature nodes.
    #[arg(long, default_value_t = 41)]
    pub quadrature: usize,
    /// Convergence tolerance (largest parameter change in an iteration).
    #[arg(long, default_value_t = 1e-4)]
    pub tolerance: f64,
    /// Most EM iterations.
    #[arg(long, default_value_t = 500)]
    pub max_iterations: usize,
    /// Fits the same data this many times and reports the median time.
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Writes the answers: a header `person,<item ids>`, then one row per person, 1 right,
    /// 0 wrong, empty when not answered.
    #[arg(long, value_name = "FILE.csv")]
    pub export: Option<PathBuf>,
    /// Writes the true parameters: `id,a,b`.
    #[arg(long, value_name = "FILE.csv")]
    pub truth: Option<PathBuf>,
    /// Writes the estimates: `id,a,b,se_a,se_b,rmsd,answers`.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
}

/// Runs `acquis simulate calibration`.
pub fn run(args: &CalibrationArgs) -> anyhow::Result<()> {
    if args.items == 0 || args.answers_per_item == 0 {
        bail!("--items and --answers-per-item must be at least 1");
    }
    let design = match args.design {
        DesignArg::Full => Design::Full,
        DesignArg::Sparse if args.per_person == 0 => bail!("--per-person must be at least 1"),
        DesignArg::Sparse => Design::Sparse {
            per_person: args.per_person,
        },
    };
    let options = CalibrationOptions {
        quadrature_points: args.quadrature,
        tolerance: args.tolerance,
        max_iterations: args.max_iterations,
        ..CalibrationOptions::default()
    };
    options.validate()?;
    let bank = true_bank(args.items, args.bank_seed);
    let sim = simulate_answers(
        &bank,
        args.answers_per_item,
        design,
        Population::STANDARD,
        args.seed,
    );
    if let Some(path) = &args.export {
        write_answers(path, &sim.responses)?;
    }
    if let Some(path) = &args.truth {
        write_truth(path, &bank)?;
    }
    let starts = vec![ItemStart::Estimate; bank.len()];
    let mut times = Vec::with_capacity(args.repeat.max(1));
    let mut fit = None;
    for _ in 0..args.repeat.max(1) {
        let started = Instant::now();
        fit = Some(calibrate(&sim.responses, &starts, &options)?);
        times.push(started.elapsed());
    }
    let Some(fit) = fit else {
        bail!("no calibration ran");
    };
    if let Some(path) = &args.out {
        write_estimates(path, &fit)?;
    }
    print_summary(args, &sim.responses, &bank, &fit, median(&mut times));
    Ok(())
}

fn print_summary(
    args: &CalibrationArgs,
    responses: &Responses,
    bank: &[ItemParams],
    fit: &CalibrationFit,
    time: Duration,
) {
    let estimates: Vec<ItemParams> = fit.items.iter().map(ItemEstimate::params).collect();
    let r = recovery(bank, &estimates);
    let design = match args.design {
        DesignArg::Full => "full".to_string(),
        DesignArg::Sparse => format!("sparse ({} items per person)", args.per_person),
    };
    println!("items             {}", bank.len());
    println!("design            {design}");
    println!("persons           {}", responses.persons());
    println!("answers           {}", responses.len());
    println!("quadrature nodes  {}", args.quadrature);
    println!("iterations        {}", fit.iterations);
    println!(
        "converged         {}",
        if fit.converged { "yes" } else { "no" }
    );
    println!("log-likelihood    {:.2}", fit.log_likelihood);
    println!("corr(a)           {:.4}", r.correlation_a);
    println!("corr(b)           {:.4}", r.correlation_b);
    println!("rmse(a)           {:.4}", r.rmse_a);
    println!("rmse(b)           {:.4}", r.rmse_b);
    println!("fit seconds       {:.4}", time.as_secs_f64());
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn create(path: &Path) -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(std::io::BufWriter::new(file))
}

fn item_id(j: usize) -> String {
    format!("i{j}")
}

fn write_answers(path: &Path, responses: &Responses) -> anyhow::Result<()> {
    let mut out = create(path)?;
    let mut line = String::from("person");
    for j in 0..responses.items() {
        line.push(',');
        line.push_str(&item_id(j));
    }
    writeln!(out, "{line}")?;
    let mut row: Vec<Option<bool>> = vec![None; responses.items()];
    for p in 0..responses.persons() {
        row.fill(None);
        for (j, correct) in responses.person(p) {
            row[j] = Some(correct);
        }
        line.clear();
        line.push_str(&p.to_string());
        for cell in &row {
            line.push_str(match cell {
                Some(true) => ",1",
                Some(false) => ",0",
                None => ",",
            });
        }
        writeln!(out, "{line}")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

fn write_truth(path: &Path, bank: &[ItemParams]) -> anyhow::Result<()> {
    let mut out = create(path)?;
    writeln!(out, "id,a,b")?;
    for (j, p) in bank.iter().enumerate() {
        writeln!(out, "{},{},{}", item_id(j), p.a, p.b)?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

fn write_estimates(path: &Path, fit: &CalibrationFit) -> anyhow::Result<()> {
    let mut out = create(path)?;
    writeln!(out, "id,a,b,se_a,se_b,rmsd,answers")?;
    let se = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (j, e) in fit.items.iter().enumerate() {
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            item_id(j),
            e.a,
            e.b,
            se(e.se_a),
            se(e.se_b),
            e.rmsd,
            e.answers
        )?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &Path) -> CalibrationArgs {
        CalibrationArgs {
            items: 8,
            answers_per_item: 60,
            design: DesignArg::Sparse,
            per_person: 4,
            bank_seed: 1,
            seed: 2,
            quadrature: 21,
            tolerance: 1e-3,
            max_iterations: 200,
            repeat: 1,
            export: Some(dir.join("answers.csv")),
            truth: Some(dir.join("truth.csv")),
            out: Some(dir.join("estimates.csv")),
        }
    }

    #[test]
    fn a_simulated_calibration_writes_the_answers_the_truth_and_the_estimates() {
        let dir = tempfile::tempdir().unwrap();
        run(&args(dir.path())).unwrap();
        let answers = std::fs::read_to_string(dir.path().join("answers.csv")).unwrap();
        let mut lines = answers.lines();
        assert_eq!(lines.next(), Some("person,i0,i1,i2,i3,i4,i5,i6,i7"));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), 120);
        // Four answers per person, the other four cells empty.
        assert!(
            rows.iter()
                .all(|r| r.split(',').filter(|c| !c.is_empty()).count() == 5)
        );
        let truth = std::fs::read_to_string(dir.path().join("truth.csv")).unwrap();
        assert_eq!(truth.lines().count(), 9);
        let estimates = std::fs::read_to_string(dir.path().join("estimates.csv")).unwrap();
        assert_eq!(estimates.lines().count(), 9);
    }

    #[test]
    fn nonsense_options_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = args(dir.path());
        bad.per_person = 0;
        assert!(run(&bad).is_err());
        let mut bad = args(dir.path());
        bad.quadrature = 1;
        assert!(run(&bad).is_err());
    }
}
