//! Issuing and verifying credentials, the key file, the DID document and the status list.

mod common;

use acquis_credential::{
    KeyRing, StatusList, VerifyError, did_document, did_web, identity_hash, issue,
    open_badge_credential, status_list_credential, verify, verify_status_list_credential,
};
use common::{claims, issuer, tamper_payload, tamper_signature};
use proptest::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn the_credential_has_the_open_badges_3_shape() {
    let issuer = issuer();
    let claims = claims();
    let vc = open_badge_credential(&issuer, &claims);

    assert_eq!(
        strs(&vc["@context"]),
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ]
    );
    assert_eq!(
        strs(&vc["type"]),
        ["VerifiableCredential", "OpenBadgeCredential"]
    );
    assert_eq!(vc["id"], "http://127.0.0.1:8080/verification/P-ABCD2345");
    assert_eq!(vc["validFrom"], "2025-03-14T09:30:00Z");
    assert!(vc["name"].is_string());

    let profile = &vc["issuer"];
    assert_eq!(profile["id"], "did:web:127.0.0.1%3A8080");
    assert_eq!(strs(&profile["type"]), ["Profile"]);
    assert_eq!(profile["name"], "Acquis");
    assert_eq!(profile["url"], "http://127.0.0.1:8080");

    let subject = &vc["credentialSubject"];
    assert_eq!(strs(&subject["type"]), ["AchievementSubject"]);
    let identity = &subject["identifier"][0];
    assert_eq!(identity["type"], "IdentityObject");
    assert_eq!(identity["identityType"], "emailAddress");
    assert_eq!(identity["hashed"], true);
    assert_eq!(identity["salt"], claims.salt.as_str());
    let expected = format!(
        "sha256${}",
        hex::encode(Sha256::digest(
            format!("{}{}", claims.holder_email, claims.salt).as_bytes()
        ))
    );
    assert_eq!(identity["identityHash"], expected.as_str());
    assert_eq!(identity_hash(&claims.holder_email, &claims.salt), expected);
    assert!(!vc.to_string().contains(&claims.holder_email));

    let achievement = &subject["achievement"];
    assert_eq!(strs(&achievement["type"]), ["Achievement"]);
    assert_eq!(achievement["achievementType"], "Certification");
    assert_eq!(
        achievement["name"],
        "Certification Acquis des compétences numériques"
    );
    assert!(achievement["description"].is_string());
    assert!(achievement["criteria"]["narrative"].is_string());
    let descriptions = achievement["resultDescription"].as_array().expect("array");
    assert_eq!(descriptions.len(), 1 + 1 + claims.competences.len());
    assert_eq!(descriptions[0]["valueMax"], "895");

    let results = subject["result"].as_array().expect("array");
    assert_eq!(results.len(), descriptions.len());
    for (r, d) in results.iter().zip(descriptions) {
        assert_eq!(r["resultDescription"], d["id"]);
    }
    assert_eq!(results[0]["value"], "512");
    assert_eq!(results[1]["value"], "4");
    assert_eq!(results[2]["value"], "5");

    let status = &vc["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");
    assert_eq!(status["statusListIndex"], "42");
    assert_eq!(
        status["statusListCredential"],
        "http://127.0.0.1:8080/credentials/status/1"
    );
}

#[test]
fn an_issued_credential_verifies_and_its_jose_header_follows_ob3() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    let verified = verify(&jwt, &issuer, &ring, |_| false).expect("verifies");
    assert_eq!(verified.key_id, ring.current_key_id());
    assert_eq!(verified.status_index, Some(42));
    let vc = &verified.credential;
    assert_eq!(vc["iss"], "did:web:127.0.0.1%3A8080");
    assert_eq!(vc["jti"], vc["id"]);
    assert_eq!(vc["nbf"], 1_741_944_600);
    assert!(vc.get("sub").is_none());
    assert!(vc.get("vc").is_none());

    let parts = acquis_credential::jwt::parse(&jwt).expect("parses");
    assert_eq!(parts.header.len(), 3);
    assert_eq!(parts.header["alg"], "EdDSA");
    assert_eq!(parts.header["typ"], "JWT");
    assert_eq!(
        parts.header["kid"],
        format!("did:web:127.0.0.1%3A8080#{}", ring.current_key_id()).as_str()
    );
}

#[test]
fn one_changed_character_is_refused() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    assert_eq!(
        verify(&tamper_payload(&jwt), &issuer, &ring, |_| false),
        Err(VerifyError::BadSignature)
    );
    assert_eq!(
        verify(&tamper_signature(&jwt), &issuer, &ring, |_| false),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn other_keys_issuers_and_garbage_are_refused() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    assert!(matches!(
        verify(&jwt, &issuer, &KeyRing::generate(), |_| false),
        Err(VerifyError::UnknownKey(_))
    ));
    let other =
        acquis_credential::Issuer::from_base_url("Autre", "https://autre.example").expect("valid");
    assert!(matches!(
        verify(&jwt, &other, &ring, |_| false),
        Err(VerifyError::WrongIssuer { .. })
    ));
    for garbage in ["", "a.b", "a.b.c.d", "!!.??.**", &jwt[..jwt.len() - 3]] {
        assert!(
            verify(garbage, &issuer, &ring, |_| false).is_err(),
            "{garbage:?}"
        );
    }
}

#[test]
fn a_future_credential_is_not_yet_valid() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let mut claims = claims();
    claims.issued_at = chrono::Utc::now() + chrono::Duration::days(2);
    let jwt = issue(&issuer, &ring, &claims).expect("issued");
    assert_eq!(
        verify(&jwt, &issuer, &ring, |_| false),
        Err(VerifyError::NotYetValid)
    );
}

#[test]
fn a_revoked_index_is_refused() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    let mut list = StatusList::new();
    list.set(41).expect("in range");
    assert!(verify(&jwt, &issuer, &ring, |i| list.get(i)).is_ok());
    list.set(42).expect("in range");
    assert_eq!(
        verify(&jwt, &issuer, &ring, |i| list.get(i)),
        Err(VerifyError::Revoked(42))
    );
}

#[test]
fn the_status_list_credential_is_signed_and_round_trips() {
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let mut list = StatusList::new();
    list.set(7).expect("in range");
    let url = "http://127.0.0.1:8080/credentials/status/1";
    let jwt = status_list_credential(&issuer, &ring, &list, url).expect("signed");
    let back = verify_status_list_credential(&jwt, &issuer, &ring).expect("verifies");
    assert_eq!(back, list);
    assert_eq!(
        verify_status_list_credential(&tamper_signature(&jwt), &issuer, &ring),
        Err(VerifyError::BadSignature)
    );
    let payload = acquis_credential::jwt::parse(&jwt).expect("parses").payload;
    assert_eq!(
        strs(&payload["type"]),
        ["VerifiableCredential", "BitstringStatusListCredential"]
    );
    assert_eq!(payload["credentialSubject"]["type"], "BitstringStatusList");
    assert_eq!(payload["credentialSubject"]["statusPurpose"], "revocation");
}

#[test]
fn status_list_edges() {
    let mut list = StatusList::new();
    assert_eq!(list.len(), 131_072);
    assert!(list.set(131_071).is_ok());
    assert!(list.set(131_072).is_err());
    assert!(!list.get(131_072));
    // Bit 0 is the most significant bit of the first byte.
    list.set(0).expect("in range");
    let decoded = StatusList::decode(&list.encode()).expect("decodes");
    assert!(decoded.get(0) && decoded.get(131_071) && !decoded.get(1));
    assert!(StatusList::decode("zabc").is_err());
    assert!(StatusList::decode("u!!!").is_err());
    assert!(StatusList::decode("uH4sIAAAAAAAA").is_err());
}

proptest! {
    #[test]
    fn status_list_encode_decode_round_trip(indices in proptest::collection::vec(0u64..131_072, 0..64)) {
        let mut list = StatusList::new();
        for &i in &indices {
            list.set(i).expect("in range");
        }
        let back = StatusList::decode(&list.encode()).expect("decodes");
        prop_assert_eq!(&back, &list);
        for i in indices {
            prop_assert!(back.get(i));
        }
    }
}

#[test]
fn did_web_identifiers() {
    assert_eq!(
        did_web("http://127.0.0.1:8080").expect("ok"),
        "did:web:127.0.0.1%3A8080"
    );
    assert_eq!(
        did_web("https://acquis.example/").expect("ok"),
        "did:web:acquis.example"
    );
    assert_eq!(
        did_web("https://Example.org/certif/acquis").expect("ok"),
        "did:web:example.org:certif:acquis"
    );
    for bad in [
        "ftp://example.org",
        "https://",
        "https://user@example.org",
        "https://example.org:99999",
        "https://example.org/?q=1",
        "example.org",
    ] {
        assert!(did_web(bad).is_err(), "{bad}");
    }
}

#[cfg(unix)]
#[test]
fn the_key_file_is_private_reloads_identically_and_rotation_keeps_old_credentials() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("keys").join("credential-keys.json");
    let issuer = issuer();

    let mut ring = KeyRing::load_or_create(&path).expect("created");
    let mode = std::fs::metadata(&path)
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(path.parent().expect("parent"))
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);

    let reloaded = KeyRing::load_or_create(&path).expect("reloaded");
    assert_eq!(reloaded.current_key_id(), ring.current_key_id());
    assert_eq!(reloaded.current_public_key(), ring.current_public_key());
    let before = issue(&issuer, &ring, &claims()).expect("issued");
    assert!(verify(&before, &issuer, &reloaded, |_| false).is_ok());

    let old_id = ring.current_key_id().to_owned();
    ring.rotate(&path).expect("rotated");
    assert_ne!(ring.current_key_id(), old_id);
    assert_eq!(ring.retired()[0].id, old_id);
    let mode = std::fs::metadata(&path)
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let rotated = KeyRing::load_or_create(&path).expect("reloaded");
    let old = verify(&before, &issuer, &rotated, |_| false).expect("old still verifies");
    assert_eq!(old.key_id, old_id);
    let after = issue(&issuer, &rotated, &claims()).expect("issued");
    let new = verify(&after, &issuer, &rotated, |_| false).expect("new verifies");
    assert_eq!(new.key_id, rotated.current_key_id());

    let doc = did_document(&issuer, &rotated);
    let ids: Vec<String> = doc["verificationMethod"]
        .as_array()
        .expect("array")
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            issuer.key_url(rotated.current_key_id()),
            issuer.key_url(&old_id)
        ]
    );
    assert_eq!(
        strs(&doc["assertionMethod"]),
        ids.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let no_temp_left = std::fs::read_dir(path.parent().expect("parent"))
        .expect("listable")
        .count();
    assert_eq!(no_temp_left, 1);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    assert!(matches!(
        KeyRing::load_or_create(&path),
        Err(acquis_credential::CredentialError::KeyFilePermissions { .. })
    ));
}

#[test]
fn a_corrupt_key_file_is_refused_without_quoting_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("keys.json");
    let ring = KeyRing::load_or_create(&path).expect("created");
    let text = std::fs::read_to_string(&path).expect("readable");
    let secret = text
        .split("\"secret\": \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("secret in file")
        .to_owned();
    // Another valid-looking secret whose key id does not match.
    std::fs::write(&path, text.replace(&secret, &common::flip_char(&secret, 3))).expect("written");
    let err = KeyRing::load_or_create(&path).expect_err("refused");
    assert!(!err.to_string().contains(&secret));
    drop(ring);
}

#[test]
fn debug_never_shows_the_secret() {
    let ring = KeyRing::generate();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("keys.json");
    ring.save(&path).expect("saved");
    let text = std::fs::read_to_string(&path).expect("readable");
    let secret = text
        .split("\"secret\": \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("secret in file")
        .to_owned();
    let debug = format!("{ring:?} {ring:#?}");
    assert!(debug.contains(ring.current_key_id()));
    assert!(debug.contains("<redacted>"));
    assert!(!debug.contains(&secret));
    let doc = did_document(&issuer(), &ring).to_string();
    assert!(!doc.contains(&secret));
    assert!(!doc.contains("\"d\""));
}
