//! The HTTP server of `acquis serve`: an accept loop over hyper's HTTP/1 connections, bounded
//! so that idle or slow clients cannot exhaust it. It must never wait on a client without a
//! deadline: every connection has one for its headers, its request, its silences and the
//! server's shutdown.
//!
//! - headers must arrive within `header_timeout` (hyper's timer, which also runs while a
//!   kept-alive connection waits for its next request);
//! - a request must arrive in full and be answered within `body_timeout` (408 otherwise);
//! - a connection with no byte read or written for `idle_timeout` is closed (a client that
//!   stops reading a response);
//! - at most `max_connections` are served at once; the next clients wait in the listen backlog
//!   until one closes;
//! - on shutdown the listener closes, idle connections close at once, requests in progress get
//!   `shutdown_timeout` to finish, and whatever is left is dropped.
//!
//! Each request carries the peer address as `ConnectInfo<SocketAddr>`, which the per-IP rate
//! limits read.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;
use tower_http::timeout::TimeoutLayer;

use crate::settings::Settings;

/// The bounds the server holds every connection to (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to send a request's headers (and to start the next one on a kept-alive connection).
    pub header_timeout: Duration,
    /// Time for a request to arrive in full and be answered.
    pub body_timeout: Duration,
    /// Longest silence (nothing read, nothing written) on a connection.
    pub idle_timeout: Duration,
    /// Connections served at once (at least one).
    pub max_connections: usize,
    /// Time given to requests in progress on shutdown.
    pub shutdown_timeout: Duration,
}

impl Limits {
    /// The limits the settings ask for; a zero duration is raised to one second and a zero
    /// connection cap to one, so that no setting can disable a bound.
    pub fn of(settings: &Settings) -> Limits {
        let secs = |s: u64| Duration::from_secs(s.max(1));
        Limits {
            header_timeout: secs(settings.header_timeout_secs),
            body_timeout: secs(settings.body_timeout_secs),
            idle_timeout: secs(settings.idle_timeout_secs),
            max_connections: settings.max_connections.clamp(1, Semaphore::MAX_PERMITS),
            shutdown_timeout: secs(settings.shutdown_timeout_secs),
        }
    }
}

/// How the server stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every connection had closed within the shutdown timeout.
    Drained,
    /// The shutdown timeout passed; this many connections were dropped.
    Dropped(usize),
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains the connections within
/// `limits.shutdown_timeout` (see the module doc).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Stopped {
    let router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        limits.body_timeout,
    ));
    let (stop, stopping) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // A slot first: beyond the cap, clients wait in the backlog rather than being read.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        let (router, stopping) = (router.clone(), stopping.clone());
        connections.spawn(async move {
            connection(stream, peer, router, limits, stopping).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = tokio::time::timeout(limits.shutdown_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    match drained {
        Ok(()) => Stopped::Drained,
        Err(_) => {
            let left = connections.len();
            tracing::warn!(
                connections = left,
                "shutdown timeout: the remaining connections are dropped"
            );
            connections.shutdown().await;
            Stopped::Dropped(left)
        }
    }
}

/// After a failed accept: errors about one connection are nothing; others (too many open
/// files) are logged and the loop pauses a little so as not to spin.
async fn accept_failed(e: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Serves one connection until it ends, falls silent for `idle_timeout`, or the server stops
/// (then in-flight requests finish and the connection closes).
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::default();
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        tokio::select! {
            served = conn.as_mut() => {
                if let Err(e) = served {
                    tracing::debug!(%peer, error = %e, "connection ended");
                }
                return;
            }
            _ = stopping.wait_for(|stop| *stop), if !draining => {
                conn.as_mut().graceful_shutdown();
                draining = true;
            }
            () = activity.silent_for(limits.idle_timeout) => {
                tracing::debug!(%peer, "idle connection closed");
                return;
            }
        }
    }
}

/// When a connection last read or wrote a byte, shared between its I/O and its watchdog.
#[derive(Debug, Clone)]
struct Activity {
    since: Instant,
    last_ms: Arc<AtomicU64>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            since: Instant::now(),
            last_ms: Arc::default(),
        }
    }
}

impl Activity {
    fn touch(&self) {
        let ms = self.since.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// Resolves once nothing has moved for `limit`.
    async fn silent_for(&self, limit: Duration) {
        loop {
            let last = self.since + Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let deadline = last + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    }
}

/// A stream that records its activity.
struct Watched {
    inner: TcpStream,
    activity: Activity,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_setting_can_switch_a_bound_off() {
        let settings = Settings {
            header_timeout_secs: 0,
            max_connections: 0,
            ..Settings::default()
        };
        let limits = Limits::of(&settings);
        assert_eq!(limits.header_timeout, Duration::from_secs(1));
        assert_eq!(limits.max_connections, 1);
        assert_eq!(
            Limits::of(&Settings::default()).shutdown_timeout,
            Duration::from_secs(8)
        );
    }
}
