"""LocalBackend: write-once objects under random names, temps in tmp/, nothing overwritten."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from sprava.vault import Backend, LocalBackend
from sprava.vault.errors import BlobExistsError, BlobNotFoundError, VaultError

NAME = "ab" + "0" * 30
OTHER = "cd" + "1" * 30


def write_object(backend: Backend, name: str, data: bytes) -> None:
    temp = backend.open_temp(name)
    temp.write(data)
    backend.commit(temp)


def read_object(backend: Backend, name: str) -> bytes:
    reader = backend.open_read(name)
    try:
        return reader.read()
    finally:
        reader.close()


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "vault")


def test_a_committed_object_reads_back(backend: LocalBackend) -> None:
    write_object(backend, NAME, b"ciphertext")
    assert read_object(backend, NAME) == b"ciphertext"
    assert backend.exists(NAME)


def test_commit_refuses_to_overwrite_an_existing_object(backend: LocalBackend) -> None:
    write_object(backend, NAME, b"first")
    temp = backend.open_temp(NAME)
    temp.write(b"second")
    with pytest.raises(BlobExistsError):
        backend.commit(temp)
    backend.discard(temp)
    assert read_object(backend, NAME) == b"first"
    assert list(backend.temps()) == []


def test_objects_are_sharded_by_their_first_two_characters(backend: LocalBackend) -> None:
    write_object(backend, NAME, b"x")
    assert (backend.root / "objects" / "ab" / NAME).is_file()


def test_committed_objects_are_read_only(backend: LocalBackend) -> None:
    write_object(backend, NAME, b"x")
    assert stat.S_IMODE(backend.object_path(NAME).stat().st_mode) == 0o400


def test_a_temp_is_not_an_object_until_committed(backend: LocalBackend) -> None:
    temp = backend.open_temp(NAME)
    temp.write(b"partial")
    temp.flush()
    assert not backend.exists(NAME)
    assert list(backend.names()) == []
    [info] = backend.temps()
    assert info.size == len(b"partial")
    assert (backend.tmp / info.temp_id).is_file()
    assert stat.S_IMODE((backend.tmp / info.temp_id).stat().st_mode) == 0o600
    backend.commit(temp)
    assert list(backend.temps()) == []
    assert list(backend.names()) == [NAME]


def test_discard_removes_the_temp_and_is_idempotent(backend: LocalBackend) -> None:
    temp = backend.open_temp(NAME)
    temp.write(b"x")
    backend.discard(temp)
    backend.discard(temp)
    assert list(backend.temps()) == []
    assert not backend.exists(NAME)


def test_names_lists_committed_objects_in_order_and_ignores_strangers(
    backend: LocalBackend,
) -> None:
    write_object(backend, OTHER, b"2")
    write_object(backend, NAME, b"1")
    (backend.objects / "ab" / "notes.txt").write_text("not a blob")
    (backend.objects / "zz").mkdir()
    (backend.objects / "cd" / NAME).write_text("wrong shard")
    assert list(backend.names()) == [NAME, OTHER]


def test_delete_removes_an_object(backend: LocalBackend) -> None:
    write_object(backend, NAME, b"x")
    backend.delete(NAME)
    assert not backend.exists(NAME)
    with pytest.raises(BlobNotFoundError):
        backend.delete(NAME)
    with pytest.raises(BlobNotFoundError):
        backend.open_read(NAME)


@pytest.mark.parametrize("name", ["../../etc/passwd", "AB" + "0" * 30, "ab", "", NAME + "0"])
def test_malformed_names_never_become_paths(backend: LocalBackend, name: str) -> None:
    with pytest.raises(VaultError, match="not a vault blob name"):
        backend.exists(name)
    with pytest.raises(VaultError, match="not a vault blob name"):
        backend.open_temp(name)


@pytest.mark.parametrize("temp_id", ["../objects", "/etc/passwd", "..", ""])
def test_delete_temp_refuses_anything_but_a_plain_temp_id(
    backend: LocalBackend, temp_id: str
) -> None:
    with pytest.raises(VaultError, match="not a temp id"):
        backend.delete_temp(temp_id)


def test_delete_temp_of_a_vanished_temp_returns_false(backend: LocalBackend) -> None:
    assert backend.delete_temp("stage-gone.part") is False


def test_a_temp_from_another_backend_is_refused(backend: LocalBackend, tmp_path: Path) -> None:
    other = LocalBackend(tmp_path / "other")
    temp = other.open_temp(NAME)
    with pytest.raises(TypeError):
        backend.commit(temp)
    other.discard(temp)


def test_commit_of_a_swept_temp_is_a_vault_error(backend: LocalBackend) -> None:
    temp = backend.open_temp(NAME)
    temp.write(b"x")
    [info] = backend.temps()
    backend.delete_temp(info.temp_id)
    with pytest.raises(VaultError, match="vanished"):
        backend.commit(temp)
    assert not backend.exists(NAME)


def test_modified_at_is_not_earlier_than_the_commit(backend: LocalBackend) -> None:
    temp = backend.open_temp(NAME)
    temp.write(b"x")
    temp.flush()
    written = time.time()
    time.sleep(0.05)  # staged, then the caller deduplicates: the commit comes later
    committed = time.time()
    backend.commit(temp)
    assert backend.modified_at(NAME) >= committed - 0.01 > written
    with pytest.raises(BlobNotFoundError):
        backend.modified_at(OTHER)
