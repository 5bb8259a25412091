//! What the use cases need to know about the deployment.

/// Settings of the use-case layer.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The public base URL, for links in mails (no trailing slash).
    pub public_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}
