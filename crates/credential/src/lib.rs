//! Acquis certificates as signed Open Badges 3.0 credentials.
//!
//! Each validated certificate is also issued as an `OpenBadgeCredential` (W3C Verifiable
//! Credentials Data Model 2.0) secured as a VC-JWT: a compact JWS signed with EdDSA (Ed25519),
//! following the "JSON Web Token Proof Format" of Open Badges 3.0 (the JWT payload is the
//! credential itself, with the `iss`, `jti` and `nbf` registered claims beside its members).
//!
//! * [`keys`]: the issuer's signing key and its retired public keys ([`KeyRing`]), kept in a file
//!   readable by the owner only.
//! * [`did`]: the issuer's `did:web` identifier and the DID document served at
//!   `/.well-known/did.json`.
//! * [`credential`]: the unsigned credential ([`open_badge_credential`]).
//! * [`jwt`]: compact JWS assembly and parsing; the signature itself is `ed25519-dalek`'s.
//! * [`status_list`]: the Bitstring Status List used for revocation.
//! * [`verify`](mod@verify): checks a credential (signature, key, issuer, dates, revocation).
//!
//! `docs/credentials.md` describes the format, the key file and key rotation.

pub mod credential;
pub mod did;
pub mod error;
pub mod jwt;
pub mod keys;
pub mod status_list;
pub mod verify;

pub use credential::{
    CertificateClaims, CompetenceResult, identity_hash, issue, open_badge_credential,
};
pub use did::{Issuer, did_document, did_web};
pub use error::{CredentialError, VerifyError};
pub use keys::KeyRing;
pub use status_list::{StatusList, status_list_credential};
pub use verify::{Verified, verify, verify_at, verify_status_list_credential};

/// The VC Data Model 2.0 base context, first in every credential's `@context`.
pub const VC_CONTEXT_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The Open Badges 3.0 context (version 3.0.3), second in an `OpenBadgeCredential`'s `@context`.
pub const OB_CONTEXT_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The only JWS algorithm Acquis signs and accepts.
pub const JWS_ALG: &str = "EdDSA";
