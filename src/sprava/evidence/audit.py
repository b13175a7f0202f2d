"""The full audit behind `sprava verify`: blobs, records, ledger, checkpoints, vault leftovers.

One function serves the command line and (later) a background task and an admin page. It never
stops at the first problem: it yields every one it finds, naming the item or entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sprava.evidence.models import Item, Receipt
from sprava.integrity.errors import SpravaError
from sprava.integrity.note import Verifier
from sprava.ledger.audit import Problem, audit_log
from sprava.ledger.events import ITEM_RECEIVED
from sprava.ledger.models import Entry, EntryItem
from sprava.vault import Vault

Progress = Callable[[str, int, int], None]


def run_audit(
    *, vault: Vault, verifier: Verifier, progress: Progress | None = None
) -> Iterator[Problem]:
    yield from audit_blobs(vault, progress)
    yield from audit_records()
    yield from audit_log(
        verifier, (lambda done, total: progress("ledger", done, total)) if progress else None
    )
    yield from audit_vault_leftovers(vault)


def audit_blobs(vault: Vault, progress: Progress | None = None) -> Iterator[Problem]:
    """1. Every item's blob decrypts and matches both recorded digests and its size."""
    total = Item.objects.count()
    for done, item in enumerate(Item.objects.order_by("id").iterator(chunk_size=500), start=1):
        try:
            vault.verify(item.blob, item.digests)
        except SpravaError as exc:
            yield Problem(f"item {item.id} ({item.sha256[:16]})", str(exc))
        if progress:
            progress("blobs", done, total)


def audit_records() -> Iterator[Problem]:
    """2. Records and ledger entries describe each other, both ways."""
    items = dict(Item.objects.values_list("sha256", "sha512"))
    # 2a. Each receipt points at a `received` entry naming its item's digests.
    for receipt in Receipt.objects.select_related("item").order_by("id").iterator(chunk_size=500):
        subject = f"receipt {receipt.id} of item {receipt.item_id}"
        entry = Entry.objects.filter(seq=receipt.ledger_seq).first()
        if entry is None:
            yield Problem(subject, f"its custody entry {receipt.ledger_seq} is missing")
            continue
        try:
            document = json.loads(bytes(entry.body))
        except ValueError:
            continue  # reported by the ledger audit
        named = [(i.get("sha256"), i.get("sha512")) for i in document.get("items", [])]
        if entry.action != ITEM_RECEIVED or named != [(receipt.item.sha256, receipt.item.sha512)]:
            yield Problem(subject, f"entry {entry.seq} does not record this arrival")
        details = document.get("details", {})
        if details.get("filename") != receipt.original_filename:
            yield Problem(subject, f"filename differs from entry {entry.seq}")
    # 2b. Each `received` entry has its receipt (a deleted record shows here).
    receipt_seqs = set(Receipt.objects.values_list("ledger_seq", flat=True))
    received = Entry.objects.filter(action=ITEM_RECEIVED).values_list("seq", flat=True)
    for seq in received.iterator(chunk_size=5000):
        if seq not in receipt_seqs:
            yield Problem(f"entry {seq}", "records an arrival whose receipt is not in the database")
    # 2c. Every item any entry names still exists, with the same SHA-512.
    for sha256 in EntryItem.objects.values_list("sha256", flat=True).distinct().iterator():
        if sha256 not in items:
            yield Problem(f"item {sha256[:16]}", "named in the ledger but missing from the records")
    # 2d. Every item has at least one receipt.
    for item in Item.objects.filter(receipts__isnull=True).only("id", "sha256"):
        yield Problem(f"item {item.id} ({item.sha256[:16]})", "has no receipt in the ledger")


def audit_vault_leftovers(vault: Vault) -> Iterator[Problem]:
    """3. Blobs no record uses and temporaries of killed writes: harmless, reported, sweepable."""
    referenced = set(Item.objects.values_list("blob", flat=True))
    for name in vault.names():
        if name not in referenced:
            yield Problem(
                f"blob {name}",
                "not used by any item (left by an interrupted ingest?); `sprava sweep` removes it",
                fatal=False,
            )
    for temp in vault.temp_files():
        yield Problem(
            f"temporary {temp}",
            "left by an interrupted write; `sprava sweep` removes it",
            fatal=False,
        )
