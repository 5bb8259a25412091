//! `acquis backup` while the server writes answers, and `acquis restore` of that copy.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::support::{Database, Server, acquis, call, learner};

/// Answers acknowledged so far: (assessment, challenge).
type Acked = Arc<Mutex<HashSet<(i64, String)>>>;

/// Learners skipping questions in a loop; the answers acknowledged so far.
fn answering(
    port: u16,
    learners: usize,
    stop: &Arc<AtomicBool>,
) -> (Acked, Vec<std::thread::JoinHandle<()>>) {
    let acked: Acked = Arc::default();
    let threads = (0..learners)
        .map(|i| {
            let l = learner(port, &format!("b{i}@example.org"));
            let (acked, stop) = (acked.clone(), stop.clone());
            std::thread::spawn(move || {
                let competences = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "4.1"];
                for competence in competences.iter().cycle().take(64) {
                    let body = json!({ "competence": competence });
                    let started = call(
                        port,
                        "POST",
                        "/api/v1/competence-evaluations",
                        Some(&l.token),
                        Some(&body),
                    );
                    let Some(id) = started.and_then(|r| r.json["assessment_id"].as_i64()) else {
                        continue;
                    };
                    while !stop.load(Ordering::Relaxed) {
                        let next = call(
                            port,
                            "GET",
                            &format!("/api/v1/assessments/{id}/next"),
                            Some(&l.token),
                            None,
                        );
                        let Some(challenge) = next
                            .and_then(|r| r.json["challenge"]["id"].as_str().map(str::to_owned))
                        else {
                            break;
                        };
                        let body = json!({ "challenge_id": challenge, "value": "#ABAND#" });
                        let reply = call(
                            port,
                            "POST",
                            &format!("/api/v1/assessments/{id}/answers"),
                            Some(&l.token),
                            Some(&body),
                        );
                        if reply.is_some_and(|r| r.status == 201 || r.status == 200) {
                            acked.lock().unwrap().insert((id, challenge));
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                }
            })
        })
        .collect();
    (acked, threads)
}

#[test]
fn a_backup_taken_while_answers_are_written_restores_every_answer_acknowledged_before_it() {
    let db = Database::sqlite();
    let server = Server::start(&db, 0, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let (acked, threads) = answering(server.port, 4, &stop);
    std::thread::sleep(Duration::from_millis(1500));
    let before: HashSet<(i64, String)> = acked.lock().unwrap().clone();
    let copy = db.dir.path().join("copy.db");
    db.run(&["backup", copy.to_str().expect("a UTF-8 path")]);
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("a learner thread");
    }
    assert!(
        before.len() >= 5,
        "answers were being written: {}",
        before.len()
    );

    // A database the server holds is not restored over.
    let refused = acquis()
        .args([
            "restore",
            copy.to_str().unwrap_or_default(),
            "--database-url",
            &db.url,
        ])
        .output()
        .expect("acquis runs");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("stop it before restoring"), "{stderr}");

    let fresh = Database::sqlite();
    let out = fresh.run(&["restore", copy.to_str().unwrap_or_default()]);
    assert!(out.contains("restored"), "{out}");
    assert!(fresh.run(&["check"]).contains("database is sound"));
    let restored = fresh.answers();
    let missing: Vec<_> = before.difference(&restored).collect();
    assert!(
        missing.is_empty(),
        "answers acknowledged before the backup and lost: {missing:?}"
    );
    let _ = server.terminate(Duration::from_secs(15));
}

#[test]
fn restore_refuses_a_file_that_is_not_an_acquis_database() {
    let db = Database::sqlite();
    let junk = db.dir.path().join("notes.txt");
    std::fs::write(&junk, "not a database").expect("a file");
    let empty = db.dir.path().join("empty.db");
    let made = std::process::Command::new("sqlite3")
        .arg(&empty)
        .arg("CREATE TABLE t (x);")
        .stdout(std::process::Stdio::null())
        .status();
    for file in [junk.clone(), db.dir.path().join("absent.db")]
        .into_iter()
        .chain(made.is_ok_and(|s| s.success()).then_some(empty))
    {
        let out = acquis()
            .args([
                "restore",
                file.to_str().unwrap_or_default(),
                "--database-url",
                &db.url,
            ])
            .output()
            .expect("acquis runs");
        assert_eq!(out.status.code(), Some(1), "{file:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains("is not a valid Acquis database"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert!(!db.dir.path().join("acquis.db").exists(), "nothing written");
}

#[test]
fn backup_on_postgresql_points_to_pg_dump() {
    let Some(db) = Database::postgres() else {
        eprintln!("ACQUIS_TEST_DATABASE_URL not set: skipped");
        return;
    };
    let out = acquis()
        .args(["backup", "/tmp/never-written.db", "--database-url", &db.url])
        .output()
        .expect("acquis runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pg_dump"), "{stderr}");
}
