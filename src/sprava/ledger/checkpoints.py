"""Signing checkpoints of the custody log, never two that disagree.

Every request or command that appends signs one checkpoint when it ends, after its transaction
has committed (`sprava.home.signing.sign_appended`), so an entry is unsigned only for the rest of
the request that made it. A tail left unsigned for longer than SIGNING_BOUND means signing
failed or was skipped, and `verify` reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from sprava.integrity import checkpoint as tlog
from sprava.integrity import merkle
from sprava.integrity.errors import SpravaError, VerificationError
from sprava.integrity.note import Signer
from sprava.ledger import log
from sprava.ledger.models import Checkpoint, Entry, LogHead

# Far above what signing at the end of a request or command leaves unsigned (milliseconds; a
# batch command signs at least every CHECKPOINT_SECONDS), so a verify running beside live work
# does not cry wolf; short enough that a tail a forger could cut unseen is one minute of work.
SIGNING_BOUND = timedelta(minutes=1)
# Long commands (ingest, import) sign at least this often while they run.
CHECKPOINT_SECONDS = 10.0


def sign_latest(
    signer: Signer, origin: str, kept: tlog.Checkpoint | None = None
) -> Checkpoint | None:
    """Sign a checkpoint at the log's current size, unless the newest one already covers it.

    Before signing, the new root is recomputed from the stored tree and proven consistent with
    the previous checkpoint, and with `kept` (a checkpoint kept outside the database, already
    verified), so the instance key never vouches for a log that was rewritten.
    The transaction is durable (RuntimeError inside another one): what is signed is what was
    committed, never an append that could still roll back. The head is read under its lock,
    so concurrent signers (web processes on PostgreSQL) queue up and sign the same log.
    """
    with transaction.atomic(durable=True):
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
        # 2. The new tree must extend the last signed one, and 3. the checkpoint kept outside
        #    the database: a forger who deleted entries, nodes and checkpoints together leaves
        #    a log step 2 cannot tell from an honest one.
        if last is not None:
            earlier = tlog.Checkpoint(origin=origin, size=last.size, root_hash=bytes(last.root))
            _must_extend(earlier, "the latest signed checkpoint", head.size, root)
        if kept is not None and not (
            last is not None and last.size == kept.size and bytes(last.root) == kept.root_hash
        ):
            _must_extend(kept, "the kept checkpoint", head.size, root)
        # 4. Sign and keep the note exactly as signed.
        body = tlog.Checkpoint(origin=origin, size=head.size, root_hash=root, extensions=())
        note = tlog.sign_checkpoint(body, signer)
        return Checkpoint.objects.create(
            size=head.size, root=root, note=note, signed_at=timezone.now()
        )


def _must_extend(earlier: tlog.Checkpoint, what: str, size: int, root: bytes) -> None:
    try:
        check_extends(earlier, size, root)
    except VerificationError as exc:
        raise VerificationError(f"the log does not extend {what}, not signing: {exc}") from exc


def check_extends(kept: tlog.Checkpoint, size: int, root: bytes | None = None) -> None:
    """VerificationError unless the log, of `size` entries, extends a checkpoint signed
    earlier (`root` is the log's root at `size`, if the caller has it already).

    A forger with the database can delete entries, nodes and checkpoints together and reset
    the head: the rest is whole and signed. Only a checkpoint kept elsewhere remembers the log
    was larger (a rollback), or had another root (a fork). Signing checks the latest checkpoint
    in the database and the copy kept beside it; `verify` checks that copy and partners' ones.
    """
    # 1. The log is at least as large as it was when the checkpoint was signed.
    if size < kept.size:
        raise VerificationError(
            f"rollback: the checkpoint signed {kept.size} entries, the log has {size}; "
            f"{kept.size - size} entries are gone"
        )
    # 2. A consistency proof from the signed root to the current one verifies. It fails if
    #    the stored tree gives another root at the signed size, so that is looked at only
    #    then, to say which: an honest signing pays for one proof, as before this check.
    try:
        current = log.root_at(size) if root is None else root
        proof = log.consistency_proof(kept.size, size)
        merkle.verify_consistency(kept.size, size, proof, kept.root_hash, current)
    except SpravaError as exc:
        raise _why_not(kept, exc) from exc


def _why_not(kept: tlog.Checkpoint, exc: SpravaError) -> VerificationError:
    try:
        forked_there = log.root_at(kept.size) != kept.root_hash
    except SpravaError:
        forked_there = False  # a tree that cannot give the root: the proof's error says so
    if forked_there:
        return VerificationError(
            f"fork: the log's root at size {kept.size} differs from the signed root"
        )
    return VerificationError(f"fork: the log is not consistent with it: {exc}")


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


@dataclass(frozen=True)
class UnsignedTail:
    """Entries [first, first + size) that no signed checkpoint covers, the oldest made `since`."""

    first: int
    size: int
    since: datetime

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or timezone.now()) - self.since


def unsigned_tail() -> UnsignedTail | None:
    head = LogHead.objects.filter(id=1).first()
    last = latest()
    first = last.size if last else 0
    if head is None or head.size <= first:
        return None
    oldest = Entry.objects.filter(seq=first).values_list("time", flat=True).first()
    # A missing entry is the entry audit's finding; the tail is then at least as old as the
    # latest checkpoint.
    since = oldest or (last.signed_at if last else timezone.now())
    return UnsignedTail(first=first, size=head.size - first, since=since)
