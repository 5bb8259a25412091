//! The site as a new user finds it (issue 10): return targets through sign-up and sign-in,
//! "Mes parcours", "J'ai un code", "Mes tutos", form errors tied to their fields, the 404 page,
//! the legal pages and assets, the account's names and data download, the organisation
//! switcher — on SQLite and PostgreSQL, with attacks on every new input.

use crate::common;

use std::sync::Arc;

use acquis_core::campaign::{CappedTube, LevelCap, TargetItem, TargetProfile};
use acquis_web::campaigns::ProfileDefinition;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, hidden};

const CODE: &str = "KMPQRT279";

/// An organisation with an assessment campaign asking an external id; returns the org's id.
async fn campaign(app: &TestApp) -> i64 {
    let store = &app.db.store;
    let org = store
        .create_organization(
            "Lycée Jean Moulin",
            acquis_core::organization::OrganizationKind::Pro,
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
                email: "prof@lycee.fr",
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
    let definition = ProfileDefinition {
        profile: TargetProfile::new(vec![TargetItem::Tube(CappedTube::new(
            "@requeteMotsCles",
            LevelCap::new(4).unwrap(),
        ))]),
        stages: None,
        badges: vec![],
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
                code: CODE,
                kind: "ASSESSMENT",
                target_profile_id: Some(profile.id),
                title: "Rentrée numérique",
                landing_text: "Bienvenue.",
                result_text: "Merci !",
                result_button_text: "",
                result_button_url: "",
                external_id_label: Some("Numéro d'élève"),
                external_id_kind: Some("text"),
                multiple_sendings: false,
                creator_id: admin.id,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    org.id
}

fn sign_up_fields<'a>(csrf: &'a str, email: &'a str, suite: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("suite", suite),
        ("first_name", "Lou"),
        ("last_name", "Petit"),
        ("email", email),
        ("password", "Motdepasse1"),
        ("accept_terms", "1"),
    ]
}

/// Skips every challenge of the test at `url` until it leads elsewhere; returns where.
async fn skip_to_the_end(app: &TestApp, url: &str) -> String {
    let mut page = app.get(url).await;
    for _ in 0..30 {
        if page.status == StatusCode::SEE_OTHER {
            return page.location();
        }
        let fields = [
            ("csrf", hidden(&page.body, "csrf")),
            ("challenge_id", hidden(&page.body, "challenge_id")),
            ("action", "skip".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(&format!("{url}/reponses"), &pairs).await;
        page = app.get(url).await;
    }
    panic!("the test did not end");
}

on_both_backends!(where_you_were_going_survives_sign_up_and_sign_in);
async fn where_you_were_going_survives_sign_up_and_sign_in(app: TestApp) {
    campaign(&app).await;
    let landing = app.get(&format!("/campagnes/{CODE}")).await;
    assert!(
        landing
            .body
            .contains(&format!("href=\"/inscription?suite=/campagnes/{CODE}\""))
            && landing
                .body
                .contains(&format!("href=\"/connexion?suite=/campagnes/{CODE}\"")),
        "{}",
        landing.body
    );
    let signup = app
        .get(&format!("/inscription?suite=/campagnes/{CODE}"))
        .await;
    assert!(
        signup.body.contains("Rentrée numérique"),
        "the sign-up page says where it leads"
    );
    assert!(
        signup
            .body
            .contains(&format!("href=\"/connexion?suite=/campagnes/{CODE}\"")),
        "and its sign-in link keeps the target: {}",
        signup.body
    );
    let csrf = hidden(&signup.body, "csrf");
    let target = format!("/campagnes/{CODE}");
    let r = app
        .post_form(
            "/inscription",
            &sign_up_fields(&csrf, "lou@lycee.fr", &target),
        )
        .await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, target.clone())
    );

    // Sign-in comes back too, and refuses every other site.
    for (suite, expected) in [
        (target.as_str(), target.as_str()),
        ("//evil.example", "/competences"),
        ("https://evil.example", "/competences"),
        ("/\\evil", "/competences"),
        ("javascript:alert(1)", "/competences"),
        ("/\t/evil.example", "/competences"),
    ] {
        app.clear_cookies();
        let r = app
            .post_with_csrf(
                "/connexion",
                &[
                    ("email", "lou@lycee.fr"),
                    ("password", "Motdepasse1"),
                    ("suite", suite),
                ],
            )
            .await;
        assert_eq!(r.location(), expected, "suite {suite:?}");
    }
    app.clear_cookies();
    let csrf = app.csrf().await;
    let r = app
        .post_form(
            "/inscription",
            &sign_up_fields(&csrf, "eve@lycee.fr", "//evil.example"),
        )
        .await;
    assert_eq!(r.location(), "/competences", "sign-up refuses another site");
}

on_both_backends!(the_sign_in_page_says_what_you_were_invited_to);
async fn the_sign_in_page_says_what_you_were_invited_to(app: TestApp) {
    let org = campaign(&app).await;
    let (secret, hash) = acquis_web::auth::token::new_token();
    app.db
        .store
        .create_invitation(
            org,
            "new@lycee.fr",
            acquis_core::organization::Role::Member,
            &hash,
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    let invitation = format!("/orga/rejoindre?invitation={secret}");
    let r = app.get(&invitation).await;
    assert!(
        r.location().starts_with("/connexion?suite="),
        "{}",
        r.location()
    );
    let signin = app.get(&r.location()).await;
    assert!(
        signin.body.contains("data-destination") && signin.body.contains("Lycée Jean Moulin"),
        "{}",
        signin.body
    );
    assert!(
        signin
            .body
            .contains("href=\"/inscription?suite=/orga/rejoindre%3Finvitation%3D")
    );
    let csrf = hidden(&signin.body, "csrf");
    let r = app
        .post_form(
            "/inscription",
            &sign_up_fields(&csrf, "new@lycee.fr", &invitation),
        )
        .await;
    assert_eq!(
        r.location(),
        invitation,
        "sign-up comes back to the invitation"
    );
}

on_both_backends!(every_error_of_the_sign_up_form_is_listed_and_tied_to_its_field);
async fn every_error_of_the_sign_up_form_is_listed_and_tied_to_its_field(app: TestApp) {
    let r = app
        .post_with_csrf(
            "/inscription",
            &[
                ("first_name", ""),
                ("last_name", "a\u{1}b"),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "first_name",
        "last_name",
        "email",
        "password",
        "accept_terms",
    ] {
        assert!(
            r.body.contains(&format!("href=\"#{field}\"")),
            "the summary links to {field}: {}",
            r.body
        );
        assert!(r.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(
        r.body
            .contains("aria-describedby=\"password-help password-error\"")
    );
    assert_eq!(r.body.matches("aria-invalid=\"true\"").count(), 5);
    assert!(
        r.body.contains("Indiquez votre prénom.")
            && !r.body.contains("Indiquez votre prénom et votre nom.")
            && r.body
                .contains("Le formulaire contient des erreurs à corriger"),
        "the first-name field says which name is missing, under a plural heading"
    );
    assert!(
        r.body.contains("id=\"erreurs\" autofocus"),
        "focus moves to the summary"
    );
    assert!(!r.body.contains('\0'), "a NUL byte is not echoed");

    let long = "a".repeat(150);
    let r = app
        .post_with_csrf(
            "/inscription",
            &[
                ("first_name", long.as_str()),
                ("last_name", "Petit"),
                ("email", "lou@lycee.fr"),
                ("password", "Motdepasse1"),
                ("accept_terms", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("100 caractères"), "{}", r.body);
    let huge = "a".repeat(1 << 20);
    let r = app
        .post_with_csrf("/inscription", &[("first_name", huge.as_str())])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "a 1 MB form is refused");
    assert!(
        app.db
            .store
            .user_by_email("lou@lycee.fr")
            .await
            .unwrap()
            .is_none()
    );

    // Sign-in and password reset list their errors the same way.
    let r = app
        .post_with_csrf("/connexion", &[("email", ""), ("password", "")])
        .await;
    assert!(r.body.contains("href=\"#email\"") && r.body.contains("href=\"#password\""));
    let r = app
        .post_with_csrf("/mot-de-passe-oublie", &[("email", "nope")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("aria-describedby=\"email-error\""),
        "{}",
        r.body
    );
}

on_both_backends!(a_learner_finds_their_campaigns_and_keeps_tutorials);
async fn a_learner_finds_their_campaigns_and_keeps_tutorials(app: TestApp) {
    campaign(&app).await;
    app.sign_up("lou@lycee.fr", "Lou", "Petit").await;
    let home = app.get("/").await;
    assert!(home.body.contains("data-home-code") && home.body.contains("data-nav-code"));
    let empty = app.get("/mes-parcours").await;
    assert!(empty.body.contains("data-no-journeys"), "{}", empty.body);

    let r = app
        .post_with_csrf("/campagnes", &[("code", "kmp qrt 279")])
        .await;
    assert_eq!(
        r.location(),
        format!("/campagnes/{CODE}"),
        "inner spaces are accepted"
    );
    let joined = app
        .post_with_csrf(
            &format!("/campagnes/{CODE}/participer"),
            &[("external_id", "E-42")],
        )
        .await;
    let test = joined.location();
    assert!(test.starts_with("/evaluations/"), "{test}");
    let landing = app.get(&format!("/campagnes/{CODE}")).await;
    assert!(
        !landing.body.contains("name=\"external_id\"") && landing.body.contains("data-joined"),
        "coming back does not ask the external id again: {}",
        landing.body
    );
    let journeys = app.get("/mes-parcours").await;
    assert!(
        journeys.body.contains("Rentrée numérique")
            && journeys.body.contains("data-status=\"started\"")
            && journeys
                .body
                .contains(&format!("href=\"/campagnes/{CODE}/resultats\"")),
        "{}",
        journeys.body
    );
    let results = skip_to_the_end(&app, &test).await;
    let page = app.get(&results).await;
    assert!(page.body.contains("data-tutorials"), "{}", page.body);
    let cards = page.body.matches("class=\"tutorial-card\"").count();
    assert!(cards > 0);
    for card in page.body.split("class=\"tutorial-card\"").skip(1) {
        let heading = card.split("</h3>").next().unwrap_or_default();
        assert!(
            heading.contains("<a href=\""),
            "every card links somewhere: {card}"
        );
    }
    assert!(
        page.body.contains("href=\"/tutos/tuto-mots-cles\""),
        "{}",
        page.body
    );
    assert!(
        app.get("/mes-parcours")
            .await
            .body
            .contains("data-status=\"to-share\"")
    );

    let tutorial = app.get("/tutos/tuto-mots-cles").await;
    assert_eq!(tutorial.status, StatusCode::OK);
    assert!(tutorial.body.contains("Choisir ses mots-clés") && tutorial.body.contains("data-save"));
    let csrf = hidden(&tutorial.body, "csrf");
    let app = Arc::new(app);
    let mut saves = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (app, csrf) = (app.clone(), csrf.clone());
        saves.spawn(async move {
            app.post_form(
                "/tutos/tuto-mots-cles/enregistrer",
                &[("csrf", &csrf), ("suite", "/mes-tutos")],
            )
            .await
            .status
        });
    }
    while let Some(status) = saves.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::SEE_OTHER);
    }
    let user = app
        .db
        .store
        .user_by_email("lou@lycee.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.db.store.saved_tutorials(user.id).await.unwrap().len(),
        1
    );
    let mine = app.get("/mes-tutos").await;
    assert!(mine.body.contains("Choisir ses mots-clés") && mine.body.contains("data-unsave"));
    for attack in ["/tutos/inconnu/enregistrer", "/tutos/a%00b/enregistrer"] {
        let r = app
            .post_form(attack, &[("csrf", &csrf), ("suite", "javascript:alert(1)")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{attack}");
    }
    let huge = format!("/tutos/{}/enregistrer", "a".repeat(300));
    assert_eq!(
        app.post_form(&huge, &[("csrf", &csrf)]).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_form(
            "/tutos/tuto-mots-cles/retirer",
            &[("csrf", &csrf), ("suite", "https://evil.example")],
        )
        .await;
    assert_eq!(
        r.location(),
        "/mes-tutos",
        "another site is never a return target"
    );
    assert_eq!(
        app.db.store.saved_tutorials(user.id).await.unwrap().len(),
        0
    );
}

on_both_backends!(the_account_page_changes_names_and_hands_out_the_data);
async fn the_account_page_changes_names_and_hands_out_the_data(app: TestApp) {
    campaign(&app).await;
    let id = app.sign_up("lou@lycee.fr", "Lou", "Petit").await;
    app.post_with_csrf(
        &format!("/campagnes/{CODE}/participer"),
        &[("external_id", "E-42")],
    )
    .await;
    let huge = "b".repeat(1 << 20);
    for (first, last) in [
        ("", "Martin"),
        ("Lé\0a", "Martin"),
        (huge.as_str(), "Martin"),
    ] {
        let r = app
            .post_with_csrf("/compte/nom", &[("first_name", first), ("last_name", last)])
            .await;
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::BAD_REQUEST,
            "{:?}",
            r.status
        );
        let user = app.db.store.user(id).await.unwrap().unwrap();
        assert_eq!(user.first_name, "Lou", "nothing changed");
    }
    let r = app
        .post_with_csrf("/compte/nom", &[("first_name", ""), ("last_name", "")])
        .await;
    assert!(r.body.contains("href=\"#first_name\"") && r.body.contains("href=\"#last_name\""));
    let r = app
        .post_with_csrf(
            "/compte/nom",
            &[("first_name", " Léa "), ("last_name", "Martin")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let user = app.db.store.user(id).await.unwrap().unwrap();
    assert_eq!(
        (user.first_name.as_str(), user.last_name.as_str()),
        ("Léa", "Martin")
    );

    let r = app.get("/compte/donnees.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data = r.json();
    assert_eq!(data["account"]["first_name"], "Léa");
    assert_eq!(data["account"]["email"], "lou@lycee.fr");
    assert!(data["account"].get("password_hash").is_none());
    assert_eq!(data["evaluations"].as_array().unwrap().len(), 1);
    assert_eq!(data["campaign_participations"][0]["campaign_code"], CODE);
    assert_eq!(data["campaign_participations"][0]["external_id"], "E-42");

    // The account page's other forms list all their errors too.
    let r = app
        .post_with_csrf(
            "/compte/mot-de-passe",
            &[("current", "wrong"), ("password", "x")],
        )
        .await;
    assert!(
        r.body.contains("href=\"#current_password\"") && r.body.contains("href=\"#new_password\"")
    );
    let r = app
        .post_with_csrf("/compte/supprimer", &[("password", "wrong")])
        .await;
    assert!(r.body.contains("href=\"#delete_password\"") && r.body.contains("href=\"#confirm\""));
}

on_both_backends!(members_reach_their_organisations_from_every_page);
async fn members_reach_their_organisations_from_every_page(app: TestApp) {
    let org = campaign(&app).await;
    let id = app.sign_up("lou@lycee.fr", "Lou", "Petit").await;
    assert!(!app.get("/competences").await.body.contains("data-nav-orga"));
    app.db
        .store
        .add_member(
            org,
            id,
            acquis_core::organization::Role::Member,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let page = app.get("/competences").await;
    assert!(
        page.body.contains(&format!("href=\"/orga/{org}\"")) && page.body.contains("data-nav-orga")
    );
    let other = app
        .db
        .store
        .create_organization(
            "Université du Rhône",
            acquis_core::organization::OrganizationKind::Sup,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    app.db
        .store
        .add_member(
            other.id,
            id,
            acquis_core::organization::Role::Admin,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let page = app.get(&format!("/orga/{org}")).await;
    assert!(page.body.contains("data-org-switcher"), "{}", page.body);
    assert!(
        page.body.contains("Université du Rhône")
            && page.body.contains(&format!("href=\"/orga/{}\"", other.id))
    );
    assert!(
        page.body
            .contains(&format!("<a href=\"/orga/{org}\" aria-current=\"page\">"))
    );
}

on_both_backends!(a_public_service_publishes_its_notices_its_404_and_its_identity);
async fn a_public_service_publishes_its_notices_its_404_and_its_identity(app: TestApp) {
    for (path, fr, en) in [
        ("/mentions-legales", "Mentions légales", "Legal notice"),
        ("/confidentialite", "Combien de temps", "For how long"),
        (
            "/accessibilite",
            "partiellement conforme",
            "partially compliant",
        ),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains(fr), "{path}");
        let r = english(&app, path).await;
        assert!(r.contains(en) && r.contains("<html lang=\"en\""), "{path}");
    }
    let home = app.get("/").await;
    for link in [
        "/mentions-legales",
        "/confidentialite",
        "/accessibilite",
        "/assets/favicon.svg",
        "/assets/logo.svg",
    ] {
        assert!(
            home.body.contains(&format!("href=\"{link}\""))
                || home.body.contains(&format!("src=\"{link}\"")),
            "{link}"
        );
    }
    for asset in ["/assets/logo.svg", "/assets/favicon.svg"] {
        let r = app.get(asset).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_TYPE], "image/svg+xml");
        assert!(r.body.starts_with("<svg"));
    }
    let r = app.get("/nulle-part").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.body.contains("data-not-found") && r.body.contains("class=\"site-header\""),
        "the 404 page is in the layout: {}",
        r.body
    );
    let r = app.get("/campagnes/BCDFGH999").await;
    assert!(r.status == StatusCode::NOT_FOUND && r.body.contains("data-not-found"));
    let en = english(&app, "/nulle-part").await;
    assert!(
        en.contains("Page not found") && en.contains("<html lang=\"en\""),
        "{en}"
    );
    let api = app.api("GET", "/api/v1/nothing-here", None, None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
}

/// The page at `path` for a browser asking for English.
async fn english(app: &TestApp, path: &str) -> String {
    let request = Request::builder()
        .uri(path)
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .unwrap();
    app.send(request).await.body
}
