//! `acquis calibrate` on a SQLite database whose answers were stored through the store's API:
//! the challenges with enough answers are estimated, the others kept fixed, and the set is
//! written once under its label.

use acquis_core::AnswerStatus;
use acquis_store::{AssessmentKind, NewAnswer, NewAssessment, NewUser, Store};
use rand::{Rng, SeedableRng};

use super::acquis;

/// Imports and publishes the bundled content, then stores `persons` competence evaluations
/// that each answer the first `items` challenges, right with a 2PL probability; the ids of
/// those challenges.
async fn seed(url: &str, persons: usize, items: usize) -> Vec<String> {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let content = acquis_content::bundled().unwrap();
    let input = acquis_app::content::ReleaseInput {
        framework: &content.framework,
        files: &content.files,
        checksum: &content.checksum,
    };
    let now = chrono::Utc::now();
    let release = acquis_app::content::import(&store, input, true, now)
        .await
        .unwrap();
    let challenges: Vec<String> = content
        .framework
        .challenges()
        .iter()
        .take(items)
        .map(|c| c.id.clone())
        .collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
    for p in 0..persons {
        let email = format!("p{p}@example.org");
        let user = store
            .create_user(
                NewUser {
                    first_name: "A",
                    last_name: "B",
                    email: &email,
                    password_hash: "",
                    locale: "fr",
                    terms_accepted_at: None,
                },
                now,
            )
            .await
            .unwrap();
        let assessment = store
            .create_assessment(
                NewAssessment {
                    user_id: user.id,
                    kind: AssessmentKind::CompetenceEvaluation,
                    competence: Some("1.1"),
                    seed: 1,
                    release_id: release,
                    locale: "fr",
                    improving: false,
                },
                now,
            )
            .await
            .unwrap();
        let theta: f64 = rng.random_range(-2.0..2.0);
        for (j, challenge_id) in challenges.iter().enumerate() {
            let b = j as f64 / 2.0 - 1.0;
            let right = rng.random::<f64>() < 1.0 / (1.0 + (b - theta).exp());
            let answer = NewAnswer {
                assessment_id: assessment.id,
                challenge_id,
                value: "x",
                status: if right {
                    AnswerStatus::Ok
                } else {
                    AnswerStatus::Ko
                },
                time_spent_ms: None,
                label: None,
            };
            store
                .record_answer(user.id, answer, &[], now)
                .await
                .unwrap();
        }
    }
    store.close().await;
    challenges
}

#[test]
fn calibrate_estimates_the_challenges_with_enough_answers_and_writes_one_set() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cal.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let seeded = runtime.block_on(seed(&url, 60, 5));
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
    let anchors = dir.path().join("anchors.txt");
    std::fs::write(
        &anchors,
        format!("# kept fixed\n{}\nno-such-challenge\n", seeded[0]),
    )
    .unwrap();
    let anchors = anchors.display().to_string();
    let args = [
        "calibrate",
        "--min-answers",
        "50",
        "--version",
        "cal-test",
        "--anchors",
        &anchors,
    ];
    let (ok, stdout, stderr) = run(&args);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("parameter set    cal-test"), "{stdout}");
    assert!(stdout.contains("answers          300"), "{stdout}");
    assert!(stdout.contains("estimated        4\n"), "{stdout}");
    assert!(stdout.contains("N(0, 1): only 1 anchors"), "{stdout}");
    assert!(stdout.contains("converged        yes"), "{stdout}");
    assert!(stdout.contains("no-such-challenge"), "{stdout}");

    let (ok, _, stderr) = run(&args);
    assert!(!ok, "a label is used once");
    assert!(
        stderr.contains("parameter set version already exists"),
        "{stderr}"
    );
    let (ok, _, stderr) = run(&["calibrate", "--version", "bad label"]);
    assert!(!ok && stderr.contains("1 to 64 letters"), "{stderr}");

    runtime.block_on(async {
        let store = Store::connect(&url).await.unwrap();
        let set = store
            .parameter_set("cal-test")
            .await
            .unwrap()
            .expect("written");
        assert_eq!(set.persons, 60);
        let items = store.item_parameters(set.id).await.unwrap();
        let estimated: Vec<&str> = items
            .iter()
            .filter(|i| !i.fixed)
            .map(|i| i.challenge_id.as_str())
            .collect();
        let mut expected: Vec<&str> = seeded[1..].iter().map(String::as_str).collect();
        expected.sort_unstable();
        assert_eq!(estimated, expected);
        for item in items.iter().filter(|i| !i.fixed) {
            assert_eq!(item.answers, 60);
            assert!(
                item.a > 0.0 && item.se_a.is_some() && item.se_b.is_some(),
                "{item:?}"
            );
        }
        store.close().await;
    });
}
