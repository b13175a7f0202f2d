"""The full audit behind `sprava verify`: blobs, records, ledger, checkpoints, vault leftovers.

One function serves the command line and (later) a background task and an admin page. It never
stops at the first problem: it yields every one it finds, naming the item or entry. Given a
`Tally`, each step also counts what it checked, for the report.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import Any

from sprava.evidence.intake import Collection
from sprava.evidence.models import Item, Receipt
from sprava.integrity.errors import VerificationError
from sprava.integrity.note import Verifier
from sprava.ledger.audit import Problem, Tally, audit_log
from sprava.ledger.events import format_time
from sprava.ledger.models import Entry, EntryItem
from sprava.ledger.tags import ITEM_RECEIVED
from sprava.vault import Vault
from sprava.vault.errors import VaultError

Progress = Callable[[str, int, int], None]
COLLECTION_FIELDS = tuple(f.name for f in fields(Collection))
# What this audit counts (`Tally`).
BLOBS = "blobs"
RECEIPTS = "receipts"


def run_audit(
    *, vault: Vault, verifier: Verifier, progress: Progress | None = None,
    tally: Tally | None = None,
) -> Iterator[Problem]:
    yield from audit_blobs(vault, progress, tally)
    yield from audit_records(tally)
    yield from audit_log(
        verifier, (lambda done, total: progress("ledger", done, total)) if progress else None,
        tally,
    )
    yield from audit_vault_leftovers(vault)


def audit_blobs(vault: Vault, progress: Progress | None = None,
                tally: Tally | None = None) -> Iterator[Problem]:
    """1. Every item's blob decrypts and matches both recorded digests and its size."""
    total = Item.objects.count()
    if tally is not None:
        tally.add(BLOBS, 0)  # counted as each is read: said as 0 when there are none
    for done, item in enumerate(Item.objects.order_by("id").iterator(chunk_size=500), start=1):
        if tally is not None:
            tally.add(BLOBS)
        try:
            vault.verify(item.blob, item.digests)
        except (VaultError, VerificationError, OSError) as exc:
            # What reading a blob back can fail with: the storage (missing, unreadable) and its
            # integrity (digests, decryption; the vault names whatever pyrage raises as one of
            # these). Reported for its item, on one line, and the audit goes on. Anything else
            # is a bug, not damage to evidence, and is not dressed up as a blob's problem.
            yield Problem(f"item {item.id} ({item.sha256[:16]})",
                          " ".join(str(exc).split()) or type(exc).__name__)
        if progress:
            progress("blobs", done, total)


def audit_records(tally: Tally | None = None) -> Iterator[Problem]:
    """2. Records and ledger entries describe each other, both ways."""
    items = dict(Item.objects.values_list("sha256", "sha512"))
    if tally is not None:
        tally.add(RECEIPTS, 0)
    # 2a. Each receipt points at a `received` entry that records exactly this arrival.
    for receipt, entry in _receipts_with_entries():
        if tally is not None:
            tally.add(RECEIPTS)
        subject = f"receipt {receipt.id} of item {receipt.item_id} ({receipt.item.sha256[:16]})"
        if entry is None:
            yield Problem(subject, f"its custody entry {receipt.ledger_seq} is missing")
            continue
        document = _document(entry)
        if document is None:
            continue  # not a JSON object: reported by the ledger audit
        yield from (Problem(subject, message) for message in _compare(receipt, entry, document))
    # 2b. Each `received` entry has its receipt (a deleted record shows here).
    receipt_seqs = set(Receipt.objects.values_list("ledger_seq", flat=True))
    received = Entry.objects.filter(action=ITEM_RECEIVED).order_by("seq")
    for seq in received.values_list("seq", flat=True).iterator(chunk_size=5000):
        if seq not in receipt_seqs:
            refs = EntryItem.objects.filter(entry_id=seq).values_list("sha256", flat=True)
            named = ", ".join(f"item {sha256[:16]}" for sha256 in refs) or "no item"
            yield Problem(
                f"entry {seq}",
                f"records an arrival of {named} whose receipt is not in the database",
            )
    # 2c. Every item any entry names still exists.
    for sha256 in EntryItem.objects.values_list("sha256", flat=True).distinct().iterator():
        if sha256 not in items:
            yield Problem(f"item {sha256[:16]}", "named in the ledger but missing from the records")
    # 2d. Every item has at least one receipt.
    for item in Item.objects.filter(receipts__isnull=True).only("id", "sha256"):
        yield Problem(f"item {item.id} ({item.sha256[:16]})", "has no receipt in the ledger")


def _document(entry: Entry) -> dict[str, Any] | None:
    try:
        document = json.loads(bytes(entry.body))
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _compare(receipt: Receipt, entry: Entry, document: dict[str, Any]) -> Iterator[str]:
    """How the receipt (and its item) differ from what entry `entry` recorded of the arrival."""
    item = receipt.item
    named = [
        (i.get("sha256"), i.get("sha512"), i.get("size"))
        for i in document.get("items") or []
        if isinstance(i, dict)
    ]
    if document.get("action") != ITEM_RECEIVED or named != [(item.sha256, item.sha512, item.size)]:
        yield f"entry {entry.seq} does not record the arrival of this item"
        return
    details = document.get("details")
    details = details if isinstance(details, dict) else {}
    recorded = {
        "actor": document.get("actor"),
        "time": document.get("time"),
        "filename": details.get("filename", ""),
        "source_path": details.get("source_path", ""),
        "media_type": details.get("media_type"),
        **{key: details.get(key, "") for key in COLLECTION_FIELDS},
    }
    stored = {
        "actor": receipt.actor,
        "time": format_time(receipt.received_at),
        "filename": receipt.original_filename,
        "source_path": receipt.source_path,
        "media_type": item.media_type,
        **{key: getattr(receipt, key) for key in COLLECTION_FIELDS},
    }
    differing = [key for key in recorded if recorded[key] != stored[key]]
    if differing:
        yield f"{', '.join(differing)} differ from entry {entry.seq}"


def _receipts_with_entries(batch: int = 500) -> Iterator[tuple[Receipt, Entry | None]]:
    """Every receipt with its custody entry, one query per batch rather than per receipt."""
    receipts = Receipt.objects.select_related("item").order_by("id")
    chunk: list[Receipt] = []
    for receipt in receipts.iterator(chunk_size=batch):
        chunk.append(receipt)
        if len(chunk) == batch:
            yield from _pair_with_entries(chunk)
            chunk = []
    yield from _pair_with_entries(chunk)


def _pair_with_entries(receipts: list[Receipt]) -> Iterator[tuple[Receipt, Entry | None]]:
    entries = Entry.objects.in_bulk([r.ledger_seq for r in receipts])
    for receipt in receipts:
        yield receipt, entries.get(receipt.ledger_seq)


def unused_blobs(vault: Vault) -> Iterator[str]:
    """Blobs no item refers to: left when an ingest died between the blob and its record."""
    referenced = set(Item.objects.values_list("blob", flat=True))
    return (name for name in vault.names() if name not in referenced)


def sweep_leftovers(vault: Vault, older_than_seconds: float) -> tuple[list[str], list[str]]:
    """Remove unused blobs and temporaries older than the grace period; returns both lists.

    A younger leftover may belong to an ingest still running (its record is being written), so
    the grace period must be longer than any ingest's gap between blob and record.
    """
    temporaries = vault.sweep_temp(older_than_seconds)
    cutoff = time.time() - older_than_seconds
    blobs = [name for name in list(unused_blobs(vault)) if vault.modified_at(name) < cutoff]
    for name in blobs:
        vault.delete(name)
    return temporaries, blobs


def audit_vault_leftovers(vault: Vault) -> Iterator[Problem]:
    """3. Blobs no record uses and temporaries of killed writes: harmless, reported, sweepable."""
    for name in unused_blobs(vault):
        yield Problem(
            f"blob {name}",
            "not used by any item (left by an interrupted ingest?); `sprava sweep` removes it",
            fatal=False,
        )
    for temp in vault.temp_files():
        yield Problem(
            f"temporary {temp.temp_id}",
            f"{temp.size} bytes left by an interrupted write (or one in progress); "
            "`sprava sweep` removes it",
            fatal=False,
        )
