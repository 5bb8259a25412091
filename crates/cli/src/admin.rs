//! `acquis admin`: operator accounts from the server's command line. The first
//! super-administrator is created here, on an existing learner account (the person signs in
//! with it and finds `/admin`); afterwards a super-administrator manages the others in the
//! portal, with the same use cases.

use std::process::ExitCode;

use acquis_app::admin::{self, AdminError, Operator, OperatorRole};
use clap::{Subcommand, ValueEnum};

use crate::settings::Settings;

/// An operator role, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleArg {
    /// Everything, other operators and content releases included.
    SuperAdmin,
    /// People: unblock, edit, anonymise.
    Support,
    /// Organisations, target profiles, trainings, item science.
    Metier,
    /// Centres, session review, publication.
    Certif,
}

impl From<RoleArg> for OperatorRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::SuperAdmin => OperatorRole::SuperAdmin,
            RoleArg::Support => OperatorRole::Support,
            RoleArg::Metier => OperatorRole::Metier,
            RoleArg::Certif => OperatorRole::Certif,
        }
    }
}

/// Operator subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make an existing account an operator (a super-administrator unless --role says
    /// otherwise); audited as done from the command line.
    Create {
        /// The account's email (the person signs up as a learner first).
        #[arg(long)]
        email: String,
        /// The role.
        #[arg(long, value_enum, default_value = "SUPER_ADMIN")]
        role: RoleArg,
    },
    /// List the operators and their roles.
    List,
}

/// Runs an operator subcommand.
pub async fn run(command: AdminCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = crate::serve::open_store(settings).await?;
    let app = crate::serve::build_app(settings, store.clone(), settings.link_base(None)).await?;
    let op = Operator::command_line();
    let outcome = match command {
        AdminCommand::Create { email, role } => {
            let role = OperatorRole::from(role);
            match admin::operators::grant(&app, &op, &email, role).await {
                Ok((id, true)) => {
                    println!("{email} (account {id}) is now an operator: {role}");
                    Ok(ExitCode::SUCCESS)
                }
                Ok((id, false)) => {
                    println!("{email} (account {id}) already was an operator: {role}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(AdminError::NotFound(_)) => Err(anyhow::anyhow!(
                    "no active account has the email {email}: the person signs up first"
                )),
                Err(AdminError::Invalid { .. }) => {
                    Err(anyhow::anyhow!("--email {email}: not an email address"))
                }
                Err(AdminError::LastSuperAdmin) => Err(anyhow::anyhow!(
                    "{email} is the last super-administrator: make another one first"
                )),
                Err(e) => Err(e.into()),
            }
        }
        AdminCommand::List => match admin::operators::list(&app, &op).await {
            Ok(operators) => {
                for o in &operators {
                    println!(
                        "{}\t{}\t{} {}\t{}",
                        o.role,
                        o.email,
                        o.first_name,
                        o.last_name,
                        o.granted_at.format("%Y-%m-%d")
                    );
                }
                if operators.is_empty() {
                    println!("no operator yet: acquis admin create --email E");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Err(e.into()),
        },
    };
    store.close().await;
    outcome
}
