//! Item statistics as operators use them: answers of completed tests counted by the job once
//! (twice run, 20 runs racing), new tests added incrementally, the table's figures, flags,
//! filters and sort, a challenge's page with its answer distribution (attack values escaped
//! and cut), the CSV export, and the recount button for item science only, audited.

use acquis_app::admin::{AuditAction, AuditQuery, OperatorRole};
use acquis_app::evaluations::{AssessmentKind, AssessmentState};
use acquis_app::testkit::store::{NewAnswer, NewAssessment, NewKnowledgeElement};
use acquis_core::answer::AnswerStatus;
use acquis_core::positioning::{KeSource, KeStatus};
use axum::http::StatusCode;

use crate::admin::operator;
use crate::common;
use common::TestApp;

/// Two validated challenges of different skills at levels 1..=6 of the live content.
fn two_challenges(app: &TestApp) -> (String, String, u8) {
    let live = app.state.app.live();
    let fw = &live.framework;
    let mut picked: Vec<(String, String, u8)> = Vec::new();
    for c in fw.challenges().iter().filter(|c| c.is_servable()) {
        let Some(skill) = fw.skill(&c.skill) else {
            continue;
        };
        if (2..=6).contains(&skill.level) && picked.iter().all(|(_, s, _)| *s != c.skill) {
            picked.push((c.id.clone(), c.skill.clone(), skill.level));
        }
        if picked.len() == 2 {
            break;
        }
    }
    assert_eq!(
        picked.len(),
        2,
        "the starter content has two such challenges"
    );
    (picked[0].0.clone(), picked[1].0.clone(), picked[0].2)
}

/// A competence evaluation of `user` with one answer on `challenge` that earned `pix` in its
/// competence; completed unless `completed` is false. Returns its id.
async fn one_answer_test(
    app: &TestApp,
    user: i64,
    challenge: &str,
    status: AnswerStatus,
    value: &str,
    pix: f64,
    completed: bool,
) -> i64 {
    let store = &app.db.store;
    let live = app.state.app.live();
    let c = live.framework.challenge(challenge).unwrap();
    let skill = live.framework.skill(&c.skill).unwrap();
    let now = app.state.app.now();
    let a = store
        .create_assessment(
            NewAssessment {
                user_id: user,
                kind: AssessmentKind::CompetenceEvaluation,
                competence: Some(&skill.competence),
                seed: 1,
                release_id: live.release_id,
                locale: "fr",
                improving: false,
            },
            now,
        )
        .await
        .unwrap();
    let ok = status == AnswerStatus::Ok;
    store
        .record_answer(
            user,
            NewAnswer {
                assessment_id: a.id,
                challenge_id: challenge,
                value,
                status,
                time_spent_ms: Some(4_000),
                label: None,
            },
            &[NewKnowledgeElement {
                skill_id: &skill.id,
                competence: &skill.competence,
                source: KeSource::Direct,
                status: if ok {
                    KeStatus::Validated
                } else {
                    KeStatus::Invalidated
                },
                earned_pix: pix,
            }],
            now,
        )
        .await
        .unwrap();
    if completed {
        store
            .finish_assessment(a.id, AssessmentState::Completed, now)
            .await
            .unwrap();
    }
    a.id
}

fn row_of<'a>(body: &'a str, challenge: &str) -> &'a str {
    let start = body
        .find(&format!("data-item=\"{challenge}\""))
        .unwrap_or_else(|| panic!("no row for {challenge}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    &body[start..end]
}

/// Seeds 30 failed answers on `hard` (5 of them attack values) and 10 right ones on `easy`,
/// plus a test still running; returns the running test's id.
async fn seed(app: &TestApp, learner: i64, hard: &str, easy: &str) -> i64 {
    let huge = "x".repeat(1_000_000);
    let attacks = [
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "a\u{7}b",
        huge.as_str(),
        "=cmd|' /C calc'!A0",
    ];
    for i in 0..30 {
        let value = attacks.get(i).copied().unwrap_or("Paris");
        one_answer_test(app, learner, hard, AnswerStatus::Ko, value, 0.0, true).await;
    }
    for _ in 0..10 {
        one_answer_test(app, learner, easy, AnswerStatus::Ok, "1", 4.0, true).await;
    }
    one_answer_test(app, learner, hard, AnswerStatus::Ko, "Lyon", 0.0, false).await
}

on_both_backends!(the_job_counts_each_test_once_and_the_pages_show_the_figures);
async fn the_job_counts_each_test_once_and_the_pages_show_the_figures(app: TestApp) {
    let learner = app.sign_up("lea@example.org", "Léa", "Martin").await;
    operator(&app, "odile@example.org", OperatorRole::Support).await;
    let (hard, easy, level) = two_challenges(&app);
    let running = seed(&app, learner, &hard, &easy).await;

    let counted = app.state.app.run_item_statistics(|_| {}).await.unwrap();
    assert_eq!((counted.assessments, counted.answers), (40, 40));
    let again = app.state.app.run_item_statistics(|_| {}).await.unwrap();
    assert_eq!(again.answers, 0, "a second run counts nothing twice");

    let page = app.get("/admin/epreuves").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let row = row_of(&page.body, &hard);
    assert!(
        row.contains("<td>30</td>") && row.contains("<td>0 %</td>"),
        "{row}"
    );
    assert!(row.contains("trop difficile pour son niveau"), "{row}");
    let easy_row = row_of(&page.body, &easy);
    assert!(easy_row.contains("<td>10</td>") && easy_row.contains("<td>100 %</td>"));
    assert!(
        !easy_row.contains("trop"),
        "no flag under 30 answers: {easy_row}"
    );

    let flagged = app.get("/admin/epreuves?alerte=too_hard").await;
    assert!(flagged.body.contains(&format!("data-item=\"{hard}\"")));
    assert!(!flagged.body.contains(&format!("data-item=\"{easy}\"")));
    let by_level = app.get(&format!("/admin/epreuves?niveau={level}")).await;
    assert!(by_level.body.contains(&format!("data-item=\"{hard}\"")));
    let none = app.get("/admin/epreuves?competence=9.9").await;
    assert!(none.body.contains("data-items-none"), "{}", none.body);

    let sorted = app.get("/admin/epreuves?tri=reponses&ordre=desc").await;
    let (h, e) = (
        sorted.body.find(&format!("data-item=\"{hard}\"")).unwrap(),
        sorted.body.find(&format!("data-item=\"{easy}\"")).unwrap(),
    );
    assert!(h < e, "most answers first");
    assert!(sorted.body.contains("aria-sort=\"descending\""));
    let ascending = app.get("/admin/epreuves?tri=reponses&ordre=asc").await;
    let first_counted = ascending
        .body
        .find(&format!("data-item=\"{easy}\""))
        .unwrap();
    assert!(
        first_counted
            < ascending
                .body
                .find(&format!("data-item=\"{hard}\""))
                .unwrap()
    );

    let detail = app.get(&format!("/admin/epreuves/{hard}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.body);
    assert!(detail.body.contains("<svg class=\"chart\" role=\"img\""));
    assert!(detail.body.contains("data-item-values"));
    assert!(detail.body.contains("paris"), "normalised values");
    assert!(!detail.body.contains("<script>alert"), "escaped");
    assert!(
        detail
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!detail.body.contains("href=\"javascript:"));
    assert!(!detail.body.contains('\u{7}'), "control characters dropped");
    assert!(detail.body.len() < 200_000, "the 1 MB value is cut");
    assert_eq!(
        app.get("/admin/epreuves/pas-une-epreuve").await.status,
        StatusCode::NOT_FOUND
    );

    let csv = app.get("/admin/epreuves.csv?alerte=too_hard").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'));
    let line = csv
        .body
        .lines()
        .find(|l| l.starts_with(&format!("{hard};")))
        .unwrap_or_else(|| panic!("{}", csv.body));
    let cells: Vec<&str> = line.split(';').collect();
    assert_eq!(cells[5], "30");
    assert_eq!(cells[6], "0.0000");
    assert_eq!(cells[13], "too_hard");
    assert!(!csv.body.contains(&format!("{easy};")));

    // The running test ends: the next run adds its answer, and only it.
    app.db
        .store
        .finish_assessment(running, AssessmentState::Completed, app.state.app.now())
        .await
        .unwrap();
    let later = app.state.app.run_item_statistics(|_| {}).await.unwrap();
    assert_eq!((later.assessments, later.answers), (1, 1));
    let page = app.get("/admin/epreuves").await;
    assert!(row_of(&page.body, &hard).contains("<td>31</td>"));
    let totals = app.db.store.item_statistics_totals().await.unwrap();
    assert_eq!((totals.answers, totals.assessments), (41, 41));
}

on_both_backends!(twenty_racing_runs_count_each_test_once);
async fn twenty_racing_runs_count_each_test_once(app: TestApp) {
    let learner = app.sign_up("lea@example.org", "Léa", "Martin").await;
    let (hard, easy, _) = two_challenges(&app);
    seed(&app, learner, &hard, &easy).await;
    let runs = (0..20).map(|_| {
        let app = app.state.app.clone();
        tokio::spawn(async move { app.run_item_statistics(|_| {}).await })
    });
    let mut answers = 0;
    for run in futures::future::join_all(runs).await {
        answers += run.unwrap().unwrap().answers;
    }
    assert_eq!(answers, 40, "each test counted by exactly one run");
    let (stats, _) = app
        .db
        .store
        .item_statistics_of(&hard)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stats.summary.answers, 30);
}

on_both_backends!(only_item_science_asks_for_a_recount_and_it_is_audited);
async fn only_item_science_asks_for_a_recount_and_it_is_audited(app: TestApp) {
    let learner = app.sign_up("lea@example.org", "Léa", "Martin").await;
    let (hard, easy, _) = two_challenges(&app);
    seed(&app, learner, &hard, &easy).await;
    operator(&app, "sam@example.org", OperatorRole::Support).await;
    let page = app.get("/admin/epreuves").await;
    assert!(!page.body.contains("data-items-recount"));
    let refused = app.post_with_csrf("/admin/epreuves/recalculer", &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    operator(&app, "mia@example.org", OperatorRole::Metier).await;
    let page = app.get("/admin/epreuves").await;
    assert!(page.body.contains("data-items-recount"));
    let asked = app.post_with_csrf("/admin/epreuves/recalculer", &[]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let entries = app
        .db
        .store
        .audit_entries(AuditQuery {
            action: Some(AuditAction::StatisticsRequested),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    // The test app runs due jobs after each request, as the worker would.
    assert!(
        app.db.store.jobs(10).await.unwrap().is_empty(),
        "the job ran"
    );
    let totals = app.db.store.item_statistics_totals().await.unwrap();
    assert_eq!(totals.answers, 40, "the job counted the answers");
}
