"""Signing checkpoints of the custody log, never two that disagree."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sprava.integrity import checkpoint as tlog
from sprava.integrity import merkle
from sprava.integrity.errors import VerificationError
from sprava.integrity.note import Signer
from sprava.ledger import log
from sprava.ledger.models import Checkpoint


def sign_latest(signer: Signer, origin: str) -> Checkpoint | None:
    """Sign a checkpoint at the log's current size, unless the newest one already covers it.

    Before signing, the new root is recomputed from the stored tree and proven consistent with
    the previous checkpoint, so the instance key never vouches for a log that was rewritten.
    """
    with transaction.atomic():
        head = log._locked_head()  # serialises signers with appenders
        last = Checkpoint.objects.order_by("-size").first()
        if head.size == 0 or (last is not None and last.size == head.size):
            return None
        # 1. The stored tree must give the root the head claims.
        root = log.root_at(head.size)
        if root != bytes(head.root):
            raise VerificationError(
                f"stored tree root at size {head.size} differs from the log head; not signing"
            )
        # 2. The new tree must extend the last signed one.
        if last is not None:
            if last.size > head.size:
                raise VerificationError(
                    f"log shrank from {last.size} to {head.size} entries; not signing"
                )
            proof = log.consistency_proof(last.size, head.size)
            merkle.verify_consistency(last.size, head.size, proof, bytes(last.root), root)
        # 3. Sign and keep the note exactly as signed.
        body = tlog.Checkpoint(origin=origin, size=head.size, root_hash=root, extensions=())
        note = tlog.sign_checkpoint(body, signer)
        return Checkpoint.objects.create(
            size=head.size, root=root, note=note, signed_at=timezone.now()
        )


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()
