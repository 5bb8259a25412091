//! The learner's side of a campaign: join by code, take the test, see the results, share —
//! through the API and through the pages, on SQLite and PostgreSQL.

use crate::common;

use acquis_core::campaign::{
    Badge, CappedTube, Criterion, LevelCap, Percent, Stage, StageThreshold, Stages, TargetItem,
    TargetProfile,
};
use acquis_web::campaigns::ProfileDefinition;
use axum::http::StatusCode;
use common::{TestApp, hidden};
use serde_json::json;

/// An organisation with an assessment campaign on the starter tube; returns its code.
pub(crate) async fn campaign(app: &TestApp, external_id: bool) -> String {
    let store = &app.db.store;
    let org = store
        .create_organization(
            "Collège Victor Hugo",
            acquis_core::organization::OrganizationKind::Sco,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let admin = store
        .create_user(
            acquis_app::testkit::store::NewUser {
                first_name: "Ada",
                last_name: "Prof",
                email: "prof@college.fr",
                password_hash: "x",
                locale: "fr",
                terms_accepted_at: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .add_member(
            org.id,
            admin.id,
            acquis_core::organization::Role::Admin,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let stage = |p: u8, title: &str| Stage {
        threshold: StageThreshold::Percent(Percent::new(p).unwrap()),
        title: title.into(),
        message: format!("Message {title}"),
        prescriber_title: String::new(),
        prescriber_message: String::new(),
    };
    let definition = ProfileDefinition {
        profile: TargetProfile::new(vec![TargetItem::Tube(CappedTube::new(
            "@requeteMotsCles",
            LevelCap::new(4).unwrap(),
        ))]),
        stages: Some(
            Stages::new(vec![
                stage(0, "Départ"),
                stage(50, "Bonne base"),
                stage(100, "Maîtrise"),
            ])
            .unwrap(),
        ),
        badges: vec![Badge {
            key: "chercheur".into(),
            title: "Chercheur".into(),
            message: "Vous savez chercher".into(),
            image_url: String::new(),
            alt_message: String::new(),
            criteria: vec![Criterion::Campaign {
                threshold: Percent::new(75).unwrap(),
            }],
        }],
    };
    let profile = store
        .create_target_profile(
            org.id,
            "Recherche",
            "",
            Some(10),
            &definition.to_json(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store
        .create_campaign(
            acquis_app::testkit::store::NewCampaign {
                organization_id: org.id,
                code: "KMPQRT279",
                kind: "ASSESSMENT",
                target_profile_id: Some(profile.id),
                title: "Rentrée numérique",
                landing_text: "Bienvenue dans le **parcours** de rentrée.",
                result_text: "Merci !",
                result_button_text: "",
                result_button_url: "",
                external_id_label: external_id.then_some("Numéro d'élève"),
                external_id_kind: external_id.then_some("text"),
                multiple_sendings: false,
                creator_id: admin.id,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    "KMPQRT279".into()
}

on_both_backends!(a_learner_joins_by_code_takes_the_test_and_shares_through_the_api);
async fn a_learner_joins_by_code_takes_the_test_and_shares_through_the_api(app: TestApp) {
    let code = campaign(&app, true).await;
    let token = app.api_learner("eleve@college.fr").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{code}/participations"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("external_id_required")
        )
    );
    for attack in ["E-\u{0}42", "E-42\r\nSet-Cookie: x=1"] {
        let r = app
            .api(
                "POST",
                &format!("/api/v1/campaigns/{code}/participations"),
                Some(&token),
                Some(json!({ "external_id": attack })),
            )
            .await;
        assert_eq!(
            r.json()["error"]["code"].as_str(),
            Some("invalid_external_id"),
            "{attack:?} is refused: {}",
            r.body
        );
    }
    let r = app
        .api(
            "POST",
            "/api/v1/campaigns/kmpqrt279/participations",
            Some(&token),
            Some(json!({"external_id": "E-42"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let participation = r.json();
    let id = participation["participation_id"].as_i64().unwrap();
    let assessment = participation["assessment_id"].as_i64().unwrap();
    let early = app
        .api(
            "POST",
            &format!("/api/v1/participations/{id}/share"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(early.json()["error"]["code"], "not_finished");
    let mut asked = Vec::new();
    loop {
        let next = app
            .api(
                "GET",
                &format!("/api/v1/assessments/{assessment}/next"),
                Some(&token),
                None,
            )
            .await
            .json();
        if next["state"] == "completed" {
            break;
        }
        let challenge = next["challenge"]["id"].as_str().unwrap().to_owned();
        asked.push(challenge.clone());
        app.api(
            "POST",
            &format!("/api/v1/assessments/{assessment}/answers"),
            Some(&token),
            Some(json!({"challenge_id": challenge, "value": "#ABAND#"})),
        )
        .await;
        assert!(asked.len() < 20);
    }
    let content = acquis_content::starter().unwrap();
    for c in &asked {
        let level = content
            .framework
            .skill(&content.framework.challenge(c).unwrap().skill)
            .unwrap()
            .level;
        assert!(
            level <= 4,
            "the test stays within the target's cap ({c} is level {level})"
        );
    }
    let shared = app
        .api(
            "POST",
            &format!("/api/v1/participations/{id}/share"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
    assert_eq!(shared.json()["status"], "SHARED");
    assert_eq!(
        shared.json()["mastery_rate"],
        0.0,
        "every challenge was skipped"
    );
    let stored = app.db.store.participation(id).await.unwrap().unwrap();
    assert_eq!(stored.external_id.as_deref(), Some("E-42"));
    let campaign = app
        .db
        .store
        .campaign(stored.campaign_id)
        .await
        .unwrap()
        .unwrap();
    let target = acquis_app::campaigns::profile_of(&app.state.app, &campaign)
        .await
        .unwrap()
        .unwrap()
        .target(&app.state.live().framework);
    let rows = app
        .db
        .store
        .analysis_page(campaign.id, Some(&target.fingerprint()), 0, 10)
        .await
        .unwrap();
    assert_eq!(
        (rows[0].bits.clone(), rows[0].results.as_deref()),
        (Some("0".repeat(target.len().div_ceil(4))), None),
        "sharing records the compact form on the campaign's target, which the analysis reads"
    );
    let again = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{code}/participations"),
            Some(&token),
            Some(json!({"external_id": "E-42"})),
        )
        .await;
    assert_eq!(
        again.json()["participation_id"].as_i64(),
        Some(id),
        "a single-sending campaign keeps the shared participation"
    );
    let other = app.api_learner("autre@college.fr").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/participations/{id}/share"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "another learner's participation is not found"
    );
    let r = app
        .api(
            "POST",
            "/api/v1/campaigns/BCDFGH999/participations",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

on_both_backends!(a_learner_follows_the_campaign_pages_to_the_shared_results);
async fn a_learner_follows_the_campaign_pages_to_the_shared_results(app: TestApp) {
    let code = campaign(&app, false).await;
    let token = hidden(&app.get("/inscription").await.body, "csrf");
    app.post_form(
        "/inscription",
        &[
            ("csrf", &token),
            ("first_name", "Lou"),
            ("last_name", "Petit"),
            ("email", "lou@college.fr"),
            ("password", "Motdepasse1"),
            ("accept_terms", "1"),
        ],
    )
    .await;
    let form = app.get("/campagnes").await;
    let r = app
        .post_form(
            "/campagnes",
            &[
                ("csrf", &hidden(&form.body, "csrf")),
                ("code", " kmpqrt279 "),
            ],
        )
        .await;
    assert_eq!(r.location(), format!("/campagnes/{code}"));
    let landing = app.get(&r.location()).await;
    assert!(
        landing.body.contains("<strong>parcours</strong>") && landing.body.contains("data-join"),
        "{}",
        landing.body
    );
    let joined = app
        .post_form(
            &format!("/campagnes/{code}/participer"),
            &[("csrf", &hidden(&landing.body, "csrf"))],
        )
        .await;
    let url = joined.location();
    assert!(url.starts_with("/evaluations/"), "{url}");
    let mut page = app.get(&url).await;
    for _ in 0..20 {
        if page.status == StatusCode::SEE_OTHER {
            break;
        }
        let fields = [
            ("csrf", hidden(&page.body, "csrf")),
            ("challenge_id", hidden(&page.body, "challenge_id")),
            ("action", "skip".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(&format!("{url}/reponses"), &pairs).await;
        page = app.get(&url).await;
    }
    assert_eq!(
        page.location(),
        format!("/campagnes/{code}/resultats"),
        "a finished campaign test leads to its results"
    );
    let results = app.get(&page.location()).await;
    assert!(
        results.body.contains("Départ") && results.body.contains("data-share"),
        "{}",
        results.body
    );
    let shared = app
        .post_form(
            &format!("/campagnes/{code}/partager"),
            &[("csrf", &hidden(&results.body, "csrf"))],
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER);
    assert!(
        app.get(&format!("/campagnes/{code}/resultats"))
            .await
            .body
            .contains("data-shared")
    );
}

on_both_backends!(a_member_downloads_the_export_through_the_api_and_nobody_else_does);
async fn a_member_downloads_the_export_through_the_api_and_nobody_else_does(app: TestApp) {
    let code = campaign(&app, false).await;
    let campaign = app.db.store.campaign_by_code(&code).await.unwrap().unwrap();
    let learner = app.api_learner("participant@college.fr").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/campaigns/{code}/participations"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let member = app.api_learner("membre@college.fr").await;
    let member_id = app
        .db
        .store
        .user_by_email("membre@college.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let r = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/export.csv", campaign.id),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not a member yet");
    app.db
        .store
        .add_member(
            campaign.organization_id,
            member_id,
            acquis_core::organization::Role::Member,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let r = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/export.csv", campaign.id),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.starts_with('\u{feff}'), "UTF-8 BOM");
    assert_eq!(
        r.body.lines().count(),
        2,
        "header and one participant: {}",
        r.body
    );
    assert!(r.body.lines().next().unwrap().contains(';'));
    let r = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/export.csv", campaign.id),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

on_both_backends!(twenty_concurrent_joins_through_the_use_case_give_one_participation);
async fn twenty_concurrent_joins_through_the_use_case_give_one_participation(app: TestApp) {
    let code = campaign(&app, false).await;
    let user = app.sign_up("eleve@college.fr", "Camille", "Martin").await;
    let campaign = acquis_app::campaigns::find(&app.state.app, &code)
        .await
        .unwrap();
    let joins: Vec<_> = (0..20)
        .map(|_| {
            let (use_cases, campaign) = (app.state.app.clone(), campaign.clone());
            tokio::spawn(async move {
                let claim = acquis_app::campaigns::Claim::default();
                acquis_app::campaigns::join(&use_cases, user, &campaign, None, &claim, "fr").await
            })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for join in joins {
        ids.insert(join.await.unwrap().unwrap().id);
    }
    assert_eq!(ids.len(), 1, "every join returns the same participation");
    let store = &app.db.store;
    assert_eq!(store.assessments_of_user(user).await.unwrap().len(), 1);
    assert_eq!(
        store.participation_counts(campaign.id).await.unwrap(),
        vec![("STARTED".to_owned(), 1)]
    );
}
