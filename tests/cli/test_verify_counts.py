"""`sprava verify` says what it checked, with counts, beside what it found.

A clean report that checked nothing (an empty table list, a vault it could not see) must not
read like one that checked everything: the counts say which it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sprava.cli import main
from sprava.cli.audit import tables
from sprava.evidence.models import Item, Receipt
from sprava.ledger.audit import Tally
from sprava.ledger.models import Checkpoint, Entry
from sprava.rows.audit import audit_records

pytestmark = pytest.mark.django_db


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def ingested(home: Path, documenter: Any, tmp_path: Path,
             capsys: pytest.CaptureFixture[str]) -> None:
    for name, content in (("a.bin", b"first"), ("b.bin", b"second"), ("c.bin", b"first")):
        (tmp_path / name).write_bytes(content)
        assert sprava(capsys, "ingest", str(tmp_path / name))[0] == 0


def test_verify_counts_blobs_receipts_entries_checkpoints_and_rows(
        ingested: None, capsys: pytest.CaptureFixture[str]) -> None:
    entries, checkpoints = Entry.objects.count(), Checkpoint.objects.count()
    code, out = sprava(capsys, "verify", "--json")
    assert code == 0
    checked = json.loads(out)["checked"]
    assert checked["blobs"] == Item.objects.count() == 2  # the same bytes twice: one blob
    assert checked["receipts"] == Receipt.objects.count() == 3
    assert checked["entries"] == entries and checked["checkpoints"] == checkpoints
    assert checked["kept_checkpoints"] == 1  # the instance's own copy outside the database
    assert checked["tables"] == len(tables())
    assert checked["rows"] > 0 and checked["adoptions"] == 0
    assert list(checked) == ["blobs", "receipts", "entries", "tree_nodes", "checkpoints",
                             "kept_checkpoints", "rows", "tables", "adoptions"]


def test_verify_says_the_counts_in_words_and_records_them(
        ingested: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = sprava(capsys, "verify")
    assert code == 0
    said = out.splitlines()
    assert said[-1] == "verify: all checks passed"
    assert said[-2].startswith("verify: checked 2 blobs, 3 receipts, ")
    assert " rows in " in said[-2] and said[-2].endswith(", 0 adoptions")
    event = json.loads(bytes(Entry.objects.filter(action="ledger:audit:completed").get().body))
    assert event["details"]["checked"]["blobs"] == 2


def test_the_counts_stand_beside_the_problems_they_do_not_replace(
        ingested: None, capsys: pytest.CaptureFixture[str]) -> None:
    Receipt.objects.filter(pk=Receipt.objects.order_by("id")[0].pk).update(notes="edited")
    code, out = sprava(capsys, "verify", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["problems"]
    assert report["checked"]["receipts"] == 3


def test_a_tally_counts_what_the_records_audit_checked_each_table_and_row(home: Path) -> None:
    tally = Tally()
    found = list(audit_records(tables(), tally=tally))
    assert [p for p in found if p.fatal] == []
    summary = tally.summary()
    assert summary["tables"] == len(tables()) and summary["adoptions"] == 0
    assert summary["rows"] == sum(t.model._default_manager.count() for t in tables())
    assert summary["nothing counted under this name"] == 0
