//! `acquis certif …`: the operator's certification actions from the command line — publish
//! one session or every publishable one, take a publication or a finalisation back, score a
//! session again, rotate the credential signing key. The admin portal calls the same use
//! cases.

use std::path::Path;
use std::process::ExitCode;

use acquis_app::certification::{CertifError, Operator, SessionId};
use clap::Subcommand;

use crate::settings::Settings;

/// Certification subcommands.
#[derive(Debug, Subcommand)]
pub enum CertifCommand {
    /// Publish a scored session's results (and mail them), or every publishable session.
    Publish {
        /// The session number.
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        session: Option<i64>,
        /// Every publishable session.
        #[arg(long)]
        all: bool,
    },
    /// Take a session's publication back (its certificates stop verifying).
    Unpublish {
        /// The session number.
        #[arg(long)]
        session: i64,
    },
    /// Take a finalisation back: the centre may report and finalise again.
    Unfinalise {
        /// The session number.
        #[arg(long)]
        session: i64,
    },
    /// Score a finalised, unpublished session again (same figures from the same facts).
    Score {
        /// The session number.
        #[arg(long)]
        session: i64,
    },
    /// Make a new credential signing key; earlier credentials keep verifying with the
    /// retired key (restart the servers afterwards: docs/credentials.md).
    RotateKey,
}

fn explain(e: CertifError) -> anyhow::Error {
    match e {
        CertifError::NotPublishable(blockers) => anyhow::anyhow!(
            "not publishable: {}",
            blockers
                .iter()
                .map(|b| b.code())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// Runs a certification subcommand.
pub async fn run(command: CertifCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    if let CertifCommand::RotateKey = command {
        let path = Path::new(&settings.issuer_key_file);
        let mut ring = acquis_credential::KeyRing::load_or_create(path)?;
        let before = ring.current_key_id().to_string();
        ring.rotate(path)?;
        println!(
            "new signing key {} (retired {before}) in {}; restart every server so it signs with it",
            ring.current_key_id(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let operator = Operator::command_line();
    let outcome = match command {
        CertifCommand::Publish { all: true, .. } => {
            let report = app.publish_all_results(&operator).await.map_err(explain)?;
            for id in &report.published {
                println!("session {id}: published");
            }
            for (id, blockers) in &report.skipped {
                let why: Vec<&str> = blockers.iter().map(|b| b.code()).collect();
                println!("session {id}: left ({})", why.join(", "));
            }
            println!(
                "{} published, {} left",
                report.published.len(),
                report.skipped.len()
            );
            Ok(())
        }
        CertifCommand::Publish { session, .. } => {
            let id = session.unwrap_or_default();
            app.publish_results(&operator, SessionId::from(id))
                .await
                .map(|()| println!("session {id}: published; results mails queued"))
        }
        CertifCommand::Unpublish { session } => app
            .unpublish_results(&operator, SessionId::from(session))
            .await
            .map(|()| println!("session {session}: unpublished")),
        CertifCommand::Unfinalise { session } => app
            .unfinalise_session(&operator, SessionId::from(session))
            .await
            .map(|()| println!("session {session}: finalisation taken back")),
        CertifCommand::Score { session } => app
            .score_session(session)
            .await
            .map(|()| println!("session {session}: scored")),
        CertifCommand::RotateKey => Ok(()),
    };
    // Mail goes out now when no server runs; a running server's worker would send it too.
    let delivered = app.run_due_jobs().await;
    store.close().await;
    outcome.map_err(explain)?;
    if let Err(e) = delivered {
        eprintln!("warning: queued jobs not run: {e}");
    }
    Ok(ExitCode::SUCCESS)
}
