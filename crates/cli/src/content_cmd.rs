//! `acquis content check|import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::settings::Settings;

/// Content subcommands.
#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate a content folder and print what it holds.
    Check {
        /// The content folder (holding framework.yaml).
        dir: PathBuf,
        /// Print the counts as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Validate a content folder and store it as a new release.
    Import {
        /// The content folder (holding framework.yaml).
        dir: PathBuf,
        /// Make the new release live.
        #[arg(long)]
        publish: bool,
    },
}

/// Runs a content subcommand; `settings` is only read when a database is needed.
pub fn run(
    command: ContentCommand,
    settings: impl FnOnce() -> anyhow::Result<Settings>,
) -> anyhow::Result<ExitCode> {
    match command {
        ContentCommand::Check { dir, json } => check(&dir, json),
        ContentCommand::Import { dir, publish } => {
            let Some(content) = validated(&dir) else {
                return Ok(ExitCode::FAILURE);
            };
            let settings = settings()?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let store = crate::serve::open_store(&settings).await?;
                let id = crate::serve::import(&store, &content, publish).await?;
                store.close().await;
                let s = content.summary();
                println!(
                    "release {id} imported: {} competences, {} challenges, version {} (sha256 {}){}",
                    s.competences,
                    s.challenges,
                    content.framework.data().version,
                    &content.checksum[..12],
                    if publish { ", published" } else { " (not published: add --publish)" }
                );
                Ok(ExitCode::SUCCESS)
            })
        }
    }
}

/// Loads and validates `dir`, printing every error; `None` if it has any.
fn validated(dir: &Path) -> Option<acquis_content::LoadedContent> {
    match acquis_content::load_dir(dir) {
        Ok(content) => Some(content),
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}", prefixed(dir, e));
            }
            eprintln!("{} error(s); nothing imported", errors.0.len());
            None
        }
    }
}

fn check(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let Some(content) = validated(dir) else {
        return Ok(ExitCode::FAILURE);
    };
    let summary = content.summary();
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("{}: valid\n{summary}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows an error with the folder in front, so the path can be opened as is.
fn prefixed(dir: &Path, e: &acquis_content::ContentError) -> String {
    let mut e = e.clone();
    e.file = dir.join(&e.file).display().to_string();
    e.to_string()
}
