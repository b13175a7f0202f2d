"""The Vault: encrypted, write-once blobs under random names, checked on every read."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pyrage  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprava.integrity.errors import DigestMismatchError, KeyAccessError, VerificationError
from sprava.integrity.hashing import digest_bytes
from sprava.vault import Identity, LocalBackend, Vault
from sprava.vault import store as store_module
from sprava.vault.errors import BlobExistsError, BlobNotFoundError, VaultError

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def identity() -> Identity:
    return Identity.generate()


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "vault")


@pytest.fixture
def vault(backend: LocalBackend, identity: Identity) -> Vault:
    return Vault(backend, identity.recipient, identity=identity)


def read_all(vault: Vault, name: str, data: bytes) -> bytes:
    return b"".join(vault.read_chunks(name, digest_bytes(data)))


def overwrite_object(backend: LocalBackend, name: str, content: bytes) -> None:
    path = backend.object_path(name)
    path.chmod(0o600)  # committed blobs are 0400
    path.write_bytes(content)


@pytest.mark.parametrize("size", [1, 1000, 64 * 1024, 64 * 1024 + 1, 3 * MiB + 5])
def test_round_trip_returns_the_original_bytes(vault: Vault, size: int) -> None:
    data = os.urandom(size)
    name, digests = vault.put(io.BytesIO(data))
    assert digests == digest_bytes(data)
    assert read_all(vault, name, data) == data


def test_an_empty_source_round_trips(vault: Vault) -> None:
    name, digests = vault.put(io.BytesIO(b""))
    assert digests.size == 0
    assert read_all(vault, name, b"") == b""
    vault.verify(name, digests)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200_000))
def test_any_bytes_round_trip(vault: Vault, data: bytes) -> None:
    name, digests = vault.put(io.BytesIO(data))
    assert digests == digest_bytes(data)
    assert read_all(vault, name, data) == data


def test_the_stored_object_is_ciphertext(vault: Vault, backend: LocalBackend) -> None:
    data = b"Akrestsina detention centre, cell 7, 2020-08-11. " * 100
    name, _ = vault.put(io.BytesIO(data))
    stored = backend.object_path(name).read_bytes()
    assert stored.startswith(b"age-encryption.org/v1\n")
    assert b"Akrestsina" not in stored


def test_names_are_random_and_do_not_contain_the_digest(
    vault: Vault, backend: LocalBackend
) -> None:
    data = b"known file"
    name, digests = vault.put(io.BytesIO(data))
    assert len(name) == 32 and int(name, 16) >= 0
    path = str(backend.object_path(name))
    for digest in (digests.sha256_hex, digests.sha512_hex):
        assert name not in digest
        assert digest[:8] not in path


def test_two_stages_of_the_same_bytes_give_two_different_names(
    vault: Vault, backend: LocalBackend
) -> None:
    first, _ = vault.put(io.BytesIO(b"same"))
    second, _ = vault.put(io.BytesIO(b"same"))
    assert first != second
    # Not even the ciphertext repeats: age draws a fresh file key each time.
    assert backend.object_path(first).read_bytes() != backend.object_path(second).read_bytes()


def test_an_existing_name_is_never_overwritten(
    vault: Vault, backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, _ = vault.put(io.BytesIO(b"original evidence"))
    monkeypatch.setattr(store_module, "new_blob_name", lambda: name)
    staged = vault.stage(io.BytesIO(b"forgery"))
    with pytest.raises(BlobExistsError):
        staged.commit()
    assert read_all(vault, name, b"original evidence") == b"original evidence"
    assert vault.temp_files() == []


@pytest.mark.parametrize("where", ["header", "payload", "last byte"])
def test_a_flipped_byte_in_the_ciphertext_raises_on_read_and_verify(
    vault: Vault, backend: LocalBackend, where: str
) -> None:
    data = os.urandom(300_000)
    name, digests = vault.put(io.BytesIO(data))
    stored = bytearray(backend.object_path(name).read_bytes())
    offset = {"header": 40, "payload": len(stored) // 2, "last byte": len(stored) - 1}[where]
    stored[offset] ^= 0x01
    overwrite_object(backend, name, bytes(stored))
    with pytest.raises(VerificationError, match=name):
        vault.verify(name, digests)
    with pytest.raises(VerificationError, match=name):
        list(vault.read_chunks(name, digests))


def test_a_flipped_byte_in_the_payload_is_a_digest_mismatch(
    vault: Vault, backend: LocalBackend
) -> None:
    name, digests = vault.put(io.BytesIO(os.urandom(300_000)))
    stored = bytearray(backend.object_path(name).read_bytes())
    stored[len(stored) // 2] ^= 0x80
    overwrite_object(backend, name, bytes(stored))
    with pytest.raises(DigestMismatchError, match="authenticated decryption"):
        vault.verify(name, digests)


def test_a_truncated_blob_is_a_digest_mismatch(vault: Vault, backend: LocalBackend) -> None:
    name, digests = vault.put(io.BytesIO(os.urandom(200_000)))
    stored = backend.object_path(name).read_bytes()
    overwrite_object(backend, name, stored[: len(stored) - 70_000])
    with pytest.raises(DigestMismatchError):
        vault.verify(name, digests)


def test_a_swapped_blob_is_a_digest_mismatch(vault: Vault, backend: LocalBackend) -> None:
    # Both decrypt fine (same recipient); only the recorded digests tell them apart.
    name_a, digests_a = vault.put(io.BytesIO(b"statement of witness A"))
    name_b, _ = vault.put(io.BytesIO(b"statement of witness B"))
    overwrite_object(backend, name_a, backend.object_path(name_b).read_bytes())
    with pytest.raises(DigestMismatchError, match=name_a):
        vault.verify(name_a, digests_a)
    with pytest.raises(DigestMismatchError):
        list(vault.read_chunks(name_a, digests_a))


def test_wrong_expected_digests_fail_after_the_last_chunk(vault: Vault) -> None:
    name, _ = vault.put(io.BytesIO(b"abc"))
    with pytest.raises(DigestMismatchError):
        vault.verify(name, digest_bytes(b"abd"))


def test_a_wrong_identity_cannot_read(vault: Vault, backend: LocalBackend) -> None:
    name, digests = vault.put(io.BytesIO(b"secret"))
    stranger = Identity.generate()
    other = Vault(backend, stranger.recipient, identity=stranger)
    with pytest.raises(VerificationError, match="cannot be decrypted"):
        other.verify(name, digests)


def test_an_identity_that_does_not_match_the_recipient_is_refused(
    backend: LocalBackend, identity: Identity
) -> None:
    with pytest.raises(KeyAccessError):
        Vault(backend, identity.recipient, identity=Identity.generate())


def test_a_vault_without_identity_writes_but_cannot_read(
    backend: LocalBackend, identity: Identity
) -> None:
    write_only = Vault(backend, identity.recipient)
    name, digests = write_only.put(io.BytesIO(b"x"))
    with pytest.raises(KeyAccessError):
        write_only.read_chunks(name, digests)


def test_an_extra_recipient_can_decrypt_the_raw_object_with_pyrage(
    backend: LocalBackend, identity: Identity
) -> None:
    escrow = pyrage.x25519.Identity.generate()
    vault = Vault(
        backend, identity.recipient, extra_recipients=[str(escrow.to_public())], identity=identity
    )
    name, _ = vault.put(io.BytesIO(b"for the escrow holder too"))
    raw = backend.object_path(name).read_bytes()
    assert pyrage.decrypt(raw, [escrow]) == b"for the escrow holder too"
    assert pyrage.decrypt(raw, [identity.as_pyrage()]) == b"for the escrow holder too"


def test_a_malformed_extra_recipient_is_refused(backend: LocalBackend, identity: Identity) -> None:
    with pytest.raises(KeyAccessError):
        Vault(backend, identity.recipient, extra_recipients=["age1nope"])


def test_stage_exposes_digests_before_anything_is_visible(vault: Vault) -> None:
    with vault.stage(io.BytesIO(b"dedupe me")) as staged:
        assert staged.digests == digest_bytes(b"dedupe me")
        assert list(vault.names()) == []
        assert len(vault.temp_files()) == 1
        name = staged.commit()
    assert list(vault.names()) == [name]
    assert vault.temp_files() == []


def test_discard_leaves_no_temp(vault: Vault) -> None:
    staged = vault.stage(io.BytesIO(b"duplicate"))
    staged.discard()
    staged.discard()
    assert vault.temp_files() == []
    assert list(vault.names()) == []
    with pytest.raises(VaultError, match="discarded"):
        staged.commit()


def test_leaving_the_context_without_commit_discards(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.stage(io.BytesIO(b"x")):
        raise RuntimeError("the database said no")
    assert vault.temp_files() == []
    assert list(vault.names()) == []


def test_a_blob_cannot_be_committed_twice(vault: Vault) -> None:
    staged = vault.stage(io.BytesIO(b"x"))
    staged.commit()
    with pytest.raises(VaultError, match="committed"):
        staged.commit()


class FailingSource(io.RawIOBase):
    """Gives `good` bytes, then fails like a dropped upload."""

    def __init__(self, good: int) -> None:
        self.left = good

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise ConnectionResetError("client went away")
        n = self.left if size < 0 else min(size, self.left)
        self.left -= n
        return b"\x00" * n


def test_an_error_in_the_source_mid_read_leaves_no_temp_and_no_blob(vault: Vault) -> None:
    with pytest.raises(ConnectionResetError, match="client went away"):
        vault.stage(FailingSource(good=1_000_000))  # type: ignore[arg-type]
    assert vault.temp_files() == []
    assert list(vault.names()) == []


def test_reading_a_missing_blob_fails_at_once(vault: Vault) -> None:
    with pytest.raises(BlobNotFoundError):
        vault.read_chunks("0" * 32, digest_bytes(b""))


def test_copy_to_writes_the_plaintext(vault: Vault) -> None:
    data = os.urandom(2 * MiB + 3)
    name, digests = vault.put(io.BytesIO(data))
    sink = io.BytesIO()
    vault.copy_to(name, digests, sink)
    assert sink.getvalue() == data


def test_delete_removes_an_orphan(vault: Vault) -> None:
    name, _ = vault.put(io.BytesIO(b"orphan"))
    vault.delete(name)
    assert not vault.exists(name)
    assert list(vault.names()) == []


def test_sweep_temp_removes_only_old_temps(vault: Vault, backend: LocalBackend) -> None:
    abandoned = vault.stage(io.BytesIO(b"left by a killed process"))
    [old] = vault.temp_files()
    two_hours_ago = time.time() - 7200
    os.utime(backend.tmp / old.temp_id, (two_hours_ago, two_hours_ago))
    recent = vault.stage(io.BytesIO(b"waiting for its database check"))

    assert vault.sweep_temp(older_than_seconds=3600) == [old.temp_id]

    [kept] = vault.temp_files()
    assert kept.temp_id != old.temp_id
    name = recent.commit()
    assert read_all(vault, name, b"waiting for its database check")
    with pytest.raises(VaultError, match="vanished"):
        abandoned.commit()
    assert vault.temp_files() == []
    assert list(vault.names()) == [name]


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("sprava-vault-read")]


def test_stopping_a_read_early_stops_the_worker(vault: Vault) -> None:
    data = os.urandom(8 * MiB)
    name, digests = vault.put(io.BytesIO(data))
    chunks = vault.read_chunks(name, digests)
    first = next(chunks)
    assert data.startswith(first)
    chunks.close()  # what a `break` out of a for loop does once the iterator is dropped
    assert reader_threads() == []


def test_breaking_out_of_a_read_loop_stops_the_worker(vault: Vault) -> None:
    name, digests = vault.put(io.BytesIO(os.urandom(8 * MiB)))
    for _chunk in vault.read_chunks(name, digests):
        break  # CPython closes the dropped generator at once
    assert reader_threads() == []


def test_an_error_in_the_consumer_stops_the_worker(vault: Vault) -> None:
    name, digests = vault.put(io.BytesIO(os.urandom(8 * MiB)))
    with pytest.raises(ZeroDivisionError):
        for _chunk in vault.read_chunks(name, digests):
            raise ZeroDivisionError
    assert reader_threads() == []


class BrokenDisk(LocalBackend):
    """Reads fail part-way, as a dying disk or a dropped S3 connection would."""

    def open_read(self, name: str) -> io.BufferedReader:
        data = super().open_read(name).read()

        class Reader(io.BytesIO):
            def read(self, size: int | None = -1) -> bytes:
                if self.tell() > len(data) // 2:
                    raise OSError(5, "Input/output error")
                return super().read(size)

        return Reader(data)  # type: ignore[return-value]


def test_a_storage_error_is_a_vault_error_not_evidence_of_tampering(
    tmp_path: Path, identity: Identity
) -> None:
    vault = Vault(BrokenDisk(tmp_path / "v"), identity.recipient, identity=identity)
    name, digests = vault.put(io.BytesIO(os.urandom(MiB)))
    with pytest.raises(VaultError, match="Input/output error") as raised:
        vault.verify(name, digests)
    assert not isinstance(raised.value, VerificationError)
    assert reader_threads() == []
