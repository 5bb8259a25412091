//! Mail through the job queue: a request never waits on SMTP, and a mail whose sending fails
//! is retried later, never lost.

use acquis_app::jobs::MAX_ATTEMPTS;
use acquis_app::testkit::TestApp;
use acquis_app::{Letter, Mailer, app_scenario};
use chrono::Duration;

fn reset_letter() -> Letter {
    Letter::PasswordReset {
        name: "Ada".into(),
        link: "http://127.0.0.1:8080/reinitialiser-mot-de-passe?jeton=x".into(),
    }
}

app_scenario!(a_letter_is_queued_then_written_by_the_worker);
async fn a_letter_is_queued_then_written_by_the_worker(t: TestApp) {
    t.app
        .send_letter("ada@example.org", "fr", &reset_letter())
        .await
        .unwrap();
    assert!(t.mails().is_empty(), "sending only queues");
    let ran = t.app.run_due_jobs().await.unwrap();
    assert_eq!((ran.done, ran.failed), (1, 0));
    let mails = t.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("ada@example.org"), "{}", mails[0]);
    assert!(mails[0].contains("[fr] password reset"), "{}", mails[0]);
}

app_scenario!(a_mail_the_relay_refuses_is_retried_and_sent_once_it_is_back);
async fn a_mail_the_relay_refuses_is_retried_and_sent_once_it_is_back(t: TestApp) {
    // Nothing listens on port 9 of the loopback: every SMTP attempt fails at once.
    let down =
        t.with_mailer(Mailer::smtp("smtp://127.0.0.1:9", "Acquis <a@acquis.invalid>").unwrap());
    down.send_letter("ada@example.org", "fr", &reset_letter())
        .await
        .unwrap();
    let ran = down.run_due_jobs().await.unwrap();
    assert_eq!((ran.done, ran.failed), (0, 1));
    let queued = t.db.store.jobs(10).await.unwrap();
    assert_eq!(queued.len(), 1, "kept for a retry");
    assert!(queued[0].last_error.is_some());
    assert_eq!(
        down.run_due_jobs().await.unwrap().failed,
        0,
        "not retried before its time"
    );
    // The relay is back (the outbox stands for it) and the retry comes due.
    t.app.clock().advance(Duration::seconds(31));
    let ran = t.app.run_due_jobs().await.unwrap();
    assert_eq!((ran.done, ran.failed), (1, 0));
    assert_eq!(t.mails().len(), 1, "sent once");
    assert!(t.db.store.jobs(10).await.unwrap().is_empty());
}

app_scenario!(a_mail_that_never_leaves_is_kept_as_failed);
async fn a_mail_that_never_leaves_is_kept_as_failed(t: TestApp) {
    let down =
        t.with_mailer(Mailer::smtp("smtp://127.0.0.1:9", "Acquis <a@acquis.invalid>").unwrap());
    down.send_letter("ada@example.org", "fr", &reset_letter())
        .await
        .unwrap();
    for _ in 0..MAX_ATTEMPTS {
        down.run_due_jobs().await.unwrap();
        down.clock().advance(Duration::hours(2));
    }
    let kept = t.db.store.jobs(10).await.unwrap();
    assert_eq!(kept.len(), 1, "never dropped");
    assert_eq!(kept[0].attempts, MAX_ATTEMPTS);
    assert!(
        kept[0].failed_at.is_some(),
        "given up after {MAX_ATTEMPTS} attempts"
    );
    assert!(kept[0].payload.contains("ada@example.org"));
}
