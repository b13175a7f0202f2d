"""`sprava verify --workers N`: the records check shared among processes finds what one finds.

Run for real, in a child instance with its own database file (or PostgreSQL database), since
the workers are forked and open their own connections: a test's transaction would hide the
data from them (in there, verify keeps to one process).
"""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Instance

pytestmark = pytest.mark.slow

TAMPER = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute(\"UPDATE records_act SET description = 'Not beaten at all.' "
    "WHERE id = (SELECT MIN(id) FROM records_act)\")\n"
    "    cursor.execute(\"UPDATE records_personname SET text = 'Someone Else' "
    "WHERE id = (SELECT MAX(id) FROM records_personname)\")\n"
    "    cursor.execute('SELECT MIN(id) FROM records_act')\n"
    "    act = cursor.fetchone()[0]\n"
    "    cursor.execute('SELECT MAX(id) FROM records_personname')\n"
    "    name = cursor.fetchone()[0]\n"
    "print(act, name)\n"
)


def _verify(child: Instance, workers: int) -> tuple[int, dict[str, object]]:
    result = child.run("verify", "--json", "--workers", str(workers), check=False, timeout=300)
    return result.returncode, json.loads(result.stdout)


def _problems(child: Instance, workers: int) -> tuple[int, list[dict[str, object]]]:
    status, report = _verify(child, workers)
    return status, report["problems"]  # type: ignore[return-value]


def test_workers_find_what_one_process_finds(child: Instance) -> None:
    child.run("demo", "--small", timeout=300)
    (alone, one), (shared, three) = _verify(child, 1), _verify(child, 3)
    assert (alone, one["problems"]) == (shared, three["problems"]) == (0, [])
    # The rows each worker checked are added up: as many as one process checks.
    counted = ("blobs", "receipts", "rows", "tables", "adoptions")
    assert {k: one["checked"][k] for k in counted} == {k: three["checked"][k] for k in counted}
    assert one["checked"]["rows"] > 1000  # type: ignore[operator]

    act, name = child.run("manage", "shell", "-c", TAMPER).stdout.splitlines()[-1].split()
    expected = sorted([
        f"table records_act row {act}: field description differs from the value its ledger "
        "events give",
        f"table records_personname row {name}: field text differs from the value its ledger "
        "events give",
    ])
    for workers in (1, 2, 3):
        status, problems = _problems(child, workers)
        assert status == 1
        assert sorted(f"{p['subject']}: {p['message']}" for p in problems if p["fatal"]) \
            == expected, workers


def test_workers_must_be_at_least_one(child: Instance) -> None:
    result = child.run("verify", "--workers", "0", check=False)
    assert result.returncode == 2
    assert "--workers" in result.stderr
