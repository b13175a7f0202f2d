"""Offline check of a custody proof document (`sprava prove ITEM`), with this library alone."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from sprava.integrity import checkpoint as tlog
from sprava.integrity import merkle
from sprava.integrity.errors import MalformedError, VerificationError
from sprava.integrity.note import Verifier

FORMAT = "sprava-custody-proof/1"


def _unb64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise MalformedError(f"{what} is not a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedError(f"{what} is not valid base64") from exc


def verify_custody_proof(document: dict[str, Any], trusted_verifier_key: str) -> None:
    """Raise VerificationError unless every entry is in the log the trusted key signed.

    The verifier key inside the document is not trusted: the caller supplies the key it got
    from the organisation by another channel.
    """
    # 1. Shape.
    if document.get("format") != FORMAT:
        raise MalformedError(f"not a {FORMAT} document")
    item = document.get("item")
    if not isinstance(item, dict) or not isinstance(document.get("entries"), list):
        raise MalformedError("document lacks its item or entries")
    if not isinstance(document.get("checkpoint"), str):
        raise VerificationError("document has no signed checkpoint")
    # 2. The checkpoint is signed by the trusted key.
    signed = tlog.open_checkpoint(document["checkpoint"], Verifier(trusted_verifier_key))
    if not document["entries"]:
        raise VerificationError("document proves no entry")
    for proof in document["entries"]:
        seq = proof.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise MalformedError("entry without an integer sequence number")
        body = _unb64(proof.get("entry"), f"entry {seq}")
        # 3. The entry speaks of this item and claims its place in the log.
        try:
            parsed = json.loads(body)
        except ValueError as exc:
            raise MalformedError(f"entry {seq} is not JSON") from exc
        if parsed.get("seq") != seq:
            raise VerificationError(f"entry {seq} says it is entry {parsed.get('seq')}")
        if not any(
            i.get("sha256") == item.get("sha256") and i.get("sha512") == item.get("sha512")
            for i in parsed.get("items", [])
        ):
            raise VerificationError(f"entry {seq} does not name the item")
        # 4. The entry is included in the signed tree.
        path = [_unb64(h, f"proof of entry {seq}") for h in proof.get("inclusion_proof", [])]
        merkle.verify_inclusion(merkle.leaf_hash(body), seq, signed.size, path, signed.root_hash)
