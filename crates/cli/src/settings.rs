//! Settings of `acquis serve` and friends: defaults, then a TOML file, then `ACQUIS_*`
//! environment variables, then `DATABASE_URL`, then command-line flags — each overriding the
//! previous one.

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
    /// The public base URL, for links in emails.
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://acquis.db".into(),
            log_format: "text".into(),
            log_level: "info".into(),
            release_poll_seconds: 10,
            public_url: "http://127.0.0.1:8080".into(),
            secure_cookies: false,
            smtp_url: String::new(),
            mail_from: "Acquis <ne-pas-repondre@acquis.invalid>".into(),
            outbox_dir: "outbox".into(),
            auth_rate_limit_per_minute: 60,
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

#[cfg(test)]
mod tests {
    use super::*;

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
