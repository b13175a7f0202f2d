"""The checkpoint kept outside the database: read at every signing, verified only when changed,
and only ever replaced by a larger one, by every thread and process that signs."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from sprava.home import keys, signing
from sprava.integrity import checkpoint as tlog
from sprava.integrity.errors import VerificationError
from sprava.ledger import checkpoints, log
from sprava.ledger.events import Event
from sprava.ledger.models import Checkpoint
from tests.ledger.keeping import keep_all
from tests.ledger.rollback import roll_back
from tests.ledger.test_log import append

pytestmark = pytest.mark.django_db


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    calls: list[Any] = []
    original = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


def test_the_kept_copy_is_verified_again_only_when_its_bytes_changed(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(3)
    signing.sign_checkpoint()
    opened = count_calls(monkeypatch, tlog, "open_checkpoint")
    for _ in range(3):  # the copy holds what this process wrote last
        append(2)
        signing.sign_checkpoint()
    assert opened == []
    # Another worker signs and keeps its checkpoint: this process verifies it, once.
    append(2)
    other = checkpoints.sign_latest(keys.KEYRING.signer(), keys.origin())
    assert other is not None
    signing.kept_checkpoint_path().write_text(other.note, encoding="utf-8")
    append(1)
    signing.sign_checkpoint()
    assert [args[0] for args in opened] == [other.note]
    assert signing.kept_checkpoint() == checkpoints.latest().note  # type: ignore[union-attr]


def test_signing_reads_the_kept_copy_every_time_and_the_key_files_once(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(1)
    signing.sign_checkpoint()
    texts = count_calls(monkeypatch, Path, "read_text")
    data = count_calls(monkeypatch, Path, "read_bytes")
    for _ in range(3):
        append(1)
        signing.sign_checkpoint()
    names = [str(args[0].relative_to(home)) for args in texts + data]
    assert names == ["checkpoint.latest"] * 6  # before signing, and before replacing it


def test_a_kept_copy_another_worker_replaced_is_read_again(home: Path) -> None:
    # This process signed at 6 last; another worker signs at 17 and keeps that. A database
    # forger then cuts the log back to 6 and forges on: signing here must check the copy on
    # disk (17), not the one it remembers (6), which the forged log extends.
    append(6)
    signing.sign_checkpoint()
    append(11)
    signed = checkpoints.sign_latest(keys.KEYRING.signer(), keys.origin())
    assert signed is not None
    signing.kept_checkpoint_path().write_text(signed.note, encoding="utf-8")
    with transaction.atomic():
        roll_back(connection, 6)
        log.append([Event(actor="forger", action="test:entry:forged") for _ in range(9)])
    with pytest.raises(VerificationError, match="rollback"):
        signing.sign_checkpoint()
    assert Checkpoint.objects.filter(size__gt=6).count() == 0


def test_the_kept_copy_only_grows(home: Path) -> None:
    append(3)
    signing.sign_checkpoint()
    first = signing.kept_checkpoint()
    append(2)
    signing.sign_checkpoint()
    second = signing.kept_checkpoint()
    assert first is not None and second is not None and first != second
    copy = signing.kept_copy()
    copy.keep(first, tlog.open_checkpoint(first, copy.verifier))
    assert signing.kept_checkpoint() == second


def _notes(count: int) -> list[str]:
    signer = keys.KEYRING.signer()
    return [
        tlog.sign_checkpoint(
            tlog.Checkpoint(keys.origin(), size, hashlib.sha256(b"%d" % size).digest()),
            signer,
        )
        for size in range(1, count + 1)
    ]


def test_several_processes_keeping_at_once_never_make_the_copy_smaller(home: Path) -> None:
    notes = _notes(120)
    copy = signing.kept_copy()
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        results = pool.starmap(
            keep_all,
            [(str(copy.path), copy.verifier.vkey, copy.origin, notes) for _ in range(3)],
        )
    assert results == [[], [], []]
    assert signing.kept_checkpoint() == notes[-1]


def test_a_kept_copy_that_is_not_text_is_refused_and_reported_not_a_crash(home: Path) -> None:
    # A forger (or a disk) leaves bytes that are no UTF-8: signing must refuse, as for any
    # changed copy, not crash the request that wrote; verify must report it, not crash.
    from sprava.cli.ledger import kept_checkpoint_problems

    append(3)
    signing.sign_checkpoint()
    signing.kept_checkpoint_path().write_bytes(b"\xff\xfe\x00 not a note\n")
    append(1)
    with pytest.raises(VerificationError, match="is not a checkpoint of this log"):
        signing.sign_checkpoint()
    found = [str(p) for p in kept_checkpoint_problems([])]
    assert len(found) == 1 and "not a checkpoint of this log" in found[0]


def test_a_kept_copy_that_cannot_be_read_stops_signing_with_a_reason(home: Path) -> None:
    append(2)
    signing.kept_checkpoint_path().mkdir()
    with pytest.raises(VerificationError, match="cannot read the kept checkpoint"):
        signing.sign_checkpoint()
    assert Checkpoint.objects.count() == 0


def test_a_kept_copy_that_cannot_be_replaced_is_an_error_after_signing(home: Path) -> None:
    import os
    import threading

    from sprava.integrity.errors import ConfigurationError

    append(2)
    path = signing.kept_checkpoint_path()
    path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp").mkdir()
    with pytest.raises(ConfigurationError, match="checkpoint 2 is signed, but the kept copy"):
        signing.sign_checkpoint()
    assert Checkpoint.objects.get().size == 2 and signing.kept_checkpoint() is None
