"""Several workers appending and signing at once, as several `sprava serve` processes with their
threads do: the checkpoints never fork, every entry ends up covered, the copy kept outside the
database is the latest checkpoint, and `verify` is clean.

On PostgreSQL (DATABASE_URL) signers and appenders queue on the log head's row lock; on SQLite
on the database's write lock (the CLI and `serve` share one file). Both are run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Instance
from tests.cli.test_checkpoint import database, sizes

ROOT = Path(__file__).resolve().parents[2]
WORKERS, THREADS, REQUESTS = 2, 2, 40


def test_workers_signing_at_once_never_fork_and_cover_every_entry(
    tmp_path: Path, child: Instance
) -> None:
    before, _ = sizes(child)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.cli.signing_worker", f"worker{w}", str(THREADS),
             str(REQUESTS), str(go)],
            cwd=ROOT, env=child.env, text=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for w in range(WORKERS)
    ]
    try:
        for worker in workers:  # all keys unlocked before any starts: they run at once
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", worker.communicate()[1]
        go.touch()
        results = [worker.communicate(timeout=300) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [worker.returncode for worker in workers] == [0] * WORKERS, results

    # Every entry is there and covered by the latest signed checkpoint.
    size, signed = sizes(child)
    assert size == before + WORKERS * THREADS * sum(1 + r % 3 for r in range(REQUESTS))
    assert signed == size
    # Checkpoints only grow, one per size (a second one at a size would be a fork).
    with database(child) as (conn, _):
        cursor = conn.cursor()
        cursor.execute("SELECT size FROM ledger_checkpoint ORDER BY id")
        order = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT note FROM ledger_checkpoint ORDER BY size DESC LIMIT 1")
        latest_note = cursor.fetchone()[0]
    assert order == sorted(set(order))
    assert len(order) > WORKERS * THREADS  # they did sign in turn, not once at the end
    # The copy kept outside the database is the latest checkpoint, not an older one.
    assert (child.home / "checkpoint.latest").read_text(encoding="utf-8") == latest_note
    # verify finds nothing: every checkpoint verifies and extends the one before and the
    # kept copy; no tail is unsigned.
    report = child.run("verify", "--json", check=False)
    assert report.returncode == 0, report.stdout + report.stderr
    assert json.loads(report.stdout)["problems"] == []
