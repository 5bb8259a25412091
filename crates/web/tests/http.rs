//! The router on a real database (SQLite always, PostgreSQL when `ACQUIS_TEST_DATABASE_URL`
//! is set), driven in-process.

use acquis_store::NewRelease;
use acquis_store::testing::TestDb;
use acquis_web::{AppState, router};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The real router over a migrated database holding the published starter content.
struct TestApp {
    db: TestDb,
    state: AppState,
}

impl TestApp {
    async fn on(db: TestDb) -> TestApp {
        let content = acquis_content::starter().expect("starter content");
        let data = content.framework.data();
        let id = db
            .store
            .create_release(NewRelease {
                name: &data.name,
                version: &data.version,
                checksum: &content.checksum,
                framework: &content.framework,
                files: &content.files,
            })
            .await
            .unwrap();
        db.store.publish_release(id).await.unwrap();
        let live = db.store.live_release().await.unwrap().unwrap();
        let state = AppState::new(db.store.clone(), live.into());
        TestApp { db, state }
    }

    async fn get(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let response = router(self.state.clone())
            .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }
}

macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = acquis_store::testing::TestDb::sqlite().await.unwrap();
                super::$name(super::TestApp::on(db).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                match acquis_store::testing::TestDb::postgres().await {
                    Some(db) => super::$name(super::TestApp::on(db.unwrap()).await).await,
                    None => eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL test skipped"),
                }
            }
        }
    };
}

on_both_backends!(health_reports_the_database_and_the_live_release);
async fn health_reports_the_database_and_the_live_release(app: TestApp) {
    let (status, _, body) = app.get("/health").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], "ok");
    assert_eq!(json["release"]["id"], app.state.live().release_id);
}

on_both_backends!(health_fails_when_the_database_is_gone);
async fn health_fails_when_the_database_is_gone(app: TestApp) {
    app.db.store.close().await;
    let (status, _, body) = app.get("/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("\"unreachable\""), "{body}");
}

on_both_backends!(the_home_page_lists_the_areas_and_competences_in_french);
async fn the_home_page_lists_the_areas_and_competences_in_french(app: TestApp) {
    let (status, headers, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("<html lang=\"fr\">"));
    assert!(body.contains("Aller au contenu"), "skip link");
    assert!(body.contains("Information et données"));
    assert!(
        body.contains("Mener une recherche et une veille d&#x27;information")
            || body.contains("Mener une recherche et une veille d&#39;information"),
        "{body}"
    );
    assert_eq!(body.matches("class=\"area\"").count(), 5);
}

on_both_backends!(attachments_and_simulators_are_served_from_the_live_release);
async fn attachments_and_simulators_are_served_from_the_live_release(app: TestApp) {
    let id = app.state.live().release_id;
    let (status, headers, body) = app
        .get(&format!("/content/{id}/files/1.1/resultats-recherche.csv"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("resultats-recherche.csv")
    );
    assert!(body.starts_with("rang;titre;site;date"));

    let (status, headers, _) = app
        .get(&format!("/content/{id}/files/embeds/moteur/index.html"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
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
            app.get(&missing).await.0,
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
        .create_release(NewRelease {
            name: &data.name,
            version: "2",
            checksum: &content.checksum,
            framework: &content.framework,
            files: &content.files,
        })
        .await
        .unwrap();
    app.db.store.publish_release(next).await.unwrap();
    let watcher = tokio::spawn(acquis_web::watch_releases(
        app.state.clone(),
        std::time::Duration::from_millis(20),
    ));
    for _ in 0..100 {
        if app.state.live().release_id == next {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    watcher.abort();
    assert_ne!(before, next);
    assert_eq!(app.state.live().release_id, next);
    let (_, _, body) = app.get("/health").await;
    assert!(body.contains("\"version\":\"2\""), "{body}");
}
