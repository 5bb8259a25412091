#!/usr/bin/env python3
"""Verify an Acquis Open Badges 3.0 VC-JWT with openbadgeslib, an implementation independent
of Acquis, entirely offline.

The issuer's DID document (and, optionally, the signed status list credential) are read from
local files: every URL openbadgeslib would fetch is answered from them, and any other URL is
refused, so no network access happens.

Usage:
    verify.py --credential CRED.jwt --did-document did.json
              [--status-list STATUS.jwt] [--email EMAIL]

Exit status 0 and "ACCEPTED" on stdout when the credential verifies; exit status 1 and
"REFUSED: <reason>" otherwise; 2 on a usage error.
"""

import argparse
import json
import sys
from urllib.parse import unquote

from openbadgeslib.ob3 import OB3Verifier, OB3VerificationError
from openbadgeslib.ob3.credential import IdentityObject
from openbadgeslib.errors import LibOpenBadgesException


def did_document_url(did):
    """The URL did:web resolution fetches for this DID (the did:web method's rule)."""
    parts = [unquote(p) for p in did[len("did:web:"):].split(":")]
    if len(parts) > 1:
        return "https://%s/%s/did.json" % (parts[0], "/".join(parts[1:]))
    return "https://%s/.well-known/did.json" % parts[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credential", required=True)
    parser.add_argument("--did-document", required=True)
    parser.add_argument("--status-list")
    parser.add_argument("--email")
    args = parser.parse_args()

    with open(args.credential, encoding="utf-8") as f:
        token = f.read().strip()
    with open(args.did_document, "rb") as f:
        did_doc_bytes = f.read()
    did = json.loads(did_doc_bytes)["id"]
    files = {did_document_url(did): did_doc_bytes}

    status_bytes = None
    if args.status_list:
        with open(args.status_list, "rb") as f:
            status_bytes = f.read()

    def offline(url, *_args, **_kwargs):
        if url in files:
            return files[url]
        if status_bytes is not None and "/credentials/status/" in url:
            return status_bytes
        raise OSError("offline verification: no local file for %s" % url)

    try:
        verifier = OB3Verifier.for_issuer_did(did, download=offline)
        credential = verifier.verify(
            token,
            check_status=status_bytes is not None,
            verify_status_list=True,
            download=offline,
        )
    except (OB3VerificationError, LibOpenBadgesException, ValueError) as exc:
        print("REFUSED: %s" % exc)
        return 1

    if args.email is not None:
        hashed = [i for i in credential.identifiers if i.hashed]
        if not hashed:
            print("REFUSED: no hashed identifier in the credential")
            return 1
        expected = IdentityObject.create(args.email, hashed[0].salt)
        if hashed[0].identity_hash != expected.identity_hash:
            print("REFUSED: the identity hash does not match %s" % args.email)
            return 1

    print("ACCEPTED %s issued by %s (%s)" % (credential.id, credential.issuer.id,
                                             credential.achievement.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
