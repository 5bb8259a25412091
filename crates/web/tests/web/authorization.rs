//! The authorisation matrix: every route of `acquis_web::route_table()`, naming the victim's
//! organisation, learner, campaign, participation and evaluation, called by a visitor, a
//! learner, a member and an administrator of another organisation (POSTs with the caller's
//! valid CSRF token, so what is tested is authorisation, not CSRF). [`expectation`] holds one
//! rule per route; a route it does not name fails the test, so a new route cannot ship
//! without saying who may call it. A refused call answers no 2xx (and redirects nowhere but
//! to sign-in); no answer to anyone shows the victim's names; the victim's things are intact
//! afterwards.

use acquis_web::{Access, Method, RouteInfo};
use axum::http::StatusCode;

use crate::common;
use common::TestApp;
use common::world::{Actor, VICTIM_SECRETS, World};

/// What a caller from outside may get from a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Served (or refused for another reason: a bad form), never a victim's data.
    Open,
    /// Refused: 401, 403 or 404, or sent to sign in.
    Refused,
}

/// Which rule a route follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Anyone may call it.
    Public,
    /// A signed-in person (or token holder), on their own things.
    Own,
    /// It names the victim learner's evaluation or participation: nobody else.
    VictimLearner,
    /// It names the victim organisation or its campaign's results: nobody outside it.
    VictimOrganisation,
    /// It names the victim certification centre or its sessions: nobody outside it (members
    /// of other centres and organisations included).
    VictimCentre,
    /// The operator's portal: no caller here is an operator, so every one is refused (the
    /// roles are walked in `admin_authorization`).
    Operator,
}

fn rule(route: &RouteInfo) -> Option<Rule> {
    use Method::{Get, Post};
    use Rule::*;
    Some(match (route.method, route.path.as_str()) {
        (
            Get,
            "/"
            | "/health"
            | "/assets/{file}"
            | "/content/{release}/{*path}"
            | "/inscription"
            | "/connexion"
            | "/mot-de-passe-oublie"
            | "/reinitialiser-mot-de-passe"
            | "/conditions-utilisation"
            | "/mentions-legales"
            | "/confidentialite"
            | "/accessibilite"
            | "/tutos/{id}"
            | "/campagnes"
            | "/campagnes/{code}"
            | "/api/v1/framework"
            | "/api/v1/openapi.json"
            | "/verification"
            | "/verification/{code}"
            | "/.well-known/did.json"
            | "/credentials/status/1",
        ) => Public,
        (
            Post,
            "/inscription"
            | "/connexion"
            | "/deconnexion"
            | "/mot-de-passe-oublie"
            | "/reinitialiser-mot-de-passe"
            | "/langue"
            | "/campagnes"
            | "/api/v1/users"
            | "/api/v1/token"
            | "/api/v1/credentials/verify",
        ) => Public,
        (
            Get,
            "/compte"
            | "/compte/donnees.json"
            | "/competences"
            | "/competences/{code}/remise-a-zero"
            | "/competences/{code}/resultats"
            | "/mes-parcours"
            | "/mes-tutos"
            | "/orga"
            | "/orga/rejoindre"
            | "/certif"
            | "/certif/rejoindre"
            | "/certif/surveillance"
            | "/certification"
            | "/certifications"
            | "/campagnes/{code}/resultats"
            | "/api/v1/me/scorecards",
        ) => Own,
        (
            Post,
            "/compte/nom"
            | "/compte/email"
            | "/compte/mot-de-passe"
            | "/compte/supprimer"
            | "/competences/{code}/evaluation"
            | "/competences/{code}/ameliorer"
            | "/competences/{code}/remise-a-zero"
            | "/tutos/{id}/enregistrer"
            | "/tutos/{id}/retirer"
            | "/orga/rejoindre"
            | "/certif/rejoindre"
            | "/certif/surveillance"
            | "/certification"
            | "/campagnes/{code}/participer"
            | "/campagnes/{code}/partager"
            | "/api/v1/competence-evaluations"
            | "/api/v1/campaigns/{campaign}/participations"
            | "/api/v1/certification/candidacies",
        ) => Own,
        (
            Get,
            "/evaluations/{id}"
            | "/evaluations/{id}/point-etape"
            | "/evaluations/{id}/fin"
            | "/evaluations/{id}/pourquoi"
            | "/api/v1/assessments/{id}/next"
            | "/certification/{candidate}"
            | "/certification/{candidate}/etape"
            | "/certification/{candidate}/test"
            | "/certifications/{course}"
            | "/certifications/{course}/certificat.pdf"
            | "/certifications/{course}/badge.json"
            | "/certifications/{course}/pourquoi"
            | "/api/v1/certification/candidacies/{candidate}"
            | "/api/v1/certification/candidacies/{candidate}/question",
        ) => VictimLearner,
        (
            Post,
            "/evaluations/{id}/reponses"
            | "/evaluations/{id}/sortie"
            | "/evaluations/{id}/chrono"
            | "/api/v1/assessments/{id}/answers"
            | "/api/v1/participations/{id}/share"
            | "/certification/{candidate}/consignes"
            | "/certification/{candidate}/code"
            | "/certification/{candidate}/commencer"
            | "/certification/{candidate}/reponse"
            | "/certification/{candidate}/signalement"
            | "/certification/{candidate}/sortie"
            | "/api/v1/certification/candidacies/{candidate}/instructions"
            | "/api/v1/certification/candidacies/{candidate}/access-code"
            | "/api/v1/certification/candidacies/{candidate}/seat"
            | "/api/v1/certification/candidacies/{candidate}/answers"
            | "/api/v1/certification/candidacies/{candidate}/alerts"
            | "/api/v1/certification/candidacies/{candidate}/focus-out",
        ) => VictimLearner,
        (Get, "/api/v1/campaigns/{campaign}/export.csv") => VictimOrganisation,
        (
            Get,
            "/orga/{org}"
            | "/orga/{org}/membres"
            | "/orga/{org}/apprenants"
            | "/orga/{org}/apprenants/modele.csv"
            | "/orga/{org}/apprenants/{learner}"
            | "/orga/{org}/apprenants/{learner}/supprimer"
            | "/orga/{org}/profils-cibles"
            | "/orga/{org}/profils-cibles/nouveau"
            | "/orga/{org}/profils-cibles/{profile}/formations"
            | "/orga/{org}/profils-cibles/{profile}/formations/nouvelle"
            | "/orga/{org}/profils-cibles/{profile}/formations/{training}"
            | "/orga/{org}/campagnes/nouvelle"
            | "/orga/{org}/campagnes/{id}/archiver"
            | "/orga/{org}/campagnes/{id}"
            | "/orga/{org}/campagnes/{id}/relances"
            | "/orga/{org}/campagnes/{id}/analyse"
            | "/orga/{org}/campagnes/{id}/participants/{participation}"
            | "/orga/{org}/campagnes/{id}/export.csv",
        ) => VictimOrganisation,
        (
            Post,
            "/orga/{org}/membres/invitations"
            | "/orga/{org}/membres/invitations/{id}/annuler"
            | "/orga/{org}/membres/{user}/role"
            | "/orga/{org}/membres/{user}/retirer"
            | "/orga/{org}/quitter"
            | "/orga/{org}/apprenants"
            | "/orga/{org}/apprenants/{learner}"
            | "/orga/{org}/apprenants/{learner}/supprimer"
            | "/orga/{org}/profils-cibles"
            | "/orga/{org}/profils-cibles/{profile}/formations"
            | "/orga/{org}/profils-cibles/{profile}/formations/{training}"
            | "/orga/{org}/profils-cibles/{profile}/formations/{training}/supprimer"
            | "/orga/{org}/campagnes"
            | "/orga/{org}/campagnes/{id}/archiver"
            | "/orga/{org}/campagnes/{id}/desarchiver"
            | "/orga/{org}/campagnes/{id}/relances",
        ) => VictimOrganisation,
        (
            Get,
            "/certif/{centre}"
            | "/certif/{centre}/membres"
            | "/certif/{centre}/sessions/nouvelle"
            | "/certif/{centre}/sessions/{session}"
            | "/certif/{centre}/sessions/{session}/modifier"
            | "/certif/{centre}/sessions/{session}/supprimer"
            | "/certif/{centre}/sessions/{session}/candidats/nouveau"
            | "/certif/{centre}/sessions/{session}/candidats/modele.csv"
            | "/certif/{centre}/sessions/{session}/emargement"
            | "/certif/{centre}/sessions/{session}/kit"
            | "/certif/{centre}/sessions/{session}/finalisation"
            | "/certif/{centre}/sessions/{session}/certificats.pdf"
            | "/certif/surveillance/{session}"
            | "/certif/surveillance/{session}/liste"
            | "/certif/surveillance/{session}/flux"
            | "/certif/surveillance/{session}/candidats/{candidate}/terminer",
        ) => VictimCentre,
        (
            Post,
            "/certif/{centre}/membres/invitations"
            | "/certif/{centre}/membres/invitations/{id}/annuler"
            | "/certif/{centre}/membres/{user}/role"
            | "/certif/{centre}/membres/{user}/retirer"
            | "/certif/{centre}/quitter"
            | "/certif/{centre}/sessions"
            | "/certif/{centre}/sessions/{session}/modifier"
            | "/certif/{centre}/sessions/{session}/supprimer"
            | "/certif/{centre}/sessions/{session}/mot-de-passe"
            | "/certif/{centre}/sessions/{session}/candidats"
            | "/certif/{centre}/sessions/{session}/candidats/import"
            | "/certif/{centre}/sessions/{session}/candidats/{candidate}/retirer"
            | "/certif/{centre}/sessions/{session}/finalisation"
            | "/certif/{centre}/sessions/{session}/signalements"
            | "/certif/{centre}/sessions/{session}/signalements/{report}/supprimer"
            | "/certif/surveillance/{session}/candidats/{candidate}/autoriser"
            | "/certif/surveillance/{session}/candidats/{candidate}/terminer"
            | "/certif/surveillance/{session}/alertes/{alert}",
        ) => VictimCentre,
        _ if route.path == "/admin" || route.path.starts_with("/admin/") => Operator,
        _ => return None,
    })
}

/// What `actor` may get from `route`; `None` for a route the matrix does not cover.
fn expectation(route: &RouteInfo, actor: Actor) -> Option<Expect> {
    Some(match (rule(route)?, actor) {
        (Rule::Public, _) => Expect::Open,
        (Rule::Own, Actor::Anonymous) => Expect::Refused,
        (Rule::Own, Actor::Learner | Actor::Member | Actor::Admin | Actor::CentreMember) => {
            Expect::Open
        }
        (
            Rule::VictimLearner | Rule::VictimOrganisation | Rule::VictimCentre | Rule::Operator,
            _,
        ) => Expect::Refused,
    })
}

/// The rule agrees with what the route declares.
fn consistent(route: &RouteInfo, rule: Rule) -> bool {
    match rule {
        Rule::Public => route.access == Access::Public,
        Rule::Own | Rule::VictimLearner => {
            matches!(route.access, Access::SignedIn | Access::Token)
        }
        Rule::VictimOrganisation => {
            matches!(route.access, Access::Member | Access::Admin | Access::Token)
        }
        Rule::VictimCentre => {
            matches!(
                route.access,
                Access::CentreMember | Access::CentreAdmin | Access::Invigilator
            )
        }
        Rule::Operator => matches!(route.access, Access::Operator(_)),
    }
}

fn refused(status: StatusCode, location: &str) -> bool {
    matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ) || (status.is_redirection() && location.starts_with("/connexion"))
}

on_both_backends!(no_route_serves_a_victim_s_things_to_anyone_outside);
async fn no_route_serves_a_victim_s_things_to_anyone_outside(mut app: TestApp) {
    // Every caller shares one address here: a budget large enough that no call is refused
    // for its rate (a 429 would prove nothing about authorisation).
    app.state = acquis_web::AppState::new(
        app.state.app.clone(),
        acquis_web::WebConfig {
            auth_rate_limit_per_minute: 1_000_000,
            ..acquis_web::WebConfig::default()
        },
    );
    let world = World::build(&app).await;
    let mut routes = acquis_web::route_table();
    // Signing out ends the caller's session: last.
    routes.sort_by_key(|r| r.path == "/deconnexion");
    let uncovered: Vec<String> = routes
        .iter()
        .filter(|r| rule(r).is_none())
        .map(|r| format!("{} {}", r.method.as_str(), r.path))
        .collect();
    assert!(
        uncovered.is_empty(),
        "routes with no rule in the authorisation matrix: {uncovered:#?}"
    );
    let mut failures = Vec::new();
    for route in &routes {
        let Some(rule) = rule(route) else { continue };
        assert!(
            consistent(route, rule),
            "{} {} is declared {:?} but the matrix says {rule:?}",
            route.method.as_str(),
            route.path,
            route.access
        );
        for actor in Actor::ALL {
            let Some(expect) = expectation(route, actor) else {
                continue;
            };
            let caller = world.caller(actor).clone();
            let r = app.call_as(&world, &caller, route).await;
            let what = format!(
                "{} {} as {actor:?}: {} {}",
                route.method.as_str(),
                world.concrete(route),
                r.status,
                r.location()
            );
            if r.status.is_server_error() {
                failures.push(format!("{what}: server error {}", r.body));
            }
            if expect == Expect::Refused && !refused(r.status, &r.location()) {
                failures.push(format!("{what}: should be refused"));
            }
            if let Some(secret) = VICTIM_SECRETS.iter().find(|s| r.body.contains(*s)) {
                failures.push(format!("{what}: shows the victim's {secret:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // Nothing of the victim's changed.
    let store = &app.db.store;
    assert_eq!(store.members(world.org).await.unwrap().len(), 1);
    let campaign = store.campaign(world.campaign).await.unwrap().unwrap();
    assert!(campaign.archived_at.is_none());
    assert!(
        store
            .last_reminders(world.campaign)
            .await
            .unwrap()
            .is_empty()
    );
    let learners = store.organization_learners(world.org).await.unwrap();
    assert_eq!(learners.len(), 1);
    assert_eq!(learners[0].first_name, "Victorine");
    assert_eq!(store.campaigns_of(world.org).await.unwrap().len(), 1);
    assert!(
        store
            .training(world.org, world.training)
            .await
            .unwrap()
            .is_some()
    );
    let victim = store.user(world.learner).await.unwrap().unwrap();
    assert_eq!(victim.first_name, "Valentin");
    let centre = acquis_app::testkit::store::Group::Centre(world.centre);
    assert_eq!(store.group_members(centre).await.unwrap().len(), 1);
    let session = store
        .certification_session(world.session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.site, "Site Confidentielle");
    assert_eq!(session.candidate_count, 1);
    assert_eq!(
        store
            .invigilator_hash(world.session)
            .await
            .unwrap()
            .unwrap(),
        "not-a-hash"
    );
}
