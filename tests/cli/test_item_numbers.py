"""The command line names items by the numbers the pages give them (`evidence.visibility`).

An item's number is the number of an arrival of it, not its row id: had `sprava prove 2` read
row 2, an operator given "item 2" from a page would hand a court the proof of another file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sprava.cli import main
from sprava.evidence.models import Receipt

pytestmark = pytest.mark.django_db


def sprava(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_log_and_prove_find_an_item_by_the_number_of_any_of_its_arrivals(
        home: Path, documenter: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, other = tmp_path / "first.bin", tmp_path / "other.bin"
    first.write_bytes(b"the first file")
    other.write_bytes(b"another file")
    for path in (first, first, other):  # the second arrival of `first` is receipt 2
        sprava(capsys, "ingest", str(path), "--json")
    again = Receipt.objects.filter(original_filename="first.bin").order_by("id")[1]
    sha256 = again.item.sha256
    assert again.item.pk != again.pk  # the numbers and the row ids part here
    entries = json.loads(sprava(capsys, "log", "--item", str(again.pk), "--json"))
    assert {i["sha256"] for e in entries for i in e["items"]} == {sha256}
    proof = json.loads(sprava(capsys, "prove", str(again.pk)))
    assert proof["item"]["sha256"] == sha256


def test_ingest_reports_the_number_the_pages_give(
        home: Path, documenter: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "a.bin").write_bytes(b"a")
    (folder / "b.bin").write_bytes(b"a")
    report = json.loads(sprava(capsys, "ingest", str(folder), "--json"))
    [stored], [duplicate] = report["ingested"], report["duplicates"]
    first = Receipt.objects.order_by("id").first()
    assert first is not None and stored["item"] == duplicate["item"] == first.pk


def test_log_names_items_by_their_numbers_not_their_row_ids(
        home: Path, documenter: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, other = tmp_path / "first.bin", tmp_path / "other.bin"
    first.write_bytes(b"the first file")
    other.write_bytes(b"another file")
    for path in (first, first, other):  # `other` is the second item, in the third arrival
        sprava(capsys, "ingest", str(path), "--json")
    arrival = Receipt.objects.get(original_filename="other.bin")
    kept = Receipt.objects.filter(original_filename="first.bin").order_by("id")[0]
    item_row = arrival.item.pk
    assert item_row != arrival.pk
    lines = [line for line in sprava(capsys, "log").splitlines() if "other.bin" in line]
    assert len(lines) == 1 and f" item {arrival.pk} " in lines[0]
    assert f"item {item_row} " not in lines[0] and arrival.item.sha256[:12] not in lines[0]
    entries = json.loads(sprava(capsys, "log", "--json"))
    assert [i["number"] for e in entries for i in e["items"]] == [kept.pk, kept.pk, arrival.pk]
    assert entries[-1]["items"][0]["sha256"] == arrival.item.sha256  # the entry as recorded
