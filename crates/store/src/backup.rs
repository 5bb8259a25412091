//! Backups, restores and consistency checks (`acquis backup`, `acquis restore`, `acquis check`).
//!
//! A SQLite backup is `VACUUM INTO`: one read transaction, so the copy is the database as it
//! was at one instant, taken while the server keeps writing (WAL readers do not block writers).
//! A restore never writes into a database a running process holds, and only copies a file
//! that SQLite finds intact and that holds Acquis's tables. PostgreSQL has its own tools
//! (`pg_dump`, base backups and WAL archiving): the store refuses rather than doing worse.
//!
//! The integrity report counts the rows that break a link a use case writes in one
//! transaction; after a crash every count must still be zero.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::{Pool, Store, StoreError, sqlite_path, with_pool};

/// Rows that break the links written together. Every field is zero in a sound database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IntegrityReport {
    /// Participations whose organisation learner is missing (none recorded, or gone).
    pub participations_without_learner: i64,
    /// Participations in an assessment campaign whose test is missing.
    pub participations_without_assessment: i64,
    /// Campaign tests in progress without their target skills (no question could be chosen).
    pub campaign_assessments_without_target: i64,
    /// Campaign tests no participation points to.
    pub orphan_campaign_assessments: i64,
    /// Rows whose foreign key points nowhere (SQLite `PRAGMA foreign_key_check`; PostgreSQL
    /// enforces foreign keys itself, so always zero there).
    pub broken_references: i64,
    /// What SQLite's `PRAGMA integrity_check` found, if anything (empty on PostgreSQL).
    pub storage_errors: Vec<String>,
}

impl IntegrityReport {
    /// Nothing is wrong.
    pub fn is_sound(&self) -> bool {
        self.counts().iter().all(|(_, n)| *n == 0) && self.storage_errors.is_empty()
    }

    /// Each count with its name, in a stable order.
    pub fn counts(&self) -> [(&'static str, i64); 5] {
        [
            (
                "participations_without_learner",
                self.participations_without_learner,
            ),
            (
                "participations_without_assessment",
                self.participations_without_assessment,
            ),
            (
                "campaign_assessments_without_target",
                self.campaign_assessments_without_target,
            ),
            (
                "orphan_campaign_assessments",
                self.orphan_campaign_assessments,
            ),
            ("broken_references", self.broken_references),
        ]
    }
}

const WITHOUT_LEARNER: &str = "SELECT COUNT(*) FROM campaign_participations p
     LEFT JOIN organization_learners l ON l.id = p.organization_learner_id WHERE l.id IS NULL";
const WITHOUT_ASSESSMENT: &str = "SELECT COUNT(*) FROM campaign_participations p
     JOIN campaigns c ON c.id = p.campaign_id
     LEFT JOIN assessments a ON a.id = p.assessment_id
     WHERE c.kind = 'ASSESSMENT' AND a.id IS NULL";
const WITHOUT_TARGET: &str = "SELECT COUNT(*) FROM assessments a
     LEFT JOIN assessment_targets t ON t.assessment_id = a.id
     WHERE a.kind = 'campaign' AND a.state = 'started' AND t.assessment_id IS NULL";
const ORPHANS: &str = "SELECT COUNT(*) FROM assessments a WHERE a.kind = 'campaign'
     AND NOT EXISTS (SELECT 1 FROM campaign_participations p WHERE p.assessment_id = a.id)";

/// The tables a file must hold to be taken for an Acquis database.
const ACQUIS_TABLES: [&str; 6] = [
    "_sqlx_migrations",
    "users",
    "content_releases",
    "assessments",
    "answers",
    "campaign_participations",
];

impl Store {
    /// Counts the rows that break the links a use case writes together (see
    /// [`IntegrityReport`]); on SQLite, also checks the file and its foreign keys.
    pub async fn integrity_report(&self) -> Result<IntegrityReport, StoreError> {
        let mut report = IntegrityReport::default();
        with_pool!(self, |pool| {
            for (sql, count) in [
                (WITHOUT_LEARNER, &mut report.participations_without_learner),
                (
                    WITHOUT_ASSESSMENT,
                    &mut report.participations_without_assessment,
                ),
                (
                    WITHOUT_TARGET,
                    &mut report.campaign_assessments_without_target,
                ),
                (ORPHANS, &mut report.orphan_campaign_assessments),
            ] {
                *count = sqlx::query_scalar(sql).fetch_one(pool).await?;
            }
        });
        if let Pool::Sqlite(pool) = &self.pool {
            let broken: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(pool)
                .await?;
            report.broken_references = broken.len() as i64;
            let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(pool)
                .await?;
            report.storage_errors = lines.into_iter().filter(|l| l != "ok").collect();
        }
        Ok(report)
    }

    /// Writes a consistent copy of the SQLite database to `to`, a file that must not exist,
    /// while the database stays in use. `Unsupported` on PostgreSQL (use `pg_dump`).
    pub async fn backup_to(&self, to: &Path) -> Result<(), StoreError> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Err(StoreError::Unsupported(
                "acquis backup copies SQLite databases; back PostgreSQL up with pg_dump \
                 (or base backups with WAL archiving), see docs/operations.md"
                    .into(),
            ));
        };
        if to.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists; choose a new file",
                to.display()
            )));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Backup(format!("{} is not a UTF-8 path", to.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Replaces the SQLite database at `url` with the backup `from`, after checking that
    /// `from` is an intact Acquis database and that no process has `url` open. The database
    /// is never half-written: the copy is made beside it, then renamed over it. Returns the
    /// number of answers the restored database holds.
    pub fn restore_sqlite(url: &str, from: &Path) -> Result<i64, StoreError> {
        let target = sqlite_path(url).map(PathBuf::from).ok_or_else(|| {
            StoreError::Unsupported(
                "acquis restore writes SQLite databases; restore PostgreSQL with pg_restore \
                 or psql, see docs/operations.md"
                    .into(),
            )
        })?;
        let answers = check_backup(from)?;
        if let Some(pid) = held_by_another_process(&target)? {
            return Err(StoreError::Backup(format!(
                "{} is open in process {pid} (a running server?): stop it before restoring",
                target.display()
            )));
        }
        let staging = with_suffix(&target, ".restoring");
        let _ = std::fs::remove_file(&staging);
        let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let staged = staging.to_str().ok_or_else(|| {
            StoreError::Backup(format!("{} is not a UTF-8 path", staging.display()))
        })?;
        source.execute("VACUUM INTO ?1", [staged])?;
        drop(source);
        // The old database's journal files belong to it alone: left beside the new file, SQLite
        // would replay them into it.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&target, suffix));
        }
        std::fs::rename(&staging, &target).map_err(|e| {
            StoreError::Backup(format!("cannot move the restored copy into place: {e}"))
        })?;
        Ok(answers)
    }
}

/// Checks that `from` is an intact Acquis database; returns its number of answers.
fn check_backup(from: &Path) -> Result<i64, StoreError> {
    let invalid = |why: String| {
        StoreError::Backup(format!(
            "{} is not a valid Acquis database: {why}",
            from.display()
        ))
    };
    if !from.is_file() {
        return Err(invalid("no such file".into()));
    }
    // Read-write without create: a backup left in WAL mode needs its `-shm` to be read.
    let conn = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| invalid(e.to_string()))?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| invalid(e.to_string()))?;
    if problems.iter().any(|p| p != "ok") {
        return Err(invalid(format!(
            "integrity check failed: {}",
            problems.join("; ")
        )));
    }
    for table in ACQUIS_TABLES {
        let found: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |row| row.get(0),
            )
            .map_err(|e| invalid(e.to_string()))?;
        if found == 0 {
            return Err(invalid(format!("it has no {table} table")));
        }
    }
    conn.query_row("SELECT COUNT(*) FROM answers", [], |row| row.get(0))
        .map_err(|e| invalid(e.to_string()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The process that has the SQLite database at `path` open, if another one does. Every
/// connection to a WAL database holds a read lock on the "dead man switch" byte of its `-shm`
/// file for as long as it is open (SQLite's unix VFS, `UNIX_SHM_DMS`); `F_GETLK` asks who
/// would stop us from taking it.
#[cfg(unix)]
fn held_by_another_process(path: &Path) -> Result<Option<i32>, StoreError> {
    use std::os::fd::AsRawFd;
    /// `UNIX_SHM_DMS` in SQLite's `os_unix.c`: `(22 + SQLITE_SHM_NLOCK) * 4 + SQLITE_SHM_NLOCK`.
    const DMS_BYTE: libc::off_t = 128;
    let shm = with_suffix(path, "-shm");
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&shm)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StoreError::Backup(format!(
                "cannot inspect {}: {e}",
                shm.display()
            )));
        }
    };
    // SAFETY: `flock` is plain data; F_GETLK only reads the descriptor's lock table and
    // writes into `lock`.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = DMS_BYTE;
    lock.l_len = 1;
    // SAFETY: a valid open descriptor and a valid pointer to a `flock`.
    let rc = unsafe {
        libc::fcntl(
            file.as_raw_fd(),
            libc::F_GETLK,
            &mut lock as *mut libc::flock,
        )
    };
    if rc != 0 {
        return Err(StoreError::Backup(format!(
            "cannot inspect {}: {}",
            shm.display(),
            std::io::Error::last_os_error()
        )));
    }
    Ok((lock.l_type != libc::F_UNLCK as libc::c_short).then_some(lock.l_pid))
}

#[cfg(not(unix))]
fn held_by_another_process(_path: &Path) -> Result<Option<i32>, StoreError> {
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDb;

    #[tokio::test]
    async fn a_fresh_database_is_sound_and_backs_up_and_restores() {
        let db = TestDb::sqlite().await.expect("sqlite test database");
        let report = db.store.integrity_report().await.expect("report");
        assert!(report.is_sound(), "{report:?}");
        let dir = std::env::temp_dir().join(format!("acquis-backup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let copy = dir.join("copy.db");
        let _ = std::fs::remove_file(&copy);
        db.store.backup_to(&copy).await.expect("backup");
        assert!(db.store.backup_to(&copy).await.is_err(), "never overwrites");
        let url = format!("sqlite://{}", dir.join("restored.db").display());
        assert_eq!(Store::restore_sqlite(&url, &copy).expect("restore"), 0);
        let junk = dir.join("junk.db");
        std::fs::write(&junk, b"not a database at all").expect("a file");
        let refused = Store::restore_sqlite(&url, &junk).expect_err("junk is refused");
        assert!(
            refused.to_string().contains("not a valid Acquis database"),
            "{refused}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
