//! `acquis serve` killed with SIGKILL while learners join campaigns and answer tests, then
//! restarted: every acknowledged write is there, nothing is half-written, and every test
//! resumes at the right question. On SQLite, and on PostgreSQL when
//! `ACQUIS_TEST_DATABASE_URL` is set.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::Rng;
use serde_json::json;

use crate::support::{Database, Learner, Server, call, learner};

/// Kills per backend.
const CRASHES: usize = 5;

/// `acquis check` on `db` passes.
fn assert_sound(db: &Database, after: &str) {
    let out = db.run(&["check"]);
    assert!(
        out.contains("database is sound"),
        "{} after {after}: {out}",
        db.backend
    );
}

/// A demo campaign with no participant yet; its code.
fn campaign(db: &Database) -> String {
    let out = db.run(&["demo", "campaign", "--participants", "0"]);
    out.split("(code ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no campaign code in {out:?}"))
        .to_owned()
}

#[test]
fn joins_cut_by_crashes_leave_no_participation_learner_or_test_half_written() {
    for db in Database::each() {
        let started = Instant::now();
        joins_survive_crashes(&db);
        eprintln!(
            "{}: joins under crashes in {:?}",
            db.backend,
            started.elapsed()
        );
    }
}

fn joins_survive_crashes(db: &Database) {
    const LEARNERS: usize = 24;
    let code = campaign(db);
    let mut server = Server::start(db, 0, &[]);
    let port = server.port;
    let learners: Vec<Learner> = (0..LEARNERS)
        .map(|i| learner(port, &format!("j{i}@example.org")))
        .collect();
    let path = format!("/api/v1/campaigns/{code}/participations");
    let body = json!({ "external_id": "E1" });
    let joined: Arc<Mutex<HashMap<i64, i64>>> = Arc::default();
    let mut rng = rand::rng();
    for round in 0..CRASHES {
        let queue: Arc<Mutex<VecDeque<Learner>>> = Arc::new(Mutex::new(
            learners
                .iter()
                .filter(|l| !joined.lock().unwrap().contains_key(&l.id))
                .cloned()
                .collect(),
        ));
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let (queue, joined, path, body) =
                    (queue.clone(), joined.clone(), path.clone(), body.clone());
                std::thread::spawn(move || {
                    while let Some(l) = queue.lock().unwrap().pop_front() {
                        let Some(reply) = call(port, "POST", &path, Some(&l.token), Some(&body))
                        else {
                            continue;
                        };
                        if reply.status == 201 {
                            let id = reply.json["participation_id"].as_i64().unwrap_or(0);
                            let previous = joined.lock().unwrap().insert(l.id, id);
                            assert!(previous.is_none() || previous == Some(id));
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.random_range(5..60)));
        server.crash();
        for w in workers {
            w.join().expect("a join worker");
        }
        server = Server::start(db, port, &[]);
        assert_sound(db, &format!("crash {round} during joins"));
    }
    // The rest join on a server left alone; a learner whose join was written but not
    // acknowledged gets the same participation back.
    for l in &learners {
        let reply = call(port, "POST", &path, Some(&l.token), Some(&body)).expect("answered");
        assert_eq!(reply.status, 201, "{:?}", reply.json);
        let id = reply.json["participation_id"].as_i64().unwrap_or(0);
        let previous = joined.lock().unwrap().insert(l.id, id);
        assert!(
            previous.is_none() || previous == Some(id),
            "{}: one participation per learner",
            db.backend
        );
    }
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM campaign_participations"),
        LEARNERS as i64,
        "{}: one participation per learner, none lost or doubled",
        db.backend
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM organization_learners WHERE user_id IS NOT NULL"),
        LEARNERS as i64,
        "{}: one organisation learner per account",
        db.backend
    );
    assert_sound(db, "the last joins");
    let _ = server.terminate(Duration::from_secs(15));
}

/// The competences a learner goes through, one evaluation after another.
const COMPETENCES: [&str; 8] = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "4.1", "5.1"];

/// What one learner did, as the client saw it.
#[derive(Debug, Default)]
struct Journey {
    learner: Option<Learner>,
    /// Index in `COMPETENCES` of the evaluation under way.
    competence: usize,
    /// Its assessment, once started.
    assessment: Option<i64>,
    /// The last challenge `next` returned: (assessment, challenge).
    shown: Option<(i64, String)>,
    /// Answers the server acknowledged (2xx): (assessment, challenge).
    acked: Vec<(i64, String)>,
    /// Replies that must never happen (a 409 for the challenge `next` just gave...).
    anomalies: Vec<String>,
}

impl Journey {
    fn done(&self) -> bool {
        self.competence >= COMPETENCES.len()
    }

    /// One request of the journey; `false` when the server did not answer.
    fn step(&mut self, port: u16) -> bool {
        let token = self
            .learner
            .as_ref()
            .map(|l| l.token.clone())
            .unwrap_or_default();
        let Some(assessment) = self.assessment else {
            let body = json!({ "competence": COMPETENCES[self.competence] });
            let Some(r) = call(
                port,
                "POST",
                "/api/v1/competence-evaluations",
                Some(&token),
                Some(&body),
            ) else {
                return false;
            };
            match (r.status, r.json["state"].as_str()) {
                (201, Some("completed")) => self.competence += 1,
                (201, _) => self.assessment = r.json["assessment_id"].as_i64(),
                (status, _) if status >= 500 => return false,
                (status, _) => self.anomalies.push(format!("start: {status} {}", r.json)),
            }
            return true;
        };
        let next = format!("/api/v1/assessments/{assessment}/next");
        let Some(r) = call(port, "GET", &next, Some(&token), None) else {
            return false;
        };
        if r.status != 200 {
            if r.status < 500 {
                self.anomalies
                    .push(format!("next: {} {}", r.status, r.json));
            }
            return r.status < 500;
        }
        if r.json["state"] == "completed" {
            self.assessment = None;
            self.competence += 1;
            return true;
        }
        let Some(challenge) = r.json["challenge"]["id"].as_str().map(str::to_owned) else {
            self.anomalies
                .push(format!("next without a challenge: {}", r.json));
            return true;
        };
        self.shown = Some((assessment, challenge.clone()));
        let body = json!({ "challenge_id": challenge, "value": "#ABAND#" });
        let answers = format!("/api/v1/assessments/{assessment}/answers");
        let Some(r) = call(port, "POST", &answers, Some(&token), Some(&body)) else {
            return false;
        };
        match r.status {
            200 | 201 => self.acked.push((assessment, challenge)),
            s if s >= 500 => return false,
            s => self.anomalies.push(format!("answer: {s} {}", r.json)),
        }
        true
    }
}

/// Learners answering in threads until `stop`.
fn answer_until(
    port: u16,
    journeys: &[Arc<Mutex<Journey>>],
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    journeys
        .iter()
        .map(|j| {
            let (j, stop) = (j.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let mut journey = j.lock().unwrap();
                    if journey.done() {
                        return;
                    }
                    if !journey.step(port) {
                        drop(journey);
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            })
        })
        .collect()
}

/// After a restart: every acknowledged answer is stored, and each test in progress resumes at
/// the question it showed (unless that one's answer was stored) and never at an answered one.
fn assert_resumes(db: &Database, port: u16, journeys: &[Arc<Mutex<Journey>>], after: &str) {
    let stored = db.answers();
    for j in journeys {
        let mut j = j.lock().unwrap();
        assert!(
            j.anomalies.is_empty(),
            "{} {after}: {:?}",
            db.backend,
            j.anomalies
        );
        for a in &j.acked {
            assert!(
                stored.contains(a),
                "{} {after}: acknowledged answer {a:?} is lost",
                db.backend
            );
        }
        let Some(assessment) = j.assessment else {
            continue;
        };
        let token = j
            .learner
            .as_ref()
            .map(|l| l.token.clone())
            .unwrap_or_default();
        let next = format!("/api/v1/assessments/{assessment}/next");
        let r = call(port, "GET", &next, Some(&token), None).expect("next answered");
        assert_eq!(r.status, 200, "{} {after}: {}", db.backend, r.json);
        if r.json["state"] == "completed" {
            continue;
        }
        let challenge = r.json["challenge"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let answered = stored.iter().filter(|(a, _)| *a == assessment).count();
        assert!(
            !stored.contains(&(assessment, challenge.clone())),
            "{} {after}: assessment {assessment} asks again {challenge}, already answered",
            db.backend
        );
        assert_eq!(
            r.json["number"].as_u64(),
            Some(answered as u64 + 1),
            "{} {after}: assessment {assessment} resumes after its {answered} stored answers",
            db.backend
        );
        if let Some((a, shown)) = &j.shown
            && *a == assessment
            && !stored.contains(&(assessment, shown.clone()))
        {
            assert_eq!(
                &challenge, shown,
                "{} {after}: assessment {assessment} resumes at the question it showed",
                db.backend
            );
        }
        j.shown = Some((assessment, challenge));
    }
}

#[test]
fn every_acknowledged_answer_survives_crashes_and_tests_resume_at_the_right_question() {
    for db in Database::each() {
        let started = Instant::now();
        answers_survive_crashes(&db);
        eprintln!(
            "{}: answers under crashes in {:?}",
            db.backend,
            started.elapsed()
        );
    }
}

fn answers_survive_crashes(db: &Database) {
    let mut server = Server::start(db, 0, &[]);
    let port = server.port;
    let journeys: Vec<Arc<Mutex<Journey>>> = (0..8)
        .map(|i| {
            Arc::new(Mutex::new(Journey {
                learner: Some(learner(port, &format!("a{i}@example.org"))),
                ..Journey::default()
            }))
        })
        .collect();
    let mut rng = rand::rng();
    for round in 0..CRASHES {
        let stop = Arc::new(AtomicBool::new(false));
        let workers = answer_until(port, &journeys, &stop);
        std::thread::sleep(Duration::from_millis(rng.random_range(300..1200)));
        server.crash();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.join().expect("a learner thread");
        }
        server = Server::start(db, port, &[]);
        assert_resumes(db, port, &journeys, &format!("crash {round}"));
        assert_sound(db, &format!("crash {round} during answers"));
    }
    let acked: usize = journeys.iter().map(|j| j.lock().unwrap().acked.len()).sum();
    assert!(
        acked >= 40,
        "{}: the load was real ({acked} answers)",
        db.backend
    );
    let stored: HashSet<(i64, String)> = db.answers();
    assert!(stored.len() >= acked);
    let _ = server.terminate(Duration::from_secs(15));
}
