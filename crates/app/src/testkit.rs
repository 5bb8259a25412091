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
            Letter::CentreInvitation { .. } => "centre invitation",
            Letter::Convocation { .. } => "convocation",
            Letter::Reminder { .. } => "reminder",
            Letter::CertificationResults { .. } => "certification results",
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

/// A certification centre with its administrator, ready for certification use cases.
#[derive(Debug, Clone)]
pub struct CentreAdmin {
    /// The administrator's account.
    pub admin: crate::accounts::UserRecord,
    /// Their membership (role ADMIN).
    pub membership: crate::certification::CentreMembership,
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
            keys: acquis_credential::KeyRing::generate(),
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

    /// Another node of the same deployment: the same database and content, its own
    /// in-memory session events (what one node publishes in memory, the other does not hear).
    pub fn another_node(&self) -> App {
        App {
            session_events: tokio::sync::broadcast::channel(1024).0,
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

/// The password of every account the kit signs up.
pub const PASSWORD: &str = "Motdepasse1";

/// An organisation with its administrator, ready for organisation use cases.
#[derive(Debug, Clone)]
pub struct OrgAdmin {
    /// The administrator's account.
    pub admin: crate::accounts::UserRecord,
    /// Their membership (role ADMIN), the proof the organisation's use cases take.
    pub membership: crate::organizations::Membership,
}

impl TestApp {
    /// A learner who signed up through the sign-up use case (password [`PASSWORD`]).
    pub async fn learner(&self, email: &str) -> crate::accounts::UserRecord {
        crate::accounts::sign_up(
            &self.app,
            crate::accounts::SignUp {
                first_name: "Camille",
                last_name: "Martin",
                email,
                password: PASSWORD,
                accept_terms: true,
                locale: "fr",
            },
        )
        .await
        .expect("sign-up")
    }

    /// A school (SCO) founded by the operator's use case, whose administrator is a learner
    /// account `admin@<name>.test`.
    pub async fn with_org_admin(&self, name: &str) -> OrgAdmin {
        let slug: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let admin = self.learner(&format!("admin@{slug}.test")).await;
        let founded = self
            .app
            .found_organization(
                name,
                acquis_core::organization::OrganizationKind::Sco,
                None,
                &admin.email,
                "fr",
            )
            .await
            .expect("organisation founded");
        let membership = self
            .app
            .membership(
                admin.id,
                crate::organizations::OrganizationId::from(founded.org.id),
            )
            .await
            .expect("the founder is a member");
        OrgAdmin { admin, membership }
    }

    /// A learner whose profile allows certification: level 1 or more in `competences` of
    /// the live framework's competences (see [`give_levels`]).
    pub async fn learner_with_levels(
        &self,
        email: &str,
        competences: usize,
    ) -> crate::accounts::UserRecord {
        let user = self.learner(email).await;
        give_levels(&self.app, user.id, competences)
            .await
            .expect("levels");
        user
    }

    /// A certification centre of `kind` founded by the operator's use case, whose
    /// administrator is a learner account `admin@<name>.test`.
    pub async fn with_centre_admin(
        &self,
        name: &str,
        kind: acquis_core::organization::OrganizationKind,
    ) -> CentreAdmin {
        let slug: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let admin = self.learner(&format!("admin@{slug}.test")).await;
        let founded = self
            .app
            .found_centre(name, kind, None, &admin.email, "fr")
            .await
            .expect("centre founded");
        let membership = self
            .app
            .centre_membership(
                admin.id,
                crate::certification::CentreId::from(founded.centre.id),
            )
            .await
            .expect("the founder is a member");
        CentreAdmin { admin, membership }
    }

    /// A campaign to build on the organisation of `membership`.
    pub fn campaign<'a>(
        &'a self,
        membership: &'a crate::organizations::Membership,
    ) -> CampaignBuilder<'a> {
        CampaignBuilder {
            app: &self.app,
            membership,
            title: "Campagne de test".into(),
            competences: vec!["1.1".into()],
            profiles_collection: false,
            multiple_sendings: false,
        }
    }
}

/// A campaign being built: an assessment on whole competences (the starter content has 1.1) by
/// default, or a profiles collection.
#[derive(Debug)]
pub struct CampaignBuilder<'a> {
    app: &'a App,
    membership: &'a crate::organizations::Membership,
    title: String,
    competences: Vec<String>,
    profiles_collection: bool,
    multiple_sendings: bool,
}

impl CampaignBuilder<'_> {
    /// Its title.
    pub fn titled(mut self, title: &str) -> Self {
        self.title = title.into();
        self
    }

    /// Assess these whole competences.
    pub fn on(mut self, competences: &[&str]) -> Self {
        self.competences = competences.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    /// Collect profiles instead of assessing.
    pub fn profiles_collection(mut self) -> Self {
        self.profiles_collection = true;
        self
    }

    /// Let participants send their results again.
    pub fn multiple_sendings(mut self) -> Self {
        self.multiple_sendings = true;
        self
    }

    /// Creates it (and its target profile) through the organisation's use cases.
    pub async fn create(self) -> crate::organizations::CampaignRecord {
        use acquis_core::campaign::{CampaignType, TargetItem, TargetProfile};
        let target_profile = if self.profiles_collection {
            None
        } else {
            let definition = crate::campaigns::ProfileDefinition {
                profile: TargetProfile::new(
                    self.competences
                        .iter()
                        .map(|c| TargetItem::Competence {
                            competence: c.clone(),
                        })
                        .collect(),
                ),
                stages: None,
                badges: Vec::new(),
            };
            let profile = self
                .app
                .create_target_profile(
                    self.membership,
                    &crate::organizations::profiles::NewProfile {
                        name: &format!("Profil de {}", self.title),
                        description: "",
                        minutes: None,
                        definition: &definition,
                    },
                )
                .await
                .expect("target profile");
            Some(crate::organizations::TargetProfileId::from(profile.id))
        };
        let kind = if self.profiles_collection {
            CampaignType::ProfilesCollection
        } else {
            CampaignType::Assessment
        };
        self.app
            .create_campaign(
                self.membership,
                &crate::organizations::campaigns::CampaignForm {
                    kind: Some(kind),
                    target_profile,
                    title: &self.title,
                    landing_text: "",
                    result_text: "",
                    result_button_text: "",
                    result_button_url: "",
                    external_id_label: "",
                    external_id_is_email: false,
                    multiple_sendings: self.multiple_sendings,
                },
            )
            .await
            .expect("campaign")
    }
}

pub use crate::demo::give_levels;
