"""A full audit of the custody log: every entry, every stored node, every checkpoint.

It collects every problem instead of stopping at the first, so one run tells an auditor all that
is wrong, naming each entry, node or checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sprava.integrity import checkpoint as tlog
from sprava.integrity import merkle
from sprava.integrity.errors import SpravaError
from sprava.integrity.note import Verifier
from sprava.ledger import checkpoints, log
from sprava.ledger.events import parse_entry
from sprava.ledger.models import (
    NODE_LEVEL_SHIFT,
    Checkpoint,
    Entry,
    EntryItem,
    LogHead,
    TreeNode,
    node_key,
)

CHUNK = 4096


@dataclass(frozen=True)
class Problem:
    subject: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


Progress = Callable[[int, int], None]

# What the log's audit counts (`Tally`).
ENTRIES = "entries"
TREE_NODES = "tree_nodes"
CHECKPOINTS = "checkpoints"
KEPT_CHECKPOINTS = "kept_checkpoints"


class Tally:
    """What an audit has checked, counted as it goes: each audit function given one adds what
    it looked at (entries, blobs, rows ...), whatever it found. Counts only: every finding is
    still a `Problem`, and a count says nothing of whether a check passed."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def add(self, what: str, count: int = 1) -> None:
        self._counts[what] = self._counts.get(what, 0) + count

    def merge(self, counts: Mapping[str, int]) -> None:
        """Add another tally's counts (a worker process's, sent back as a mapping)."""
        for what, count in counts.items():
            self.add(what, count)

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def summary(self) -> Checked:
        return Checked(tuple(self._counts.items()))


@dataclass(frozen=True)
class Checked:
    """What one run of an audit checked, by kind, in the order the audit went."""

    counts: tuple[tuple[str, int], ...]

    def __getitem__(self, what: str) -> int:
        return dict(self.counts).get(what, 0)

    def as_dict(self) -> dict[str, int]:
        return dict(self.counts)


def audit_log(verifier: Verifier, progress: Progress | None = None,
              tally: Tally | None = None) -> Iterator[Problem]:
    """Every problem of the custody log; `tally` counts the entries, stored tree nodes and
    checkpoints it checked."""
    head = LogHead.objects.filter(id=1).first()
    size = head.size if head else 0
    checkpoints = list(Checkpoint.objects.order_by("size"))
    wanted_roots = {cp.size for cp in checkpoints} | {size}
    roots: dict[int, bytes] = {0: merkle.EMPTY_ROOT}
    stack: list[tuple[int, int, bytes]] = []  # (level, index, hash) of the right frontier
    pending: dict[int, bytes] = {}  # recomputed inner nodes not yet compared with the stored
    expected_seq = 0

    # 1. Entries in order: contiguous, canonical, hashed right, indexed right.
    gap = False
    for batch in _entry_batches():
        refs = _item_refs(batch[0].seq, batch[-1].seq)
        for entry in batch:
            if entry.seq != expected_seq:
                yield Problem(f"entry {expected_seq}", f"missing (next stored is {entry.seq})")
                gap = True
                break
            yield from _check_entry(entry, refs.get(entry.seq, set()))
            _push_leaf(stack, pending, entry.seq, merkle.leaf_hash(bytes(entry.body)))
            expected_seq += 1
            if expected_seq in wanted_roots:
                roots[expected_seq] = _fold(stack)
        yield from _compare_nodes(pending)
        if progress:
            progress(expected_seq, size)
        if gap:
            break
    if expected_seq != size:
        yield Problem("log head", f"says {size} entries, {expected_seq} are stored in sequence")
    if tally is not None:
        tally.add(ENTRIES, expected_seq)

    # 2. No stored nodes beyond those the entries give (a grafted subtree would hide here).
    stored_nodes = TreeNode.objects.count()
    expected_nodes = expected_seq - bin(expected_seq).count("1")
    if tally is not None:
        tally.add(TREE_NODES, stored_nodes)
    if stored_nodes != expected_nodes:
        yield Problem("tree", f"{stored_nodes} stored nodes, {expected_nodes} expected")

    # 3. The head's root is the recomputed root.
    if head is not None and expected_seq == size and bytes(head.root) != roots[size]:
        yield Problem("log head", "root does not match the root recomputed from the entries")

    # 4. Each checkpoint: signed by the instance key, over the recomputed root at its size,
    #    and consistent with the one before it.
    if tally is not None:
        tally.add(CHECKPOINTS, len(checkpoints))
    previous: Checkpoint | None = None
    for cp in checkpoints:
        yield from _check_checkpoint(cp, verifier, roots.get(cp.size))
        if previous is not None and cp.size <= size:
            try:
                proof = log.consistency_proof(previous.size, cp.size)
                merkle.verify_consistency(
                    previous.size, cp.size, proof, bytes(previous.root), bytes(cp.root)
                )
            except SpravaError as exc:
                yield Problem(
                    f"checkpoint {cp.size}",
                    f"not consistent with checkpoint {previous.size}: {exc}",
                )
        previous = cp

    # 5. Every entry is covered by a signed checkpoint, or is younger than the signing bound.
    yield from audit_tail()
    if progress:
        progress(size, size)


def audit_tail(
    bound: timedelta = checkpoints.SIGNING_BOUND, now: datetime | None = None
) -> Iterator[Problem]:
    """The entries after the latest checkpoint: a problem once older than the bound.

    Requests and commands sign when they end, so a tail older than the bound means signing
    failed (keys locked, a crash) or someone wrote around Sprava: nothing vouches for those
    entries, and a forger could cut them with their tree nodes unseen. A younger tail is a
    write still in progress, and no finding.
    """
    tail = checkpoints.unsigned_tail()
    if tail is None:
        return
    age = tail.age(now)
    if age > bound:
        yield Problem(
            "unsigned tail",
            f"{tail.size} entries ({tail.first} to {tail.first + tail.size - 1}) are covered "
            f"by no signed checkpoint, the oldest for {_duration(age)} "
            f"(more than {_duration(bound)})",
        )


def _duration(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def audit_kept_checkpoint(
    note_text: str, verifier: Verifier, origin: str, name: str, tally: Tally | None = None
) -> Iterator[Problem]:
    """Is the log consistent with a checkpoint kept outside this database (a partner's copy)?

    See `checkpoints.check_extends`, which signing runs too, for what it catches.
    """
    subject = f"checkpoint {name}"
    if tally is not None:
        tally.add(KEPT_CHECKPOINTS)
    # 1. It is a checkpoint of this log, signed by this log's key.
    try:
        kept = tlog.open_checkpoint(note_text, verifier, origin=origin)
    except SpravaError as exc:
        yield Problem(subject, f"not a checkpoint of this log with a signature by its key: {exc}")
        return
    # 2. The log extends it: no rollback, no fork.
    try:
        checkpoints.check_extends(kept, log.size())
    except SpravaError as exc:
        yield Problem(subject, str(exc))


def _entry_batches() -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=CHUNK):
        batch.append(entry)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _item_refs(first: int, last: int) -> dict[int, set[str]]:
    refs: dict[int, set[str]] = {}
    rows = EntryItem.objects.filter(entry_id__gte=first, entry_id__lte=last)
    for seq, sha256 in rows.values_list("entry_id", "sha256"):
        refs.setdefault(seq, set()).add(sha256)
    return refs


def _check_entry(entry: Entry, refs: set[str]) -> Iterator[Problem]:
    subject = f"entry {entry.seq}"
    body = bytes(entry.body)
    if merkle.leaf_hash(body) != bytes(entry.leaf_hash):
        yield Problem(subject, "stored leaf hash does not match the entry bytes")
    try:
        document = parse_entry(body)
    except SpravaError as exc:
        yield Problem(subject, str(exc))
        return
    if document.get("seq") != entry.seq:
        yield Problem(subject, f"body says sequence {document.get('seq')}")
    if (
        document.get("action"),
        document.get("actor"),
        document.get("subject") or "",
        document.get("case") or "",
    ) != (entry.action, entry.actor, entry.subject, entry.case):
        yield Problem(subject, "action, actor, subject or case columns differ from the entry bytes")
    items = {item.get("sha256") for item in document.get("items", []) if isinstance(item, dict)}
    if items != refs:
        yield Problem(subject, "item index differs from the items the entry names")


def _push_leaf(
    stack: list[tuple[int, int, bytes]], pending: dict[int, bytes], seq: int, leaf: bytes
) -> None:
    stack.append((0, seq, leaf))
    while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
        level, _, right = stack.pop()
        _, left_index, left = stack.pop()
        node = (level + 1, left_index >> 1, merkle.node_hash(left, right))
        stack.append(node)
        pending[node_key(node[0], node[1])] = node[2]


def _fold(stack: list[tuple[int, int, bytes]]) -> bytes:
    if not stack:
        return merkle.EMPTY_ROOT
    digest = stack[-1][2]
    for _, _, left in reversed(stack[:-1]):
        digest = merkle.node_hash(left, digest)
    return digest


def _compare_nodes(pending: dict[int, bytes]) -> Iterator[Problem]:
    keys = list(pending)
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        stored = dict(TreeNode.objects.filter(key__in=batch).values_list("key", "hash"))
        for key in batch:
            level, index = key >> NODE_LEVEL_SHIFT, key & ((1 << NODE_LEVEL_SHIFT) - 1)
            if key not in stored:
                yield Problem(f"tree node {level}/{index}", "missing from the stored tree")
            elif bytes(stored[key]) != pending[key]:
                yield Problem(f"tree node {level}/{index}", "differs from the recomputed hash")
    pending.clear()


def _check_checkpoint(cp: Checkpoint, verifier: Verifier, root: bytes | None) -> Iterator[Problem]:
    subject = f"checkpoint {cp.size}"
    try:
        signed = tlog.open_checkpoint(cp.note, verifier)
    except SpravaError as exc:
        yield Problem(subject, f"signature does not verify: {exc}")
        return
    if signed.size != cp.size or signed.root_hash != bytes(cp.root):
        yield Problem(subject, "signed body differs from the stored size or root")
    if root is None:
        yield Problem(subject, "is beyond the entries stored in the log")
    elif root != signed.root_hash:
        yield Problem(subject, "signed root differs from the root recomputed from the entries")
