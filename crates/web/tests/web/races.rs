//! Double clicks and concurrent requests, 20 at once over HTTP, on SQLite and PostgreSQL:
//! joining a campaign gives one participation, sharing succeeds once and tells the others it
//! was already shared, starting an evaluation gives one evaluation, never a 500. (Twenty
//! imports of one learners file at once are in `orga_cohorts`.)

use crate::campaign_learner::campaign;
use crate::common;

use axum::http::StatusCode;
use common::{TestApp, hidden};
use futures::future::join_all;
use serde_json::json;
use std::collections::BTreeSet;

/// Joins `code` through the API and skips every question; returns (token, participation).
async fn finished_participation(app: &TestApp, code: &str) -> (String, i64) {
    let token = app.api_learner("eleve@college.fr").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{code}/participations"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["participation_id"].as_i64().unwrap();
    let assessment = r.json()["assessment_id"].as_i64().unwrap();
    for _ in 0..30 {
        let next = app
            .api(
                "GET",
                &format!("/api/v1/assessments/{assessment}/next"),
                Some(&token),
                None,
            )
            .await
            .json();
        if next["state"] == "completed" {
            return (token, id);
        }
        let challenge = next["challenge"]["id"].as_str().unwrap().to_owned();
        app.api(
            "POST",
            &format!("/api/v1/assessments/{assessment}/answers"),
            Some(&token),
            Some(json!({"challenge_id": challenge, "value": "#ABAND#"})),
        )
        .await;
    }
    panic!("the campaign test did not end");
}

on_both_backends!(twenty_joins_at_once_over_http_give_one_participation_and_one_test);
async fn twenty_joins_at_once_over_http_give_one_participation_and_one_test(app: TestApp) {
    let code = campaign(&app, false).await;
    let user = app.sign_up("eleve@college.fr", "Camille", "Martin").await;
    let landing = app.get(&format!("/campagnes/{code}")).await;
    let token = hidden(&landing.body, "csrf");
    let uri = format!("/campagnes/{code}/participer");
    let places = twenty_posts(&app, &uri, &token).await;
    assert_eq!(
        places.len(),
        1,
        "every click leads to the same test: {places:?}"
    );
    assert!(places.iter().all(|p| p.starts_with("/evaluations/")));
    let store = &app.db.store;
    let campaign = store.campaign_by_code(&code).await.unwrap().unwrap();
    assert_eq!(
        store.participation_counts(campaign.id).await.unwrap(),
        vec![("STARTED".to_owned(), 1)]
    );
    assert_eq!(store.assessments_of_user(user).await.unwrap().len(), 1);
}

on_both_backends!(twenty_shares_at_once_share_once_and_tell_the_others);
async fn twenty_shares_at_once_share_once_and_tell_the_others(app: TestApp) {
    let code = campaign(&app, false).await;
    let (token, id) = finished_participation(&app, &code).await;
    let uri = format!("/api/v1/participations/{id}/share");
    let replies = join_all((0..20).map(|_| app.api("POST", &uri, Some(&token), None))).await;
    let mut shared = 0;
    for r in &replies {
        match r.status {
            StatusCode::OK => shared += 1,
            StatusCode::CONFLICT => assert_eq!(r.json()["error"]["code"], "already_shared"),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(shared, 1, "exactly one request shares");
    let p = app.db.store.participation(id).await.unwrap().unwrap();
    assert_eq!(p.status.as_str(), "SHARED");
    let first = p.shared_at;
    // Later double clicks on the page change nothing and say so.
    app.sign_in("eleve@college.fr").await;
    let results = app.get(&format!("/campagnes/{code}/resultats")).await;
    let csrf = hidden(&results.body, "csrf");
    let share = format!("/campagnes/{code}/partager");
    let places = twenty_posts(&app, &share, &csrf).await;
    assert_eq!(
        places,
        BTreeSet::from([format!("/campagnes/{code}/resultats")])
    );
    let page = app.get(&format!("/campagnes/{code}/resultats")).await;
    assert!(
        page.body.contains("avaient déjà été envoyés"),
        "{}",
        page.body
    );
    let p = app.db.store.participation(id).await.unwrap().unwrap();
    assert_eq!(p.shared_at, first, "the first share's snapshot stays");
}

on_both_backends!(twenty_starts_of_one_evaluation_at_once_give_one_evaluation);
async fn twenty_starts_of_one_evaluation_at_once_give_one_evaluation(app: TestApp) {
    let user = app.sign_up("eleve@college.fr", "Camille", "Martin").await;
    let profile = app.get("/competences").await;
    let csrf = hidden(&profile.body, "csrf");
    let competence = "1.1";
    let uri = format!("/competences/{competence}/evaluation");
    let places = twenty_posts(&app, &uri, &csrf).await;
    assert_eq!(places.len(), 1, "{places:?}");
    assert_eq!(evaluations_of(&app, user, competence).await, 1);
    // The same through the API, for another learner.
    let token = app.api_learner("autre@college.fr").await;
    let other = app
        .db
        .store
        .user_by_email("autre@college.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let body = json!({ "competence": competence });
    let replies = join_all((0..20).map(|_| {
        app.api(
            "POST",
            "/api/v1/competence-evaluations",
            Some(&token),
            Some(body.clone()),
        )
    }))
    .await;
    let ids: BTreeSet<i64> = replies
        .iter()
        .map(|r| {
            assert!(r.status.is_success(), "{}: {}", r.status, r.body);
            r.json()["assessment_id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(evaluations_of(&app, other, competence).await, 1);
}

/// How many evaluations of `competence` the account has.
async fn evaluations_of(app: &TestApp, user: i64, competence: &str) -> usize {
    app.db
        .store
        .assessments_of_user(user)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.competence.as_deref() == Some(competence))
        .count()
}

/// Posts the form at `uri` 20 times at once with the browser's cookies and `csrf`; every
/// answer must be a redirect: returns the places they lead to.
async fn twenty_posts(app: &TestApp, uri: &str, csrf: &str) -> BTreeSet<String> {
    let replies =
        join_all((0..20).map(|_| app.send(app.form_request(uri, &[("csrf", csrf)])))).await;
    replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            r.location()
        })
        .collect()
}
