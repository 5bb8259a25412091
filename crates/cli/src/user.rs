//! `acquis user unlock`: the operator lifts a person's sign-in lock (the operator's portal
//! calls the same use case).

use std::process::ExitCode;

use acquis_app::admin::AdminError;
use acquis_core::account::Email;
use clap::Subcommand;

use crate::settings::Settings;

/// Account subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Lift every sign-in lock of an account (temporary or permanent) and clear its failures.
    Unlock {
        /// The account's email.
        email: String,
    },
}

/// Runs an account subcommand.
pub async fn run(command: UserCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let UserCommand::Unlock { email: raw } = command;
    let email = Email::parse(&raw).map_err(|e| anyhow::anyhow!("EMAIL {raw}: {e}"))?;
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let unlocked = acquis_app::accounts::unlock(
        &app,
        &acquis_app::admin::Operator::command_line(),
        email.as_str(),
        "acquis user unlock",
    )
    .await;
    store.close().await;
    match unlocked {
        Ok(true) => println!("{email}: unlocked, failures cleared (audit log written)"),
        Ok(false) => println!("{email}: was not locked; nothing to lift (audit log written)"),
        Err(AdminError::NotFound(_)) => anyhow::bail!("no active account has the email {email}"),
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}
