//! The Bitstring Status List (W3C Bitstring Status List v1.0) used to revoke credentials.
//!
//! One bit per credential, the first bit being the most significant bit of the first byte;
//! a set bit means "revoked". The list is published as the `encodedList` of a signed
//! `BitstringStatusListCredential`: multibase base64url (prefix `u`, no padding) of the GZIP of
//! the bitstring.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{SecondsFormat, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::json;

use crate::did::Issuer;
use crate::error::CredentialError;
use crate::keys::KeyRing;

/// The minimum length of a status list, in bits (16 KiB), which the specification sets for
/// group privacy.
pub const MIN_BITS: u64 = 131_072;
/// The largest decoded list [`StatusList::decode`] accepts (16 MiB, 134 million entries).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A revocation bitstring of at least [`MIN_BITS`] entries, all clear when new.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: Vec<u8>,
}

impl std::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusList")
            .field("len", &self.len())
            .field(
                "set",
                &self.bits.iter().map(|b| b.count_ones()).sum::<u32>(),
            )
            .finish()
    }
}

impl Default for StatusList {
    fn default() -> Self {
        StatusList::new()
    }
}

impl StatusList {
    /// A list of [`MIN_BITS`] clear entries.
    pub fn new() -> StatusList {
        StatusList {
            bits: vec![0; (MIN_BITS / 8) as usize],
        }
    }

    /// The number of entries.
    pub fn len(&self) -> u64 {
        self.bits.len() as u64 * 8
    }

    /// Always false: a list has at least [`MIN_BITS`] entries.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Marks entry `index` as revoked.
    pub fn set(&mut self, index: u64) -> Result<(), CredentialError> {
        let (byte, mask) = self.position(index)?;
        self.bits[byte] |= mask;
        Ok(())
    }

    /// Clears entry `index` (a revocation made by mistake).
    pub fn clear(&mut self, index: u64) -> Result<(), CredentialError> {
        let (byte, mask) = self.position(index)?;
        self.bits[byte] &= !mask;
        Ok(())
    }

    /// Whether entry `index` is set; an index beyond the list is not.
    pub fn get(&self, index: u64) -> bool {
        match self.position(index) {
            Ok((byte, mask)) => self.bits[byte] & mask != 0,
            Err(_) => false,
        }
    }

    /// The `encodedList`: `u` + base64url (no padding) of the GZIP-compressed bitstring.
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        let compressed = gz
            .write_all(&self.bits)
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// Reads an `encodedList` as [`StatusList::encode`] writes it. The decoded bitstring must
    /// hold at least [`MIN_BITS`] and at most [`MAX_BYTES`] bytes.
    pub fn decode(encoded: &str) -> Result<StatusList, CredentialError> {
        let fail = |m: &str| CredentialError::StatusListDecode(m.to_owned());
        let data = encoded
            .strip_prefix('u')
            .ok_or_else(|| fail("multibase base64url starts with 'u'"))?;
        let compressed = URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|_| fail("not base64url without padding"))?;
        let mut bits = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bits)
            .map_err(|_| fail("not GZIP data"))?;
        if bits.len() > MAX_BYTES {
            return Err(fail("the list is larger than 16 MiB"));
        }
        if (bits.len() as u64) * 8 < MIN_BITS {
            return Err(fail("the list is shorter than 131,072 bits"));
        }
        Ok(StatusList { bits })
    }

    fn position(&self, index: u64) -> Result<(usize, u8), CredentialError> {
        if index >= self.len() {
            return Err(CredentialError::StatusIndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        Ok(((index / 8) as usize, 0x80 >> (index % 8)))
    }
}

/// The signed `BitstringStatusListCredential` Acquis serves at `list_url`
/// (`{issuer.url}/credentials/status/1`), as a VC-JWT signed like the certificates.
///
/// Its `validFrom` is now and it carries no `validUntil`: verifiers fetch the current list.
pub fn status_list_credential(
    issuer: &Issuer,
    ring: &KeyRing,
    list: &StatusList,
    list_url: &str,
) -> Result<String, CredentialError> {
    let now = Utc::now();
    let credential = json!({
        "@context": [crate::VC_CONTEXT_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "credentialSubject": {
            "id": format!("{list_url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": list.encode(),
        },
    });
    let payload = crate::credential::jwt_payload(credential, now.timestamp(), None);
    crate::jwt::sign(issuer, ring, &payload)
}
