//! The certification portal through the real router, as a browser without JavaScript uses
//! it, on SQLite and PostgreSQL: a centre's members, sessions created, shown, edited,
//! filtered and deleted through their forms, the invigilator password shown once, the
//! attendance sheet and the kit; attacks on the session form.

use crate::common;

use acquis_app::testkit::store::{Group, NewCandidate};
use acquis_core::organization::{OrganizationKind, Role};
use axum::http::StatusCode;
use common::TestApp;

/// A centre whose administrator `email` signed up and is signed in; (centre, admin).
async fn centre_with_admin(app: &TestApp, name: &str, email: &str) -> (i64, i64) {
    let user = app.sign_up(email, "Camille", "Martin").await;
    let now = chrono::Utc::now();
    let store = &app.db.store;
    let centre = store
        .create_centre(name, OrganizationKind::Pro, None, now)
        .await
        .unwrap();
    store
        .add_group_member(Group::Centre(centre.id), user, Role::Admin, now)
        .await
        .unwrap();
    (centre.id, user)
}

fn session_fields<'a>(site: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("site", site),
        ("room", "Salle 4"),
        ("date", date),
        ("time", "14:00"),
        ("examiners", "Alex Durand, Sam Petit"),
        ("description", "Apporter une pièce d'identité"),
    ]
}

async fn create_session(app: &TestApp, centre: i64, site: &str, date: &str) -> (i64, String) {
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions"),
            &session_fields(site, date),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let page = app.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    (id, page.body)
}

on_both_backends!(a_centre_creates_a_session_and_sees_its_password_once);
async fn a_centre_creates_a_session_and_sees_its_password_once(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Lumière", "chef@lumiere.test").await;
    // `/certif` goes straight to the only centre.
    let r = app.get("/certif").await;
    assert_eq!(r.location(), format!("/certif/{centre}"));
    let home = app.get(&format!("/certif/{centre}")).await;
    assert!(home.body.contains("Aucune session"), "{}", home.body);
    assert!(
        home.body.contains("data-nav-certif"),
        "the header links the portal"
    );

    let (session, page) = create_session(&app, centre, "Lycée Lumière", "2027-01-15").await;
    assert!(page.contains("data-invigilator-password"), "{page}");
    let password = page
        .split("<p class=\"code-display\"><span lang=\"en\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    assert_eq!(password.chars().count(), 6, "{password}");
    let hash = app
        .db
        .store
        .invigilator_hash(session)
        .await
        .unwrap()
        .unwrap();
    assert!(acquis_app::accounts::password::verify(&hash, &password).await);
    // Shown once: the next visit does not show it.
    let again = app
        .get(&format!("/certif/{centre}/sessions/{session}"))
        .await;
    assert!(!again.body.contains("data-invigilator-password"));
    assert!(!again.body.contains(&password));
    let code = app
        .db
        .store
        .certification_session(session)
        .await
        .unwrap()
        .unwrap()
        .access_code;
    assert!(again.body.contains(&code), "the access code is on the page");

    // A new password replaces the old one.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/mot-de-passe"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let renewed = app.get(&r.location()).await;
    assert!(renewed.body.contains("data-invigilator-password"));
    let new_hash = app
        .db
        .store
        .invigilator_hash(session)
        .await
        .unwrap()
        .unwrap();
    assert!(!acquis_app::accounts::password::verify(&new_hash, &password).await);

    // The list shows it with its number of candidates.
    let home = app.get(&format!("/certif/{centre}")).await;
    assert!(home.body.contains("Lycée Lumière"));
    assert!(home.body.contains(&format!("data-session=\"{session}\"")));
}

on_both_backends!(sessions_are_edited_filtered_and_deleted_through_their_forms);
async fn sessions_are_edited_filtered_and_deleted_through_their_forms(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Alpha", "chef@alpha.test").await;
    let (a, _) = create_session(&app, centre, "Site Janvier", "2027-01-15").await;
    let (b, _) = create_session(&app, centre, "Site Mars", "2027-03-15").await;
    let edit = app
        .get(&format!("/certif/{centre}/sessions/{a}/modifier"))
        .await;
    assert!(
        edit.body.contains("value=\"Site Janvier\""),
        "{}",
        edit.body
    );
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{a}/modifier"),
            &session_fields("Site Février", "2027-02-10"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let filtered = app
        .get(&format!("/certif/{centre}?du=2027-02-01&au=2027-02-28"))
        .await;
    assert!(filtered.body.contains("Site Février"));
    assert!(!filtered.body.contains("Site Mars"));
    let by_status = app.get(&format!("/certif/{centre}?statut=finalised")).await;
    assert!(by_status.body.contains("Aucune session ne correspond"));
    // Garbage filters are ignored, not an error.
    let junk = app
        .get(&format!("/certif/{centre}?statut=%00&du=hier&au=x"))
        .await;
    assert_eq!(junk.status, StatusCode::OK);
    // Deleting asks first, then deletes.
    let ask = app
        .get(&format!("/certif/{centre}/sessions/{b}/supprimer"))
        .await;
    assert!(ask.body.contains("data-confirm"));
    let r = app
        .post_with_csrf(&format!("/certif/{centre}/sessions/{b}/supprimer"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .store
            .certification_session(b)
            .await
            .unwrap()
            .is_none()
    );
}

on_both_backends!(an_attacked_session_form_says_what_is_wrong_and_stores_nothing);
async fn an_attacked_session_form_says_what_is_wrong_and_stores_nothing(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Beta", "chef@beta.test").await;
    // A 1 MB value or a NUL byte refuses the whole form (400), nothing stored.
    let huge = "x".repeat(1_000_000);
    let mut fields = session_fields("Site", "2027-01-15");
    fields[1] = ("room", huge.as_str());
    let r = app
        .post_with_csrf(&format!("/certif/{centre}/sessions"), &fields)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let mut fields = session_fields("Site\0nul", "2027-01-15");
    fields[5] = ("description", "a\0b");
    let r = app
        .post_with_csrf(&format!("/certif/{centre}/sessions"), &fields)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Wrong values: every field says what is wrong, next to it and in the summary.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions"),
            &[
                ("site", ""),
                ("room", &"y".repeat(300)),
                ("date", "javascript:alert(1)"),
                ("time", "<script>"),
                ("examiners", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("data-error-summary"));
    assert!(r.body.contains("aria-invalid=\"true\""));
    for field in ["site", "room", "date", "time", "examiners"] {
        assert!(
            r.body.contains(&format!("href=\"#{field}\"")),
            "{field} linked"
        );
        assert!(
            r.body.contains(&format!("id=\"{field}-error\"")),
            "{field} message"
        );
    }
    assert!(!r.body.contains("<script>"), "input is escaped");
    assert!(!r.body.contains("href=\"javascript:"), "never a link");
    let sessions = app
        .db
        .store
        .centre_sessions(centre, &Default::default())
        .await
        .unwrap();
    assert!(sessions.is_empty());
    // Markup in a valid session is shown as text.
    let (session, page) =
        create_session(&app, centre, "<img src=x onerror=alert(1)>", "2027-01-15").await;
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains("&#60;img"), "shown as text");
    let kit = app
        .get(&format!("/certif/{centre}/sessions/{session}/kit"))
        .await;
    assert!(!kit.body.contains("<img src=x"));
}

on_both_backends!(the_attendance_sheet_lists_the_candidates_with_a_signature_column);
async fn the_attendance_sheet_lists_the_candidates_with_a_signature_column(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Gamma", "chef@gamma.test").await;
    let (session, _) = create_session(&app, centre, "Site", "2027-01-15").await;
    let candidate = |birth: &str, first: &str| NewCandidate {
        birth_name: birth.into(),
        first_name: first.into(),
        sex: "F".into(),
        birthdate: "2001-02-03".into(),
        born_in_france: true,
        birth_insee: Some("69123".into()),
        duplicate_key: format!("{birth}|{first}|2001-02-03").to_lowercase(),
        ..Default::default()
    };
    app.db
        .store
        .enrol_candidates(
            centre,
            session,
            &[candidate("Zola", "Émile"), candidate("Aubrac", "Lucie")],
            &[],
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let sheet = app
        .get(&format!("/certif/{centre}/sessions/{session}/emargement"))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    let body = &sheet.body;
    assert!(body.contains("data-attendance-sheet"));
    assert!(body.contains("Feuille d"));
    assert!(body.contains("Signature"));
    let (aubrac, zola) = (body.find("Aubrac").unwrap(), body.find("Zola").unwrap());
    assert!(aubrac < zola, "by birth name");
    assert!(body.contains("03/02/2001"));
    let kit = app
        .get(&format!("/certif/{centre}/sessions/{session}/kit"))
        .await;
    assert!(kit.body.contains("data-access-code"));
    assert!(kit.body.contains("/certif/surveillance"));
}

on_both_backends!(a_member_invited_by_mail_joins_and_the_last_admin_cannot_leave);
async fn a_member_invited_by_mail_joins_and_the_last_admin_cannot_leave(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Delta", "chef@delta.test").await;
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/membres/invitations"),
            &[("email", "nouveau@delta.test"), ("role", "MEMBER")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let members = app.get(&format!("/certif/{centre}/membres")).await;
    assert!(
        members.body.contains("nouveau@delta.test"),
        "pending invitation listed"
    );
    // The last administrator cannot leave.
    let r = app
        .post_with_csrf(&format!("/certif/{centre}/quitter"), &[])
        .await;
    assert_eq!(r.location(), format!("/certif/{centre}/membres"));
    let page = app.get(&r.location()).await;
    assert!(
        page.body.contains("au moins un administrateur"),
        "{}",
        page.body
    );
    // The mail leaves through the job queue with the link.
    app.state.app.run_due_jobs().await.unwrap();
    let mails = app.mails();
    let mail = mails
        .iter()
        .map(|m| m.replace("=\r\n", "").replace("=3D", "="))
        .find(|m| m.contains("nouveau@delta.test"))
        .expect("the invitation mail");
    let start = mail
        .find("/certif/rejoindre?invitation=")
        .expect("link in mail");
    let path: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let path = path.as_str();
    app.sign_up("nouveau@delta.test", "Noé", "Nouveau").await;
    let join = app.get(path).await;
    assert!(join.body.contains("Centre Delta"), "{}", join.body);
    let secret = path.split("invitation=").nth(1).unwrap();
    let r = app
        .post_with_csrf("/certif/rejoindre", &[("invitation", secret)])
        .await;
    assert_eq!(r.location(), format!("/certif/{centre}"));
    let mine = app.get(&format!("/certif/{centre}")).await;
    assert_eq!(mine.status, StatusCode::OK);
    // A plain member cannot invite.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/membres/invitations"),
            &[("email", "x@delta.test"), ("role", "ADMIN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

fn candidate_fields<'a>(birth: &'a str, first: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("birth_name", birth),
        ("first_name", first),
        ("sex", "F"),
        ("birthdate", "2001-02-03"),
        ("born_in_france", "oui"),
        ("birth_insee", "69123"),
        ("convocation_email", "lucie@exemple.test"),
        ("extra_time_percent", "30"),
        ("billing_mode", "FREE"),
    ]
}

on_both_backends!(a_candidate_enrolled_by_form_gets_a_convocation_and_bad_fields_are_named);
async fn a_candidate_enrolled_by_form_gets_a_convocation_and_bad_fields_are_named(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Epsilon", "chef@epsilon.test").await;
    let (session, page) = create_session(&app, centre, "Site", "2027-01-15").await;
    assert!(page.contains("data-enrol-link"));
    let form = app
        .get(&format!(
            "/certif/{centre}/sessions/{session}/candidats/nouveau"
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("name=\"billing_mode\""),
        "a PRO centre bills"
    );
    // Every wrong field is named, nothing is stored.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats"),
            &[
                ("birth_name", ""),
                ("first_name", "<script>alert(1)</script>"),
                ("sex", "X"),
                ("birthdate", "31/02/2001"),
                ("born_in_france", "oui"),
                ("birth_insee", "ABCDE"),
                ("convocation_email", "pas-un-mail"),
                ("extra_time_percent", "150"),
                ("billing_mode", "PREPAID"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "birth_name",
        "sex",
        "birthdate",
        "birth_insee",
        "convocation_email",
        "extra_time_percent",
        "prepayment_code",
    ] {
        assert!(
            r.body.contains(&format!("href=\"#{field}\"")),
            "{field}: {}",
            r.body
        );
    }
    assert!(!r.body.contains("<script>alert"));
    assert!(app.db.store.candidates(session).await.unwrap().is_empty());
    // A good one is enrolled and convoked by mail through the job queue.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats"),
            &candidate_fields("Aubrac", "Lucie"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let enrolled = app.db.store.candidates(session).await.unwrap();
    assert_eq!(enrolled.len(), 1);
    assert_eq!(enrolled[0].extra_time_percent, 30);
    assert_eq!(enrolled[0].billing_mode.as_deref(), Some("FREE"));
    app.state.app.run_due_jobs().await.unwrap();
    let mails: Vec<String> = app
        .mails()
        .into_iter()
        .filter(|m| m.contains("lucie@exemple.test"))
        .collect();
    assert_eq!(mails.len(), 1, "one convocation");
    assert!(mails[0].contains(&session.to_string()), "{}", mails[0]);
    // The same person again is refused, with a message.
    let again = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats"),
            &candidate_fields("AUBRAC", "lucie"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("déjà inscrit"), "{}", again.body);
    assert_eq!(app.db.store.candidates(session).await.unwrap().len(), 1);
}

on_both_backends!(a_candidates_file_reports_every_row_error_and_imports_nothing_until_right);
async fn a_candidates_file_reports_every_row_error_and_imports_nothing_until_right(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Zeta", "chef@zeta.test").await;
    let (session, _) = create_session(&app, centre, "Site", "2027-01-15").await;
    let template = app
        .get(&format!(
            "/certif/{centre}/sessions/{session}/candidats/modele.csv"
        ))
        .await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.body.starts_with('\u{feff}'), "UTF-8 with BOM");
    let header = template
        .body
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert!(header.contains("Nom de naissance;Prénom;"), "{header}");
    assert!(
        header.contains("Tarification"),
        "a PRO centre's template bills"
    );
    let row = |birth: &str, first: &str, sex: &str, date: &str| {
        format!("{birth};{first};{sex};{date};oui;75056;;;;;;;0;non;Gratuite;\n")
    };
    let bad = format!(
        "\u{feff}{header}\n{}{}{}{}",
        row("Zola", "Émile", "M", "02/04/1990"),
        row("", "Sans", "M", "02/04/1990"),
        row("Curie", "Marie", "Z", "31/13/1990"),
        row("ZOLA", "emile", "M", "02/04/1990"),
    );
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats/import"),
            &[("csv", bad.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("data-import-errors"));
    for expected in [
        "Ligne 3",
        "Ligne 4, colonne « Sexe",
        "Ligne 4, colonne « Date de naissance",
        "Ligne 5",
    ] {
        assert!(r.body.contains(expected), "{expected}: {}", r.body);
    }
    assert!(app.db.store.candidates(session).await.unwrap().is_empty());
    let good = format!(
        "\u{feff}{header}\n{}{}",
        row("Zola", "Émile", "M", "02/04/1990"),
        row("Curie", "Marie", "F", "07/11/1967"),
    );
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats/import"),
            &[("csv", good.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.db.store.candidates(session).await.unwrap().len(), 2);
    // The same file again: a duplicate, nothing more.
    let r = app
        .post_with_csrf(
            &format!("/certif/{centre}/sessions/{session}/candidats/import"),
            &[("csv", good.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ligne 2"), "{}", r.body);
    assert_eq!(app.db.store.candidates(session).await.unwrap().len(), 2);
    // Garbage: not UTF-8, NUL bytes, a huge cell.
    for garbage in ["\0\0\0", &"a;".repeat(300_000)] {
        let r = app
            .post_with_csrf(
                &format!("/certif/{centre}/sessions/{session}/candidats/import"),
                &[("csv", garbage)],
            )
            .await;
        assert!(r.status.is_client_error(), "{}", r.status);
    }
    assert_eq!(app.db.store.candidates(session).await.unwrap().len(), 2);
}

on_both_backends!(twenty_imports_of_one_file_at_once_enrol_each_candidate_once);
async fn twenty_imports_of_one_file_at_once_enrol_each_candidate_once(app: TestApp) {
    let (centre, _) = centre_with_admin(&app, "Centre Eta", "chef@eta.test").await;
    let (session, _) = create_session(&app, centre, "Site", "2027-01-15").await;
    let template = acquis_import::candidates::template(OrganizationKind::Pro);
    let header = template.lines().next().unwrap();
    let file = format!(
        "{header}\nZola;Émile;M;02/04/1990;oui;75056;;;;;;;0;non;Gratuite;\nCurie;Marie;F;07/11/1967;non;;;Varsovie;Pologne;;;;0;non;Payante;\n"
    );
    let csrf = app.csrf().await;
    let requests: Vec<_> = (0..20)
        .map(|_| {
            app.form_request(
                &format!("/certif/{centre}/sessions/{session}/candidats/import"),
                &[("csrf", csrf.as_str()), ("csv", file.as_str())],
            )
        })
        .collect();
    let replies = futures::future::join_all(requests.into_iter().map(|r| app.send(r))).await;
    let done = replies
        .iter()
        .filter(|r| r.status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(done, 1, "one import succeeds, the others are duplicates");
    assert!(replies.iter().all(|r| !r.status.is_server_error()));
    assert_eq!(app.db.store.candidates(session).await.unwrap().len(), 2);
}
