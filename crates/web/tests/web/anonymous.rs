//! Anonymous visitors write nothing: a thousand page views leave the sessions table as it
//! was, yet the visitors' forms (sign-up, sign-in, language) still work with the stateless
//! CSRF cookie, and still refuse a missing or wrong token; a session a visitor does get (a
//! flash message after a password reset) is gone within two hours, a signed-in one lasts
//! seven days. Also the per-address limits on `/compte` password checks and on campaign
//! codes.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};

use crate::common;
use common::world::World;
use common::{TestApp, hidden};

/// A GET from the address `ip` with the cookie header `cookies`.
fn get_from(uri: &str, cookies: &str, ip: [u8; 4]) -> Request<Body> {
    let mut request = Request::builder()
        .uri(uri)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    request
}

/// A form POST from the address `ip` with the browser's cookies.
fn post_from(app: &TestApp, uri: &str, fields: &[(&str, &str)], ip: [u8; 4]) -> Request<Body> {
    let mut request = app.form_request(uri, fields);
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    request
}

on_both_backends!(a_thousand_anonymous_page_views_store_no_session);
async fn a_thousand_anonymous_page_views_store_no_session(app: TestApp) {
    let world = World::build(&app).await;
    let store = &app.db.store;
    let before = store.count_sessions().await.unwrap();
    let pages = [
        "/".to_string(),
        "/connexion".into(),
        "/inscription".into(),
        "/mot-de-passe-oublie".into(),
        "/campagnes".into(),
        format!("/campagnes/{}", world.campaign_code),
        "/mentions-legales".into(),
        "/confidentialite".into(),
        "/accessibilite".into(),
        "/conditions-utilisation".into(),
        format!("/tutos/{}", world.tutorial),
        "/competences".into(),
        "/nulle-part".into(),
    ];
    let mut csrf_cookie = String::new();
    for i in 0..1000usize {
        let uri = &pages[i % pages.len()];
        // Half the visitors come back with the CSRF cookie they were given, half are new.
        let cookies = if i % 2 == 0 {
            csrf_cookie.clone()
        } else {
            String::new()
        };
        let ip = [10, 1, (i / 250) as u8, (i % 250) as u8];
        let r = app.send(get_from(uri, &cookies, ip)).await;
        assert!(
            r.status.is_success() || r.status.is_redirection() || r.status == StatusCode::NOT_FOUND,
            "GET {uri}: {}",
            r.status
        );
        for cookie in r.headers.get_all(header::SET_COOKIE) {
            let cookie = cookie.to_str().unwrap();
            assert!(
                !cookie.starts_with(acquis_web::SESSION_COOKIE),
                "GET {uri} opened a session: {cookie}"
            );
            if let Some(pair) = cookie
                .split(';')
                .next()
                .filter(|p| p.starts_with("acquis_csrf="))
            {
                assert!(
                    cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
                    "{cookie}"
                );
                csrf_cookie = pair.to_string();
            }
        }
    }
    assert!(!csrf_cookie.is_empty(), "visitors get a CSRF cookie");
    assert_eq!(
        store.count_sessions().await.unwrap(),
        before,
        "anonymous page views stored sessions"
    );
}

on_both_backends!(visitors_forms_work_with_the_csrf_cookie_and_refuse_a_wrong_token);
async fn visitors_forms_work_with_the_csrf_cookie_and_refuse_a_wrong_token(app: TestApp) {
    let store = &app.db.store;
    let before = store.count_sessions().await.unwrap();

    // The language switch, anonymously: a cookie, no session.
    let page = app.get("/").await;
    let token = hidden(&page.body, "csrf");
    let r = app
        .post_form(
            "/langue",
            &[("csrf", &token), ("lang", "en"), ("back", "/connexion")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/connexion");
    assert!(app.get("/connexion").await.body.contains("lang=\"en\""));
    let wrong = app
        .post_form("/langue", &[("csrf", "x"), ("lang", "fr"), ("back", "/")])
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(store.count_sessions().await.unwrap(), before);

    // Sign-up: no token, a wrong one, one from another browser are refused; the page's works.
    let fields = |token: &str| {
        vec![
            ("csrf", token.to_string()),
            ("first_name", "Camille".into()),
            ("last_name", "Martin".into()),
            ("email", "camille@example.org".into()),
            ("password", "Motdepasse1".into()),
            ("accept_terms", "1".into()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/inscription", &refs).await
        }
    };
    app.clear_cookies();
    let token = hidden(&app.get("/inscription").await.body, "csrf");
    let mut no_token = fields("");
    no_token.remove(0);
    assert_eq!(post(no_token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(fields("wrong")).await.status, StatusCode::FORBIDDEN);
    let this_browser = app.browser();
    app.clear_cookies();
    assert_eq!(
        post(fields(&token)).await.status,
        StatusCode::FORBIDDEN,
        "a token without its cookie is refused"
    );
    assert!(
        store
            .user_by_email("camille@example.org")
            .await
            .unwrap()
            .is_none()
    );
    app.use_browser(this_browser);
    let r = post(fields(&token)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        store.count_sessions().await.unwrap(),
        before + 1,
        "signing up opens the session"
    );
    assert!(app.get("/competences").await.status.is_success());

    // Sign-in, anonymously, the same way.
    app.clear_cookies();
    let r = app
        .post_form(
            "/connexion",
            &[
                ("csrf", &token),
                ("email", "camille@example.org"),
                ("password", "Motdepasse1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let token = hidden(&app.get("/connexion").await.body, "csrf");
    let r = app
        .post_form(
            "/connexion",
            &[
                ("csrf", &token),
                ("email", "camille@example.org"),
                ("password", "Motdepasse1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.get("/compte")
            .await
            .body
            .contains("camille@example.org")
    );
    // Signed in, forms carry the session's token, and the visitor's one no longer works.
    let signed_in = hidden(&app.get("/compte").await.body, "csrf");
    assert_ne!(signed_in, token);
    let r = app
        .post_form(
            "/compte/nom",
            &[("csrf", &token), ("first_name", "A"), ("last_name", "B")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

on_both_backends!(a_visitor_s_session_expires_within_two_hours_a_signed_in_one_in_seven_days);
async fn a_visitor_s_session_expires_within_two_hours_a_signed_in_one_in_seven_days(app: TestApp) {
    let store = &app.db.store;
    app.sign_up("reste@example.org", "Camille", "Martin").await;
    // Made through the API: no session of its own.
    app.api_learner("oubli@example.org").await;
    app.clear_cookies();
    let token = hidden(&app.get("/mot-de-passe-oublie").await.body, "csrf");
    app.post_form(
        "/mot-de-passe-oublie",
        &[("csrf", &token), ("email", "oubli@example.org")],
    )
    .await;
    let mail = app
        .mails()
        .into_iter()
        .find(|m| m.contains("reinitialiser-mot-de-passe"))
        .expect("the reset mail")
        .replace("=\r\n", "")
        .replace("=3D", "=");
    let start = mail.find("/reinitialiser-mot-de-passe?jeton=").unwrap();
    let link: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let page = app.get(&link).await;
    let before = store.count_sessions().await.unwrap();
    let r = app
        .post_form(
            "/reinitialiser-mot-de-passe",
            &[
                ("csrf", &hidden(&page.body, "csrf")),
                ("jeton", &hidden(&page.body, "jeton")),
                ("password", "Nouveau2motdepasse"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/connexion");
    assert_eq!(
        store.count_sessions().await.unwrap(),
        before + 1,
        "the flash message is kept in a visitor's session"
    );
    let now = chrono::Utc::now();
    let anonymous = acquis_web::ANONYMOUS_TTL + chrono::TimeDelta::minutes(1);
    assert_eq!(
        store.purge_expired_sessions(now + anonymous).await.unwrap(),
        1
    );
    assert_eq!(store.count_sessions().await.unwrap(), before);
    assert!(before >= 1, "the signed-in sessions stay");
    let week = chrono::TimeDelta::days(7) + chrono::TimeDelta::minutes(1);
    assert_eq!(
        store.purge_expired_sessions(now + week).await.unwrap() as i64,
        before
    );
}

on_both_backends!(password_checks_on_the_account_page_are_limited_per_address);
async fn password_checks_on_the_account_page_are_limited_per_address(app: TestApp) {
    app.sign_up("compte@example.org", "Camille", "Martin").await;
    let token = app.csrf().await;
    let attempt = |ip: [u8; 4]| {
        post_from(
            &app,
            "/compte/email",
            &[
                ("csrf", &token),
                ("email", "x@example.org"),
                ("password", "Mauvais1"),
            ],
            ip,
        )
    };
    let mut statuses = Vec::new();
    for _ in 0..80 {
        let status = app.send(attempt([10, 2, 0, 1])).await.status;
        statuses.push(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    let limited = statuses
        .iter()
        .position(|s| *s == StatusCode::TOO_MANY_REQUESTS);
    // A burst of 30, plus what the budget regained (one a second) while they ran.
    assert!(
        limited.is_some_and(|i| i >= 30),
        "no limit on /compte/email: {statuses:?}"
    );
    for uri in ["/compte/mot-de-passe", "/compte/supprimer"] {
        let r = app
            .send(post_from(
                &app,
                uri,
                &[("csrf", &token), ("password", "Mauvais1")],
                [10, 2, 0, 1],
            ))
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{uri}");
    }
    let other = app.send(attempt([10, 2, 0, 2])).await;
    assert_ne!(
        other.status,
        StatusCode::TOO_MANY_REQUESTS,
        "another address is served"
    );
}

on_both_backends!(campaign_code_lookups_are_limited_per_address);
async fn campaign_code_lookups_are_limited_per_address(app: TestApp) {
    let world = World::build(&app).await;
    app.clear_cookies();
    let token = app.csrf().await;
    let cookies = app
        .browser()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let ip = [10, 3, 0, 1];
    let mut statuses = Vec::new();
    for i in 0..70 {
        let r = match i % 2 {
            0 => {
                app.send(get_from("/campagnes/QQQQQQ999", &cookies, ip))
                    .await
            }
            _ => {
                app.send(post_from(
                    &app,
                    "/campagnes",
                    &[("csrf", &token), ("code", "QQQQQQ999")],
                    ip,
                ))
                .await
            }
        };
        statuses.push(r.status);
    }
    let limited = statuses
        .iter()
        .position(|s| *s == StatusCode::TOO_MANY_REQUESTS);
    // A burst of 60, plus what the budget regained (one every two seconds) while they ran.
    assert!(
        limited.is_some_and(|i| (60..65).contains(&i)),
        "a burst of 60 lookups: {statuses:?}"
    );
    let r = app
        .send(get_from(
            &format!("/campagnes/{}", world.campaign_code),
            &cookies,
            ip,
        ))
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even with a right code"
    );
    let r = app
        .send(get_from(
            &format!("/campagnes/{}", world.campaign_code),
            &cookies,
            [10, 3, 0, 2],
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "another address is served");
}
