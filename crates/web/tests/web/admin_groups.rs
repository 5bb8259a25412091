//! Organisations and centres in the operator's portal: founding one (its first administrator
//! added or invited, in one audited transaction), editing and tagging it, archiving it (its
//! members lose the portal, 20 racing clicks archive it once), adding members, a centre's
//! accreditation (withdrawn: no session can be planned), and each role's limits.

use acquis_app::admin::{AuditQuery, OperatorRole};
use axum::http::StatusCode;

use crate::admin::operator;
use crate::common;
use common::TestApp;

fn location_id(location: &str) -> i64 {
    location.rsplit('/').next().unwrap().parse().unwrap()
}

on_both_backends!(the_pedagogical_team_founds_edits_and_archives_an_organisation);
async fn the_pedagogical_team_founds_edits_and_archives_an_organisation(app: TestApp) {
    let chef = app.sign_up("chef@lycee.test", "Claire", "Chef").await;
    operator(&app, "metier@acquis.test", OperatorRole::Metier).await;
    let list = app.get("/admin/organisations").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Créer une organisation"));

    // A bad tag and an attack in the name are refused beside their field; nothing stored.
    let r = app
        .post_with_csrf(
            "/admin/organisations",
            &[
                ("name", "Lycée Hugo"),
                ("kind", "SCO"),
                ("tags", "pilote, <script>"),
                ("admin_email", "chef@lycee.test"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"tags-error\""), "{}", r.body);
    let long = "x".repeat(1_000_000);
    for name in ["Lycée\0Hugo", long.as_str()] {
        let r = app
            .post_with_csrf(
                "/admin/organisations",
                &[
                    ("name", name),
                    ("kind", "SCO"),
                    ("admin_email", "chef@lycee.test"),
                ],
            )
            .await;
        assert!(r.status.is_client_error(), "{}", r.status);
    }
    assert!(
        app.db
            .store
            .organizations_of_user(chef)
            .await
            .unwrap()
            .is_empty()
    );

    let r = app
        .post_with_csrf(
            "/admin/organisations",
            &[
                ("name", "Lycée Hugo"),
                ("kind", "SCO"),
                ("external_id", "0750001A"),
                ("tags", "Pilote, rural"),
                ("admin_email", "Chef@Lycee.test"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let org = location_id(&r.location());
    let page = app.get(&r.location()).await.body;
    assert!(
        page.contains("chef@lycee.test en est l’administrateur"),
        "{page}"
    );
    assert!(page.contains("pilote, rural"));
    assert!(page.contains("Claire Chef"));
    // Listed, and found by name, kind and tag; not under the archived.
    for query in ["", "?nom=hugo", "?type=SCO", "?etiquette=pilote"] {
        let body = app.get(&format!("/admin/organisations{query}")).await.body;
        assert!(body.contains(&format!("data-group=\"{org}\"")), "{query}");
    }
    for query in ["?nom=zola", "?type=PRO", "?etiquette=urbain", "?archives=1"] {
        let body = app.get(&format!("/admin/organisations{query}")).await.body;
        assert!(!body.contains(&format!("data-group=\"{org}\"")), "{query}");
    }

    // Edited.
    let r = app
        .post_with_csrf(
            &format!("/admin/organisations/{org}"),
            &[
                ("name", "Lycée Victor Hugo"),
                ("kind", "SCO"),
                ("external_id", "0750001A"),
                ("tags", "pilote"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/admin/organisations/{org}")).await.body;
    assert!(page.contains("Lycée Victor Hugo"));

    // Archived by 20 racing clicks: once, audited once; its administrator loses the portal.
    let csrf = app.csrf().await;
    let uri = format!("/admin/organisations/{org}/archiver");
    let fields = [("csrf", csrf.as_str())];
    let posts = (0..20).map(|_| app.post_form(&uri, &fields));
    for r in futures::future::join_all(posts).await {
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let entries = app
        .db
        .store
        .audit_entries(AuditQuery {
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let count = |name: &str| entries.iter().filter(|e| e.action_name == name).count();
    assert_eq!(count("organization.archived"), 1);
    assert_eq!(count("organization.created"), 1);
    assert_eq!(count("organization.changed"), 1);
    app.sign_in("chef@lycee.test").await;
    assert_eq!(
        app.get(&format!("/orga/{org}")).await.status,
        StatusCode::NOT_FOUND
    );
    app.sign_in("metier@acquis.test").await;
    app.post_with_csrf(&format!("/admin/organisations/{org}/desarchiver"), &[])
        .await;
    app.sign_in("chef@lycee.test").await;
    assert_eq!(
        app.get(&format!("/orga/{org}")).await.status,
        StatusCode::OK
    );
}

on_both_backends!(an_organisation_founded_for_a_stranger_invites_them_and_members_are_added);
async fn an_organisation_founded_for_a_stranger_invites_them_and_members_are_added(app: TestApp) {
    app.sign_up("ami@ecole.test", "Ami", "Membre").await;
    operator(&app, "metier@acquis.test", OperatorRole::Metier).await;
    let r = app
        .post_with_csrf(
            "/admin/organisations",
            &[
                ("name", "École Zola"),
                ("kind", "SCO"),
                ("admin_email", "nouvelle@ecole.test"),
            ],
        )
        .await;
    let org = location_id(&r.location());
    let page = app.get(&r.location()).await.body;
    assert!(page.contains("une invitation a été envoyée à nouvelle@ecole.test"));
    assert!(
        app.mails()
            .iter()
            .any(|m| m.contains("nouvelle@ecole.test"))
    );
    app.post_with_csrf(
        &format!("/admin/organisations/{org}/membres"),
        &[("email", "ami@ecole.test"), ("role", "MEMBER")],
    )
    .await;
    let page = app.get(&format!("/admin/organisations/{org}")).await.body;
    assert!(page.contains("Ami Membre"), "{page}");
    app.post_with_csrf(
        &format!("/admin/organisations/{org}/membres"),
        &[("email", "personne@ecole.test"), ("role", "MEMBER")],
    )
    .await;
    assert!(
        app.get(&format!("/admin/organisations/{org}"))
            .await
            .body
            .contains("Aucun compte actif")
    );
}

on_both_backends!(a_centre_without_its_accreditation_cannot_plan_a_session);
async fn a_centre_without_its_accreditation_cannot_plan_a_session(app: TestApp) {
    app.sign_up("chef@centre.test", "Chef", "Centre").await;
    operator(&app, "certif@acquis.test", OperatorRole::Certif).await;
    let r = app
        .post_with_csrf(
            "/admin/centres",
            &[
                ("name", "Centre Nord"),
                ("kind", "PRO"),
                ("admin_email", "chef@centre.test"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let centre = location_id(&r.location());
    let page = app.get(&r.location()).await.body;
    assert!(
        page.contains("Habilité pour la certification du socle"),
        "{page}"
    );
    app.post_with_csrf(
        &format!("/admin/centres/{centre}/habilitations"),
        &[("accorder", "0")],
    )
    .await;
    assert!(
        app.get(&format!("/admin/centres/{centre}"))
            .await
            .body
            .contains("Non habilité")
    );
    app.sign_in("chef@centre.test").await;
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions"),
            &[
                ("site", "Site A"),
                ("room", "Salle 1"),
                ("date", "2030-06-01"),
                ("time", "09:00"),
                ("examiners", "Alex Durand"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.get(&r.location())
            .await
            .body
            .contains("n’est pas habilité")
    );
    assert!(
        app.db
            .store
            .centre_sessions(centre, &Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    // A support operator reads the centre but may not change it.
    operator(&app, "support@acquis.test", OperatorRole::Support).await;
    assert_eq!(
        app.get(&format!("/admin/centres/{centre}")).await.status,
        StatusCode::OK
    );
    let r = app
        .post_with_csrf(
            &format!("/admin/centres/{centre}/habilitations"),
            &[("accorder", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

on_both_backends!(the_command_line_founding_is_the_same_audited_use_case);
async fn the_command_line_founding_is_the_same_audited_use_case(app: TestApp) {
    app.state
        .app
        .found_organization(
            "Université Ouverte",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            "doyen@univ.test",
            "fr",
        )
        .await
        .unwrap();
    let entries = app
        .db
        .store
        .audit_entries(AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let created = entries
        .iter()
        .find(|e| e.action_name == "organization.created")
        .expect("audited");
    assert_eq!(created.client, "command line");
    assert_eq!(created.actor_role, Some(OperatorRole::SuperAdmin));
}
