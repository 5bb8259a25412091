//! Live updates of certification sessions: every write an invigilator's page must see
//! publishes the session's id. In one process the ids go through an in-memory broadcast; on
//! PostgreSQL the store also sends a `NOTIFY` in the write's transaction, and
//! [`App::spawn_session_listener`] forwards what other nodes notify into the same broadcast,
//! so an invigilator's page on any node hears of a candidate's answer on any other. A page
//! may hear of one change twice (its own node, then the notification): it refreshes twice.

use tokio::sync::broadcast;

use crate::App;

impl App {
    /// Publishes that session `id`'s live facts changed (after the commit).
    pub fn publish_session(&self, id: i64) {
        // No subscriber is not an error.
        let _ = self.session_events.send(id);
    }

    /// The ids of the sessions whose live facts change from now on.
    pub fn session_events(&self) -> broadcast::Receiver<i64> {
        self.session_events.subscribe()
    }

    /// On PostgreSQL, listens to the other nodes' notifications and forwards them to this
    /// process's pages, reconnecting after a lost connection; nothing on SQLite (one process
    /// writes). Call once per process that serves pages.
    pub fn spawn_session_listener(&self) {
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                match app.store.listen_sessions().await {
                    Ok(None) => return,
                    Ok(Some(mut listener)) => loop {
                        match listener.next().await {
                            Ok(id) => app.publish_session(id),
                            Err(e) => {
                                tracing::warn!(error = %e, "session notifications lost; reconnecting");
                                break;
                            }
                        }
                    },
                    Err(e) => tracing::warn!(error = %e, "cannot listen to session notifications"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }
}
