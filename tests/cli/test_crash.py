"""A process killed at any moment of an ingest leaves whole items or nothing that counts."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Instance
from tests.cli.test_commands import make_files

FILES = 150


def wait_for_blobs(child: Instance, count: int, timeout: float = 60) -> None:
    """Wait until the running ingest has committed `count` blobs to the vault."""
    objects = child.home / "vault" / "objects"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if objects.exists() and sum(1 for p in objects.rglob("*") if p.is_file()) >= count:
            return
        time.sleep(0.005)
    pytest.fail(f"the ingest did not reach {count} blobs")


@pytest.mark.slow
@pytest.mark.parametrize(("blobs", "extra_delay"), [(1, 0.0), (40, 0.013), (100, 0.031)])
def test_kill_9_during_ingest_of_many_files_leaves_a_verifiable_locker(
    tmp_path: Path, child: Instance, blobs: int, extra_delay: float
) -> None:
    folder = tmp_path / "in"
    make_files(folder, FILES, size=48 * 1024)

    # 1. Kill the ingest with SIGKILL part-way, at moments that differ from run to run.
    process = child.popen("ingest", str(folder), "--json")
    wait_for_blobs(child, blobs)
    time.sleep(extra_delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the ingest ended before it was killed"

    # 2. What was recorded is whole: verify finds no problem, at most sweepable leftovers.
    audit = child.run("verify", "--json", check=False)
    report = json.loads(audit.stdout)
    assert audit.returncode == 0, report["problems"]
    assert all(not p["fatal"] for p in report["problems"])

    # 3. The leftovers are swept, after which verify is silent.
    child.run("sweep", "--older-than", "0")
    report = json.loads(child.run("verify", "--json").stdout)
    assert report["problems"] == []

    # 4. Ingesting again completes the work: every file once, none lost, none doubled.
    done = json.loads(child.run("ingest", str(folder), "--json").stdout)
    stored = len(done["ingested"]) + len(done["duplicates"])
    assert stored == FILES
    assert done["failed"] == []
    items = {
        e["items"][0]["sha256"]
        for e in json.loads(child.run("log", "--json").stdout)
        if e["action"] == "evidence:item:received"
    }
    assert len(items) == FILES
    assert json.loads(child.run("verify", "--json").stdout)["ok"] is True
