//! The organisation portal with a real cohort, as the new user of issue 10 met it, on SQLite
//! and PostgreSQL: importing the same learners file again (and 20 times at once) creates
//! nobody twice; errors name the spreadsheet's line and quote the value; learners are edited,
//! deleted, searched and paged; the follow-up pages, sorts and searches; stages read 1 of N
//! everywhere; percentages are rounded; no internal id shows; archiving and reminding ask
//! first; charts keep their data behind a disclosure.

use crate::common;

use acquis_app::testkit::store::NewCampaign;
use acquis_core::campaign::{
    Count, Percent, Stage, StageThreshold, Stages, TargetItem, TargetProfile,
};
use acquis_web::campaigns::{ProfileDefinition, SharedResults};
use axum::http::{StatusCode, header};
use common::{TestApp, hidden};
use tower::ServiceExt;

async fn org_with_admin(app: &TestApp) -> (i64, i64) {
    app.org_with_admin(
        "Collège Jean Moulin",
        acquis_core::organization::OrganizationKind::Sco,
        "admin@example.org",
    )
    .await
}

const LIST: &str = "INE;Nom;Prénom;Date de naissance;Classe\n\
                    111AA;Durand;Léa;14/03/2009;3e A\n\
                    222BB;Petit;Tom;01/06/2009;3e B\n\
                    ;Roux;Zoé;02/01/2010;3e A\n";

async fn import(app: &TestApp, org: i64, csv: &str) -> common::Reply {
    app.post_with_csrf(&format!("/orga/{org}/apprenants"), &[("csv", csv)])
        .await
}

on_both_backends!(the_same_learners_file_imported_twice_creates_nobody_twice);
async fn the_same_learners_file_imported_twice_creates_nobody_twice(app: TestApp) {
    let (org, _) = org_with_admin(&app).await;
    let r = import(&app, org, LIST).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/orga/{org}/apprenants")).await;
    assert!(
        page.body
            .contains("Import terminé : 3 créés, 0 mis à jour, 0 inchangé."),
        "{}",
        page.body
    );
    import(&app, org, LIST).await;
    let page = app.get(&format!("/orga/{org}/apprenants")).await;
    assert!(
        page.body.contains("0 créé, 0 mis à jour, 3 inchangés."),
        "{}",
        page.body
    );
    let moved = LIST.replace(
        "222BB;Petit;Tom;01/06/2009;3e B",
        "222BB;Petit;Tom;01/06/2009;4e C",
    );
    import(&app, org, &moved).await;
    let page = app.get(&format!("/orga/{org}/apprenants")).await;
    assert!(
        page.body.contains("0 créé, 1 mis à jour, 2 inchangés."),
        "{}",
        page.body
    );
    assert!(page.body.contains("1–3 sur 3"));
    assert_eq!(
        app.db.store.organization_learners(org).await.unwrap().len(),
        3
    );
}

on_both_backends!(twenty_imports_of_the_same_file_at_once_create_each_learner_once);
async fn twenty_imports_of_the_same_file_at_once_create_each_learner_once(app: TestApp) {
    let (org, _) = org_with_admin(&app).await;
    let token = app.csrf().await;
    let uri = format!("/orga/{org}/apprenants");
    let sends: Vec<_> = (0..20)
        .map(|_| {
            let request = app.form_request(&uri, &[("csrf", &token), ("csv", LIST)]);
            let router = acquis_web::router(app.state.clone());
            tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
        })
        .collect();
    for send in sends {
        assert_eq!(send.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        app.db.store.organization_learners(org).await.unwrap().len(),
        3
    );
}

on_both_backends!(a_bad_file_names_the_spreadsheet_line_quotes_the_value_and_changes_nothing);
async fn a_bad_file_names_the_spreadsheet_line_quotes_the_value_and_changes_nothing(app: TestApp) {
    let (org, _) = org_with_admin(&app).await;
    import(&app, org, LIST).await;
    let bad = "Nom;Prénom;Date de naissance\r\nDurand;Léa;14/03/2009\r\n\r\nMartin;Zoé;31/02/2010\r\nDurand;Zoé;2010-01-01\r\n";
    let r = import(&app, org, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<tr data-line=\"4\">"), "{}", r.body);
    assert!(r.body.contains("<q>31/02/2010</q>"), "{}", r.body);
    assert!(!r.body.contains("data-line=\"5\""));
    assert_eq!(
        app.db.store.organization_learners(org).await.unwrap().len(),
        3
    );
    let twice = "Nom;Prénom\nDurand;Léa\nPetit;Tom\nDURAND;lea\n";
    let r = import(&app, org, twice).await;
    assert!(r.body.contains("<tr data-line=\"4\">"), "{}", r.body);
    assert!(r.body.contains("<q>DURAND lea = 2</q>"), "{}", r.body);
}

on_both_backends!(the_template_downloads_and_imports_as_it_is);
async fn the_template_downloads_and_imports_as_it_is(app: TestApp) {
    let (org, _) = org_with_admin(&app).await;
    let r = app.get(&format!("/orga/{org}/apprenants/modele.csv")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.body
            .starts_with("\u{feff}INE;Nom;Prénom;Date de naissance;Classe;Groupe")
    );
    assert_eq!(
        import(&app, org, &r.body).await.status,
        StatusCode::SEE_OTHER
    );
    let page = app.get(&format!("/orga/{org}/apprenants")).await;
    assert!(
        page.body.contains("href=\"/orga/"),
        "the page links the template"
    );
    assert!(page.body.contains("/apprenants/modele.csv"));
}

on_both_backends!(learners_are_paged_searched_sorted_edited_and_deleted);
async fn learners_are_paged_searched_sorted_edited_and_deleted(app: TestApp) {
    let (org, _) = org_with_admin(&app).await;
    let mut csv = String::from("Nom;Prénom;Date de naissance;Classe\n");
    for i in 0..250 {
        csv.push_str(&format!(
            "Nom{i:03};Élève;01/09/2009;{}\n",
            if i % 2 == 0 { "3e A" } else { "3e B" }
        ));
    }
    assert_eq!(import(&app, org, &csv).await.status, StatusCode::SEE_OTHER);
    let base = format!("/orga/{org}/apprenants");
    let first = app.get(&base).await;
    assert!(first.body.contains("1–100 sur 250"), "{}", first.body);
    assert!(
        first.body.contains("01/09/2009"),
        "birth dates read JJ/MM/AAAA"
    );
    assert!(
        first
            .body
            .contains(&format!("href=\"{base}?page=2\" rel=\"next\""))
    );
    assert!(!first.body.contains("rel=\"prev\""));
    let last = app.get(&format!("{base}?page=3")).await;
    assert!(last.body.contains("201–250 sur 250"));
    assert!(
        last.body
            .contains(&format!("href=\"{base}?page=2\" rel=\"prev\""))
    );
    assert!(!last.body.contains("rel=\"next\""));
    let desc = app.get(&format!("{base}?tri=nom&ordre=desc")).await;
    let first_row = desc.body.find("Nom249").unwrap();
    assert!(!desc.body.contains("Nom000"));
    assert!(desc.body[..first_row].contains("aria-sort=\"descending\""));
    let found = app.get(&format!("{base}?q=nom04")).await;
    assert!(found.body.contains("1–10 sur 10"), "{}", found.body);

    let learners = app.db.store.organization_learners(org).await.unwrap();
    let id = learners[0].id;
    let form = app.get(&format!("{base}/{id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"2009-09-01\""));
    let token = hidden(&form.body, "csrf");
    let fields = |birthdate: &'static str| {
        vec![
            ("csrf", token.clone()),
            ("last_name", "Nom000".to_string()),
            ("first_name", "Élève".to_string()),
            ("birthdate", birthdate.to_string()),
            ("national_id", "9ZZ".to_string()),
            ("division", "4e D".to_string()),
            ("group", String::new()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let uri = format!("{base}/{id}");
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&uri, &pairs).await
        }
    };
    let refused = send(fields("2009-02-30")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"birthdate\" name=\"birthdate\" type=\"date\" value=\"2009-02-30\" maxlength=\"200\" aria-invalid=\"true\" aria-describedby=\"birthdate-error\""), "{}", refused.body);
    assert_eq!(
        send(fields("2009-09-02")).await.status,
        StatusCode::SEE_OTHER
    );
    let saved = app
        .db
        .store
        .organization_learner(org, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.division.as_deref(), Some("4e D"));
    assert_eq!(saved.national_id.as_deref(), Some("9ZZ"));

    let confirm = app.get(&format!("{base}/{id}/supprimer")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm
            .body
            .contains(&format!("action=\"{base}/{id}/supprimer\""))
    );
    assert!(
        app.db
            .store
            .organization_learner(org, id)
            .await
            .unwrap()
            .is_some(),
        "asking deletes nothing"
    );
    let r = app
        .post_with_csrf(&format!("{base}/{id}/supprimer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .store
            .organization_learner(org, id)
            .await
            .unwrap()
            .is_none()
    );
}

/// A campaign on the first competence with three stages (0, 30 and 60 %), one participant
/// who shared `validated` of its skills and 149 who started; returns (campaign, shared id,
/// skill count).
async fn cohort(app: &TestApp, org: i64, admin: i64, validated: usize) -> (i64, i64, usize) {
    let store = &app.db.store;
    let live = app.state.live();
    let competence = live.framework.competences()[0].code.clone();
    let stage = |t: u8, title: &str| Stage {
        threshold: StageThreshold::Percent(Percent::new(t).unwrap()),
        title: title.into(),
        message: String::new(),
        prescriber_title: String::new(),
        prescriber_message: String::new(),
    };
    let def = ProfileDefinition {
        profile: TargetProfile::new(vec![TargetItem::Competence { competence }]),
        stages: Some(
            Stages::new(vec![
                stage(0, "Départ"),
                stage(30, "En route"),
                stage(60, "Confirmé"),
            ])
            .unwrap(),
        ),
        badges: Vec::new(),
    };
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
                target_profile_id: Some(profile.id),
                ..NewCampaign::new(org, "BCDFGH234", "ASSESSMENT", "Rentrée", admin)
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let target = def.target(&live.framework);
    let user = app.db.user("top@example.org").await.unwrap();
    let shared = store
        .create_participation(campaign.id, user, None, None, false)
        .await
        .unwrap();
    store.participation_to_share(shared.id).await.unwrap();
    let results = SharedResults {
        validated: target.ids().take(validated).map(str::to_string).collect(),
        competences: Vec::new(),
    };
    let rate = validated as f64 / target.len() as f64;
    store
        .share_participation(
            shared.id,
            Some(rate),
            None,
            &results.to_json(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    for i in 0..149 {
        let u = app.db.user(&format!("e{i:03}@example.org")).await.unwrap();
        store
            .create_participation(campaign.id, u, None, None, false)
            .await
            .unwrap();
    }
    (campaign.id, shared.id, target.len())
}

/// The largest count of validated skills at or above 60 % whose percentage rounds
/// differently from how it truncates, if any (else the full target).
fn rounding_case(total: usize) -> usize {
    (1..total)
        .rev()
        .filter(|&k| k * 100 >= total * 60)
        .find(|&k| Count::new(k as u64, total as u64).display_percent() as usize != k * 100 / total)
        .unwrap_or(total)
}

on_both_backends!(the_follow_up_of_a_cohort_pages_sorts_searches_and_counts_stages_from_one);
async fn the_follow_up_of_a_cohort_pages_sorts_searches_and_counts_stages_from_one(app: TestApp) {
    let (org, admin) = org_with_admin(&app).await;
    let live = app.state.live();
    let competence = live.framework.competences()[0].code.clone();
    let skills = live
        .framework
        .skills()
        .iter()
        .filter(|s| s.competence == competence)
        .count();
    drop(live);
    let k = rounding_case(skills);
    assert!(
        k < skills,
        "the starter competence has a count that rounds up: {skills}"
    );
    let (c, shared, total) = cohort(&app, org, admin, k).await;
    assert_eq!(total, skills);
    let shown = Count::new(k as u64, total as u64).display_percent();
    let base = format!("/orga/{org}/campagnes/{c}");

    let page = app.get(&base).await;
    assert!(page.body.contains("1–100 sur 150"), "{}", page.body);
    assert!(
        page.body
            .contains(&format!("href=\"{base}?page=2\" rel=\"next\""))
    );
    assert!(
        page.body.contains("3 / 3 – Confirmé"),
        "stages count from 1 of N"
    );
    assert!(
        page.body.contains(&format!("<td>{shown} %</td>")),
        "rounded: {shown} %"
    );
    let today = chrono::Utc::now().format("%d/%m/%Y").to_string();
    assert!(
        page.body.contains(&format!("<td>{today}</td>")),
        "dates read JJ/MM/AAAA"
    );
    assert!(
        page.body
            .contains("<option value=\"3\">3 / 3 – Confirmé</option>")
    );
    assert!(page.body.contains("data-copy-label=\"Copier le code\""));
    assert!(
        page.body
            .contains("<script src=\"/assets/orga.js\" defer></script>")
    );
    let second = app.get(&format!("{base}?page=2")).await;
    assert!(second.body.contains("101–150 sur 150"));

    let at_stage_3 = app.get(&format!("{base}?palier=3")).await;
    assert!(at_stage_3.body.contains("1–1 sur 1"), "{}", at_stage_3.body);
    assert!(
        at_stage_3
            .body
            .contains(&format!("data-participation=\"{shared}\""))
    );
    let at_stage_1 = app.get(&format!("{base}?palier=1")).await;
    assert!(at_stage_1.body.contains("0–0 sur 0"));
    let by_mastery = app.get(&format!("{base}?tri=maitrise&ordre=desc")).await;
    let first_row = by_mastery.body.find("data-participation=").unwrap();
    assert!(by_mastery.body[first_row..].starts_with(&format!("data-participation=\"{shared}\"")));
    // Every test account is "Alex Durand": the search finds them all, and nobody else.
    assert!(
        app.get(&format!("{base}?q=durand"))
            .await
            .body
            .contains("1–100 sur 150")
    );
    assert!(
        app.get(&format!("{base}?q=zzz"))
            .await
            .body
            .contains("0–0 sur 0")
    );

    let detail = app.get(&format!("{base}/participants/{shared}")).await;
    assert!(detail.body.contains("3 / 3 – Confirmé"), "{}", detail.body);
    assert!(!detail.body.contains("(@"), "no tube id");
    assert!(detail.body.contains("<details class=\"chart-data\">"));

    let analysis = app.get(&format!("{base}/analyse")).await;
    assert!(analysis.body.contains("3 / 3 – Confirmé"));
    assert!(!analysis.body.contains("(@"), "tube titles, not ids");
    assert!(analysis.body.contains("<summary>Voir les données"));
    assert!(
        analysis.body.contains(&format!(">{shown} %</text>")),
        "the SVG writes its values"
    );

    let csv = app.get(&format!("{base}/export.csv")).await;
    let header = csv.body.lines().next().unwrap();
    assert!(header.contains(";Palier obtenu (/3);"), "{header}");
    let row = csv.body.lines().find(|l| l.contains(";Envoyé;")).unwrap();
    let rate = format!("{},{:02}", shown / 100, shown % 100);
    assert!(row.contains(&format!(";{rate};3;")), "{row}");
}

on_both_backends!(archiving_and_reminding_ask_first_on_a_page_of_their_own);
async fn archiving_and_reminding_ask_first_on_a_page_of_their_own(app: TestApp) {
    let (org, admin) = org_with_admin(&app).await;
    let (c, _, _) = cohort(&app, org, admin, 0).await;
    let base = format!("/orga/{org}/campagnes/{c}");
    let page = app.get(&base).await;
    assert!(page.body.contains(&format!("href=\"{base}/archiver\"")));
    assert!(page.body.contains(&format!("href=\"{base}/relances\"")));
    assert!(
        !page.body.contains(&format!("action=\"{base}/archiver\"")),
        "no one-click archive"
    );

    let ask = app.get(&format!("{base}/archiver")).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.body.contains("Archiver la campagne « Rentrée » ?"));
    assert!(
        ask.body
            .contains(&format!("<form method=\"post\" action=\"{base}/archiver\""))
    );
    let ask = app.get(&format!("{base}/relances")).await;
    assert!(ask.body.contains("aux 149 participants"), "{}", ask.body);
    let store = &app.db.store;
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

    let r = app.post_with_csrf(&format!("{base}/archiver"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .campaign(c)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_some()
    );
}
