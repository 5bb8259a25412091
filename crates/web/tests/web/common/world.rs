//! A populated application for the tests that walk every route of `acquis_web::route_table()`:
//! a victim organisation with everything a route can name (member, invitation, learner,
//! target profile, training, campaign, participation) and a victim learner with an
//! evaluation, and four callers from outside: a visitor, a learner, a member and an
//! administrator of another organisation. [`World::concrete`] turns a route's path into a
//! URL naming the victim's things.

use acquis_app::testkit::store::{NewCampaign, NewOrganizationLearner, NewTraining};
use acquis_core::organization::{OrganizationKind, Role};
use acquis_web::RouteInfo;
use axum::http::StatusCode;

use super::TestApp;

/// Texts of the victim's that no caller from outside may ever see.
pub const VICTIM_SECRETS: &[&str] = &[
    "Valentin",
    "Secretan",
    "Victorine",
    "Confidentielle",
    "Gardienne",
    "victime.example",
    "EXT-SECRET-42",
];

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Nobody signed in, no token.
    Anonymous,
    /// A signed-in learner of no organisation.
    Learner,
    /// A member of another organisation.
    Member,
    /// An administrator of another organisation.
    Admin,
    /// An administrator of another certification centre.
    CentreMember,
}

impl Actor {
    /// Every caller.
    pub const ALL: [Actor; 5] = [
        Actor::Anonymous,
        Actor::Learner,
        Actor::Member,
        Actor::Admin,
        Actor::CentreMember,
    ];
}

/// A caller's browser and API token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
    pub token: Option<String>,
}

/// The victim's things and the callers.
#[derive(Debug, Clone)]
pub struct World {
    pub org: i64,
    pub victim_admin: i64,
    pub victim_admin_browser: Vec<(String, String)>,
    pub invitation: i64,
    pub org_learner: i64,
    pub profile: i64,
    pub training: i64,
    pub campaign: i64,
    pub campaign_code: String,
    pub participation: i64,
    pub learner: i64,
    pub assessment: i64,
    /// The challenge the victim's evaluation asks now.
    pub challenge: String,
    pub competence: String,
    pub tutorial: String,
    pub release: i64,
    pub centre: i64,
    pub centre_invitation: i64,
    pub session: i64,
    pub candidate: i64,
    /// The victim learner's certification test (started, nothing answered).
    pub course: i64,
    pub callers: Vec<Caller>,
}

const PASSWORD: &str = "Motdepasse1";

async fn api_token(app: &TestApp, email: &str) -> String {
    let r = app
        .api(
            "POST",
            "/api/v1/token",
            None,
            Some(serde_json::json!({"email": email, "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["access_token"].as_str().unwrap().to_owned()
}

/// Enrols the victim learner in a new session of `centre` and starts their certification test.
async fn victim_course(
    store: &acquis_app::testkit::store::Store,
    centre: i64,
    learner: i64,
    release_id: i64,
) -> i64 {
    use acquis_app::testkit::store::{NewCandidate, NewCourse, NewSession, Seat, SessionChange};
    // Whole seconds: both backends store the authorisation's time exactly.
    let at = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap();
    let session = store
        .create_certification_session(
            centre,
            &NewSession {
                site: "Site Confidentielle".into(),
                room: "Salle 2".into(),
                date: "2027-01-16".into(),
                time: "09:00".into(),
                examiners: "Gardienne".into(),
                description: String::new(),
            },
            "BCDF34",
            "not-a-hash",
            at,
        )
        .await
        .unwrap()
        .id;
    let enrolled = store
        .enrol_candidates(
            centre,
            session,
            &[NewCandidate {
                birth_name: "Secretan".into(),
                first_name: "Valentin".into(),
                sex: "M".into(),
                birthdate: "2007-03-02".into(),
                born_in_france: true,
                birth_insee: Some("75056".into()),
                duplicate_key: "secretan|valentin|2007-03-02".into(),
                ..Default::default()
            }],
            &[],
            at,
        )
        .await
        .unwrap();
    let SessionChange::Done(enrolled) = enrolled else {
        panic!("the victim learner is enrolled");
    };
    assert!(
        store
            .link_candidate(session, enrolled[0], learner, at)
            .await
            .unwrap()
    );
    assert!(
        store
            .authorise_candidate(session, enrolled[0], at)
            .await
            .unwrap()
    );
    let new = NewCourse {
        seed: 7,
        locale: "fr",
        accessible_only: false,
        extra_time_percent: 0,
        settings_version: "v3-2024",
        release_id,
    };
    match store
        .take_seat(session, enrolled[0], learner, at, &new, "victim-seat", at)
        .await
        .unwrap()
    {
        Seat::Started(course) => course,
        other => panic!("the victim's course starts: {other:?}"),
    }
}

impl World {
    /// Builds the world on `app`.
    pub async fn build(app: &TestApp) -> World {
        let store = &app.db.store;
        let now = chrono::Utc::now();
        let live = app.state.live();
        let competence = live.framework.competences()[0].code.clone();
        let tutorial = live.framework.tutorials()[0].id.clone();

        // The victim learner, with an evaluation in progress.
        let created = app
            .api(
                "POST",
                "/api/v1/users",
                None,
                Some(serde_json::json!({"first_name": "Valentin", "last_name": "Secretan", "email": "valentin@victime.example", "password": PASSWORD, "accept_terms": true})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let token = api_token(app, "valentin@victime.example").await;
        let learner = store
            .user_by_email("valentin@victime.example")
            .await
            .unwrap()
            .unwrap()
            .id;
        let assessment = app.api_evaluation(&token, &competence).await;
        let next = app
            .api(
                "GET",
                &format!("/api/v1/assessments/{assessment}/next"),
                Some(&token),
                None,
            )
            .await;
        let challenge = next.json()["challenge"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no challenge: {}", next.body))
            .to_owned();

        // The victim organisation and its things.
        let victim_admin = app
            .sign_up("vera@victime.example", "Vera", "Gardienne")
            .await;
        let victim_admin_browser = app.browser();
        let org = store
            .create_organization("Lycée Cible", OrganizationKind::Sco, None, now)
            .await
            .unwrap();
        store
            .add_member(org.id, victim_admin, Role::Admin, now)
            .await
            .unwrap();
        let invitation = store
            .create_invitation(
                org.id,
                "invite@victime.example",
                Role::Member,
                "hash",
                now,
                &[],
            )
            .await
            .unwrap();
        store
            .import_organization_learners(
                org.id,
                &[NewOrganizationLearner {
                    first_name: "Victorine".into(),
                    last_name: "Confidentielle".into(),
                    attributes: "{}".into(),
                    ..Default::default()
                }],
                now,
            )
            .await
            .unwrap();
        let org_learner = store.organization_learners(org.id).await.unwrap()[0].id;
        let definition = acquis_web::campaigns::ProfileDefinition {
            profile: acquis_core::campaign::TargetProfile::new(vec![
                acquis_core::campaign::TargetItem::Competence {
                    competence: competence.clone(),
                },
            ]),
            stages: None,
            badges: Vec::new(),
        };
        let profile = store
            .create_target_profile(
                org.id,
                "Profil cible",
                "",
                Some(20),
                &definition.to_json(),
                now,
            )
            .await
            .unwrap()
            .id;
        let training = store
            .create_training(
                org.id,
                &NewTraining {
                    title: "Formation",
                    link: "https://example.org/f",
                    duration_minutes: 60,
                    locale: "fr",
                    kind: "webinar",
                    editor: "",
                    triggers: "[]",
                    profiles: &[profile],
                },
                now,
            )
            .await
            .unwrap()
            .id;
        let campaign_code = "BCDFGH234".to_string();
        let campaign = store
            .create_campaign(
                NewCampaign {
                    organization_id: org.id,
                    code: &campaign_code,
                    kind: "ASSESSMENT",
                    target_profile_id: Some(profile),
                    title: "Rentrée",
                    landing_text: "",
                    result_text: "",
                    result_button_text: "",
                    result_button_url: "",
                    external_id_label: Some("Numéro"),
                    external_id_kind: Some("text"),
                    multiple_sendings: false,
                    creator_id: victim_admin,
                },
                now,
            )
            .await
            .unwrap()
            .id;
        let participation = store
            .create_participation(campaign, learner, Some("EXT-SECRET-42"), None, false)
            .await
            .unwrap()
            .id;

        // The victim certification centre, its session and candidate.
        let centre = store
            .create_centre("Centre Cible", OrganizationKind::Pro, None, now)
            .await
            .unwrap()
            .id;
        let centre_group = acquis_app::testkit::store::Group::Centre(centre);
        store
            .add_group_member(centre_group, victim_admin, Role::Admin, now)
            .await
            .unwrap();
        let centre_invitation = store
            .create_group_invitation(
                centre_group,
                "surveillant@victime.example",
                Role::Member,
                "centre-hash",
                now,
                &[],
            )
            .await
            .unwrap();
        let session = store
            .create_certification_session(
                centre,
                &acquis_app::testkit::store::NewSession {
                    site: "Site Confidentielle".into(),
                    room: "Salle 1".into(),
                    date: "2027-01-15".into(),
                    time: "09:00".into(),
                    examiners: "Gardienne".into(),
                    description: String::new(),
                },
                "BCDF23",
                "not-a-hash",
                now,
            )
            .await
            .unwrap()
            .id;
        let candidate = store
            .enrol_candidates(
                centre,
                session,
                &[acquis_app::testkit::store::NewCandidate {
                    birth_name: "Confidentielle".into(),
                    first_name: "Victorine".into(),
                    sex: "F".into(),
                    birthdate: "2008-05-01".into(),
                    born_in_france: true,
                    birth_insee: Some("75056".into()),
                    external_id: Some("EXT-SECRET-42".into()),
                    duplicate_key: "confidentielle|victorine|2008-05-01".into(),
                    ..Default::default()
                }],
                &[],
                now,
            )
            .await
            .unwrap();
        let acquis_app::testkit::store::SessionChange::Done(enrolled) = candidate else {
            panic!("the victim candidate is enrolled");
        };
        let candidate = enrolled[0];

        // A parameter set (every item fixed: nobody answered enough).
        acquis_app::calibration::calibrate(
            &app.state.app,
            &acquis_app::calibration::CalibrationRequest {
                version: Some(
                    acquis_app::calibration::ParameterSetVersion::parse("monde-1").unwrap(),
                ),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        // A certification test of the victim learner, started in a session of its own (for
        // the replay pages).
        let course = victim_course(store, centre, learner, live.release_id).await;

        // The callers from outside.
        let mut callers = Vec::new();
        app.clear_cookies();
        let anonymous_csrf = app.csrf().await;
        callers.push(Caller {
            actor: Actor::Anonymous,
            cookies: app.browser(),
            csrf: anonymous_csrf,
            token: None,
        });
        let other = store
            .create_organization("Autre Lycée", OrganizationKind::Sco, None, now)
            .await
            .unwrap();
        let other_centre = store
            .create_centre("Autre Centre", OrganizationKind::Pro, None, now)
            .await
            .unwrap();
        for (actor, email, role) in [
            (Actor::Learner, "lucien@dehors.example", None),
            (Actor::Member, "mona@dehors.example", Some(Role::Member)),
            (Actor::Admin, "adam@dehors.example", Some(Role::Admin)),
            (Actor::CentreMember, "cleo@dehors.example", None),
        ] {
            let id = app.sign_up(email, "Intrus", "Dehors").await;
            if let Some(role) = role {
                store.add_member(other.id, id, role, now).await.unwrap();
            }
            if actor == Actor::CentreMember {
                store
                    .add_group_member(
                        acquis_app::testkit::store::Group::Centre(other_centre.id),
                        id,
                        Role::Admin,
                        now,
                    )
                    .await
                    .unwrap();
            }
            let csrf = app.csrf().await;
            let cookies = app.browser();
            let token = api_token(app, email).await;
            callers.push(Caller {
                actor,
                cookies,
                csrf,
                token: Some(token),
            });
        }
        app.clear_cookies();
        World {
            org: org.id,
            victim_admin,
            victim_admin_browser,
            invitation,
            org_learner,
            profile,
            training,
            campaign,
            campaign_code,
            participation,
            learner,
            assessment,
            challenge,
            competence,
            tutorial,
            release: live.release_id,
            centre,
            centre_invitation,
            session,
            candidate,
            course,
            callers,
        }
    }

    /// `route`'s path with each `{param}` replaced by the victim's thing it names there;
    /// panics on a parameter it does not know (a new route must say what it names).
    pub fn concrete(&self, route: &RouteInfo) -> String {
        let segments: Vec<&str> = route.path.split('/').collect();
        let mut out = Vec::with_capacity(segments.len());
        for (i, segment) in segments.iter().enumerate() {
            let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                out.push(segment.to_string());
                continue;
            };
            let before = if i > 0 { segments[i - 1] } else { "" };
            let after = segments.get(i + 1).copied().unwrap_or("");
            let value = match (before, param, after) {
                ("orga", "org", _) => self.org.to_string(),
                ("certif", "centre", _) => self.centre.to_string(),
                ("sessions", "session", _) => self.session.to_string(),
                ("candidats", "candidate", _) => self.candidate.to_string(),
                ("certification", "candidate", _) => self.candidate.to_string(),
                ("candidacies", "candidate", _) => self.candidate.to_string(),
                ("surveillance", "session", _) => self.session.to_string(),
                ("alertes", "alert", _) => "1".into(),
                ("signalements", "report", _) => "1".into(),
                // No course of the world's session: the review forms say so on its page.
                ("tests", "course", _) => self.candidate.to_string(),
                ("questions", "number", _) => "1".into(),
                // The victim has no published result: every caller is refused alike.
                ("certifications", "course", "pourquoi") => self.course.to_string(),
                ("certifications", "course", _) => self.candidate.to_string(),
                ("verification", "code", _) => "P-BCDFGHJK".into(),
                ("invitations", "id", _) if route.path.starts_with("/certif/") => {
                    self.centre_invitation.to_string()
                }
                ("invitations", "id", _) => self.invitation.to_string(),
                ("membres", "user", _) => self.victim_admin.to_string(),
                ("operateurs", "user", _) => self.victim_admin.to_string(),
                ("personnes", "user", _) => self.learner.to_string(),
                ("organisations", "org", _) => self.org.to_string(),
                ("centres", "centre", _) => self.centre.to_string(),
                ("calibrage", "version", _) => "monde-1".into(),
                ("tests", "assessment", _) => self.assessment.to_string(),
                ("apprenants", "learner", _) => self.org_learner.to_string(),
                ("profils-cibles", "profile", _) => self.profile.to_string(),
                ("formations", "training", _) => self.training.to_string(),
                ("participants", "participation", _) => self.participation.to_string(),
                ("campagnes", "id", _) => self.campaign.to_string(),
                ("campagnes", "code", _) => self.campaign_code.clone(),
                ("competences", "code", _) => self.competence.clone(),
                ("evaluations", "id", _) => self.assessment.to_string(),
                ("tutos", "id", _) => self.tutorial.clone(),
                ("assessments", "id", _) => self.assessment.to_string(),
                ("participations", "id", _) => self.participation.to_string(),
                ("campaigns", "campaign", "participations") => self.campaign_code.clone(),
                ("campaigns", "campaign", _) => self.campaign.to_string(),
                ("assets", "file", _) => "acquis.css".into(),
                ("content", "release", _) => self.release.to_string(),
                ("epreuves", "challenge", _) => self.challenge.clone(),
                ("contenu", "release", _) => self.release.to_string(),
                (_, "*path", _) => "files/embeds/moteur/index.html".into(),
                _ => panic!(
                    "{} {}: no value for {{{param}}} (add one to World::concrete)",
                    route.method.as_str(),
                    route.path
                ),
            };
            out.push(value);
        }
        out.join("/")
    }

    /// The caller `actor`.
    pub fn caller(&self, actor: Actor) -> &Caller {
        self.callers
            .iter()
            .find(|c| c.actor == actor)
            .expect("every actor has a caller")
    }
}

/// Form fields a POST carries besides its CSRF token: enough for most forms to do something
/// if the route let the caller through.
pub const FORM_FIELDS: &[(&str, &str)] = &[
    ("email", "intrus@dehors.example"),
    ("role", "ADMIN"),
    ("name", "P"),
    ("title", "T"),
    ("kind", "PROFILES_COLLECTION"),
    ("first_name", "Intrus"),
    ("last_name", "Dehors"),
    ("csv", "nom;prénom\nA;B\n"),
    ("action", "skip"),
    ("answer", "x"),
];

impl TestApp {
    /// Calls `route` (made concrete by `world`) as `caller`: in the caller's browser with
    /// its CSRF token for the portals, with its bearer token for the API.
    pub async fn call_as(&self, world: &World, caller: &Caller, route: &RouteInfo) -> super::Reply {
        let uri = world.concrete(route);
        self.use_browser(caller.cookies.clone());
        if uri.starts_with("/api/") {
            let body = match route.method {
                acquis_web::Method::Get => None,
                acquis_web::Method::Post => Some(serde_json::json!({
                    "competence": world.competence,
                    "challenge_id": world.challenge,
                    "value": "x",
                })),
            };
            self.api(route.method.as_str(), &uri, caller.token.as_deref(), body)
                .await
        } else {
            match route.method {
                acquis_web::Method::Get => self.get(&uri).await,
                acquis_web::Method::Post => {
                    let mut fields = vec![
                        ("csrf", caller.csrf.as_str()),
                        ("challenge_id", world.challenge.as_str()),
                    ];
                    fields.extend_from_slice(FORM_FIELDS);
                    self.post_form(&uri, &fields).await
                }
            }
        }
    }
}
