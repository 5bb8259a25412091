//! Organisation use cases through the test kit's actors, on SQLite and PostgreSQL.

use acquis_app::app_scenario;
use acquis_app::organizations::members::Inviter;
use acquis_app::organizations::{OrgError, Role};
use acquis_app::testkit::TestApp;

app_scenario!(an_invitation_and_its_mail_are_recorded_together_and_the_worker_sends_it);
async fn an_invitation_and_its_mail_are_recorded_together_and_the_worker_sends_it(t: TestApp) {
    let founder = t.with_org_admin("Lycée Hugo").await;
    let admin = founder.membership.administration().unwrap();
    let invited = t
        .app
        .invite(
            &admin,
            Inviter {
                name: "Camille Martin",
                locale: "fr",
            },
            "prof@hugo.test",
            Role::Member,
        )
        .await
        .unwrap();
    let queued = t.db.store.jobs(10).await.unwrap();
    assert_eq!(queued.len(), 1, "the mail is queued with the invitation");
    assert!(queued[0].payload.contains("prof@hugo.test"));
    assert!(
        t.mails().is_empty(),
        "nothing leaves before the worker runs"
    );
    assert_eq!(t.app.run_due_jobs().await.unwrap().done, 1);
    let mails = t.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("[fr] invitation"), "{}", mails[0]);
    assert!(invited.link.contains("/orga/rejoindre?invitation="));
}

app_scenario!(a_refused_invitation_queues_no_mail);
async fn a_refused_invitation_queues_no_mail(t: TestApp) {
    let founder = t.with_org_admin("Lycée Sand").await;
    let admin = founder.membership.administration().unwrap();
    let refused = t
        .app
        .invite(
            &admin,
            Inviter {
                name: "Camille Martin",
                locale: "fr",
            },
            "not an email",
            Role::Member,
        )
        .await;
    assert!(
        matches!(refused, Err(OrgError::InvalidEmail)),
        "{refused:?}"
    );
    assert!(t.db.store.jobs(10).await.unwrap().is_empty());
}

app_scenario!(campaigns_built_by_the_kit_get_distinct_codes_of_the_safe_alphabet);
async fn campaigns_built_by_the_kit_get_distinct_codes_of_the_safe_alphabet(t: TestApp) {
    let founder = t.with_org_admin("Université Curie").await;
    let a = t
        .campaign(&founder.membership)
        .titled("Rentrée")
        .create()
        .await;
    let b = t
        .campaign(&founder.membership)
        .titled("Profils")
        .profiles_collection()
        .create()
        .await;
    assert_ne!(a.code, b.code);
    for code in [&a.code, &b.code] {
        assert_eq!(code.len(), 9, "{code}");
        assert!(
            code[..6].chars().all(|c| "BCDFGHJKMPQRTVWXY".contains(c)),
            "{code}"
        );
        assert!(code[6..].chars().all(|c| "2346789".contains(c)), "{code}");
    }
    let listed = t.app.campaigns(&founder.membership).await.unwrap();
    assert_eq!(listed.len(), 2);
}

app_scenario!(the_last_administrator_cannot_leave_through_the_use_case);
async fn the_last_administrator_cannot_leave_through_the_use_case(t: TestApp) {
    let founder = t.with_org_admin("Collège Zola").await;
    let left = t.app.leave(founder.membership.clone()).await;
    assert!(matches!(left, Err(OrgError::LastAdministrator)), "{left:?}");
    let again = t
        .app
        .membership(founder.admin.id, founder.membership.id())
        .await
        .unwrap();
    assert!(again.is_admin(), "still the administrator");
}

app_scenario!(twenty_reminder_rounds_at_once_remind_each_participant_once_a_day);
async fn twenty_reminder_rounds_at_once_remind_each_participant_once_a_day(t: TestApp) {
    let founder = t.with_org_admin("Collège Zola").await;
    let campaign = t.campaign(&founder.membership).create().await;
    for email in ["a@zola.test", "b@zola.test"] {
        let learner = t.learner(email).await;
        let claim = acquis_app::campaigns::Claim::default();
        acquis_app::campaigns::join(&t.app, learner.id, &campaign, None, &claim, "fr")
            .await
            .unwrap();
    }
    let rounds: Vec<_> = (0..20)
        .map(|_| {
            let (app, membership, campaign) =
                (t.app.clone(), founder.membership.clone(), campaign.clone());
            tokio::spawn(async move { app.remind(&membership, &campaign, "fr").await })
        })
        .collect();
    let (mut sent, mut skipped) = (0, 0);
    for round in rounds {
        let done = round.await.unwrap().unwrap();
        sent += done.sent;
        skipped += done.skipped;
    }
    assert_eq!(
        (sent, skipped),
        (2, 38),
        "each participant is reminded once"
    );
    assert_eq!(
        t.db.store.jobs(100).await.unwrap().len(),
        2,
        "two mails queued"
    );
    assert_eq!(
        t.app
            .remind(&founder.membership, &campaign, "fr")
            .await
            .unwrap()
            .sent,
        0,
        "not again within the day"
    );
    t.app.clock().advance(chrono::Duration::hours(25));
    assert_eq!(
        t.app
            .remind(&founder.membership, &campaign, "fr")
            .await
            .unwrap()
            .sent,
        2,
        "again the next day"
    );
}

app_scenario!(an_invitation_is_bound_to_its_address_and_expires_after_seven_days);
async fn an_invitation_is_bound_to_its_address_and_expires_after_seven_days(t: TestApp) {
    let founder = t.with_org_admin("Lycée Curie").await;
    let admin = founder.membership.administration().unwrap();
    let inviter = Inviter {
        name: "Camille Martin",
        locale: "fr",
    };
    let secret_of = |link: &str| link.split("invitation=").nth(1).unwrap().to_owned();
    let invited = t
        .app
        .invite(&admin, inviter, "prof@curie.test", Role::Member)
        .await
        .unwrap();
    let secret = secret_of(&invited.link);
    let intruder = t.learner("autre@curie.test").await;
    assert!(matches!(
        t.app.accept_invitation(&intruder, &secret).await,
        Err(OrgError::InvitationForAnother)
    ));
    let teacher = t.learner("Prof@Curie.test").await;
    t.app
        .accept_invitation(&teacher, &secret)
        .await
        .expect("the invited address accepts");

    let late = t
        .app
        .invite(&admin, inviter, "tard@curie.test", Role::Member)
        .await
        .unwrap();
    let late_secret = secret_of(&late.link);
    let late_teacher = t.learner("tard@curie.test").await;
    t.app
        .clock()
        .advance(chrono::Duration::days(7) + chrono::Duration::minutes(1));
    assert!(t.app.open_invitation(&late_secret).await.unwrap().is_none());
    assert!(matches!(
        t.app.accept_invitation(&late_teacher, &late_secret).await,
        Err(OrgError::NotFound(_))
    ));
}
