//! Idle and slow clients cannot exhaust `acquis serve` (its limits are in `server.rs`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::support::{Database, Server, healthy};

/// A client that opens a connection, sends half a request line and then nothing.
fn slow_client(port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .write_all(b"GET /health HT")
        .expect("sends half a request line");
    stream
}

/// Whether the server closed `stream` (EOF or reset) within `within`.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 512];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A status line (408) may come first; the close follows.
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn slow_header_clients_are_cut_off_at_the_header_timeout_while_health_answers() {
    let db = Database::sqlite();
    let server = Server::start(&db, 0, &[("ACQUIS_HEADER_TIMEOUT_SECS", "2")]);
    let opened = Instant::now();
    let mut slow: Vec<TcpStream> = (0..200).map(|_| slow_client(server.port)).collect();
    // While they hold their connections, others are served.
    while opened.elapsed() < Duration::from_millis(1500) {
        assert!(
            healthy(server.port, Duration::from_secs(2)),
            "/health answers while 200 slow clients are connected"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for (i, stream) in slow.iter_mut().enumerate() {
        let left = Duration::from_secs(5).saturating_sub(opened.elapsed());
        assert!(
            closed_within(stream, left),
            "slow client {i} still connected {:?} after it opened (header timeout 2 s)",
            opened.elapsed()
        );
    }
    assert!(
        opened.elapsed() >= Duration::from_millis(1500),
        "cut off by the timeout, not at once"
    );
    assert!(healthy(server.port, Duration::from_secs(2)));
}

#[test]
fn sigterm_exits_within_the_shutdown_timeout_despite_slow_clients() {
    let db = Database::sqlite();
    let server = Server::start(
        &db,
        0,
        &[
            ("ACQUIS_HEADER_TIMEOUT_SECS", "60"),
            ("ACQUIS_SHUTDOWN_TIMEOUT_SECS", "3"),
        ],
    );
    let _slow: Vec<TcpStream> = (0..50).map(|_| slow_client(server.port)).collect();
    // Answered after them, so they were accepted first.
    assert!(healthy(server.port, Duration::from_secs(5)));
    let (status, took) = server
        .terminate(Duration::from_secs(10))
        .expect("acquis serve exits within 10 s of SIGTERM with 50 slow clients connected");
    assert!(status.success(), "exit status {status:?}");
    assert!(
        took >= Duration::from_secs(2),
        "waited for requests in progress: {took:?}"
    );
}

#[test]
fn a_client_beyond_max_connections_waits_and_health_answers_once_the_others_leave() {
    let db = Database::sqlite();
    let server = Server::start(
        &db,
        0,
        &[
            ("ACQUIS_MAX_CONNECTIONS", "4"),
            ("ACQUIS_HEADER_TIMEOUT_SECS", "60"),
        ],
    );
    let holders: Vec<TcpStream> = (0..4).map(|_| slow_client(server.port)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut fifth = TcpStream::connect(("127.0.0.1", server.port)).expect("queued in the backlog");
    fifth
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("request sent");
    fifth
        .set_read_timeout(Some(Duration::from_millis(700)))
        .expect("timeout set");
    let mut first = [0u8; 12];
    assert!(
        fifth.read(&mut first).is_err(),
        "a fifth connection is not served while four are held"
    );
    drop(holders);
    fifth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout set");
    let mut reply = Vec::new();
    let _ = fifth.read_to_end(&mut reply);
    assert!(
        reply.starts_with(b"HTTP/1.1 200"),
        "the waiting client is served once the others leave: {:?}",
        String::from_utf8_lossy(&reply)
    );
    for _ in 0..10 {
        assert!(healthy(server.port, Duration::from_secs(2)));
    }
}
