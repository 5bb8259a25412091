//! The `acquis` binary: wires `core`, `content`, `store` and `web` together.

mod content_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Acquis: assess, develop and certify digital competences.
#[derive(Debug, Parser)]
#[command(name = "acquis", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate and import content sets.
    Content {
        #[command(subcommand)]
        command: content_cmd::ContentCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Content { command } => content_cmd::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
