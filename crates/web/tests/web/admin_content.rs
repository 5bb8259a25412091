//! Content releases in the operator's portal: a zipped content folder with an error gets the
//! validator's report and stores nothing; a zip slip or an oversized archive is refused; a
//! valid change shows its diff, is published (the live release changes, on this node at
//! once) and rolled back; an evaluation in progress goes on across a publication; 20
//! concurrent publications of one release leave one live release and one audit entry.

use std::io::{Cursor, Write};

use acquis_app::admin::releases::{self, UploadOutcome};
use acquis_app::admin::{AuditAction, AuditQuery, AuditTarget, Operator, OperatorRole};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::admin::operator;
use crate::common::{self, Reply, TestApp};

const TUBE: &str = "competences/1.1/requete-mots-cles.yaml";

/// The starter content's files, as a zip would hold them.
fn starter_files() -> Vec<(String, Vec<u8>)> {
    acquis_content::starter_source()
        .files()
        .map(|(p, b)| (p.to_owned(), b.to_vec()))
        .collect()
}

/// The starter files with `from` replaced by `to` in the tube's YAML.
fn edited(from: &str, to: &str) -> Vec<(String, Vec<u8>)> {
    starter_files()
        .into_iter()
        .map(|(path, bytes)| {
            if path == TUBE {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.contains(from), "{from} is in the tube");
                (path, text.replacen(from, to, 1).into_bytes())
            } else {
                (path, bytes)
            }
        })
        .collect()
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Posts `archive` to the upload form, as a browser sends a file input.
async fn upload(app: &TestApp, archive: &[u8]) -> Reply {
    let csrf = app.csrf().await;
    let boundary = "----acquis-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"contenu.zip\"\r\nContent-Type: application/zip\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(archive);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (mut parts, _) = app.form_request("/admin/contenu", &[]).into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}")
            .parse()
            .unwrap(),
    );
    app.send(Request::from_parts(parts, Body::from(body))).await
}

async fn release_count(app: &TestApp) -> usize {
    app.db.store.releases().await.unwrap().len()
}

fn release_id(location: &str) -> i64 {
    location
        .strip_prefix("/admin/contenu/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a release page: {location}"))
}

on_both_backends!(an_upload_with_a_yaml_error_gets_the_report_and_stores_nothing);
async fn an_upload_with_a_yaml_error_gets_the_report_and_stores_nothing(app: TestApp) {
    operator(&app, "root@example.org", OperatorRole::SuperAdmin).await;
    let before = release_count(&app).await;
    let list = app.get("/admin/contenu").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("enctype=\"multipart/form-data\""),
        "{}",
        list.body
    );
    assert!(list.body.contains("<label for=\"archive\">"));
    assert!(
        list.body.contains("data-live"),
        "the live release is marked"
    );

    let r = upload(&app, &zip_of(&edited("type: qcu", "type: qcx"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("data-report"), "{}", r.body);
    let line = format!("{TUBE}:");
    let at = r.body.find(&line).expect("the report names the file");
    assert!(
        r.body[at + line.len()..].starts_with(|c: char| c.is_ascii_digit()),
        "file:line: {}",
        &r.body[at..at + 120]
    );
    assert!(r.body.contains("Rien n’a été enregistré"));
    assert_eq!(release_count(&app).await, before, "nothing stored");
}

on_both_backends!(a_zip_slip_an_oversized_or_foreign_upload_is_refused);
async fn a_zip_slip_an_oversized_or_foreign_upload_is_refused(app: TestApp) {
    operator(&app, "root@example.org", OperatorRole::SuperAdmin).await;
    let before = release_count(&app).await;
    let mut slip = starter_files();
    slip.push(("../../evil.yaml".into(), b"x: 1".to_vec()));
    let r = upload(&app, &zip_of(&slip)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("../../evil.yaml: the path leaves the folder"),
        "{}",
        r.body
    );

    let oversized = vec![0u8; acquis_content::MAX_ARCHIVE_BYTES + 1];
    let r = upload(&app, &oversized).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("L’archive est trop volumineuse : au plus 50 Mo."),
        "{}",
        r.body
    );
    assert!(r.body.contains("aria-invalid=\"true\""));

    let r = upload(&app, b"not a zip at all").await;
    assert!(
        r.body.contains("archive.zip: not a readable zip archive"),
        "{}",
        r.body
    );

    // Attacks on what renders: markup, a `javascript:` name and a huge path come back as
    // text, escaped.
    let mut hostile = starter_files();
    hostile.push((
        "competences/<script>alert(1)</script>.yaml".into(),
        b"id: [javascript:alert(1)".to_vec(),
    ));
    hostile.push((
        format!("competences/{}.yaml", "a".repeat(60_000)),
        b": :".to_vec(),
    ));
    let r = upload(&app, &zip_of(&hostile)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<script>alert(1)"), "escaped");
    assert!(
        r.body.contains("&lt;script&gt;") || r.body.contains("&#60;script&#62;"),
        "the hostile path is shown, escaped"
    );
    assert!(!r.body.contains("href=\"javascript:"));
    assert_eq!(release_count(&app).await, before, "nothing stored");
}

on_both_backends!(a_valid_change_shows_its_diff_is_published_then_rolled_back);
async fn a_valid_change_shows_its_diff_is_published_then_rolled_back(app: TestApp) {
    operator(&app, "root@example.org", OperatorRole::SuperAdmin).await;
    let first = app.state.app.live().release_id;
    let archive = zip_of(&edited(
        "Où tapez-vous votre question",
        "Où saisissez-vous votre question",
    ));
    let r = upload(&app, &archive).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = release_id(&r.location());
    assert_ne!(id, first);
    assert_eq!(
        app.state.app.live().release_id,
        first,
        "uploaded, not published"
    );

    let page = app.get(&format!("/admin/contenu/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("déposée, sans être publiée"),
        "{}",
        page.body
    );
    let diff = &page.body[page
        .body
        .find("data-diff=\"challenges\"")
        .expect("a challenge diff")..];
    assert!(diff.contains("<code>rmc-1a</code>"), "{diff}");
    assert!(diff.contains("<td>instruction</td>"), "{diff}");
    assert!(
        !page.body.contains("data-diff=\"skills\""),
        "only the challenge changed"
    );
    assert!(page.body.contains("Publier cette version"));

    // The same archive again: the same release, no copy.
    let again = upload(&app, &archive).await;
    assert_eq!(release_id(&again.location()), id);
    let releases = release_count(&app).await;

    let csrf = app.csrf().await;
    let r = app
        .post_form(&format!("/admin/contenu/{id}/publier"), &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.state.app.live().release_id,
        id,
        "live on this node at once"
    );
    let live = app.state.app.live();
    let challenge = live.framework.challenge("rmc-1a").unwrap();
    assert!(challenge.instruction.contains("saisissez"));
    let framework = app.api("GET", "/api/v1/framework", None, None).await;
    assert_eq!(framework.status, StatusCode::OK);
    let page = app.get(&format!("/admin/contenu/{id}")).await;
    assert!(
        page.body.contains("La version est publiée"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Cette version est celle en ligne."));
    assert!(!page.body.contains("data-publish"));

    // Roll back: publishing the first release again makes it live, even at the same instant.
    let old = app.get(&format!("/admin/contenu/{first}")).await;
    assert!(old.body.contains("Revenir à cette version"), "{}", old.body);
    let r = app
        .post_form(
            &format!("/admin/contenu/{first}/publier"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.app.live().release_id, first);
    assert_eq!(app.db.store.live_release_id().await.unwrap(), Some(first));
    assert!(
        !app.state
            .app
            .live()
            .framework
            .challenge("rmc-1a")
            .unwrap()
            .instruction
            .contains("saisissez")
    );
    let list = app.get("/admin/contenu").await.body;
    assert!(
        list.contains(&format!("data-release=\"{first}\" data-live")),
        "{list}"
    );
    assert_eq!(release_count(&app).await, releases);

    let audit = app
        .db
        .store
        .audit_entries(AuditQuery {
            target: Some(AuditTarget::Release(id)),
            actor_user_id: None,
            action: None,
            before_id: None,
            limit: 10,
        })
        .await
        .unwrap();
    let actions: Vec<_> = audit.iter().filter_map(|e| e.action).collect();
    assert!(
        actions.contains(&AuditAction::ReleaseUploaded),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::ReleasePublished),
        "{actions:?}"
    );
    let journal = app.get("/admin/journal").await.body;
    assert!(journal.contains("Version du contenu publiée"));
}

/// The next challenge of assessment `id` through the API, if any.
async fn next(app: &TestApp, token: &str, id: i64) -> Option<String> {
    let r = app
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/next"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["challenge"]["id"].as_str().map(str::to_owned)
}

/// Answers `challenge` of assessment `id` right, through the API.
async fn answer(app: &TestApp, token: &str, id: i64, challenge: String) {
    let right = common::right_answer(
        &app.state
            .app
            .live()
            .framework
            .challenge(&challenge)
            .unwrap()
            .question,
    );
    let r = app
        .api(
            "POST",
            &format!("/api/v1/assessments/{id}/answers"),
            Some(token),
            Some(json!({"challenge_id": challenge, "value": right})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

on_both_backends!(an_evaluation_in_progress_goes_on_across_a_publication);
async fn an_evaluation_in_progress_goes_on_across_a_publication(app: TestApp) {
    let token = app.api_learner("lea@example.org").await;
    let id = app.api_evaluation(&token, "1.1").await;
    let first = next(&app, &token, id).await.expect("a first challenge");
    answer(&app, &token, id, first).await;
    let shown = next(&app, &token, id).await.expect("a second challenge");

    // Published between two steps: a release that changes an explanation.
    let archive = zip_of(&edited(
        "Un moteur de recherche parcourt",
        "Un moteur de recherche explore",
    ));
    let op = Operator::command_line();
    let UploadOutcome::Stored { id: release, .. } =
        releases::upload_release(&app.state.app, &op, archive)
            .await
            .unwrap()
    else {
        panic!("the edited content is valid");
    };
    assert!(
        releases::publish_release(&app.state.app, &op, release)
            .await
            .unwrap()
    );
    assert_eq!(app.state.app.live().release_id, release);

    answer(&app, &token, id, shown).await;
    if let Some(third) = next(&app, &token, id).await {
        answer(&app, &token, id, third).await;
    }
    assert!(app.db.store.answers_of(id).await.unwrap().len() >= 2);
}

on_both_backends!(twenty_concurrent_publications_leave_one_live_release);
async fn twenty_concurrent_publications_leave_one_live_release(app: TestApp) {
    let op = Operator::command_line();
    let archive = zip_of(&edited("Où tapez-vous", "Où écrivez-vous"));
    let release = match releases::upload_release(&app.state.app, &op, archive)
        .await
        .unwrap()
    {
        UploadOutcome::Stored { id, .. } => id,
        UploadOutcome::Refused(e) => panic!("{e}"),
    };
    let runs = (0..20).map(|_| releases::publish_release(&app.state.app, &op, release));
    let results = futures::future::join_all(runs).await;
    let published = results
        .into_iter()
        .map(|r| r.unwrap())
        .filter(|changed| *changed)
        .count();
    assert_eq!(published, 1, "one publication took effect");
    assert_eq!(app.db.store.live_release_id().await.unwrap(), Some(release));
    assert_eq!(app.state.app.live().release_id, release);
    let entries = app
        .db
        .store
        .audit_entries(AuditQuery {
            target: Some(AuditTarget::Release(release)),
            actor_user_id: None,
            action: Some(AuditAction::ReleasePublished),
            before_id: None,
            limit: 50,
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 1, "one audit entry");
}

on_both_backends!(other_roles_read_releases_but_may_not_upload_or_publish);
async fn other_roles_read_releases_but_may_not_upload_or_publish(app: TestApp) {
    operator(&app, "support@example.org", OperatorRole::Support).await;
    let live = app.state.app.live().release_id;
    let list = app.get("/admin/contenu").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("data-upload"), "no upload form");
    let page = app.get(&format!("/admin/contenu/{live}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("data-publish"));
    let r = upload(&app, &zip_of(&starter_files())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let csrf = app.csrf().await;
    let r = app
        .post_form(
            &format!("/admin/contenu/{live}/publier"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
