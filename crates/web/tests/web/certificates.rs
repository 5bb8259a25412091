//! Certificates through the real router, on SQLite and PostgreSQL with the bundled framework:
//! a candidate's published result in "Mes certifications" (score, levels, share link), its
//! PDF and its Open Badges credential, which the verification API accepts until the results
//! are unpublished; the public verification page (found by code in any spelling, "not
//! found" for anything else, rate-limited per address); the DID document and the status list.

use crate::common;

use acquis_app::certification::Operator;
use acquis_app::certification::course::CourseStep;
use acquis_app::certification::{CandidateId, CentreId, SessionForm, SessionId};
use acquis_core::certification::finalisation::FinalisationForm;
use acquis_core::organization::OrganizationKind;
use axum::http::{StatusCode, header};
use base64::Engine;
use common::TestApp;
use serde_json::json;

/// A published result of Jeanne Moreau (`jeanne@certificat.test`).
pub(crate) struct Published {
    pub(crate) session: SessionId,
    pub(crate) course: i64,
    pub(crate) code: String,
}

/// A centre's session with Jeanne enrolled, her 32 questions answered (three in four
/// right), the session finalised, scored and published, all through the use cases.
pub(crate) async fn published(app: &TestApp) -> Published {
    let a = &app.state.app;
    let founded = a
        .found_centre(
            "Centre Certificat",
            OrganizationKind::Sco,
            None,
            "chef@certificat.test",
            "fr",
        )
        .await
        .unwrap();
    let admin = app.sign_up("chef@certificat.test", "Chef", "Centre").await;
    let secret = founded
        .invitation_link
        .unwrap()
        .split("invitation=")
        .nth(1)
        .unwrap()
        .to_owned();
    let admin_user = app.db.store.user(admin).await.unwrap().unwrap();
    a.accept_centre_invitation(&admin_user, &secret)
        .await
        .unwrap();
    let membership = a
        .centre_membership(admin, CentreId::from(founded.centre.id))
        .await
        .unwrap();
    let created = a
        .create_session(
            &membership,
            &SessionForm {
                site: "Campus Nord".into(),
                room: "A1".into(),
                date: "2027-02-10".into(),
                time: "14:00".into(),
                examiners: "Alex".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    let session = SessionId::from(created.session.id);
    a.enrol_candidate(
        &membership,
        session,
        &acquis_core::certification::candidate::CandidateForm {
            birth_name: "Moreau".into(),
            first_name: "Jeanne".into(),
            sex: "F".into(),
            birthdate: "2001-05-06".into(),
            born_in_france: "oui".into(),
            birth_insee: "13055".into(),
            ..Default::default()
        },
        "fr",
    )
    .await
    .unwrap();
    let user_id = app
        .sign_up("jeanne@certificat.test", "Jeanne", "Moreau")
        .await;
    acquis_app::testkit::give_levels(a, user_id, 5)
        .await
        .unwrap();
    let user = app.db.store.user(user_id).await.unwrap().unwrap();
    let id: CandidateId = a
        .join_certification(&user, session, "Jeanne", "Moreau", "2001-05-06")
        .await
        .unwrap();
    let c = a.candidacy(user_id, id).await.unwrap();
    a.confirm_instructions(&c).await.unwrap();
    let c = a.candidacy(user_id, id).await.unwrap();
    a.enter_access_code(&c, &created.session.access_code)
        .await
        .unwrap();
    let inv = a
        .open_invigilation(session, &created.invigilator_password)
        .await
        .unwrap();
    a.authorise(&inv, id).await.unwrap();
    let c = a.candidacy(user_id, id).await.unwrap();
    let seat = a.take_seat(&c, "fr").await.unwrap();
    for n in 0..32 {
        let c = a.candidacy(user_id, id).await.unwrap();
        let CourseStep::Question(q) = a.course_step(&c, &seat).await.unwrap() else {
            panic!("finished early at {n}");
        };
        let value = if n % 4 == 3 {
            acquis_core::answer::SKIP.to_owned()
        } else {
            common::right_answer(&q.challenge.question)
        };
        a.answer_course(&c, &seat, &q.challenge.id, &value)
            .await
            .unwrap();
    }
    a.finalise_session(&membership, session, &FinalisationForm::default(), &[])
        .await
        .unwrap();
    a.run_due_jobs().await.unwrap();
    a.publish_results(&Operator::command_line(), session)
        .await
        .unwrap();
    let mine = a.my_certifications(user_id, false).await.unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert!(mine[0].is_certificate(), "{mine:?}");
    Published {
        session,
        course: mine[0].course_id,
        code: mine[0].verification_code.clone().unwrap(),
    }
}

fn header_of(r: &common::Reply, name: header::HeaderName) -> &str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The payload of a compact JWS, decoded.
fn jwt_payload(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).expect("a compact JWS");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("a JSON payload")
}

/// Whether the status list served at `/credentials/status/1` marks `index`.
async fn withdrawn(app: &TestApp, index: i64) -> bool {
    let r = app.get("/credentials/status/1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(header_of(&r, header::CONTENT_TYPE), "application/vc+jwt");
    let payload = jwt_payload(r.body.trim());
    assert_eq!(
        payload["id"], "http://127.0.0.1:8080/credentials/status/1",
        "served where credentials point"
    );
    let encoded = payload["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap_or_else(|| panic!("no encodedList: {payload}"));
    let list = acquis_credential::StatusList::decode(encoded).unwrap();
    list.get(u64::try_from(index).unwrap())
}

/// A character of the base64url alphabet other than `c`.
fn other_char(c: u8) -> char {
    if c == b'A' { 'B' } else { 'A' }
}

with_bundled_content!(a_holder_sees_downloads_and_shares_a_certificate_anyone_can_check);
async fn a_holder_sees_downloads_and_shares_a_certificate_anyone_can_check(app: TestApp) {
    let p = published(&app).await;
    app.sign_in("jeanne@certificat.test").await;

    // The list, with the status in words and a link.
    let list = app.get("/certifications").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Certification validée"), "{}", list.body);
    assert!(list.body.contains(&format!("/certifications/{}", p.course)));
    assert!(list.body.contains("Centre Certificat"));
    assert!(list.body.contains("10/02/2027"));
    assert!(list.body.contains("data-nav-certificates"));

    // The certificate's page.
    let page = app.get(&format!("/certifications/{}", p.course)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("/ 895"), "{}", page.body);
    assert!(page.body.contains("Jeanne Moreau"));
    assert!(page.body.contains(&p.code));
    assert_eq!(page.body.matches("data-competence=").count(), 16);
    assert_eq!(page.body.matches("<caption>").count(), 5);
    assert!(
        page.body.contains("Niveau global"),
        "the global level or the sentence"
    );
    assert!(page.body.contains("Novice 1") && page.body.contains("Expert 2"));
    let share = format!("http://127.0.0.1:8080/verification/{}", p.code);
    assert!(
        page.body.contains(&format!("value=\"{share}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<label for=\"share-url\">"));
    assert!(page.body.contains("/assets/certificates.js"));
    assert_eq!(
        app.get("/assets/certificates.js").await.status,
        StatusCode::OK
    );
    // In English too.
    app.post_with_csrf("/langue", &[("lang", "en"), ("back", "/")])
        .await;
    let english = app.get(&format!("/certifications/{}", p.course)).await;
    assert!(english.body.contains("Overall level"), "{}", english.body);
    assert!(english.body.contains("Independent 1"));
    app.post_with_csrf("/langue", &[("lang", "fr"), ("back", "/")])
        .await;

    // The PDF, French by default, English on request.
    let pdf = app
        .get(&format!("/certifications/{}/certificat.pdf", p.course))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF"));
    assert_eq!(header_of(&pdf, header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        header_of(&pdf, header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"certificat-{}.pdf\"", p.code)
    );
    let pdf_en = app
        .get(&format!(
            "/certifications/{}/certificat.pdf?langue=en",
            p.course
        ))
        .await;
    assert_eq!(pdf_en.status, StatusCode::OK);
    assert!(pdf_en.body.starts_with("%PDF"));
    assert_ne!(pdf.body, pdf_en.body, "another language, another document");

    // The credential, enveloped.
    let badge = app
        .get(&format!("/certifications/{}/badge.json", p.course))
        .await;
    assert_eq!(badge.status, StatusCode::OK, "{}", badge.body);
    assert!(header_of(&badge, header::CONTENT_DISPOSITION).starts_with("attachment"));
    let envelope = badge.json();
    assert_eq!(envelope["type"], "EnvelopedVerifiableCredential");
    assert_eq!(envelope["@context"], "https://www.w3.org/ns/credentials/v2");
    let jwt = envelope["id"]
        .as_str()
        .unwrap()
        .strip_prefix("data:application/vc+jwt,")
        .unwrap()
        .to_owned();

    // Anyone verifies it, as a token or as the envelope.
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(json!({ "credential": jwt })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let verified = r.json();
    assert_eq!(verified["verified"], true);
    let key_id = verified["key_id"].as_str().unwrap().to_owned();
    assert!(
        verified["credential"]
            .to_string()
            .contains("OpenBadgeCredential")
    );
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(envelope.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(json!({ "credential": envelope })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // One character changed, in the signature or in the payload: refused.
    for at in [jwt.len() - 10, jwt.find('.').unwrap() + 20] {
        let mut tampered = jwt.clone().into_bytes();
        tampered[at] = other_char(tampered[at]) as u8;
        assert_ne!(tampered, jwt.as_bytes());
        let tampered = String::from_utf8(tampered).unwrap();
        let r = app
            .api(
                "POST",
                "/api/v1/credentials/verify",
                None,
                Some(json!({ "credential": tampered })),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["verified"], false);
        assert!(r.json()["error"]["code"].is_string());
    }
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(json!({ "nothing": 1 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(json!({ "credential": "x".repeat(100_000) })),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);

    // The issuer's documents.
    let did = app.get("/.well-known/did.json").await;
    assert_eq!(did.status, StatusCode::OK);
    assert_eq!(
        header_of(&did, header::CONTENT_TYPE),
        "application/did+json"
    );
    let document = did.json();
    assert_eq!(document["id"], "did:web:127.0.0.1%3A8080");
    assert!(
        document["verificationMethod"][0]["id"]
            .as_str()
            .unwrap()
            .ends_with(&format!("#{key_id}")),
        "{document}"
    );
    assert!(!withdrawn(&app, p.course).await);
    let spec = app.get("/api/v1/openapi.json").await;
    assert!(spec.body.contains("/api/v1/credentials/verify"));

    // Someone else gets nothing of it.
    app.sign_up("autre@certificat.test", "Paul", "Autre").await;
    for path in [
        format!("/certifications/{}", p.course),
        format!("/certifications/{}/certificat.pdf", p.course),
        format!("/certifications/{}/badge.json", p.course),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("Jeanne"), "{path}");
    }
    let theirs = app.get("/certifications").await;
    assert!(theirs.body.contains("data-no-certificates"));

    // The public page, for a visitor: the code in any spelling.
    app.clear_cookies();
    let form = app.get("/verification").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<label for=\"code\">"));
    assert!(form.body.contains("method=\"get\""));
    let bare = p.code.trim_start_matches("P-").to_lowercase();
    for typed in [p.code.to_lowercase(), bare.clone()] {
        let r = app.get(&format!("/verification?code={typed}")).await;
        assert_eq!(r.status, StatusCode::OK, "{typed}: {}", r.body);
        assert!(r.body.contains("Jeanne Moreau"));
        assert!(r.body.contains("/ 895"));
        assert!(r.body.contains("Centre Certificat"));
        assert_eq!(r.body.matches("data-competence=").count(), 16);
        assert!(!r.body.contains("2001"), "no birth date on the public page");
    }
    let r = app.get(&format!("/verification/{}", p.code)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Jeanne Moreau"));
    // Anything else: "not found", and nothing more.
    // A URI holds at most 64 KiB (the `http` crate's limit, hyper's is lower): the longest
    // code a query can carry.
    let long = "A".repeat(60_000);
    for typed in [
        "P-BCDFGHJK",
        "javascript:alert(1)",
        "%00",
        "P-AB%00CDEF",
        long.as_str(),
    ] {
        let r = app.get(&format!("/verification?code={typed}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:.40}", typed);
        assert!(r.body.contains("Aucun certificat ne correspond à ce code."));
        assert!(r.body.contains("aria-describedby=\"code-help code-error\""));
        assert!(!r.body.contains("javascript:"));
        assert!(!r.body.contains("Jeanne"));
    }
    let r = app.get("/verification/%00").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Unpublished: the credential is refused, the page knows nothing of it any more.
    app.state
        .app
        .unpublish_results(&Operator::command_line(), p.session)
        .await
        .unwrap();
    let r = app
        .api(
            "POST",
            "/api/v1/credentials/verify",
            None,
            Some(json!({ "credential": jwt })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "revoked");
    assert!(withdrawn(&app, p.course).await);
    let r = app.get(&format!("/verification/{}", p.code)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Aucun certificat ne correspond à ce code."));
    app.sign_in("jeanne@certificat.test").await;
    assert_eq!(
        app.get(&format!("/certifications/{}", p.course))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

on_both_backends!(twenty_guesses_at_once_from_one_address_end_in_429);
async fn twenty_guesses_at_once_from_one_address_end_in_429(app: TestApp) {
    let guesses: Vec<String> = (0..20)
        .map(|i| format!("/verification/P-BCDFGH{}{}", i % 8 + 2, "K"))
        .collect();
    let replies = futures::future::join_all(guesses.iter().map(|g| app.get(g))).await;
    let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    assert!(
        statuses
            .iter()
            .all(|s| matches!(*s, StatusCode::NOT_FOUND | StatusCode::TOO_MANY_REQUESTS)),
        "{statuses:?}"
    );
    let refused: Vec<_> = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(!refused.is_empty(), "{statuses:?}");
    assert!(refused[0].body.contains("Trop de tentatives"));
    // The form itself spends the same budget: refused too, for a while.
    assert_eq!(
        app.get("/verification?code=P-BCDFGHJK").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
