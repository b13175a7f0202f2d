"""Issue 7, section 3: every write is covered by a signed checkpoint, and a rollback past a
checkpoint kept elsewhere is caught."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sprava.home import keys, signing
from sprava.integrity import note
from sprava.integrity.errors import VerificationError
from sprava.ledger import checkpoints, log
from sprava.ledger.audit import audit_kept_checkpoint, audit_log, audit_tail
from sprava.ledger.events import Event
from sprava.ledger.models import Checkpoint, TreeNode, node_key
from tests.ledger.rollback import roll_back
from tests.ledger.test_log import append, events

pytestmark = pytest.mark.django_db


def sign() -> Checkpoint | None:
    return checkpoints.sign_latest(keys.KEYRING.signer(), keys.origin())


def kept(note_text: str) -> list[str]:
    return [
        str(p)
        for p in audit_kept_checkpoint(note_text, keys.verifier(), keys.origin(), "kept")
    ]


def test_an_unsigned_tail_older_than_the_bound_is_a_problem_with_its_size_and_age(
    home: Path,
) -> None:
    append(5)
    sign()
    old = timezone.now() - checkpoints.SIGNING_BOUND - timedelta(minutes=9)
    with transaction.atomic():
        log.append(events(3, 5), now=old)
    tail = [p for p in audit_log(keys.verifier()) if p.subject == "unsigned tail"]
    assert len(tail) == 1 and tail[0].fatal
    assert "3 entries (5 to 7)" in tail[0].message
    assert "10 min" in tail[0].message  # its age, the oldest unsigned entry's


def test_a_young_unsigned_tail_is_a_write_in_progress_not_a_problem(home: Path) -> None:
    append(4)
    assert [p for p in audit_log(keys.verifier()) if p.subject == "unsigned tail"] == []
    later = timezone.now() + checkpoints.SIGNING_BOUND + timedelta(seconds=5)
    tail = list(audit_tail(now=later))
    assert len(tail) == 1 and "4 entries (0 to 3)" in tail[0].message


def test_a_signed_log_has_no_tail(home: Path) -> None:
    append(4)
    sign()
    assert [p for p in audit_log(keys.verifier()) if p.subject == "unsigned tail"] == []


def test_a_checkpoint_is_never_signed_inside_the_appending_transaction(home: Path) -> None:
    # What is signed must be what was committed: a rolled-back append would leave a signed
    # root no log can ever reach.
    with transaction.atomic():
        log.append(events(2))
        with pytest.raises(RuntimeError):
            sign()


def test_a_kept_checkpoint_catches_a_rollback_of_entries_nodes_and_checkpoints(
    home: Path,
) -> None:
    append(6)
    sign()
    append(11)  # the writes the forger wants gone
    kept_note = sign().note  # type: ignore[union-attr]
    with transaction.atomic():
        assert roll_back(connection, 6) == 11
    assert [p for p in audit_log(keys.verifier()) if p.fatal] == []  # the attack today
    found = kept(kept_note)
    assert len(found) == 1
    assert "rollback" in found[0] and "17 entries" in found[0] and "log has 6" in found[0]


def test_a_kept_checkpoint_catches_a_forked_log(home: Path) -> None:
    append(6)
    sign()
    append(4)
    kept_note = sign().note  # type: ignore[union-attr]
    with transaction.atomic():
        roll_back(connection, 6)
        log.append([Event(actor="forger", action="test:entry:forged") for _ in range(9)])
    assert sign() is not None  # the instance key signs the forged log: nothing local remembers
    found = kept(kept_note)
    assert len(found) == 1 and "fork" in found[0] and "size 10" in found[0]


def test_a_log_that_grew_on_from_a_kept_checkpoint_passes(home: Path) -> None:
    append(9)
    kept_note = sign().note  # type: ignore[union-attr]
    append(30, batch=7)
    assert kept(kept_note) == []
    sign()
    assert kept(kept_note) == []


def test_a_kept_checkpoint_that_does_not_verify_is_a_problem(home: Path) -> None:
    append(3)
    good = sign().note  # type: ignore[union-attr]
    private, _ = note.generate(keys.origin())
    from sprava.integrity import checkpoint as tlog

    forged = tlog.sign_checkpoint(
        tlog.Checkpoint(keys.origin(), 3, log.root_at(3)),
        note.Signer(keys.origin(), private),
    )
    assert kept(good) == []
    found = kept(forged)
    assert len(found) == 1 and "signature" in found[0]
    assert "not a checkpoint" in kept("hello\n")[0] or "signature" in kept("hello\n")[0]


def test_the_instance_key_never_signs_a_log_cut_back_past_its_own_kept_copy(home: Path) -> None:
    append(6)
    signing.sign_checkpoint()
    append(5)
    signing.sign_checkpoint()
    assert signing.kept_checkpoint() == checkpoints.latest().note  # type: ignore[union-attr]
    with transaction.atomic():
        roll_back(connection, 6)
        log.append([Event(actor="forger", action="test:entry:forged") for _ in range(9)])
    with pytest.raises(VerificationError, match="fork"):
        signing.sign_checkpoint()
    assert Checkpoint.objects.filter(size__gt=6).count() == 0
    assert kept(signing.kept_checkpoint() or "") != []  # and verify names it


@pytest.mark.parametrize(
    ("forged", "finding"),
    [
        (9, "rollback: the checkpoint signed 17 entries, the log has 15; 2 entries are gone"),
        (20, "fork: the log's root at size 17 differs from the signed root"),
    ],
)
def test_signing_refuses_a_log_for_the_reason_verify_gives(
    home: Path, forged: int, finding: str
) -> None:
    # One check of a kept checkpoint serves both: what verify reports is why signing refuses.
    append(6)
    signing.sign_checkpoint()
    append(11)
    signing.sign_checkpoint()
    kept_note = signing.kept_checkpoint() or ""
    with transaction.atomic():
        roll_back(connection, 6)
        log.append([Event(actor="forger", action="test:entry:forged") for _ in range(forged)])
    assert kept(kept_note) == [f"checkpoint kept: {finding}"]
    with pytest.raises(VerificationError, match="not signing") as refused:
        signing.sign_checkpoint()
    assert finding in str(refused.value)


def test_a_kept_checkpoint_over_a_damaged_tree_is_reported_as_not_consistent(
    home: Path,
) -> None:
    append(8)
    kept_note = sign().note  # type: ignore[union-attr]
    TreeNode.objects.filter(key=node_key(3, 0)).delete()  # the root of the first 8
    found = kept(kept_note)
    assert len(found) == 1
    assert "fork: the log is not consistent with it: the stored tree lacks nodes" in found[0]


def test_a_log_cut_back_below_its_latest_signed_checkpoint_is_never_signed(home: Path) -> None:
    # A forger who leaves the checkpoints in place: the one in the database refuses it too,
    # with the same finding as a kept copy.
    append(6)
    sign()
    append(5)
    latest = sign()
    assert latest is not None
    with transaction.atomic():
        roll_back(connection, 6)
        Checkpoint.objects.create(
            size=latest.size, root=latest.root, note=latest.note, signed_at=latest.signed_at
        )
    append(1)
    with pytest.raises(VerificationError) as refused:
        sign()
    assert str(refused.value) == (
        "the log does not extend the latest signed checkpoint, not signing: rollback: the "
        "checkpoint signed 11 entries, the log has 7; 4 entries are gone"
    )
