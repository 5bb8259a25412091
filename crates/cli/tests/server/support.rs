//! The real `acquis` binary on a throw-away database, and a small blocking HTTP client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The `acquis` binary with no database or address inherited from the environment.
pub fn acquis() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acquis"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("ACQUIS_DATABASE_URL")
        .env_remove("ACQUIS_BIND")
        .env_remove("ACQUIS_PUBLIC_URL");
    cmd
}

/// A fresh database: a SQLite file in a temporary folder, or a PostgreSQL database of its own
/// (dropped at the end) on the server `ACQUIS_TEST_DATABASE_URL` names.
pub struct Database {
    /// Its URL.
    pub url: String,
    /// The backend's name, for messages.
    pub backend: &'static str,
    /// The temporary folder (also for logs and backups).
    pub dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

fn unique() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl Database {
    /// A new SQLite database file (created by the first command that opens it).
    pub fn sqlite() -> Database {
        let dir = tempfile::tempdir().expect("a temporary folder");
        Database {
            url: format!("sqlite://{}", dir.path().join("acquis.db").display()),
            backend: "sqlite",
            dir,
            postgres: None,
        }
    }

    /// A new PostgreSQL database, if `ACQUIS_TEST_DATABASE_URL` is set.
    pub fn postgres() -> Option<Database> {
        let admin = std::env::var("ACQUIS_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = format!("acquis_srv_{}", unique());
        runtime().block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("the PostgreSQL test server answers");
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .expect("a test database");
            let _ = conn.close().await;
        });
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin.as_str(), String::new()),
        };
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        Some(Database {
            url: format!("{server}/{name}{query}"),
            backend: "postgres",
            dir: tempfile::tempdir().expect("a temporary folder"),
            postgres: Some((admin, name)),
        })
    }

    /// SQLite, and PostgreSQL when configured (said when skipped).
    pub fn each() -> Vec<Database> {
        let mut all = vec![Database::sqlite()];
        match Database::postgres() {
            Some(db) => all.push(db),
            None => eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL run skipped"),
        }
        all
    }

    /// One number from a SQL query.
    pub fn scalar(&self, sql: &str) -> i64 {
        let url = self.url.clone();
        let sql = sql.to_owned();
        runtime().block_on(async move {
            use sqlx::Connection;
            if self.postgres.is_some() {
                let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
                let n: i64 = sqlx::query_scalar(&sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("query");
                let _ = conn.close().await;
                n
            } else {
                let mut conn = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connect");
                let n: i64 = sqlx::query_scalar(&sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("query");
                let _ = conn.close().await;
                n
            }
        })
    }

    /// The challenges answered in each assessment: `(assessment_id, challenge_id)`.
    pub fn answers(&self) -> std::collections::HashSet<(i64, String)> {
        let url = self.url.clone();
        let sql = "SELECT assessment_id, challenge_id FROM answers";
        runtime().block_on(async move {
            use sqlx::Connection;
            let rows: Vec<(i64, String)> = if self.postgres.is_some() {
                let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
                sqlx::query_as(sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("query")
            } else {
                let mut conn = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connect");
                sqlx::query_as(sql)
                    .fetch_all(&mut conn)
                    .await
                    .expect("query")
            };
            rows.into_iter().collect()
        })
    }

    /// `acquis ARGS --database-url URL`, which must succeed; its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = acquis()
            .args(args)
            .args(["--database-url", &self.url])
            .current_dir(self.dir.path())
            .output()
            .expect("acquis runs");
        assert!(
            out.status.success(),
            "acquis {args:?} on {}: {}{}",
            self.backend,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.postgres.take() {
            runtime().block_on(async move {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .execute(&mut conn)
                            .await;
                    let _ = conn.close().await;
                }
            });
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A running `acquis serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl Server {
    /// Starts `acquis serve` on `db` at `127.0.0.1:port` (0: any), with extra environment
    /// variables, and waits until it listens.
    pub fn start(db: &Database, port: u16, env: &[(&str, &str)]) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(db.dir.path().join("serve.log"))
            .expect("a log file");
        let mut cmd = acquis();
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &db.url])
            .current_dir(db.dir.path())
            .env("RUST_LOG", "warn")
            .env("ACQUIS_AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
            .stdout(Stdio::piped())
            .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("acquis serve starts");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        let _ = out.read_line(&mut line);
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                let log =
                    std::fs::read_to_string(db.dir.path().join("serve.log")).unwrap_or_default();
                panic!("no address announced: {line:?}\n{log}")
            });
        // Keep reading so that the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Server { child, port }
    }

    /// SIGKILL, as a crash would.
    pub fn crash(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits at most `limit` for the exit: its status and how long it took
    /// (`None` if it was still running, and then it is killed).
    pub fn terminate(mut self, limit: Duration) -> Option<(ExitStatus, Duration)> {
        let started = Instant::now();
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        while started.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some((status, started.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A response: status and JSON body (`Null` when the body is not JSON).
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// The body as JSON.
    pub json: serde_json::Value,
}

/// One request on a new connection, with a 10 s budget; `None` when the server does not
/// answer (down, killed mid-way, timed out).
pub fn call(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> Option<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        unchunk(body)?
    } else {
        body.to_owned()
    };
    Some(Reply {
        status,
        json: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    })
}

fn unchunk(mut body: &str) -> Option<String> {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n")?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.push_str(rest.get(..size)?);
        body = rest.get(size + 2..)?;
    }
}

/// `GET /health` answered 200 within `within`.
pub fn healthy(port: u16, within: Duration) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(within));
    if stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    raw.starts_with(b"HTTP/1.1 200")
}

/// A learner with an account and an API token.
#[derive(Debug, Clone)]
pub struct Learner {
    /// The account's id.
    pub id: i64,
    /// Bearer token.
    pub token: String,
}

/// Signs up `email` and gets a token.
pub fn learner(port: u16, email: &str) -> Learner {
    let password = "Motdepasse1";
    let created = call(
        port,
        "POST",
        "/api/v1/users",
        None,
        Some(&serde_json::json!({
            "first_name": "Léa", "last_name": "Martin", "email": email,
            "password": password, "accept_terms": true
        })),
    )
    .expect("sign-up answered");
    assert_eq!(created.status, 201, "{:?}", created.json);
    let token = call(
        port,
        "POST",
        "/api/v1/token",
        None,
        Some(&serde_json::json!({ "email": email, "password": password })),
    )
    .expect("token answered");
    assert_eq!(token.status, 200, "{:?}", token.json);
    Learner {
        id: created.json["id"].as_i64().expect("an id"),
        token: token.json["access_token"]
            .as_str()
            .expect("a token")
            .to_owned(),
    }
}
