"""Evidence intake: one transaction makes the item, its receipt and its custody entry."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.auth.models import User

from sprava.cases.models import Case
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import Collection
from sprava.evidence.models import Item, Receipt
from sprava.home import signing
from sprava.ledger import log
from sprava.ledger.models import Entry, EntryItem
from sprava.ledger.tags import ITEM_RECEIVED
from tests.evidence.assets import files
from tests.evidence.conftest import ACTOR, Locker

pytestmark = pytest.mark.django_db

COLLECTION = Collection(
    collected_by="Viasna documenter #17",
    collected_at="2020-08-11T14:30",
    collected_from="Telegram channel, message 4412",
    method="download",
    tool="tdl",
    tool_version="0.17.4",
    notes="Video of the courtyard at Akrestsina; the original post was deleted later.",
)


def entry_of(receipt: Receipt) -> dict:
    return json.loads(bytes(Entry.objects.get(seq=receipt.ledger_seq).body))


def test_new_bytes_make_an_item_a_receipt_and_a_received_entry_together(locker: Locker) -> None:
    outcome = locker.ingest(b"testimony of witness W-3", "w3.txt")

    assert not outcome.duplicate
    assert Item.objects.get() == outcome.item
    assert Receipt.objects.get() == outcome.receipt
    assert outcome.receipt.item == outcome.item
    entry = Entry.objects.get()
    assert entry.seq == outcome.receipt.ledger_seq
    assert entry.action == ITEM_RECEIVED
    assert entry.actor == ACTOR
    assert outcome.item.received_at == outcome.receipt.received_at == entry.time
    assert list(log.history(outcome.item.sha256)) == [entry]
    assert log.size() == 1


def test_item_has_both_digests_and_the_size_of_the_original_bytes(locker: Locker) -> None:
    data = b"\x00\x01 evidence bytes \xff" * 1000
    item = locker.ingest(data).item

    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.sha512 == hashlib.sha512(data).hexdigest()
    assert item.size == len(data)


def test_received_entry_names_both_digests_and_the_receipts_metadata(locker: Locker) -> None:
    data = files.TEXT
    outcome = locker.ingest(
        data, "свядомыя.txt", collection=COLLECTION, source_path="usb/stick/свядомыя.txt"
    )
    document = entry_of(outcome.receipt)

    assert document["seq"] == outcome.receipt.ledger_seq
    assert document["action"] == ITEM_RECEIVED
    assert document["actor"] == ACTOR
    assert document["items"] == [
        {
            "sha256": hashlib.sha256(data).hexdigest(),
            "sha512": hashlib.sha512(data).hexdigest(),
            "size": len(data),
        }
    ]
    assert document["details"] == {
        "filename": "свядомыя.txt",
        "media_type": "text/plain",
        "duplicate": False,
        "source_path": "usb/stick/свядомыя.txt",
        "collected_by": COLLECTION.collected_by,
        "collected_at": COLLECTION.collected_at,
        "collected_from": COLLECTION.collected_from,
        "method": COLLECTION.method,
        "tool": COLLECTION.tool,
        "tool_version": COLLECTION.tool_version,
        "notes": COLLECTION.notes,
    }
    # The item index of the entry points at the item, so its history is an index lookup.
    assert list(EntryItem.objects.values_list("sha256", flat=True)) == [outcome.item.sha256]


def test_collection_metadata_is_kept_verbatim_on_the_receipt(locker: Locker) -> None:
    user = User.objects.create_user("documenter")
    receipt = locker.ingest(
        b"photo", "p.jpg", collection=COLLECTION, user=user, source_path="web upload"
    ).receipt
    receipt.refresh_from_db()

    for field in (
        "collected_by",
        "collected_at",
        "collected_from",
        "method",
        "tool",
        "tool_version",
        "notes",
    ):
        assert getattr(receipt, field) == getattr(COLLECTION, field)
    assert receipt.original_filename == "p.jpg"
    assert receipt.source_path == "web upload"
    assert receipt.actor == ACTOR
    assert receipt.received_by == user


def test_empty_collection_fields_are_left_out_of_the_entry(locker: Locker) -> None:
    outcome = locker.ingest(b"bare", "bare.bin", collection=Collection(method="seizure"))
    details = entry_of(outcome.receipt)["details"]

    assert details["method"] == "seizure"
    assert not {"collected_by", "tool", "notes", "source_path"} & details.keys()


def make_case(reference: str) -> Case:
    return Case.objects.create(reference=reference, title=f"Case {reference}")


def test_case_is_recorded_in_the_received_entry_and_the_receipt(locker: Locker) -> None:
    case = make_case("BY-2020-AKR-001")
    outcome = locker.ingest(b"list of detainees", case="BY-2020-AKR-001")
    assert entry_of(outcome.receipt)["case"] == "BY-2020-AKR-001"
    assert outcome.receipt.case == case


def test_an_unknown_case_is_refused_before_anything_is_read(locker: Locker) -> None:
    before = locker.state()
    with pytest.raises(IngestError, match="no case"):
        locker.ingest(b"for a case that does not exist", case="no-such-case")
    assert locker.state() == before


def test_without_a_case_the_entry_says_so(locker: Locker) -> None:
    outcome = locker.ingest(b"unassigned material")
    assert entry_of(outcome.receipt)["case"] is None


def test_same_bytes_twice_are_one_item_with_two_receipts(locker: Locker) -> None:
    first = locker.ingest(b"the same video", "from-telegram.mp4", collection=COLLECTION)
    second = locker.ingest(
        b"the same video", "from-witness.mp4", collection=Collection(collected_by="witness W-9")
    )

    assert not first.duplicate and second.duplicate
    assert first.item == second.item
    assert Item.objects.count() == 1
    assert list(first.item.receipts.all()) == [first.receipt, second.receipt]
    assert second.receipt.original_filename == "from-witness.mp4"
    assert second.receipt.collected_by == "witness W-9"
    assert list(locker.vault.names()) == [first.item.blob]


def test_second_arrival_is_a_new_received_entry_marked_duplicate(locker: Locker) -> None:
    first = locker.ingest(b"the same photo", "a.jpg")
    make_case("BY-2021-002")
    second = locker.ingest(b"the same photo", "b.jpg", case="BY-2021-002")

    assert log.size() == 2
    assert [e.seq for e in log.history(first.item.sha256)] == [0, 1]
    document = entry_of(second.receipt)
    assert document["action"] == ITEM_RECEIVED
    assert document["details"]["duplicate"] is True
    assert document["details"]["filename"] == "b.jpg"
    assert document["case"] == "BY-2021-002"
    assert document["items"][0]["sha512"] == first.item.sha512


def test_third_arrival_of_the_same_bytes_adds_only_a_receipt(locker: Locker) -> None:
    for name in ("1.bin", "2.bin", "3.bin"):
        locker.ingest(b"thrice", name)
    assert Item.objects.count() == 1
    assert Receipt.objects.count() == 3
    assert len(list(locker.vault.names())) == 1


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        pytest.param(files.PNG, "notes.txt", "image/png", id="png-named-txt"),
        pytest.param(files.PDF, "holiday.jpg", "application/pdf", id="pdf-named-jpg"),
        pytest.param(files.TEXT, "scan.png", "text/plain", id="text-named-png"),
        pytest.param(files.JPEG_HEAD, "report.pdf", "image/jpeg", id="jpeg-named-pdf"),
        pytest.param(files.PNG, "no-extension", "image/png", id="png-without-extension"),
    ],
)
def test_media_type_is_sniffed_from_the_bytes_not_the_name(
    locker: Locker, data: bytes, name: str, media_type: str
) -> None:
    outcome = locker.ingest(data, name)

    assert outcome.item.media_type == media_type
    assert entry_of(outcome.receipt)["details"]["media_type"] == media_type
    assert outcome.receipt.original_filename == name


def test_duplicate_keeps_the_media_type_of_the_item(locker: Locker) -> None:
    locker.ingest(files.PNG, "a.png")
    second = locker.ingest(files.PNG, "a.exe")
    assert entry_of(second.receipt)["details"]["media_type"] == "image/png"


def test_blob_is_encrypted_and_named_at_random(locker: Locker) -> None:
    data = b"name of a protected witness: " + b"X" * 100
    item = locker.ingest(data).item
    ciphertext = locker.object_path(item).read_bytes()

    assert ciphertext.startswith(b"age-encryption.org/v1\n")
    assert b"protected witness" not in ciphertext
    assert item.sha256 not in item.blob and item.blob not in item.sha512
    assert b"".join(locker.vault.read_chunks(item.blob, item.digests)) == data


def test_blob_holds_exactly_the_original_bytes(locker: Locker) -> None:
    data = bytes(range(256)) * 5000  # more than one age chunk
    item = locker.ingest(data).item
    assert b"".join(locker.vault.read_chunks(item.blob, item.digests)) == data


def test_a_locker_after_intake_passes_the_full_audit(locker: Locker) -> None:
    locker.ingest(files.PNG, "a.png", collection=COLLECTION)
    make_case("BY-1")
    locker.ingest(files.PDF, "b.pdf", case="BY-1")
    locker.ingest(files.PNG, "again.png")
    signing.sign_checkpoint()
    locker.ingest(files.TEXT, "after-checkpoint.txt")

    assert locker.audit() == []


def test_too_long_collection_metadata_is_refused_before_anything_is_read() -> None:
    with pytest.raises(IngestError, match=r"tool_version .* at most 100"):
        Collection(tool_version="1." * 100)


def test_an_actor_is_required(locker: Locker) -> None:
    before = locker.state()
    with pytest.raises(IngestError, match="actor"):
        locker.ingest(b"anonymous", actor="")
    assert locker.state() == before
