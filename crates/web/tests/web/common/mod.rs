//! The real router on a real database, driven in-process, with a cookie jar.

#![allow(dead_code)]

pub mod world;

use acquis_app::testkit::store::testing::TestDb;
use acquis_app::{App, Clock, Mailer, Parts, Settings};
use acquis_web::{AppState, FluentLetters, WebConfig, router};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The value of the first hidden field `name` in a page (CSRF tokens, challenge ids…).
pub fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in page: {page}"))
        + marker.len();
    page[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The right answer to a challenge, as forms and the API take it.
pub fn right_answer(question: &acquis_core::Question) -> String {
    match question {
        acquis_core::Question::Qcu { solution, .. } => solution.to_string(),
        acquis_core::Question::Qcm { solution, .. } => solution
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
        acquis_core::Question::Qroc { accepted, .. } => accepted[0].clone(),
        acquis_core::Question::QrocmInd { accepted, .. } => {
            let map: serde_json::Map<String, serde_json::Value> = accepted
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::json!(v[0])))
                .collect();
            serde_json::Value::Object(map).to_string()
        }
        acquis_core::Question::QrocmDep { inputs, groups, .. } => {
            let map: serde_json::Map<String, serde_json::Value> = inputs
                .iter()
                .zip(groups)
                .map(|(i, g)| (i.key.clone(), serde_json::json!(g[0])))
                .collect();
            serde_json::Value::Object(map).to_string()
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// The router over a migrated database holding the published starter content.
pub struct TestApp {
    pub db: TestDb,
    pub state: AppState,
    pub outbox: tempfile::TempDir,
    cookies: std::sync::Mutex<Vec<(String, String)>>,
}

impl TestApp {
    pub async fn on(db: TestDb) -> TestApp {
        let content = acquis_content::starter().expect("starter content");
        Self::with_content(db, content).await
    }

    pub async fn with_content(db: TestDb, content: acquis_content::LoadedContent) -> TestApp {
        acquis_app::testkit::import_release(&db, &content).await;
        let live = db.store.live_release().await.unwrap().unwrap();
        let outbox = tempfile::tempdir().unwrap();
        let mailer = Mailer::outbox(outbox.path(), "Acquis <test@acquis.invalid>").unwrap();
        let app = App::new(Parts {
            store: db.store.clone(),
            live: live.into(),
            mailer,
            letters: std::sync::Arc::new(FluentLetters),
            clock: Clock::System,
            settings: Settings::default(),
            keys: acquis_credential::KeyRing::generate(),
        });
        let state = AppState::new(app, WebConfig::default());
        TestApp {
            db,
            state,
            outbox,
            cookies: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let mut jar = self.cookies.lock().unwrap();
        for value in headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, val)) = pair.split_once('=') {
                jar.retain(|(k, _)| k != name);
                let expired = value.to_ascii_lowercase().contains("max-age=0");
                if !expired {
                    jar.push((name.to_owned(), val.to_owned()));
                }
            }
        }
    }

    /// This browser's cookies, to come back to it later (see [`TestApp::use_browser`]).
    pub fn browser(&self) -> Vec<(String, String)> {
        self.cookies.lock().unwrap().clone()
    }

    /// Goes back to a browser saved by [`TestApp::browser`].
    pub fn use_browser(&self, cookies: Vec<(String, String)>) {
        *self.cookies.lock().unwrap() = cookies;
    }

    /// Forgets every cookie (a new browser).
    pub fn clear_cookies(&self) {
        self.cookies.lock().unwrap().clear();
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = router(self.state.clone()).oneshot(request).await.unwrap();
        // As `acquis serve`'s in-process worker would: mail the request queued leaves now (a
        // test that closed the database still gets its reply).
        let _ = self.state.app.run_due_jobs().await;
        let status = response.status();
        let headers = response.headers().clone();
        self.keep_cookies(&headers);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        let request = Request::builder()
            .uri(uri)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// The CSRF token of this browser's session (from any page's forms).
    pub async fn csrf(&self) -> String {
        hidden(&self.get("/").await.body, "csrf")
    }

    /// A form POST carrying the session's CSRF token.
    pub async fn post_with_csrf(&self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf().await;
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(uri, &all).await
    }

    /// Signs up `first last <email>` (password `Motdepasse1`) in a new browser, signed in
    /// afterwards; returns the user's id.
    pub async fn sign_up(&self, email: &str, first: &str, last: &str) -> i64 {
        self.clear_cookies();
        let r = self
            .post_with_csrf(
                "/inscription",
                &[
                    ("first_name", first),
                    ("last_name", last),
                    ("email", email),
                    ("password", "Motdepasse1"),
                    ("accept_terms", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        self.db
            .store
            .user_by_email(email)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// An organisation `name` of `kind` whose administrator `email` signed up (and is signed in
    /// afterwards, in a new browser); returns (organisation id, administrator id).
    pub async fn org_with_admin(
        &self,
        name: &str,
        kind: acquis_core::organization::OrganizationKind,
        email: &str,
    ) -> (i64, i64) {
        let user = self.sign_up(email, "Camille", "Martin").await;
        let store = &self.db.store;
        let org = store
            .create_organization(name, kind, None, chrono::Utc::now())
            .await
            .unwrap();
        store
            .add_member(
                org.id,
                user,
                acquis_core::organization::Role::Admin,
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        (org.id, user)
    }

    /// Signs `email` (password `Motdepasse1`) in, in a new browser.
    pub async fn sign_in(&self, email: &str) {
        self.clear_cookies();
        let r = self
            .post_with_csrf(
                "/connexion",
                &[("email", email), ("password", "Motdepasse1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }

    /// A form POST request with the browser's cookies, to send later (several at once).
    pub fn form_request(&self, uri: &str, fields: &[(&str, &str)]) -> Request<Body> {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap()
    }

    /// A form POST with the browser's cookies.
    pub async fn post_form(&self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// A JSON call with an optional bearer token.
    pub async fn api(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        self.send(request).await
    }

    /// Signs up and gets a token through the API; returns the token.
    pub async fn api_learner(&self, email: &str) -> String {
        let created = self
            .api(
                "POST",
                "/api/v1/users",
                None,
                Some(serde_json::json!({"first_name": "Camille", "last_name": "Martin", "email": email, "password": "Motdepasse1", "accept_terms": true})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let token = self
            .api(
                "POST",
                "/api/v1/token",
                None,
                Some(serde_json::json!({"email": email, "password": "Motdepasse1"})),
            )
            .await;
        assert_eq!(token.status, StatusCode::OK, "{}", token.body);
        token.json()["access_token"].as_str().unwrap().to_owned()
    }

    /// Starts (or resumes) an evaluation of `competence` through the API; returns its id.
    pub async fn api_evaluation(&self, token: &str, competence: &str) -> i64 {
        let r = self
            .api(
                "POST",
                "/api/v1/competence-evaluations",
                Some(token),
                Some(serde_json::json!({ "competence": competence })),
            )
            .await;
        r.json()["assessment_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no assessment id: {}", r.body))
    }

    /// Every mail in the outbox, as text.
    pub fn mails(&self) -> Vec<String> {
        let mut mails: Vec<String> = std::fs::read_dir(self.outbox.path())
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        mails.sort();
        mails
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Defines `sqlite` and `postgres` tests running the same scenario on a fresh app.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = acquis_app::testkit::store::testing::TestDb::sqlite()
                    .await
                    .unwrap();
                super::$name(super::common::TestApp::on(db).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                match acquis_app::testkit::store::testing::TestDb::postgres().await {
                    Some(db) => super::$name(super::common::TestApp::on(db.unwrap()).await).await,
                    None => eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL test skipped"),
                }
            }
        }
    };
}

/// A scenario on SQLite and PostgreSQL with the bundled framework (the starter content has
/// too few competences for a 32-question certification test).
macro_rules! with_bundled_content {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = acquis_app::testkit::store::testing::TestDb::sqlite()
                    .await
                    .unwrap();
                let app =
                    crate::common::TestApp::with_content(db, acquis_content::bundled().unwrap())
                        .await;
                super::$name(app).await;
            }

            #[tokio::test]
            async fn postgres() {
                match acquis_app::testkit::store::testing::TestDb::postgres().await {
                    Some(db) => {
                        let app = crate::common::TestApp::with_content(
                            db.unwrap(),
                            acquis_content::bundled().unwrap(),
                        )
                        .await;
                        super::$name(app).await;
                    }
                    None => {
                        eprintln!("ACQUIS_TEST_DATABASE_URL not set: PostgreSQL scenario skipped")
                    }
                }
            }
        }
    };
}
