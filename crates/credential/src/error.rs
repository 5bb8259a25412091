//! Errors: [`CredentialError`] for issuing and key handling, [`VerifyError`] for verification.

use std::path::PathBuf;

/// A failure while creating, loading or saving keys, or while issuing a credential.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Reading or writing the key file (or its directory) failed.
    #[error("key file {path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The key file exists but its content is not a key ring this crate wrote.
    #[error("key file {path}: {reason}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong (never the key material itself).
        reason: String,
    },
    /// The key file can be read by other users than its owner (Unix mode not 0600).
    #[error("key file {path} has mode {mode:o}; it must be readable by its owner only (chmod 600)")]
    KeyFilePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The base URL cannot be turned into a `did:web` identifier.
    #[error("invalid issuer base URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A status list index beyond the list's length.
    #[error("status list index {index} is out of range (the list holds {len} entries)")]
    StatusIndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The number of entries in the list.
        len: u64,
    },
    /// An `encodedList` that is not multibase base64url of a GZIP bitstring of the minimum size.
    #[error("invalid encoded status list: {0}")]
    StatusListDecode(String),
    /// Serialising JSON failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Why a credential was refused by [`crate::verify()`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Not a compact JWS, or a part that does not decode to what it must be.
    #[error("malformed credential: {0}")]
    Malformed(String),
    /// A JOSE header algorithm other than `EdDSA`, or a header member OB 3.0 does not allow.
    #[error("unsupported JOSE header: {0}")]
    UnsupportedHeader(String),
    /// The `kid` names no key of the issuer's ring (current or retired).
    #[error("unknown signing key {0:?}")]
    UnknownKey(String),
    /// The signature does not match the header and payload under the named key.
    #[error("the signature does not match the credential")]
    BadSignature,
    /// The credential (or its `kid`) names another issuer than this one.
    #[error("issued by {found:?}, not by {expected:?}")]
    WrongIssuer {
        /// This issuer's DID.
        expected: String,
        /// The issuer named by the credential.
        found: String,
    },
    /// The credential is not an Open Badges 3.0 `OpenBadgeCredential` (types, context, claims).
    #[error("not an Open Badges 3.0 credential: {0}")]
    NotOpenBadge(String),
    /// A JWT claim disagrees with the credential member it mirrors (`jti`/`id`, `nbf`/`validFrom`…).
    #[error("JWT claim {0} does not match the credential")]
    ClaimMismatch(&'static str),
    /// `validFrom` (and `nbf`) lie in the future.
    #[error("the credential is not valid yet")]
    NotYetValid,
    /// `validUntil` (and `exp`) lie in the past.
    #[error("the credential has expired")]
    Expired,
    /// The status list marks the credential as revoked.
    #[error("the credential was revoked (status list index {0})")]
    Revoked(u64),
}
