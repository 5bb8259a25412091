//! `acquis content check|import`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

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
}

/// Runs a content subcommand.
pub fn run(command: ContentCommand) -> anyhow::Result<ExitCode> {
    match command {
        ContentCommand::Check { dir, json } => check(&dir, json),
    }
}

fn check(dir: &std::path::Path, json: bool) -> anyhow::Result<ExitCode> {
    match acquis_content::load_dir(dir) {
        Ok(content) => {
            let summary = content.summary();
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                println!("{}: valid\n{summary}", dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}", prefixed(dir, e));
            }
            eprintln!("{} error(s); nothing imported", errors.0.len());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Shows an error with the folder in front, so the path can be opened as is.
fn prefixed(dir: &std::path::Path, e: &acquis_content::ContentError) -> String {
    let mut e = e.clone();
    e.file = dir.join(&e.file).display().to_string();
    e.to_string()
}
