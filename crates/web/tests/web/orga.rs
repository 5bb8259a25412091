//! The organisation portal through the real router, as a browser without JavaScript uses it,
//! on SQLite and PostgreSQL: membership on every route, members and invitations, target
//! profiles and campaigns through their forms, follow-up, analysis, export and learner import.

use crate::common;

use acquis_app::testkit::store::{NewCampaign, Store};
use acquis_core::campaign::{Stage, StageThreshold, Stages, TargetItem, TargetProfile};
use acquis_web::campaigns::{ProfileDefinition, SharedResults};
use axum::http::{StatusCode, header};
use common::{TestApp, hidden};

async fn org_with_admin(app: &TestApp, name: &str, email: &str) -> (i64, i64) {
    app.org_with_admin(
        name,
        acquis_core::organization::OrganizationKind::Sco,
        email,
    )
    .await
}

/// A definition on the first tube of the starter framework, with two stages.
fn definition(app: &TestApp) -> ProfileDefinition {
    let live = app.state.live();
    let competence = live.framework.competences()[0].code.clone();
    let stage = |t: u8, title: &str| Stage {
        threshold: StageThreshold::Percent(acquis_core::campaign::Percent::new(t).unwrap()),
        title: title.into(),
        message: String::new(),
        prescriber_title: String::new(),
        prescriber_message: String::new(),
    };
    ProfileDefinition {
        profile: TargetProfile::new(vec![TargetItem::Competence { competence }]),
        stages: Some(Stages::new(vec![stage(0, "Départ"), stage(50, "Confirmé")]).unwrap()),
        badges: Vec::new(),
    }
}

/// A campaign on a stored target profile, with one participation shared and one started.
struct Fixture {
    campaign: i64,
    shared: i64,
    started: i64,
}

async fn campaign_with_participants(app: &TestApp, org: i64, creator: i64) -> Fixture {
    let store: &Store = &app.db.store;
    let def = definition(app);
    let profile = store
        .create_target_profile(
            org,
            "Profil",
            "",
            Some(20),
            &def.to_json(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let campaign = store
        .create_campaign(
            NewCampaign {
                organization_id: org,
                code: "BCDFGH234",
                kind: "ASSESSMENT",
                target_profile_id: Some(profile.id),
                title: "Rentrée",
                landing_text: "",
                result_text: "",
                result_button_text: "",
                result_button_url: "",
                external_id_label: Some("Numéro"),
                external_id_kind: Some("text"),
                multiple_sendings: false,
                creator_id: creator,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let learner = app.sign_up("eleve@example.org", "Camille", "Martin").await;
    let shared = store
        .create_participation(campaign.id, learner, Some("=CMD()"), None, false)
        .await
        .unwrap();
    store.participation_to_share(shared.id).await.unwrap();
    let target = def.target(&app.state.live().framework);
    let validated: Vec<String> = target.ids().take(2).map(str::to_string).collect();
    let results = SharedResults {
        validated,
        competences: Vec::new(),
    };
    store
        .share_participation(
            shared.id,
            Some(0.5),
            None,
            &results.to_json(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let other = app.sign_up("retard@example.org", "Camille", "Martin").await;
    let started = store
        .create_participation(campaign.id, other, Some("B-2"), None, false)
        .await
        .unwrap();
    Fixture {
        campaign: campaign.id,
        shared: shared.id,
        started: started.id,
    }
}

on_both_backends!(every_orga_route_is_not_found_for_a_member_of_another_organisation);
async fn every_orga_route_is_not_found_for_a_member_of_another_organisation(app: TestApp) {
    let (a, admin_a) = org_with_admin(&app, "Lycée A", "admin-a@example.org").await;
    let f = campaign_with_participants(&app, a, admin_a).await;
    let invitation = app
        .db
        .store
        .create_invitation(
            a,
            "x@example.org",
            acquis_core::organization::Role::Member,
            "hash",
            chrono::Utc::now(),
            &[],
        )
        .await
        .unwrap();
    app.db
        .store
        .import_organization_learners(
            a,
            &[acquis_app::testkit::store::NewOrganizationLearner {
                first_name: "Léa".into(),
                last_name: "Durand".into(),
                attributes: "{}".into(),
                ..Default::default()
            }],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let l = app.db.store.organization_learners(a).await.unwrap()[0].id;
    let (b, _) = org_with_admin(&app, "Lycée B", "admin-b@example.org").await;
    let c = f.campaign;
    let gets = [
        format!("/orga/{a}/apprenants/modele.csv"),
        format!("/orga/{a}/apprenants/{l}"),
        format!("/orga/{a}/apprenants/{l}/supprimer"),
        format!("/orga/{b}/apprenants/{l}"),
        format!("/orga/{b}/apprenants/{l}/supprimer"),
        format!("/orga/{a}/campagnes/{c}/archiver"),
        format!("/orga/{a}/campagnes/{c}/relances"),
        format!("/orga/{b}/campagnes/{c}/archiver"),
        format!("/orga/{b}/campagnes/{c}/relances"),
        format!("/orga/{a}"),
        format!("/orga/{a}/membres"),
        format!("/orga/{a}/profils-cibles"),
        format!("/orga/{a}/profils-cibles/nouveau"),
        format!("/orga/{a}/apprenants"),
        format!("/orga/{a}/campagnes/nouvelle"),
        format!("/orga/{a}/campagnes/{c}"),
        format!("/orga/{a}/campagnes/{c}/analyse"),
        format!("/orga/{a}/campagnes/{c}/participants/{}", f.shared),
        format!("/orga/{a}/campagnes/{c}/export.csv"),
        format!("/orga/{b}/campagnes/{c}"),
        format!("/orga/{b}/campagnes/{c}/analyse"),
        format!("/orga/{b}/campagnes/{c}/participants/{}", f.shared),
        format!("/orga/{b}/campagnes/{c}/export.csv"),
    ];
    for uri in &gets {
        assert_eq!(
            app.get(uri).await.status,
            StatusCode::NOT_FOUND,
            "GET {uri}"
        );
    }
    let posts = [
        format!("/orga/{a}/membres/invitations"),
        format!("/orga/{a}/membres/invitations/{invitation}/annuler"),
        format!("/orga/{a}/membres/{admin_a}/role"),
        format!("/orga/{a}/membres/{admin_a}/retirer"),
        format!("/orga/{a}/quitter"),
        format!("/orga/{a}/profils-cibles"),
        format!("/orga/{a}/campagnes"),
        format!("/orga/{a}/campagnes/{c}/archiver"),
        format!("/orga/{a}/campagnes/{c}/desarchiver"),
        format!("/orga/{a}/campagnes/{c}/relances"),
        format!("/orga/{a}/apprenants"),
        format!("/orga/{b}/campagnes/{c}/archiver"),
        format!("/orga/{b}/campagnes/{c}/relances"),
        format!("/orga/{a}/apprenants/{l}"),
        format!("/orga/{a}/apprenants/{l}/supprimer"),
        format!("/orga/{b}/apprenants/{l}"),
        format!("/orga/{b}/apprenants/{l}/supprimer"),
    ];
    let fields = [
        ("email", "intrus@example.org"),
        ("role", "ADMIN"),
        ("name", "P"),
        ("title", "T"),
        ("kind", "PROFILES_COLLECTION"),
        ("csv", "nom;prénom\nA;B\n"),
    ];
    for uri in &posts {
        let r = app.post_with_csrf(uri, &fields).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {uri}");
    }
    let store = &app.db.store;
    assert_eq!(store.members(a).await.unwrap().len(), 1, "nothing changed");
    assert!(
        store
            .campaign(c)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
    assert!(store.last_reminders(c).await.unwrap().is_empty());
    let learners = store.organization_learners(a).await.unwrap();
    assert_eq!(learners.len(), 1);
    assert_eq!(
        (
            learners[0].first_name.as_str(),
            learners[0].division.as_deref()
        ),
        ("Léa", None)
    );
    assert!(store.campaigns_of(a).await.unwrap().len() == 1);
}

on_both_backends!(a_member_can_neither_invite_nor_remove_nor_change_roles);
async fn a_member_can_neither_invite_nor_remove_nor_change_roles(app: TestApp) {
    let (org, admin) = org_with_admin(&app, "Lycée", "admin@example.org").await;
    let member = app.sign_up("prof@example.org", "Camille", "Martin").await;
    app.db
        .store
        .add_member(
            org,
            member,
            acquis_core::organization::Role::Member,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let page = app.get(&format!("/orga/{org}/membres")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("/membres/invitations\""),
        "no invite form"
    );
    let attempts = [
        format!("/orga/{org}/membres/invitations"),
        format!("/orga/{org}/membres/{admin}/retirer"),
        format!("/orga/{org}/membres/{admin}/role"),
    ];
    for uri in &attempts {
        let r = app
            .post_with_csrf(uri, &[("email", "x@example.org"), ("role", "MEMBER")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {uri}");
    }
    let store = &app.db.store;
    assert!(store.invitations(org).await.unwrap().is_empty());
    assert_eq!(store.members(org).await.unwrap().len(), 2);
    assert_eq!(
        store
            .membership_role(org, admin)
            .await
            .unwrap()
            .map(|r| r.as_str()),
        Some("ADMIN")
    );
    assert!(app.mails().is_empty());
    // Anyone may leave.
    let r = app
        .post_with_csrf(&format!("/orga/{org}/quitter"), &[])
        .await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/orga")
    );
    assert!(store.membership_role(org, member).await.unwrap().is_none());
}

on_both_backends!(an_invitation_sent_by_mail_is_accepted_through_its_link);
async fn an_invitation_sent_by_mail_is_accepted_through_its_link(app: TestApp) {
    let (org, _) = org_with_admin(&app, "Université", "admin@example.org").await;
    let r = app
        .post_with_csrf(
            &format!("/orga/{org}/membres/invitations"),
            &[("email", "Prof@Example.org"), ("role", "MEMBER")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mails = app.mails();
    assert_eq!(mails.len(), 1);
    let mail = mails[0].replace("=\r\n", "").replace("=3D", "=");
    let start = mail
        .find("/orga/rejoindre?invitation=")
        .expect("link in mail");
    let link: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    // Not signed in: sign in first, then back to the invitation.
    app.clear_cookies();
    let r = app.get(&link).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location()
            .starts_with("/connexion?suite=/orga/rejoindre%3Finvitation%3D"),
        "{}",
        r.location()
    );
    let prof = app.sign_up("prof@example.org", "Camille", "Martin").await;
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Université"), "{}", page.body);
    let secret = hidden(&page.body, "invitation");
    let r = app
        .post_with_csrf("/orga/rejoindre", &[("invitation", &secret)])
        .await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, format!("/orga/{org}"))
    );
    let store = &app.db.store;
    assert_eq!(
        store
            .membership_role(org, prof)
            .await
            .unwrap()
            .map(|r| r.as_str()),
        Some("MEMBER")
    );
    assert_eq!(app.get("/orga").await.location(), format!("/orga/{org}"));
    let again = app
        .post_with_csrf("/orga/rejoindre", &[("invitation", &secret)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a link works once");
}

on_both_backends!(a_target_profile_and_a_campaign_are_created_through_the_forms);
async fn a_target_profile_and_a_campaign_are_created_through_the_forms(app: TestApp) {
    let (org, _) = org_with_admin(&app, "Entreprise", "rh@example.org").await;
    let form = app
        .get(&format!("/orga/{org}/profils-cibles/nouveau"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let live = app.state.live();
    let tube = live.framework.tubes()[0].id.clone();
    assert!(form.body.contains(&format!("name=\"cap_{tube}\"")));
    let empty = app
        .post_with_csrf(&format!("/orga/{org}/profils-cibles"), &[("name", "Vide")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("Choisissez au moins un sujet"),
        "{}",
        empty.body
    );
    let cap_field = format!("cap_{tube}");
    let r = app
        .post_with_csrf(
            &format!("/orga/{org}/profils-cibles"),
            &[
                ("name", "Bureautique"),
                ("description", "Pour les nouveaux"),
                ("minutes", "25"),
                ("tube", &tube),
                (&cap_field, "2"),
                ("stage_threshold_0", "0"),
                ("stage_title_0", "Débutant"),
                ("stage_threshold_1", "60"),
                ("stage_title_1", "Confirmé"),
                ("badge_key_0", "EXPERT"),
                ("badge_title_0", "Expert"),
                ("badge_threshold_0", "90"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let profiles = app.db.store.target_profiles(org).await.unwrap();
    assert_eq!(profiles.len(), 1);
    let def = ProfileDefinition::parse(&profiles[0].definition).unwrap();
    assert_eq!(def.stages.as_ref().map(Stages::len), Some(2));
    assert_eq!(def.badges.len(), 1);
    assert_eq!(profiles[0].expected_minutes, Some(25));
    let list = app.get(&format!("/orga/{org}/profils-cibles")).await;
    assert!(list.body.contains("Bureautique"));

    let profile = profiles[0].id.to_string();
    let r = app
        .post_with_csrf(
            &format!("/orga/{org}/campagnes"),
            &[
                ("kind", "ASSESSMENT"),
                ("target_profile", &profile),
                ("title", "Accueil 2025"),
                ("landing_text", "Bienvenue"),
                ("external_id_label", "Matricule"),
                ("external_id_kind", "text"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let campaigns = app.db.store.campaigns_of(org).await.unwrap();
    assert_eq!(campaigns.len(), 1);
    let c = &campaigns[0];
    assert!(acquis_core::campaign::CampaignCode::parse(&c.code).is_ok());
    assert_eq!(r.location(), format!("/orga/{org}/campagnes/{}", c.id));
    let page = app.get(&r.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("/campagnes/{}", c.code)),
        "share link"
    );
    let r = app
        .post_with_csrf(&format!("/orga/{org}/campagnes/{}/archiver", c.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .store
            .campaign(c.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_some()
    );
    let home = app.get(&format!("/orga/{org}")).await;
    assert!(home.body.contains("Accueil 2025"));
    let r = app
        .post_with_csrf(&format!("/orga/{org}/campagnes/{}/desarchiver", c.id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .store
            .campaign(c.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
}

on_both_backends!(a_campaign_is_followed_reminded_analysed_and_exported);
async fn a_campaign_is_followed_reminded_analysed_and_exported(app: TestApp) {
    let (org, admin) = org_with_admin(&app, "Collège", "admin@example.org").await;
    let f = campaign_with_participants(&app, org, admin).await;
    app.sign_in("admin@example.org").await;
    let c = f.campaign;

    let export = app
        .get(&format!("/orga/{org}/campagnes/{c}/export.csv"))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let disposition = export.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(export.body.starts_with('\u{feff}'), "BOM");
    let lines: Vec<&str> = export.body.trim_end().lines().collect();
    assert_eq!(lines.len(), 3, "{}", export.body);
    assert!(
        lines[0].starts_with("\u{feff}Numéro;Nom;Prénom;Classe;Groupe;Statut"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("'=CMD();Martin;Camille"),
        "neutralised: {}",
        lines[1]
    );
    assert!(lines[1].contains(";Envoyé;"), "{}", lines[1]);
    assert!(lines[2].contains(";En cours;"), "{}", lines[2]);

    let page = app.get(&format!("/orga/{org}/campagnes/{c}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("data-participation=\"{}\"", f.shared))
    );
    let started_only = app
        .get(&format!("/orga/{org}/campagnes/{c}?statut=STARTED"))
        .await;
    assert!(
        started_only
            .body
            .contains(&format!("data-participation=\"{}\"", f.started))
    );
    assert!(
        !started_only
            .body
            .contains(&format!("data-participation=\"{}\"", f.shared))
    );

    let detail = app
        .get(&format!(
            "/orga/{org}/campagnes/{c}/participants/{}",
            f.shared
        ))
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("role=\"img\""));

    let analysis = app
        .get(&format!("/orga/{org}/campagnes/{c}/analyse?par=classe"))
        .await;
    assert_eq!(analysis.status, StatusCode::OK);
    assert!(analysis.body.contains("<svg class=\"chart\" role=\"img\""));
    assert!(analysis.body.contains("<title id=\"par-competence\">"));

    let r = app
        .post_with_csrf(&format!("/orga/{org}/campagnes/{c}/relances"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let reminders = app.db.store.last_reminders(c).await.unwrap();
    assert_eq!(reminders.len(), 1, "only the unfinished participant");
    assert_eq!(reminders[0].0, f.started);
    assert!(app.mails().iter().any(|m| m.contains("retard@example.org")));
}

on_both_backends!(a_learners_file_with_a_bad_row_imports_nothing_and_names_the_line);
async fn a_learners_file_with_a_bad_row_imports_nothing_and_names_the_line(app: TestApp) {
    let (org, _) = org_with_admin(&app, "Lycée", "admin@example.org").await;
    let uri = format!("/orga/{org}/apprenants");
    let bad = "nom;prénom;date de naissance;division;option\nDurand;Léa;14/03/2009;2nde 1;Latin\nMartin;;01/01/2009;2nde 2;\n";
    let r = app.post_with_csrf(&uri, &[("csv", bad)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("data-line=\"3\""), "{}", r.body);
    assert!(r.body.contains("prénom"));
    let store = &app.db.store;
    assert!(store.organization_learners(org).await.unwrap().is_empty());

    let good = bad.replace("Martin;;", "Martin;Tom;");
    let r = app.post_with_csrf(&uri, &[("csv", &good)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let learners = store.organization_learners(org).await.unwrap();
    assert_eq!(learners.len(), 2);
    assert_eq!(learners[0].division.as_deref(), Some("2nde 1"));
    assert_eq!(learners[0].attributes, r#"{"option":"Latin"}"#);
}

// The same shared results in three campaigns on one target profile: recorded with their
// compact form, without it (shared before migration 0013), and with a compact form taken on
// another target (the content changed since): the analysis reads the compact form only in the
// first and must show the same page in all three.
on_both_backends!(the_analysis_reads_the_same_from_the_compact_form_and_from_the_snapshot);
async fn the_analysis_reads_the_same_from_the_compact_form_and_from_the_snapshot(app: TestApp) {
    use acquis_app::testkit::store::DemoParticipant;
    use acquis_core::campaign::Mastery;

    let (org, admin) = org_with_admin(&app, "Lycée", "admin@example.org").await;
    let store: &Store = &app.db.store;
    let def = definition(&app);
    let live = app.state.live();
    let target = def.target(&live.framework);
    assert!(target.len() > 4, "a target of several digits");
    let profile = store
        .create_target_profile(
            org,
            "Profil",
            "",
            Some(20),
            &def.to_json(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let forms = ["compact", "snapshot", "stale"];
    let mut campaigns = Vec::new();
    for (n, form) in forms.iter().enumerate() {
        let code = format!("BCDFGH{}", ["234", "236", "237"][n]);
        let campaign = store
            .create_campaign(
                NewCampaign {
                    target_profile_id: Some(profile.id),
                    ..NewCampaign::new(org, &code, "ASSESSMENT", "Rentrée", admin)
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        let ids: Vec<&str> = target.ids().collect();
        let participants: Vec<DemoParticipant> = (0..12)
            .map(|i| {
                // Participant i validated the target skills at positions where (p + i) % 3 == 0,
                // and none at all for i == 11.
                let validated: Vec<String> = ids
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| i != 11 && (p + i) % 3 == 0)
                    .map(|(_, id)| id.to_string())
                    .collect();
                let elements: Vec<_> = validated
                    .iter()
                    .map(|skill| acquis_core::positioning::KnowledgeElement {
                        skill: skill.clone(),
                        status: acquis_core::positioning::KeStatus::Validated,
                        source: acquis_core::positioning::KeSource::Direct,
                        earned_pix: 0.0,
                        created_at: 0,
                    })
                    .collect();
                let mastery = Mastery::of(&target, &elements);
                let compact = match *form {
                    "compact" => Some(SharedResults::compact(&mastery)),
                    "snapshot" => None,
                    _ => Some((
                        "0000000000000000".to_string(),
                        "f".repeat(target.len().div_ceil(4)),
                    )),
                };
                DemoParticipant {
                    first_name: "Léa".into(),
                    last_name: format!("Élève {i}"),
                    email: format!("eleve{i}-{form}@example.org"),
                    division: ["2nde A", "2nde B", "1re C"][i % 3].into(),
                    external_id: format!("E{i}"),
                    elements: Vec::new(),
                    mastery_rate: mastery.overall().rate(),
                    results: SharedResults {
                        validated,
                        competences: Vec::new(),
                    }
                    .to_json(),
                    compact,
                    at: chrono::Utc::now(),
                }
            })
            .collect();
        store
            .insert_demo_participants(org, campaign.id, live.release_id, &participants)
            .await
            .unwrap();
        campaigns.push((campaign.id, code));
    }
    app.sign_in("admin@example.org").await;
    for by in ["", "?par=classe"] {
        let pages: Vec<String> = analysis_pages(&app, org, &campaigns, by).await;
        assert!(pages[0].contains("<title id=\"par-competence\">"));
        assert!(pages[0].contains("<title id=\"par-palier\">"));
        if !by.is_empty() {
            assert!(pages[0].contains("2nde B"), "{}", pages[0]);
        }
        assert_eq!(pages[0], pages[1], "compact form and snapshot ({by})");
        assert_eq!(
            pages[0], pages[2],
            "compact form and stale compact form ({by})"
        );
    }
}

/// The analysis pages of `campaigns`, with each campaign's id and code replaced by the first's.
async fn analysis_pages(
    app: &TestApp,
    org: i64,
    campaigns: &[(i64, String)],
    by: &str,
) -> Vec<String> {
    let mut pages = Vec::new();
    for (id, code) in campaigns {
        let page = app
            .get(&format!("/orga/{org}/campagnes/{id}/analyse{by}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        pages.push(
            page.body
                .replace(&format!("/campagnes/{id}"), "/campagnes/N")
                .replace(code.as_str(), "CODE"),
        );
    }
    pages
}

on_both_backends!(a_campaign_landing_text_cannot_carry_a_script_link_to_the_public_page);
async fn a_campaign_landing_text_cannot_carry_a_script_link_to_the_public_page(app: TestApp) {
    let (org, _) = org_with_admin(&app, "Collège Pagnol", "dir@pagnol.fr").await;
    let landing = "Bienvenue. [Cliquez](javascript:alert(document.cookie)) \
                   [ou ici](  JaVaScRiPt:alert(1)) [image](data:text/html;base64,PHNjcmlwdD4=) \
                   ![x](vbscript:msgbox(1)) <script>alert(2)</script> [aide](https://example.org/aide)";
    let r = app
        .post_with_csrf(
            &format!("/orga/{org}/campagnes"),
            &[
                ("kind", "PROFILES_COLLECTION"),
                ("title", "Profils 2026"),
                ("landing_text", landing),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let campaign = app.db.store.campaigns_of(org).await.unwrap().remove(0);
    // The public landing page, as an anonymous visitor sees it.
    app.clear_cookies();
    let page = app.get(&format!("/campagnes/{}", campaign.code)).await;
    assert_eq!(page.status, StatusCode::OK);
    let lower = page.body.to_ascii_lowercase();
    for bad in [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "<script>alert",
    ] {
        assert!(
            !lower.contains(bad),
            "{bad} reached the page: {}",
            page.body
        );
    }
    assert!(
        page.body.contains("href=\"https://example.org/aide\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Cliquez"),
        "the words stay, without their link"
    );
}
