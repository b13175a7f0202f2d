"""The full audit (`sprava verify`) reports every problem, naming the item or entry."""

from __future__ import annotations

import io
import json

import pyrage  # type: ignore[import-untyped, unused-ignore]
import pytest

from sprava.cases.models import Case
from sprava.evidence.intake import Collection
from sprava.evidence.models import Item, Receipt
from sprava.home import keys, signing
from sprava.ledger.audit import Problem
from sprava.ledger.events import canonical
from sprava.ledger.models import Checkpoint, Entry, EntryItem, LogHead, TreeNode, node_key
from tests.evidence.assets import files
from tests.evidence.assets.blobs import HOSTILE_BLOBS, HostileBlob
from tests.evidence.conftest import Locker

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(locker: Locker) -> list[Item]:
    """Three items (one of them received twice: four entries), under a signed checkpoint."""
    png = locker.ingest(files.PNG, "courtyard.png", collection=Collection(collected_by="W-1"))
    Case.objects.create(reference="BY-2021-7", title="A case")
    pdf = locker.ingest(files.PDF, "verdict.pdf", case="BY-2021-7")
    text = locker.ingest(files.TEXT, "statement.txt")
    locker.ingest(files.PNG, "courtyard-again.png")
    signing.sign_checkpoint()
    assert locker.audit() == []
    return [png.item, pdf.item, text.item]


def subjects(problems: list[Problem]) -> set[str]:
    return {p.subject for p in problems}


def about(problems: list[Problem], subject: str) -> list[Problem]:
    return [p for p in problems if p.subject.startswith(subject)]


def item_subject(item: Item) -> str:
    return f"item {item.id} ({item.sha256[:16]})"


def edit_entry(seq: int, change: dict[str, object], *, rehash: bool = False) -> None:
    """Rewrite a stored entry as an insider with database access would."""
    from sprava.integrity import merkle

    entry = Entry.objects.get(seq=seq)
    document = json.loads(bytes(entry.body))
    document["details"].update(change)
    body = canonical(document)
    fields: dict[str, object] = {"body": body}
    if rehash:
        fields["leaf_hash"] = merkle.leaf_hash(body)
    Entry.objects.filter(seq=seq).update(**fields)


# Blobs -------------------------------------------------------------------------------------------


def test_a_flipped_byte_in_a_blobs_ciphertext_is_reported_for_its_item(
    locker: Locker, items: list[Item]
) -> None:
    size = locker.object_path(items[1]).stat().st_size
    locker.flip_byte(items[1], size - 5)

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(item_subject(items[1]), True)]
    assert "failed authenticated decryption" in problems[0].message
    assert items[1].blob in problems[0].message


def test_a_flipped_byte_in_a_blobs_header_is_reported_for_its_item(
    locker: Locker, items: list[Item]
) -> None:
    locker.flip_byte(items[0], 40)

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(item_subject(items[0]), True)]
    assert "cannot be decrypted" in problems[0].message


def test_a_blob_swapped_for_another_items_blob_is_reported(
    locker: Locker, items: list[Item]
) -> None:
    """Valid ciphertext of the wrong bytes: decryption succeeds, the digests do not match."""
    locker.rewrite_object(items[2], locker.object_path(items[0]).read_bytes())

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(item_subject(items[2]), True)]
    assert "does not match its recorded digests" in problems[0].message


def test_a_truncated_blob_is_reported(locker: Locker, items: list[Item]) -> None:
    data = locker.object_path(items[1]).read_bytes()
    locker.rewrite_object(items[1], data[: len(data) // 2])

    assert subjects(locker.fatal()) == {item_subject(items[1])}


def test_a_deleted_blob_is_reported_for_its_item(locker: Locker, items: list[Item]) -> None:
    locker.object_path(items[0]).unlink()

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(item_subject(items[0]), True)]
    assert f"no blob {items[0].blob}" in problems[0].message


def test_two_tampered_items_are_both_reported(locker: Locker, items: list[Item]) -> None:
    locker.flip_byte(items[0], locker.object_path(items[0]).stat().st_size - 1)
    locker.object_path(items[2]).unlink()

    assert subjects(locker.fatal()) == {item_subject(items[0]), item_subject(items[2])}


def test_every_tampered_blob_is_reported_not_only_the_first(
    locker: Locker, items: list[Item]
) -> None:
    for item in items:
        locker.flip_byte(item, locker.object_path(item).stat().st_size - 3)

    assert subjects(locker.fatal()) == {item_subject(item) for item in items}


# Records -----------------------------------------------------------------------------------------


def test_a_deleted_receipt_shows_as_an_entry_without_its_receipt(
    locker: Locker, items: list[Item]
) -> None:
    receipt = Receipt.objects.get(original_filename="verdict.pdf")
    receipt.delete()

    problems = locker.fatal()

    entry = about(problems, f"entry {receipt.ledger_seq}")
    assert len(entry) == 1
    assert "receipt is not in the database" in entry[0].message
    assert items[1].sha256[:16] in entry[0].message
    # It was the item's only receipt: the item itself is reported too.
    assert [p.message for p in about(problems, item_subject(items[1]))] == [
        "has no receipt in the ledger"
    ]


def test_a_deleted_second_receipt_is_reported_by_its_entry(
    locker: Locker, items: list[Item]
) -> None:
    receipt = Receipt.objects.get(original_filename="courtyard-again.png")
    receipt.delete()

    assert subjects(locker.fatal()) == {f"entry {receipt.ledger_seq}"}


def test_an_edited_receipt_is_reported_against_its_entry(locker: Locker, items: list[Item]) -> None:
    Receipt.objects.filter(original_filename="courtyard.png").update(
        collected_by="someone else", original_filename="other.png"
    )
    receipt = Receipt.objects.get(original_filename="other.png")

    problems = locker.fatal()

    [problem] = problems
    assert problem.subject == f"receipt {receipt.id} of item {items[0].id} ({items[0].sha256[:16]})"
    assert "filename" in problem.message and "collected_by" in problem.message
    assert f"entry {receipt.ledger_seq}" in problem.message


def test_an_edited_media_type_is_reported(locker: Locker, items: list[Item]) -> None:
    Item.objects.filter(id=items[1].id).update(media_type="text/plain")

    [problem] = locker.fatal()
    assert "media_type" in problem.message and f"item {items[1].id}" in problem.subject


def test_an_edited_item_digest_is_reported_by_blob_and_by_entry(
    locker: Locker, items: list[Item]
) -> None:
    Item.objects.filter(id=items[2].id).update(sha512="ab" * 64)

    problems = locker.fatal()

    assert item_subject(items[2]) in subjects(problems)  # its blob no longer matches
    assert any("does not record the arrival" in p.message for p in about(problems, "receipt"))


def test_a_deleted_item_is_reported_as_named_in_the_ledger_but_missing(
    locker: Locker, items: list[Item]
) -> None:
    Receipt.objects.filter(item=items[2]).delete()
    Item.objects.filter(id=items[2].id).delete()

    problems = locker.audit()

    assert f"item {items[2].sha256[:16]}" in subjects(problems)
    assert any(p.subject.startswith("entry ") for p in problems)
    [orphan] = [p for p in problems if not p.fatal]
    assert orphan.subject == f"blob {items[2].blob}"


# The ledger --------------------------------------------------------------------------------------


def test_an_edited_entry_body_is_reported_for_that_entry(locker: Locker, items: list[Item]) -> None:
    seq = Receipt.objects.get(original_filename="statement.txt").ledger_seq
    edit_entry(seq, {"filename": "forged.txt"})

    problems = locker.fatal()

    messages = {p.message for p in about(problems, f"entry {seq}")}
    assert "stored leaf hash does not match the entry bytes" in messages
    assert any(f"filename differ from entry {seq}" in p.message for p in problems)


def test_an_edited_entry_with_its_leaf_hash_recomputed_breaks_the_tree(
    locker: Locker, items: list[Item]
) -> None:
    edit_entry(0, {"collected_by": "forger"}, rehash=True)

    problems = locker.fatal()
    found = subjects(problems)

    assert "tree node 1/0" in found
    assert "log head" in found
    assert any(s.startswith("checkpoint ") for s in found)
    assert any("collected_by differ from entry 0" in p.message for p in problems)


def test_an_entry_edited_into_non_canonical_json_is_reported(
    locker: Locker, items: list[Item]
) -> None:
    entry = Entry.objects.get(seq=2)
    Entry.objects.filter(seq=2).update(body=bytes(entry.body).replace(b",", b", ", 1))

    assert "entry 2" in subjects(locker.fatal())


def test_an_entry_whose_case_column_was_changed_is_reported(
    locker: Locker, items: list[Item]
) -> None:
    """The case column ties an entry to a case's members (sprava.evidence.entries): moving an
    entry to another case in the database, without its bytes, is a problem like any other."""
    arrival = Entry.objects.get(case="BY-2021-7")
    assert json.loads(bytes(arrival.body))["case"] == "BY-2021-7"
    Entry.objects.filter(seq=arrival.seq).update(case="another-case")

    problems = about(locker.fatal(), f"entry {arrival.seq}")

    assert any("case columns differ" in p.message for p in problems)


def test_an_entry_that_is_not_a_json_object_is_reported_not_a_crash(
    locker: Locker, items: list[Item]
) -> None:
    Entry.objects.filter(seq=1).update(body=b"[]")

    problems = about(locker.fatal(), "entry 1")

    assert any("not a JSON object" in p.message for p in problems)


def test_an_entry_with_malformed_items_is_reported_not_a_crash(
    locker: Locker, items: list[Item]
) -> None:
    entry = Entry.objects.get(seq=1)
    document = json.loads(bytes(entry.body))
    document["items"] = ["not an object"]
    document["details"] = "not an object"
    Entry.objects.filter(seq=1).update(body=canonical(document))

    problems = locker.fatal()

    assert "entry 1" in subjects(problems)
    assert any("does not record the arrival" in p.message for p in problems)


def test_an_edited_tree_node_is_reported_by_its_position(locker: Locker, items: list[Item]) -> None:
    TreeNode.objects.filter(key=node_key(1, 1)).update(hash=b"\x00" * 32)

    problems = locker.fatal()

    assert [p.message for p in about(problems, "tree node 1/1")] == [
        "differs from the recomputed hash"
    ]


def test_a_deleted_tree_node_is_reported(locker: Locker, items: list[Item]) -> None:
    TreeNode.objects.filter(key=node_key(2, 0)).delete()

    problems = locker.fatal()

    assert "tree node 2/0" in subjects(problems)
    assert "tree" in subjects(problems)  # the count of stored nodes is off too


def test_a_deleted_last_entry_is_reported_with_its_receipt(
    locker: Locker, items: list[Item]
) -> None:
    last = Entry.objects.order_by("-seq").first()
    assert last is not None
    EntryItem.objects.filter(entry=last).delete()
    last.delete()

    found = subjects(locker.fatal())

    assert "log head" in found
    assert any(s.startswith("receipt ") for s in found)


def test_a_forged_checkpoint_signature_is_reported(locker: Locker, items: list[Item]) -> None:
    checkpoint = Checkpoint.objects.get()
    assert "\n— " in checkpoint.note  # a C2SP signed note: body, blank line, signature lines
    body, _, signatures = checkpoint.note.partition("\n\n")
    note = body.replace("\n", "\nforged\n", 1) + "\n\n" + signatures
    Checkpoint.objects.filter(id=checkpoint.id).update(note=note)

    problems = about(locker.fatal(), f"checkpoint {checkpoint.size}")

    assert problems and all(p.fatal for p in problems)


def test_a_rewound_log_head_is_reported(locker: Locker, items: list[Item]) -> None:
    LogHead.objects.filter(id=1).update(size=2)

    assert "log head" in subjects(locker.fatal())


def test_every_kind_of_problem_is_reported_in_one_run(locker: Locker, items: list[Item]) -> None:
    locker.flip_byte(items[0], locker.object_path(items[0]).stat().st_size - 1)
    locker.object_path(items[1]).unlink()
    statement = Receipt.objects.get(original_filename="statement.txt")
    statement.delete()
    edit_entry(1, {"filename": "forged.pdf"})
    TreeNode.objects.filter(key=node_key(1, 1)).update(hash=b"\x01" * 32)
    locker.vault.put(io.BytesIO(b"left by a killed ingest"))
    (locker.home / "vault" / "tmp" / "stage-killed.part").write_bytes(b"partial")

    problems = locker.audit()
    found = subjects(problems)

    assert item_subject(items[0]) in found
    assert item_subject(items[1]) in found
    assert f"entry {statement.ledger_seq}" in found
    assert "entry 1" in found
    assert "tree node 1/1" in found
    assert "temporary stage-killed.part" in found
    assert any(s.startswith("blob ") for s in found)


# Leftovers of interrupted ingests ----------------------------------------------------------------


def test_an_orphan_blob_is_a_warning_naming_it(locker: Locker, items: list[Item]) -> None:
    name, _ = locker.vault.put(io.BytesIO(b"committed, then the process was killed"))

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(f"blob {name}", False)]
    assert "sprava sweep" in problems[0].message


def test_a_leftover_temporary_is_a_warning_naming_it(locker: Locker, items: list[Item]) -> None:
    (locker.home / "vault" / "tmp" / "stage-abc123.part").write_bytes(b"half an age file")

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [("temporary stage-abc123.part", False)]
    assert "16 bytes" in problems[0].message


def test_an_empty_locker_passes_the_audit(locker: Locker) -> None:
    assert locker.audit() == []


def test_the_audit_reports_its_progress_by_stage(locker: Locker, items: list[Item]) -> None:
    from sprava.evidence.audit import run_audit

    stages: list[tuple[str, int, int]] = []
    problems = list(
        run_audit(
            vault=locker.vault,
            verifier=keys.verifier(),
            progress=lambda stage, done, total: stages.append((stage, done, total)),
        )
    )

    assert problems == []
    assert ("blobs", 3, 3) in stages
    assert ("ledger", 4, 4) in stages


@pytest.mark.parametrize("blob", HOSTILE_BLOBS, ids=[b.id for b in HOSTILE_BLOBS])
def test_a_blob_that_does_not_decrypt_is_a_named_problem_of_its_item(
    locker: Locker, items: list[Item], blob: HostileBlob
) -> None:
    locker.rewrite_object(items[1], blob.make(locker.object_path(items[1]).read_bytes()))

    problems = locker.audit()

    assert [(p.subject, p.fatal) for p in problems] == [(item_subject(items[1]), True)]
    assert blob.named in problems[0].message
    assert "\n" not in problems[0].message  # one line: no advice on a line of its own
    assert "upgrading" not in problems[0].message.split("[age:")[0]


def test_an_error_pyrage_has_no_class_for_is_a_problem_of_its_blob_and_the_audit_goes_on(
    locker: Locker, items: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pyrage.decrypt_io
    calls: list[int] = []

    def decrypt_io(*args: object) -> None:
        calls.append(1)
        if len(calls) == 1:  # the blobs are checked in item order: the first is items[0]'s
            raise RuntimeError("an error pyrage has no class for")
        real(*args)

    monkeypatch.setattr(pyrage, "decrypt_io", decrypt_io)
    problems = locker.audit()
    assert [p.subject for p in problems] == [item_subject(items[0])]
    assert "cannot be decrypted" in problems[0].message
    assert "an error pyrage has no class for" in problems[0].message


def test_a_blob_the_storage_cannot_read_is_a_problem_of_its_item(
    locker: Locker, items: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = locker.vault.backend.open_read

    def open_read(name: str) -> object:
        if name == items[0].blob:
            raise PermissionError(13, "Permission denied", name)
        return real(name)

    monkeypatch.setattr(locker.vault.backend, "open_read", open_read)
    problems = locker.audit()
    assert [p.subject for p in problems] == [item_subject(items[0])]
    assert "Permission denied" in problems[0].message


def test_a_programming_error_is_raised_not_reported_as_a_blobs_problem(
    locker: Locker, items: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the audit's own code is not damage to evidence: it stops the audit, loudly,
    instead of naming an intact item as failed (and hiding the bug)."""

    def verify(name: str, expected: object) -> None:
        raise TypeError("verify() got an unexpected keyword argument")

    monkeypatch.setattr(locker.vault, "verify", verify)
    with pytest.raises(TypeError):
        locker.audit()
