//! What the organisation portal reads and changes: member roles, withdrawn invitations, and
//! campaign participants page by page with their names, groups and last reminder, on SQLite
//! and PostgreSQL.

use acquis_core::organization::Role;
use acquis_store::testing::TestDb;
use acquis_store::{
    MembershipChange, NewCampaign, NewOrganizationLearner, ParticipantFilter, StoreError,
};

use acquis_store::scenario;

scenario!(roles_change_only_for_members_and_invitations_can_be_withdrawn);
async fn roles_change_only_for_members_and_invitations_can_be_withdrawn(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Lycée",
            acquis_core::organization::OrganizationKind::Sco,
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
    let admin = db.user("admin@lycee.fr").await.unwrap();
    let outsider = db.user("dehors@lycee.fr").await.unwrap();
    store
        .add_member(
            org.id,
            admin,
            acquis_core::organization::Role::Admin,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(store.admin_count(org.id).await.unwrap(), 1);
    // The store keeps the last administrator: demoting them is refused, nothing changes.
    assert_eq!(
        store
            .set_member_role(org.id, admin, Role::Member)
            .await
            .unwrap(),
        MembershipChange::LastAdministrator
    );
    assert_eq!(store.admin_count(org.id).await.unwrap(), 1);
    let second = db.user("second@lycee.fr").await.unwrap();
    store
        .add_member(org.id, second, Role::Admin, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        store
            .set_member_role(org.id, admin, Role::Member)
            .await
            .unwrap(),
        MembershipChange::Done
    );
    assert_eq!(store.admin_count(org.id).await.unwrap(), 1);
    assert_eq!(
        store
            .set_member_role(org.id, outsider, Role::Admin)
            .await
            .unwrap(),
        MembershipChange::NotMember
    );
    assert!(
        store
            .membership_role(org.id, outsider)
            .await
            .unwrap()
            .is_none()
    );
    let id = store
        .create_invitation(
            org.id,
            "x@lycee.fr",
            acquis_core::organization::Role::Member,
            "h1",
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .cancel_invitation(other.id, id, chrono::Utc::now())
            .await,
        Err(StoreError::NotFound(_))
    ));
    store
        .cancel_invitation(org.id, id, chrono::Utc::now())
        .await
        .unwrap();
    assert!(
        store
            .open_invitation("h1", chrono::Utc::now() - chrono::Duration::days(7))
            .await
            .unwrap()
            .is_none()
    );
}

scenario!(participants_are_read_page_by_page_with_names_groups_and_reminders);
async fn participants_are_read_page_by_page_with_names_groups_and_reminders(db: &TestDb) {
    let store = &db.store;
    let org = store
        .create_organization(
            "Lycée",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = db.user("admin@lycee.fr").await.unwrap();
    let campaign = store
        .create_campaign(
            NewCampaign::new(org.id, "BCDFGH234", "PROFILES_COLLECTION", "Profils", admin),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..3 {
        let u = db.user(&format!("e{i}@lycee.fr")).await.unwrap();
        ids.push(
            store
                .create_participation(campaign.id, u, None, None, false)
                .await
                .unwrap()
                .id,
        );
    }
    store.participation_to_share(ids[1]).await.unwrap();
    store
        .record_reminder(
            campaign.id,
            ids[0],
            admin,
            chrono::Utc::now() - chrono::Duration::days(1),
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    store
        .import_organization_learners(
            org.id,
            &[NewOrganizationLearner {
                first_name: "Léa".into(),
                last_name: "Martin".into(),
                birthdate: None,
                division: Some("3e A".into()),
                group_name: None,
                attributes: "{}".into(),
                ..Default::default()
            }],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let all = ParticipantFilter::default();
    let first = store
        .participants_page(campaign.id, &all, 0, 2)
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].last_name, "Durand");
    assert_eq!(first[0].email, "e0@lycee.fr");
    assert!(first[0].last_reminded_at.is_some());
    assert!(first[1].last_reminded_at.is_none());
    let rest = store
        .participants_page(campaign.id, &all, first[1].participation.id, 2)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    let to_share = ParticipantFilter {
        status: Some("TO_SHARE"),
        ..ParticipantFilter::default()
    };
    let found = store
        .participants_page(campaign.id, &to_share, 0, 10)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|p| p.participation.id).collect::<Vec<_>>(),
        [ids[1]]
    );
    let unshared = ParticipantFilter {
        unshared: true,
        ..ParticipantFilter::default()
    };
    assert_eq!(
        store
            .participants_page(campaign.id, &unshared, 0, 10)
            .await
            .unwrap()
            .len(),
        3
    );
    let in_3a = ParticipantFilter {
        division: Some("3e A"),
        ..ParticipantFilter::default()
    };
    assert!(
        store
            .participants_page(campaign.id, &in_3a, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .participant(campaign.id, ids[2])
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .participant(campaign.id + 1, ids[2])
            .await
            .unwrap()
            .is_none()
    );
    let (divisions, groups) = store.participant_groups(campaign.id).await.unwrap();
    assert!(
        divisions.is_empty() && groups.is_empty(),
        "no reconciled learner yet"
    );
}

mod demo_participants {
    use acquis_core::positioning::{KeSource, KeStatus};
    use acquis_store::testing::TestDb;
    use acquis_store::{DemoElement, DemoParticipant, NewCampaign, NewRelease, NewUser};

    async fn scenario(db: &TestDb) {
        let store = &db.store;
        let content = acquis_content::starter().unwrap();
        let data = content.framework.data();
        let release = store
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
            .unwrap();
        let org = store
            .create_organization(
                "Démo",
                acquis_core::organization::OrganizationKind::Sco,
                None,
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        let admin = store
            .create_user(
                NewUser {
                    first_name: "A",
                    last_name: "B",
                    email: "a@demo.fr",
                    password_hash: "x",
                    locale: "fr",
                    terms_accepted_at: None,
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        let campaign = store
            .create_campaign(
                NewCampaign::new(org.id, "BCDFGH234", "ASSESSMENT", "Démo", admin.id),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        let participants: Vec<DemoParticipant> = (0..3)
            .map(|i| DemoParticipant {
                first_name: "Léa".into(),
                last_name: format!("Élève {i}"),
                email: format!("eleve{i}@demo.fr"),
                division: "2nde A".into(),
                external_id: format!("E{i}"),
                elements: vec![
                    DemoElement {
                        skill: "@requeteMotsCles1".into(),
                        competence: "1.1".into(),
                        status: KeStatus::Validated,
                        source: KeSource::Direct,
                    },
                    DemoElement {
                        skill: "@requeteMotsCles2".into(),
                        competence: "1.1".into(),
                        status: if i > 0 {
                            KeStatus::Validated
                        } else {
                            KeStatus::Invalidated
                        },
                        source: KeSource::Inferred,
                    },
                ],
                mastery_rate: 0.5,
                results: r#"{"validated":["@requeteMotsCles1"]}"#.into(),
                compact: None,
                at: chrono::Utc::now(),
            })
            .collect();
        store
            .insert_demo_participants(org.id, campaign.id, release, &participants)
            .await
            .unwrap();
        assert_eq!(
            store.participation_counts(campaign.id).await.unwrap(),
            vec![("SHARED".to_string(), 3)]
        );
        let learner = store
            .user_by_email("eleve2@demo.fr")
            .await
            .unwrap()
            .unwrap();
        let elements = store.knowledge_elements_of(learner.id).await.unwrap();
        let read: Vec<_> = elements
            .iter()
            .map(|e| {
                (
                    e.skill_id.as_str(),
                    e.competence.as_str(),
                    e.status,
                    e.source,
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "@requeteMotsCles1",
                    "1.1",
                    KeStatus::Validated,
                    KeSource::Direct
                ),
                (
                    "@requeteMotsCles2",
                    "1.1",
                    KeStatus::Validated,
                    KeSource::Inferred
                ),
            ],
            "written in bulk (COPY on PostgreSQL), read back as given"
        );
        assert_eq!(store.organization_learners(org.id).await.unwrap().len(), 3);
        let page = store.participations_page(campaign.id, 0, 10).await.unwrap();
        assert!(
            page.iter()
                .all(|p| p.organization_learner_id.is_some() && p.assessment_id.is_some())
        );
        store.refresh_statistics().await.unwrap();
    }

    #[tokio::test]
    async fn sqlite() {
        scenario(&TestDb::sqlite().await.unwrap()).await;
    }

    #[tokio::test]
    async fn postgres() {
        match TestDb::postgres().await {
            Some(db) => scenario(&db.unwrap()).await,
            None => eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL scenario skipped"),
        }
    }
}

scenario!(the_analysis_reads_shared_participations_with_their_compact_results_when_on_target);
async fn the_analysis_reads_shared_participations_with_their_compact_results_when_on_target(
    db: &TestDb,
) {
    use acquis_store::CompactResults;

    let store = &db.store;
    let org = store
        .create_organization(
            "Lycée",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = db.user("admin@lycee.fr").await.unwrap();
    let campaign = store
        .create_campaign(
            NewCampaign::new(org.id, "BCDFGH234", "ASSESSMENT", "Évaluation", admin),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..4 {
        let u = db.user(&format!("e{i}@lycee.fr")).await.unwrap();
        let p = store
            .create_participation(campaign.id, u, None, None, false)
            .await
            .unwrap();
        if i < 3 {
            store.participation_to_share(p.id).await.unwrap();
        }
        ids.push(p.id);
    }
    let on = |target, bits| Some(CompactResults { target, bits });
    store
        .share_participation(
            ids[0],
            Some(0.5),
            None,
            r#"{"validated":["a"]}"#,
            on("fp1", "1"),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .share_participation(
            ids[1],
            Some(0.5),
            None,
            r#"{"validated":["b"]}"#,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .share_participation(
            ids[2],
            Some(0.5),
            None,
            r#"{"validated":["c"]}"#,
            on("fp0", "4"),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let rows = store
        .analysis_page(campaign.id, Some("fp1"), 0, 10)
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        ids[..3],
        "shared only, by id"
    );
    assert_eq!(
        (rows[0].bits.as_deref(), rows[0].results.as_deref()),
        (Some("1"), None),
        "on target: the compact form alone"
    );
    assert_eq!(
        (rows[1].bits.as_deref(), rows[1].results.as_deref()),
        (None, Some(r#"{"validated":["b"]}"#)),
        "none: the snapshot"
    );
    assert_eq!(
        (rows[2].bits.as_deref(), rows[2].results.as_deref()),
        (None, Some(r#"{"validated":["c"]}"#)),
        "another target: the snapshot"
    );
    assert!(rows.iter().all(|r| r.division.is_none()), "not reconciled");
    let profiles = store.analysis_page(campaign.id, None, 0, 10).await.unwrap();
    assert!(
        profiles
            .iter()
            .all(|r| r.bits.is_none() && r.results.is_some())
    );
    let rest = store
        .analysis_page(campaign.id, Some("fp1"), ids[0], 1)
        .await
        .unwrap();
    assert_eq!(rest.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[1]]);
}
