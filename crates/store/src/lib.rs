//! Acquis persistence, the second layer (core ← **store** ← app ← web ← cli): every SQL
//! statement of the project lives in this crate.
//!
//! `Store` talks to SQLite (the embedded default, WAL mode) or PostgreSQL (production), chosen
//! from the database URL. Each backend has its own migrations (`migrations/sqlite`,
//! `migrations/postgres`); queries are written once in the SQL both understand and run on
//! whichever pool is live (`with_pool!`), and differ only where the dialects do. The store
//! never decides domain rules: it stores and returns what `core` computed.

mod assessments;
pub(crate) mod audit;
mod backup;
mod calibration;
mod campaigns;
mod certification;
mod course;
mod demo;
mod error;
mod groups_admin;
mod hot_path;
mod item_statistics;
mod jobs;
mod joining;
mod learner_space;
mod learners;
pub(crate) mod membership;
mod operators;
mod organizations;
mod people;
mod releases;
mod results;
mod review;
mod roster;
mod schema;
mod sessions;
mod sqlite_sync;
mod stored;
pub mod testing;
mod trainings;
mod users;

pub use assessments::{
    AnswerRecord, AssessmentKind, AssessmentRecord, AssessmentState, KnowledgeElementRecord,
    NewAnswer, NewAssessment, NewKnowledgeElement, Recorded,
};
pub use audit::{AuditQuery, AuditRecord, NewAuditEntry};
pub use backup::IntegrityReport;
pub use calibration::{
    ANSWER_PAGE, CalibrationAnswer, ItemParametersRecord, NewItemParameters, NewParameterSet,
    ParameterSetRecord, Respondent,
};
pub use campaigns::{
    AnalysisRecord, CampaignRecord, CompactResults, NewCampaign, ParticipantFilter,
    ParticipantRecord, ParticipantSort, ParticipationRecord, ShareOutcome, TargetProfileRecord,
};
pub use certification::{
    CandidateRecord, CentreRecord, NewCandidate, NewSession, SessionChange, SessionFilter,
    SessionRecord,
};
pub use course::{
    AlertRecord, AnswerWrite, BoardRow, CourseAnswerRecord, CourseFacts, CourseRecord,
    InvigilatorGate, NewCourse, QuestionRecord, SESSION_CHANNEL, Seat, SessionListener,
};
pub use demo::{DemoElement, DemoParticipant};
pub use error::StoreError;
pub use groups_admin::{FirstAdministrator, GroupQuery, GroupRow, NewGroup};
pub use hot_path::{Access, Caller, EvaluationState};
pub use item_statistics::{CountedBatch, ItemStatisticsRecord, ItemStatisticsTotals};
pub use jobs::{ClaimedJob, JobRecord, NewJob};
pub use joining::{CampaignAssessment, Joined, LearnerLink, NewJoin};
pub use learner_space::{JourneyRecord, SavedTutorialRecord};
pub use membership::{Group, GroupKind};
pub use operators::{OperatorChange, OperatorRecord};
pub use organizations::{
    InvitationRecord, MemberRecord, MembershipChange, NewOrganizationLearner,
    OrganizationLearnerRecord, OrganizationRecord,
};
pub use people::{CONTAINS_MIN, Matching, PeopleQuery, PersonField, PersonRow};
pub use releases::{NewRelease, ReleaseSummary, StoredRelease};
pub use results::{
    CertificateRecord, IssueReportRecord, NewIssueReport, NewResult, ResultRecord,
    SessionFinalisation,
};
pub use review::{
    CancellationRecord, QuestionOverrideRecord, ReportDecisionRecord, ReviewChange, ReviewList,
    ReviewOutcome, ReviewSessionRow, SessionReviewFacts,
};
pub use roster::{LearnerQuery, LearnerSort};
pub use schema::{ColumnShape, IndexShape, SchemaShape};
pub use trainings::{NewTraining, TrainingRecord};
pub use users::{LoginState, NewUser, UserRecord};

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file, WAL mode.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body on whichever pool is live; the body is compiled once per backend.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}

/// Runs the body in a write transaction (`BEGIN IMMEDIATE` on SQLite, so writers never fail on
/// lock upgrade), committing when it returns `Ok`. On SQLite, writers first queue on the
/// store's writer lock (see `Store::writer`).
macro_rules! in_transaction {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let _writer = $store.writer.lock().await;
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Pool::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub(crate) use {in_transaction, with_pool};

/// Connection settings beyond the URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Most connections in the pool.
    pub max_connections: u32,
    /// How long to wait for a connection before giving up.
    pub acquire_timeout: Duration,
    /// PostgreSQL only: the schema to use (tests isolate runs this way).
    pub schema: Option<String>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(5),
            schema: None,
        }
    }
}

/// The database behind Acquis.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// SQLite has one writer at a time. Writers wait for it here, woken in arrival order,
    /// rather than in SQLite's busy handler, which sleeps 1, 2, 5, 10… ms between retries
    /// whatever happens meanwhile and so ruins tail latency under concurrent writes.
    writer: Arc<tokio::sync::Mutex<()>>,
    /// SQLite only: synchronous connections for the evaluation hot path (see `sqlite_sync`).
    sync: Option<Arc<sqlite_sync::SyncSqlite>>,
}

impl Store {
    /// Connects to `url` (`sqlite://path`, `sqlite:path`, a plain file path, or
    /// `postgres://…`), creating a SQLite file if it does not exist. Does not migrate.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, &ConnectOptions::default()).await
    }

    /// Connects with explicit options.
    pub async fn connect_with(url: &str, options: &ConnectOptions) -> Result<Store, StoreError> {
        let shown = redact(url);
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut connect =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::InvalidUrl {
                    url: shown.clone(),
                    reason: first_line(&e.to_string()),
                })?;
            if let Some(schema) = &options.schema {
                connect = connect.options([("search_path", schema.as_str())]);
            }
            // One direct attempt first: the pool would only say it timed out, hiding why.
            sqlx::ConnectOptions::connect(&connect)
                .await
                .map_err(|e| StoreError::Unreachable {
                    url: shown.clone(),
                    reason: first_line(&e.to_string()),
                })?;
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(options.acquire_timeout)
                .connect_with(connect)
                .await
                .map_err(|e| StoreError::Unreachable {
                    url: shown,
                    reason: first_line(&e.to_string()),
                })?;
            return Ok(Store {
                pool: Pool::Postgres(pool),
                writer: Arc::default(),
                sync: None,
            });
        }
        let path = sqlite_path(url).ok_or_else(|| StoreError::InvalidUrl {
            url: shown.clone(),
            reason: "expected sqlite://FILE, a file path or postgres://…".into(),
        })?;
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::Unreachable {
                url: shown,
                reason: first_line(&e.to_string()),
            })?;
        Ok(Store {
            pool: Pool::Sqlite(pool),
            writer: Arc::default(),
            sync: sqlite_sync::SyncSqlite::for_path(path),
        })
    }

    /// On SQLite, the writer lock for a write outside `in_transaction!` (held until dropped);
    /// nothing on PostgreSQL, whose rows lock on their own.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.pool {
            Pool::Sqlite(_) => Some(self.writer.lock().await),
            Pool::Postgres(_) => None,
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Checks that the database answers.
    pub async fn health(&self) -> Result<(), StoreError> {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Closes every connection (call before exiting so SQLite checkpoints its WAL).
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }
}

/// The file a SQLite URL points to.
fn sqlite_path(url: &str) -> Option<&str> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = path.split('?').next().unwrap_or(path);
    let looks_like_url = path.contains("://");
    (!path.is_empty() && !looks_like_url).then_some(path)
}

/// The URL without its password, safe to print.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_and_paths_are_understood() {
        assert_eq!(sqlite_path("sqlite://acquis.db"), Some("acquis.db"));
        assert_eq!(sqlite_path("sqlite:acquis.db?mode=rwc"), Some("acquis.db"));
        assert_eq!(sqlite_path("/tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_path("mysql://x"), None);
        assert_eq!(sqlite_path(""), None);
    }

    #[test]
    fn passwords_never_print() {
        assert_eq!(
            redact("postgres://bob:secret@db:5432/acquis"),
            "postgres://bob:***@db:5432/acquis"
        );
        assert_eq!(redact("postgres://db/acquis"), "postgres://db/acquis");
    }
}
