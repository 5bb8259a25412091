//! The use cases' integration tests, one binary: each scenario on a real database through the
//! test kit, on SQLite and (with `ACQUIS_TEST_DATABASE_URL`) PostgreSQL.

/// A certification scenario on SQLite and PostgreSQL with the bundled framework (the starter
/// content has too few competences for a 32-question test).
macro_rules! certif_scenario {
    ($name:ident) => {
        mod $name {
            async fn app(db: acquis_app::testkit::TestDb) -> acquis_app::testkit::TestApp {
                let content = acquis_content::bundled().expect("bundled content");
                acquis_app::testkit::TestApp::with_content(
                    db,
                    &content,
                    std::sync::Arc::new(acquis_app::testkit::PlainLetters),
                )
                .await
            }

            #[tokio::test]
            async fn sqlite() {
                let db = acquis_app::testkit::TestDb::sqlite().await.unwrap();
                super::$name(app(db).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                match acquis_app::testkit::TestDb::postgres().await {
                    Some(db) => super::$name(app(db.unwrap()).await).await,
                    None => {
                        eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL scenario skipped")
                    }
                }
            }
        }
    };
}

mod accounts;
mod calibration;
mod certification;
mod certification_course;
mod certification_results;
mod jobs;
mod organizations;
