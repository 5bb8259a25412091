//! The `acquis` binary, the last layer: core (rules) ← store (SQL) ← app (use cases) ← web
//! (HTTP/HTML) ← cli (wiring). It opens the store, builds the one `App` and the router, and runs
//! commands; it holds no rule and no query of its own (see `docs/architecture.md`).
//!
//! Every command reports failure as one `error: …` line and a non-zero exit code, never a
//! panic trace: configuration, database and content errors are all expected here.

mod admin;
mod bench;
mod bench_certif;
mod calibrate;
mod centre;
mod certif;
mod content_cmd;
mod db;
mod demo;
mod items;
mod org;
mod serve;
mod server;
mod settings;
mod simulate;
mod simulate_calibration;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use settings::{Overrides, Settings};

/// Acquis: assess, develop and certify digital competences.
#[derive(Debug, Parser)]
#[command(name = "acquis", version, about)]
struct Cli {
    /// A TOML configuration file (default: ./acquis.toml if it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://… (default: sqlite://acquis.db).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (migrates, and imports the bundled content on first start).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
    },
    /// Run the job worker alone (mail…), for a node that serves no pages; `acquis serve`
    /// already runs one in its process.
    Worker {
        /// Run the jobs due now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Check the database's links (participations, learners, tests, targets); fails if any
    /// is broken.
    Check,
    /// Copy the SQLite database, consistently, while it serves (PostgreSQL: use pg_dump).
    Backup {
        /// The copy to write (must not exist).
        file: PathBuf,
    },
    /// Replace the SQLite database, which no process may hold, with a backup.
    Restore {
        /// The backup to restore (checked first).
        file: PathBuf,
    },
    /// Validate and import content sets.
    Content {
        #[command(subcommand)]
        command: content_cmd::ContentCommand,
    },
    /// Demonstration data (an organisation, a campaign and synthetic participants).
    Demo {
        #[command(subcommand)]
        command: demo::DemoCommand,
    },
    /// Operator accounts: the first super-administrator, the list of operators.
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
    /// Item science: count the new answers into the item statistics.
    Items {
        #[command(subcommand)]
        command: items::ItemsCommand,
    },
    /// Manage certification centres.
    Centre {
        #[command(subcommand)]
        command: centre::CentreCommand,
    },
    /// Certification: publish results, take a publication or finalisation back, rotate the
    /// credential signing key.
    Certif {
        #[command(subcommand)]
        command: certif::CertifCommand,
    },
    /// Manage organisations.
    Org {
        #[command(subcommand)]
        command: org::OrgCommand,
    },
    /// Manage accounts (lift a sign-in lock).
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Simulate adaptive tests (IRT, replay of recorded answers, positioning, certification) and
    /// item calibration.
    Simulate {
        #[command(subcommand)]
        command: simulate::SimulateCommand,
    },
    /// Estimate the live release's item parameters (2PL) from the stored answers and write a
    /// new parameter set.
    Calibrate(calibrate::CalibrateArgs),
    /// Load benchmarks against a running server on this machine.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let overrides = |bind: Option<String>| Overrides {
        bind,
        database_url: cli.database_url.clone(),
    };
    let result = match cli.command {
        Command::Serve { bind } => Settings::load(cli.config.as_deref(), &overrides(bind))
            .and_then(|s| runtime()?.block_on(serve::run(s))),
        Command::Worker { once } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(serve::worker(s, once))),
        Command::Migrate => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(serve::migrate(&s))),
        Command::Check => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(db::check(&s))),
        Command::Backup { file } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(db::backup(&s, &file))),
        Command::Restore { file } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| db::restore(&s, &file)),
        Command::Content { command } => {
            let settings = || Settings::load(cli.config.as_deref(), &overrides(None));
            content_cmd::run(command, settings)
        }
        Command::Demo { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(demo::run(command, &s))),
        Command::Admin { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(admin::run(command, &s))),
        Command::Items { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(items::run(command, &s))),
        Command::Centre { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(centre::run(command, &s))),
        Command::Certif { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(certif::run(command, &s))),
        Command::Org { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(org::run(command, &s))),
        Command::User { command } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(user::run(command, &s))),
        Command::Calibrate(args) => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(calibrate::run(args, &s))),
        Command::Simulate { command } => simulate::run(command).map(|()| ExitCode::SUCCESS),
        Command::Bench {
            command: bench::BenchCommand::Certification(args),
        } => Settings::load(cli.config.as_deref(), &overrides(None))
            .and_then(|s| runtime()?.block_on(bench_certif::run(args, s)))
            .map(|()| ExitCode::SUCCESS),
        Command::Bench { command } => bench::run(command).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
