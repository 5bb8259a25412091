//! Item calibration's data on SQLite and PostgreSQL: the answers read page by page with each
//! respondent's answers together, and parameter sets written once under a unique version.

use acquis_core::AnswerStatus;
use acquis_core::irt::LatentDistribution;
use acquis_store::testing::TestDb;
use acquis_store::{
    AssessmentKind, NewAnswer, NewAssessment, NewItemParameters, NewParameterSet, NewRelease,
    Respondent, Store, StoreError, scenario,
};

async fn release(store: &Store) -> i64 {
    let content = acquis_content::starter().unwrap_or_else(|e| panic!("starter content: {e}"));
    let data = content.framework.data();
    store
        .create_release(
            NewRelease {
                name: &data.name,
                version: &data.version,
                checksum: &content.checksum,
                framework: &content.framework,
                files: &content.files,
            },
            chrono::Utc::now(),
        )
        .await
        .expect("release stored")
}

/// An assessment of a new user with answers `(challenge, status)`.
async fn answered(db: &TestDb, release: i64, n: usize, answers: &[(&str, AnswerStatus)]) -> i64 {
    let store = &db.store;
    let user = db.user(&format!("p{n}@example.org")).await.unwrap();
    let assessment = store
        .create_assessment(
            NewAssessment {
                user_id: user,
                kind: AssessmentKind::CompetenceEvaluation,
                competence: Some("1.1"),
                seed: 1,
                release_id: release,
                locale: "fr",
                improving: false,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    for (challenge_id, status) in answers {
        let answer = NewAnswer {
            assessment_id: assessment.id,
            challenge_id,
            value: "x",
            status: *status,
            time_spent_ms: None,
            label: None,
        };
        store
            .record_answer(user, answer, &[], chrono::Utc::now())
            .await
            .unwrap();
    }
    assessment.id
}

scenario!(answers_are_read_in_pages_with_each_respondent_together);
async fn answers_are_read_in_pages_with_each_respondent_together(db: &TestDb) {
    let store = &db.store;
    let release = release(store).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let answers = [
            ("c-b", AnswerStatus::Ok),
            ("c-a", AnswerStatus::Ko),
            ("c-c", AnswerStatus::Aband),
        ];
        ids.push(answered(db, release, n, &answers[..1 + n % 3]).await);
    }
    for page in [1, 2, 3, 1000] {
        let mut seen = Vec::new();
        let count = store
            .visit_calibration_answers(page, |a| seen.push(a))
            .await
            .unwrap();
        assert_eq!(count, 1 + 2 + 3 + 1 + 2, "page of {page}");
        assert_eq!(seen.len() as u64, count);
        let respondents: Vec<Respondent> = seen.iter().map(|a| a.respondent).collect();
        let mut sorted = respondents.clone();
        sorted.sort();
        assert_eq!(
            respondents, sorted,
            "one respondent's answers come together"
        );
        let first: Vec<(&str, &str)> = seen
            .iter()
            .filter(|a| a.respondent == Respondent::Assessment(ids[2]))
            .map(|a| (a.challenge_id.as_str(), a.status.as_str()))
            .collect();
        assert_eq!(first, [("c-a", "ko"), ("c-b", "ok"), ("c-c", "aband")]);
    }
}

scenario!(a_parameter_set_is_stored_once_with_its_items);
async fn a_parameter_set_is_stored_once_with_its_items(db: &TestDb) {
    let store = &db.store;
    let release = release(store).await;
    let items: Vec<NewItemParameters> = ["rmc-2a", "rmc-1a"]
        .iter()
        .enumerate()
        .map(|(n, id)| NewItemParameters {
            challenge_id: id,
            a: 1.25 + n as f64,
            b: -0.5,
            se_a: (n == 0).then_some(0.1),
            se_b: (n == 0).then_some(0.07),
            fit: 0.02,
            answers: 812,
            fixed: n == 1,
        })
        .collect();
    let set = NewParameterSet {
        version: "cal-2026-12-04",
        release_id: release,
        options: r#"{"min_answers":200}"#,
        anchors: 1,
        latent: LatentDistribution::Linked,
        latent_mean: 0.25,
        latent_sd: 1.1,
        persons: 900,
        answers: 1624,
        iterations: 87,
        converged: true,
        log_likelihood: -1234.5,
        items: &items,
    };
    let id = store
        .save_parameter_set(&set, chrono::Utc::now())
        .await
        .unwrap();
    let again = store.save_parameter_set(&set, chrono::Utc::now()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let stored = store
        .parameter_set("cal-2026-12-04")
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored.id, id);
    assert_eq!(stored.latent, LatentDistribution::Linked);
    assert_eq!((stored.items, stored.anchors, stored.persons), (2, 1, 900));
    assert!(stored.converged && stored.latent_sd == 1.1 && stored.options.contains("200"));
    assert_eq!(store.parameter_sets().await.unwrap(), vec![stored]);
    assert!(store.parameter_set("other").await.unwrap().is_none());
    let read = store.item_parameters(id).await.unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].challenge_id, "rmc-1a");
    assert!(read[0].fixed && read[0].se_a.is_none());
    assert_eq!(
        (read[1].a, read[1].se_b, read[1].fixed),
        (1.25, Some(0.07), false)
    );
}
