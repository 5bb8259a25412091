//! The issuer's Ed25519 keys: the current signing key and the public keys it replaced.
//!
//! The ring is kept in one JSON file (see `docs/credentials.md`), written atomically with
//! Unix mode 0600. The secret key is never printed: [`KeyRing`]'s `Debug` shows key ids and
//! public keys only, and the secret's buffers are wiped on drop.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{SecondsFormat, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::CredentialError;

/// The `format` member of a key file written by this crate.
const FILE_FORMAT: &str = "acquis-credential-keyring/1";

/// A public key that signed credentials before a rotation; it still verifies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiredKey {
    /// The key id: the fragment of its DID URL (`did:web:…#<id>`).
    pub id: String,
    /// The public key.
    pub public: VerifyingKey,
    /// When it was created (RFC 3339).
    pub created: String,
    /// When it stopped signing (RFC 3339).
    pub retired: String,
}

/// The issuer's keys: one current Ed25519 signing key and the retired public keys.
///
/// Key ids are RFC 7638 JWK thumbprints of the public keys, so they are stable and can be
/// recomputed by anyone from the DID document.
pub struct KeyRing {
    current: SigningKey,
    current_id: String,
    current_created: String,
    retired: Vec<RetiredKey>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    current: CurrentKeyFile,
    #[serde(default)]
    retired: Vec<RetiredKeyFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentKeyFile {
    id: String,
    created: String,
    /// base64url of the 32-byte Ed25519 secret key.
    secret: Zeroizing<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetiredKeyFile {
    id: String,
    created: String,
    retired: String,
    /// base64url of the 32-byte Ed25519 public key.
    public: String,
}

impl KeyRing {
    /// A new ring held in memory only, with a fresh random key and no retired key (tests).
    pub fn generate() -> KeyRing {
        let current = SigningKey::generate(&mut rand_core::OsRng);
        KeyRing {
            current_id: key_id(&current.verifying_key()),
            current,
            current_created: now(),
            retired: Vec::new(),
        }
    }

    /// Loads the ring from `path`, or, when the file does not exist, creates a ring with a new
    /// random key and saves it there (mode 0600 on Unix, written to a temporary file then
    /// renamed). A missing parent directory is created with mode 0700.
    ///
    /// On Unix an existing file readable or writable by group or others is refused. The secret
    /// key never appears in an error or a log line.
    pub fn load_or_create(path: &Path) -> Result<KeyRing, CredentialError> {
        match fs::read(path) {
            Ok(bytes) => {
                check_permissions(path)?;
                let bytes = Zeroizing::new(bytes);
                KeyRing::from_file_bytes(path, &bytes)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let ring = KeyRing::generate();
                ring.save(path)?;
                Ok(ring)
            }
            Err(source) => Err(CredentialError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Makes a new random key current. The previous key's public half joins the retired keys,
    /// so credentials it signed still verify; the ring is then saved to `path`.
    ///
    /// The ring in memory is changed only when the file was written.
    pub fn rotate(&mut self, path: &Path) -> Result<(), CredentialError> {
        let next = SigningKey::generate(&mut rand_core::OsRng);
        let mut rotated = KeyRing {
            current_id: key_id(&next.verifying_key()),
            current: next,
            current_created: now(),
            retired: self.retired.clone(),
        };
        rotated.retired.insert(
            0,
            RetiredKey {
                id: self.current_id.clone(),
                public: self.current.verifying_key(),
                created: self.current_created.clone(),
                retired: rotated.current_created.clone(),
            },
        );
        rotated.save(path)?;
        *self = rotated;
        Ok(())
    }

    /// The id of the current signing key (the fragment of its DID URL).
    pub fn current_key_id(&self) -> &str {
        &self.current_id
    }

    /// The current public key.
    pub fn current_public_key(&self) -> VerifyingKey {
        self.current.verifying_key()
    }

    /// The retired public keys, the most recently retired first.
    pub fn retired(&self) -> &[RetiredKey] {
        &self.retired
    }

    /// The public key with this id, current or retired.
    pub fn public_key(&self, id: &str) -> Option<VerifyingKey> {
        if id == self.current_id {
            return Some(self.current.verifying_key());
        }
        self.retired.iter().find(|k| k.id == id).map(|k| k.public)
    }

    /// Every public key of the ring with its id, the current one first.
    pub fn public_keys(&self) -> Vec<(String, VerifyingKey)> {
        let mut keys = vec![(self.current_id.clone(), self.current.verifying_key())];
        keys.extend(self.retired.iter().map(|k| (k.id.clone(), k.public)));
        keys
    }

    /// The current signing key, for [`crate::jwt`] only.
    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.current
    }

    /// Writes the ring to `path`: a temporary file in the same directory (mode 0600 from its
    /// creation on), flushed to disk, then renamed over `path`.
    pub fn save(&self, path: &Path) -> Result<(), CredentialError> {
        let io = |p: &Path| {
            let p = p.to_owned();
            move |source| CredentialError::Io { path: p, source }
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        if !dir.exists() {
            create_private_dir(&dir).map_err(io(&dir))?;
        }
        let file = KeyFile {
            format: FILE_FORMAT.to_owned(),
            current: CurrentKeyFile {
                id: self.current_id.clone(),
                created: self.current_created.clone(),
                secret: Zeroizing::new(URL_SAFE_NO_PAD.encode(self.current.to_bytes())),
            },
            retired: self
                .retired
                .iter()
                .map(|k| RetiredKeyFile {
                    id: k.id.clone(),
                    created: k.created.clone(),
                    retired: k.retired.clone(),
                    public: URL_SAFE_NO_PAD.encode(k.public.as_bytes()),
                })
                .collect(),
        };
        let mut text = Zeroizing::new(serde_json::to_vec_pretty(&file)?);
        text.push(b'\n');

        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "keyring".to_owned());
        let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        let written = (|| -> std::io::Result<()> {
            let mut f = create_private_file(&tmp)?;
            f.write_all(&text)?;
            f.sync_all()?;
            Ok(())
        })();
        if let Err(source) = written {
            let _ = fs::remove_file(&tmp);
            return Err(CredentialError::Io { path: tmp, source });
        }
        if let Err(source) = fs::rename(&tmp, path) {
            let _ = fs::remove_file(&tmp);
            return Err(CredentialError::Io {
                path: path.to_owned(),
                source,
            });
        }
        // Make the rename itself durable; failing to sync a directory is not fatal.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn from_file_bytes(path: &Path, bytes: &[u8]) -> Result<KeyRing, CredentialError> {
        let bad = |reason: &str| CredentialError::KeyFile {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        // The serde error could quote a fragment of the file, so it is not passed on.
        let file: KeyFile =
            serde_json::from_slice(bytes).map_err(|_| bad("not a key ring file (invalid JSON)"))?;
        if file.format != FILE_FORMAT {
            return Err(bad("unknown key ring format"));
        }
        let secret = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(file.current.secret.as_bytes())
                .map_err(|_| bad("the current secret key is not base64url"))?,
        );
        let secret: Zeroizing<[u8; 32]> = Zeroizing::new(
            secret
                .as_slice()
                .try_into()
                .map_err(|_| bad("the current secret key is not 32 bytes long"))?,
        );
        let current = SigningKey::from_bytes(&secret);
        if key_id(&current.verifying_key()) != file.current.id {
            return Err(bad("the current key id does not match its key"));
        }
        let mut retired = Vec::with_capacity(file.retired.len());
        for k in file.retired {
            let raw = URL_SAFE_NO_PAD
                .decode(k.public.as_bytes())
                .map_err(|_| bad("a retired public key is not base64url"))?;
            let raw: [u8; 32] = raw
                .as_slice()
                .try_into()
                .map_err(|_| bad("a retired public key is not 32 bytes long"))?;
            let public = VerifyingKey::from_bytes(&raw)
                .map_err(|_| bad("a retired public key is not an Ed25519 point"))?;
            if key_id(&public) != k.id {
                return Err(bad("a retired key id does not match its key"));
            }
            retired.push(RetiredKey {
                id: k.id,
                public,
                created: k.created,
                retired: k.retired,
            });
        }
        Ok(KeyRing {
            current,
            current_id: file.current.id,
            current_created: file.current.created,
            retired,
        })
    }
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let retired: Vec<&str> = self.retired.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("KeyRing")
            .field("current_key_id", &self.current_id)
            .field("secret_key", &"<redacted>")
            .field("retired_key_ids", &retired)
            .finish()
    }
}

/// The public JWK (RFC 8037 `OKP`/`Ed25519`) of a public key.
pub fn public_jwk(key: &VerifyingKey) -> serde_json::Value {
    serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(key.as_bytes()),
    })
}

/// The key id of a public key: its RFC 7638 JWK thumbprint (SHA-256 of the canonical JWK
/// `{"crv","kty","x"}`, base64url).
pub fn key_id(key: &VerifyingKey) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(key.as_bytes())
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> Result<(), CredentialError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path).map_err(|source| CredentialError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CredentialError::KeyFilePermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path) -> Result<(), CredentialError> {
    Ok(())
}
