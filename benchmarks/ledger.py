"""Ledger benchmark, run in a child process: `python -m benchmarks.ledger --out FILE ...`.

The parent sets SPRAVA_HOME (a scratch folder) and, for PostgreSQL, DATABASE_URL (a scratch
database); this process migrates that database and measures, in it:

1. appending N entries with `sprava.ledger.log.append`, in batches, one transaction each,
   against inserting the very same entry bytes into a plain (seq, body) table made with raw SQL,
   in the same batches and transactions;
2. for information, the same with one entry per transaction (what one ingested file costs),
   and one entry per transaction each followed by a signed checkpoint (what every request or
   command that writes costs), each beside plain inserts in the same run;
3. inclusion and consistency proofs at M entries: time, queries and rows read per proof.

It writes its figures as JSON to --out; the parent prints them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

PLAIN_TABLE = "benchmark_plain_entry"


def progress(text: str) -> None:
    print(f"   ... {text}", file=sys.stderr, flush=True)


def make_events(start: int, count: int) -> list[Any]:
    """Events shaped like a real intake's: one item's digests, the receipt details."""
    from sprava.integrity.hashing import Digests
    from sprava.ledger.events import Event
    from sprava.ledger.tags import ITEM_RECEIVED

    rng = random.Random(start)
    events = []
    for i in range(start, start + count):
        name = f"IMG_{i:07d}.jpg"
        events.append(
            Event(
                actor="cli:benchmark",
                action=ITEM_RECEIVED,
                items=(Digests(rng.randbytes(32), rng.randbytes(64), rng.randrange(1, 1 << 30)),),
                details={
                    "filename": name,
                    "media_type": "image/jpeg",
                    "duplicate": False,
                    "source_path": f"/media/evidence/card-{i // 1000:04d}/{name}",
                },
            )
        )
    return events


def bodies(start: int, events: Sequence[Any], when: datetime) -> list[tuple[int, bytes]]:
    """The exact entry bytes `append` will store for these events at these sequence numbers."""
    from sprava.ledger.events import canonical, entry_document

    return [
        (start + i, canonical(entry_document(start + i, when, e))) for i, e in enumerate(events)
    ]


def batches(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(size, total - start)


def create_plain_table() -> None:
    from django.db import connection

    blob = "BYTEA" if connection.vendor == "postgresql" else "BLOB"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PLAIN_TABLE} (seq BIGINT PRIMARY KEY, body {blob} NOT NULL)")


def insert_plain(rows: Sequence[tuple[int, bytes]]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {PLAIN_TABLE} (seq, body) VALUES (%s, %s)", rows)


def append_events(events: Sequence[Any], when: datetime) -> None:
    from django.db import transaction

    from sprava.ledger import log

    with transaction.atomic():
        log.append(events, now=when)


class Stopwatch:
    """Adds up the time spent inside `with watch:` blocks."""

    def __init__(self) -> None:
        self.total = 0.0
        self._start = 0.0

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.total += time.perf_counter() - self._start


def same_bytes(first: int, count: int) -> int:
    """How many of entries [first, first + count) equal the plain table's bytes."""
    from django.db import connection

    from sprava.ledger.models import Entry

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {Entry._meta.db_table} e JOIN {PLAIN_TABLE} p "
            "ON p.seq = e.seq WHERE e.body = p.body AND e.seq >= %s AND e.seq < %s",
            [first, first + count],
        )
        row = cursor.fetchone()
    return int(row[0])


def bench_append(entries: int, batch: int) -> dict[str, Any]:
    """N entries in batches: plain inserts, then ledger appends, both timed per batch."""
    from django.utils import timezone

    from sprava.ledger import log

    first = log.size()
    when = timezone.now()
    plain, ledger = Stopwatch(), Stopwatch()
    for start, count in batches(entries, batch):
        events = make_events(first + start, count)
        rows = bodies(first + start, events, when)  # the bytes are given to the baseline
        with plain:
            insert_plain(rows)
        with ledger:
            append_events(events, when)
        if (start // batch) % 20 == 19:
            progress(f"appended {start + count:,} of {entries:,}")
    identical = same_bytes(first, entries)
    if identical != entries:
        raise SystemExit(f"only {identical} of {entries} ledger entries match the plain bytes")
    return {"entries": entries, "batch": batch, "plain": plain.total, "ledger": ledger.total}


def build_to(size: int, batch: int) -> dict[str, Any]:
    """Grow the log to `size` entries with append in large batches (untimed figures aside)."""
    from django.utils import timezone

    from sprava.ledger import log

    first = log.size()
    started = time.perf_counter()
    when = timezone.now()
    for done, count in batches(size - first, batch):
        append_events(make_events(first + done, count), when)
        if (done // batch) % 10 == 9:
            elapsed = time.perf_counter() - started
            progress(f"built {first + done + count:,} of {size:,} entries ({elapsed:.0f} s)")
    return {"from": first, "to": size, "batch": batch, "seconds": time.perf_counter() - started}


class RowCounter:
    """A Django execute wrapper: counts queries and the rows each SELECT returns.

    Rows are counted by running the same SELECT, with the same parameters, wrapped in
    SELECT COUNT(*); that extra query is not counted, and this pass is not the timed one.
    """

    def __init__(self) -> None:
        self.queries = 0
        self.rows = 0
        self._inside = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        result = execute(sql, params, many, context)
        if self._inside:
            return result
        self.queries += 1
        if sql.lstrip().upper().startswith("SELECT"):
            from django.db import connection

            self._inside = True
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
                    self.rows += int(cursor.fetchone()[0])
            finally:
                self._inside = False
        return result


def measure_proofs(make: Callable[[int], list[bytes]], cases: Sequence[int]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # 1. Time: no query capture, no counting, nothing but the proof.
    times = []
    for case in cases:
        start = time.perf_counter()
        make(case)
        times.append(time.perf_counter() - start)
    # 2. Queries, as Django's own test tooling counts them.
    queries = []
    for case in cases:
        with CaptureQueriesContext(connection) as captured:
            make(case)
        queries.append(len(captured.captured_queries))
    # 3. Rows read by those queries.
    rows = []
    for case in cases:
        counter = RowCounter()
        with connection.execute_wrapper(counter):
            make(case)
        rows.append(counter.rows)
    return {"count": len(cases), "times": times, "queries": queries, "rows": rows}


def bench_proofs(size: int, inclusion: int, consistency: int) -> dict[str, Any]:
    from sprava.integrity import merkle
    from sprava.ledger import log
    from sprava.ledger.models import Entry

    rng = random.Random(9162)
    seqs = [rng.randrange(size) for _ in range(inclusion)]
    olds = [rng.randrange(1, size) for _ in range(consistency)]
    result = {
        "size": size,
        "inclusion": measure_proofs(lambda seq: log.inclusion_proof(seq, size), seqs),
        "consistency": measure_proofs(lambda old: log.consistency_proof(old, size), olds),
    }
    # Every proof that was timed must also be right (untimed).
    root = log.root_at(size)
    leaves = dict(Entry.objects.filter(seq__in=seqs).values_list("seq", "leaf_hash"))
    for seq in seqs:
        proof = log.inclusion_proof(seq, size)
        merkle.verify_inclusion(bytes(leaves[seq]), seq, size, proof, root)
    for old in olds:
        proof = log.consistency_proof(old, size)
        merkle.verify_consistency(old, size, proof, log.root_at(old), root)
    result["verified"] = True
    return result


def bench_single(count: int) -> dict[str, Any]:
    """One entry per transaction: the ledger's share of ingesting one file."""
    from django.utils import timezone

    from sprava.ledger import log

    first = log.size()
    events = make_events(first, count)
    plain, ledger = Stopwatch(), Stopwatch()
    for i, event in enumerate(events):
        when = timezone.now()
        rows = bodies(first + i, [event], when)
        with plain:
            insert_plain(rows)
        with ledger:
            append_events([event], when)
    if same_bytes(first, count) != count:
        raise SystemExit("single appends do not match the plain bytes")
    return {"entries": count, "plain": plain.total, "ledger": ledger.total}


def bench_signed(count: int) -> dict[str, Any]:
    """One entry per transaction, each followed by a signed checkpoint over it, as every request
    and command that writes now ends (`sprava.home.signing.sign_appended`), beside plain inserts."""
    from django.utils import timezone

    from sprava.home import keys, signing
    from sprava.ledger import log
    from sprava.ledger.models import Checkpoint

    # The real path: the instance's keys in SPRAVA_HOME (made untimed), its copy outside the
    # database read, checked and replaced on every signature.
    passphrase = "benchmark passphrase"
    keys.create_keys(passphrase, "sprava.bench/ledger")
    keys.KEYRING.unlock(passphrase)
    signing.sign_checkpoint()  # the earlier figures' entries are not this one's
    first = log.size()
    events = make_events(first, count)
    plain, signed = Stopwatch(), Stopwatch()
    for i, event in enumerate(events):
        when = timezone.now()
        rows = bodies(first + i, [event], when)
        with plain:
            insert_plain(rows)
        with signed:
            append_events([event], when)
            signing.sign_appended()
    if same_bytes(first, count) != count:
        raise SystemExit("signed appends do not match the plain bytes")
    if Checkpoint.objects.filter(size__gt=first).count() != count:
        raise SystemExit("not every signed append left its own checkpoint")
    return {"entries": count, "plain": plain.total, "signed": signed.total, "from": first}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ledger")
    parser.add_argument("--out", required=True)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--single", type=int, default=2000)
    parser.add_argument("--proof-entries", type=int, default=1_000_000)
    parser.add_argument("--build-batch", type=int, default=10_000)
    parser.add_argument("--inclusion", type=int, default=1000)
    parser.add_argument("--consistency", type=int, default=100)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sprava.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    create_plain_table()
    results: dict[str, Any] = {"vendor": connection.vendor}
    progress(f"ledger: {args.entries:,} entries in batches of {args.batch:,}")
    results["append"] = bench_append(args.entries, args.batch)
    if args.single:
        progress(f"ledger: {args.single:,} entries, one transaction each")
        results["single"] = bench_single(args.single)
        progress(f"ledger: {args.single:,} entries, one transaction and one checkpoint each")
        results["signed"] = bench_signed(args.single)
    if args.proof_entries:
        from sprava.ledger import log

        target = max(args.proof_entries, log.size())
        progress(f"ledger: growing the log to {target:,} entries for the proofs")
        results["build"] = build_to(target, args.build_batch)
        progress(f"ledger: {args.inclusion} inclusion and {args.consistency} consistency proofs")
        results["proofs"] = bench_proofs(target, args.inclusion, args.consistency)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
