//! An issued credential checked by an independent implementation: `openbadgeslib` (PyPI),
//! run offline by `tests/credential/verify.py` with the DID document and the status list
//! given as files.
//!
//! Skipped, with a message, when `ACQUIS_CREDENTIAL_TESTS` is unset; when it is set, a missing
//! interpreter or library fails the test. The interpreter is `ACQUIS_CREDENTIAL_PYTHON`, by
//! default `/tmp/acquis-vc-venv/bin/python` (see `tests/credential/README.md`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use acquis_credential::{
    KeyRing, StatusList, VerifyError, did_document, issue, status_list_credential, verify,
};
use common::{claims, issuer, tamper_payload, tamper_signature};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/credential/verify.py")
}

fn python() -> Option<String> {
    if std::env::var_os("ACQUIS_CREDENTIAL_TESTS").is_none() {
        eprintln!(
            "SKIPPED: the independent verifier test needs ACQUIS_CREDENTIAL_TESTS=1 and \
             openbadgeslib installed (tests/credential/README.md)"
        );
        return None;
    }
    let python = std::env::var("ACQUIS_CREDENTIAL_PYTHON")
        .unwrap_or_else(|_| "/tmp/acquis-vc-venv/bin/python".to_owned());
    let probe = Command::new(&python)
        .args(["-c", "import openbadgeslib.ob3"])
        .output();
    match probe {
        Ok(out) if out.status.success() => Some(python),
        Ok(out) => panic!(
            "ACQUIS_CREDENTIAL_TESTS is set but {python} cannot import openbadgeslib: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("ACQUIS_CREDENTIAL_TESTS is set but {python} cannot run: {e}"),
    }
}

/// Runs the independent verifier; true when it accepts.
fn independent(python: &str, dir: &Path, jwt: &str, status: Option<&str>) -> (bool, String) {
    std::fs::write(dir.join("credential.jwt"), jwt).expect("written");
    let mut cmd = Command::new(python);
    cmd.arg(script())
        .arg("--credential")
        .arg(dir.join("credential.jwt"))
        .arg("--did-document")
        .arg(dir.join("did.json"))
        .args(["--email", "jeanne.dupont@example.org"]);
    if let Some(status) = status {
        std::fs::write(dir.join("status.jwt"), status).expect("written");
        cmd.arg("--status-list").arg(dir.join("status.jwt"));
    }
    let out = cmd.output().expect("verifier runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => (true, text),
        Some(1) => (false, text),
        _ => panic!("the verifier failed to run: {text}"),
    }
}

#[test]
fn openbadgeslib_accepts_the_credential_and_refuses_one_changed_character() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    let doc = did_document(&issuer, &ring);
    std::fs::write(
        dir.path().join("did.json"),
        serde_json::to_vec_pretty(&doc).expect("JSON"),
    )
    .expect("written");

    let (ok, out) = independent(&python, dir.path(), &jwt, None);
    assert!(ok, "openbadgeslib refused a genuine credential: {out}");
    assert!(out.starts_with("ACCEPTED"), "{out}");
    assert!(verify(&jwt, &issuer, &ring, |_| false).is_ok());

    for (what, forged) in [
        ("payload", tamper_payload(&jwt)),
        ("signature", tamper_signature(&jwt)),
    ] {
        assert_eq!(
            verify(&forged, &issuer, &ring, |_| false),
            Err(VerifyError::BadSignature),
            "{what}"
        );
        let (ok, out) = independent(&python, dir.path(), &forged, None);
        assert!(!ok, "openbadgeslib accepted a changed {what}: {out}");
        assert!(out.contains("REFUSED"), "{out}");
    }
}

#[test]
fn openbadgeslib_reads_the_revocation_status_list() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let (issuer, ring) = (issuer(), KeyRing::generate());
    let jwt = issue(&issuer, &ring, &claims()).expect("issued");
    std::fs::write(
        dir.path().join("did.json"),
        serde_json::to_vec(&did_document(&issuer, &ring)).expect("JSON"),
    )
    .expect("written");
    let url = acquis_credential::credential::status_list_url(&issuer);

    let mut list = StatusList::new();
    list.set(41).expect("in range");
    let status = status_list_credential(&issuer, &ring, &list, &url).expect("signed");
    let (ok, out) = independent(&python, dir.path(), &jwt, Some(&status));
    assert!(ok, "refused with a clear status bit: {out}");

    list.set(claims().status_index).expect("in range");
    let status = status_list_credential(&issuer, &ring, &list, &url).expect("signed");
    let (ok, out) = independent(&python, dir.path(), &jwt, Some(&status));
    assert!(
        !ok && out.contains("revocation"),
        "accepted a revoked credential: {out}"
    );

    // A status list signed by another key is not trusted.
    let forged = status_list_credential(&issuer, &KeyRing::generate(), &StatusList::new(), &url)
        .expect("signed");
    let (ok, out) = independent(&python, dir.path(), &jwt, Some(&forged));
    assert!(!ok, "trusted a status list signed by a stranger: {out}");
}

#[test]
fn openbadgeslib_verifies_credentials_of_a_retired_key() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("keys.json");
    let issuer = issuer();
    let mut ring = KeyRing::load_or_create(&path).expect("created");
    let before = issue(&issuer, &ring, &claims()).expect("issued");
    ring.rotate(&path).expect("rotated");
    let after = issue(&issuer, &ring, &claims()).expect("issued");
    std::fs::write(
        dir.path().join("did.json"),
        serde_json::to_vec(&did_document(&issuer, &ring)).expect("JSON"),
    )
    .expect("written");
    for jwt in [before, after] {
        let (ok, out) = independent(&python, dir.path(), &jwt, None);
        assert!(ok, "{out}");
    }
}
