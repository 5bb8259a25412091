//! "Why this question" through the real router, on SQLite and PostgreSQL: a learner's own
//! evaluation replayed step by step (each asked challenge in order, the waiting one never
//! shown), refused to a stranger (404, 20 at once) and shown to support from the person's
//! page; a completed certification test replayed for its candidate and for support.

use crate::admin::operator;
use crate::common;

use acquis_core::operator::OperatorRole;
use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

const PASSWORD: &str = "Motdepasse1";

async fn token(app: &TestApp, email: &str) -> String {
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": email, "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["access_token"].as_str().unwrap().to_owned()
}

/// Answers `count` questions of a new evaluation (right, then skipped, in turn); returns the
/// assessment, the challenges answered in order and the one now waiting, if any.
async fn evaluation(
    app: &TestApp,
    token: &str,
    count: usize,
) -> (i64, Vec<String>, Option<String>) {
    let competence = app.state.live().framework.competences()[0].code.clone();
    let id = app.api_evaluation(token, &competence).await;
    let mut asked = Vec::new();
    loop {
        let next = app
            .api(
                "GET",
                &format!("/api/v1/assessments/{id}/next"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(next.status, StatusCode::OK, "{}", next.body);
        let body = next.json();
        if body["state"] == "completed" {
            return (id, asked, None);
        }
        let challenge = body["challenge"]["id"].as_str().unwrap().to_owned();
        if asked.len() == count {
            return (id, asked, Some(challenge));
        }
        let value = if asked.len() % 2 == 0 {
            let live = app.state.live();
            common::right_answer(&live.framework.challenge(&challenge).unwrap().question)
        } else {
            acquis_core::answer::SKIP.to_owned()
        };
        let answer = app
            .api(
                "POST",
                &format!("/api/v1/assessments/{id}/answers"),
                Some(token),
                Some(json!({"challenge_id": challenge, "value": value})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        asked.push(challenge);
    }
}

/// The page shows one step per answered challenge, each naming its challenge, in order.
fn assert_steps_in_order(body: &str, asked: &[String]) {
    assert_eq!(
        body.matches("data-replay-step=").count(),
        asked.len(),
        "{body}"
    );
    let mut from = 0;
    for (n, challenge) in asked.iter().enumerate() {
        let step = body[from..]
            .find(&format!("data-replay-step=\"{}\"", n + 1))
            .map(|at| at + from)
            .unwrap_or_else(|| panic!("step {} missing", n + 1));
        let asked_at = body[step..]
            .find("data-replay-asked")
            .map(|at| at + step)
            .unwrap();
        let line_end = body[asked_at..].find("</p>").unwrap() + asked_at;
        assert!(
            body[asked_at..line_end].contains(challenge.as_str()),
            "step {} asks {challenge}: {}",
            n + 1,
            &body[asked_at..line_end]
        );
        from = line_end;
    }
}

with_bundled_content!(a_learner_sees_why_each_question_of_their_evaluation_was_asked);
async fn a_learner_sees_why_each_question_of_their_evaluation_was_asked(app: TestApp) {
    let learner = app.sign_up("lou@example.org", "Lou", "Durand").await;
    let token = token(&app, "lou@example.org").await;
    let (id, asked, waiting) = evaluation(&app, &token, 5).await;
    assert_eq!(asked.len(), 5);
    let browser = app.browser();

    let r = app.get(&format!("/evaluations/{id}/pourquoi")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("data-replay-verdict=\"same\""),
        "{}",
        r.body
    );
    assert!(!r.body.contains("data-replay-divergence"), "{}", r.body);
    assert_steps_in_order(&r.body, &asked);
    assert_eq!(r.body.matches("data-chosen").count(), asked.len());
    assert!(
        r.body
            .contains("<caption>Candidats et leur score</caption>")
    );
    assert!(r.body.contains("Première question"));
    assert!(r.body.contains("Meilleure récompense"));
    let waiting = waiting.expect("the evaluation goes on");
    assert!(
        !r.body.contains(&waiting),
        "the waiting challenge is never shown"
    );
    assert!(r.body.contains("data-replay-end"));

    // A stranger gets 404, twenty times at once; the owner's replay is the same every time.
    app.sign_up("intrus@example.org", "Ivan", "Intrus").await;
    let stranger = app.browser();
    let path = format!("/evaluations/{id}/pourquoi");
    let refused = futures::future::join_all((0..20).map(|_| app.get(&path))).await;
    assert!(refused.iter().all(|r| r.status == StatusCode::NOT_FOUND));
    app.use_browser(browser.clone());
    let served = futures::future::join_all((0..20).map(|_| app.get(&path))).await;
    assert!(
        served
            .iter()
            .all(|s| s.status == StatusCode::OK && s.body == served[0].body)
    );

    // Not a test, or not a number: never a page.
    assert_eq!(
        app.get("/evaluations/999999/pourquoi").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get("/evaluations/javascript:alert(1)/pourquoi")
            .await
            .status
            .is_success()
    );
    assert!(
        !app.get("/evaluations/%00/pourquoi")
            .await
            .status
            .is_success()
    );
    // The longest address a request can carry (a 1 MB one is refused before any handler).
    let long = "9".repeat(60_000);
    assert!(
        !app.get(&format!("/evaluations/{long}/pourquoi"))
            .await
            .status
            .is_success()
    );

    // Support sees it from the person's page; the person in the address must be the owner.
    operator(&app, "support@acquis.test", OperatorRole::Support).await;
    let person = app.get(&format!("/admin/personnes/{learner}")).await;
    let link = format!("/admin/personnes/{learner}/tests/{id}/pourquoi");
    assert!(person.body.contains(&link), "{}", person.body);
    let r = app.get(&link).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_steps_in_order(&r.body, &asked);
    assert!(r.body.contains("data-replay-verdict=\"same\""));
    assert!(!r.body.contains(&waiting));
    let other = app
        .db
        .store
        .user_by_email("intrus@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        app.get(&format!("/admin/personnes/{other}/tests/{id}/pourquoi"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The stranger is no operator: the support page does not exist for them.
    app.use_browser(stranger);
    assert_eq!(app.get(&link).await.status, StatusCode::NOT_FOUND);
}

on_both_backends!(a_completed_evaluation_replays_to_its_end);
async fn a_completed_evaluation_replays_to_its_end(app: TestApp) {
    app.sign_up("eve@example.org", "Ève", "Martin").await;
    let token = token(&app, "eve@example.org").await;
    let (id, asked, waiting) = evaluation(&app, &token, usize::MAX).await;
    assert!(waiting.is_none());
    let r = app.get(&format!("/evaluations/{id}/pourquoi")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("data-replay-verdict=\"same\""),
        "{}",
        r.body
    );
    assert_steps_in_order(&r.body, &asked);
    assert!(r.body.contains("Le test est terminé"));
    let end = app.get(&format!("/evaluations/{id}/fin")).await;
    assert!(end.body.contains(&format!("/evaluations/{id}/pourquoi")));
    let competence = app.state.live().framework.competences()[0].code.clone();
    let results = app
        .get(&format!("/competences/{competence}/resultats"))
        .await;
    assert!(
        results
            .body
            .contains(&format!("/evaluations/{id}/pourquoi"))
    );
}

with_bundled_content!(a_certification_test_is_replayed_for_its_candidate_and_for_support);
async fn a_certification_test_is_replayed_for_its_candidate_and_for_support(app: TestApp) {
    let published = crate::certificates::published(&app).await;
    let course = published.course;
    // `published` leaves Jeanne signed in.
    let jeanne = app.browser();
    let path = format!("/certifications/{course}/pourquoi");
    let r = app.get(&path).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("data-replay-verdict=\"same\""),
        "{}",
        r.body
    );
    assert_eq!(r.body.matches("data-replay-step=").count(), 32);
    assert_eq!(r.body.matches("data-chosen").count(), 32);
    assert!(r.body.contains("Information de Fisher"));
    assert!(r.body.contains("51 %"), "the v3 walk is named");
    assert!(r.body.contains("v3-2024"));
    let show = app.get(&format!("/certifications/{course}")).await;
    assert!(show.body.contains(&path));

    let facts = app.db.store.course_facts(course).await.unwrap().unwrap();
    let asked: Vec<String> = facts
        .questions
        .iter()
        .map(|q| q.challenge_id.clone())
        .collect();
    assert_steps_in_order(&r.body, &asked);

    app.sign_up("autre@example.org", "Autre", "Personne").await;
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);

    operator(&app, "certif@acquis.test", OperatorRole::Certif).await;
    let admin = format!("/admin/certifications/{course}/pourquoi");
    let r = app.get(&admin).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_steps_in_order(&r.body, &asked);
    let person = app
        .get(&format!("/admin/personnes/{}", facts.course.user_id))
        .await;
    assert!(person.body.contains(&admin), "{}", person.body);

    app.use_browser(jeanne);
    assert_eq!(app.get(&admin).await.status, StatusCode::NOT_FOUND);
}
