//! Account use cases under attack: the lockout raced by concurrent guesses, locks lifted by a
//! reset or an operator, credentials revoked by a password change; on SQLite and PostgreSQL.

use acquis_app::accounts::{
    self, Lock, SignInError, api_tokens, profile, request_reset, reset_password, sign_in, token,
};
use acquis_app::app_scenario;
use acquis_app::testkit::{PASSWORD, TestApp};
use acquis_core::account::{
    PERMANENT_LOCK_AFTER, Password, TEMPORARY_LOCK_AFTER, TEMPORARY_LOCK_SECONDS,
};
use acquis_core::ids::UserId;
use chrono::Duration;

const WRONG: &str = "Mauvais1pass";

/// The secret of the last reset link mailed (the plain letters print the link).
fn last_reset_secret(t: &TestApp) -> String {
    let mails = t.mails();
    let mail = mails
        .iter()
        .rev()
        .find(|m| m.contains("password reset"))
        .expect("a reset mail");
    // The body may be quoted-printable: soft line breaks and `=3D` for `=`.
    let mail = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = mail.find("jeton=").expect("a link with a token") + "jeton=".len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Whether an issued API token still stands for its account.
async fn token_works(t: &TestApp, issued: &api_tokens::Issued) -> bool {
    api_tokens::user_of(&t.app, &token::hash(&issued.token))
        .await
        .unwrap()
        .is_some()
}

/// Runs the mail queue so the reset mail reaches the outbox.
async fn deliver(t: &TestApp) {
    t.app.run_due_jobs().await.unwrap();
}

/// Fails `n` sign-ins one after the other, moving the clock past each temporary lock.
async fn fail_sequentially(t: &TestApp, email: &str, n: i32) {
    for _ in 0..n {
        let outcome = sign_in(&t.app, email, WRONG).await;
        assert!(matches!(
            outcome,
            Err(SignInError::Invalid | SignInError::Locked(_))
        ));
        if matches!(outcome, Err(SignInError::Locked(Lock::Temporary { .. }))) {
            t.app
                .clock()
                .advance(Duration::seconds(TEMPORARY_LOCK_SECONDS + 1));
        }
    }
}

app_scenario!(sixty_concurrent_wrong_passwords_lock_the_account_after_at_most_ten_checks);
async fn sixty_concurrent_wrong_passwords_lock_the_account_after_at_most_ten_checks(t: TestApp) {
    let user = t.learner("cible@example.org").await;
    let guesses: Vec<_> = (0..60)
        .map(|_| {
            let app = t.app.clone();
            tokio::spawn(async move { sign_in(&app, "cible@example.org", WRONG).await })
        })
        .collect();
    let (mut invalid, mut locked) = (0, 0);
    for guess in guesses {
        match guess.await.unwrap() {
            Err(SignInError::Invalid) => invalid += 1,
            Err(SignInError::Locked(_)) => locked += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    let stored = t.db.store.user(user.id).await.unwrap().unwrap();
    // Every attempt that got its password checked was counted first: the count is the number
    // of hashes checked.
    assert!(
        stored.failed_logins <= TEMPORARY_LOCK_AFTER,
        "{} passwords were checked",
        stored.failed_logins
    );
    assert_eq!(stored.failed_logins, TEMPORARY_LOCK_AFTER);
    assert!(stored.locked_until.is_some(), "the account is locked");
    assert_eq!((invalid, locked), (TEMPORARY_LOCK_AFTER - 1, 60 - invalid));
    assert!(
        matches!(
            sign_in(&t.app, "cible@example.org", PASSWORD).await,
            Err(SignInError::Locked(Lock::Temporary { minutes_left: 15 }))
        ),
        "even the right password waits for the lock to end"
    );
}

app_scenario!(a_right_password_after_failures_signs_in_and_clears_the_count);
async fn a_right_password_after_failures_signs_in_and_clears_the_count(t: TestApp) {
    let user = t.learner("distrait@example.org").await;
    fail_sequentially(&t, "distrait@example.org", TEMPORARY_LOCK_AFTER - 1).await;
    sign_in(&t.app, "distrait@example.org", PASSWORD)
        .await
        .expect("the ninth failure does not lock");
    let stored = t.db.store.user(user.id).await.unwrap().unwrap();
    assert_eq!((stored.failed_logins, stored.locked_until), (0, None));
}

app_scenario!(a_permanent_lock_is_lifted_by_a_completed_password_reset);
async fn a_permanent_lock_is_lifted_by_a_completed_password_reset(t: TestApp) {
    t.learner("bloque@example.org").await;
    fail_sequentially(&t, "bloque@example.org", PERMANENT_LOCK_AFTER).await;
    assert!(matches!(
        sign_in(&t.app, "bloque@example.org", PASSWORD).await,
        Err(SignInError::Locked(Lock::Permanent))
    ));
    t.app.clock().advance(Duration::days(30));
    assert!(
        matches!(
            sign_in(&t.app, "bloque@example.org", PASSWORD).await,
            Err(SignInError::Locked(Lock::Permanent))
        ),
        "a permanent lock does not wear off"
    );
    request_reset(&t.app, "bloque@example.org", "fr")
        .await
        .unwrap();
    deliver(&t).await;
    let secret = last_reset_secret(&t);
    reset_password(&t.app, &secret, "Nouveau2mot")
        .await
        .unwrap();
    sign_in(&t.app, "bloque@example.org", "Nouveau2mot")
        .await
        .expect("the reset lifted the lock");
}

app_scenario!(an_operator_unlocks_an_account_and_the_audit_log_says_so);
async fn an_operator_unlocks_an_account_and_the_audit_log_says_so(t: TestApp) {
    let user = t.learner("support@example.org").await;
    fail_sequentially(&t, "support@example.org", PERMANENT_LOCK_AFTER).await;
    assert!(
        accounts::unlock(
            &t.app,
            &acquis_app::admin::Operator::command_line(),
            "Support@Example.org",
            "test"
        )
        .await
        .unwrap(),
        "there was a lock to lift"
    );
    sign_in(&t.app, "support@example.org", PASSWORD)
        .await
        .expect("unlocked");
    let audit = t.db.store.audit_of_user(user.id).await.unwrap();
    assert!(audit.iter().any(|(action, _)| action == "user.unlocked"));
    assert!(matches!(
        accounts::unlock(
            &t.app,
            &acquis_app::admin::Operator::command_line(),
            "personne@example.org",
            "test"
        )
        .await,
        Err(acquis_app::admin::AdminError::NotFound(_))
    ));
}

app_scenario!(a_password_change_revokes_api_tokens_and_pending_reset_links);
async fn a_password_change_revokes_api_tokens_and_pending_reset_links(t: TestApp) {
    let user = t.learner("prudent@example.org").await;
    let issued = api_tokens::issue(&t.app, "prudent@example.org", PASSWORD)
        .await
        .unwrap();
    request_reset(&t.app, "prudent@example.org", "fr")
        .await
        .unwrap();
    deliver(&t).await;
    let pending = last_reset_secret(&t);
    assert!(accounts::reset_token_valid(&t.app, &pending).await.unwrap());
    let before =
        t.db.store
            .user(user.id)
            .await
            .unwrap()
            .unwrap()
            .credential_epoch;

    let new = Password::parse("Autre3secret").unwrap();
    let epoch = profile::change_password(&t.app, UserId(user.id), &new)
        .await
        .unwrap();

    assert!(epoch > before, "sessions opened before no longer count");
    assert!(!token_works(&t, &issued).await, "the API token is revoked");
    assert!(
        !accounts::reset_token_valid(&t.app, &pending).await.unwrap(),
        "the pending reset link is revoked"
    );
}

app_scenario!(a_reset_revokes_the_other_links_and_tokens_and_is_used_once);
async fn a_reset_revokes_the_other_links_and_tokens_and_is_used_once(t: TestApp) {
    t.learner("oublieux@example.org").await;
    let issued = api_tokens::issue(&t.app, "oublieux@example.org", PASSWORD)
        .await
        .unwrap();
    request_reset(&t.app, "oublieux@example.org", "fr")
        .await
        .unwrap();
    deliver(&t).await;
    let first = last_reset_secret(&t);
    request_reset(&t.app, "oublieux@example.org", "fr")
        .await
        .unwrap();
    deliver(&t).await;
    let second = last_reset_secret(&t);
    assert_ne!(first, second);
    reset_password(&t.app, &second, "Nouveau2mot")
        .await
        .unwrap();
    assert!(!accounts::reset_token_valid(&t.app, &first).await.unwrap());
    assert!(matches!(
        reset_password(&t.app, &second, "Encore4autre").await,
        Err(accounts::ResetError::InvalidToken)
    ));
    assert!(!token_works(&t, &issued).await, "the API token is revoked");
}
