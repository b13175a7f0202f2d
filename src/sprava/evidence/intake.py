"""Taking evidence in: one function behind the command line, the web upload and future tasks.

The order makes a crash at any moment harmless: the bytes are hashed and encrypted into a vault
temporary, the blob is committed under a random name, and only then one database transaction
creates the item, its receipt and its custody entry together. A crash before that transaction
leaves an unreferenced temporary or blob, which `sprava sweep` removes and `sprava verify`
reports; it never leaves a record without its blob or an entry without its record.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

import magic
from django.contrib.auth.models import User
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from sprava.cases.models import Case
from sprava.evidence.errors import IngestError
from sprava.evidence.models import Item, Receipt
from sprava.evidence.names import safe_filename
from sprava.integrity.errors import SpravaError, VerificationError
from sprava.integrity.hashing import Digests
from sprava.ledger import log
from sprava.ledger.events import Event
from sprava.ledger.models import Entry
from sprava.ledger.tags import ITEM_RECEIVED
from sprava.vault import StagedBlob, Vault

SNIFF_BYTES = 8192


def _max_length(field: str) -> int | None:
    limit = getattr(Receipt._meta.get_field(field), "max_length", None)
    return int(limit) if limit is not None else None


_RECEIPT_LIMITS = {
    name: limit
    for name in (
        "collected_by",
        "collected_at",
        "collected_from",
        "method",
        "tool",
        "tool_version",
        "notes",
    )
    if (limit := _max_length(name)) is not None
}
MAX_ACTOR = _max_length("actor") or 150


@dataclass(frozen=True)
class Collection:
    """How an item came to the documenters; every field optional, all kept verbatim."""

    collected_by: str = ""
    collected_at: str = ""
    collected_from: str = ""
    method: str = ""
    tool: str = ""
    tool_version: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        # Checked before a byte is read: PostgreSQL would refuse an over-long value only in the
        # record transaction, after the file was read and encrypted.
        for key, value in asdict(self).items():
            if not isinstance(value, str):
                raise IngestError(gettext("collection field %(field)s must be text")
                                  % {"field": key})
            limit = _RECEIPT_LIMITS.get(key)
            if limit is not None and len(value) > limit:
                raise IngestError(
                    gettext("collection field %(field)s is %(length)d characters long; "
                            "at most %(limit)d are kept")
                    % {"field": key, "length": len(value), "limit": limit}
                )

    def details(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value}


@dataclass(frozen=True)
class Outcome:
    item: Item
    receipt: Receipt
    duplicate: bool


class _Sniffing:
    """A reader that keeps the first bytes it passes on, to sniff the media type from them.

    It also remembers an error of the source, so that a failed read of the file is told apart
    from a failed write to the vault (both arrive as OSError).
    """

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.head = b""
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            chunk = self._source.read(size)
        except BaseException as exc:
            self.error = exc
            raise
        if len(self.head) < SNIFF_BYTES and chunk:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]
        return chunk


def sniff_media_type(head: bytes) -> str:
    if not head:
        return "application/x-empty"
    return str(magic.from_buffer(head, mime=True)) or "application/octet-stream"


def describe_os_error(exc: OSError, *, source: bool) -> str:
    """A message for people: what failed, reading the file (`source`) or writing the vault.

    In the active language; the system's own detail (strerror) stays as the system gave it.
    """
    detail = {"detail": exc.strerror or str(exc)}
    if source:
        if exc.errno == errno.ENOENT:
            return gettext("the file vanished while it was read; nothing was kept")
        if exc.errno in {errno.EACCES, errno.EPERM}:
            return gettext("the file became unreadable while it was read (permission denied)")
        return gettext("the file could not be read (%(detail)s); nothing was kept") % detail
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        return gettext("no space left on the vault's disk; nothing was kept")
    return gettext("the vault could not store the file (%(detail)s); nothing was kept") % detail


@dataclass
class Staged:
    """Bytes hashed and encrypted into a vault temporary, not yet recorded."""

    blob: StagedBlob
    head: bytes


def stage_source(source: BinaryIO, vault: Vault) -> Staged:
    """Read a source once, hashing and encrypting it; nothing is visible until recorded."""
    reader = _Sniffing(source)
    try:
        staged = vault.stage(reader)  # type: ignore[arg-type]
    except OSError as exc:
        raise IngestError(describe_os_error(exc, source=exc is reader.error)) from exc
    return Staged(staged, reader.head)


def _case(reference: str | None) -> Case | None:
    """The case an arrival is for; an unknown reference is refused before anything is read."""
    if not reference:
        return None
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        raise IngestError(gettext("no case %(reference)r") % {"reference": reference})
    return case


def _check_actor(actor: str) -> None:
    if not actor or len(actor) > MAX_ACTOR:
        raise IngestError(gettext("the actor must be named, in at most %(limit)d characters")
                          % {"limit": MAX_ACTOR})


def ingest_stream(
    source: BinaryIO,
    *,
    vault: Vault,
    filename: str | bytes,
    actor: str,
    user: User | None = None,
    collection: Collection | None = None,
    source_path: str = "",
    case: str | None = None,
    check_source: Callable[[Digests], None] | None = None,
) -> Outcome:
    """Hash, encrypt and record one stream. Raises IngestError and leaves nothing behind on failure.

    `check_source`, if given, runs after the bytes are read and before anything is recorded, so
    a caller can refuse a file that changed while it was read.
    """
    _check_actor(actor)  # before a byte is read
    _case(case)
    staged = stage_source(source, vault)
    return record_staged(
        staged,
        vault=vault,
        filename=filename,
        actor=actor,
        user=user,
        collection=collection,
        source_path=source_path,
        case=case,
        check_source=check_source,
    )


def record_staged(
    staged: Staged,
    *,
    vault: Vault,
    filename: str | bytes,
    actor: str,
    user: User | None = None,
    collection: Collection | None = None,
    source_path: str = "",
    case: str | None = None,
    check_source: Callable[[Digests], None] | None = None,
    then: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Record staged bytes as a new item or a new receipt; discards the temporary on failure.

    `then`, if given, runs inside the record transaction once the item and its receipt exist
    (the upload page links the item to a record there): if it raises, nothing is recorded and
    the blob goes, as for any other failure."""
    collection = collection or Collection()
    with staged.blob:
        _check_actor(actor)
        digests = staged.blob.digests
        if digests.size == 0:
            raise IngestError(
                gettext("the file is empty; an empty file proves nothing and is not kept"))
        if check_source is not None:
            check_source(digests)
        media_type = sniff_media_type(staged.head)
        name = safe_filename(filename)
        existing = Item.objects.filter(sha256=digests.sha256_hex).first()
        if existing is not None:
            return _record_receipt(
                existing, digests, name, actor, user, collection, source_path, case,
                duplicate=True, then=then,
            )
        try:
            blob = staged.blob.commit()
        except OSError as exc:
            raise IngestError(describe_os_error(exc, source=False)) from exc
    try:
        return _record_new_item(
            blob, digests, media_type, name, actor, user, collection, source_path, case, then
        )
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert: ours is an
        # unreferenced blob now, and this arrival is a receipt of theirs.
        vault.delete(blob)
        existing = Item.objects.filter(sha256=digests.sha256_hex).first()
        if existing is None:  # not a race: the bytes clash with a record in another way
            raise IngestError(gettext(
                "the item could not be recorded: it conflicts with an existing record "
                "(same SHA-512 under another SHA-256?); nothing was kept"
            )) from None
        return _record_receipt(
            existing, digests, name, actor, user, collection, source_path, case,
            duplicate=True, then=then,
        )
    except DatabaseError as exc:
        vault.delete(blob)
        raise _database_failure(exc) from exc
    except BaseException:
        vault.delete(blob)
        raise


def _database_failure(exc: DatabaseError) -> IngestError:
    return IngestError(
        gettext("the database could not record the item (%(error)s); nothing was kept")
        % {"error": exc})


def _event(digests: Digests, actor: str, case: str | None, details: dict[str, Any]) -> Event:
    return Event(actor=actor, action=ITEM_RECEIVED, items=(digests,), case=case, details=details)


def _receipt_details(
    name: str, media_type: str, collection: Collection, source_path: str, duplicate: bool
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "filename": name,
        "media_type": media_type,
        "duplicate": duplicate,
        **collection.details(),
    }
    if source_path:
        details["source_path"] = source_path
    return details


def _append_received(
    digests: Digests,
    name: str,
    media_type: str,
    actor: str,
    collection: Collection,
    source_path: str,
    case: str | None,
    duplicate: bool,
) -> Entry:
    """Append the `received` entry of one arrival; call inside the record transaction."""
    details = _receipt_details(name, media_type, collection, source_path, duplicate)
    return log.append([_event(digests, actor, case, details)])[0]


def _record_new_item(
    blob: str,
    digests: Digests,
    media_type: str,
    name: str,
    actor: str,
    user: User | None,
    collection: Collection,
    source_path: str,
    case: str | None,
    then: Callable[[Outcome], None] | None = None,
) -> Outcome:
    with transaction.atomic():
        entry = _append_received(
            digests, name, media_type, actor, collection, source_path, case, duplicate=False
        )
        item = Item.objects.create(
            sha256=digests.sha256_hex,
            sha512=digests.sha512_hex,
            size=digests.size,
            media_type=media_type,
            blob=blob,
            received_at=entry.time,
        )
        receipt = _create_receipt(
            item, entry.seq, entry.time, name, actor, user, collection, source_path, case
        )
        outcome = Outcome(item, receipt, duplicate=False)
        if then is not None:
            then(outcome)
    return outcome


def _record_receipt(
    item: Item,
    digests: Digests,
    name: str,
    actor: str,
    user: User | None,
    collection: Collection,
    source_path: str,
    case: str | None,
    duplicate: bool,
    then: Callable[[Outcome], None] | None = None,
) -> Outcome:
    if item.sha512 != digests.sha512_hex or item.size != digests.size:
        # Same SHA-256, different bytes: never silently merge them.
        raise VerificationError(
            gettext("refused: the SHA-256 matches %(item)s but its SHA-512 or size differ")
            % {"item": item}
        )
    try:
        with transaction.atomic():
            entry = _append_received(
                digests,
                name,
                item.media_type,
                actor,
                collection,
                source_path,
                case,
                duplicate=True,
            )
            receipt = _create_receipt(
                item, entry.seq, entry.time, name, actor, user, collection, source_path, case
            )
            outcome = Outcome(item, receipt, duplicate=duplicate)
            if then is not None:
                then(outcome)
    except DatabaseError as exc:
        raise _database_failure(exc) from exc
    return outcome


def _create_receipt(
    item: Item,
    seq: int,
    when: Any,
    name: str,
    actor: str,
    user: User | None,
    collection: Collection,
    source_path: str,
    case: str | None,
) -> Receipt:
    return Receipt.objects.create(
        item=item,
        case=_case(case),
        ledger_seq=seq,
        received_at=when or timezone.now(),
        received_by=user,
        actor=actor,
        original_filename=name,
        source_path=source_path,
        **asdict(collection),
    )


__all__ = [
    "Collection",
    "IngestError",
    "Outcome",
    "SpravaError",
    "Staged",
    "describe_os_error",
    "ingest_stream",
    "record_staged",
    "stage_source",
]
