"""Hostile file names are stored escaped and readable, never raw (samples in assets/names.py)."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from sprava.evidence.batch import ingest_paths
from sprava.evidence.intake import Collection
from sprava.evidence.models import Receipt
from sprava.evidence.names import MAX_NAME, safe_filename, safe_path
from sprava.ledger.models import Entry
from tests.evidence.assets.names import HOSTILE_NAMES, ON_DISK, HostileName
from tests.evidence.conftest import ACTOR, Locker

pytestmark = pytest.mark.django_db

UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def assert_displayable(text: str) -> None:
    assert not any(unicodedata.category(c) in UNSAFE for c in text), repr(text)
    assert text == text.encode("utf-8").decode("utf-8")  # valid UTF-8: no lone surrogates


def entry_filename(receipt: Receipt) -> str:
    document = json.loads(bytes(Entry.objects.get(seq=receipt.ledger_seq).body))
    return str(document["details"]["filename"])


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[n.id for n in HOSTILE_NAMES])
def test_a_hostile_name_is_stored_in_its_safe_form(locker: Locker, name: HostileName) -> None:
    receipt = locker.ingest(f"content for {name.id}".encode(), name.raw).receipt
    receipt.refresh_from_db()

    assert receipt.original_filename == name.stored
    assert entry_filename(receipt) == name.stored
    assert_displayable(receipt.original_filename)
    assert "/" not in receipt.original_filename
    assert len(receipt.original_filename) <= MAX_NAME
    assert locker.audit() == []


@pytest.mark.parametrize("name", ON_DISK, ids=[n.id for n in ON_DISK])
def test_a_hostile_name_on_disk_is_stored_in_its_safe_form(
    locker: Locker, name: HostileName, tmp_path: Path
) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    raw = name.raw if isinstance(name.raw, bytes) else os.fsencode(name.raw)
    with open(os.path.join(os.fsencode(folder), raw), "wb") as file:
        file.write(f"content for {name.id}".encode())
    with open(os.path.join(os.fsencode(folder), raw + b".empty"), "wb"):
        pass  # an empty twin, refused: its name shows in the failure report

    report = ingest_paths([folder], vault=locker.vault, actor=ACTOR, collection=Collection())

    [outcome] = report.ingested
    receipt = outcome.receipt
    receipt.refresh_from_db()
    assert receipt.original_filename == name.stored
    assert entry_filename(receipt) == name.stored
    assert receipt.source_path.startswith(safe_path(folder) + "/")
    assert_displayable(receipt.source_path)
    [failure] = report.failed
    assert_displayable(failure.path)
    assert failure.path.endswith("/" + safe_filename(raw + b".empty"))
    assert locker.audit() == []


def test_the_same_bytes_under_two_hostile_names_keep_both_names(locker: Locker) -> None:
    locker.ingest(b"same", "report\u202efdp.exe")
    locker.ingest(b"same", b"\xd0\xbe\xff.pdf")
    assert list(Receipt.objects.values_list("original_filename", flat=True)) == [
        "report\\u202efdp.exe",
        "о\\xff.pdf",
    ]


def test_escapes_cannot_be_forged_with_a_literal_backslash() -> None:
    """A backslash is a separator, so every backslash in a stored name is an escape we wrote."""
    assert safe_filename("looks-like\\x0aescape.txt") == "x0aescape.txt"
    assert safe_filename(b"a\\b.txt") == "b.txt"


def test_a_long_name_is_cut_to_the_limit_with_a_mark() -> None:
    stored = safe_filename("я" * 1000 + ".jpg")
    assert len(stored) == MAX_NAME
    assert stored.endswith("…")


def test_a_path_is_made_safe_part_by_part_keeping_dot_dot() -> None:
    assert safe_path("../evidence/a\nb.txt") == "../evidence/a\\x0ab.txt"
    assert safe_path("/mnt/usb/\udcff\udcfe.jpg") == "/mnt/usb/\\xff\\xfe.jpg"
    assert safe_path("./x/./y") == "./x/./y"


def test_a_very_long_path_is_cut_to_the_field_length() -> None:
    path = "/".join(["d" * 200] * 40)
    stored = safe_path(path)
    assert len(stored) == 4096
    assert stored.endswith("…")
    assert len(stored) <= Receipt._meta.get_field("source_path").max_length  # type: ignore[union-attr]
