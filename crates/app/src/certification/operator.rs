//! The operator's authority over certification (unfinalise, publish, unpublish, revoke).

/// Proof that the caller acts as the platform's operator. Today only the command line (a
/// person with access to the server) hands it out; the operator's portal will hand it out
/// after checking the CERTIF or SUPER_ADMIN role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    by: String,
}

impl Operator {
    /// The person at the server's command line (`acquis certif …`).
    pub fn command_line() -> Operator {
        Operator {
            by: "command line".into(),
        }
    }

    /// Who acts, for the logs.
    pub fn by(&self) -> &str {
        &self.by
    }
}
