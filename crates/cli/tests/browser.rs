//! The learner journey in a real browser: headless Chromium, driven by
//! `tests/browser/journey.mjs` (playwright-core + axe-core), against `acquis serve` on a fresh
//! SQLite database. It signs up, completes an evaluation of competence 1.1 by clicking, checks
//! the profile, switches language, signs out, runs axe-core on every main page and keeps a
//! full-page screenshot of each in `target/browser-artifacts`.
//!
//! Needs `/usr/bin/chromium` (or `ACQUIS_CHROMIUM`) and `npm ci --prefix tests/browser`. When
//! either is missing the test is skipped, unless `ACQUIS_BROWSER_TESTS=1` (as in CI), where it
//! fails instead.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn chromium() -> PathBuf {
    std::env::var_os("ACQUIS_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// `target/browser-artifacts`, under `CARGO_TARGET_DIR` when set.
fn artifacts_dir(root: &Path) -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        }
        _ => root.join("target"),
    };
    target.join("browser-artifacts")
}

/// Whether the browser test must run (CI) rather than be skipped when its tools are missing.
fn required() -> bool {
    std::env::var("ACQUIS_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

/// The server, stopped with SIGTERM (then killed if it lingers) when dropped.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's stdout until it announces its address; keeps draining it afterwards.
fn announced_address(stdout: ChildStdout) -> Option<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let mut sent = false;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if !sent && let Some(rest) = line.split("running on ").nth(1) {
                        let url = rest.split_whitespace().next().unwrap_or("");
                        let _ = tx.send(url.trim_end_matches('/').to_owned());
                        sent = true;
                    }
                }
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(60)).ok()
}

#[test]
fn learner_journey_in_headless_chromium_is_accessible() {
    let root = workspace_root();
    let browser_dir = root.join("tests/browser");
    let chromium = chromium();
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!(
            "{} not found (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !browser_dir.join("node_modules/playwright-core").is_dir()
        || !browser_dir.join("node_modules/axe-core").is_dir()
    {
        missing.push(format!(
            "{} not found (npm ci --prefix tests/browser)",
            browser_dir.join("node_modules").display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !matches!(node, Ok(ref o) if o.status.success()) {
        missing.push("node not found (Node.js 20 or later)".into());
    }
    if !missing.is_empty() {
        let why = missing.join("; ");
        if required() {
            panic!("ACQUIS_BROWSER_TESTS=1 but the browser test cannot run: {why}");
        }
        eprintln!("browser test skipped (set ACQUIS_BROWSER_TESTS=1 to require it): {why}");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_acquis"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("ACQUIS_DATABASE_URL")
        .env_remove("ACQUIS_BIND")
        .env_remove("ACQUIS_SMTP_URL")
        .env("ACQUIS_LOG_LEVEL", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("acquis serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let server = Server { child };
    let Some(base_url) = announced_address(stdout) else {
        drop(server);
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        panic!("acquis serve did not announce its address within 60 s:\n{err}");
    };
    // Keep the server's log flowing (and shown on failure) without blocking it.
    let log = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        err
    });

    let artifacts = artifacts_dir(&root);
    let out = Command::new("node")
        .arg(browser_dir.join("journey.mjs"))
        .arg(&base_url)
        .arg(&artifacts)
        .env("CHROMIUM_PATH", &chromium)
        .current_dir(&root)
        .stdin(Stdio::null())
        .output()
        .expect("node runs");
    drop(server);
    let server_log = log.join().unwrap_or_default();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "the browser journey failed ({}); screenshots in {}\n--- journey output\n{stdout}\n{stderr}\n--- server log\n{server_log}",
        out.status,
        artifacts.display()
    );
}
