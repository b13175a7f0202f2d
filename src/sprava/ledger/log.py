"""Appending to the custody log and reading roots and proofs from its stored tree.

Every function that writes must run inside the caller's database transaction, the same one as
the change the entry records: either both are committed or neither is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from sprava.integrity import merkle
from sprava.integrity.errors import MalformedError, SpravaError
from sprava.ledger.events import Event, canonical, entry_document
from sprava.ledger.models import Entry, EntryItem, LogHead, TreeNode, node_key

BULK_BATCH = 2000


class LedgerError(SpravaError):
    """The custody log was used wrongly (outside a transaction, a size it does not have)."""


def _locked_head() -> LogHead:
    head, _ = LogHead.objects.select_for_update().get_or_create(
        id=1, defaults={"size": 0, "root": merkle.EMPTY_ROOT}
    )
    return head


def append(events: Sequence[Event], now: datetime | None = None) -> list[Entry]:
    """Append events as log entries; returns them with their sequence numbers.

    The head row is locked first, so concurrent appenders (several web processes on PostgreSQL)
    queue up and sequence numbers never collide.
    """
    if not connection.in_atomic_block:
        raise LedgerError("log entries are appended inside the transaction of the change")
    if not events:
        return []
    head = _locked_head()
    when = now or timezone.now()
    entries: list[Entry] = []
    for offset, event in enumerate(events):
        seq = head.size + offset
        body = canonical(entry_document(seq, when, event))
        entries.append(
            Entry(
                seq=seq,
                body=body,
                leaf_hash=merkle.leaf_hash(body),
                action=event.action,
                actor=event.actor,
                time=when,
            )
        )
    old_frontier = merkle.frontier(head.size)
    known = fetch_nodes(old_frontier)
    leaf_hashes = [bytes(e.leaf_hash) for e in entries]
    new_nodes = merkle.append_nodes(head.size, [known[n] for n in old_frontier], leaf_hashes)
    for entry in entries:
        known[(0, entry.seq)] = bytes(entry.leaf_hash)
    for level, index, digest in new_nodes:
        known[(level, index)] = digest
    new_size = head.size + len(entries)

    Entry.objects.bulk_create(entries, batch_size=BULK_BATCH)
    EntryItem.objects.bulk_create(
        [
            EntryItem(entry=entry, sha256=digests.sha256_hex)
            for entry, event in zip(entries, events, strict=True)
            for digests in dict.fromkeys(event.items)
        ],
        batch_size=BULK_BATCH,
    )
    TreeNode.objects.bulk_create(
        [TreeNode(key=node_key(level, index), hash=digest) for level, index, digest in new_nodes],
        batch_size=BULK_BATCH,
    )
    head.size = new_size
    head.root = merkle.range_hash(0, new_size, lambda level, index: known[(level, index)])
    head.save(update_fields=["size", "root"])
    return entries


def record(event: Event) -> Entry:
    """Append one event in a transaction of its own (for events that change no other record)."""
    with transaction.atomic():
        return append([event])[0]


def size() -> int:
    head = LogHead.objects.filter(id=1).first()
    return head.size if head else 0


def fetch_nodes(nodes: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Read stored perfect-subtree hashes in at most two queries (leaves, then inner nodes)."""
    wanted = set(nodes)
    leaves = [index for level, index in wanted if level == 0]
    inner = {node_key(level, index): (level, index) for level, index in wanted if level > 0}
    found: dict[tuple[int, int], bytes] = {}
    if leaves:
        for seq, leaf in Entry.objects.filter(seq__in=leaves).values_list("seq", "leaf_hash"):
            found[(0, seq)] = bytes(leaf)
    if inner:
        for key, digest in TreeNode.objects.filter(key__in=inner).values_list("key", "hash"):
            found[inner[key]] = bytes(digest)
    missing = wanted - found.keys()
    if missing:
        raise LedgerError(f"the stored tree lacks nodes {sorted(missing)[:5]}")
    return found


def _hash_ranges(ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    needed = [node for start, end in ranges for node in merkle.perfect_nodes(start, end)]
    known = fetch_nodes(needed)
    return [
        merkle.range_hash(start, end, lambda level, index: known[(level, index)])
        for start, end in ranges
    ]


def _check_size(tree_size: int) -> None:
    current = size()
    if tree_size < 0 or tree_size > current:
        raise LedgerError(f"the log has {current} entries, not {tree_size}")


def root_at(tree_size: int) -> bytes:
    _check_size(tree_size)
    if tree_size == 0:
        return merkle.EMPTY_ROOT
    return _hash_ranges([(0, tree_size)])[0]


def inclusion_proof(seq: int, tree_size: int) -> list[bytes]:
    _check_size(tree_size)
    if not 0 <= seq < tree_size:
        raise MalformedError(f"entry {seq} is not in a tree of size {tree_size}")
    return _hash_ranges(merkle.inclusion_ranges(seq, tree_size))


def consistency_proof(size1: int, size2: int) -> list[bytes]:
    _check_size(size2)
    if not 0 <= size1 <= size2:
        raise MalformedError(f"no consistency proof from size {size1} to {size2}")
    return _hash_ranges(merkle.consistency_ranges(size1, size2))


def history(sha256: str | None = None) -> QuerySet[Entry]:
    """Entries in log order, optionally only those that speak of one item."""
    entries = Entry.objects.order_by("seq")
    if sha256:
        entries = entries.filter(item_refs__sha256=sha256.lower())
    return entries
