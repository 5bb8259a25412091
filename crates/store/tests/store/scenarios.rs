//! One scenario suite, run on SQLite always and on PostgreSQL when
//! `ACQUIS_TEST_DATABASE_URL` is set (each run in its own schema).

use std::collections::BTreeMap;

use acquis_core::AnswerStatus;
use acquis_core::positioning::{KeSource, KeStatus};
use acquis_store::testing::TestDb;
use acquis_store::{
    AssessmentKind, AssessmentState, NewAnswer, NewAssessment, NewKnowledgeElement, NewRelease,
    NewUser, Recorded, Store, StoreError,
};

/// Defines `sqlite` and `postgres` tests running the same scenario.
use acquis_store::scenario;

fn bundled() -> acquis_content::LoadedContent {
    acquis_content::starter().unwrap_or_else(|e| panic!("starter content: {e}"))
}

async fn import(store: &Store, content: &acquis_content::LoadedContent) -> i64 {
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

scenario!(a_release_is_live_only_once_published);
async fn a_release_is_live_only_once_published(db: &TestDb) {
    let store = &db.store;
    let content = bundled();
    assert!(store.live_release().await.unwrap().is_none());
    let id = import(store, &content).await;
    assert!(
        store.live_release().await.unwrap().is_none(),
        "imported, not yet published"
    );
    store.publish_release(id, chrono::Utc::now()).await.unwrap();
    let live = store.live_release().await.unwrap().expect("live release");
    assert_eq!(live.summary.id, id);
    assert_eq!(
        live.framework, content.framework,
        "the framework survives the round trip"
    );
    assert_eq!(
        live.files, content.files,
        "every file survives the round trip"
    );
    assert_eq!(
        store
            .release_by_checksum(&content.checksum)
            .await
            .unwrap()
            .map(|r| r.id),
        Some(id)
    );
    assert!(matches!(
        store.publish_release(id + 1000, chrono::Utc::now()).await,
        Err(StoreError::NotFound(_))
    ));
}

scenario!(publishing_a_newer_release_replaces_the_live_one);
async fn publishing_a_newer_release_replaces_the_live_one(db: &TestDb) {
    let store = &db.store;
    let content = bundled();
    let first = import(store, &content).await;
    let second = import(store, &content).await;
    store
        .publish_release(first, chrono::Utc::now())
        .await
        .unwrap();
    store
        .publish_release(second, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        store.live_release().await.unwrap().map(|r| r.summary.id),
        Some(second)
    );
    store
        .publish_release(first, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        store.live_release().await.unwrap().map(|r| r.summary.id),
        Some(first),
        "republishing rolls back"
    );
    assert_eq!(store.releases().await.unwrap().len(), 2);
}

scenario!(an_email_belongs_to_one_account);
async fn an_email_belongs_to_one_account(db: &TestDb) {
    let store = &db.store;
    let id = db.user("Camille.Martin@example.org").await.unwrap();
    let found = store
        .user_by_email("camille.martin@EXAMPLE.org")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.id, id);
    assert_eq!(found.email, "camille.martin@example.org");
    let again = store
        .create_user(
            NewUser {
                first_name: "C",
                last_name: "M",
                email: "CAMILLE.martin@example.org",
                password_hash: "x",
                locale: "fr",
                terms_accepted_at: None,
            },
            chrono::Utc::now(),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert!(id > 0);
}

scenario!(an_answer_and_its_knowledge_elements_are_stored_once);
async fn an_answer_and_its_knowledge_elements_are_stored_once(db: &TestDb) {
    let store = &db.store;
    let content = bundled();
    let release = import(store, &content).await;
    let user = db.user("a@example.org").await.unwrap();
    let assessment = store
        .create_assessment(
            NewAssessment {
                user_id: user,
                kind: AssessmentKind::CompetenceEvaluation,
                competence: Some("1.1"),
                seed: i64::MIN + 7,
                release_id: release,
                locale: "fr",
                improving: false,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(assessment.state, AssessmentState::Started);
    assert_eq!(assessment.seed, i64::MIN + 7, "seeds keep all 64 bits");
    let shown_at = chrono::Utc::now();
    store
        .show_challenge(assessment.id, "rmc-1a", shown_at)
        .await
        .unwrap();
    let current = store.assessment(assessment.id).await.unwrap().unwrap();
    assert_eq!(current.current_challenge.as_deref(), Some("rmc-1a"));

    let answer = NewAnswer {
        assessment_id: assessment.id,
        challenge_id: "rmc-1a",
        value: "1",
        status: AnswerStatus::Ok,
        time_spent_ms: Some(4_200),
        label: None,
    };
    let kes = [NewKnowledgeElement {
        skill_id: "@requeteMotsCles1",
        competence: "1.1",
        source: KeSource::Direct,
        status: KeStatus::Validated,
        earned_pix: 4.0,
    }];
    let first = store
        .record_answer(user, answer.clone(), &kes, chrono::Utc::now())
        .await
        .unwrap();
    let Recorded::Stored(stored) = first else {
        panic!("first answer must be stored: {first:?}")
    };
    assert_eq!(stored.status, AnswerStatus::Ok);
    let again = store
        .record_answer(
            user,
            NewAnswer {
                value: "2",
                status: AnswerStatus::Ko,
                ..answer
            },
            &kes,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        again,
        Recorded::Duplicate(stored.clone()),
        "the first answer wins"
    );
    assert_eq!(
        store.answers_of(assessment.id).await.unwrap(),
        vec![stored.clone()]
    );
    let elements = store.knowledge_elements_of(user).await.unwrap();
    assert_eq!(
        elements.len(),
        1,
        "knowledge elements are not written twice"
    );
    assert_eq!(elements[0].answer_id, Some(stored.id));
    assert_eq!(elements[0].earned_pix, 4.0);
    let after = store.assessment(assessment.id).await.unwrap().unwrap();
    assert_eq!(
        after.current_challenge, None,
        "answering clears the shown challenge"
    );

    store
        .finish_assessment(
            assessment.id,
            AssessmentState::Completed,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .assessment(assessment.id)
            .await
            .unwrap()
            .unwrap()
            .state,
        AssessmentState::Completed
    );
    assert!(
        store
            .show_challenge(assessment.id, "rmc-1b", shown_at)
            .await
            .is_err(),
        "a completed assessment shows nothing"
    );
    assert_eq!(store.assessments_of_user(user).await.unwrap().len(), 1);
}

scenario!(a_failed_transaction_leaves_nothing_behind);
async fn a_failed_transaction_leaves_nothing_behind(db: &TestDb) {
    let store = &db.store;
    let content = bundled();
    let release = import(store, &content).await;
    let user = db.user("b@example.org").await.unwrap();
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
    // The knowledge elements name a user who does not exist: their insert breaks a foreign
    // key after the answer was inserted, and the answer must not stay.
    let kes = [
        NewKnowledgeElement {
            skill_id: "@requeteMotsCles1",
            competence: "1.1",
            source: KeSource::Direct,
            status: KeStatus::Validated,
            earned_pix: 4.0,
        },
        NewKnowledgeElement {
            skill_id: "@requeteMotsCles2",
            competence: "1.1",
            source: KeSource::Inferred,
            status: KeStatus::Validated,
            earned_pix: 4.0,
        },
    ];
    let answer = NewAnswer {
        assessment_id: assessment.id,
        challenge_id: "rmc-1a",
        value: "1",
        status: AnswerStatus::Ok,
        time_spent_ms: None,
        label: None,
    };
    assert!(
        store
            .record_answer(user + 1000, answer, &kes, chrono::Utc::now())
            .await
            .is_err()
    );
    assert!(store.answers_of(assessment.id).await.unwrap().is_empty());
    assert!(store.knowledge_elements_of(user).await.unwrap().is_empty());
}

scenario!(migrations_can_run_twice);
async fn migrations_can_run_twice(db: &TestDb) {
    db.store.migrate().await.unwrap();
    db.store.health().await.unwrap();
    let _ = BTreeMap::<String, Vec<u8>>::new();
}

scenario!(an_answer_step_reads_only_its_competence_and_assessment);
async fn an_answer_step_reads_only_its_competence_and_assessment(db: &TestDb) {
    let store = &db.store;
    let release = import(store, &bundled()).await;
    let user = db.user("hot@example.org").await.unwrap();
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
    let element = |skill_id, competence, source| NewKnowledgeElement {
        skill_id,
        competence,
        source,
        status: KeStatus::Invalidated,
        earned_pix: 0.0,
    };
    store
        .add_knowledge_elements(
            user,
            assessment.id,
            &[element("@autre1", "1.2", KeSource::Direct)],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let answer = |challenge_id| NewAnswer {
        assessment_id: assessment.id,
        challenge_id,
        value: "#ABAND#",
        status: AnswerStatus::Aband,
        time_spent_ms: None,
        label: None,
    };
    let two = [
        element("@requeteMotsCles2", "1.1", KeSource::Direct),
        element("@requeteMotsCles3", "1.1", KeSource::Inferred),
    ];
    let Recorded::Stored(first) = store
        .record_answer(user, answer("rmc-2a"), &two, chrono::Utc::now())
        .await
        .unwrap()
    else {
        panic!("stored")
    };
    store
        .record_answer(user, answer("rmc-4a"), &[], chrono::Utc::now())
        .await
        .unwrap();

    let mine = store
        .knowledge_elements_of_competence(user, "1.1")
        .await
        .unwrap();
    let skills: Vec<&str> = mine.iter().map(|ke| ke.skill_id.as_str()).collect();
    assert_eq!(skills, ["@requeteMotsCles2", "@requeteMotsCles3"]);
    assert!(mine.iter().all(|ke| ke.answer_id == Some(first.id)));
    assert_eq!(store.knowledge_elements_of(user).await.unwrap().len(), 3);
    assert_eq!(
        store.answer_statuses_of(assessment.id).await.unwrap(),
        [AnswerStatus::Aband, AnswerStatus::Aband]
    );
    assert_eq!(
        store.answer_to(assessment.id, "rmc-2a").await.unwrap(),
        Some(first)
    );
    assert_eq!(
        store.answer_to(assessment.id, "rmc-9z").await.unwrap(),
        None
    );
}

scenario!(expired_sessions_are_neither_loaded_nor_kept);
async fn expired_sessions_are_neither_loaded_nor_kept(db: &TestDb) {
    let store = &db.store;
    let now = chrono::Utc::now();
    store
        .save_session("live", "{}", now + chrono::Duration::hours(1))
        .await
        .unwrap();
    store
        .save_session("old", "{}", now - chrono::Duration::hours(1))
        .await
        .unwrap();
    assert!(store.load_session("old", now).await.unwrap().is_none());
    assert_eq!(
        store.load_session("live", now).await.unwrap().as_deref(),
        Some("{}")
    );
    assert_eq!(store.purge_expired_sessions(now).await.unwrap(), 1);
    assert!(
        store.session_exists("live").await.unwrap() && !store.session_exists("old").await.unwrap()
    );
}

scenario!(an_evaluation_state_is_read_in_one_call_for_its_owner_only);
async fn an_evaluation_state_is_read_in_one_call_for_its_owner_only(db: &TestDb) {
    use acquis_store::{Access, Caller};
    let store = &db.store;
    let release = import(store, &bundled()).await;
    let user = db.user("state@example.org").await.unwrap();
    let other = db.user("other@example.org").await.unwrap();
    let now = chrono::Utc::now();
    store
        .create_api_token(
            "hash-of-user",
            user,
            now + chrono::Duration::days(1),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .create_api_token(
            "hash-expired",
            user,
            now - chrono::Duration::seconds(1),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let start = |kind, competence| NewAssessment {
        user_id: user,
        kind,
        competence,
        seed: 7,
        release_id: release,
        locale: "fr",
        improving: false,
    };
    let evaluation = store
        .create_assessment(
            start(AssessmentKind::CompetenceEvaluation, Some("1.1")),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let campaign = store
        .create_assessment(start(AssessmentKind::Campaign, None), chrono::Utc::now())
        .await
        .unwrap();
    store
        .set_assessment_target(campaign.id, r#"["@requeteMotsCles2"]"#)
        .await
        .unwrap();
    let ke = |skill_id, competence| NewKnowledgeElement {
        skill_id,
        competence,
        source: KeSource::Direct,
        status: KeStatus::Validated,
        earned_pix: 1.5,
    };
    store
        .add_knowledge_elements(
            user,
            campaign.id,
            &[ke("@autre1", "1.2")],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    // Written through the hot path, read back by every path alike.
    let shown_at = now - chrono::Duration::seconds(3);
    store
        .show_challenge(evaluation.id, "rmc-2a", shown_at)
        .await
        .unwrap();
    store
        .record_answer(
            user,
            NewAnswer {
                assessment_id: evaluation.id,
                challenge_id: "rmc-2a",
                value: "1",
                status: AnswerStatus::Ok,
                time_spent_ms: Some(3000),
                label: None,
            },
            &[ke("@requeteMotsCles2", "1.1")],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .show_challenge(evaluation.id, "rmc-4a", shown_at)
        .await
        .unwrap();

    let token = |hash: &str| Caller::Token {
        hash: hash.into(),
        now,
    };
    let Access::Granted(state) = store
        .evaluation_state(token("hash-of-user"), evaluation.id)
        .await
        .unwrap()
    else {
        panic!("the owner's token reads its assessment")
    };
    assert_eq!(
        Some(state.assessment.clone()),
        store.assessment(evaluation.id).await.unwrap()
    );
    assert_eq!(
        state.assessment.current_challenge.as_deref(),
        Some("rmc-4a")
    );
    assert_eq!(
        state
            .assessment
            .challenge_shown_at
            .map(|t| t.timestamp_micros()),
        Some(shown_at.timestamp_micros())
    );
    assert_eq!(state.statuses, [AnswerStatus::Ok]);
    assert_eq!(
        state.elements,
        store
            .knowledge_elements_of_competence(user, "1.1")
            .await
            .unwrap()
    );
    assert_eq!(state.target, None);
    assert_eq!(
        store
            .evaluation_state(Caller::User(user), evaluation.id)
            .await
            .unwrap(),
        Access::Granted(state)
    );

    let Access::Granted(state) = store
        .evaluation_state(Caller::User(user), campaign.id)
        .await
        .unwrap()
    else {
        panic!("the owner reads its campaign assessment")
    };
    assert_eq!(state.target.as_deref(), Some(r#"["@requeteMotsCles2"]"#));
    assert_eq!(
        state.elements.len(),
        2,
        "a campaign looks at the whole profile"
    );

    assert_eq!(
        store
            .evaluation_state(Caller::User(other), evaluation.id)
            .await
            .unwrap(),
        Access::NotFound
    );
    assert_eq!(
        store
            .evaluation_state(Caller::User(user), evaluation.id + 1000)
            .await
            .unwrap(),
        Access::NotFound
    );
    for bad in ["hash-expired", "no-such-hash"] {
        assert_eq!(
            store
                .evaluation_state(token(bad), evaluation.id)
                .await
                .unwrap(),
            Access::Unauthorized,
            "{bad}"
        );
    }

    store
        .finish_assessment(
            evaluation.id,
            AssessmentState::Completed,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let Access::Granted(state) = store
        .evaluation_state(Caller::User(user), evaluation.id)
        .await
        .unwrap()
    else {
        panic!("a completed assessment is still its owner's")
    };
    assert_eq!(state.assessment.state, AssessmentState::Completed);
    assert_eq!(state.assessment.current_challenge, None);
    assert!(state.statuses.is_empty() && state.elements.is_empty());
}

/// An organisation with an assessment campaign and a fresh account; (org, campaign, user).
async fn join_fixture(db: &TestDb) -> (i64, i64, i64) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Lycée Condorcet",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = db.user("admin@condorcet.fr").await.unwrap();
    let campaign = store
        .create_campaign(
            acquis_store::NewCampaign::new(org.id, "KMPQRT279", "ASSESSMENT", "Rentrée", admin),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let user = db.user("eleve@condorcet.fr").await.unwrap();
    (org.id, campaign.id, user)
}

fn a_join(campaign_id: i64, organization_id: i64, user_id: i64) -> acquis_store::NewJoin<'static> {
    acquis_store::NewJoin {
        campaign_id,
        organization_id,
        user_id,
        previous: None,
        learner: acquis_store::LearnerLink::FromAccount {
            first_name: "Alex",
            last_name: "Durand",
        },
        external_id: None,
        improved: false,
        assessment: Some(acquis_store::CampaignAssessment {
            seed: 7,
            release_id: 1,
            locale: "fr",
            skills_json: "[\"@recherche1\"]",
        }),
        status: acquis_core::campaign::ParticipationStatus::Started,
        now: chrono::Utc::now(),
    }
}

scenario!(a_join_failing_on_its_last_insert_leaves_no_row_behind);
async fn a_join_failing_on_its_last_insert_leaves_no_row_behind(db: &TestDb) {
    let store = &db.store;
    import(store, &bundled()).await;
    let (org, _, user) = join_fixture(db).await;
    // The learner, the assessment and its target are written; the participation, last, names a
    // campaign that does not exist and fails on its foreign key.
    let failed = store.join_campaign(a_join(999_999, org, user)).await;
    assert!(matches!(failed, Err(StoreError::Database(_))), "{failed:?}");
    assert!(
        store.learner_of_user(org, user).await.unwrap().is_none(),
        "no learner made"
    );
    assert!(
        store.assessments_of_user(user).await.unwrap().is_empty(),
        "no orphan assessment"
    );
}

scenario!(a_join_whose_imported_learner_was_taken_meanwhile_writes_nothing);
async fn a_join_whose_imported_learner_was_taken_meanwhile_writes_nothing(db: &TestDb) {
    let store = &db.store;
    import(store, &bundled()).await;
    let (org, campaign, user) = join_fixture(db).await;
    let other = db.user("autre@condorcet.fr").await.unwrap();
    let learner = store
        .create_learner_from_account(org, other, "Alex", "Durand")
        .await
        .unwrap();
    let join = acquis_store::NewJoin {
        learner: acquis_store::LearnerLink::Imported(learner.id),
        ..a_join(campaign, org, user)
    };
    assert!(matches!(
        store.join_campaign(join).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(store.assessments_of_user(user).await.unwrap().is_empty());
    assert!(
        store
            .latest_participation(campaign, user)
            .await
            .unwrap()
            .is_none()
    );
}

scenario!(twenty_concurrent_joins_of_one_account_give_one_participation_and_one_assessment);
async fn twenty_concurrent_joins_of_one_account_give_one_participation_and_one_assessment(
    db: &TestDb,
) {
    let store = &db.store;
    import(store, &bundled()).await;
    let (org, campaign, user) = join_fixture(db).await;
    let joins = (0..20).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.join_campaign(a_join(campaign, org, user)).await })
    });
    let mut created = 0;
    let mut ids = std::collections::BTreeSet::new();
    for join in joins.collect::<Vec<_>>() {
        match join.await.unwrap().unwrap() {
            acquis_store::Joined::Created(p) => {
                created += 1;
                ids.insert(p.id);
            }
            acquis_store::Joined::Raced(p) => {
                ids.insert(p.id);
            }
        }
    }
    assert_eq!(created, 1, "one join writes, the others find it");
    assert_eq!(ids.len(), 1, "every join returns the same participation");
    assert_eq!(store.assessments_of_user(user).await.unwrap().len(), 1);
    let counts = store.participation_counts(campaign).await.unwrap();
    assert_eq!(counts, vec![("STARTED".to_owned(), 1)]);
    let p = store
        .latest_participation(campaign, user)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        p.organization_learner_id,
        store
            .learner_of_user(org, user)
            .await
            .unwrap()
            .map(|l| l.id)
    );
}
