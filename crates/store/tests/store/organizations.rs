//! Organisations, members, invitations, learners, campaigns and participations, on SQLite
//! and PostgreSQL.

use acquis_core::organization::{OrganizationKind, Role};
use acquis_store::testing::TestDb;
use acquis_store::{MembershipChange, NewCampaign, NewOrganizationLearner, StoreError};

use acquis_store::scenario;

scenario!(members_join_by_invitation_and_can_leave);
async fn members_join_by_invitation_and_can_leave(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Lycée Jean Moulin",
            acquis_core::organization::OrganizationKind::Sco,
            Some("0750001A"),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = db.user("admin@lycee.fr").await.unwrap();
    store
        .add_member(
            org.id,
            admin,
            acquis_core::organization::Role::Admin,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let teacher = db.user("prof@lycee.fr").await.unwrap();
    store
        .create_invitation(
            org.id,
            "Prof@Lycee.fr",
            acquis_core::organization::Role::Member,
            "hash-1",
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    let invitation = store
        .open_invitation("hash-1", chrono::Utc::now() - chrono::Duration::days(7))
        .await
        .unwrap()
        .expect("open");
    assert_eq!(invitation.email, "prof@lycee.fr");
    store
        .accept_invitation(
            &invitation,
            teacher,
            chrono::Utc::now() - chrono::Duration::days(7),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert!(
        store
            .open_invitation("hash-1", chrono::Utc::now() - chrono::Duration::days(7))
            .await
            .unwrap()
            .is_none(),
        "an invitation works once"
    );
    assert!(matches!(
        store
            .accept_invitation(
                &invitation,
                teacher,
                chrono::Utc::now() - chrono::Duration::days(7),
                chrono::Utc::now()
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .membership_role(org.id, teacher)
            .await
            .unwrap()
            .map(|r| r.as_str()),
        Some("MEMBER")
    );
    let members = store.members(org.id).await.unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(
        store.organizations_of_user(teacher).await.unwrap()[0]
            .0
            .name,
        "Lycée Jean Moulin"
    );
    store.remove_member(org.id, teacher).await.unwrap();
    assert!(
        store
            .membership_role(org.id, teacher)
            .await
            .unwrap()
            .is_none()
    );
}

scenario!(learners_are_imported_all_together);
async fn learners_are_imported_all_together(db: &TestDb) {
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
    let learners: Vec<NewOrganizationLearner> = (0..3)
        .map(|i| NewOrganizationLearner {
            first_name: format!("Prénom{i}"),
            last_name: format!("Nom{i}"),
            birthdate: Some("2005-03-01".into()),
            division: None,
            group_name: Some("L1 Info".into()),
            attributes: r#"{"site":"Nord"}"#.into(),
            ..Default::default()
        })
        .collect();
    assert_eq!(
        store
            .import_organization_learners(org.id, &learners, chrono::Utc::now())
            .await
            .unwrap()
            .created,
        3
    );
    let stored = store.organization_learners(org.id).await.unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].group_name.as_deref(), Some("L1 Info"));
}

scenario!(a_campaign_is_joined_finished_and_shared);
async fn a_campaign_is_joined_finished_and_shared(db: &TestDb) {
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
    let admin = db.user("rh@entreprise.fr").await.unwrap();
    let profile = store
        .create_target_profile(
            org.id,
            "Bureautique",
            "Les bases",
            Some(30),
            r#"{"tubes":[]}"#,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let campaign = NewCampaign {
        organization_id: org.id,
        code: "BCDFGH234",
        kind: "ASSESSMENT",
        target_profile_id: Some(profile.id),
        title: "Rentrée",
        landing_text: "Bienvenue",
        result_text: "",
        result_button_text: "",
        result_button_url: "",
        external_id_label: Some("Matricule"),
        external_id_kind: Some("text"),
        multiple_sendings: false,
        creator_id: admin,
    };
    let created = store
        .create_campaign(campaign.clone(), chrono::Utc::now())
        .await
        .unwrap();
    assert!(
        matches!(
            store.create_campaign(campaign, chrono::Utc::now()).await,
            Err(StoreError::Conflict(_))
        ),
        "codes are unique"
    );
    assert_eq!(
        store
            .campaign_by_code("BCDFGH234")
            .await
            .unwrap()
            .map(|c| c.id),
        Some(created.id)
    );
    let learner = db.user("salarie@entreprise.fr").await.unwrap();
    let p = store
        .create_participation(created.id, learner, Some("M-001"), None, false)
        .await
        .unwrap();
    assert_eq!(p.status.as_str(), "STARTED");
    assert!(
        store
            .share_participation(p.id, Some(0.5), None, "{}", None, chrono::Utc::now())
            .await
            .is_err(),
        "only a finished test is shared"
    );
    store.participation_to_share(p.id).await.unwrap();
    store
        .share_participation(
            p.id,
            Some(0.75),
            None,
            r#"{"tubes":{}}"#,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let shared = store.participation(p.id).await.unwrap().unwrap();
    assert_eq!(
        (shared.status.as_str(), shared.mastery_rate),
        ("SHARED", Some(0.75))
    );
    assert_eq!(
        store
            .latest_participation(created.id, learner)
            .await
            .unwrap()
            .map(|p| p.id),
        Some(p.id)
    );
    assert_eq!(
        store.participation_counts(created.id).await.unwrap(),
        vec![("SHARED".to_string(), 1)]
    );
    store
        .record_reminder(
            created.id,
            p.id,
            admin,
            chrono::Utc::now() - chrono::Duration::days(1),
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(store.last_reminders(created.id).await.unwrap().len(), 1);
    let page = store.participations_page(created.id, 0, 10).await.unwrap();
    assert_eq!(page.len(), 1);
    assert!(
        store
            .participations_page(created.id, p.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    store
        .set_campaign_archived(created.id, Some(chrono::Utc::now()))
        .await
        .unwrap();
    assert!(
        store
            .campaign(created.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_some()
    );
    assert_eq!(store.campaigns_of(org.id).await.unwrap().len(), 1);
    assert_eq!(
        store.target_profiles(org.id).await.unwrap()[0].expected_minutes,
        Some(30)
    );
}

/// An organisation with `admins` administrators and `members` plain members (user ids).
async fn organization_with(
    db: &TestDb,
    admins: usize,
    members: usize,
) -> (i64, Vec<i64>, Vec<i64>) {
    let store = &db.store;
    let now = chrono::Utc::now();
    let org = store
        .create_organization("Lycée", OrganizationKind::Sco, None, now)
        .await
        .unwrap();
    let mut made = (Vec::new(), Vec::new());
    for i in 0..admins + members {
        let user = db.user(&format!("u{i}-{}@lycee.fr", org.id)).await.unwrap();
        let role = if i < admins {
            Role::Admin
        } else {
            Role::Member
        };
        store.add_member(org.id, user, role, now).await.unwrap();
        if i < admins {
            made.0.push(user);
        } else {
            made.1.push(user);
        }
    }
    (org.id, made.0, made.1)
}

scenario!(two_administrators_demoting_each_other_at_once_leave_one);
async fn two_administrators_demoting_each_other_at_once_leave_one(db: &TestDb) {
    for _ in 0..10 {
        let (org, admins, _) = organization_with(db, 2, 0).await;
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let demote = |user: i64| {
            let (store, start) = (db.store.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                store.set_member_role(org, user, Role::Member).await
            })
        };
        let (a, b) = (demote(admins[0]), demote(admins[1]));
        let mut outcomes = vec![a.await.unwrap().unwrap(), b.await.unwrap().unwrap()];
        outcomes.sort_by_key(|o| format!("{o:?}"));
        assert_eq!(
            outcomes,
            [MembershipChange::Done, MembershipChange::LastAdministrator]
        );
        assert_eq!(db.store.admin_count(org).await.unwrap(), 1);
    }
}

scenario!(twenty_concurrent_removals_leaves_and_demotions_keep_an_administrator);
async fn twenty_concurrent_removals_leaves_and_demotions_keep_an_administrator(db: &TestDb) {
    let (org, admins, members) = organization_with(db, 2, 3).await;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (store, start) = (db.store.clone(), start.clone());
            // Removal by an administrator and leaving are the same deletion.
            let target = if i % 5 == 4 {
                members[i % members.len()]
            } else {
                admins[i % 2]
            };
            tokio::spawn(async move {
                start.wait().await;
                if i % 3 == 0 {
                    store.set_member_role(org, target, Role::Member).await
                } else {
                    store.remove_member(org, target).await
                }
            })
        })
        .collect();
    let mut refused = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            MembershipChange::LastAdministrator => refused += 1,
            MembershipChange::Done | MembershipChange::NotMember => {}
        }
    }
    assert_eq!(db.store.admin_count(org).await.unwrap(), 1);
    assert!(
        refused > 0,
        "the last administrator was asked to go and stayed"
    );
}

scenario!(an_invitation_never_demotes_the_last_administrator);
async fn an_invitation_never_demotes_the_last_administrator(db: &TestDb) {
    let store = &db.store;
    let (org, admins, _) = organization_with(db, 1, 0).await;
    store
        .create_invitation(
            org,
            "u0@lycee.fr",
            Role::Member,
            "h-self",
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    let invitation = store
        .open_invitation("h-self", chrono::Utc::now() - chrono::Duration::days(7))
        .await
        .unwrap()
        .expect("open");
    store
        .accept_invitation(
            &invitation,
            admins[0],
            chrono::Utc::now() - chrono::Duration::days(7),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.membership_role(org, admins[0]).await.unwrap(),
        Some(Role::Admin)
    );
}
