//! The route table: every route is declared once, with the method, the path, who may call it
//! and the per-address limit it needs, and the same declaration both registers the handler
//! on an axum `Router` and records a [`RouteInfo`]. axum cannot list its routes; the table
//! can, so tests walk every route of the application (security headers, the authorisation
//! matrix) and a route added here cannot escape them.
//!
//! This module never decides access itself: the handlers' extractors and guards do. [`Access`]
//! is the declared intent, which the tests hold the handlers to.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::auth::rate_limit;

/// Who may call a route, as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone, signed in or not; the page may say more to a signed-in person.
    Public,
    /// A signed-in person, on their own things (a visitor is sent to sign in).
    SignedIn,
    /// A member of the organisation named by `{org}` in the path.
    Member,
    /// An administrator of the organisation named by `{org}` in the path.
    Admin,
    /// A member of the certification centre named by `{centre}` in the path.
    CentreMember,
    /// An administrator of the certification centre named by `{centre}` in the path.
    CentreAdmin,
    /// The invigilator of the session named by `{session}`: a signed-in person whose
    /// browser opened it with its invigilator password.
    Invigilator,
    /// An API caller holding a bearer token.
    Token,
    /// A signed-in operator whose role allows this permission (everyone else: 404 for a
    /// non-operator, 403 for an operator of another role).
    Operator(acquis_app::admin::Permission),
}

/// The HTTP methods the application answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET` (and `HEAD`): reads, never changes anything.
    Get,
    /// `POST`: a form or an API call that may change something.
    Post,
}

impl Method {
    /// The method's name as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Which per-address budget a route spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Password checks and account creation: sign-in, sign-up, tokens, resets, and the
    /// account changes that check the current password.
    Passwords,
    /// Campaign-code lookups: a larger budget, still far below what guessing codes needs.
    CampaignCodes,
    /// Certificate verification-code checks (public, anonymous): a small budget, enough for
    /// a recruiter checking a few certificates, far below what guessing codes needs.
    Verification,
}

/// One route of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// Its method.
    pub method: Method,
    /// Its full path, in axum's syntax (`/orga/{org}/membres`, `/content/{release}/{*path}`).
    pub path: String,
    /// Who may call it.
    pub access: Access,
    /// The per-address budget it spends, if any.
    pub limit: Option<Limit>,
}

struct Entry {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
    body_limit: Option<usize>,
}

/// A set of routes being declared (see the module's documentation).
#[derive(Default)]
pub struct Routes {
    entries: Vec<Entry>,
}

impl Routes {
    /// No route yet.
    pub fn new() -> Self {
        Routes::default()
    }

    fn add(
        mut self,
        method: Method,
        path: &str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        self.entries.push(Entry {
            info: RouteInfo {
                method,
                path: path.to_owned(),
                access,
                limit: None,
            },
            handler,
            body_limit: None,
        });
        self
    }

    /// Declares `GET path` served by `handler`.
    pub fn get<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::Get, path, access, get(handler))
    }

    /// Declares `POST path` served by `handler`.
    pub fn post<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::Post, path, access, post(handler))
    }

    /// The route declared last spends the per-address budget `limit` (429 past it).
    pub fn rate_limited(mut self, limit: Limit) -> Self {
        if let Some(last) = self.entries.last_mut() {
            last.info.limit = Some(limit);
        }
        self
    }

    /// The route declared last reads bodies of up to `bytes` (uploads).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        if let Some(last) = self.entries.last_mut() {
            last.body_limit = Some(bytes);
        }
        self
    }

    /// These routes and `other`'s.
    pub fn merge(mut self, other: Routes) -> Self {
        self.entries.extend(other.entries);
        self
    }

    /// The table of these routes, their paths under `prefix` (`""` for none).
    pub fn table(&self, prefix: &str) -> Vec<RouteInfo> {
        self.entries
            .iter()
            .map(|e| RouteInfo {
                path: format!("{prefix}{}", e.info.path),
                ..e.info.clone()
            })
            .collect()
    }

    /// An axum router serving these routes, each behind its declared limits.
    pub fn into_router(self, state: &AppState) -> Router<AppState> {
        self.entries
            .into_iter()
            .fold(Router::new(), |router, entry| {
                let mut handler = entry.handler;
                if let Some(bytes) = entry.body_limit {
                    handler = handler.layer(DefaultBodyLimit::max(bytes));
                }
                handler = match entry.info.limit {
                    Some(Limit::Passwords) => handler.layer(axum::middleware::from_fn_with_state(
                        state.limiter.clone(),
                        rate_limit::limit,
                    )),
                    Some(Limit::CampaignCodes) => {
                        handler.layer(axum::middleware::from_fn_with_state(
                            state.code_limiter.clone(),
                            rate_limit::limit,
                        ))
                    }
                    Some(Limit::Verification) => {
                        handler.layer(axum::middleware::from_fn_with_state(
                            state.verification_limiter.clone(),
                            rate_limit::limit,
                        ))
                    }
                    None => handler,
                };
                router.route(&entry.info.path, handler)
            })
    }
}
