"""Bad input and faults during intake: each gets a clear message and leaves no trace.

"No trace" is checked the way `sprava verify` would see it: the full audit finds nothing (no
orphan blob, no leftover temporary), and the ledger, the items and the receipts are as before.
"""

from __future__ import annotations

import errno
import io
import os
import secrets

import pytest
from django.db import DatabaseError, transaction

from sprava.evidence import intake
from sprava.evidence.errors import IngestError
from sprava.evidence.intake import ingest_stream
from sprava.evidence.models import Item, Receipt
from sprava.integrity.errors import SpravaError, VerificationError
from sprava.integrity.hashing import digest_bytes
from sprava.ledger import log
from sprava.vault import backend as vault_backend
from tests.evidence.conftest import ACTOR, Locker
from tests.evidence.faults import FailingSource, FullDisk, os_error

pytestmark = pytest.mark.django_db

DATA = b"0123456789abcdef" * 20_000  # several age chunks, several reads


def ingest_from(locker: Locker, source: object, name: str = "clip.mp4") -> None:
    ingest_stream(source, vault=locker.vault, filename=name, actor=ACTOR)  # type: ignore[arg-type]


# Empty input -------------------------------------------------------------------------------------


def test_an_empty_file_is_refused_and_leaves_no_trace(locker: Locker) -> None:
    before = locker.state()
    with pytest.raises(IngestError, match="the file is empty"):
        locker.ingest(b"", "empty.jpg")
    assert locker.state() == before


# The source failing mid-read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param(errno.ENOENT, "the file vanished while it was read", id="vanished"),
        pytest.param(errno.ESTALE, "could not be read", id="stale-nfs-handle"),
        pytest.param(errno.EACCES, "became unreadable .*permission denied", id="unreadable"),
        pytest.param(errno.EPERM, "became unreadable .*permission denied", id="not-permitted"),
        pytest.param(errno.EIO, r"could not be read \(Input/output error\)", id="io-error"),
        pytest.param(errno.ENOSPC, r"could not be read \(No space left on device\)", id="nospc"),
    ],
)
def test_a_source_failing_mid_read_is_refused_and_leaves_no_trace(
    locker: Locker, code: int, message: str
) -> None:
    before = locker.state()
    source = FailingSource(DATA[:100_000], os_error(code))
    with pytest.raises(IngestError, match=message) as raised:
        ingest_from(locker, source)
    assert "nothing was kept" in str(raised.value) or "unreadable" in str(raised.value)
    assert source.reads > 1  # it did fail mid-read, after some bytes were encrypted
    assert locker.state() == before


def test_a_source_failing_on_its_first_read_leaves_no_trace(locker: Locker) -> None:
    before = locker.state()
    with pytest.raises(IngestError, match="vanished"):
        ingest_from(locker, FailingSource(b"", os_error(errno.ENOENT)))
    assert locker.state() == before


def test_an_interrupt_mid_read_propagates_and_leaves_no_trace(locker: Locker) -> None:
    before = locker.state()
    with pytest.raises(KeyboardInterrupt):
        ingest_from(locker, FailingSource(DATA, KeyboardInterrupt()))
    assert locker.state() == before


def test_a_failure_of_the_source_does_not_stop_the_next_ingest(locker: Locker) -> None:
    with pytest.raises(IngestError):
        ingest_from(locker, FailingSource(DATA, os_error(errno.EIO)))
    assert not locker.ingest(DATA).duplicate
    assert locker.audit() == []


# A full disk -------------------------------------------------------------------------------------


def test_a_full_vault_disk_while_writing_is_refused_and_leaves_no_trace(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[int] = []

    def write(self: object, data: bytes, /) -> int:
        if sum(written) + len(data) > 50_000:
            raise os_error(errno.ENOSPC)
        written.append(len(data))
        return len(data)

    before = locker.state()
    monkeypatch.setattr(vault_backend._LocalTemp, "write", write)
    with pytest.raises(IngestError, match="no space left on the vault's disk; nothing was kept"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert written  # the disk filled up mid-write, not before
    assert locker.state() == before


def test_a_full_disk_while_creating_the_temporary_is_refused(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def open_temp(self: object, name: str) -> object:
        raise os_error(errno.ENOSPC)

    before = locker.state()
    monkeypatch.setattr(vault_backend.LocalBackend, "open_temp", open_temp)
    with pytest.raises(IngestError, match="no space left on the vault's disk"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_full_disk_at_commit_is_refused_and_leaves_no_trace(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fsync(fd: int) -> None:
        raise os_error(errno.ENOSPC)

    before = locker.state()
    monkeypatch.setattr(vault_backend.os, "fsync", fsync)
    with pytest.raises(IngestError, match="no space left on the vault's disk"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_really_full_disk_leaves_no_temporary(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk with no room left fails the first flush of the buffered header, and again the flush in
    close(), as Linux does."""
    open_temp = vault_backend.LocalBackend.open_temp

    def open_full_temp(self: vault_backend.LocalBackend, name: str) -> object:
        temp = open_temp(self, name)
        temp.file.close()
        fd = os.open(temp.path, os.O_WRONLY)
        temp.file = io.BufferedWriter(FullDisk(fd, room=0))  # type: ignore[assignment]
        return temp

    before = locker.state()
    monkeypatch.setattr(vault_backend.LocalBackend, "open_temp", open_full_temp)
    with pytest.raises(IngestError, match="no space left on the vault's disk"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_failure_after_the_blob_is_linked_leaves_no_orphan(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    link_no_replace = vault_backend.link_no_replace
    linked: list[object] = []

    def link(source: object, target: object) -> None:
        link_no_replace(source, target)  # type: ignore[arg-type]
        linked.append(target)

    def fsync_directory(path: object) -> None:
        if linked:
            raise os_error(errno.EIO)

    before = locker.state()
    monkeypatch.setattr(vault_backend, "link_no_replace", link)
    monkeypatch.setattr(vault_backend, "fsync_directory", fsync_directory)
    with pytest.raises(IngestError):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


# The record transaction failing ------------------------------------------------------------------


def database_down(*args: object, **kwargs: object) -> None:
    raise DatabaseError("disk I/O error")


def test_a_database_failure_in_the_ledger_append_leaves_no_blob_and_no_item(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = locker.state()
    monkeypatch.setattr(log, "append", database_down)
    with pytest.raises(IngestError, match=r"database could not record .*disk I/O error"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_database_failure_after_the_entry_rolls_the_entry_back(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item, receipt and entry are one transaction: a failing receipt undoes the entry too."""
    before = locker.state()
    monkeypatch.setattr(Receipt.objects, "create", database_down)
    with pytest.raises(IngestError, match="database could not record"):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_a_database_failure_on_a_second_arrival_adds_no_receipt(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    locker.ingest(DATA, "first.mp4")
    before = locker.state()
    monkeypatch.setattr(log, "append", database_down)
    with pytest.raises(IngestError, match="database could not record"):
        locker.ingest(DATA, "second.mp4")
    monkeypatch.undo()
    assert locker.state() == before


def test_an_interrupt_in_the_record_transaction_leaves_no_blob(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    before = locker.state()
    monkeypatch.setattr(Item.objects, "create", interrupted)
    with pytest.raises(KeyboardInterrupt):
        locker.ingest(DATA)
    monkeypatch.undo()
    assert locker.state() == before


def test_the_locker_works_again_after_a_database_failure(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(log, "append", database_down)
        with pytest.raises(IngestError):
            locker.ingest(DATA)
    assert not locker.ingest(DATA).duplicate
    assert locker.audit() == []


# Digest clashes ----------------------------------------------------------------------------------


def test_a_sha256_match_with_another_sha512_is_refused_and_never_merged(locker: Locker) -> None:
    """Crafted: a record with this file's SHA-256 but another SHA-512 (a SHA-256 collision)."""
    real = digest_bytes(DATA)
    Item.objects.create(
        sha256=real.sha256_hex,
        sha512="0" * 128,
        size=real.size,
        media_type="application/octet-stream",
        blob=secrets.token_hex(16),
        received_at="2024-01-01T00:00:00Z",
    )
    before = locker.state()  # the crafted row is itself a problem; nothing may be added to it
    with pytest.raises(VerificationError, match=r"refused: the SHA-256 matches .* SHA-512"):
        locker.ingest(DATA)
    assert locker.state() == before


def test_a_sha256_match_with_another_size_is_refused(locker: Locker) -> None:
    real = digest_bytes(DATA)
    Item.objects.create(
        sha256=real.sha256_hex,
        sha512=real.sha512_hex,
        size=real.size + 1,
        media_type="application/octet-stream",
        blob=secrets.token_hex(16),
        received_at="2024-01-01T00:00:00Z",
    )
    before = locker.state()
    with pytest.raises(VerificationError, match="SHA-512 or size differ"):
        locker.ingest(DATA)
    assert locker.state() == before


def test_a_sha512_clash_under_another_sha256_is_refused_and_leaves_no_blob(
    locker: Locker,
) -> None:
    real = digest_bytes(DATA)
    with transaction.atomic():
        Item.objects.create(
            sha256="f" * 64,
            sha512=real.sha512_hex,
            size=real.size,
            media_type="application/octet-stream",
            blob=secrets.token_hex(16),
            received_at="2024-01-01T00:00:00Z",
        )
    before = locker.state()
    with pytest.raises(IngestError, match="conflicts with an existing record"):
        locker.ingest(DATA)
    assert locker.state() == before


def test_the_same_bytes_stored_by_another_process_meanwhile_become_a_receipt(
    locker: Locker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ingests of the same bytes race: ours loses the insert and becomes a second receipt."""
    record_new_item = intake._record_new_item
    raced: list[bool] = []

    def racing(*args: object, **kwargs: object) -> object:
        if not raced:
            raced.append(True)
            locker.ingest(DATA, "theirs.mp4")  # the other process, between check and insert
        return record_new_item(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "_record_new_item", racing)
    outcome = locker.ingest(DATA, "ours.mp4")
    monkeypatch.undo()

    assert outcome.duplicate
    assert Item.objects.count() == 1
    assert [r.original_filename for r in Receipt.objects.all()] == ["theirs.mp4", "ours.mp4"]
    assert len(list(locker.vault.names())) == 1
    assert locker.audit() == []


def test_every_refusal_is_a_sprava_error_for_front_ends_to_show(locker: Locker) -> None:
    for source in (io.BytesIO(b""), FailingSource(DATA, os_error(errno.EIO))):
        with pytest.raises(SpravaError):
            ingest_from(locker, source)
