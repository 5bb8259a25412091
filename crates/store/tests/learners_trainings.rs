//! Linking accounts to organisation learners, the attribute names of a campaign's learners,
//! and trainings attached to target profiles, on SQLite and PostgreSQL.

use acquis_store::testing::TestDb;
use acquis_store::{NewCampaign, NewOrganizationLearner, NewTraining, StoreError};

use acquis_store::scenario;

fn learner(first: &str, attributes: &str) -> NewOrganizationLearner {
    NewOrganizationLearner {
        first_name: first.into(),
        last_name: "Durand".into(),
        birthdate: Some("2009-03-14".into()),
        division: Some("3e A".into()),
        group_name: None,
        attributes: attributes.into(),
    }
}

scenario!(a_learner_is_linked_once_and_an_account_is_one_learner_per_organisation);
async fn a_learner_is_linked_once_and_an_account_is_one_learner_per_organisation(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization("Collège", "SCO", None)
        .await
        .unwrap();
    assert!(!store.has_imported_learners(org.id).await.unwrap());
    store
        .import_organization_learners(org.id, &[learner("Léa", "{}"), learner("Tom", "{}")])
        .await
        .unwrap();
    assert!(store.has_imported_learners(org.id).await.unwrap());
    let born = store
        .imported_learners_born_on(org.id, "2009-03-14")
        .await
        .unwrap();
    assert_eq!(born.len(), 2);
    assert!(
        store
            .imported_learners_born_on(org.id, "2009-03-15")
            .await
            .unwrap()
            .is_empty()
    );
    let (lea, tom) = (born[0].id, born[1].id);
    let a = db.user("a@example.org").await.unwrap();
    let b = db.user("b@example.org").await.unwrap();
    store.link_learner(lea, a).await.unwrap();
    assert!(matches!(
        store.link_learner(lea, b).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(
        matches!(
            store.link_learner(tom, a).await,
            Err(StoreError::Conflict(_))
        ),
        "one learner per account in an organisation"
    );
    assert_eq!(
        store
            .learner_of_user(org.id, a)
            .await
            .unwrap()
            .map(|l| l.id),
        Some(lea)
    );
    assert!(matches!(
        store.create_learner_from_account(org.id, a, "A", "A").await,
        Err(StoreError::Conflict(_))
    ));
    let made = store
        .create_learner_from_account(org.id, b, "Bea", "B")
        .await
        .unwrap();
    assert_eq!((made.user_id, made.division), (Some(b), None));
    assert_eq!(
        store
            .imported_learners_born_on(org.id, "2009-03-14")
            .await
            .unwrap()
            .len(),
        2,
        "a learner made from an account is not a candidate"
    );

    // Deleting an account blanks the names its learners took from it, not imported ones.
    store.anonymise_user(b, Some(b)).await.unwrap();
    store.anonymise_user(a, Some(a)).await.unwrap();
    let made = store.learner_of_user(org.id, b).await.unwrap().unwrap();
    assert_eq!(
        (made.first_name.as_str(), made.last_name.as_str()),
        ("", "")
    );
    let imported = store.learner_of_user(org.id, a).await.unwrap().unwrap();
    assert_eq!(imported.first_name, "Léa");
}

scenario!(a_campaigns_attribute_names_are_the_sorted_union_of_its_learners);
async fn a_campaigns_attribute_names_are_the_sorted_union_of_its_learners(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization("Université", "SUP", None)
        .await
        .unwrap();
    let admin = db.user("admin@example.org").await.unwrap();
    store
        .import_organization_learners(
            org.id,
            &[
                learner("Léa", r#"{"option":"Latin","cursus":"L1"}"#),
                learner("Tom", r#"{"régime":"alternance","option":"Grec"}"#),
                learner("Zoé", r#"{"ignored":"not in the campaign"}"#),
            ],
        )
        .await
        .unwrap();
    let campaign = store
        .create_campaign(NewCampaign::new(
            org.id,
            "BCDFGH234",
            "PROFILES_COLLECTION",
            "T",
            admin,
        ))
        .await
        .unwrap();
    assert!(
        store
            .campaign_attribute_names(campaign.id)
            .await
            .unwrap()
            .is_empty()
    );
    let learners = store.organization_learners(org.id).await.unwrap();
    for (i, l) in learners
        .iter()
        .filter(|l| l.first_name != "Zoé")
        .enumerate()
    {
        let user = db.user(&format!("u{i}@example.org")).await.unwrap();
        let p = store
            .create_participation(campaign.id, user, None, None, false)
            .await
            .unwrap();
        store.set_participation_learner(p.id, l.id).await.unwrap();
        let stored = store.participation(p.id).await.unwrap().unwrap();
        assert_eq!(stored.organization_learner_id, Some(l.id));
    }
    assert_eq!(
        store.campaign_attribute_names(campaign.id).await.unwrap(),
        ["cursus", "option", "régime"]
    );
}

scenario!(a_training_is_attached_to_profiles_updated_and_deleted);
async fn a_training_is_attached_to_profiles_updated_and_deleted(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization("Entreprise", "PRO", None)
        .await
        .unwrap();
    let other = store
        .create_organization("Autre", "PRO", None)
        .await
        .unwrap();
    let p1 = store
        .create_target_profile(org.id, "P1", "", None, "{}")
        .await
        .unwrap();
    let p2 = store
        .create_target_profile(org.id, "P2", "", None, "{}")
        .await
        .unwrap();
    let mut new = NewTraining {
        title: "Chercher",
        link: "https://example.org",
        duration_minutes: 90,
        locale: "fr",
        kind: "e-learning",
        editor: "",
        triggers: "[]",
        profiles: &[p1.id, p2.id],
    };
    let t = store.create_training(org.id, &new).await.unwrap();
    assert_eq!(
        store.trainings_of_profile(p2.id).await.unwrap(),
        std::slice::from_ref(&t)
    );
    assert_eq!(
        store.profiles_of_training(t.id).await.unwrap(),
        [p1.id, p2.id]
    );
    let only_p2 = [p2.id];
    new.title = "Bien chercher";
    new.profiles = &only_p2;
    store.update_training(org.id, t.id, &new).await.unwrap();
    assert!(store.trainings_of_profile(p1.id).await.unwrap().is_empty());
    assert_eq!(
        store.trainings_of_profile(p2.id).await.unwrap()[0].title,
        "Bien chercher"
    );
    assert!(matches!(
        store.update_training(other.id, t.id, &new).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.training(other.id, t.id).await.unwrap().is_none());
    assert!(matches!(
        store.delete_training(other.id, t.id).await,
        Err(StoreError::NotFound(_))
    ));
    store.delete_training(org.id, t.id).await.unwrap();
    assert!(store.trainings_of_profile(p2.id).await.unwrap().is_empty());
    assert!(store.training(org.id, t.id).await.unwrap().is_none());
}
