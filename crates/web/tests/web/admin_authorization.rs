//! The operator roles' matrix, on the server: every `/admin` route of
//! `acquis_web::route_table()` (made concrete on the authorisation matrix's world) called by a
//! signed-in non-operator and by an operator of each role. A role whose permission the route
//! does not cover is refused (403 or 404, never 2xx, never a redirect elsewhere than sign-in);
//! a role it covers is served (no 401, 403 or 5xx). GETs are walked before POSTs, and every
//! refused POST before any allowed one, so a refusal is tested on an intact world.

use acquis_app::admin::{Operator, OperatorRole, Permission, operators};
use acquis_web::{Access, Method, RouteInfo};
use axum::http::StatusCode;

use crate::common;
use common::TestApp;
use common::world::{Actor, Caller, World};

fn refused(status: StatusCode, location: &str) -> bool {
    matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
        || (status.is_redirection() && location.starts_with("/connexion"))
}

/// One call of the walk: a route, the permission it declares, and who calls (`None`: a
/// signed-in non-operator).
type Call<'a> = (
    &'a RouteInfo,
    Permission,
    Option<(OperatorRole, &'a Caller)>,
);

/// The admin routes with the permission each declares.
fn admin_routes() -> Vec<(RouteInfo, Permission)> {
    acquis_web::route_table()
        .into_iter()
        .filter_map(|r| match r.access {
            Access::Operator(p) => Some((r, p)),
            _ => None,
        })
        .collect()
}

on_both_backends!(every_admin_route_holds_to_the_role_matrix);
async fn every_admin_route_holds_to_the_role_matrix(mut app: TestApp) {
    app.state = acquis_web::AppState::new(
        app.state.app.clone(),
        acquis_web::WebConfig {
            auth_rate_limit_per_minute: 1_000_000,
            ..acquis_web::WebConfig::default()
        },
    );
    let world = World::build(&app).await;
    let routes = admin_routes();
    assert!(routes.len() >= 5, "the portal has its routes");
    for route in acquis_web::route_table() {
        if route.path == "/admin" || route.path.starts_with("/admin/") {
            assert!(
                matches!(route.access, Access::Operator(_)),
                "{} {} is under /admin but not declared for operators",
                route.method.as_str(),
                route.path
            );
        }
    }

    // One operator of each role, signed in in their own browser.
    let mut roles: Vec<(OperatorRole, Caller)> = Vec::new();
    for role in OperatorRole::ALL {
        let email = format!("{}@operateur.example", role.as_str().to_lowercase());
        app.clear_cookies();
        app.sign_up(&email, "Opératrice", role.as_str()).await;
        operators::grant(&app.state.app, &Operator::command_line(), &email, *role)
            .await
            .unwrap();
        let csrf = app.csrf().await;
        roles.push((
            *role,
            Caller {
                actor: Actor::Learner,
                cookies: app.browser(),
                csrf,
                token: None,
            },
        ));
    }
    app.clear_cookies();
    let outsider = world.caller(Actor::Learner).clone();

    let mut failures = Vec::new();
    let mut ordered: Vec<Call<'_>> = Vec::new();
    for (route, permission) in &routes {
        ordered.push((route, *permission, None));
        for (role, caller) in &roles {
            ordered.push((route, *permission, Some((*role, caller))));
        }
    }
    // GETs first; among POSTs, the refused ones before the allowed ones.
    ordered.sort_by_key(|(route, permission, who)| {
        let allowed = who.is_some_and(|(role, _)| role.may(*permission));
        (route.method == Method::Post, allowed)
    });
    for (route, permission, who) in ordered {
        let (label, caller, allowed) = match who {
            None => ("non-operator".to_owned(), &outsider, false),
            Some((role, caller)) => (format!("{role}"), caller, role.may(permission)),
        };
        let r = app.call_as(&world, caller, route).await;
        let what = format!(
            "{} {} ({permission:?}) as {label}: {} {}",
            route.method.as_str(),
            world.concrete(route),
            r.status,
            r.location()
        );
        if r.status.is_server_error() {
            failures.push(format!("{what}: server error {}", r.body));
        } else if allowed {
            if matches!(
                r.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            ) || r.location().starts_with("/connexion")
            {
                failures.push(format!("{what}: should be served"));
            }
        } else if !refused(r.status, &r.location()) {
            failures.push(format!("{what}: should be refused"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
