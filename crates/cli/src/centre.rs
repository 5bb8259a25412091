//! `acquis centre create`: the operator creates a certification centre and its first
//! administrator (the admin portal calls the same use case).

use std::process::ExitCode;

use acquis_core::account::Email;
use clap::Subcommand;

use crate::org::OrgKind;
use crate::settings::Settings;

/// Certification centre subcommands.
#[derive(Debug, Subcommand)]
pub enum CentreCommand {
    /// Create a centre; its administrator is added (existing account) or invited by mail.
    Create {
        /// The centre's name.
        #[arg(long)]
        name: String,
        /// SCO (school), SUP (higher education) or PRO (professional).
        #[arg(long, value_enum)]
        kind: OrgKind,
        /// Email of the first administrator.
        #[arg(long)]
        admin_email: String,
        /// An identifier from another system.
        #[arg(long)]
        external_id: Option<String>,
    },
}

/// Runs a centre subcommand.
pub async fn run(command: CentreCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let CentreCommand::Create {
        name,
        kind,
        admin_email,
        external_id,
    } = command;
    let name = name.trim();
    anyhow::ensure!(!name.is_empty(), "--name must not be empty");
    let email = Email::parse(&admin_email)
        .map_err(|e| anyhow::anyhow!("--admin-email {admin_email}: {e}"))?;
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let founded = app
        .found_centre(
            name,
            kind.into(),
            external_id.as_deref(),
            email.as_str(),
            "fr",
        )
        .await?;
    let centre = &founded.centre;
    match founded.invitation_link {
        None => println!(
            "centre {} \"{}\" created; {} is its administrator",
            centre.id, centre.name, email
        ),
        Some(link) => println!(
            "centre {} \"{}\" created; invitation sent to {email}\n{link}",
            centre.id, centre.name
        ),
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
