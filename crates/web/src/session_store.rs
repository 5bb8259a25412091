//! Sessions live in the database (table `sessions`), so web nodes are stateless and can be
//! multiplied behind a load balancer. This adapts `acquis_app::accounts::sessions` to
//! `tower-sessions`.
//!
//! A session holding no signed-in user (a flash message left for a visitor) is kept
//! [`ANONYMOUS_TTL`] after its last change at most, whatever the session layer asks: a
//! visitor's traces do not outlive their visit. Signed-in sessions keep the layer's expiry.

use acquis_app::App;
use acquis_app::accounts::sessions;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The database-backed session store.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    app: App,
}

impl DbSessionStore {
    /// Sessions kept by `app`.
    pub fn new(app: App) -> Self {
        DbSessionStore { app }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// How long a session without a signed-in user is kept after its last change.
pub const ANONYMOUS_TTL: chrono::TimeDelta = chrono::TimeDelta::hours(2);

fn expiry(record: &Record, now: DateTime<Utc>) -> DateTime<Utc> {
    let asked = DateTime::from_timestamp(record.expiry_date.unix_timestamp(), 0).unwrap_or(now);
    if record.data.contains_key(crate::auth::USER_KEY) {
        asked
    } else {
        asked.min(now + ANONYMOUS_TTL)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        while sessions::exists(&self.app, &record.id.to_string())
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let expires = expiry(record, self.app.now());
        sessions::save(&self.app, &record.id.to_string(), &data, expires)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = sessions::load(&self.app, &id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        // The expiry is re-set by the session layer on every save; a loaded session is live.
        let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::days(1);
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sessions::delete(&self.app, &id.to_string())
            .await
            .map_err(backend)
    }
}
