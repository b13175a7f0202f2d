"""The instance's keys: made once by `sprava init`, unlocked once per process.

The checkpoint signing key and the vault's age identity are kept encrypted with the passphrase.
Writing evidence needs only public keys (the vault's recipient, the log's verifier key);
reading blobs and signing checkpoints need the passphrase, which unlocks the private keys once
per process (`KEYRING`). The record-hash key keys the ledger's hashes of protected values.
"""

from __future__ import annotations

import functools
import getpass
import os
import secrets
import socket
import sys
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from sprava.home.paths import Paths, paths
from sprava.integrity import note
from sprava.integrity.errors import ConfigurationError, KeyAccessError
from sprava.vault import keys as vault_keys

MIN_PASSPHRASE = 12


def _write_private(path: Path, data: bytes) -> None:
    """Write a key file with mode 0600 from the start, atomically."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def create_keys(passphrase: str, origin: str | None = None, where: Paths | None = None) -> str:
    """Create the instance's keys; refuses to replace existing ones. Returns the verifier key."""
    where = where or paths()
    if len(passphrase) < MIN_PASSPHRASE:
        raise ConfigurationError(
            f"the key passphrase must have at least {MIN_PASSPHRASE} characters"
        )
    if where.signing_key.exists() or where.vault_identity.exists():
        raise ConfigurationError(f"{where.keys} already holds keys; they are never replaced")
    for folder in (where.home, where.keys, where.vault):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not where.secret_key.exists():
        _write_private(where.secret_key, secrets.token_urlsafe(50).encode("ascii"))
    origin = origin or settings.SPRAVA_LOG_ORIGIN or default_origin()
    private, verifier_key = note.generate(origin)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    _write_private(where.signing_key, pem)
    _write_private(where.origin, (origin + "\n").encode("utf-8"))
    _write_private(where.verifier_key, (verifier_key + "\n").encode("ascii"))
    vault_keys.create_identity_file(where.vault_identity, passphrase)
    return verifier_key


def default_origin() -> str:
    host = socket.gethostname().split(".")[0] or "host"
    return f"sprava.local/{host}/{secrets.token_hex(4)}"


class Keyring:
    """Private keys of this process, unlocked once with the passphrase.

    The vault identity is opened only when something must be read: its age passphrase
    encryption costs scrypt's 256 MiB and a second of work, which an ingest (that only writes
    to the vault and signs checkpoints) should not pay.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signer: note.Signer | None = None
        self._identity: vault_keys.Identity | None = None
        self._passphrase: str | None = None
        self._where: Paths | None = None

    def unlock(self, passphrase: str, where: Paths | None = None) -> None:
        where = where or paths()
        with self._lock:
            try:
                pem = where.signing_key.read_bytes()
            except FileNotFoundError as exc:
                raise KeyAccessError(
                    f"no signing key at {where.signing_key}: run `sprava init`"
                ) from exc
            try:
                private = serialization.load_pem_private_key(pem, passphrase.encode("utf-8"))
            except (ValueError, TypeError) as exc:
                raise KeyAccessError("wrong passphrase for the instance keys") from exc
            if not isinstance(private, Ed25519PrivateKey):
                raise KeyAccessError(f"{where.signing_key} is not an Ed25519 key")
            self._signer = note.Signer(origin(where), private)
            self._identity = None
            self._passphrase, self._where = passphrase, where

    def lock(self) -> None:
        with self._lock:
            self._signer = None
            self._identity = None
            self._passphrase = self._where = None

    @property
    def identity_open(self) -> bool:
        return self._identity is not None

    @property
    def unlocked(self) -> bool:
        return self._signer is not None

    def _ensure(self) -> None:
        if self._signer is None:
            from_env = os.environ.get("SPRAVA_PASSPHRASE")
            if not from_env:
                raise KeyAccessError(
                    "the instance keys are locked: set SPRAVA_PASSPHRASE or unlock them first"
                )
            self.unlock(from_env)

    def signer(self) -> note.Signer:
        self._ensure()
        assert self._signer is not None
        return self._signer

    def identity(self) -> vault_keys.Identity:
        self._ensure()
        with self._lock:
            if self._identity is None:
                assert self._passphrase is not None and self._where is not None
                self._identity = vault_keys.load_identity(
                    self._where.vault_identity, self._passphrase
                )
            return self._identity


KEYRING = Keyring()


def origin(where: Paths | None = None) -> str:
    where = where or paths()
    return _key_file(where, where.origin, "utf-8")


def verifier_key(where: Paths | None = None) -> str:
    where = where or paths()
    return _key_file(where, where.verifier_key, "ascii")


def verifier(where: Paths | None = None) -> note.Verifier:
    return _parsed_verifier(verifier_key(where))


# The origin and verifier key, read once per process: every signing (each request that
# appends) needs them, Sprava never replaces them (`create_keys` refuses), and the signing key
# itself is read once, when the keyring is unlocked, so files changed under a running process
# could only disagree with the key it signs with. Only what was found is kept: a home read
# before `sprava init` is read again after it.
_KEY_FILES: dict[Path, str] = {}


def _key_file(where: Paths, path: Path, encoding: str) -> str:
    text = _KEY_FILES.get(path)
    if text is None:
        try:
            text = path.read_text(encoding=encoding).strip()
        except FileNotFoundError as exc:
            raise ConfigurationError(
                f"{where.home} is not initialised: run `sprava init`"
            ) from exc
        _KEY_FILES[path] = text
    return text


@functools.lru_cache(maxsize=16)
def _parsed_verifier(vkey: str) -> note.Verifier:
    return note.Verifier(vkey)


def ask_passphrase(confirm: bool = False) -> str:
    """The passphrase from SPRAVA_PASSPHRASE, or asked at the terminal."""
    from_env = os.environ.get("SPRAVA_PASSPHRASE")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise KeyAccessError("no terminal to ask the key passphrase: set SPRAVA_PASSPHRASE")
    first = getpass.getpass("Key passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise KeyAccessError("the two passphrases differ")
    return first


def unlock_keys() -> None:
    """Unlock the signing key for a command that writes, before it writes anything."""
    if not KEYRING.unlocked:
        KEYRING.unlock(ask_passphrase())


_RECORD_KEYS: dict[Path, bytes] = {}


def record_hash_key(where: Paths | None = None) -> bytes:
    """The instance's key for keyed hashes of protected values in the ledger (made on first use).

    The ledger can then be shown to an auditor: a changed name is visible as a changed hash, and
    nobody without this key can test a guess of the name against it.
    """
    where = where or paths()
    path = where.keys / "record-hash.key"
    if path in _RECORD_KEYS:
        return _RECORD_KEYS[path]
    try:
        _RECORD_KEYS[path] = path.read_bytes()
        return _RECORD_KEYS[path]
    except FileNotFoundError:
        pass
    where.keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()  # another process made it first
    try:
        os.write(fd, secrets.token_bytes(32))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path.read_bytes()
