//! Argon2id password hashes, computed off the async runtime (they cost tens of milliseconds).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::WebError;

/// Argon2id hashes in flight at once. Each takes ~19 MiB and tens of milliseconds of one core:
/// unbounded, a burst of sign-ups or sign-ins would take gigabytes and starve other requests.
const CONCURRENT_HASHES: usize = 4;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_HASHES);

/// Hashes a password into a PHC string.
pub async fn hash(password: &str) -> Result<String, WebError> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|_| WebError::Internal("hashing closed"))?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| WebError::Internal("password hashing task failed"))?
    .map_err(|_| WebError::Internal("password hashing failed"))
}

/// Whether `password` matches the PHC string `hash` (false for an empty or malformed hash).
pub async fn verify(hash: &str, password: &str) -> bool {
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    let (hash, password) = (hash.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that timing does not reveal
/// which emails have an account.
pub static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(b"no account has this password", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});
