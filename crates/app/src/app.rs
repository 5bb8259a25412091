//! The one value every use case hangs off: built once by the CLI (or a test), cloned cheaply
//! into every request.

use std::sync::Arc;

use acquis_store::Store;
use arc_swap::ArcSwap;

use crate::AppError;
use crate::clock::Clock;
use crate::content::LiveContent;
use crate::mail::{LetterWriter, Mailer};
use crate::settings::Settings;

/// The application: store, live content, mail, clock and settings.
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) store: Store,
    pub(crate) live: Arc<ArcSwap<LiveContent>>,
    pub(crate) mailer: Mailer,
    pub(crate) letters: Arc<dyn LetterWriter>,
    pub(crate) clock: Clock,
    pub(crate) settings: Arc<Settings>,
    pub(crate) jobs_waker: Arc<tokio::sync::Notify>,
    /// Certification sessions whose live facts changed (their ids), for the invigilators'
    /// pages pushed by this process.
    pub(crate) session_events: tokio::sync::broadcast::Sender<i64>,
    pub(crate) keys: Arc<acquis_credential::KeyRing>,
}

/// What an [`App`] is built from.
#[derive(Debug)]
pub struct Parts {
    /// The migrated database.
    pub store: Store,
    /// The published content to serve first.
    pub live: LiveContent,
    /// How mail leaves.
    pub mailer: Mailer,
    /// How letters are put into words.
    pub letters: Arc<dyn LetterWriter>,
    /// Where the time comes from.
    pub clock: Clock,
    /// Settings.
    pub settings: Settings,
    /// The credential signing keys (the key file's, created on first start).
    pub keys: acquis_credential::KeyRing,
}

impl App {
    /// The application over its parts.
    pub fn new(parts: Parts) -> App {
        App {
            store: parts.store,
            live: Arc::new(ArcSwap::from_pointee(parts.live)),
            mailer: parts.mailer,
            letters: parts.letters,
            clock: parts.clock,
            settings: Arc::new(parts.settings),
            jobs_waker: Arc::default(),
            session_events: tokio::sync::broadcast::channel(1024).0,
            keys: Arc::new(parts.keys),
        }
    }

    /// The live content: a cheap pointer copy, valid for the whole request even if a new
    /// release is published meanwhile.
    pub fn live(&self) -> Arc<LiveContent> {
        self.live.load_full()
    }

    /// The current time, from the one clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The clock (tests move a settable one).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The letter writer.
    pub fn letters(&self) -> &dyn LetterWriter {
        self.letters.as_ref()
    }
}

impl App {
    /// Sends `letter` to `to`, worded in `locale`, through the job queue: the request does
    /// not wait on SMTP, and a mail whose sending fails is retried. Use it for a letter that
    /// no other change goes with; a change that causes mail enqueues the job in its own
    /// transaction (`mail_job`).
    pub async fn send_letter(
        &self,
        to: &str,
        locale: &str,
        letter: &crate::Letter,
    ) -> Result<(), AppError> {
        let job = self.mail_job(to, locale, letter)?;
        self.enqueue(&[job]).await
    }
}
