//! The evaluation hot path on SQLite, on plain synchronous connections.
//!
//! sqlx drives each SQLite connection from a thread of its own and hands every statement, and
//! every row, over a channel to the async task that asked. For the handful of small statements
//! of an answer or a next challenge those hand-offs cost more than SQLite's own work (about half
//! the server's CPU under load, measured with `perf`). So the store runs the statements of one
//! hot-path request together, on one blocking thread, with `rusqlite` — same file, same schema,
//! same text encoding of timestamps as sqlx, so either driver reads what the other wrote.
//! Writers still queue on the store's writer lock before they start.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// Idle connections kept for reuse; more may be open while many requests run at once.
const KEEP_IDLE: usize = 16;

/// A small pool of synchronous connections to one SQLite file.
#[derive(Debug)]
pub(crate) struct SyncSqlite {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl SyncSqlite {
    /// Connections to the file at `path` (opened on first use). `None` for in-memory
    /// databases, which another connection would not see.
    pub(crate) fn for_path(path: &str) -> Option<Arc<SyncSqlite>> {
        if path.contains(":memory:") || path.contains("mode=memory") {
            return None;
        }
        Some(Arc::new(SyncSqlite {
            path: PathBuf::from(path),
            idle: Mutex::new(Vec::new()),
        }))
    }

    fn open(&self) -> Result<Connection, rusqlite::Error> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }

    fn take(&self) -> Result<Connection, rusqlite::Error> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(conn) => Ok(conn),
            None => self.open(),
        }
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
        {
            idle.push(conn);
        }
    }

    /// Runs `work` on a connection, on a thread where blocking is allowed.
    pub(crate) async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut conn = this.take()?;
            let out = work(&mut conn);
            // A connection left inside a transaction (an error mid-way) is not reused.
            if conn.is_autocommit() {
                this.give_back(conn);
            }
            out
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }
}

/// A timestamp as sqlx writes it in SQLite (RFC 3339, `T`, offset `+00:00`), so that text
/// comparisons in SQL order both drivers' rows alike.
pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// A stored timestamp (RFC 3339, or the `YYYY-MM-DD HH:MM:SS` form SQLite's own functions write).
pub(crate) fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, StoreError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
        .map(|t| t.and_utc())
        .map_err(|_| StoreError::Corrupt(format!("timestamp {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_in_the_sqlx_format() {
        let t = DateTime::parse_from_rfc3339("2026-11-26T04:05:06.123456+00:00")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(timestamp(t), "2026-11-26T04:05:06.123456+00:00");
        assert_eq!(parse_timestamp(&timestamp(t)).ok(), Some(t));
        assert!(parse_timestamp("2026-11-26 04:05:06").is_ok());
        assert!(parse_timestamp("yesterday").is_err());
    }

    #[test]
    fn memory_databases_have_no_second_connection() {
        assert!(SyncSqlite::for_path(":memory:").is_none());
        assert!(SyncSqlite::for_path("/tmp/acquis.db").is_some());
    }
}
