//! Settings of `acquis serve` and friends: defaults, then a TOML file, then `ACQUIS_*`
//! environment variables, then `DATABASE_URL`, then command-line flags — each overriding the
//! previous one.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The file read from the working directory when no `--config` is given.
pub const DEFAULT_CONFIG_FILE: &str = "acquis.toml";

/// Everything the binary can be configured with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on.
    pub bind: String,
    /// `sqlite://FILE` or `postgres://…`.
    pub database_url: String,
    /// `text` or `json` logs.
    pub log_format: String,
    /// Default log filter (overridden by `RUST_LOG`).
    pub log_level: String,
    /// Seconds between checks for a release published elsewhere.
    pub release_poll_seconds: u64,
    /// The public base URL, for links in emails and share links; empty: the address the
    /// server actually listens on (see [`Settings::link_base`]).
    pub public_url: String,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// SMTP relay URL (`smtp://…`, `smtps://…`); empty: mails go to `outbox_dir`.
    pub smtp_url: String,
    /// Sender of outgoing mail.
    pub mail_from: String,
    /// Folder of `.eml` files when no SMTP relay is set.
    pub outbox_dir: String,
    /// Requests a minute per IP on sign-in, sign-up, token and reset routes. Keep the default
    /// for real clients; a loopback load test (`acquis bench`) may raise it.
    pub auth_rate_limit_per_minute: u32,
    /// Seconds a client has to send a request's headers; also how long a kept-alive
    /// connection may wait for its next request. The connection is closed after that.
    pub header_timeout_secs: u64,
    /// Seconds a request has to arrive in full (its body) and be answered; 408 after that.
    pub body_timeout_secs: u64,
    /// Seconds a connection may stay without a byte read or written (a client that stops
    /// reading a response, for one) before it is closed.
    pub idle_timeout_secs: u64,
    /// Most connections served at once; further clients wait to be accepted.
    pub max_connections: usize,
    /// Seconds `acquis serve` waits, on SIGTERM or Ctrl+C, for requests in progress before it
    /// drops the remaining connections and exits.
    pub shutdown_timeout_secs: u64,
    /// The file of the credential signing keys (created with mode 0600 on first start).
    pub issuer_key_file: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://acquis.db".into(),
            log_format: "text".into(),
            log_level: "info".into(),
            release_poll_seconds: 10,
            public_url: String::new(),
            secure_cookies: false,
            smtp_url: String::new(),
            mail_from: "Acquis <ne-pas-repondre@acquis.invalid>".into(),
            outbox_dir: "outbox".into(),
            auth_rate_limit_per_minute: 60,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            idle_timeout_secs: 60,
            max_connections: 1024,
            shutdown_timeout_secs: 8,
            issuer_key_file: "acquis-issuer-key.json".into(),
        }
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    /// `--bind`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    /// `--database-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Settings {
    /// Layers the sources; `config` is an explicit file that must exist.
    pub fn load(config: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config {
            Some(path) => {
                anyhow::ensure!(
                    path.is_file(),
                    "configuration file {} not found",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None => {
                let default = PathBuf::from(DEFAULT_CONFIG_FILE);
                if default.is_file() {
                    figment = figment.merge(Toml::file(default));
                }
            }
        }
        figment = figment.merge(Env::prefixed("ACQUIS_").ignore(&["TEST_DATABASE_URL"]));
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.is_empty()
        {
            figment = figment.merge(Serialized::default("database_url", url));
        }
        figment = figment.merge(Serialized::defaults(overrides));
        figment
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))
    }
}

impl Settings {
    /// The base of every link the server writes (mails, share links), without a trailing
    /// slash: `public_url` when set, else the address it listens on (`bound`, the real one
    /// once bound, so port 0 gives the port chosen), else `bind` as configured. An unspecified
    /// address (`0.0.0.0`, `::`) is written as loopback, which works on the machine itself.
    pub fn link_base(&self, bound: Option<SocketAddr>) -> String {
        let public = self.public_url.trim().trim_end_matches('/');
        if !public.is_empty() {
            return public.to_owned();
        }
        let address = bound.or_else(|| self.bind.parse().ok());
        match address {
            Some(a) => format!("http://{}", reachable(a)),
            None => format!("http://{}", self.bind.trim()),
        }
    }

    /// A warning when `public_url` points at this machine but not at the address the server
    /// listens on (`bound`): links in mails would then lead nowhere. A public name (behind a
    /// reverse proxy) is not checked.
    pub fn public_url_mismatch(&self, bound: SocketAddr) -> Option<String> {
        let public = self.public_url.trim().trim_end_matches('/');
        if public.is_empty() {
            return None;
        }
        let (scheme, rest) = public.split_once("://")?;
        let authority = rest.split('/').next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
                match p.parse::<u16>() {
                    Ok(port) => (h, port),
                    Err(_) => (authority, default_port(scheme)),
                }
            }
            _ => (authority, default_port(scheme)),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let local = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified() || ip == bound.ip());
        (local && port != bound.port()).then(|| {
            format!(
                "public_url {public} does not lead to the address the server listens on \
                 (http://{}): links in mails will not work; set public_url to the address \
                 people use, or leave it empty",
                reachable(bound)
            )
        })
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    }
}

/// `a`, with an unspecified address replaced by loopback.
fn reachable(a: SocketAddr) -> SocketAddr {
    match a.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, a.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((Ipv6Addr::LOCALHOST, a.port())),
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(public_url: &str, bind: &str) -> Settings {
        Settings {
            public_url: public_url.into(),
            bind: bind.into(),
            ..Settings::default()
        }
    }

    #[test]
    fn links_follow_the_bound_address_when_no_public_url_is_set() {
        let bound: SocketAddr = "127.0.0.1:43127".parse().unwrap();
        assert_eq!(
            with("", "127.0.0.1:0").link_base(Some(bound)),
            "http://127.0.0.1:43127"
        );
        assert_eq!(
            with("", "0.0.0.0:9000").link_base(None),
            "http://127.0.0.1:9000"
        );
        assert_eq!(with("", "[::]:9000").link_base(None), "http://[::1]:9000");
        assert_eq!(
            with("https://acquis.example/", "127.0.0.1:0").link_base(Some(bound)),
            "https://acquis.example"
        );
    }

    #[test]
    fn a_local_public_url_on_another_port_is_warned_about() {
        let bound: SocketAddr = "0.0.0.0:9000".parse().unwrap();
        assert!(
            with("http://127.0.0.1:8080", "0.0.0.0:9000")
                .public_url_mismatch(bound)
                .is_some_and(|w| w.contains("http://127.0.0.1:9000"))
        );
        assert!(
            with("http://localhost", "")
                .public_url_mismatch(bound)
                .is_some()
        );
        assert!(
            with("http://localhost:9000/", "")
                .public_url_mismatch(bound)
                .is_none()
        );
        assert!(
            with("http://[::1]:9000", "")
                .public_url_mismatch(bound)
                .is_none()
        );
        assert!(
            with("https://acquis.example", "")
                .public_url_mismatch(bound)
                .is_none()
        );
        assert!(with("", "").public_url_mismatch(bound).is_none());
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail closure signature
    fn each_source_overrides_the_previous_one() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "acquis.toml",
                "bind = \"0.0.0.0:9000\"\nlog_format = \"json\"\n",
            )?;
            let s = Settings::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(s.bind, "0.0.0.0:9000");
            assert_eq!(s.database_url, "sqlite://acquis.db");
            jail.set_env("ACQUIS_BIND", "127.0.0.1:9100");
            jail.set_env("ACQUIS_DATABASE_URL", "sqlite://a.db");
            let s = Settings::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(
                (s.bind.as_str(), s.database_url.as_str()),
                ("127.0.0.1:9100", "sqlite://a.db")
            );
            jail.set_env("DATABASE_URL", "postgres://db/acquis");
            let s = Settings::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url, "postgres://db/acquis");
            let flags = Overrides {
                bind: Some("127.0.0.1:1".into()),
                database_url: Some("sqlite://b.db".into()),
            };
            let s = Settings::load(None, &flags).map_err(|e| e.to_string())?;
            assert_eq!(
                (s.bind.as_str(), s.database_url.as_str()),
                ("127.0.0.1:1", "sqlite://b.db")
            );
            assert_eq!(s.log_format, "json");
            Ok(())
        });
    }

    #[test]
    fn a_missing_explicit_file_is_an_error() {
        assert!(
            Settings::load(
                Some(Path::new("/nonexistent/acquis.toml")),
                &Overrides::default()
            )
            .is_err()
        );
    }
}
