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
        ..Default::default()
    }
}

scenario!(a_learner_is_linked_once_and_an_account_is_one_learner_per_organisation);
async fn a_learner_is_linked_once_and_an_account_is_one_learner_per_organisation(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Collège",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert!(!store.has_imported_learners(org.id).await.unwrap());
    store
        .import_organization_learners(
            org.id,
            &[learner("Léa", "{}"), learner("Tom", "{}")],
            chrono::Utc::now(),
        )
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
    store.anonymise_user(b, self_service(b)).await.unwrap();
    store.anonymise_user(a, self_service(a)).await.unwrap();
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
        .create_organization(
            "Université",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            chrono::Utc::now(),
        )
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
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let campaign = store
        .create_campaign(
            NewCampaign::new(org.id, "BCDFGH234", "PROFILES_COLLECTION", "T", admin),
            chrono::Utc::now(),
        )
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
        .create_organization(
            "Entreprise",
            acquis_core::organization::OrganizationKind::Pro,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let other = store
        .create_organization(
            "Autre",
            acquis_core::organization::OrganizationKind::Pro,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let p1 = store
        .create_target_profile(org.id, "P1", "", None, "{}", chrono::Utc::now())
        .await
        .unwrap();
    let p2 = store
        .create_target_profile(org.id, "P2", "", None, "{}", chrono::Utc::now())
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
    let t = store
        .create_training(org.id, &new, chrono::Utc::now())
        .await
        .unwrap();
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

fn pupil(first: &str, last: &str, birthdate: &str, division: &str) -> NewOrganizationLearner {
    NewOrganizationLearner {
        first_name: first.into(),
        last_name: last.into(),
        birthdate: Some(birthdate.into()),
        division: Some(division.into()),
        attributes: "{}".into(),
        ..Default::default()
    }
}

scenario!(importing_the_same_list_again_creates_nobody_twice);
async fn importing_the_same_list_again_creates_nobody_twice(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Collège",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut list = vec![
        pupil("Léa", "Durand", "2009-03-14", "3e A"),
        pupil("Tom", "Petit", "2009-06-01", "3e B"),
        NewOrganizationLearner {
            national_id: Some("123456789ab".into()),
            ..pupil("Zoé", "Roux", "2010-01-02", "3e A")
        },
    ];
    let first = store
        .import_organization_learners(org.id, &list, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (3, 0, 0));
    let again = store
        .import_organization_learners(org.id, &list, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    // Tom changes class; Zoé's names are typed differently but her national id is the same.
    list[1].division = Some("4e C".into());
    list[2].last_name = "Roux-Blanc".into();
    list[2].national_id = Some(" 123456789AB ".into());
    let changed = store
        .import_organization_learners(org.id, &list, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (changed.created, changed.updated, changed.unchanged),
        (0, 2, 1)
    );
    let stored = store.organization_learners(org.id).await.unwrap();
    assert_eq!(stored.len(), 3);
    let tom = stored.iter().find(|l| l.first_name == "Tom").unwrap();
    assert_eq!(tom.division.as_deref(), Some("4e C"));
    let zoe = stored.iter().find(|l| l.first_name == "Zoé").unwrap();
    assert_eq!(zoe.national_id.as_deref(), Some("123456789AB"));
}

scenario!(twenty_imports_of_one_file_at_once_create_each_learner_once);
async fn twenty_imports_of_one_file_at_once_create_each_learner_once(db: &TestDb) {
    let org = db
        .store
        .create_organization(
            "Lycée",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let list: Vec<NewOrganizationLearner> = (0..30)
        .map(|i| pupil(&format!("Élève{i}"), "Martin", "2008-09-01", "2nde A"))
        .collect();
    let imports: Vec<_> = (0..20)
        .map(|_| {
            let (store, list) = (db.store.clone(), list.clone());
            tokio::spawn(async move {
                store
                    .import_organization_learners(org.id, &list, chrono::Utc::now())
                    .await
            })
        })
        .collect();
    let mut created = 0;
    for import in imports {
        created += import.await.unwrap().unwrap().created;
    }
    assert_eq!(created, 30, "exactly one import created them");
    assert_eq!(
        db.store.organization_learners(org.id).await.unwrap().len(),
        30
    );
}

scenario!(a_learner_made_when_joining_is_merged_with_the_imported_record);
async fn a_learner_made_when_joining_is_merged_with_the_imported_record(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Université",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = db.user("admin@example.org").await.unwrap();
    let campaign = store
        .create_campaign(
            NewCampaign::new(org.id, "BCDFGH234", "PROFILES_COLLECTION", "T", admin),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    // Léa joined before any list existed: her learner comes from her account.
    let lea = db.user("lea@example.org").await.unwrap();
    let joined = store
        .create_learner_from_account(org.id, lea, "Léa", "Durand")
        .await
        .unwrap();
    let p = store
        .create_participation(campaign.id, lea, None, None, false)
        .await
        .unwrap();
    store
        .set_participation_learner(p.id, joined.id)
        .await
        .unwrap();
    let counts = store
        .import_organization_learners(
            org.id,
            &[pupil("LEA", "Durand", "2004-05-06", "L1 Info")],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!((counts.created, counts.updated), (0, 1));
    let participant = store.participant(campaign.id, p.id).await.unwrap().unwrap();
    assert_eq!(participant.division.as_deref(), Some("L1 Info"));
    assert_eq!(participant.first_name, "LEA");
    assert_eq!(store.organization_learners(org.id).await.unwrap().len(), 1);
    assert!(store.has_imported_learners(org.id).await.unwrap());

    // Tom joined without giving his identity although the list had him: his two learners
    // become one, the imported one, which takes over his account and participation.
    store
        .import_organization_learners(
            org.id,
            &[pupil("Tom", "Petit", "2004-01-01", "L1 Maths")],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let tom = db.user("tom@example.org").await.unwrap();
    let from_account = store
        .create_learner_from_account(org.id, tom, "Tom", "Petit")
        .await
        .unwrap();
    let q = store
        .create_participation(campaign.id, tom, None, None, false)
        .await
        .unwrap();
    store
        .set_participation_learner(q.id, from_account.id)
        .await
        .unwrap();
    let counts = store
        .import_organization_learners(
            org.id,
            &[pupil("Tom", "Petit", "2004-01-01", "L1 Maths")],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!((counts.created, counts.updated), (0, 1));
    let participant = store.participant(campaign.id, q.id).await.unwrap().unwrap();
    assert_eq!(participant.division.as_deref(), Some("L1 Maths"));
    let learners = store.organization_learners(org.id).await.unwrap();
    assert_eq!(learners.len(), 2);
    let imported_tom = learners.iter().find(|l| l.first_name == "Tom").unwrap();
    assert_eq!(imported_tom.user_id, Some(tom));
}

scenario!(learners_are_searched_sorted_paged_edited_and_deleted);
async fn learners_are_searched_sorted_paged_edited_and_deleted(db: &TestDb) {
    use acquis_store::{LearnerQuery, LearnerSort};
    let store = &db.store;
    let org = store
        .create_organization(
            "Collège",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let list: Vec<NewOrganizationLearner> = (0..25)
        .map(|i| {
            pupil(
                &format!("P{i:02}"),
                &format!("Nom{:02}", 24 - i),
                "2009-01-01",
                "3e",
            )
        })
        .collect();
    store
        .import_organization_learners(org.id, &list, chrono::Utc::now())
        .await
        .unwrap();
    let query = |search, sort, descending, offset| LearnerQuery {
        search,
        sort,
        descending,
        offset,
        limit: 10,
    };
    let (page, total) = store
        .learners_page(org.id, &query(None, LearnerSort::Name, false, 20))
        .await
        .unwrap();
    assert_eq!((page.len(), total), (5, 25));
    assert_eq!(page[0].last_name, "Nom20");
    let (page, _) = store
        .learners_page(org.id, &query(None, LearnerSort::FirstName, true, 0))
        .await
        .unwrap();
    assert_eq!(page[0].first_name, "P24");
    let (found, total) = store
        .learners_page(org.id, &query(Some("nom0"), LearnerSort::Name, false, 0))
        .await
        .unwrap();
    assert_eq!((found.len(), total), (10, 10));
    let (found, total) = store
        .learners_page(
            org.id,
            &query(Some("p03 NOM21"), LearnerSort::Name, false, 0),
        )
        .await
        .unwrap();
    assert_eq!((found.len(), total), (1, 1));
    let id = found[0].id;
    store
        .update_organization_learner(org.id, id, &pupil("P03", "Nom21", "2009-01-01", "4e"))
        .await
        .unwrap();
    assert_eq!(
        store
            .organization_learner(org.id, id)
            .await
            .unwrap()
            .unwrap()
            .division
            .as_deref(),
        Some("4e")
    );
    let other = page[1].id;
    assert!(matches!(
        store
            .update_organization_learner(org.id, other, &pupil("P03", "Nom21", "2009-01-01", "4e"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let elsewhere = store
        .create_organization(
            "Autre",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.delete_organization_learner(elsewhere.id, id).await,
        Err(StoreError::NotFound(_))
    ));
    store.delete_organization_learner(org.id, id).await.unwrap();
    assert!(
        store
            .organization_learner(org.id, id)
            .await
            .unwrap()
            .is_none()
    );
}

/// The audit entry of a person deleting their own account now.
fn self_service(user: i64) -> acquis_store::NewAuditEntry<'static> {
    acquis_store::NewAuditEntry {
        at: chrono::Utc::now(),
        actor_user_id: Some(user),
        actor_role: None,
        action: acquis_core::operator::AuditAction::UserAnonymised,
        target: acquis_core::operator::AuditTarget::User(user),
        detail: "",
        client: "",
    }
}
