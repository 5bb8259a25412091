//! The learner portal through the real router, as a browser without JavaScript uses it, on
//! SQLite and PostgreSQL.

use crate::common;

use acquis_core::Question;
use axum::http::StatusCode;
use common::{Reply, TestApp, hidden};

async fn csrf(app: &TestApp, path: &str) -> String {
    hidden(&app.get(path).await.body, "csrf")
}

async fn sign_up(app: &TestApp, email: &str) -> Reply {
    let token = csrf(app, "/inscription").await;
    app.post_form(
        "/inscription",
        &[
            ("csrf", &token),
            ("first_name", "Camille"),
            ("last_name", "Martin"),
            ("email", email),
            ("password", "Motdepasse1"),
            ("accept_terms", "1"),
        ],
    )
    .await
}

/// Form fields answering a starter challenge rightly.
fn right_fields(challenge_id: &str) -> Vec<(String, String)> {
    let content = acquis_content::starter().unwrap();
    let c = content.framework.challenge(challenge_id).unwrap();
    match &c.question {
        Question::Qcu { solution, .. } => vec![("answer".into(), solution.to_string())],
        Question::Qcm { solution, .. } => solution
            .iter()
            .map(|n| ("answer".into(), n.to_string()))
            .collect(),
        Question::Qroc {
            input, accepted, ..
        } => vec![(format!("input_{}", input.key), accepted[0].clone())],
        Question::QrocmInd {
            inputs, accepted, ..
        } => inputs
            .iter()
            .map(|i| (format!("input_{}", i.key), accepted[&i.key][0].clone()))
            .collect(),
        Question::QrocmDep { inputs, groups, .. } => inputs
            .iter()
            .zip(groups)
            .map(|(i, g)| (format!("input_{}", i.key), g[0].clone()))
            .collect(),
    }
}

on_both_backends!(a_learner_signs_up_completes_an_evaluation_and_sees_the_profile);
async fn a_learner_signs_up_completes_an_evaluation_and_sees_the_profile(app: TestApp) {
    let r = sign_up(&app, "camille@example.org").await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/competences"),
        "{}",
        r.body
    );
    let profile = app.get("/competences").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(
        profile
            .body
            .contains("data-competence=\"1.1\" data-status=\"not_started\""),
        "{}",
        profile.body
    );
    assert_eq!(profile.body.matches("class=\"card\"").count(), 16);

    let token = hidden(&profile.body, "csrf");
    let started = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await;
    let url = started.location();
    assert!(url.starts_with("/evaluations/"), "{url}");

    let mut seen_checkpoint = false;
    let mut answered_count = 0;
    let mut page = app.get(&url).await;
    for _ in 0..40 {
        if page.status == StatusCode::SEE_OTHER && page.location().ends_with("/fin") {
            break;
        }
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        if page.body.contains("data-start-clock") {
            // A timed challenge: its notice first, then the learner starts the clock.
            let fields = [
                ("csrf", hidden(&page.body, "csrf")),
                ("challenge_id", hidden(&page.body, "challenge_id")),
            ];
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&format!("{url}/chrono"), &pairs).await;
            page = app.get(&url).await;
        }
        assert!(page.body.contains("id=\"answer-form\""));
        let challenge = hidden(&page.body, "challenge_id");
        let content = acquis_content::starter().unwrap();
        let explanation = &content.framework.challenge(&challenge).unwrap().explanation;
        assert!(
            !page.body.contains(explanation.lines().next().unwrap()),
            "the explanation must not reach the browser before the answer"
        );
        let mut fields: Vec<(String, String)> = vec![
            ("csrf".into(), hidden(&page.body, "csrf")),
            ("challenge_id".into(), challenge.clone()),
            ("action".into(), "answer".into()),
        ];
        fields.extend(right_fields(&challenge));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let answered = app.post_form(&format!("{url}/reponses"), &pairs).await;
        assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
        answered_count += 1;
        let next = answered.location();
        if next.ends_with("/point-etape") {
            seen_checkpoint = true;
            let checkpoint = app.get(&next).await;
            assert!(
                checkpoint.body.contains("data-continue")
                    && checkpoint.body.contains("class=\"status\""),
                "{}",
                checkpoint.body
            );
        }
        page = app.get(&url).await;
    }
    assert_eq!(
        seen_checkpoint,
        answered_count >= 5,
        "a checkpoint comes every 5 answers ({answered_count} answers)"
    );
    let end = app.get(&format!("{url}/fin")).await;
    assert_eq!(end.status, StatusCode::OK);
    assert!(end.body.contains("data-results"));

    let results = app.get("/competences/1.1/resultats").await;
    assert_eq!(results.status, StatusCode::OK);
    assert!(
        results.body.contains("Réponse attendue") && results.body.contains("Réussie"),
        "{}",
        results.body
    );

    let profile = app.get("/competences").await;
    assert!(
        profile
            .body
            .contains("data-competence=\"1.1\" data-status=\"completed\""),
        "{}",
        profile.body
    );
    assert!(
        !profile
            .body
            .contains("data-competence=\"1.1\" data-status=\"completed\" data-level=\"0\""),
        "right answers earn a level"
    );
}

on_both_backends!(a_form_without_its_csrf_token_is_refused_and_changes_nothing);
async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing(app: TestApp) {
    app.get("/inscription").await;
    let fields = [
        ("first_name", "Eve"),
        ("last_name", "Forge"),
        ("email", "eve@example.org"),
        ("password", "Motdepasse1"),
        ("accept_terms", "1"),
    ];
    let r = app.post_form("/inscription", &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut forged = fields.to_vec();
    forged.push(("csrf", "not-the-token"));
    assert_eq!(
        app.post_form("/inscription", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        app.db
            .store
            .user_by_email("eve@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

on_both_backends!(ten_wrong_passwords_lock_the_sign_in);
async fn ten_wrong_passwords_lock_the_sign_in(app: TestApp) {
    sign_up(&app, "lock@example.org").await;
    app.clear_cookies();
    for _ in 0..9 {
        let token = csrf(&app, "/connexion").await;
        let r = app
            .post_form(
                "/connexion",
                &[
                    ("csrf", &token),
                    ("email", "lock@example.org"),
                    ("password", "Mauvais1"),
                ],
            )
            .await;
        assert!(r.body.contains("incorrect"), "{}", r.body);
    }
    let token = csrf(&app, "/connexion").await;
    let r = app
        .post_form(
            "/connexion",
            &[
                ("csrf", &token),
                ("email", "lock@example.org"),
                ("password", "Mauvais1"),
            ],
        )
        .await;
    assert!(r.body.contains("bloqué"), "{}", r.body);
    let token = csrf(&app, "/connexion").await;
    let r = app
        .post_form(
            "/connexion",
            &[
                ("csrf", &token),
                ("email", "lock@example.org"),
                ("password", "Motdepasse1"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "the right password is refused while locked"
    );
}

on_both_backends!(another_learners_evaluation_is_not_found);
async fn another_learners_evaluation_is_not_found(app: TestApp) {
    sign_up(&app, "owner@example.org").await;
    let token = csrf(&app, "/competences").await;
    let url = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    app.clear_cookies();
    sign_up(&app, "other@example.org").await;
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{url}/point-etape")).await.status,
        StatusCode::NOT_FOUND
    );
    let token = csrf(&app, "/competences").await;
    let r = app
        .post_form(
            &format!("{url}/reponses"),
            &[
                ("csrf", &token),
                ("challenge_id", "rmc-2a"),
                ("action", "skip"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

on_both_backends!(a_late_answer_is_timedout);
async fn a_late_answer_is_timedout(app: TestApp) {
    sign_up(&app, "late@example.org").await;
    let token = csrf(&app, "/competences").await;
    let url = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    // rmc-2b gives 60 seconds; it was shown ten minutes ago.
    let shown = chrono::Utc::now() - chrono::Duration::minutes(10);
    app.db
        .store
        .show_challenge(id, "rmc-2b", shown)
        .await
        .unwrap();
    let page = app.get(&url).await;
    assert!(
        page.body.contains("role=\"timer\""),
        "the countdown is shown"
    );
    let r = app
        .post_form(
            &format!("{url}/reponses"),
            &[
                ("csrf", &hidden(&page.body, "csrf")),
                ("challenge_id", "rmc-2b"),
                ("action", "answer"),
                ("input_ville", "Canberra"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let answers = app.db.store.answers_of(id).await.unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        answers[0].status,
        acquis_core::AnswerStatus::Timedout,
        "right but late"
    );
}

on_both_backends!(leaving_a_focused_challenge_fails_it);
async fn leaving_a_focused_challenge_fails_it(app: TestApp) {
    sign_up(&app, "focus@example.org").await;
    let token = csrf(&app, "/competences").await;
    let url = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    app.db
        .store
        .show_challenge(id, "rmc-3b", chrono::Utc::now())
        .await
        .unwrap();
    let page = app.get(&url).await;
    assert!(page.body.contains("data-focused"));
    let token = hidden(&page.body, "csrf");
    assert_eq!(
        app.post_form(
            &format!("{url}/sortie"),
            &[("csrf", &token), ("challenge_id", "rmc-3b")]
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    app.post_form(
        &format!("{url}/reponses"),
        &[
            ("csrf", &token),
            ("challenge_id", "rmc-3b"),
            ("action", "answer"),
            ("input_signe", "-"),
        ],
    )
    .await;
    assert_eq!(
        app.db.store.answers_of(id).await.unwrap()[0].status,
        acquis_core::AnswerStatus::Focusedout
    );
}

on_both_backends!(a_password_is_reset_through_the_emailed_link);
async fn a_password_is_reset_through_the_emailed_link(app: TestApp) {
    sign_up(&app, "reset@example.org").await;
    app.clear_cookies();
    let token = csrf(&app, "/mot-de-passe-oublie").await;
    let r = app
        .post_form(
            "/mot-de-passe-oublie",
            &[("csrf", &token), ("email", "reset@example.org")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let token = csrf(&app, "/mot-de-passe-oublie").await;
    app.post_form(
        "/mot-de-passe-oublie",
        &[("csrf", &token), ("email", "nobody@example.org")],
    )
    .await;
    let mails = app.mails();
    assert_eq!(mails.len(), 1, "one mail, only to the existing account");
    let mail = mails[0].replace("=\r\n", "").replace("=3D", "=");
    let start = mail
        .find("/reinitialiser-mot-de-passe?jeton=")
        .expect("a link in the mail");
    let link: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let page = app.get(&link).await;
    assert!(page.body.contains("name=\"jeton\""), "{}", page.body);
    let secret = hidden(&page.body, "jeton");
    let r = app
        .post_form(
            "/reinitialiser-mot-de-passe",
            &[
                ("csrf", &hidden(&page.body, "csrf")),
                ("jeton", &secret),
                ("password", "Nouveau2motdepasse"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/connexion");
    let again = app
        .post_form(
            "/reinitialiser-mot-de-passe",
            &[
                ("csrf", &csrf(&app, "/connexion").await),
                ("jeton", &secret),
                ("password", "Autre3motdepasse"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a link works once"
    );
    let token = csrf(&app, "/connexion").await;
    let r = app
        .post_form(
            "/connexion",
            &[
                ("csrf", &token),
                ("email", "reset@example.org"),
                ("password", "Nouveau2motdepasse"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

on_both_backends!(deleting_the_account_anonymises_it_and_signs_out);
async fn deleting_the_account_anonymises_it_and_signs_out(app: TestApp) {
    sign_up(&app, "gone@example.org").await;
    let user = app
        .db
        .store
        .user_by_email("gone@example.org")
        .await
        .unwrap()
        .unwrap();
    let page = app.get("/compte").await;
    assert!(page.body.contains("gone@example.org"));
    let r = app
        .post_form(
            "/compte/supprimer",
            &[
                ("csrf", &hidden(&page.body, "csrf")),
                ("password", "Motdepasse1"),
                ("confirm", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .store
            .user_by_email("gone@example.org")
            .await
            .unwrap()
            .is_none()
    );
    let after = app.db.store.user(user.id).await.unwrap().unwrap();
    assert!(
        after.anonymised_at.is_some()
            && after.first_name.is_empty()
            && after.password_hash.is_empty()
    );
    assert_eq!(
        app.db.store.audit_of_user(user.id).await.unwrap(),
        vec![("user.anonymised".to_string(), Some(user.id))]
    );
    assert_eq!(
        app.get("/compte").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
}

on_both_backends!(the_language_follows_the_browser_and_the_switch);
async fn the_language_follows_the_browser_and_the_switch(app: TestApp) {
    let request = axum::http::Request::builder()
        .uri("/")
        .header("accept-language", "en-GB,en;q=0.9")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = app.send(request).await;
    assert!(
        r.body.contains("<html lang=\"en\">") && r.body.contains("Create an account"),
        "{}",
        r.body
    );
    let token = csrf(&app, "/").await;
    let r = app
        .post_form(
            "/langue",
            &[("csrf", &token), ("lang", "en"), ("back", "/inscription")],
        )
        .await;
    assert_eq!(r.location(), "/inscription");
    let page = app.get("/inscription").await;
    assert!(page.body.contains("<html lang=\"en\">") && page.body.contains("First name"));
}

#[tokio::test]
async fn a_checkpoint_follows_every_fifth_answer() {
    let db = acquis_app::testkit::store::testing::TestDb::sqlite()
        .await
        .unwrap();
    let app = TestApp::with_content(db, acquis_content::bundled().unwrap()).await;
    sign_up(&app, "skipper@example.org").await;
    let token = csrf(&app, "/competences").await;
    let url = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    let mut targets = Vec::new();
    for _ in 0..5 {
        let page = app.get(&url).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "the evaluation on five tubes lasts five answers at least"
        );
        let fields = [
            ("csrf", hidden(&page.body, "csrf")),
            ("challenge_id", hidden(&page.body, "challenge_id")),
            ("action", "skip".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        targets.push(
            app.post_form(&format!("{url}/reponses"), &pairs)
                .await
                .location(),
        );
    }
    assert!(targets[..4].iter().all(|t| *t == url), "{targets:?}");
    assert_eq!(targets[4], format!("{url}/point-etape"));
    let checkpoint = app.get(&targets[4]).await;
    assert_eq!(
        checkpoint.body.matches("— Passée").count(),
        5,
        "{}",
        checkpoint.body
    );
}

/// Starts an evaluation of competence 1.1 and makes `challenge` its current one (shown now,
/// or held behind its notice when `held`); its URL and id.
async fn on_challenge(app: &TestApp, email: &str, challenge: &str, held: bool) -> (String, i64) {
    sign_up(app, email).await;
    let token = csrf(app, "/competences").await;
    let url = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    if held {
        app.db
            .store
            .hold_challenge(id, challenge, chrono::Utc::now())
            .await
            .unwrap();
    } else {
        app.db
            .store
            .show_challenge(id, challenge, chrono::Utc::now())
            .await
            .unwrap();
    }
    (url, id)
}

on_both_backends!(a_timed_challenge_waits_behind_its_notice_until_the_learner_starts_it);
async fn a_timed_challenge_waits_behind_its_notice_until_the_learner_starts_it(app: TestApp) {
    let (url, id) = on_challenge(&app, "chrono@example.org", "rmc-2b", true).await;
    let notice = app.get(&url).await;
    assert!(
        notice.body.contains("Cette épreuve est chronométrée")
            && notice.body.contains("1 min")
            && !notice.body.contains("id=\"answer-form\""),
        "the notice comes first, without the challenge: {}",
        notice.body
    );
    let token = hidden(&notice.body, "csrf");
    // Answering before the clock starts is not possible: nothing is stored.
    let early = app
        .post_form(
            &format!("{url}/reponses"),
            &[
                ("csrf", &token),
                ("challenge_id", "rmc-2b"),
                ("action", "answer"),
                ("input_ville", "Canberra"),
            ],
        )
        .await;
    assert_eq!(early.location(), url);
    assert!(app.db.store.answers_of(id).await.unwrap().is_empty());
    // Twenty starts at once (double clicks, tabs) start the clock once.
    let chrono_url = format!("{url}/chrono");
    let fields = [("csrf", token.as_str()), ("challenge_id", "rmc-2b")];
    let starts = (0..20).map(|_| app.post_form(&chrono_url, &fields));
    for r in futures::future::join_all(starts).await {
        assert_eq!(r.location(), url);
    }
    let started = app.db.store.assessment(id).await.unwrap().unwrap();
    let first_start = started.challenge_shown_at.expect("the clock runs");
    let again = app
        .post_form(
            &format!("{url}/chrono"),
            &[("csrf", &token), ("challenge_id", "rmc-2b")],
        )
        .await;
    assert_eq!(again.location(), url);
    let later = app.db.store.assessment(id).await.unwrap().unwrap();
    assert_eq!(
        later.challenge_shown_at,
        Some(first_start),
        "a second start does not give more time"
    );
    let page = app.get(&url).await;
    assert!(page.body.contains("role=\"timer\"") && page.body.contains("id=\"answer-form\""));
    let r = app
        .post_form(
            &format!("{url}/reponses"),
            &[
                ("csrf", &token),
                ("challenge_id", "rmc-2b"),
                ("action", "answer"),
                ("input_ville", "Canberra"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let answers = app.db.store.answers_of(id).await.unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].status, acquis_core::AnswerStatus::Ok);
}

on_both_backends!(a_timed_challenge_can_be_skipped_from_its_notice);
async fn a_timed_challenge_can_be_skipped_from_its_notice(app: TestApp) {
    let (url, id) = on_challenge(&app, "passe@example.org", "rmc-2b", true).await;
    let notice = app.get(&url).await;
    app.post_form(
        &format!("{url}/reponses"),
        &[
            ("csrf", &hidden(&notice.body, "csrf")),
            ("challenge_id", "rmc-2b"),
            ("action", "skip"),
        ],
    )
    .await;
    let answers = app.db.store.answers_of(id).await.unwrap();
    assert_eq!(answers[0].status, acquis_core::AnswerStatus::Aband);
}

on_both_backends!(the_page_says_when_a_focused_challenge_was_left);
async fn the_page_says_when_a_focused_challenge_was_left(app: TestApp) {
    let (url, _) = on_challenge(&app, "quitte@example.org", "rmc-3b", false).await;
    let page = app.get(&url).await;
    assert!(
        page.body.contains("data-left-page hidden"),
        "not said before leaving"
    );
    let token = hidden(&page.body, "csrf");
    app.post_form(
        &format!("{url}/sortie"),
        &[("csrf", &token), ("challenge_id", "rmc-3b")],
    )
    .await;
    let back = app.get(&url).await;
    assert!(
        back.body.contains("data-left-page >") || back.body.contains("data-left-page>"),
        "said after leaving: {}",
        back.body
    );
    assert!(back.body.contains("Vous avez quitté cette page pendant"));
}

on_both_backends!(a_simulator_answer_is_corrected_in_words_never_as_its_token);
async fn a_simulator_answer_is_corrected_in_words_never_as_its_token(app: TestApp) {
    let (url, id) = on_challenge(&app, "simulateur@example.org", "rmc-4a", false).await;
    let page = app.get(&url).await;
    assert!(
        page.body.contains("sandbox=\"allow-scripts allow-forms\"")
            && !page.body.contains("allow-same-origin"),
        "the frame runs scripts and forms, never same-origin"
    );
    assert!(
        page.body
            .contains("type=\"hidden\" id=\"champ-page\" name=\"input_page\""),
        "the simulator's token travels in a hidden field"
    );
    let csrf = hidden(&page.body, "csrf");
    let app = &app;
    let post = |label: String| {
        let url = format!("{url}/reponses");
        let csrf = csrf.clone();
        async move {
            app.post_form(
                &url,
                &[
                    ("csrf", &csrf),
                    ("challenge_id", "rmc-4a"),
                    ("action", "answer"),
                    ("input_page", "page:mairie-saint-clair"),
                    ("label", &label),
                ],
            )
            .await
        }
    };
    // A 1 MB description is refused as a whole, and nothing is stored.
    let huge = post("é".repeat(1_000_000)).await;
    assert_eq!(huge.status, StatusCode::BAD_REQUEST);
    assert!(app.db.store.answers_of(id).await.unwrap().is_empty());
    // A NUL anywhere in the form is refused as a whole (4xx), nothing stored.
    let nul = post("Vous avez ouvert\0".to_owned()).await;
    assert_eq!(nul.status, StatusCode::BAD_REQUEST);
    assert!(app.db.store.answers_of(id).await.unwrap().is_empty());
    // What the simulator says is stored cleaned: no control characters, bounded.
    let words = format!(
        "Vous avez ouvert le résultat « Piscine municipale »\u{7}<script>x</script>{}",
        "é".repeat(2_000)
    );
    let r = post(words).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let stored = &app.db.store.answers_of(id).await.unwrap()[0];
    assert_eq!(stored.status, acquis_core::AnswerStatus::Ok);
    let label = stored.label.as_deref().expect("the words are kept");
    assert!(
        !label.contains('\u{7}') && label.chars().count() == 400,
        "{label:?}"
    );
    let results = app.get("/competences/1.1/resultats").await;
    assert!(
        results
            .body
            .contains("Vous avez ouvert le résultat « Piscine municipale »"),
        "what the learner did, in words"
    );
    assert!(
        !results.body.contains("page:mairie-saint-clair"),
        "the internal token is never shown"
    );
    assert!(!results.body.contains("<script>x"), "the words are escaped");
}

on_both_backends!(a_reset_asks_first_then_the_competence_starts_again_at_once);
async fn a_reset_asks_first_then_the_competence_starts_again_at_once(app: TestApp) {
    let (url, id) = on_challenge(&app, "raz@example.org", "rmc-1a", false).await;
    // Complete the evaluation by skipping, then age it past the reset delay.
    for _ in 0..40 {
        let page = app.get(&url).await;
        if page.status != StatusCode::OK || !page.body.contains("challenge_id") {
            break;
        }
        let csrf = hidden(&page.body, "csrf");
        let challenge = hidden(&page.body, "challenge_id");
        app.post_form(
            &format!("{url}/reponses"),
            &[
                ("csrf", &csrf),
                ("challenge_id", &challenge),
                ("action", "skip"),
            ],
        )
        .await;
    }
    let done = app.db.store.assessment(id).await.unwrap().unwrap();
    assert_eq!(
        done.state,
        acquis_app::testkit::store::AssessmentState::Completed
    );
    app.db
        .age_assessment(id, chrono::Duration::days(8))
        .await
        .unwrap();
    let profile = app.get("/competences").await;
    assert!(
        profile
            .body
            .contains("href=\"/competences/1.1/remise-a-zero\""),
        "reset is a link to a confirmation, not a one-click form"
    );
    let confirm = app.get("/competences/1.1/remise-a-zero").await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Oui, remettre à zéro"));
    let r = app
        .post_form(
            "/competences/1.1/remise-a-zero",
            &[("csrf", &hidden(&confirm.body, "csrf"))],
        )
        .await;
    assert_eq!(r.location(), "/competences");
    let profile = app.get("/competences").await;
    assert!(
        profile
            .body
            .contains("data-competence=\"1.1\" data-status=\"not_started\""),
        "after a reset the competence is not started: {}",
        profile.body
    );
    let token = hidden(&profile.body, "csrf");
    let again = app
        .post_form("/competences/1.1/evaluation", &[("csrf", &token)])
        .await
        .location();
    assert_ne!(again, url, "a fresh evaluation starts at once");
    assert!(again.starts_with("/evaluations/"));
}

on_both_backends!(french_content_is_marked_as_french_on_english_pages);
async fn french_content_is_marked_as_french_on_english_pages(app: TestApp) {
    let (url, _) = on_challenge(&app, "english@example.org", "rmc-1a", false).await;
    let token = csrf(&app, "/competences").await;
    app.post_form(
        "/langue",
        &[("csrf", &token), ("lang", "en"), ("back", "/")],
    )
    .await;
    let page = app.get(&url).await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(
        page.body
            .contains("<div class=\"instruction\" lang=\"fr\">"),
        "the French instruction is marked: {}",
        page.body
    );
}
