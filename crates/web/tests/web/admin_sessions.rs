//! Certification review in the operator's portal (`/admin/sessions`), on SQLite and
//! PostgreSQL with the bundled framework: a session held by a report needing a person is
//! listed as such, a CERTIF operator decides it (a SUPPORT operator is refused), the session
//! becomes publishable; neutralising or restoring a question and cancelling or reinstating
//! a certification recompute the result exactly as the scoring job does; publishing (20 at
//! once: once, one mail) and unpublishing; every change in the journal; hostile comments
//! refused or escaped.

use crate::admin::operator;
use crate::common;

use acquis_app::admin::OperatorRole;
use acquis_app::certification::course::CourseStep;
use acquis_app::certification::{CandidateId, CentreId, Operator, SessionForm, SessionId};
use acquis_core::certification::finalisation::{FinalisationForm, IssueReportForm};
use acquis_core::organization::OrganizationKind;
use axum::http::StatusCode;
use common::TestApp;

/// A scored, unpublished session of Jeanne Moreau, with a report the rules leave to a
/// person (on question 2); its id, Jeanne's course and the report.
async fn scored_session(app: &TestApp) -> (SessionId, i64, i64) {
    let a = &app.state.app;
    let founded = a
        .found_centre(
            "Centre Revue",
            OrganizationKind::Sco,
            None,
            "chef@revue.test",
            "fr",
        )
        .await
        .unwrap();
    let admin = app.sign_up("chef@revue.test", "Chef", "Centre").await;
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
                site: "Campus Sud".into(),
                room: "B2".into(),
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
            results_email: "jeanne.resultats@revue.test".into(),
            ..Default::default()
        },
        "fr",
    )
    .await
    .unwrap();
    let user_id = app.sign_up("jeanne@revue.test", "Jeanne", "Moreau").await;
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
    let report = a
        .add_issue_report(
            &membership,
            session,
            id,
            &IssueReportForm {
                kind: "IN_CHALLENGE:OTHER".into(),
                question: "4".into(),
                description: "L’écran s’est figé.".into(),
            },
        )
        .await
        .unwrap();
    a.finalise_session(&membership, session, &FinalisationForm::default(), &[])
        .await
        .unwrap();
    a.run_due_jobs().await.unwrap();
    let results = app.db.store.session_results(session.get()).await.unwrap();
    assert_eq!(results.len(), 1);
    (session, results[0].course_id, report)
}

/// The figures of a stored result: status, score, capacity, levels, neutralised questions.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    status: String,
    score: Option<i32>,
    capacity: Option<f64>,
    levels: String,
    neutralised: String,
}

async fn result(app: &TestApp, session: SessionId) -> Figures {
    let r = app.db.store.session_results(session.get()).await.unwrap()[0].clone();
    Figures {
        status: r.status,
        score: r.score,
        capacity: r.capacity,
        levels: r.competence_levels,
        neutralised: r.neutralised,
    }
}

/// The stored result, and the one the scoring job computes again from the facts.
async fn rescored(app: &TestApp, session: SessionId) -> (Figures, Figures) {
    let before = result(app, session).await;
    app.state.app.score_session(session.get()).await.unwrap();
    (before, result(app, session).await)
}

fn same_figures(a: &Figures, b: &Figures) {
    assert_eq!(a, b);
}

with_bundled_content!(a_session_waiting_for_a_person_is_reviewed_published_and_unpublished);
async fn a_session_waiting_for_a_person_is_reviewed_published_and_unpublished(app: TestApp) {
    let (session, course, report) = scored_session(&app).await;
    let id = session.get();
    let page = format!("/admin/sessions/{id}");

    // A SUPPORT operator reads but may not decide.
    operator(&app, "support@revue.test", OperatorRole::Support).await;
    let r = app.get("/admin/sessions").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-needing"), "{}", r.body);
    assert!(r.body.contains("attendent une décision"), "{}", r.body);
    assert!(r.body.contains("data-to-publish-empty"));
    let r = app
        .post_with_csrf(
            &format!("{page}/signalements/{report}"),
            &[("decision", "no_effect"), ("comment", "Vu.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post_with_csrf(&format!("{page}/publier"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A CERTIF operator.
    operator(&app, "certif@revue.test", OperatorRole::Certif).await;
    let r = app.get(&page).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-waits"), "{}", r.body);
    assert!(r.body.contains("data-blockers"));

    // Hostile comments: refused (NUL, 1 MB, over 500) or escaped.
    let path = format!("{page}/signalements/{report}");
    let nul = app
        .post_with_csrf(&path, &[("decision", "no_effect"), ("comment", "a\0b")])
        .await;
    assert_eq!(nul.status, StatusCode::BAD_REQUEST);
    let huge = "x".repeat(1 << 20);
    let big = app
        .post_with_csrf(&path, &[("decision", "no_effect"), ("comment", &huge)])
        .await;
    assert_eq!(big.status, StatusCode::BAD_REQUEST);
    let long = "é".repeat(501);
    let r = app
        .post_with_csrf(&path, &[("decision", "no_effect"), ("comment", &long)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("id=\"comment-{report}\"")));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(
        app.db
            .store
            .session_review_facts(id)
            .await
            .unwrap()
            .decisions
            .is_empty()
    );
    let hostile = "<script>alert(1)</script> javascript:alert(1)";
    let r = app
        .post_with_csrf(&path, &[("decision", "no_effect"), ("comment", hostile)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&page).await;
    assert!(!r.body.contains("<script>alert"), "unescaped");
    assert!(r.body.contains("&lt;script&gt;") || r.body.contains("&#60;script&#62;"));
    assert!(r.body.contains("data-publishable"), "{}", r.body);
    let r = app.get("/admin/sessions").await;
    assert!(r.body.contains("data-to-publish"), "{}", r.body);
    assert!(r.body.contains(&format!("data-session=\"{id}\"")));

    // Neutralising question 4 gives what the scoring job gives from the facts; restoring
    // it gives the first figures back.
    let original = result(&app, session).await;
    let r = app
        .post_with_csrf(
            &format!("{page}/tests/{course}/questions/4/neutraliser"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (stored, again) = rescored(&app, session).await;
    same_figures(&stored, &again);
    assert_ne!(stored.neutralised, original.neutralised);
    let r = app
        .post_with_csrf(&format!("{page}/tests/{course}/questions/4/retablir"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (stored, again) = rescored(&app, session).await;
    same_figures(&stored, &again);
    same_figures(&stored, &original);
    let r = app
        .post_with_csrf(
            &format!("{page}/tests/{course}/questions/99/neutraliser"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Cancel, then reinstate.
    let r = app
        .post_with_csrf(&format!("{page}/tests/{course}/annuler"), &[("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with_csrf(
            &format!("{page}/tests/{course}/annuler"),
            &[("reason", "Fraude constatée.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (stored, again) = rescored(&app, session).await;
    assert_eq!(stored.status, "cancelled");
    assert_eq!(stored.score, None);
    same_figures(&stored, &again);
    let r = app
        .post_with_csrf(&format!("{page}/tests/{course}/reintegrer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    same_figures(&result(&app, session).await, &original);

    // Twenty publications at once: published once, one mail.
    let before = app.mails().len();
    let calls = (0..20).map(|_| {
        let a = app.state.app.clone();
        async move { a.publish_results(&Operator::command_line(), session).await }
    });
    let results = futures::future::join_all(calls).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    app.state.app.run_due_jobs().await.unwrap();
    let mails = app.mails();
    assert_eq!(mails.len(), before + 1);
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.contains("jeanne.resultats@revue.test"))
            .count(),
        1
    );
    let r = app.get(&page).await;
    assert!(r.body.contains("data-unpublish"));

    // Nothing changes once published.
    let r = app
        .post_with_csrf(
            &format!("{page}/tests/{course}/questions/4/neutraliser"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app.get(&page).await;
    assert!(r.body.contains("retirez la publication"), "{}", r.body);
    same_figures(&result(&app, session).await, &original);

    let r = app.post_with_csrf(&format!("{page}/depublier"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app.post_with_csrf(&format!("{page}/publier"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.get(&page).await.body.contains("data-unpublish"));

    // The journal says it all.
    let journal = app.get("/admin/journal").await.body;
    for label in [
        "Signalement traité",
        "Question neutralisée",
        "Question rétablie",
        "Certification annulée",
        "Certification rétablie",
        "Résultats publiés",
        "Publication retirée",
    ] {
        assert!(journal.contains(label), "{label} missing from the journal");
    }
}

with_bundled_content!(publish_all_publishes_what_nothing_holds_and_a_read_comment_lifts_its_hold);
async fn publish_all_publishes_what_nothing_holds_and_a_read_comment_lifts_its_hold(app: TestApp) {
    let (session, _, report) = scored_session(&app).await;
    operator(&app, "certif@revue.test", OperatorRole::Certif).await;
    let r = app.post_with_csrf("/admin/sessions/publier", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let record = app
        .db
        .store
        .certification_session(session.get())
        .await
        .unwrap()
        .unwrap();
    assert!(record.published_at.is_none(), "held by the report");
    let r = app
        .post_with_csrf(
            &format!("/admin/sessions/{}/signalements/{report}", session.get()),
            &[
                ("decision", "neutralise"),
                ("comment", "Écran figé : neutralisée."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = result(&app, session).await;
    assert!(stored.neutralised.len() > 2, "{}", stored.neutralised);
    let r = app.post_with_csrf("/admin/sessions/publier", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let record = app
        .db
        .store
        .certification_session(session.get())
        .await
        .unwrap()
        .unwrap();
    assert!(record.published_at.is_some());
}
