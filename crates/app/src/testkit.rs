//! Test kit (feature `testkit`): a real [`App`] on a throw-away database (SQLite, or
//! PostgreSQL when `ACQUIS_TEST_DATABASE_URL` is set), holding the published starter content,
//! with mail written to a temporary outbox and a settable clock. Tests of every crate above
//! `store` build their actors from it instead of reaching into the store.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

/// The store itself, for fixtures and assertions that no use case offers: tests only (the
/// `web` crate has no other way to reach it).
pub use acquis_store as store;
pub use acquis_store::testing::TestDb;

use crate::content::{ReleaseInput, import, live_release};
use crate::{App, Clock, Letter, LetterWriter, Mailer, Parts, Settings, Written};

/// The time every test clock starts at (a Monday, 09:00 UTC).
pub fn start_of_tests() -> DateTime<Utc> {
    DateTime::from_timestamp(1_798_794_000, 0).unwrap_or_default()
}

/// Letters in plain, stable words (the web layer's translations are not needed to test use
/// cases): the subject names the letter, the body lists its fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainLetters;

impl LetterWriter for PlainLetters {
    fn write(&self, locale: &str, letter: &Letter) -> Written {
        let subject = match letter {
            Letter::PasswordReset { .. } => "password reset",
            Letter::Invitation { .. } => "invitation",
            Letter::Reminder { .. } => "reminder",
        };
        Written {
            subject: format!("[{locale}] {subject}"),
            body: format!("{letter:?}"),
        }
    }
}

/// An application on a fresh database, with what a test needs beside it.
#[derive(Debug)]
pub struct TestApp {
    /// The application.
    pub app: App,
    /// The database (kept alive for the test; the store is also reachable for assertions).
    pub db: TestDb,
    /// Where mail is written.
    pub outbox: PathBuf,
    _outbox_dir: tempfile::TempDir,
}

impl TestApp {
    /// On SQLite, with the starter content, plain letters and a settable clock.
    pub async fn sqlite() -> TestApp {
        let db = TestDb::sqlite().await.expect("sqlite test database");
        TestApp::on(db, Arc::new(PlainLetters)).await
    }

    /// On PostgreSQL if `ACQUIS_TEST_DATABASE_URL` is set.
    pub async fn postgres() -> Option<TestApp> {
        let db = TestDb::postgres().await?.expect("postgres test database");
        Some(TestApp::on(db, Arc::new(PlainLetters)).await)
    }

    /// On `db`, with the starter content published and letters worded by `letters`.
    pub async fn on(db: TestDb, letters: Arc<dyn LetterWriter>) -> TestApp {
        let content = acquis_content::starter().expect("starter content");
        TestApp::with_content(db, &content, letters).await
    }

    /// On `db`, with `content` published.
    pub async fn with_content(
        db: TestDb,
        content: &acquis_content::LoadedContent,
        letters: Arc<dyn LetterWriter>,
    ) -> TestApp {
        import_release(&db, content).await;
        let live = live_release(&db.store)
            .await
            .expect("live release")
            .expect("a published release");
        let outbox_dir = tempfile::tempdir().expect("outbox folder");
        let outbox = outbox_dir.path().to_path_buf();
        let mailer = Mailer::outbox(&outbox, "Acquis <test@acquis.invalid>").expect("outbox");
        let app = App::new(Parts {
            store: db.store.clone(),
            live,
            mailer,
            letters,
            clock: Clock::settable(start_of_tests()),
            settings: Settings::default(),
        });
        TestApp {
            app,
            db,
            outbox,
            _outbox_dir: outbox_dir,
        }
    }

    /// The same database and content behind another mail transport (a relay that is down,
    /// then back).
    pub fn with_mailer(&self, mailer: Mailer) -> App {
        App {
            mailer,
            ..self.app.clone()
        }
    }

    /// The mails written to the outbox so far, as raw `.eml` texts, oldest first.
    pub fn mails(&self) -> Vec<String> {
        let mut files: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&self.outbox)
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .filter_map(|e| {
                        let modified = e.metadata().ok()?.modified().ok()?;
                        Some((modified, std::fs::read_to_string(e.path()).ok()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort_by_key(|(t, _)| *t);
        files.into_iter().map(|(_, text)| text).collect()
    }
}

/// Stores `content` as a release and publishes it: the one import every test uses.
pub async fn import_release(db: &TestDb, content: &acquis_content::LoadedContent) -> i64 {
    import(
        &db.store,
        ReleaseInput {
            framework: &content.framework,
            files: &content.files,
            checksum: &content.checksum,
        },
        true,
        Utc::now(),
    )
    .await
    .expect("release imported")
}

/// Runs an `async fn(TestApp)` on SQLite and, when `ACQUIS_TEST_DATABASE_URL` is set, on
/// PostgreSQL.
#[macro_export]
macro_rules! app_scenario {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::testkit::TestApp::sqlite().await).await;
            }

            #[tokio::test]
            async fn postgres() {
                match $crate::testkit::TestApp::postgres().await {
                    Some(app) => super::$name(app).await,
                    None => {
                        eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL scenario skipped")
                    }
                }
            }
        }
    };
}
