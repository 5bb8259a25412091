//! Organisation learners, trainings and exports through the real router, on SQLite and
//! PostgreSQL: an account joining a campaign becomes one of the organisation's learners (the
//! imported one it says it is, or one made from its names), trainings are managed on a target
//! profile and recommended to learners and groups, and the exports carry the learners'
//! division, group and imported attributes.

use crate::common;

use acquis_app::testkit::store::{NewCampaign, NewOrganizationLearner};
use acquis_core::campaign::{CappedTube, LevelCap, TargetItem, TargetProfile};
use acquis_web::campaigns::{ProfileDefinition, SharedResults};
use axum::http::StatusCode;
use common::{Reply, TestApp};
use serde_json::json;

/// An organisation of `kind` whose administrator is `email`; returns (org, admin).
async fn org(app: &TestApp, kind: &str, email: &str) -> (i64, i64) {
    let kind = kind.parse().unwrap();
    app.org_with_admin("Collège Jean Moulin", kind, email).await
}

/// Imports Léa Durand-Petit (3e A, option Latin) and Tom Martin (3e B).
async fn import_learners(app: &TestApp, org: i64) {
    let learner = |first: &str, last: &str, birth: &str, division: &str, attributes: &str| {
        NewOrganizationLearner {
            first_name: first.into(),
            last_name: last.into(),
            birthdate: Some(birth.into()),
            division: Some(division.into()),
            group_name: None,
            attributes: attributes.into(),
            ..Default::default()
        }
    };
    app.db
        .store
        .import_organization_learners(
            org,
            &[
                learner(
                    "Léa",
                    "Durand-Petit",
                    "2009-03-14",
                    "3e A",
                    r#"{"option":"Latin"}"#,
                ),
                learner("Tom", "Martin", "2009-06-01", "3e B", "{}"),
            ],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
}

/// The target profile of the starter tube `@requeteMotsCles` up to level 4.
fn definition() -> ProfileDefinition {
    ProfileDefinition {
        profile: TargetProfile::new(vec![TargetItem::Tube(CappedTube::new(
            "@requeteMotsCles",
            LevelCap::new(4).unwrap(),
        ))]),
        stages: None,
        badges: Vec::new(),
    }
}

/// A campaign of `kind` (`ASSESSMENT` on [`definition`], or `PROFILES_COLLECTION`) with
/// `code`; returns (campaign id, target profile id).
async fn campaign(app: &TestApp, org: i64, admin: i64, kind: &str, code: &str) -> (i64, i64) {
    let store = &app.db.store;
    let profile = store
        .create_target_profile(
            org,
            "Recherche",
            "",
            Some(10),
            &definition().to_json(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let c = store
        .create_campaign(
            NewCampaign {
                organization_id: org,
                code,
                kind,
                target_profile_id: (kind == "ASSESSMENT").then_some(profile.id),
                title: "Rentrée",
                landing_text: "",
                result_text: "",
                result_button_text: "",
                result_button_url: "",
                external_id_label: None,
                external_id_kind: None,
                multiple_sendings: false,
                creator_id: admin,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    (c.id, profile.id)
}

on_both_backends!(a_pupil_joins_as_the_imported_learner_they_say_they_are);
async fn a_pupil_joins_as_the_imported_learner_they_say_they_are(app: TestApp) {
    let (org, admin) = org(&app, "SCO", "admin@college.fr").await;
    import_learners(&app, org).await;
    let (c, _) = campaign(&app, org, admin, "PROFILES_COLLECTION", "BCDFGH234").await;
    let user = app.sign_up("lea@example.org", "Lea", "Durand").await;
    let landing = app.get("/campagnes/BCDFGH234").await;
    assert!(landing.body.contains("data-identity"), "{}", landing.body);
    assert!(landing.body.contains("name=\"birthdate\""));
    let join = "/campagnes/BCDFGH234/participer";

    // A school requires an identity; a wrong one changes nothing and can be fixed.
    let r = app.post_with_csrf(join, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("date de naissance pour vous retrouver"),
        "{}",
        r.body
    );
    let r = app
        .post_with_csrf(
            join,
            &[
                ("first_name", "Léa"),
                ("last_name", ""),
                ("birthdate", "31/02/2009"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"last_name-error\""), "{}", r.body);
    assert!(r.body.contains("id=\"birthdate-error\""), "{}", r.body);
    assert!(!r.body.contains("id=\"first_name-error\""));
    assert!(r.body.contains("value=\"Léa\""), "typed values are kept");
    let r = app
        .post_with_csrf(
            join,
            &[
                ("first_name", "Léa"),
                ("last_name", "Durand-Petit"),
                ("birthdate", "2009-03-15"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Personne de la liste"), "{}", r.body);
    let store = &app.db.store;
    assert!(store.latest_participation(c, user).await.unwrap().is_none());

    // Case, accents and hyphens do not matter.
    let r = app
        .post_with_csrf(
            join,
            &[
                ("first_name", "LEA"),
                ("last_name", "durand petit"),
                ("birthdate", "14/03/2009"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = store.latest_participation(c, user).await.unwrap().unwrap();
    let lea = store.learner_of_user(org, user).await.unwrap().unwrap();
    assert_eq!(lea.first_name, "Léa");
    assert_eq!(p.organization_learner_id, Some(lea.id));
    let again = app.get("/campagnes/BCDFGH234").await;
    assert!(!again.body.contains("data-identity"), "already reconciled");

    // Another account cannot take Léa.
    let intruder = app
        .sign_up("autre@example.org", "Léa", "Durand-Petit")
        .await;
    let r = app
        .post_with_csrf(
            join,
            &[
                ("first_name", "Léa"),
                ("last_name", "Durand-Petit"),
                ("birthdate", "2009-03-14"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("déjà rattachée à un autre compte"),
        "{}",
        r.body
    );
    assert!(
        store
            .latest_participation(c, intruder)
            .await
            .unwrap()
            .is_none()
    );

    // The follow-up's division filter now finds Léa, and only her.
    app.sign_in("admin@college.fr").await;
    let follow = app
        .get(&format!("/orga/{org}/campagnes/{c}?classe=3e+A"))
        .await;
    assert_eq!(follow.status, StatusCode::OK);
    assert!(
        follow
            .body
            .contains(&format!("data-participation=\"{}\"", p.id)),
        "{}",
        follow.body
    );
    let other = app
        .get(&format!("/orga/{org}/campagnes/{c}?classe=3e+B"))
        .await;
    assert!(
        !other
            .body
            .contains(&format!("data-participation=\"{}\"", p.id))
    );
}

on_both_backends!(the_api_reconciles_with_the_same_rules);
async fn the_api_reconciles_with_the_same_rules(app: TestApp) {
    let (school, admin) = org(&app, "SCO", "admin@college.fr").await;
    import_learners(&app, school).await;
    campaign(&app, school, admin, "PROFILES_COLLECTION", "BCDFGH234").await;
    let uri = "/api/v1/campaigns/BCDFGH234/participations";
    let token = app.api_learner("tom@example.org").await;
    let code = |r: &Reply| r.json()["error"]["code"].as_str().map(str::to_string);

    let r = app.api("POST", uri, Some(&token), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&r).as_deref(), Some("identity_required"));
    let r = app
        .api(
            "POST",
            uri,
            Some(&token),
            Some(json!({"first_name": "Tom", "last_name": "Martin", "birthdate": "2009-13-01"})),
        )
        .await;
    assert_eq!(code(&r).as_deref(), Some("invalid_identity"), "{}", r.body);
    let r = app
        .api(
            "POST",
            uri,
            Some(&token),
            Some(json!({"first_name": "Thomas", "last_name": "Martin", "birthdate": "2009-06-01"})),
        )
        .await;
    assert_eq!(code(&r).as_deref(), Some("learner_not_found"), "{}", r.body);
    let r = app
        .api(
            "POST",
            uri,
            Some(&token),
            Some(json!({"first_name": "tom", "last_name": "MARTIN", "birthdate": "2009-06-01"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let store = &app.db.store;
    let p = store
        .participation(r.json()["participation_id"].as_i64().unwrap())
        .await
        .unwrap()
        .unwrap();
    let tom = store
        .learner_of_user(school, p.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (tom.division.as_deref(), p.organization_learner_id),
        (Some("3e B"), Some(tom.id))
    );
    let other = app.api_learner("faux-tom@example.org").await;
    let r = app
        .api(
            "POST",
            uri,
            Some(&other),
            Some(json!({"first_name": "Tom", "last_name": "Martin", "birthdate": "2009-06-01"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(code(&r).as_deref(), Some("learner_already_linked"));

    // An employer with a list lets an account without identity in under its own names.
    let employer = app
        .db
        .store
        .create_organization(
            "Entreprise",
            acquis_core::organization::OrganizationKind::Pro,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    import_learners(&app, employer.id).await;
    campaign(&app, employer.id, admin, "PROFILES_COLLECTION", "KMPQRT279").await;
    let uri = "/api/v1/campaigns/KMPQRT279/participations";
    let r = app
        .api(
            "POST",
            uri,
            Some(&other),
            Some(json!({"first_name": "Nobody", "last_name": "X", "birthdate": "2001-01-01"})),
        )
        .await;
    assert_eq!(
        code(&r).as_deref(),
        Some("learner_not_found"),
        "a given identity must match"
    );
    let r = app.api("POST", uri, Some(&other), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let user = store
        .user_by_email("faux-tom@example.org")
        .await
        .unwrap()
        .unwrap();
    let made = store
        .learner_of_user(employer.id, user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (made.first_name.as_str(), made.last_name.as_str()),
        ("Camille", "Martin")
    );
    assert_eq!(made.division, None);

    // Without a list, every participant gets a learner made from the account.
    let free = app
        .db
        .store
        .create_organization(
            "Université",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    campaign(&app, free.id, admin, "PROFILES_COLLECTION", "PQRTVW234").await;
    let r = app
        .api(
            "POST",
            "/api/v1/campaigns/PQRTVW234/participations",
            Some(&other),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let learner = store
        .learner_of_user(free.id, user.id)
        .await
        .unwrap()
        .unwrap();
    let p = r.json()["participation_id"].as_i64().unwrap();
    let p = store.participation(p).await.unwrap().unwrap();
    assert_eq!(p.organization_learner_id, Some(learner.id));
    assert!(!store.has_imported_learners(free.id).await.unwrap());
}

on_both_backends!(trainings_are_managed_on_a_profile_and_recommended_to_learners_and_groups);
async fn trainings_are_managed_on_a_profile_and_recommended_to_learners_and_groups(app: TestApp) {
    let (org, admin) = org(&app, "SCO", "admin@college.fr").await;
    let (c, profile) = campaign(&app, org, admin, "ASSESSMENT", "BCDFGH234").await;
    let base = format!("/orga/{org}/profils-cibles/{profile}/formations");
    let list = app.get(&format!("/orga/{org}/profils-cibles")).await;
    assert!(list.body.contains(&base), "a link from the profiles");
    let form = app.get(&format!("{base}/nouvelle")).await;
    assert_eq!(form.status, StatusCode::OK);
    let tube = "@requeteMotsCles:4";
    assert!(
        form.body.contains(&format!("value=\"{tube}\"")),
        "{}",
        form.body
    );
    assert!(form.body.contains("<label for=\"title\">"));

    let bad = app
        .post_with_csrf(
            &base,
            &[
                ("title", " "),
                ("link", "javascript:alert(1)"),
                ("minutes", "0"),
                ("locale", "fr"),
                ("kind", "e-learning"),
                ("profile", &profile.to_string()),
                ("trigger_kind_0", "goal"),
                ("trigger_threshold_0", "50"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title-error", "link-error", "minutes-error"] {
        assert!(
            bad.body.contains(&format!("id=\"{field}\"")),
            "{field}: {}",
            bad.body
        );
    }
    assert!(
        bad.body
            .contains("Déclencheur 1 : cochez au moins un sujet"),
        "{}",
        bad.body
    );
    assert!(
        app.db
            .store
            .trainings_of_profile(profile)
            .await
            .unwrap()
            .is_empty()
    );

    let fields = [
        ("title", "Chercher sur le web"),
        ("link", "https://formation.example.org/recherche"),
        ("minutes", "90"),
        ("editor", "Canopé"),
        ("locale", "fr"),
        ("kind", "e-learning"),
        ("profile", &profile.to_string()),
        ("trigger_kind_0", "goal"),
        ("trigger_threshold_0", "80"),
        ("trigger_tube_0", tube),
    ];
    let r = app.post_with_csrf(&base, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = app.db.store.trainings_of_profile(profile).await.unwrap();
    assert_eq!(stored.len(), 1);
    let id = stored[0].id;
    let page = app.get(&base).await;
    assert!(page.body.contains("Chercher sur le web"));
    assert!(page.body.contains(&format!("data-training=\"{id}\"")));
    assert!(
        page.body.contains("<td>Français</td>"),
        "the language's name"
    );
    assert!(!page.body.contains("<td>fr</td>"), "never its code");
    let edit = app.get(&format!("{base}/{id}")).await;
    assert!(
        edit.body.contains("value=\"Chercher sur le web\""),
        "{}",
        edit.body
    );
    assert!(
        edit.body.contains(&format!("value=\"{tube}\" checked")),
        "{}",
        edit.body
    );
    let mut renamed = fields.to_vec();
    renamed[0] = ("title", "Bien chercher sur le web");
    let r = app.post_with_csrf(&format!("{base}/{id}"), &renamed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.db.store.training(org, id).await.unwrap().unwrap().title,
        "Bien chercher sur le web"
    );

    // A learner who has validated nothing gets it on the results page.
    app.sign_up("lea@example.org", "Léa", "Durand").await;
    let r = app
        .post_with_csrf("/campagnes/BCDFGH234/participer", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let store = &app.db.store;
    let learner = store
        .user_by_email("lea@example.org")
        .await
        .unwrap()
        .unwrap();
    let p = store
        .latest_participation(c, learner.id)
        .await
        .unwrap()
        .unwrap();
    store.participation_to_share(p.id).await.unwrap();
    let results = app.get("/campagnes/BCDFGH234/resultats").await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.body);
    assert!(results.body.contains("data-trainings"), "{}", results.body);
    assert!(results.body.contains("Bien chercher sur le web"));
    let r = app
        .post_with_csrf("/campagnes/BCDFGH234/partager", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let lea = store
        .learner_of_user(org, learner.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        p.organization_learner_id,
        Some(lea.id),
        "a learner made from the account"
    );

    // Nobody outside the organisation reaches its trainings.
    let other_org = app.sign_up("intrus@example.org", "I", "Ntrus").await;
    let b = store
        .create_organization(
            "Autre",
            acquis_core::organization::OrganizationKind::Pro,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .add_member(
            b.id,
            other_org,
            acquis_core::organization::Role::Admin,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    for uri in [
        base.clone(),
        format!("{base}/nouvelle"),
        format!("{base}/{id}"),
    ] {
        assert_eq!(
            app.get(&uri).await.status,
            StatusCode::NOT_FOUND,
            "GET {uri}"
        );
    }
    for uri in [
        base.clone(),
        format!("{base}/{id}"),
        format!("{base}/{id}/supprimer"),
    ] {
        assert_eq!(
            app.post_with_csrf(&uri, &fields).await.status,
            StatusCode::NOT_FOUND,
            "POST {uri}"
        );
    }
    app.sign_in("admin@college.fr").await;
    let r = app
        .post_with_csrf(&format!("{base}/{id}/supprimer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .trainings_of_profile(profile)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.training(org, id).await.unwrap().is_none());
}

on_both_backends!(the_analysis_recommends_the_trainings_whose_triggers_fire_for_a_division);
async fn the_analysis_recommends_the_trainings_whose_triggers_fire_for_a_division(app: TestApp) {
    let (org, admin) = org(&app, "SCO", "admin@college.fr").await;
    import_learners(&app, org).await;
    let (c, profile) = campaign(&app, org, admin, "ASSESSMENT", "BCDFGH234").await;
    let store = &app.db.store;
    let triggers = |kind: &str| {
        json!([{"kind": kind, "tubes": [{"tube": "@requeteMotsCles", "cap": 4}], "threshold": 50}])
            .to_string()
    };
    for (title, kind) in [
        ("Rattrapage", "goal"),
        ("Approfondissement", "prerequisite"),
    ] {
        store
            .create_training(
                org,
                &acquis_app::testkit::store::NewTraining {
                    title,
                    link: "https://example.org/f",
                    duration_minutes: 60,
                    locale: "fr",
                    kind: "webinar",
                    editor: "",
                    triggers: &triggers(kind),
                    profiles: &[profile],
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
    }
    let user = app.sign_up("lea@example.org", "Lea", "Durand").await;
    let r = app
        .post_with_csrf(
            "/campagnes/BCDFGH234/participer",
            &[
                ("first_name", "Léa"),
                ("last_name", "Durand-Petit"),
                ("birthdate", "2009-03-14"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = store.latest_participation(c, user).await.unwrap().unwrap();
    store.participation_to_share(p.id).await.unwrap();
    store
        .share_participation(
            p.id,
            Some(0.0),
            None,
            &SharedResults::default().to_json(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    app.sign_in("admin@college.fr").await;
    let analysis = app
        .get(&format!("/orga/{org}/campagnes/{c}/analyse?par=classe"))
        .await;
    assert_eq!(analysis.status, StatusCode::OK);
    assert!(analysis.body.contains("3e A"), "{}", analysis.body);
    assert!(analysis.body.contains("Rattrapage"), "{}", analysis.body);
    assert!(
        !analysis.body.contains("Approfondissement"),
        "a prerequisite not reached"
    );
}

on_both_backends!(the_results_export_has_the_division_group_and_imported_attributes);
async fn the_results_export_has_the_division_group_and_imported_attributes(app: TestApp) {
    let (org, admin) = org(&app, "SCO", "admin@college.fr").await;
    import_learners(&app, org).await;
    let (c, _) = campaign(&app, org, admin, "ASSESSMENT", "BCDFGH234").await;
    for (email, first, last, birth) in [
        ("lea@example.org", "Léa", "Durand-Petit", "2009-03-14"),
        ("tom@example.org", "Tom", "Martin", "2009-06-01"),
    ] {
        app.sign_up(email, first, last).await;
        let r = app
            .post_with_csrf(
                "/campagnes/BCDFGH234/participer",
                &[
                    ("first_name", first),
                    ("last_name", last),
                    ("birthdate", birth),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    app.sign_in("admin@college.fr").await;
    let export = app
        .get(&format!("/orga/{org}/campagnes/{c}/export.csv"))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let lines: Vec<&str> = export.body.trim_end().lines().collect();
    assert_eq!(lines.len(), 3, "{}", export.body);
    assert!(
        lines[0].starts_with("\u{feff}Nom;Prénom;Classe;Groupe;option;Statut;"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("Durand-Petit;Léa;3e A;;Latin;En cours;"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("Martin;Tom;3e B;;;En cours;"),
        "{}",
        lines[2]
    );
}

on_both_backends!(a_profiles_collection_is_joined_shared_and_exported_with_16_levels_and_pix);
async fn a_profiles_collection_is_joined_shared_and_exported_with_16_levels_and_pix(app: TestApp) {
    let (org, _) = org(&app, "PRO", "rh@example.org").await;
    let r = app
        .post_with_csrf(
            &format!("/orga/{org}/campagnes"),
            &[("kind", "PROFILES_COLLECTION"), ("title", "Profils 2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let store = &app.db.store;
    let campaign = store.campaigns_of(org).await.unwrap().remove(0);
    assert_eq!(campaign.kind.as_str(), "PROFILES_COLLECTION");

    app.sign_up("salarie@example.org", "Sam", "Durand").await;
    let r = app
        .post_with_csrf(&format!("/campagnes/{}/participer", campaign.code), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        format!("/campagnes/{}/resultats", campaign.code)
    );
    let r = app
        .post_with_csrf(&format!("/campagnes/{}/partager", campaign.code), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    app.sign_in("rh@example.org").await;
    let export = app
        .get(&format!("/orga/{org}/campagnes/{}/export.csv", campaign.id))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let lines: Vec<&str> = export.body.trim_end().lines().collect();
    assert_eq!(lines.len(), 2, "{}", export.body);
    let header: Vec<&str> = lines[0].split(';').collect();
    let competences = app.state.live().framework.competences().len();
    assert_eq!(
        &header[..9],
        [
            "\u{feff}Nom",
            "Prénom",
            "Classe",
            "Groupe",
            "Statut",
            "Date de début",
            "Date d'envoi",
            "Certifiable (Oui/Non)",
            "Nombre de compétences certifiables"
        ]
    );
    assert_eq!(header[9], "Nombre de pix total");
    let levels = header
        .iter()
        .filter(|h| h.starts_with("Niveau pour la compétence"))
        .count();
    let pix = header
        .iter()
        .filter(|h| h.starts_with("Nombre de pix pour la compétence"))
        .count();
    assert_eq!((levels, pix), (competences, competences));
    let row: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(row.len(), header.len(), "{}", lines[1]);
    assert_eq!(&row[..5], ["Durand", "Sam", "", "", "Envoyé"]);
    assert_eq!(
        &row[7..10],
        ["Non", "0", "0"],
        "a new account has no pix yet"
    );
    assert!(row[10..].iter().all(|cell| *cell == "0"), "{}", lines[1]);
}

on_both_backends!(a_university_with_a_list_lets_an_unlisted_student_in_under_their_account_names);
async fn a_university_with_a_list_lets_an_unlisted_student_in_under_their_account_names(
    app: TestApp,
) {
    let (org, admin) = org(&app, "SUP", "admin@univ.fr").await;
    import_learners(&app, org).await;
    let (c, _) = campaign(&app, org, admin, "PROFILES_COLLECTION", "BCDFGH234").await;
    let user = app.sign_up("nina@example.org", "Nina", "Simone").await;
    let landing = app.get("/campagnes/BCDFGH234").await;
    assert!(landing.body.contains("data-identity"), "{}", landing.body);
    assert!(
        !landing.body.contains("required aria") && !landing.body.contains("\" required>"),
        "the identity is optional: {}",
        landing.body
    );
    let join = "/campagnes/BCDFGH234/participer";
    let r = app
        .post_with_csrf(
            join,
            &[
                ("first_name", "Nina"),
                ("last_name", "Simone"),
                ("birthdate", "2001-02-21"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a typed identity must match"
    );
    let r = app
        .post_with_csrf(
            join,
            &[("first_name", ""), ("last_name", ""), ("birthdate", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let store = &app.db.store;
    let p = store.latest_participation(c, user).await.unwrap().unwrap();
    let learner = store.learner_of_user(org, user).await.unwrap().unwrap();
    assert_eq!(p.organization_learner_id, Some(learner.id));
    assert_eq!(
        (
            learner.first_name.as_str(),
            learner.last_name.as_str(),
            learner.division
        ),
        ("Nina", "Simone", None)
    );
}
