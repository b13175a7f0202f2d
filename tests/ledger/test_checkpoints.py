"""Signed checkpoints and the audit of the custody log."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from sprava.home import keys
from sprava.integrity import checkpoint as tlog
from sprava.integrity import merkle, note
from sprava.integrity.errors import VerificationError
from sprava.ledger import checkpoints, log
from sprava.ledger.audit import audit_log
from sprava.ledger.events import Event
from sprava.ledger.models import Checkpoint, Entry, EntryItem, LogHead, TreeNode, node_key
from tests.ledger.test_log import append

pytestmark = pytest.mark.django_db


def sign() -> Checkpoint | None:
    return checkpoints.sign_latest(keys.KEYRING.signer(), keys.origin())


def problems() -> list[str]:
    return [str(p) for p in audit_log(keys.verifier())]


def test_checkpoint_is_a_signed_c2sp_note_over_the_root(home: Path) -> None:
    append(10)
    cp = sign()
    assert cp is not None
    opened = tlog.open_checkpoint(cp.note, keys.verifier(), origin=keys.origin())
    assert opened.size == 10
    assert opened.root_hash == log.root_at(10)


def test_no_new_checkpoint_without_new_entries(home: Path) -> None:
    append(3)
    assert sign() is not None
    assert sign() is None
    assert Checkpoint.objects.count() == 1


def test_a_rewritten_history_is_never_signed(home: Path) -> None:
    append(6)
    sign()
    # Rewrite the whole log, as a forger with database access would.
    with transaction.atomic():
        EntryItem.objects.all().delete()
        Entry.objects.all().delete()
        TreeNode.objects.all().delete()
        LogHead.objects.all().delete()
        log.append([Event(actor="forger", action="test:entry:forged") for _ in range(10)])
    with pytest.raises(VerificationError):
        sign()
    assert Checkpoint.objects.count() == 1


def test_clean_log_audits_without_problems(home: Path) -> None:
    append(37, batch=5)
    sign()
    append(4)
    sign()
    assert problems() == []


def test_every_tampered_entry_is_reported(home: Path) -> None:
    append(20)
    sign()
    for seq in (3, 11):
        entry = Entry.objects.get(seq=seq)
        entry.body = bytes(entry.body).replace(b"entry", b"ENTRY")
        entry.save()
    found = problems()
    assert any(p.startswith("entry 3:") for p in found)
    assert any(p.startswith("entry 11:") for p in found)


def test_a_forged_tree_node_is_reported(home: Path) -> None:
    append(16)
    TreeNode.objects.filter(key=node_key(2, 1)).update(hash=b"\x00" * 32)
    assert any("tree node 2/1" in p for p in problems())


def test_a_deleted_entry_is_reported(home: Path) -> None:
    append(8)
    sign()
    EntryItem.objects.filter(entry_id=5).delete()
    Entry.objects.filter(seq=5).delete()
    assert any("entry 5" in p for p in problems())


def test_a_checkpoint_signed_by_another_key_is_reported(home: Path) -> None:
    append(4)
    cp = sign()
    assert cp is not None
    private, _ = note.generate("evil")
    body = tlog.Checkpoint(origin=keys.origin(), size=4, root_hash=bytes(cp.root))
    cp.note = tlog.sign_checkpoint(body, note.Signer("evil", private))
    cp.save()
    assert any(p.startswith("checkpoint 4: signature") for p in problems())


def test_a_checkpoint_over_another_root_is_reported(home: Path) -> None:
    append(4)
    sign()
    append(4)
    # A validly signed checkpoint whose root is not the log's root at that size.
    body = tlog.Checkpoint(origin=keys.origin(), size=8, root_hash=merkle.leaf_hash(b"x"))
    Checkpoint.objects.create(
        size=8,
        root=body.root_hash,
        note=tlog.sign_checkpoint(body, keys.KEYRING.signer()),
        signed_at=Checkpoint.objects.get().signed_at,
    )
    assert any(p.startswith("checkpoint 8:") for p in problems())
