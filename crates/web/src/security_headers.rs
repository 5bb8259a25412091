//! The security headers of every response, set in one place (a middleware over the whole
//! router) so that no page can forget them:
//!
//! - `Content-Security-Policy`: the site's pages run scripts from `/assets/` only (no inline
//!   script, no `eval`), styles from this site only (no `style=` attribute), plugins never,
//!   and no other site may frame them. A response that set its own policy keeps it: the files
//!   of a content release (`content_files`) carry a sandboxed one, since their simulators run
//!   inline scripts in an opaque origin inside the evaluation page's frame.
//! - `X-Frame-Options: DENY` (the same files say `SAMEORIGIN`), `X-Content-Type-Options:
//!   nosniff`, `Referrer-Policy: same-origin`.
//! - `Strict-Transport-Security` when the cookies are `Secure` (the site is served over HTTPS).
//! - `Cache-Control: no-store` on everything but the static files (`/assets`, `/content`: the
//!   same for everyone, no personal data), which say how they may be cached: pages carry a
//!   visitor's CSRF token or a signed-in person's data, the API answers one caller.
//!
//! It must never loosen a policy a handler chose.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// The site's policy, scripts allowed from `{script_source}` only.
fn site_policy(script_source: &str) -> String {
    format!(
        "default-src 'self'; script-src {script_source}; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Where the pages' scripts may come from: `{host}/assets/` (a CSP host source keeps the
/// page's scheme, so it holds behind an HTTPS proxy as on loopback), or the whole site when
/// the request names no host a policy can spell (an IPv6 literal).
fn script_source(headers: &HeaderMap, uri: &axum::http::Uri) -> String {
    let host = uri.authority().map(|a| a.as_str().to_owned()).or_else(|| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
    });
    match host {
        Some(host) if is_plain_host(&host) => format!("{host}/assets/"),
        _ => "'self'".to_owned(),
    }
}

/// `name(.name)*(:port)?` with letters, digits and hyphens: what a CSP host source accepts.
fn is_plain_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    name_ok && port_ok
}

fn is_static_file(path: &str) -> bool {
    path.starts_with("/assets/") || path.starts_with("/content/")
}

fn set_if_absent(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if !headers.contains_key(&name) {
        headers.insert(name, value);
    }
}

/// Middleware: adds the headers above to the response.
pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let scripts = script_source(request.headers(), request.uri());
    let static_file = is_static_file(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&site_policy(&scripts)) {
        set_if_absent(headers, header::CONTENT_SECURITY_POLICY, policy);
    }
    set_if_absent(
        headers,
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("DENY"),
    );
    set_if_absent(
        headers,
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set_if_absent(
        headers,
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if state.config.secure_cookies {
        set_if_absent(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !static_file || !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_come_from_the_assets_of_the_host_asked() {
        let uri: axum::http::Uri = "/connexion".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::HOST,
            HeaderValue::from_static("acquis.example:8443"),
        );
        assert_eq!(script_source(&headers, &uri), "acquis.example:8443/assets/");
        headers.insert(header::HOST, HeaderValue::from_static("[::1]:8080"));
        assert_eq!(script_source(&headers, &uri), "'self'");
        headers.insert(header::HOST, HeaderValue::from_static("evil; script-src *"));
        assert_eq!(script_source(&headers, &uri), "'self'");
        assert_eq!(script_source(&HeaderMap::new(), &uri), "'self'");
    }
}
