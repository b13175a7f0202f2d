"""Reading evidence back: the view is recorded before the first byte, the bytes are re-checked."""

from __future__ import annotations

import json

import pytest

from sprava.evidence.access import open_item
from sprava.evidence.models import Item
from sprava.integrity.errors import DigestMismatchError, VerificationError
from sprava.ledger import log
from sprava.ledger.tags import ITEM_RECEIVED, ITEM_VIEWED
from sprava.vault.errors import BlobNotFoundError
from tests.evidence.conftest import Locker

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 4000  # about 1 MiB: several age chunks


@pytest.fixture
def item(locker: Locker) -> Item:
    return locker.ingest(DATA, "interrogation.wav").item


def last_entry(item: Item) -> dict:
    entry = list(log.history(item.sha256))[-1]
    return json.loads(bytes(entry.body))


def test_opening_an_item_records_the_view_before_the_first_byte(locker: Locker, item: Item) -> None:
    chunks = open_item(item, vault=locker.vault, actor="lawyer-7", reason="exhibit review")

    # Nothing has been read yet, and the view is already in the ledger.
    document = last_entry(item)
    assert document["action"] == ITEM_VIEWED
    assert document["actor"] == "lawyer-7"
    assert document["reason"] == "exhibit review"
    assert document["items"] == [{"sha256": item.sha256, "sha512": item.sha512, "size": item.size}]
    assert document["details"] == {"channel": "web"}
    assert b"".join(chunks) == DATA


def test_the_view_names_its_channel(locker: Locker, item: Item) -> None:
    b"".join(open_item(item, vault=locker.vault, actor="cli:anna", channel="cli export"))
    assert last_entry(item)["details"] == {"channel": "cli export"}


def test_each_view_is_its_own_entry_in_the_items_history(locker: Locker, item: Item) -> None:
    for actor in ("analyst-1", "analyst-2"):
        b"".join(open_item(item, vault=locker.vault, actor=actor))

    history = [json.loads(bytes(e.body)) for e in log.history(item.sha256)]
    assert [(d["action"], d["actor"]) for d in history] == [
        (ITEM_RECEIVED, "tester"),
        (ITEM_VIEWED, "analyst-1"),
        (ITEM_VIEWED, "analyst-2"),
    ]
    assert locker.audit() == []


def test_a_view_stopped_early_is_still_recorded(locker: Locker, item: Item) -> None:
    chunks = open_item(item, vault=locker.vault, actor="analyst")
    next(chunks)
    chunks.close()  # type: ignore[attr-defined]
    assert last_entry(item)["action"] == ITEM_VIEWED


def test_a_tampered_blob_raises_when_the_stream_is_read(locker: Locker, item: Item) -> None:
    locker.flip_byte(item, locker.object_path(item).stat().st_size - 10)

    chunks = open_item(item, vault=locker.vault, actor="lawyer-7")

    with pytest.raises(DigestMismatchError, match="failed authenticated decryption"):
        b"".join(chunks)
    assert last_entry(item)["action"] == ITEM_VIEWED  # the attempt is on the record


def test_a_swapped_blob_raises_at_the_end_of_the_stream(locker: Locker, item: Item) -> None:
    """Valid ciphertext of other bytes decrypts; only the digest check at the end catches it."""
    other = locker.ingest(DATA[::-1], "other.wav").item
    locker.rewrite_object(item, locker.object_path(other).read_bytes())

    chunks = open_item(item, vault=locker.vault, actor="lawyer-7")
    received = bytearray()
    with pytest.raises(DigestMismatchError, match="does not match its recorded digests"):
        for chunk in chunks:
            received += chunk
    assert bytes(received) == DATA[::-1]  # every byte was handed out before the check failed


def test_a_blob_with_an_altered_header_cannot_be_opened(locker: Locker, item: Item) -> None:
    locker.flip_byte(item, 40)
    with pytest.raises(VerificationError, match="cannot be decrypted"):
        b"".join(open_item(item, vault=locker.vault, actor="lawyer-7"))


def test_a_missing_blob_raises_before_streaming(locker: Locker, item: Item) -> None:
    locker.object_path(item).unlink()
    with pytest.raises(BlobNotFoundError):
        open_item(item, vault=locker.vault, actor="lawyer-7")
