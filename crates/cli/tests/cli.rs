//! The `acquis` binary as a user runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "cli/calibrate.rs"]
mod calibrate;

fn acquis() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acquis"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("ACQUIS_DATABASE_URL")
        .env_remove("ACQUIS_BIND");
    cmd
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

#[test]
fn content_check_json_gives_the_documented_counts() {
    let out = acquis()
        .args(["content", "check"])
        .arg(content_dir())
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "areas",
        "competences",
        "tubes",
        "skills",
        "challenges",
        "challenges_by_type",
        "attachments",
        "embeds",
        "timed",
        "focused",
        "tutorials",
    ] {
        assert!(json.get(key).is_some(), "missing key {key} in {json}");
    }
    assert_eq!(json["areas"], 5);
    assert_eq!(json["competences"], 16);
}

#[test]
fn content_check_reports_every_error_with_file_and_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("framework.yaml"), "name: x\nversion: \"1\"\nmax_reachable_level: 6\nareas:\n  - code: \"1\"\n    title: { fr: A }\n    competences:\n      - code: \"1.1\"\n        title: { fr: B }\n        description: { fr: C }\n        colour: red\n").unwrap();
    std::fs::create_dir_all(dir.path().join("competences/1.1")).unwrap();
    std::fs::write(
        dir.path().join("competences/1.1/t.yaml"),
        "id: \"@t\"\ncompetence: \"1.1\"\nthematic: a\ntitle: b\n",
    )
    .unwrap();
    let out = acquis()
        .args(["content", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("framework.yaml:11: competences[0].colour: Unknown field `colour`")
            || stderr.contains("framework.yaml:11:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("t.yaml:1:") && stderr.contains("missing field `description`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing imported"), "{stderr}");
}

#[test]
fn content_import_refuses_an_invalid_folder_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = acquis()
        .args(["content", "import"])
        .arg(dir.path())
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !db.exists(),
        "an invalid content set must not even open the database"
    );
}

#[test]
fn a_bad_database_url_is_one_clear_line_and_a_failure() {
    for url in [
        "postgres://x:y@@:badport/",
        "mysql://somewhere/db",
        "postgres://nobody@127.0.0.1:1/none",
    ] {
        let out = acquis()
            .arg("migrate")
            .env("DATABASE_URL", url)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{url}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line for {url}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains(":y@"),
            "{stderr}"
        );
    }
}

/// Sends a GET and returns the status line and body.
fn get(port: u16, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default().to_owned();
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

#[test]
fn serve_with_no_configuration_creates_the_database_imports_the_content_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = acquis()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address announced: {line:?}"));

    let (status, body) = get(port, "/health");
    assert!(status.contains("200"), "{status} {body}");
    assert!(body.contains("\"database\":\"ok\""), "{body}");
    let (status, body) = get(port, "/");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("Information et données"));
    assert!(
        dir.path().join("acquis.db").exists(),
        "./acquis.db is created in the working directory"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
}

#[test]
fn content_import_publishes_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let out = acquis()
        .args(["content", "import"])
        .arg(content_dir())
        .args(["--publish", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("release 1 imported") && stdout.contains("published"),
        "{stdout}"
    );
    let out = acquis()
        .args(["content", "import"])
        .arg(content_dir())
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("not published"));
}

#[test]
fn the_bundled_framework_meets_the_minimum_counts_in_json() {
    let out = acquis()
        .args(["content", "check"])
        .arg(content_dir())
        .arg("--json")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |key: &str| json[key].as_u64().unwrap_or(0);
    assert!(n("challenges") >= 700, "{json}");
    assert!(n("attachments") >= 40, "{json}");
    assert!(n("embed_files") >= 10, "{json}");
    assert!(n("timed") >= 30 && n("focused") >= 20, "{json}");
    for kind in ["qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep"] {
        assert!(
            json["challenges_by_type"][kind].as_u64().unwrap_or(0) > 0,
            "no {kind}: {json}"
        );
    }
}

#[test]
fn demo_campaign_writes_participants_who_shared_and_prints_an_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let out = acquis()
        .args([
            "demo",
            "campaign",
            "--participants",
            "25",
            "--batch",
            "10",
            "--database-url",
            &url,
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("25 participants"), "{stdout}");
    assert!(
        stdout.contains("administrator: admin-") && stdout.contains("/orga/"),
        "{stdout}"
    );
}

/// Sends a raw HTTP/1.1 request and returns the whole response.
fn raw(port: u16, request: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn mailed_links_lead_to_the_port_actually_bound_when_no_public_url_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = acquis()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .env_remove("ACQUIS_PUBLIC_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address announced: {line:?}"));
    let user = r#"{"first_name":"Lina","last_name":"Roux","email":"lina@example.org","password":"Motdepasse1","accept_terms":true}"#;
    let created = raw(
        port,
        &format!(
            "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{user}",
            user.len()
        ),
    );
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    let form = raw(
        port,
        "GET /mot-de-passe-oublie HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    let cookie = form
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let csrf = form
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF token")
        .to_owned();
    let body = format!("csrf={csrf}&email=lina%40example.org");
    let sent = raw(
        port,
        &format!(
            "POST /mot-de-passe-oublie HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    // The server's job worker writes the mail just after the reply: wait for it (5 s at most).
    let reset_mail = || {
        std::fs::read_dir(dir.path().join("outbox"))
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .find(|m| m.contains("reinitialiser-mot-de-passe"))
    };
    let mail = (0..100)
        .find_map(|_| {
            reset_mail().or_else(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                None
            })
        })
        .expect("a reset mail in the outbox");
    let unfolded = mail.replace("=\r\n", "").replace("=\n", "");
    assert!(
        unfolded.contains(&format!(
            "http://127.0.0.1:{port}/reinitialiser-mot-de-passe"
        )),
        "{mail}"
    );
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

#[test]
fn centre_create_invites_its_administrator_by_mail_and_refuses_a_bad_kind_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    let migrate = acquis()
        .args(["migrate", "--database-url", &url])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let out = acquis()
        .args([
            "centre",
            "create",
            "--name",
            "Centre Lumière",
            "--kind",
            "PRO",
            "--admin-email",
            "chef@lumiere.test",
            "--database-url",
            &url,
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"Centre Lumière\" created; invitation sent to chef@lumiere.test")
            && stdout.contains("/certif/rejoindre?invitation="),
        "{stdout}"
    );
    let bad = acquis()
        .args([
            "centre",
            "create",
            "--name",
            "X",
            "--kind",
            "ABC",
            "--admin-email",
            "a@b.test",
            "--database-url",
            &url,
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--kind"));
}

#[test]
fn certif_publish_reports_what_it_did_and_the_signing_key_is_private_and_rotates() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("certif.db").display());
    let run = |args: &[&str]| {
        let out = acquis()
            .args(args)
            .args(["--database-url", &url])
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, stdout, stderr) = run(&["certif", "publish", "--all"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("0 published, 0 left"), "{stdout}");
    let (ok, _, stderr) = run(&["certif", "publish", "--session", "999"]);
    assert!(!ok);
    assert!(stderr.contains("session not found"), "{stderr}");
    // The first start created the key file, readable by its owner only.
    let key = dir.path().join("acquis-issuer-key.json");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key).unwrap().permissions());
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    let before = std::fs::read_to_string(&key).unwrap();
    let (ok, stdout, stderr) = run(&["certif", "rotate-key"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("new signing key"), "{stdout}");
    assert_ne!(std::fs::read_to_string(&key).unwrap(), before);
    assert!(!stdout.contains("\"d\""), "the secret is never printed");
}
