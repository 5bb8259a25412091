//! Outgoing mail: SMTP when configured, else `.eml` files in an outbox folder (logged), so a
//! development server or a test can read what would have been sent.
//!
//! Use cases say *what* to send (a [`Letter`]); the words come from a [`LetterWriter`] that the
//! web layer provides (its translations), so this crate holds no user-facing text.

use std::path::PathBuf;

use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

/// How mail leaves the server.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP relay.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// Files in a folder (one `.eml` per message).
    Outbox {
        /// The folder.
        dir: PathBuf,
        /// The sender.
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Outbox { dir, .. } => write!(f, "Mailer::Outbox({})", dir.display()),
        }
    }
}

/// Why a mail could not be sent.
#[derive(Debug, thiserror::Error)]
#[error("mail not sent: {0}")]
pub struct MailError(String);

impl Mailer {
    /// An SMTP mailer from a URL such as `smtps://user:pass@smtp.example.org:465`.
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError(format!("invalid SMTP URL: {e}")))?
            .build();
        let from = from
            .parse()
            .map_err(|e| MailError(format!("invalid sender {from}: {e}")))?;
        Ok(Mailer::Smtp { transport, from })
    }

    /// A mailer that writes into `dir` (created if needed).
    pub fn outbox(dir: impl Into<PathBuf>, from: &str) -> Result<Mailer, MailError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError(format!("cannot create {}: {e}", dir.display())))?;
        let from = from
            .parse()
            .map_err(|e| MailError(format!("invalid sender {from}: {e}")))?;
        Ok(Mailer::Outbox { dir, from })
    }

    /// Sends a plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| MailError(format!("invalid recipient: {e}")))?;
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let message = Message::builder()
            .from(from)
            .to(to.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| MailError(e.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .map_err(|e| MailError(e.to_string()))?;
            }
            Mailer::Outbox { dir, .. } => {
                let id = AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map_err(|e| MailError(e.to_string()))?;
                tracing::info!(to = %to.email, subject, file = %dir.join(format!("{id}.eml")).display(), "mail written to the outbox");
            }
        }
        Ok(())
    }
}

/// A mail a use case sends, before it is put into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Letter {
    /// A password-reset link.
    PasswordReset {
        /// The person's first name.
        name: String,
        /// The link (valid one hour).
        link: String,
    },
    /// An invitation to join an organisation.
    Invitation {
        /// The organisation's name.
        organization: String,
        /// The role offered.
        role: acquis_core::organization::Role,
        /// Who invites, first and last name.
        inviter: String,
        /// The link to accept.
        link: String,
    },
    /// An invitation to join a certification centre.
    CentreInvitation {
        /// The centre's name.
        centre: String,
        /// The role offered.
        role: acquis_core::organization::Role,
        /// Who invites, first and last name.
        inviter: String,
        /// The link to accept.
        link: String,
    },
    /// A candidate's convocation to a certification session.
    Convocation {
        /// The candidate's first name.
        name: String,
        /// The centre's name.
        centre: String,
        /// The session number the candidate types.
        session: i64,
        /// Date (ISO) and start time.
        date: String,
        /// Start time, `HH:MM`.
        time: String,
        /// Site and room.
        place: String,
        /// Where the candidate starts (the learner portal's certification page).
        link: String,
    },
    /// A certification result is published.
    CertificationResults {
        /// The candidate's first and birth names.
        name: String,
        /// The centre's name.
        centre: String,
        /// The session's date (ISO).
        date: String,
        /// Where the holder sees the result (the learner portal's certifications page).
        link: String,
    },
    /// A reminder to finish or send a campaign participation.
    Reminder {
        /// The participant's first name.
        name: String,
        /// The campaign's title.
        campaign: String,
        /// The organisation's name.
        organization: String,
        /// The campaign's link.
        link: String,
        /// The test is done and only the sending is missing.
        to_share: bool,
    },
}

/// A letter in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// Puts letters into words in a language (`fr`, `en`); the web layer implements it with its
/// translations.
pub trait LetterWriter: Send + Sync + std::fmt::Debug {
    /// The letter in `locale` (or the default language when unknown).
    fn write(&self, locale: &str, letter: &Letter) -> Written;
}
