"""The records audit in several processes: each checks a share of the tables, on a core of its own.

Folding, hashing and comparing millions of rows is work for the processor, not the database;
one process uses one core. The tables are shared out by size, each worker reads only its own
tables' entries (by subject range, on the subject index) and rows, and sends its problems and
progress back. The result is the same as in one process: the same checks, table by table.

Workers are forked, so they share the loaded code and the key, and each opens its own database
connection. They are used only where a fresh connection sees what the caller sees: not inside
a transaction (a test's, or anything uncommitted) and not on an in-memory database.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, connections

from sprava.integrity.errors import SpravaError
from sprava.ledger.audit import Problem, Tally

if TYPE_CHECKING:
    from sprava.rows.audit import Progress, Table

BATCH = 500  # problems a message
WAIT = 5.0  # seconds between looks at a worker that sends nothing (is it still alive?)

# A share's audit: its tables, where to report progress, and the tally to count into.
AuditGroup = Callable[["Sequence[Table]", "Progress", Tally], Iterator[Problem]]


class AuditWorkerError(SpravaError):
    """A worker of the records audit stopped without finishing its share."""


def default_workers() -> int:
    """One a core, at most four: beyond that the database, not the processor, is the limit."""
    return max(1, min(os.cpu_count() or 1, 4))


def may_fork() -> bool:
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()
    return not connection.in_atomic_block and not in_memory and sys.platform != "win32"


def groups(tables: Sequence[Table], workers: int) -> list[list[Table]]:
    """The tables shared out among at most `workers` groups of about equal rows (the largest
    table first into the lightest group); one group when workers may not be used."""
    if workers <= 1 or len(tables) <= 1 or not may_fork():
        return [list(tables)]
    sized = sorted(((t.model._default_manager.count(), t) for t in tables),
                   key=lambda pair: -pair[0])
    shares: list[tuple[int, list[Table]]] = [(0, []) for _ in range(min(workers, len(tables)))]
    for rows, table in sized:
        shares.sort(key=lambda share: share[0])
        weight, members = shares[0]
        shares[0] = (weight + rows + 1, [*members, table])
    return [members for _, members in shares if members]


def run(shares: Sequence[Sequence[Table]], audit_group: AuditGroup, total: int,
        progress: Progress | None, tally: Tally | None = None) -> Iterator[Problem]:
    """The problems of every share, each audited by `audit_group` in a forked worker; what the
    workers counted is added to `tally`."""
    context = multiprocessing.get_context("fork")
    messages: Any = context.Queue()
    connections.close_all()  # each worker opens its own; a shared one would be corrupted
    workers = [context.Process(target=_work, args=(index, share, audit_group, messages),
                               daemon=True) for index, share in enumerate(shares)]
    for worker in workers:
        worker.start()
    done = [0] * len(workers)
    running = set(range(len(workers)))
    try:
        while running:
            try:
                kind, index, value = messages.get(timeout=WAIT)
            except queues.Empty:
                for index in list(running):
                    if not workers[index].is_alive():
                        raise AuditWorkerError(
                            f"a records audit worker stopped (exit {workers[index].exitcode}) "
                            "before it finished") from None
                continue
            if kind == "problems":
                yield from value
            elif kind == "progress":
                done[index] = value
                if progress:
                    progress(sum(done), total)
            elif kind == "counts":
                if tally is not None:
                    tally.merge(value)
            elif kind == "error":
                raise AuditWorkerError(f"a records audit worker failed: {value}")
            else:  # "done"
                running.discard(index)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _work(index: int, share: Sequence[Table], audit_group: AuditGroup, messages: Any) -> None:
    """A worker's life: its share's problems in batches, its progress, what it counted, then
    "done"."""
    code = 0
    try:
        batch: list[Problem] = []
        counted = Tally()

        def report(done: int, _total: int) -> None:
            messages.put(("progress", index, done))

        for problem in audit_group(share, report, counted):
            batch.append(problem)
            if len(batch) >= BATCH:
                messages.put(("problems", index, batch))
                batch = []
        messages.put(("problems", index, batch))
        messages.put(("counts", index, counted.counts()))
        messages.put(("done", index, None))
    except BaseException as exc:  # whatever it is, the parent must hear of it
        messages.put(("error", index, f"{type(exc).__name__}: {exc}"))
        code = 1
    finally:
        connections.close_all()
        messages.close()
        messages.join_thread()  # everything sent is delivered before the process ends
        os._exit(code)  # no atexit of the parent's (test runners, servers) in a fork
