//! Argon2id password hashes, computed on a small dedicated pool of threads, one per core.
//!
//! Each hash takes about 19 MiB and tens of milliseconds of one core. On the async runtime's
//! blocking threads (up to 512 of them) a burst of sign-ups left every thread's allocator
//! holding its 19 MiB, and the server's memory grew to gigabytes. A fixed pool bounds both the
//! work in flight and the memory kept (one hash's worth per pool thread); requests beyond that
//! wait in the pool's queue.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};

use std::cell::RefCell;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    self, Output, ParamsString, PasswordHash, PasswordHasher, Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};

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

thread_local! {
    /// This thread's Argon2 working memory, allocated once and reused by every hash: memory
    /// stays at one hash's worth per pool thread, whatever the allocator keeps.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Largest Argon2 memory a stored hash may ask for (1 GiB): a corrupt parameter cannot make
/// the server allocate without bound.
const MAX_BLOCKS: usize = 1 << 20;

/// The raw Argon2 output for `password` with `argon` and `salt`, computed in this thread's
/// reused memory.
fn output(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'_>,
    len: usize,
) -> Result<Output, password_hash::Error> {
    let mut salt_buf = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buf)?;
    let needed = argon.params().block_count();
    if needed > MAX_BLOCKS {
        return Err(password_hash::Error::ParamValueInvalid(
            password_hash::errors::InvalidValue::TooLong,
        ));
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < needed {
            memory.resize(needed, Block::default());
        }
        Output::init_with(len, |out| {
            argon
                .hash_password_into_with_memory(password, salt, out, &mut memory[..])
                .map_err(Into::into)
        })
    })
}

/// A new PHC string (Argon2id, default parameters, random salt) for `password`.
fn new_hash(password: &[u8]) -> Result<String, password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let argon = Argon2::default();
    let hash = output(&argon, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN)?;
    let phc = PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(hash),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the output stored in the PHC string `stored`, with the stored
/// algorithm, version and parameters (compared in constant time).
fn matches(stored: &str, password: &[u8]) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let argon = Argon2::new(algorithm, version, params);
    output(&argon, password, salt, expected.len()).is_ok_and(|computed| computed == expected)
}

/// Hashes a password into a PHC string.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    on_pool(move || new_hash(password.as_bytes()))
        .await?
        .map_err(|_| AppError::Internal("password hashing failed"))
}

/// Whether `password` matches the PHC string `hash` (false for an empty or malformed hash).
pub async fn verify(hash: &str, password: &str) -> bool {
    let (hash, password) = (hash.to_owned(), password.to_owned());
    on_pool(move || matches(&hash, password.as_bytes()))
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
    async fn hashes_are_standard_phc_strings_both_ways() {
        use argon2::PasswordVerifier;
        // Ours verifies with the library's own verifier, and the library's verifies with ours.
        let ours = hash("Motdepasse1").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Motdepasse1", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"Autre-mot2", &salt)
            .unwrap()
            .to_string();
        assert!(verify(&theirs, "Autre-mot2").await);
        assert!(!verify(&theirs, "Autre-mot3").await);
    }

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
