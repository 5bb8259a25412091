//! Acquis in a real browser: headless Chromium driven by the scripts of `tests/browser`
//! (playwright-core + axe-core, helpers in `lib.mjs`) against `acquis serve` on a fresh SQLite
//! database in a temporary folder. Each scenario runs axe-core on every main page and keeps a
//! full-page screenshot of each in `target/browser-artifacts` (plus `report.json`).
//!
//! - `journey.mjs`, the learner portal: signs up, completes an evaluation of competence 1.1 by
//!   clicking, checks the profile, switches language, signs out.
//! - `orga.mjs`, the organisation portal (screenshots in `browser-artifacts/orga`): the
//!   organisation and the invitation of its administrator come from `acquis org create`; the
//!   administrator creates a target profile and a campaign, a learner joins by code, finishes
//!   and shares, the administrator follows up and downloads the CSV export.
//! - `certif.mjs`, the certification portal (screenshots in `browser-artifacts/certif`): the
//!   centre from `acquis centre create`, two certifiable candidates from `acquis demo
//!   certifiable`; a session, enrolment by form and by file, the invigilator's live page,
//!   a candidate who raises an alert and answers 32 questions, another ended by the invigilator.
//! - `site.mjs`, what a new user finds (screenshots in `browser-artifacts/site`): the code box,
//!   the legal pages, the 404 page, sign-in and sign-up coming back to an invitation, form
//!   errors with the focus on their summary, the focus ring's contrast, "Mes tutos", "Mes
//!   parcours", French content marked on English pages, names and the data download.
//!
//! - `admin_content.mjs`, content releases in the operator's portal (screenshots in
//!   `browser-artifacts/admin-content`): a person made super-administrator by `acquis admin
//!   create` uploads the bundled content zipped with a YAML error (the report), then fixed
//!   (the diff), publishes it (the learner's profile shows the change) and rolls back.
//!
//! Needs `/usr/bin/chromium` (or `ACQUIS_CHROMIUM`) and `npm ci --prefix tests/browser`. When
//! either is missing the tests are skipped, unless `ACQUIS_BROWSER_TESTS=1` (as in CI), where
//! they fail instead. The scenarios run one at a time: two Chromiums at once on a small CI
//! machine make steps time out.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;
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

/// Whether the browser tests must run (CI) rather than be skipped when their tools are missing.
fn required() -> bool {
    std::env::var("ACQUIS_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

/// One scenario at a time (see the module's documentation).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What a browser scenario needs; `None` (after saying why) when the test is skipped.
struct Tools {
    root: PathBuf,
    browser_dir: PathBuf,
    chromium: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

impl Tools {
    /// The tools, or `None` when one is missing and `ACQUIS_BROWSER_TESTS` is not `1` (panics
    /// when it is).
    fn find() -> Option<Tools> {
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
            return None;
        }
        // A scenario that panicked released the lock poisoned; the next one can still run.
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Some(Tools {
            root,
            browser_dir,
            chromium,
            _turn: turn,
        })
    }
}

/// The `acquis` binary, run in `dir` (its SQLite database `acquis.db` and mail `outbox`) with
/// no configuration from the environment but quiet logs.
fn acquis(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acquis"));
    command
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("ACQUIS_DATABASE_URL")
        .env_remove("ACQUIS_BIND")
        .env_remove("ACQUIS_SMTP_URL")
        .env_remove("ACQUIS_PUBLIC_URL")
        .env("ACQUIS_LOG_LEVEL", "warn")
        .stdin(Stdio::null());
    command
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

/// `acquis serve` on a free port of 127.0.0.1, in `dir`.
struct Served {
    server: Server,
    base_url: String,
    /// The server's stderr, read to the end (shown when a scenario fails).
    log: JoinHandle<String>,
}

impl Served {
    fn start(dir: &Path) -> Served {
        let mut child = acquis(dir)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("acquis serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
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
        Served {
            server,
            base_url,
            log,
        }
    }

    /// Runs `node tests/browser/{script} BASE_URL ARTIFACTS` with `env`, stops the server and
    /// fails with the scenario's output and the server's log unless the scenario passed.
    fn run_scenario(self, tools: &Tools, script: &str, artifacts: &Path, env: &[(&str, &str)]) {
        let out = Command::new("node")
            .arg(tools.browser_dir.join(script))
            .arg(&self.base_url)
            .arg(artifacts)
            .env("CHROMIUM_PATH", &tools.chromium)
            .envs(env.iter().copied())
            .current_dir(&tools.root)
            .stdin(Stdio::null())
            .output()
            .expect("node runs");
        drop(self.server);
        let server_log = self.log.join().unwrap_or_default();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("{stdout}");
        eprintln!("{stderr}");
        assert!(
            out.status.success(),
            "the browser scenario {script} failed ({}); screenshots in {}\n--- scenario output\n{stdout}\n{stderr}\n--- server log\n{server_log}",
            out.status,
            artifacts.display()
        );
    }
}

#[test]
fn learner_journey_in_headless_chromium_is_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let artifacts = artifacts_dir(&tools.root);
    Served::start(dir.path()).run_scenario(&tools, "journey.mjs", &artifacts, &[]);
}

#[test]
fn organisation_portal_in_headless_chromium_is_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (name, admin) = ("Université du Parcours", "admin-orga@example.org");
    // The operator's command: the organisation, and an invitation for its administrator (who
    // has no account yet) written to the outbox; it prints the link.
    let created = acquis(dir.path())
        .args(["org", "create", "--name", name, "--kind", "SUP"])
        .args(["--admin-email", admin])
        .output()
        .expect("acquis org create runs");
    let printed = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "acquis org create failed ({}):\n{printed}\n{}",
        created.status,
        String::from_utf8_lossy(&created.stderr)
    );
    let invitation = printed
        .lines()
        .find(|l| l.contains("/orga/rejoindre?invitation="))
        .unwrap_or_else(|| panic!("acquis org create printed no invitation link:\n{printed}"))
        .trim()
        .to_owned();
    let artifacts = artifacts_dir(&tools.root).join("orga");
    Served::start(dir.path()).run_scenario(
        &tools,
        "orga.mjs",
        &artifacts,
        &[
            ("ORGA_INVITATION", &invitation),
            ("ORGA_ADMIN_EMAIL", admin),
            ("ORGA_NAME", name),
        ],
    );
}

/// One challenge page the `challenges.mjs` scenario opens: an assessment of a learner on
/// `competence` whose current challenge is `challenge`, as the engine would have left it.
struct Case {
    name: &'static str,
    competence: &'static str,
    challenge: &'static str,
    clock: CaseClock,
}

/// How the case's challenge was shown.
enum CaseClock {
    /// Just now (untimed challenges).
    Now,
    /// Not yet: a timed challenge waits behind its notice.
    Held,
    /// Long enough ago for its timer to be over.
    Expired,
}

/// One case per simulator of the demo content, then a timed challenge, a timed challenge whose
/// time is over, a focused challenge and one with attachments; each on its own competence, so
/// the competence's results page shows that case's answer.
const CASES: &[Case] = &[
    Case {
        name: "moteur",
        competence: "1.1",
        challenge: "rmc-4a",
        clock: CaseClock::Now,
    },
    Case {
        name: "explorateur",
        competence: "1.2",
        challenge: "rng-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "tableur",
        competence: "1.3",
        challenge: "fref-3a",
        clock: CaseClock::Now,
    },
    Case {
        name: "messagerie",
        competence: "2.1",
        challenge: "cdest-3a",
        clock: CaseClock::Now,
    },
    Case {
        name: "reseau-social",
        competence: "2.2",
        challenge: "aud-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "historique-versions",
        competence: "2.3",
        challenge: "hver-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "traitement-texte",
        competence: "3.1",
        challenge: "c31-sty-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "robot",
        competence: "3.4",
        challenge: "c34-seq-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "hameconnage",
        competence: "4.1",
        challenge: "phish-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "confidentialite",
        competence: "4.2",
        challenge: "vregl-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "parametres-reseau",
        competence: "5.1",
        challenge: "wifi-2a",
        clock: CaseClock::Now,
    },
    Case {
        name: "installateur",
        competence: "5.2",
        challenge: "inst-3a",
        clock: CaseClock::Now,
    },
    Case {
        name: "chronometree",
        competence: "4.3",
        challenge: "cyberh-2a",
        clock: CaseClock::Held,
    },
    Case {
        name: "temps-ecoule",
        competence: "3.2",
        challenge: "c32-img-3b",
        clock: CaseClock::Expired,
    },
    Case {
        name: "focalisee",
        competence: "2.4",
        challenge: "dem-2b",
        clock: CaseClock::Now,
    },
    Case {
        name: "pieces-jointes",
        competence: "3.3",
        challenge: "c33-acc-3a",
        clock: CaseClock::Now,
    },
];

/// A learner and the assessments of `CASES`, written in the served database; the cases as
/// JSON for the scenario (`[{"name", "competence", "challenge", "assessment"}]`).
fn prepare_cases(dir: &Path, email: &str, password: &str) -> String {
    use acquis_store::{AssessmentKind, NewAssessment, NewUser, Store};
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let url = format!("sqlite://{}", dir.join("acquis.db").display());
        let store = Store::connect(&url).await.expect("the served database");
        let release_id = store
            .live_release_id()
            .await
            .expect("the live release")
            .expect("serve published the bundled content");
        let hash = acquis_app::accounts::password::hash(password)
            .await
            .expect("the password hashes");
        let user = store
            .create_user(
                NewUser {
                    first_name: "Camille",
                    last_name: "Épreuves",
                    email,
                    password_hash: &hash,
                    locale: "fr",
                    terms_accepted_at: Some(chrono::Utc::now()),
                },
                chrono::Utc::now(),
            )
            .await
            .expect("the learner is created");
        let mut cases = Vec::new();
        for case in CASES {
            let assessment = store
                .create_assessment(
                    NewAssessment {
                        user_id: user.id,
                        kind: AssessmentKind::CompetenceEvaluation,
                        competence: Some(case.competence),
                        seed: 7,
                        release_id,
                        locale: "fr",
                        improving: false,
                    },
                    chrono::Utc::now(),
                )
                .await
                .expect("the assessment is created");
            let now = chrono::Utc::now();
            match case.clock {
                CaseClock::Now => {
                    store
                        .show_challenge(assessment.id, case.challenge, now)
                        .await
                }
                CaseClock::Held => {
                    store
                        .hold_challenge(assessment.id, case.challenge, chrono::Utc::now())
                        .await
                }
                CaseClock::Expired => {
                    let long_ago = now - chrono::Duration::minutes(10);
                    store
                        .show_challenge(assessment.id, case.challenge, long_ago)
                        .await
                }
            }
            .expect("the challenge is current");
            cases.push(serde_json::json!({
                "name": case.name,
                "competence": case.competence,
                "challenge": case.challenge,
                "assessment": assessment.id,
            }));
        }
        serde_json::Value::Array(cases).to_string()
    })
}

#[test]
fn every_kind_of_challenge_works_in_headless_chromium() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path());
    let (email, password) = ("camille.epreuves@example.org", "Epreuves-2026");
    let cases = prepare_cases(dir.path(), email, password);
    let artifacts = artifacts_dir(&tools.root).join("challenges");
    served.run_scenario(
        &tools,
        "challenges.mjs",
        &artifacts,
        &[
            ("CASES", &cases),
            ("LEARNER_EMAIL", email),
            ("LEARNER_PASSWORD", password),
        ],
    );
}

#[test]
fn site_pages_in_headless_chromium_are_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (name, email) = ("Collège du Site", "site@example.org");
    let created = acquis(dir.path())
        .args(["org", "create", "--name", name, "--kind", "SCO"])
        .args(["--admin-email", email])
        .output()
        .expect("acquis org create runs");
    let printed = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "acquis org create failed:\n{printed}"
    );
    let invitation = printed
        .lines()
        .find(|l| l.contains("/orga/rejoindre?invitation="))
        .unwrap_or_else(|| panic!("no invitation link printed:\n{printed}"))
        .trim()
        .to_owned();
    let artifacts = artifacts_dir(&tools.root).join("site");
    Served::start(dir.path()).run_scenario(
        &tools,
        "site.mjs",
        &artifacts,
        &[
            ("SITE_INVITATION", &invitation),
            ("SITE_ORG_NAME", name),
            ("SITE_EMAIL", email),
        ],
    );
}

#[test]
fn certification_portal_in_headless_chromium_is_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let admin = "admin-certif@example.org";
    let created = acquis(dir.path())
        .args([
            "centre",
            "create",
            "--name",
            "Centre du Navigateur",
            "--kind",
            "PRO",
        ])
        .args(["--admin-email", admin])
        .output()
        .expect("acquis centre create runs");
    let printed = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "acquis centre create failed:\n{printed}\n{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let invitation = printed
        .lines()
        .find(|l| l.contains("/certif/rejoindre?invitation="))
        .unwrap_or_else(|| panic!("no invitation link printed:\n{printed}"))
        .trim()
        .to_owned();
    let candidates = [
        ("alice.candidate@example.org", "Alice", "Martin"),
        ("bruno.candidat@example.org", "Bruno", "Lefèvre"),
    ];
    for (email, first, last) in candidates {
        let out = acquis(dir.path())
            .args([
                "demo",
                "certifiable",
                "--email",
                email,
                "--password",
                "Motdepasse1",
            ])
            .args(["--first-name", first, "--last-name", last])
            .output()
            .expect("acquis demo certifiable runs");
        assert!(
            out.status.success(),
            "acquis demo certifiable failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let artifacts = artifacts_dir(&tools.root).join("certif");
    Served::start(dir.path()).run_scenario(
        &tools,
        "certif.mjs",
        &artifacts,
        &[
            ("CERTIF_INVITATION", &invitation),
            ("CERTIF_ADMIN_EMAIL", admin),
            ("CANDIDATE_A", candidates[0].0),
            ("CANDIDATE_B", candidates[1].0),
            ("ACQUIS_BIN", env!("CARGO_BIN_EXE_acquis")),
            ("ACQUIS_WORKDIR", &dir.path().display().to_string()),
        ],
    );
}

/// The operator's support journey: find a person, unblock, correct, anonymise, read the log.
#[test]
fn support_journey_in_headless_chromium_is_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let artifacts = artifacts_dir(&tools.root).join("support");
    Served::start(dir.path()).run_scenario(
        &tools,
        "support.mjs",
        &artifacts,
        &[
            ("ACQUIS_BIN", env!("CARGO_BIN_EXE_acquis")),
            ("ACQUIS_WORKDIR", &dir.path().display().to_string()),
        ],
    );
}

/// The bundled content folder as a `.zip`, with `edit` applied to `framework.yaml`.
fn zipped_content(root: &Path, edit: impl Fn(&str) -> String, out: &Path) {
    use std::io::Write;
    let source = acquis_content::ContentSource::from_dir(&root.join("content"))
        .expect("the bundled content folder reads");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).expect("the zip is created"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in source.files() {
        // People zip the folder itself: the archive holds `contenu/…`.
        writer
            .start_file(format!("contenu/{path}"), options)
            .expect("an entry starts");
        if path == "framework.yaml" {
            let text = std::str::from_utf8(bytes).expect("framework.yaml is UTF-8");
            writer.write_all(edit(text).as_bytes()).expect("written");
        } else {
            writer.write_all(bytes).expect("written");
        }
    }
    writer.finish().expect("the zip is finished");
}

#[test]
fn content_releases_in_headless_chromium_are_accessible() {
    let Some(tools) = Tools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let old_title = "title: { fr: Mener une recherche et une veille d'information,";
    let new_title = "Mener une recherche et une veille d'information en ligne";
    let fixed = move |text: &str| {
        assert!(
            text.contains(old_title),
            "competence 1.1's title is in framework.yaml"
        );
        text.replacen(old_title, &format!("title: {{ fr: {new_title},"), 1)
            .replacen("version: \"", "version: \"navigateur-", 1)
    };
    let fixed_zip = dir.path().join("contenu-corrige.zip");
    let broken_zip = dir.path().join("contenu-erreur.zip");
    zipped_content(&tools.root, fixed, &fixed_zip);
    zipped_content(
        &tools.root,
        |text| fixed(text).replacen("max_reachable_level: 6", "max_reachable_level: beaucoup", 1),
        &broken_zip,
    );
    let artifacts = artifacts_dir(&tools.root).join("admin-content");
    Served::start(dir.path()).run_scenario(
        &tools,
        "admin_content.mjs",
        &artifacts,
        &[
            ("ADMIN_EMAIL", "super-admin@example.org"),
            ("CONTENT_BROKEN_ZIP", &broken_zip.display().to_string()),
            ("CONTENT_FIXED_ZIP", &fixed_zip.display().to_string()),
            ("CONTENT_NEW_TITLE", new_title),
            ("ACQUIS_BIN", env!("CARGO_BIN_EXE_acquis")),
            ("ACQUIS_WORKDIR", &dir.path().display().to_string()),
        ],
    );
}
