//! Accounts and inputs under attack, through HTTP: concurrent guesses from many addresses,
//! the lock message, a password change that signs out the other browsers, NUL bytes and
//! oversized inputs refused with a 4xx before anything is stored, wrong API credentials 401.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::common;
use common::TestApp;

/// A token request for `email` from the address `ip`.
fn token_request(email: &str, password: &str, ip: [u8; 4]) -> Request<Body> {
    let mut request = Request::builder()
        .method("POST")
        .uri("/api/v1/token")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"email": email, "password": password}).to_string(),
        ))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    request
}

on_both_backends!(sixty_concurrent_wrong_passwords_from_sixty_addresses_lock_after_ten_checks);
async fn sixty_concurrent_wrong_passwords_from_sixty_addresses_lock_after_ten_checks(app: TestApp) {
    let user = app.sign_up("cible@example.org", "Camille", "Martin").await;
    let app = std::sync::Arc::new(app);
    let guesses: Vec<_> = (0..60u8)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.send(token_request(
                    "cible@example.org",
                    "Mauvais1pass",
                    [10, 0, 0, i],
                ))
                .await
                .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    let unauthorized = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let locked = statuses
        .iter()
        .filter(|s| **s == StatusCode::LOCKED)
        .count();
    assert_eq!(unauthorized + locked, 60, "{statuses:?}");
    assert_eq!(
        unauthorized, 9,
        "nine refusals, then the lock: {statuses:?}"
    );
    let stored = app.db.store.user(user).await.unwrap().unwrap();
    assert!(
        stored.failed_logins <= 10,
        "{} passwords were checked",
        stored.failed_logins
    );
    assert!(stored.locked_until.is_some());
    let right = app
        .send(token_request(
            "cible@example.org",
            "Motdepasse1",
            [10, 0, 1, 1],
        ))
        .await;
    assert_eq!(right.status, StatusCode::LOCKED);
    assert!(
        right.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("password reset"),
        "the lock says what to do: {}",
        right.body
    );
}

on_both_backends!(the_sign_in_page_says_how_long_the_lock_lasts_and_how_to_lift_it);
async fn the_sign_in_page_says_how_long_the_lock_lasts_and_how_to_lift_it(app: TestApp) {
    app.sign_up("bloque@example.org", "Camille", "Martin").await;
    app.clear_cookies();
    let mut last = String::new();
    for _ in 0..10 {
        let r = app
            .post_with_csrf(
                "/connexion",
                &[
                    ("email", "bloque@example.org"),
                    ("password", "Mauvais1pass"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        last = r.body;
    }
    assert!(last.contains("bloqué pendant"), "{last}");
    assert!(last.contains("15"), "{last}");
    assert!(last.contains("réinitialisez votre mot de passe"), "{last}");
}

on_both_backends!(a_password_change_signs_out_the_other_browsers_and_keeps_this_one);
async fn a_password_change_signs_out_the_other_browsers_and_keeps_this_one(app: TestApp) {
    app.sign_up("deux@example.org", "Camille", "Martin").await;
    let first_browser = app.browser();
    app.sign_in("deux@example.org").await;
    let token = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": "deux@example.org", "password": "Motdepasse1"})),
        )
        .await
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.get("/compte").await.status, StatusCode::OK);

    let r = app
        .post_with_csrf(
            "/compte/mot-de-passe",
            &[("current", "Motdepasse1"), ("password", "Nouveau2mot")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/compte").await.status,
        StatusCode::OK,
        "the browser that changed it stays signed in"
    );
    let api = app
        .api("GET", "/api/v1/me/scorecards", Some(&token), None)
        .await;
    assert_eq!(
        api.status,
        StatusCode::UNAUTHORIZED,
        "API tokens are revoked"
    );

    app.use_browser(first_browser);
    let r = app.get("/compte").await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "the other browser is signed out"
    );
    assert!(r.location().starts_with("/connexion"), "{}", r.location());
}

on_both_backends!(the_current_password_asked_on_the_account_page_is_counted_like_sign_in);
async fn the_current_password_asked_on_the_account_page_is_counted_like_sign_in(app: TestApp) {
    let user = app.sign_up("vole@example.org", "Camille", "Martin").await;
    for _ in 0..10 {
        let r = app
            .post_with_csrf(
                "/compte/email",
                &[("email", "pirate@example.org"), ("password", "Devine1pass")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let stored = app.db.store.user(user).await.unwrap().unwrap();
    assert_eq!(stored.failed_logins, 10);
    assert!(
        stored.locked_until.is_some(),
        "guessing on /compte locks too"
    );
    let r = app
        .post_with_csrf(
            "/compte/email",
            &[("email", "pirate@example.org"), ("password", "Motdepasse1")],
        )
        .await;
    assert!(r.body.contains("bloqué"), "{}", r.body);
    let stored = app.db.store.user(user).await.unwrap().unwrap();
    assert_eq!(stored.email, "vole@example.org", "nothing changed");
}

on_both_backends!(text_with_a_nul_byte_is_refused_with_a_4xx_and_nothing_is_stored);
async fn text_with_a_nul_byte_is_refused_with_a_4xx_and_nothing_is_stored(app: TestApp) {
    app.clear_cookies();
    let r = app
        .post_with_csrf(
            "/inscription",
            &[
                ("first_name", "Ca\0mille"),
                ("last_name", "Martin"),
                ("email", "nul@example.org"),
                ("password", "Motdepasse1"),
                ("accept_terms", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        app.db
            .store
            .user_by_email("nul@example.org")
            .await
            .unwrap()
            .is_none()
    );

    app.sign_up("nom@example.org", "Camille", "Martin").await;
    for (uri, fields) in [
        (
            "/compte/nom",
            vec![("first_name", "A\0"), ("last_name", "B")],
        ),
        ("/campagnes", vec![("code", "ABC\0DE")]),
        ("/langue", vec![("lang", "en"), ("back", "/\0")]),
    ] {
        let r = app.post_with_csrf(uri, &fields).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
    }
    let stored = app
        .db
        .store
        .user_by_email("nom@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.first_name, "Camille");

    let r = app
        .api(
            "POST",
            "/api/v1/users",
            None,
            Some(json!({
                "first_name": "Ca\u{0}mille", "last_name": "Martin",
                "email": "nul-api@example.org", "password": "Motdepasse1", "accept_terms": true
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        app.db
            .store
            .user_by_email("nul-api@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

on_both_backends!(a_megabyte_string_is_refused_by_forms_and_the_api);
async fn a_megabyte_string_is_refused_by_forms_and_the_api(app: TestApp) {
    let huge = "a".repeat(1 << 20);
    app.sign_up("long@example.org", "Camille", "Martin").await;
    let r = app
        .post_with_csrf("/compte/nom", &[("first_name", &huge), ("last_name", "B")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(json!({"email": huge, "password": "x"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &r.body[..r.body.len().min(300)]
    );
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
}

on_both_backends!(wrong_api_credentials_answer_401_as_documented);
async fn wrong_api_credentials_answer_401_as_documented(app: TestApp) {
    app.sign_up("api@example.org", "Camille", "Martin").await;
    for (email, password) in [
        ("api@example.org", "Mauvais1pass"),
        ("personne@example.org", "Mauvais1pass"),
    ] {
        let r = app
            .api(
                "POST",
                "/api/v1/token",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "invalid_credentials");
    }
}
