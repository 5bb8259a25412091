//! `acquis items stats`: counts the answers of the tests not counted yet into the item
//! statistics, now, batch after batch (the job `/admin/epreuves` asks for, run here with a
//! progress spinner), then says what it counted.

use std::process::ExitCode;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::settings::Settings;

/// Item science subcommands.
#[derive(Debug, Subcommand)]
pub enum ItemsCommand {
    /// Count the new answers into the item statistics (each test once; run it again at any
    /// time, it only adds what is new).
    Stats,
}

/// Runs an item science subcommand.
pub async fn run(command: ItemsCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    match command {
        ItemsCommand::Stats => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos} answers counted ({per_sec}) {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            let counted = app
                .run_item_statistics(|batch| {
                    bar.inc(batch.answers);
                    bar.set_message(format!(
                        "last batch: {} tests, {} certifications",
                        batch.assessments, batch.courses
                    ));
                })
                .await?;
            bar.finish_and_clear();
            let totals = store.item_statistics_totals().await?;
            println!(
                "counted {} answers from {} tests and {} certification courses; in all {} answers, {} tests, {} courses",
                counted.answers,
                counted.assessments,
                counted.courses,
                totals.answers,
                totals.assessments,
                totals.courses
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
