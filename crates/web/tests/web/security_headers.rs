//! The security headers on every route of `acquis_web::route_table()` (not a hand-made list:
//! a new route is checked the day it is declared), as a visitor and signed in: the site's
//! Content-Security-Policy (scripts from `/assets/` only, no framing) or the content files'
//! sandboxed one, X-Frame-Options, nosniff, the referrer policy, `no-store` on everything but
//! static files, HSTS when the cookies are secure; and no page that the policy would break
//! (inline script, `style=` attribute, `on…=` handler).

use acquis_web::{AppState, Method, RouteInfo, WebConfig};
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common;
use common::world::World;
use common::{Reply, TestApp};

fn header(r: &Reply, name: header::HeaderName) -> &str {
    r.headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn is_static(route: &RouteInfo) -> bool {
    route.path.starts_with("/assets/") || route.path.starts_with("/content/")
}

/// What a page must not hold under the site's policy.
fn inline_code(body: &str) -> Option<&'static str> {
    let lower = body.to_ascii_lowercase();
    if lower
        .match_indices("<script")
        .any(|(i, _)| !lower[i..].split('>').next().unwrap_or("").contains("src="))
    {
        return Some("an inline <script>");
    }
    if lower.contains(" style=") {
        return Some("a style= attribute");
    }
    for handler in [
        " onclick=",
        " onload=",
        " onsubmit=",
        " onchange=",
        " onerror=",
        "javascript:",
    ] {
        if lower.contains(handler) {
            return Some("an inline event handler or javascript: URL");
        }
    }
    None
}

fn check(route: &RouteInfo, who: &str, r: &Reply) {
    let what = format!(
        "{} {} ({who}, {})",
        route.method.as_str(),
        route.path,
        r.status
    );
    assert!(!r.status.is_server_error(), "{what}: {}", r.body);
    let csp = header(r, header::CONTENT_SECURITY_POLICY);
    let frames = header(r, header::X_FRAME_OPTIONS);
    if route.path.starts_with("/content/") && r.status.is_success() {
        assert!(csp.starts_with("sandbox allow-scripts"), "{what}: {csp}");
        assert!(!csp.contains("allow-same-origin"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'self'"), "{what}: {csp}");
        assert_eq!(frames, "SAMEORIGIN", "{what}");
    } else {
        for directive in [
            "default-src 'self'",
            "script-src acquis.test/assets/",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{what}: {directive} missing in {csp:?}"
            );
        }
        assert!(!csp.contains("unsafe"), "{what}: {csp}");
        assert_eq!(frames, "DENY", "{what}");
    }
    assert_eq!(
        header(r, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(r, header::REFERRER_POLICY), "same-origin", "{what}");
    let cache = header(r, header::CACHE_CONTROL);
    if is_static(route) && r.status.is_success() {
        assert!(cache.starts_with("public"), "{what}: {cache}");
    } else {
        assert_eq!(cache, "no-store", "{what}");
    }
    let html = header(r, header::CONTENT_TYPE).starts_with("text/html");
    if html && !route.path.starts_with("/content/") {
        assert_eq!(inline_code(&r.body), None, "{what}: {}", r.body);
    }
}

/// `route` (made concrete) in `cookies`' browser, with `Host: acquis.test`, on `state`.
async fn call(
    app: &TestApp,
    state: &AppState,
    world: &World,
    cookies: &[(String, String)],
    route: &RouteInfo,
) -> Reply {
    let uri = world.concrete(route);
    let cookie = cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let builder = Request::builder()
        .method(route.method.as_str())
        .uri(&uri)
        .header(header::HOST, "acquis.test")
        .header(header::COOKIE, cookie);
    let request = match route.method {
        Method::Get => builder.body(Body::empty()).unwrap(),
        Method::Post => builder
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf=wrong"))
            .unwrap(),
    };
    let response = acquis_web::router(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let _ = app.state.app.run_due_jobs().await;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

on_both_backends!(every_route_answers_with_the_security_headers_as_a_visitor_and_signed_in);
async fn every_route_answers_with_the_security_headers_as_a_visitor_and_signed_in(app: TestApp) {
    let world = World::build(&app).await;
    let routes = acquis_web::route_table();
    assert!(routes.len() > 80, "{} routes", routes.len());
    // The organisation's own administrator reaches the handlers behind every guard.
    let browsers = [
        ("a visitor", Vec::new()),
        ("signed in", world.victim_admin_browser.clone()),
    ];
    for route in &routes {
        for (who, cookies) in &browsers {
            let r = call(&app, &app.state, &world, cookies, route).await;
            check(route, who, &r);
            assert!(
                r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
                "no HSTS over plain HTTP"
            );
        }
    }
    let secure = AppState::new(
        app.state.app.clone(),
        WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        },
    );
    for route in &routes {
        let r = call(&app, &secure, &world, &[], route).await;
        assert!(
            header(&r, header::STRICT_TRANSPORT_SECURITY).starts_with("max-age="),
            "{} {}: no HSTS",
            route.method.as_str(),
            route.path
        );
    }
}
