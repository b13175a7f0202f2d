"""Proof documents: an item's custody entries, their inclusion proofs and a signed checkpoint.

The document is self-contained: `sprava.integrity.custody_proof.verify_custody_proof` checks it
with the integrity library alone, so a prosecutor's expert needs no server of ours.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from sprava.integrity.hashing import Digests
from sprava.ledger import log
from sprava.ledger.checkpoints import latest
from sprava.ledger.models import Entry

FORMAT = "sprava-custody-proof/1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def item_proof(
    digests: Digests,
    *,
    verifier_key: str,
    sign: Callable[[], None] | None = None,
    only: Callable[[QuerySet[Entry]], QuerySet[Entry]] | None = None,
) -> dict[str, Any]:
    """Every entry about the item, each with an inclusion proof to the latest checkpoint.

    If entries were appended after the latest checkpoint, `sign` is called first so that all of
    them are covered. `only` narrows the item's entries to those a reader may see (the API's
    reader sees part of an item's history; the operator at the command line all of it): each
    entry is proven on its own, so a part verifies as the whole does.
    """
    history = log.history(digests.sha256_hex)
    entries = list(history if only is None else only(history))
    checkpoint = latest()
    needs_newer = checkpoint is None or any(e.seq >= checkpoint.size for e in entries)
    if needs_newer and sign is not None:
        sign()
        checkpoint = latest()
    size = checkpoint.size if checkpoint else 0
    proven, pending = [], []
    for entry in entries:
        if entry.seq < size:
            proven.append(
                {
                    "seq": entry.seq,
                    "entry": _b64(bytes(entry.body)),
                    "inclusion_proof": [_b64(h) for h in log.inclusion_proof(entry.seq, size)],
                }
            )
        else:
            pending.append(entry.seq)
    return {
        "format": FORMAT,
        "item": {"sha256": digests.sha256_hex, "sha512": digests.sha512_hex, "size": digests.size},
        "verifier_key": verifier_key,
        "checkpoint": checkpoint.note if checkpoint else None,
        "entries": proven,
        "not_yet_checkpointed": pending,
    }
