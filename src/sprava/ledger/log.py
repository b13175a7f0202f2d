"""Appending to the custody log and reading roots and proofs from its stored tree.

Every function that writes must run inside the caller's database transaction, the same one as
the change the entry records: either both are committed or neither is.

The hot paths (append, node reads) use SQL through Django's cursor rather than the ORM, whose
per-query and per-value compilation cost several times the database's own work here. That SQL
is built only from the models' own table and column names, quoted, and every value is a query
parameter; the models stay the schema.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model, QuerySet
from django.utils import timezone

from sprava.integrity import merkle
from sprava.integrity.errors import MalformedError, SpravaError
from sprava.ledger.events import Event, canonical, entry_document
from sprava.ledger.models import Entry, EntryItem, LogHead, TreeNode, node_key

BULK_BATCH = 2000
_SAFE_INTEGER = 2**53 - 1  # RFC 8785 numbers are IEEE doubles


class LedgerError(SpravaError):
    """The custody log was used wrongly (outside a transaction, a size it does not have)."""


# Set by `append` in the thread that appended: the request or command running in this thread
# then owes a signed checkpoint (see `sprava.home.signing.sign_appended`). Per thread, as Django's
# connections are: each web request and each command runs in one thread.
_appended = threading.local()


def take_appended() -> bool:
    """Whether this thread appended since the last call; clears the mark."""
    was = bool(getattr(_appended, "value", False))
    _appended.value = False
    return was


def _locked_head() -> LogHead:
    # FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions hold the write lock already.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    fields = [f.attname for f in LogHead._meta.concrete_fields]  # from_db wants model order
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_column(LogHead, f) for f in fields)} "  # noqa: S608
            f"FROM {_table(LogHead)} WHERE {_column(LogHead, 'id')} = %s{lock}",
            [1],
        )
        row = cursor.fetchone()
    if row is not None:
        return LogHead.from_db(connection.alias, fields, row)
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
    _appended.value = True  # even if this transaction rolls back: signing then finds nothing
    head = _locked_head()
    when = now or timezone.now()
    entries: list[Entry] = []
    for offset, event in enumerate(events):
        seq = head.size + offset
        body = _canonical(entry_document(seq, when, event))
        entries.append(
            Entry(
                seq=seq,
                body=body,
                leaf_hash=merkle.leaf_hash(body),
                action=event.action,
                actor=event.actor,
                subject=event.subject,
                case=event.case or "",
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

    when_db = Entry._meta.get_field("time").get_db_prep_save(when, connection)
    _insert(
        Entry,
        ("seq", "body", "leaf_hash", "action", "actor", "subject", "case", "time"),
        [(e.seq, e.body, e.leaf_hash, e.action, e.actor, e.subject, e.case, when_db)
         for e in entries],
    )
    _insert(
        EntryItem,
        ("entry", "sha256"),
        [
            (entry.seq, digests.sha256_hex)
            for entry, event in zip(entries, events, strict=True)
            for digests in dict.fromkeys(event.items)
        ],
    )
    _insert(
        TreeNode,
        ("key", "hash"),
        [(node_key(level, index), digest) for level, index, digest in new_nodes],
    )
    for entry in entries:  # as bulk_create would leave them: saved, in this database
        entry._state.adding = False
        entry._state.db = connection.alias
    root = merkle.range_hash(0, new_size, lambda level, index: known[(level, index)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(LogHead)} SET {_column(LogHead, 'size')} = %s, "  # noqa: S608
            f"{_column(LogHead, 'root')} = %s WHERE {_column(LogHead, 'id')} = %s",
            [new_size, root, head.pk],
        )
        if cursor.rowcount != 1:
            raise LedgerError("the log head vanished while it was locked")
    head.size, head.root = new_size, root
    return entries


def _canonical(document: dict[str, Any]) -> bytes:
    """RFC 8785 bytes of an entry document, the same as `events.canonical`, several times faster.

    rfc8785 is pure Python, and canonicalising cost more than all else in an append. For a
    document made only of str, int (within +-(2**53 - 1)), bool, None, list and dict with ASCII
    keys, RFC 8785 is what json.dumps writes with sorted keys, no spaces and no ASCII escaping:
    rfc8785 escapes strings with the json module's own table, and ASCII keys sort the same by
    code point as by UTF-16 unit. Anything else (floats, big ints, other types, non-ASCII keys,
    unencodable text) goes to rfc8785 itself, errors included. Entries are still checked with
    rfc8785 when read (events.parse_entry), so a difference could not pass unnoticed.
    """
    if _plain_json(document):
        try:
            return json.dumps(
                document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            ).encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            pass  # e.g. a lone surrogate: rfc8785 raises its own error for it
    return canonical(document)


def _plain_json(document: object) -> bool:
    # Exact types only: subclasses (enums, OrderedDict) keep the reference implementation.
    pending = [document]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind is str or kind is bool or value is None:
            continue
        if isinstance(value, int) and kind is int:
            if not -_SAFE_INTEGER <= value <= _SAFE_INTEGER:
                return False
        elif isinstance(value, dict) and kind is dict:
            for key in value:
                if type(key) is not str or not key.isascii():
                    return False
            pending.extend(value.values())
        elif isinstance(value, list) and kind is list:
            pending.extend(value)
        else:
            return False
    return True


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise LedgerError(f"{model.__name__}.{name} is not a column")
    return connection.ops.quote_name(field.column)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _insert(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT rows with one prepared statement (executemany), in the caller's transaction.

    The ORM's bulk_create compiles every value of every row through the field machinery; on
    these append-only tables that cost several times the database's own work. The values given
    here are already what the columns hold (int, str, bytes, a time adapted by its field), and
    `fields` must name every column but an automatic key, so a new column fails here, loudly.
    """
    if not rows:
        return
    opts = model._meta
    column_of = {f.name: f.column for f in opts.concrete_fields if f is not opts.auto_field}
    if sorted(fields) != sorted(column_of):
        raise LedgerError(
            f"append writes {model.__name__} columns {fields}, the model has {list(column_of)}"
        )
    columns = ", ".join(connection.ops.quote_name(str(column_of[name])) for name in fields)
    sql = f"INSERT INTO {_table(model)} ({columns}) VALUES ({_marks(len(fields))})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BULK_BATCH):
            cursor.executemany(sql, rows[start : start + BULK_BATCH])


def record(event: Event) -> Entry:
    """Append one event in a transaction of its own (for events that change no other record)."""
    with transaction.atomic():
        return append([event])[0]


def size() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_column(LogHead, 'size')} FROM {_table(LogHead)} "  # noqa: S608
            f"WHERE {_column(LogHead, 'id')} = %s",
            [1],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def fetch_nodes(nodes: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Read stored perfect-subtree hashes (leaves from Entry, the rest from TreeNode) in one
    query; LedgerError if any is missing."""
    wanted = set(nodes)
    leaves = sorted(index for level, index in wanted if level == 0)
    inner = {node_key(level, index): (level, index) for level, index in wanted if level > 0}
    selects = []
    if leaves:
        seq = _column(Entry, "seq")
        selects.append(
            f"SELECT 0, {seq}, {_column(Entry, 'leaf_hash')} FROM {_table(Entry)} "  # noqa: S608
            f"WHERE {seq} IN ({_marks(len(leaves))})"
        )
    if inner:
        key = _column(TreeNode, "key")
        selects.append(
            f"SELECT 1, {key}, {_column(TreeNode, 'hash')} FROM {_table(TreeNode)} "  # noqa: S608
            f"WHERE {key} IN ({_marks(len(inner))})"
        )
    found: dict[tuple[int, int], bytes] = {}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), [*leaves, *inner])
            for from_tree, key, digest in cursor.fetchall():
                found[inner[key] if from_tree else (0, key)] = bytes(digest)
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
