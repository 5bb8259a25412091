//! Test databases: a fresh SQLite file, or a fresh PostgreSQL schema when
//! `ACQUIS_TEST_DATABASE_URL` is set, so test runs never collide. Used by this crate's
//! scenario tests and by the web crate's integration tests.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Backend, ConnectOptions, Store, StoreError};

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "ACQUIS_TEST_DATABASE_URL";

/// A migrated store on a throw-away database, removed on drop where possible.
#[derive(Debug)]
pub struct TestDb {
    /// The store.
    pub store: Store,
    _dir: Option<TempDir>,
    cleanup: Option<(String, String)>,
}

/// A temporary folder removed on drop.
#[derive(Debug)]
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestDb {
    /// A migrated SQLite database in a new temporary folder.
    pub async fn sqlite() -> Result<TestDb, StoreError> {
        let dir = std::env::temp_dir().join(format!("acquis-test-{}", unique_suffix()));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Unreachable {
            url: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let url = format!("sqlite://{}", dir.join("acquis.db").display());
        let store = Store::connect(&url).await?;
        store.migrate().await?;
        Ok(TestDb {
            store,
            _dir: Some(TempDir(dir)),
            cleanup: None,
        })
    }

    /// A migrated PostgreSQL schema of its own, if `ACQUIS_TEST_DATABASE_URL` is set.
    pub async fn postgres() -> Option<Result<TestDb, StoreError>> {
        let url = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty())?;
        Some(Self::postgres_at(&url).await)
    }

    async fn postgres_at(url: &str) -> Result<TestDb, StoreError> {
        let schema = format!("acquis_test_{}", unique_suffix());
        let admin = Store::connect_with(
            url,
            &ConnectOptions {
                max_connections: 1,
                ..Default::default()
            },
        )
        .await?;
        admin.create_schema(&schema).await?;
        admin.close().await;
        let options = ConnectOptions {
            max_connections: 5,
            schema: Some(schema.clone()),
            ..Default::default()
        };
        let store = Store::connect_with(url, &options).await?;
        store.migrate().await?;
        Ok(TestDb {
            store,
            _dir: None,
            cleanup: Some((url.to_owned(), schema)),
        })
    }

    /// Creates an account that cannot sign in (no password), for tests that need a user id.
    pub async fn user(&self, email: &str) -> Result<i64, StoreError> {
        let user = self
            .store
            .create_user(
                crate::NewUser {
                    first_name: "Alex",
                    last_name: "Durand",
                    email,
                    password_hash: "",
                    locale: "fr",
                    terms_accepted_at: None,
                },
                chrono::Utc::now(),
            )
            .await?;
        Ok(user.id)
    }

    /// Moves an assessment, its answers and its knowledge elements `by` into the past, as if
    /// the learner had taken it then (for the delays before improving or resetting).
    pub async fn age_assessment(
        &self,
        assessment_id: i64,
        by: chrono::Duration,
    ) -> Result<(), StoreError> {
        let then = chrono::Utc::now() - by;
        for sql in [
            "UPDATE knowledge_elements SET created_at = $1 WHERE assessment_id = $2",
            "UPDATE answers SET created_at = $1 WHERE assessment_id = $2",
            "UPDATE assessments SET created_at = $1, updated_at = $1 WHERE id = $2",
        ] {
            match &self.store.pool {
                crate::Pool::Sqlite(pool) => {
                    sqlx::query(sql)
                        .bind(then)
                        .bind(assessment_id)
                        .execute(pool)
                        .await?;
                }
                crate::Pool::Postgres(pool) => {
                    sqlx::query(sql)
                        .bind(then)
                        .bind(assessment_id)
                        .execute(pool)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Adds `n` accounts in one statement (names `Prénom{i}` / `Nom{i mod 50,000}`, emails
    /// `personne{i}@exemple.test`), then refreshes the planner's statistics: a population for
    /// the tests that check which plan a search follows at scale.
    pub async fn populate_users(&self, n: i64) -> Result<(), StoreError> {
        match &self.store.pool {
            crate::Pool::Sqlite(pool) => {
                sqlx::query(
                    "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
                     INSERT INTO users (first_name, last_name, email, password_hash, created_at)
                     SELECT 'Prénom' || i, 'Nom' || (i % 50000), 'personne' || i || '@exemple.test', '',
                            '2026-01-01T00:00:00+00:00' FROM seq",
                )
                .bind(n)
                .execute(pool)
                .await?;
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            crate::Pool::Postgres(pool) => {
                sqlx::query(
                    "INSERT INTO users (first_name, last_name, email, password_hash, created_at)
                     SELECT 'Prénom' || i, 'Nom' || (i % 50000), 'personne' || i || '@exemple.test', '',
                            '2026-01-01T00:00:00+00:00' FROM generate_series(1, $1::bigint) AS i",
                )
                .bind(n)
                .execute(pool)
                .await?;
                sqlx::query("ANALYZE users").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Tries to rewrite and to delete the audit log's entries directly in the database, as an
    /// intruder with the database's credentials would: what each statement answered (the
    /// triggers of migration 0100 refuse both).
    pub async fn tamper_with_audit_log(&self) -> [Result<u64, StoreError>; 2] {
        let mut out = Vec::new();
        for sql in [
            "UPDATE audit_log SET detail = 'rewritten'",
            "DELETE FROM audit_log",
        ] {
            let result = crate::with_pool!(self.store, |pool| {
                sqlx::query(sql)
                    .execute(pool)
                    .await
                    .map(|r| r.rows_affected())
            });
            out.push(result.map_err(StoreError::from));
        }
        let mut out = out.into_iter();
        let first = out.next().unwrap_or(Ok(0));
        let second = out.next().unwrap_or(Ok(0));
        [first, second]
    }

    /// The backend under test.
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Drop the PostgreSQL schema on a helper thread with its own runtime: Drop cannot await.
        if let Some((url, schema)) = self.cleanup.take() {
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio_runtime() else { return };
                rt.block_on(async {
                    if let Ok(admin) = Store::connect_with(
                        &url,
                        &ConnectOptions {
                            max_connections: 1,
                            ..Default::default()
                        },
                    )
                    .await
                    {
                        let _ = admin.drop_schema(&schema).await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

fn tokio_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

impl Store {
    async fn create_schema(&self, schema: &str) -> Result<(), StoreError> {
        crate::with_pool!(self, |pool| sqlx::query(&format!(
            "CREATE SCHEMA \"{schema}\""
        ))
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    async fn drop_schema(&self, schema: &str) -> Result<(), StoreError> {
        crate::with_pool!(self, |pool| sqlx::query(&format!(
            "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"
        ))
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}

/// Defines a test module running `async fn $name(db: &TestDb)` twice: on a fresh SQLite
/// database, and on a fresh PostgreSQL schema when `ACQUIS_TEST_DATABASE_URL` is set (skipped
/// with a message otherwise). The calling crate needs `tokio` as a dev-dependency.
#[macro_export]
macro_rules! scenario {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::testing::TestDb::sqlite()
                    .await
                    .expect("sqlite test database");
                super::$name(&db).await;
            }

            #[tokio::test]
            async fn postgres() {
                match $crate::testing::TestDb::postgres().await {
                    Some(db) => super::$name(&db.expect("postgres test database")).await,
                    None => {
                        eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL scenario skipped")
                    }
                }
            }
        }
    };
}
