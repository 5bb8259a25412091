//! Argon2id password hashes, computed on a small dedicated pool of threads, one per core.
//!
//! Each hash takes about 19 MiB and tens of milliseconds of one core. On the async runtime's
//! blocking threads (up to 512 of them) a burst of sign-ups left every thread's allocator
//! holding its 19 MiB, and the server's memory grew to gigabytes. A fixed pool bounds both the
//! work in flight and the memory kept (one hash's worth per pool thread); requests beyond that
//! wait in the pool's queue.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::AppError;

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue; the threads start on first use.
static POOL: LazyLock<Mutex<Sender<Job>>> = LazyLock::new(|| {
    let (sender, receiver) = channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    for n in 0..threads {
        let receiver = Arc::clone(&receiver);
        let _ = std::thread::Builder::new()
            .name(format!("acquis-hash-{n}"))
            .spawn(move || work(&receiver));
    }
    Mutex::new(sender)
});

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, never while hashing.
        let job = match receiver.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// Runs `f` on the hashing pool and waits for its result without blocking the runtime.
async fn on_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(f());
    });
    POOL.lock()
        .map_err(|_| AppError::Internal("hashing pool poisoned"))?
        .send(job)
        .map_err(|_| AppError::Internal("hashing pool stopped"))?;
    answer
        .await
        .map_err(|_| AppError::Internal("hashing job dropped"))
}

/// Hashes a password into a PHC string.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    on_pool(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|_| AppError::Internal("password hashing failed"))
}

/// Whether `password` matches the PHC string `hash` (false for an empty or malformed hash).
pub async fn verify(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_owned(), password.to_owned());
    on_pool(move || {
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
pub static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(b"no account has this password", &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash("Motdepasse1").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "Motdepasse1").await);
        assert!(!verify(&h, "motdepasse1").await);
        assert!(!verify("", "Motdepasse1").await);
        assert!(!verify("not a hash", "Motdepasse1").await);
    }

    #[tokio::test]
    async fn many_hashes_at_once_all_complete_on_the_pool() {
        let all = (0..12).map(|n| async move { hash(&format!("Motdepasse{n}")).await });
        let hashes = futures_join(all).await;
        assert_eq!(hashes.len(), 12);
        assert!(hashes.iter().all(|h| h.is_ok()));
    }

    /// Awaits every future (a tiny `join_all`, to keep this crate's dependencies few).
    async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let handles: Vec<_> = futures.map(tokio::spawn).collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
    }
}
