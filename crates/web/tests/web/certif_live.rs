//! The certification test and its invigilation through the real router, as browsers without
//! JavaScript use them, on SQLite and PostgreSQL with the bundled framework: a candidate
//! joins and waits, the invigilator opens the live page and authorises, the candidate
//! answers and raises an alert the invigilator validates; the push reaches the live page.

use crate::common;

use acquis_app::certification::{CentreId, SessionForm};
use acquis_core::organization::OrganizationKind;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, hidden};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Session {
    id: i64,
    password: String,
    code: String,
}

/// A centre's session with one enrolled candidate, created through the use cases.
async fn session(app: &TestApp) -> Session {
    let a = &app.state.app;
    let founded = a
        .found_centre(
            "Centre Live",
            OrganizationKind::Sco,
            None,
            "chef@live.test",
            "fr",
        )
        .await
        .unwrap();
    let admin = app.sign_up("chef@live.test", "Chef", "Centre").await;
    let invitation = founded.invitation_link.unwrap();
    let secret = invitation.split("invitation=").nth(1).unwrap();
    let user = app.db.store.user(admin).await.unwrap().unwrap();
    a.accept_centre_invitation(&user, secret).await.unwrap();
    let membership = a
        .centre_membership(admin, CentreId::from(founded.centre.id))
        .await
        .unwrap();
    let created = a
        .create_session(
            &membership,
            &SessionForm {
                site: "Lycée".into(),
                room: "C3".into(),
                date: "2027-01-15".into(),
                time: "09:00".into(),
                examiners: "Alex".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
    a.enrol_candidate(
        &membership,
        acquis_app::certification::SessionId::from(created.session.id),
        &acquis_core::certification::candidate::CandidateForm {
            birth_name: "Moreau".into(),
            first_name: "Jeanne".into(),
            sex: "F".into(),
            birthdate: "2006-09-10".into(),
            born_in_france: "oui".into(),
            birth_insee: "13055".into(),
            ..Default::default()
        },
        "fr",
    )
    .await
    .unwrap();
    Session {
        id: created.session.id,
        password: created.invigilator_password,
        code: created.session.access_code,
    }
}

with_bundled_content!(a_candidate_joins_waits_is_authorised_answers_and_raises_an_alert);
async fn a_candidate_joins_waits_is_authorised_answers_and_raises_an_alert(app: TestApp) {
    let s = session(&app).await;
    // The invigilator: any account, the session number and the password.
    app.sign_up("surveillant@live.test", "Sam", "Veille").await;
    let r = app
        .post_with_csrf(
            "/certif/surveillance",
            &[("session", &s.id.to_string()), ("password", "mauvais")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("incorrect"));
    let live = format!("/certif/surveillance/{}", s.id);
    assert_eq!(
        app.get(&live).await.status,
        StatusCode::NOT_FOUND,
        "not opened yet"
    );
    let r = app
        .post_with_csrf(
            "/certif/surveillance",
            &[("session", &s.id.to_string()), ("password", &s.password)],
        )
        .await;
    assert_eq!(r.location(), live);
    let board = app.get(&live).await;
    assert!(board.body.contains("Moreau"));
    assert!(
        board.body.contains("data-state=\"not_arrived\""),
        "{}",
        board.body
    );
    let invigilator = app.browser();

    // The candidate.
    let candidate_user = app.sign_up("jeanne@live.test", "Jeanne", "Moreau").await;
    acquis_app::testkit::give_levels(&app.state.app, candidate_user, 5)
        .await
        .unwrap();
    let r = app
        .post_with_csrf(
            "/certification",
            &[
                ("session", &s.id.to_string()),
                ("first_name", "jeanne"),
                ("birth_name", "MOREAU"),
                ("birthdate", "2006-09-10"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = r.location();
    let page = app.get(&home).await;
    assert!(page.body.contains("data-instructions=\"1\""));
    let page3 = app.get(&format!("{home}?page=3")).await;
    assert!(page3.body.contains("name=\"confirm\""));
    let r = app.post_with_csrf(&format!("{home}/consignes"), &[]).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the box must be ticked"
    );
    let r = app
        .post_with_csrf(&format!("{home}/consignes"), &[("confirm", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .post_with_csrf(&format!("{home}/code"), &[("code", "AAAA11")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with_csrf(&format!("{home}/code"), &[("code", &s.code)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let waiting = app.get(&home).await;
    assert!(waiting.body.contains("data-waiting"), "{}", waiting.body);
    let step = app.get(&format!("{home}/etape")).await;
    assert_eq!(step.json()["step"], "waiting");
    let candidate_browser = app.browser();

    // The invigilator confirms presence.
    app.use_browser(invigilator.clone());
    let board = app.get(&live).await;
    assert!(board.body.contains("data-authorise"), "{}", board.body);
    let candidate_id = home.rsplit('/').next().unwrap();
    let csrf = hidden(&board.body, "csrf");
    let r = app
        .post_form(
            &format!("{live}/candidats/{candidate_id}/autoriser"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // The candidate starts and sees question 1 of 32, without any solution in the page.
    app.use_browser(candidate_browser.clone());
    let ready = app.get(&home).await;
    assert!(ready.body.contains("data-start"), "{}", ready.body);
    let r = app.post_with_csrf(&format!("{home}/commencer"), &[]).await;
    assert_eq!(r.location(), format!("{home}/test"));
    let q1 = app.get(&format!("{home}/test")).await;
    assert!(q1.body.contains("Question 1 sur 32"), "{}", q1.body);
    assert!(q1.body.contains("data-report"));
    let challenge = hidden(&q1.body, "challenge_id");
    let live_content = app.state.live();
    let shown = live_content.framework.challenge(&challenge).unwrap();
    let explanation = shown.explanation.trim();
    if explanation.len() > 20 {
        assert!(!q1.body.contains(explanation), "no correction in the page");
    }
    if let acquis_core::challenge::Question::Qroc { accepted, .. } = &shown.question {
        for a in accepted.iter().filter(|a| a.len() > 6) {
            assert!(
                !q1.body.contains(a.as_str()),
                "no accepted answer in the page"
            );
        }
    }
    let csrf = hidden(&q1.body, "csrf");
    let r = app
        .post_form(
            &format!("{home}/reponse"),
            &[
                ("csrf", &csrf),
                ("challenge_id", &challenge),
                ("action", "skip"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let q2 = app.get(&format!("{home}/test")).await;
    assert!(q2.body.contains("Question 2 sur 32"));
    let second = hidden(&q2.body, "challenge_id");
    // A problem on question 2: answering is blocked until the invigilator decides.
    let r = app
        .post_form(
            &format!("{home}/signalement"),
            &[("csrf", &csrf), ("challenge_id", &second)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let blocked = app.get(&format!("{home}/test")).await;
    assert!(blocked.body.contains("data-alert-pending"));
    let r = app
        .post_form(
            &format!("{home}/reponse"),
            &[
                ("csrf", &csrf),
                ("challenge_id", &second),
                ("action", "skip"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.get(&format!("{home}/test"))
            .await
            .body
            .contains("data-alert-pending")
    );

    // The invigilator sees the alert first and validates it with a reason.
    app.use_browser(invigilator);
    let board = app.get(&live).await;
    assert!(
        board.body.contains("data-state=\"waiting_on_alert\""),
        "{}",
        board.body
    );
    let alert = board
        .body
        .split("data-alert=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let csrf = hidden(&board.body, "csrf");
    let r = app
        .post_form(
            &format!("{live}/alertes/{alert}"),
            &[("csrf", &csrf), ("decision", "validate"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.get(&live)
            .await
            .body
            .contains("data-state=\"waiting_on_alert\""),
        "no reason, no decision"
    );
    let r = app
        .post_form(
            &format!("{live}/alertes/{alert}"),
            &[
                ("csrf", &csrf),
                ("decision", "validate"),
                ("reason", "EMBED_NOT_WORKING"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // The candidate gets another question 2.
    app.use_browser(candidate_browser);
    let q2b = app.get(&format!("{home}/test")).await;
    assert!(q2b.body.contains("Question 2 sur 32"), "{}", q2b.body);
    assert_ne!(hidden(&q2b.body, "challenge_id"), second);
}

with_bundled_content!(the_live_page_hears_of_a_candidate_within_two_seconds);
async fn the_live_page_hears_of_a_candidate_within_two_seconds(app: TestApp) {
    let s = session(&app).await;
    app.sign_up("surveillant@live.test", "Sam", "Veille").await;
    let r = app
        .post_with_csrf(
            "/certif/surveillance",
            &[("session", &s.id.to_string()), ("password", &s.password)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookies = app
        .browser()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let request = Request::builder()
        .uri(format!("/certif/surveillance/{}/flux", s.id))
        .header(header::COOKIE, cookies)
        .header(header::ACCEPT, "text/event-stream")
        .body(Body::empty())
        .unwrap();
    let response = acquis_web::router(app.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    // A candidate joins (another browser).
    let user = app.sign_up("jeanne@live.test", "Jeanne", "Moreau").await;
    let started = std::time::Instant::now();
    let record = app.db.store.user(user).await.unwrap().unwrap();
    app.state
        .app
        .join_certification(
            &record,
            acquis_app::certification::SessionId::from(s.id),
            "Jeanne",
            "Moreau",
            "10/09/2006",
        )
        .await
        .unwrap();
    let frame = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        loop {
            let frame = body.frame().await.unwrap().unwrap();
            if let Some(data) = frame.data_ref() {
                let text = String::from_utf8_lossy(data).into_owned();
                if text.contains("event: changed") {
                    return text;
                }
            }
        }
    })
    .await
    .expect("a changed event within 2 s");
    assert!(frame.contains("event: changed"));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

/// A JSON call with a bearer token and the seat header.
async fn kiosk(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: &str,
    seat: Option<&str>,
    body: Option<serde_json::Value>,
) -> common::Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(seat) = seat {
        builder = builder.header("acquis-seat", seat);
    }
    let request = match body {
        Some(json) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    };
    app.send(request).await
}

with_bundled_content!(a_kiosk_client_takes_the_test_over_the_json_api);
async fn a_kiosk_client_takes_the_test_over_the_json_api(app: TestApp) {
    let s = session(&app).await;
    let token = app.api_learner("kiosque@live.test").await;
    let user = app
        .db
        .store
        .user_by_email("kiosque@live.test")
        .await
        .unwrap()
        .unwrap();
    acquis_app::testkit::give_levels(&app.state.app, user.id, 5)
        .await
        .unwrap();
    let base = "/api/v1/certification/candidacies";
    let wrong = kiosk(&app, "POST", base, &token, None, Some(serde_json::json!({
        "session": s.id, "first_name": "Jeanne", "birth_name": "Autre", "birthdate": "2006-09-10"
    }))).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["error"]["code"], "no_match");
    let joined = kiosk(&app, "POST", base, &token, None, Some(serde_json::json!({
        "session": s.id, "first_name": "JEANNE", "birth_name": "moreau", "birthdate": "10/09/2006"
    }))).await;
    assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
    assert_eq!(joined.json()["step"], "instructions");
    let id = joined.json()["candidate_id"].as_i64().unwrap();
    let me = format!("{base}/{id}");
    assert_eq!(
        kiosk(
            &app,
            "POST",
            &format!("{me}/instructions"),
            &token,
            None,
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    let code = kiosk(
        &app,
        "POST",
        &format!("{me}/access-code"),
        &token,
        None,
        Some(serde_json::json!({"code": s.code})),
    )
    .await;
    assert_eq!(code.status, StatusCode::NO_CONTENT, "{}", code.body);
    let early = kiosk(&app, "POST", &format!("{me}/seat"), &token, None, None).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.json()["error"]["code"], "not_authorised");
    // The invigilator authorises (through the use case).
    let inv = app
        .state
        .app
        .open_invigilation(
            acquis_app::certification::SessionId::from(s.id),
            &s.password,
        )
        .await
        .unwrap();
    app.state
        .app
        .authorise(&inv, acquis_app::certification::CandidateId::from(id))
        .await
        .unwrap();
    let seat = kiosk(&app, "POST", &format!("{me}/seat"), &token, None, None).await;
    assert_eq!(seat.status, StatusCode::CREATED, "{}", seat.body);
    let seat = seat.json()["seat"].as_str().unwrap().to_owned();
    let without = kiosk(&app, "GET", &format!("{me}/question"), &token, None, None).await;
    assert_eq!(without.json()["error"]["code"], "seat_lost");
    let q = kiosk(
        &app,
        "GET",
        &format!("{me}/question"),
        &token,
        Some(&seat),
        None,
    )
    .await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    let body = q.json();
    assert_eq!(body["number"], 1);
    assert_eq!(body["of"], 32);
    assert!(
        body["challenge"].get("solution").is_none(),
        "no solution: {body}"
    );
    let challenge = body["challenge"]["id"].as_str().unwrap().to_owned();
    let answer = serde_json::json!({"challenge_id": challenge, "value": "#ABAND#"});
    let a = kiosk(
        &app,
        "POST",
        &format!("{me}/answers"),
        &token,
        Some(&seat),
        Some(answer.clone()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let again = kiosk(
        &app,
        "POST",
        &format!("{me}/answers"),
        &token,
        Some(&seat),
        Some(answer),
    )
    .await;
    assert_eq!(again.json()["error"]["code"], "not_current_question");
    let q2 = kiosk(
        &app,
        "GET",
        &format!("{me}/question"),
        &token,
        Some(&seat),
        None,
    )
    .await
    .json();
    assert_eq!(q2["number"], 2);
    let second = q2["challenge"]["id"].as_str().unwrap().to_owned();
    let reported = kiosk(
        &app,
        "POST",
        &format!("{me}/alerts"),
        &token,
        Some(&seat),
        Some(serde_json::json!({"challenge_id": second})),
    )
    .await;
    assert_eq!(reported.status, StatusCode::CREATED);
    let blocked = kiosk(
        &app,
        "POST",
        &format!("{me}/answers"),
        &token,
        Some(&seat),
        Some(serde_json::json!({"challenge_id": second, "value": "#ABAND#"})),
    )
    .await;
    assert_eq!(blocked.json()["error"]["code"], "alert_open");
    // Another account cannot see this enrolment.
    let other = app.api_learner("autre-kiosque@live.test").await;
    let r = kiosk(&app, "GET", &me, &other, None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

with_bundled_content!(the_centre_reports_finalises_and_downloads_the_certificates);
async fn the_centre_reports_finalises_and_downloads_the_certificates(app: TestApp) {
    use acquis_app::certification::course::CourseStep;
    use acquis_app::certification::{Operator, SessionId};
    let s = session(&app).await;
    let admin = app.browser();
    let a = &app.state.app;
    let session_id = SessionId::from(s.id);
    let centre = app
        .db
        .store
        .certification_session(s.id)
        .await
        .unwrap()
        .unwrap()
        .centre_id;
    let page = format!("/certif/{centre}/sessions/{}/finalisation", s.id);

    // A candidate takes 25 questions through the use cases, then leaves.
    let user = app.sign_up("jeanne@live.test", "Jeanne", "Moreau").await;
    acquis_app::testkit::give_levels(a, user, 5).await.unwrap();
    let record = app.db.store.user(user).await.unwrap().unwrap();
    let id = a
        .join_certification(&record, session_id, "Jeanne", "Moreau", "10/09/2006")
        .await
        .unwrap();
    let c = a.candidacy(user, id).await.unwrap();
    a.confirm_instructions(&c).await.unwrap();
    let c = a.candidacy(user, id).await.unwrap();
    a.enter_access_code(&c, &s.code).await.unwrap();
    let inv = a.open_invigilation(session_id, &s.password).await.unwrap();
    a.authorise(&inv, id).await.unwrap();
    let c = a.candidacy(user, id).await.unwrap();
    let seat = a.take_seat(&c, "fr").await.unwrap();
    for _ in 0..25 {
        let c = a.candidacy(user, id).await.unwrap();
        let CourseStep::Question(q) = a.course_step(&c, &seat).await.unwrap() else {
            panic!("finished early")
        };
        a.answer_course(&c, &seat, &q.challenge.id, acquis_core::answer::SKIP)
            .await
            .unwrap();
    }

    // The centre's page lists the candidate, unfinished.
    app.use_browser(admin);
    let shown = app.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.body.contains("Jeanne Moreau"));
    assert!(shown.body.contains(&format!("data-abort=\"{}\"", id.get())));
    // A report on a question without its number: refused, the error tied to the field.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{}/signalements", s.id),
            &[
                ("candidate", &id.get().to_string()),
                ("kind", "IN_CHALLENGE:WEBSITE_UNAVAILABLE"),
                ("question", ""),
                (
                    "description",
                    "<script>alert(1)</script> javascript:alert(1)",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("aria-describedby=\"question-{}-error\"", id.get()))
    );
    assert!(
        !r.body.contains("<script>alert(1)</script>"),
        "the typed text is escaped"
    );
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{}/signalements", s.id),
            &[
                ("candidate", &id.get().to_string()),
                ("kind", "IN_CHALLENGE:WEBSITE_UNAVAILABLE"),
                ("question", "2"),
                ("description", "Le site ne répondait pas."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A 1 MB comment and a missing abort reason: refused, nothing finalised.
    let r = app
        .post_with_csrf(&page, &[("comment", &"x".repeat(1 << 20))])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = app.post_with_csrf(&page, &[("had_incident", "on")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("id=\"abort-{}-error\"", id.get())));
    let r = app
        .post_with_csrf(
            &page,
            &[
                (&format!("abort-{}", id.get()), "candidate"),
                ("had_incident", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let done = app.get(&page).await;
    assert!(done.body.contains("data-finalised"));
    assert!(!done.body.contains("data-finalise-form"));

    // Scored (the report resolves by rule), published by the operator: the PDF.
    a.run_due_jobs().await.unwrap();
    assert!(app.get(&page).await.body.contains("question neutralisée"));
    a.publish_results(&Operator::command_line(), session_id)
        .await
        .unwrap();
    let pdf = app
        .get(&format!(
            "/certif/{centre}/sessions/{}/certificats.pdf",
            s.id
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"));
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(
        pdf.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    // Another centre's member gets nothing.
    app.sign_up("intrus@live.test", "In", "Trus").await;
    assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND);
}
