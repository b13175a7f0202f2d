"""The vault identity on disk: passphrase-protected, 0600, recipient in clear beside it."""

from __future__ import annotations

import io
import shutil
import stat
from pathlib import Path

import pyrage  # type: ignore[import-untyped, unused-ignore]
import pytest

from sprava.integrity.errors import KeyAccessError
from sprava.vault import (
    Identity,
    Vault,
    create_identity_file,
    load_identity,
    load_recipient,
    recipient_path,
)

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Identity]:
    # Scrypt costs about a second per use, so the key is made once for the module.
    path = tmp_path_factory.mktemp("keys") / "vault.age"
    return path, create_identity_file(path, PASSPHRASE)


def copy_key(key_file: tuple[Path, Identity], folder: Path) -> Path:
    path, _ = key_file
    target = folder / path.name
    shutil.copy2(path, target)
    shutil.copy2(recipient_path(path), recipient_path(target))
    return target


def test_key_file_mode_is_0600(key_file: tuple[Path, Identity]) -> None:
    path, _ = key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_temp_files_are_left_beside_the_key(key_file: tuple[Path, Identity]) -> None:
    path, _ = key_file
    assert sorted(p.name for p in path.parent.iterdir()) == ["vault.age", "vault.age.pub"]


def test_recipient_is_stored_in_clear_beside_the_identity(
    key_file: tuple[Path, Identity],
) -> None:
    path, identity = key_file
    assert recipient_path(path).read_text().strip() == identity.recipient
    assert load_recipient(path) == identity.recipient
    assert identity.recipient.startswith("age1")


def test_identity_file_holds_no_secret_in_clear(key_file: tuple[Path, Identity]) -> None:
    path, identity = key_file
    content = path.read_bytes()
    assert content.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert identity.secret().encode() not in content
    assert b"AGE-SECRET-KEY" not in content


def test_identity_file_opens_with_plain_age_and_the_passphrase(
    key_file: tuple[Path, Identity],
) -> None:
    # Interoperability: `age -d` must recover the key without Sprava.
    path, identity = key_file
    secret = pyrage.passphrase.decrypt(path.read_bytes(), PASSPHRASE)
    assert secret.decode().strip() == identity.secret()


def test_load_identity_with_the_passphrase_returns_the_same_identity(
    key_file: tuple[Path, Identity],
) -> None:
    path, identity = key_file
    loaded = load_identity(path, PASSPHRASE)
    assert loaded.recipient == identity.recipient
    assert loaded.secret() == identity.secret()


def test_wrong_passphrase_raises_key_access_error(key_file: tuple[Path, Identity]) -> None:
    path, _ = key_file
    with pytest.raises(KeyAccessError, match="wrong passphrase"):
        load_identity(path, "not the passphrase")


def test_missing_identity_file_raises_key_access_error(tmp_path: Path) -> None:
    with pytest.raises(KeyAccessError, match="no vault identity file"):
        load_identity(tmp_path / "absent.age", PASSPHRASE)


def test_missing_recipient_file_raises_key_access_error(tmp_path: Path) -> None:
    with pytest.raises(KeyAccessError, match="no vault recipient file"):
        load_recipient(tmp_path / "absent.age")


def test_an_existing_identity_file_is_never_replaced(
    key_file: tuple[Path, Identity], tmp_path: Path
) -> None:
    path = copy_key(key_file, tmp_path)
    before = path.read_bytes()
    with pytest.raises(KeyAccessError, match="exists already"):
        create_identity_file(path, "another passphrase")
    assert path.read_bytes() == before
    assert load_recipient(path) == key_file[1].recipient


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyAccessError, match="passphrase"):
        create_identity_file(tmp_path / "vault.age", "")
    assert not (tmp_path / "vault.age").exists()


def test_a_key_file_readable_by_others_is_refused(
    key_file: tuple[Path, Identity], tmp_path: Path
) -> None:
    path = copy_key(key_file, tmp_path)
    path.chmod(0o644)
    with pytest.raises(KeyAccessError, match="chmod 600"):
        load_identity(path, PASSPHRASE)


def test_a_replaced_recipient_file_is_detected_on_load(
    key_file: tuple[Path, Identity], tmp_path: Path
) -> None:
    # An attacker who swaps the clear recipient would get every new blob, and we none.
    path = copy_key(key_file, tmp_path)
    recipient_path(path).write_text(Identity.generate().recipient + "\n")
    with pytest.raises(KeyAccessError, match="does not match"):
        load_identity(path, PASSPHRASE)


def test_a_malformed_recipient_file_raises_key_access_error(tmp_path: Path) -> None:
    recipient_path(tmp_path / "vault.age").write_text("age1notarecipient\n")
    with pytest.raises(KeyAccessError, match="not an age X25519 recipient"):
        load_recipient(tmp_path / "vault.age")


def test_identity_repr_does_not_show_the_secret() -> None:
    identity = Identity.generate()
    assert identity.secret() not in repr(identity)
    assert identity.recipient in repr(identity)


def test_a_malformed_secret_raises_key_access_error() -> None:
    with pytest.raises(KeyAccessError):
        Identity.from_secret("AGE-SECRET-KEY-1NOTAKEY")


def test_open_local_writes_without_passphrase_and_reads_with_it(
    key_file: tuple[Path, Identity], tmp_path: Path
) -> None:
    path, _ = key_file
    writer = Vault.open_local(tmp_path / "vault", path)
    name, digests = writer.put(io.BytesIO(b"testimony"))
    with pytest.raises(KeyAccessError, match="without its identity"):
        writer.verify(name, digests)

    reader = Vault.open_local(tmp_path / "vault", path, passphrase=PASSPHRASE)
    assert b"".join(reader.read_chunks(name, digests)) == b"testimony"
