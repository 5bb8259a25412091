//! The JSON API journey and its errors, on SQLite and PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;
use serde_json::json;

/// The right answer to a challenge of the starter content, as the API takes it.
fn right_answer(challenge_id: &str) -> String {
    let content = acquis_content::starter().unwrap();
    common::right_answer(&content.framework.challenge(challenge_id).unwrap().question)
}

on_both_backends!(a_learner_signs_up_takes_an_evaluation_and_sees_the_scorecard);
async fn a_learner_signs_up_takes_an_evaluation_and_sees_the_scorecard(app: TestApp) {
    let token = app.api_learner("camille@example.org").await;
    let framework = app.api("GET", "/api/v1/framework", None, None).await;
    assert_eq!(framework.status, StatusCode::OK);
    assert_eq!(framework.json()["areas"].as_array().unwrap().len(), 5);
    assert!(
        !framework.body.contains("\"solution\"") && !framework.body.contains("\"challenges\""),
        "the framework never carries challenges or solutions"
    );

    let started = app
        .api(
            "POST",
            "/api/v1/competence-evaluations",
            Some(&token),
            Some(json!({"competence": "1.1"})),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.json()["assessment_id"].as_i64().unwrap();

    let mut answered = 0;
    loop {
        let next = app
            .api(
                "GET",
                &format!("/api/v1/assessments/{id}/next"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(next.status, StatusCode::OK, "{}", next.body);
        let body = next.json();
        if body["state"] == "completed" {
            break;
        }
        let challenge = body["challenge"]["id"].as_str().unwrap().to_owned();
        assert!(
            body["challenge"].get("solution").is_none() && !next.body.contains("\"accepted\""),
            "{}",
            next.body
        );
        let answer = app
            .api(
                "POST",
                &format!("/api/v1/assessments/{id}/answers"),
                Some(&token),
                Some(json!({"challenge_id": challenge, "value": right_answer(&challenge)})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        assert_eq!(answer.json()["status"], "ok", "{}", answer.body);
        answered += 1;
        assert!(answered < 40, "the evaluation must end");
    }
    assert!(answered >= 1);

    let cards = app
        .api("GET", "/api/v1/me/scorecards", Some(&token), None)
        .await;
    assert_eq!(cards.status, StatusCode::OK);
    let cards = cards.json();
    assert_eq!(cards.as_array().unwrap().len(), 16);
    let first = &cards[0];
    assert_eq!(first["competence"], "1.1");
    assert_eq!(first["status"], "completed");
    assert!(
        first["pix"].as_u64().unwrap() >= 8,
        "all right answers on six levels earn pix: {first}"
    );
    assert!(first["level"].as_u64().unwrap() >= 1);
}

on_both_backends!(the_same_answer_twice_is_stored_once);
async fn the_same_answer_twice_is_stored_once(app: TestApp) {
    let token = app.api_learner("twice@example.org").await;
    let id = app.api_evaluation(&token, "1.1").await;
    let next = app
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/next"),
            Some(&token),
            None,
        )
        .await
        .json();
    let challenge = next["challenge"]["id"].as_str().unwrap().to_owned();
    let body = json!({"challenge_id": challenge, "value": "#ABAND#"});
    let first = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/answers"),
            Some(&token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.json()["status"], "aband");
    let again = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/answers"),
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["duplicate"], true);
    assert_eq!(again.json()["answer_id"], first.json()["answer_id"]);
    assert_eq!(app.db.store.answers_of(id).await.unwrap().len(), 1);
}

on_both_backends!(another_users_assessment_is_not_found);
async fn another_users_assessment_is_not_found(app: TestApp) {
    let owner = app.api_learner("owner@example.org").await;
    let intruder = app.api_learner("intruder@example.org").await;
    let id = app.api_evaluation(&owner, "1.1").await;
    let r = app
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/next"),
            Some(&intruder),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/answers"),
            Some(&intruder),
            Some(json!({"challenge_id": "rmc-2a", "value": "1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

on_both_backends!(api_errors_are_json_with_a_stable_code);
async fn api_errors_are_json_with_a_stable_code(app: TestApp) {
    let r = app.api("GET", "/api/v1/me/scorecards", None, None).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let r = app
        .api("GET", "/api/v1/me/scorecards", Some("forged"), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .api(
            "POST",
            "/api/v1/users",
            None,
            Some(json!({"first_name": "A"})),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    let weak = json!({"first_name": "A", "last_name": "B", "email": "a@example.org", "password": "faible", "accept_terms": true});
    let r = app.api("POST", "/api/v1/users", None, Some(weak)).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("weak_password"))
    );
    app.api_learner("taken@example.org").await;
    let dup = json!({"first_name": "A", "last_name": "B", "email": "TAKEN@example.org", "password": "Motdepasse1", "accept_terms": true});
    let r = app.api("POST", "/api/v1/users", None, Some(dup)).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("email_taken"))
    );
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": "taken@example.org", "password": "Mauvais1"})),
        )
        .await;
    assert_eq!(r.json()["error"]["code"], "invalid_credentials");
    let r = app.api("GET", "/api/v1/nothing", None, None).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
}

on_both_backends!(the_openapi_document_lists_every_endpoint);
async fn the_openapi_document_lists_every_endpoint(app: TestApp) {
    let r = app.api("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    for path in [
        "/api/v1/users",
        "/api/v1/token",
        "/api/v1/framework",
        "/api/v1/me/scorecards",
        "/api/v1/competence-evaluations",
        "/api/v1/assessments/{id}/next",
        "/api/v1/assessments/{id}/answers",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
}

on_both_backends!(ten_failed_sign_ins_lock_the_account);
async fn ten_failed_sign_ins_lock_the_account(app: TestApp) {
    app.api_learner("locked@example.org").await;
    for _ in 0..9 {
        let r = app
            .api(
                "POST",
                "/api/v1/token",
                None,
                Some(json!({"email": "locked@example.org", "password": "Mauvais1"})),
            )
            .await;
        assert_eq!(r.json()["error"]["code"], "invalid_credentials");
    }
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": "locked@example.org", "password": "Mauvais1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::LOCKED);
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": "locked@example.org", "password": "Motdepasse1"})),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::LOCKED, Some("account_locked")),
        "even the right password is refused while locked"
    );
}
