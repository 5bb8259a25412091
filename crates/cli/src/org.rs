//! `acquis org create`: the operator creates an organisation and its first administrator.

use std::process::ExitCode;

use acquis_core::account::Email;
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

impl OrgKind {
    fn as_str(self) -> &'static str {
        match self {
            OrgKind::Sco => "SCO",
            OrgKind::Sup => "SUP",
            OrgKind::Pro => "PRO",
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
    let org = store
        .create_organization(name, kind.as_str(), external_id.as_deref())
        .await?;
    match store
        .user_by_email(email.as_str())
        .await?
        .filter(|u| u.anonymised_at.is_none())
    {
        Some(user) => {
            store.add_member(org.id, user.id, "ADMIN").await?;
            println!(
                "organisation {} \"{}\" created; {} is its administrator",
                org.id, org.name, email
            );
        }
        None => {
            let (secret, hash) = acquis_app::accounts::token::new_token();
            store
                .create_invitation(org.id, email.as_str(), "ADMIN", &hash)
                .await?;
            let link = format!(
                "{}/orga/rejoindre?invitation={secret}",
                settings.link_base(None)
            );
            let mailer = crate::serve::mailer(settings)?;
            let body = format!(
                "Bonjour,\n\nVous êtes invité·e à administrer l'organisation « {} » sur Acquis. Créez votre compte ou connectez-vous, puis ouvrez ce lien :\n\n{link}\n\nL'équipe Acquis\n",
                org.name
            );
            mailer
                .send(
                    email.as_str(),
                    &format!("Invitation à administrer {} sur Acquis", org.name),
                    &body,
                )
                .await
                .context("invitation not sent")?;
            println!(
                "organisation {} \"{}\" created; invitation sent to {email}\n{link}",
                org.id, org.name
            );
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
