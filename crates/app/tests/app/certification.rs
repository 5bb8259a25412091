//! Certification use cases — centres, their members, sessions — through the test kit, on
//! SQLite and PostgreSQL.

use acquis_app::accounts::password;
use acquis_app::app_scenario;
use acquis_app::certification::{
    CertifError, SessionFilter, SessionForm, SessionId, SessionProblem, SessionStatus,
};
use acquis_app::organizations::Role;
use acquis_app::organizations::members::Inviter;
use acquis_app::testkit::TestApp;
use acquis_core::organization::OrganizationKind;

fn form(site: &str) -> SessionForm {
    SessionForm {
        site: site.into(),
        room: "Salle 12".into(),
        date: "2027-01-15".into(),
        time: "09:30".into(),
        examiners: "Alex Durand".into(),
        description: "Session du matin".into(),
    }
}

const INVITER: Inviter<'static> = Inviter {
    name: "Camille Martin",
    locale: "fr",
};

app_scenario!(a_centre_founded_for_an_unknown_email_mails_an_invitation_to_administer);
async fn a_centre_founded_for_an_unknown_email_mails_an_invitation_to_administer(t: TestApp) {
    let founded = t
        .app
        .found_centre(
            "Centre Lumière",
            OrganizationKind::Pro,
            None,
            "chef@lumiere.test",
            "fr",
        )
        .await
        .unwrap();
    let link = founded.invitation_link.expect("an invitation was sent");
    assert!(link.contains("/certif/rejoindre?invitation="), "{link}");
    assert_eq!(t.app.run_due_jobs().await.unwrap().done, 1);
    let mails = t.mails();
    assert!(mails[0].contains("centre invitation"), "{mails:?}");
    // The invited person signs up and accepts: they administer the centre.
    let user = t.learner("chef@lumiere.test").await;
    let secret = link.split("invitation=").nth(1).unwrap();
    let centre = t.app.accept_centre_invitation(&user, secret).await.unwrap();
    let membership = t.app.centre_membership(user.id, centre).await.unwrap();
    assert!(membership.is_admin());
    // The link does not work twice.
    assert!(t.app.accept_centre_invitation(&user, secret).await.is_err());
}

app_scenario!(a_bad_centre_is_refused_and_nothing_is_stored);
async fn a_bad_centre_is_refused_and_nothing_is_stored(t: TestApp) {
    for (name, email) in [
        ("", "a@b.test"),
        ("Nom\0nul", "a@b.test"),
        ("Centre", "pas un mail"),
    ] {
        assert!(
            t.app
                .found_centre(name, OrganizationKind::Sco, None, email, "fr")
                .await
                .is_err(),
            "{name:?} {email:?}"
        );
    }
    assert!(t.db.store.jobs(10).await.unwrap().is_empty());
}

app_scenario!(an_invited_member_joins_and_the_invitation_is_bound_to_its_address);
async fn an_invited_member_joins_and_the_invitation_is_bound_to_its_address(t: TestApp) {
    let c = t
        .with_centre_admin("Centre Alpha", OrganizationKind::Sup)
        .await;
    let admin = c.membership.administration().unwrap();
    let (_, link) = t
        .app
        .invite_to_centre(&admin, INVITER, "membre@alpha.test", Role::Member)
        .await
        .unwrap();
    let secret = link.split("invitation=").nth(1).unwrap();
    let intruder = t.learner("intrus@ailleurs.test").await;
    assert!(matches!(
        t.app.accept_centre_invitation(&intruder, secret).await,
        Err(CertifError::InvitationForAnother)
    ));
    let member = t.learner("membre@alpha.test").await;
    t.app
        .accept_centre_invitation(&member, secret)
        .await
        .unwrap();
    let members = t.app.centre_members(&c.membership).await.unwrap();
    assert_eq!(members.len(), 2);
    let m = t
        .app
        .centre_membership(member.id, c.membership.id())
        .await
        .unwrap();
    assert!(!m.is_admin());
    assert!(matches!(
        m.administration(),
        Err(CertifError::NotAdministrator)
    ));
    // The intruder sees nothing of the centre.
    assert!(matches!(
        t.app
            .centre_membership(intruder.id, c.membership.id())
            .await,
        Err(CertifError::NotFound(_))
    ));
    // A person can belong to several centres: the member is also in a second one.
    let other = t
        .with_centre_admin("Centre Beta", OrganizationKind::Pro)
        .await;
    let other_admin = other.membership.administration().unwrap();
    let (_, link) = t
        .app
        .invite_to_centre(&other_admin, INVITER, "membre@alpha.test", Role::Admin)
        .await
        .unwrap();
    t.app
        .accept_centre_invitation(&member, link.split("invitation=").nth(1).unwrap())
        .await
        .unwrap();
    let mine = t.app.centres_of(member.id).await.unwrap();
    let names: Vec<_> = mine.iter().map(|(c, _)| c.name.as_str()).collect();
    assert_eq!(names, ["Centre Alpha", "Centre Beta"]);
}

app_scenario!(twenty_concurrent_leaves_and_removals_keep_a_centre_administrator);
async fn twenty_concurrent_leaves_and_removals_keep_a_centre_administrator(t: TestApp) {
    let c = t
        .with_centre_admin("Centre Gamma", OrganizationKind::Pro)
        .await;
    let admin = c.membership.administration().unwrap();
    // A second administrator.
    let (_, link) = t
        .app
        .invite_to_centre(&admin, INVITER, "second@gamma.test", Role::Admin)
        .await
        .unwrap();
    let second = t.learner("second@gamma.test").await;
    t.app
        .accept_centre_invitation(&second, link.split("invitation=").nth(1).unwrap())
        .await
        .unwrap();
    let second_admin = t
        .app
        .centre_membership(second.id, c.membership.id())
        .await
        .unwrap()
        .administration()
        .unwrap();
    // 20 requests at once: each administrator removes the other, leaves or demotes itself.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let app = t.app.clone();
        let (me, other) = if i % 2 == 0 {
            (admin.clone(), second.id)
        } else {
            (second_admin.clone(), c.admin.id)
        };
        tasks.push(tokio::spawn(async move {
            match i % 3 {
                0 => app.remove_centre_member(&me, other).await,
                1 => app.leave_centre((*me).clone()).await,
                _ => {
                    app.change_centre_role(&me, me.user_id(), Role::Member)
                        .await
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await.unwrap();
    }
    let members = t.app.centre_members(&c.membership).await.unwrap();
    let admins = members.iter().filter(|m| m.role == Role::Admin).count();
    assert_eq!(admins, 1, "exactly one administrator is left: {members:?}");
}

app_scenario!(a_session_gets_a_safe_code_and_a_password_only_its_hash_remembers);
async fn a_session_gets_a_safe_code_and_a_password_only_its_hash_remembers(t: TestApp) {
    let c = t
        .with_centre_admin("Centre Delta", OrganizationKind::Sco)
        .await;
    let created = t
        .app
        .create_session(&c.membership, &form("Lycée Delta"))
        .await
        .unwrap();
    let code = &created.session.access_code;
    assert_eq!(code.len(), 6, "{code}");
    let pw = &created.invigilator_password;
    assert_eq!(pw.chars().count(), 6);
    let distinct: std::collections::HashSet<char> = pw.chars().collect();
    assert_eq!(distinct.len(), 6, "no repeated character in {pw}");
    assert!(
        pw.chars()
            .all(|ch| "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?".contains(ch))
    );
    let hash =
        t.db.store
            .invigilator_hash(created.session.id)
            .await
            .unwrap()
            .unwrap();
    assert!(!hash.contains(pw.as_str()));
    assert!(password::verify(&hash, pw).await);
    assert_eq!(created.session.status(), SessionStatus::Created);
    // Twenty sessions at once: twenty distinct codes.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let app = t.app.clone();
        let m = c.membership.clone();
        tasks.push(tokio::spawn(async move {
            app.create_session(&m, &form(&format!("Site {i}"))).await
        }));
    }
    let mut codes = std::collections::HashSet::new();
    for task in tasks {
        codes.insert(task.await.unwrap().unwrap().session.access_code);
    }
    assert_eq!(codes.len(), 20);
}

app_scenario!(a_bad_session_form_reports_every_problem_and_stores_nothing);
async fn a_bad_session_form_reports_every_problem_and_stores_nothing(t: TestApp) {
    let c = t
        .with_centre_admin("Centre Epsilon", OrganizationKind::Sup)
        .await;
    let bad = SessionForm {
        site: String::new(),
        room: "x".repeat(1_000_000),
        date: "2027-02-30".into(),
        time: "25:00".into(),
        examiners: "A\0B".into(),
        description: String::new(),
    };
    match t.app.create_session(&c.membership, &bad).await {
        Err(CertifError::InvalidSession(problems)) => {
            assert!(problems.len() >= 5, "{problems:?}");
            assert!(problems.iter().any(|(_, p)| *p == SessionProblem::Required));
        }
        other => panic!("{other:?}"),
    }
    let sessions = t
        .app
        .centre_sessions(&c.membership, &SessionFilter::default())
        .await
        .unwrap();
    assert!(sessions.is_empty());
}

app_scenario!(sessions_are_edited_deleted_listed_and_filtered_within_their_centre);
async fn sessions_are_edited_deleted_listed_and_filtered_within_their_centre(t: TestApp) {
    let c = t
        .with_centre_admin("Centre Zeta", OrganizationKind::Pro)
        .await;
    let a = t
        .app
        .create_session(&c.membership, &form("Site A"))
        .await
        .unwrap()
        .session;
    let mut later = form("Site B");
    later.date = "2027-03-01".into();
    let b = t
        .app
        .create_session(&c.membership, &later)
        .await
        .unwrap()
        .session;
    let mut edited = form("Site A bis");
    edited.room = "Amphi".into();
    t.app
        .edit_session(&c.membership, SessionId::from(a.id), &edited)
        .await
        .unwrap();
    let a2 = t
        .app
        .session_of(&c.membership, SessionId::from(a.id))
        .await
        .unwrap();
    assert_eq!(
        (a2.site.as_str(), a2.room.as_str()),
        ("Site A bis", "Amphi")
    );
    let filter = SessionFilter {
        from: Some("2027-02-01".into()),
        ..SessionFilter::default()
    };
    let listed = t.app.centre_sessions(&c.membership, &filter).await.unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [b.id]);
    // Another centre's administrator can neither see nor change these sessions.
    let other = t
        .with_centre_admin("Centre Eta", OrganizationKind::Pro)
        .await;
    for id in [a.id, b.id] {
        let id = SessionId::from(id);
        assert!(matches!(
            t.app.session_of(&other.membership, id).await,
            Err(CertifError::NotFound(_))
        ));
        assert!(
            t.app
                .edit_session(&other.membership, id, &edited)
                .await
                .is_err()
        );
        assert!(t.app.delete_session(&other.membership, id).await.is_err());
    }
    t.app
        .delete_session(&c.membership, SessionId::from(b.id))
        .await
        .unwrap();
    let all = t
        .app
        .centre_sessions(&c.membership, &SessionFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

fn candidate(
    birth: &str,
    first: &str,
    email: &str,
) -> acquis_core::certification::candidate::CandidateForm {
    acquis_core::certification::candidate::CandidateForm {
        birth_name: birth.into(),
        first_name: first.into(),
        sex: "M".into(),
        birthdate: "14/07/2004".into(),
        born_in_france: "non".into(),
        birth_city: "Dakar".into(),
        birth_country: "Sénégal".into(),
        convocation_email: email.into(),
        ..Default::default()
    }
}

app_scenario!(an_enrolled_candidate_is_convoked_by_mail_and_enrolled_once_whatever_the_races);
async fn an_enrolled_candidate_is_convoked_by_mail_and_enrolled_once_whatever_the_races(
    t: TestApp,
) {
    let c = t
        .with_centre_admin("Lycée Senghor", OrganizationKind::Sco)
        .await;
    let session = t
        .app
        .create_session(&c.membership, &form("Lycée"))
        .await
        .unwrap()
        .session;
    let id = SessionId::from(session.id);
    // A school gives no billing mode.
    let mut billed = candidate("Diop", "Awa", "");
    billed.billing_mode = "Payante".into();
    assert!(matches!(
        t.app
            .enrol_candidate(&c.membership, id, &billed, "fr")
            .await,
        Err(CertifError::InvalidCandidate(_))
    ));
    // Twenty enrolments of the same person at once: one candidate, one convocation.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let app = t.app.clone();
        let m = c.membership.clone();
        tasks.push(tokio::spawn(async move {
            app.enrol_candidate(
                &m,
                id,
                &candidate("Sow", "Amadou", "amadou@exemple.test"),
                "fr",
            )
            .await
        }));
    }
    let mut done = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => done += 1,
            Err(CertifError::DuplicateCandidate(0)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(done, 1);
    let enrolled = t.app.session_candidates(&c.membership, id).await.unwrap();
    assert_eq!(enrolled.len(), 1);
    assert_eq!(enrolled[0].birth_country.as_deref(), Some("Sénégal"));
    assert_eq!(enrolled[0].birthdate, "2004-07-14");
    t.app.run_due_jobs().await.unwrap();
    let mails = t.mails();
    assert_eq!(
        mails.iter().filter(|m| m.contains("convocation")).count(),
        1,
        "{mails:?}"
    );
    // Without an address, no mail.
    t.app
        .enrol_candidate(&c.membership, id, &candidate("Ba", "Khady", ""), "fr")
        .await
        .unwrap();
    assert!(
        t.db.store
            .jobs(10)
            .await
            .unwrap()
            .iter()
            .all(|j| !j.payload.contains("Khady"))
    );
    // Another centre cannot enrol here.
    let other = t
        .with_centre_admin("Centre Autre", OrganizationKind::Pro)
        .await;
    assert!(matches!(
        t.app
            .enrol_candidate(&other.membership, id, &candidate("X", "Y", ""), "fr")
            .await,
        Err(CertifError::NotFound(_))
    ));
}
