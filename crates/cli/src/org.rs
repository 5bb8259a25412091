//! `acquis org create`: the operator creates an organisation and its first administrator.

use std::process::ExitCode;

use acquis_app::organizations::OrgError;
use acquis_app::organizations::members::FirstAdmin;
use acquis_core::account::Email;
use acquis_core::organization::OrganizationKind;
use anyhow::Context;
use clap::{Subcommand, ValueEnum};

use crate::settings::Settings;

/// Organisation subcommands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation; its administrator is added (existing account) or invited by mail.
    Create {
        /// The organisation's name.
        #[arg(long)]
        name: String,
        /// SCO (school), SUP (higher education) or PRO (employer).
        #[arg(long, value_enum)]
        kind: OrgKind,
        /// Email of the first administrator.
        #[arg(long)]
        admin_email: String,
        /// An identifier from another system (e.g. a school's UAI).
        #[arg(long)]
        external_id: Option<String>,
    },
}

/// The three kinds of organisation.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OrgKind {
    /// A school.
    #[value(name = "SCO", alias = "sco")]
    Sco,
    /// A university.
    #[value(name = "SUP", alias = "sup")]
    Sup,
    /// An employer or any other organisation.
    #[value(name = "PRO", alias = "pro")]
    Pro,
}

impl From<OrgKind> for OrganizationKind {
    fn from(kind: OrgKind) -> Self {
        match kind {
            OrgKind::Sco => OrganizationKind::Sco,
            OrgKind::Sup => OrganizationKind::Sup,
            OrgKind::Pro => OrganizationKind::Pro,
        }
    }
}

/// Runs an organisation subcommand.
pub async fn run(command: OrgCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let OrgCommand::Create {
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
        .found_organization(
            name,
            kind.into(),
            external_id.as_deref(),
            email.as_str(),
            "fr",
        )
        .await;
    let founded = match founded {
        Ok(founded) => founded,
        Err(OrgError::Mail(e)) => return Err(e).context("invitation not sent"),
        Err(e) => return Err(e.into()),
    };
    let org = &founded.org;
    match founded.admin {
        FirstAdmin::Added => println!(
            "organisation {} \"{}\" created; {} is its administrator",
            org.id, org.name, email
        ),
        FirstAdmin::Invited { link } => println!(
            "organisation {} \"{}\" created; invitation sent to {email}\n{link}",
            org.id, org.name
        ),
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
