//! Pages, health and content files through the real router, on SQLite and PostgreSQL.

use crate::common;

use acquis_app::testkit::store::NewRelease;
use axum::http::{StatusCode, header};
use common::TestApp;

on_both_backends!(health_reports_the_database_and_the_live_release);
async fn health_reports_the_database_and_the_live_release(app: TestApp) {
    let r = app.get("/health").await;
    assert_eq!(r.status, StatusCode::OK);
    let json = r.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], "ok");
    assert_eq!(json["release"]["id"], app.state.live().release_id);
}

on_both_backends!(health_fails_when_the_database_is_gone);
async fn health_fails_when_the_database_is_gone(app: TestApp) {
    app.db.store.close().await;
    let r = app.get("/health").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("\"unreachable\""), "{}", r.body);
}

on_both_backends!(the_home_page_lists_the_areas_and_competences_in_french);
async fn the_home_page_lists_the_areas_and_competences_in_french(app: TestApp) {
    let r = app.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(r.body.contains("<html lang=\"fr\">"));
    assert!(r.body.contains("Information et données"));
    assert_eq!(r.body.matches("class=\"area\"").count(), 5);
}

on_both_backends!(attachments_and_simulators_are_served_from_the_live_release);
async fn attachments_and_simulators_are_served_from_the_live_release(app: TestApp) {
    let id = app.state.live().release_id;
    let r = app
        .get(&format!("/content/{id}/files/1.1/resultats-recherche.csv"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("resultats-recherche.csv")
    );
    assert!(r.body.starts_with("rang;titre;site;date"));

    let r = app
        .get(&format!("/content/{id}/files/embeds/moteur/index.html"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .starts_with("sandbox allow-scripts")
    );

    for missing in [
        format!("/content/{id}/files/1.1/absent.csv"),
        format!("/content/{}/files/1.1/resultats-recherche.csv", id + 1),
        format!("/content/{id}/framework.yaml"),
        "/nowhere".to_string(),
    ] {
        assert_eq!(
            app.get(&missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

on_both_backends!(a_published_release_goes_live_without_a_restart);
async fn a_published_release_goes_live_without_a_restart(app: TestApp) {
    let before = app.state.live().release_id;
    let content = acquis_content::starter().unwrap();
    let data = content.framework.data();
    let next = app
        .db
        .store
        .create_release(
            NewRelease {
                name: &data.name,
                version: "2",
                checksum: &content.checksum,
                framework: &content.framework,
                files: &content.files,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    app.db
        .store
        .publish_release(next, chrono::Utc::now())
        .await
        .unwrap();
    let watcher = tokio::spawn(
        app.state
            .app
            .clone()
            .watch_releases(std::time::Duration::from_millis(20)),
    );
    for _ in 0..100 {
        if app.state.live().release_id == next {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    watcher.abort();
    assert_ne!(before, next);
    assert_eq!(app.state.live().release_id, next);
    assert!(app.get("/health").await.body.contains("\"version\":\"2\""));
}

on_both_backends!(the_terms_of_use_are_published_and_linked_from_sign_up);
async fn the_terms_of_use_are_published_and_linked_from_sign_up(app: TestApp) {
    let r = app.get("/conditions-utilisation").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Vos droits"), "{}", r.body);
    assert!(
        app.get("/inscription")
            .await
            .body
            .contains("href=\"/conditions-utilisation\"")
    );
}
