//! Per-IP rate limits on the routes an attacker would hammer (sign-in, sign-up, tokens,
//! password resets). Counting is done by `governor`; the key is the peer address.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::WebError;

/// A keyed limiter shared by the sensitive routes.
#[derive(Debug, Clone)]
pub struct AuthLimiter(Arc<DefaultKeyedRateLimiter<IpAddr>>);

impl AuthLimiter {
    /// `per_minute` requests a minute per IP, with bursts of `burst`.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let rate = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        AuthLimiter(Arc::new(RateLimiter::keyed(
            Quota::per_minute(rate).allow_burst(burst),
        )))
    }

    fn check(&self, ip: IpAddr) -> bool {
        self.0.check_key(&ip).is_ok()
    }
}

impl Default for AuthLimiter {
    fn default() -> Self {
        AuthLimiter::new(60, 30)
    }
}

/// Middleware: refuses with 429 past the limit.
pub async fn limit(State(limiter): State<AuthLimiter>, request: Request, next: Next) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if limiter.check(ip) {
        next.run(request).await
    } else {
        WebError::TooManyRequests.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_limit_holds_per_ip() {
        let l = AuthLimiter::new(1, 3);
        let a = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        assert!((0..3).all(|_| l.check(a)));
        assert!(!l.check(a));
        assert!(l.check(b), "another address has its own budget");
    }
}
