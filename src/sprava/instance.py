"""The instance: its data directory, its keys, its vault.

Layout under SPRAVA_HOME (created by `sprava init`, mode 0700):

    sprava.sqlite3         the database (unless DATABASE_URL points elsewhere)
    checkpoint.latest      the latest signed checkpoint, kept outside the database
    checkpoint.latest.lock held by whoever replaces it
    secret_key             the web session key
    vault/                 encrypted blobs (age), named at random
    keys/origin            the custody log's origin line
    keys/log-signing.pem   Ed25519 checkpoint key, encrypted with the passphrase (0600)
    keys/log.vkey          its public verifier key (C2SP note format)
    keys/vault-identity.age(.pub)   the vault's age identity (encrypted) and recipient

Writing evidence needs only public keys; reading blobs and signing checkpoints need the
passphrase, which unlocks the private keys once per process.
"""

from __future__ import annotations

import functools
import getpass
import os
import secrets
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from sprava.integrity import note
from sprava.integrity.errors import (
    ConfigurationError,
    KeyAccessError,
    SpravaError,
    VerificationError,
)
from sprava.ledger.kept import KeptCheckpoint, read_note
from sprava.vault import LocalBackend, Vault
from sprava.vault import keys as vault_keys

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def vault(self) -> Path:
        return self.home / "vault"

    @property
    def origin(self) -> Path:
        return self.keys / "origin"

    @property
    def signing_key(self) -> Path:
        return self.keys / "log-signing.pem"

    @property
    def verifier_key(self) -> Path:
        return self.keys / "log.vkey"

    @property
    def vault_identity(self) -> Path:
        return self.keys / "vault-identity.age"

    @property
    def vault_recipient(self) -> Path:
        return vault_keys.recipient_path(self.vault_identity)

    @property
    def secret_key(self) -> Path:
        return self.home / "secret_key"


def paths() -> Paths:
    return Paths(Path(settings.SPRAVA_HOME))


def is_initialised(where: Paths | None = None) -> bool:
    where = where or paths()
    return where.signing_key.exists() and where.vault_recipient.exists()


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


def vault(*, read: bool = False, where: Paths | None = None) -> Vault:
    """The vault. Writing needs no passphrase; `read=True` unlocks the keyring if needed."""
    where = where or paths()
    if not where.vault_recipient.exists():
        raise ConfigurationError(f"{where.home} is not initialised: run `sprava init`")
    identity = KEYRING.identity() if read or KEYRING.identity_open else None
    return Vault(
        LocalBackend(where.vault),
        vault_keys.load_recipient(where.vault_identity),
        extra_recipients=settings.SPRAVA_EXTRA_RECIPIENTS,
        identity=identity,
    )


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


def kept_checkpoint_path(where: Paths | None = None) -> Path:
    """The latest checkpoint this instance signed, kept outside the database."""
    return (where or paths()).home / "checkpoint.latest"


def kept_checkpoint(where: Paths | None = None) -> str | None:
    """The note in `kept_checkpoint_path`, or None if there is none yet.

    This copy guards against a forger who has the database only; partners' copies
    (`verify --checkpoint`) guard against one who has the server too.
    """
    return read_note(kept_checkpoint_path(where))


def kept_copy(where: Paths | None = None) -> KeptCheckpoint:
    """The kept checkpoint of this home, checked with its log's key and origin."""
    where = where or paths()
    return KeptCheckpoint(kept_checkpoint_path(where), verifier(where), origin(where))


def sign_checkpoint() -> None:
    """Sign a checkpoint over everything appended so far (needs the unlocked keys).

    It must extend the checkpoint kept outside the database, which it then replaces: the key
    signs no log that a database-only forger cut back or rewrote.
    """
    from sprava.integrity import checkpoint as tlog
    from sprava.ledger import log
    from sprava.ledger.checkpoints import sign_latest

    log.take_appended()  # this covers what this thread appended so far
    copy = kept_copy()
    try:
        kept = copy.read()
    except SpravaError as exc:
        raise VerificationError(
            f"{copy.path} is not a checkpoint of this log ({exc}); not signing"
        ) from exc
    signed = sign_latest(KEYRING.signer(), copy.origin, kept=kept)
    if signed is not None:
        copy.keep(signed.note, tlog.Checkpoint(copy.origin, signed.size, bytes(signed.root)))


def sign_appended() -> bool:
    """At the end of a request or command: sign one checkpoint if this thread appended.

    Called after the appending transactions committed (the signing transaction is durable), so
    an entry stays unsigned only for the rest of the request or command that made it. Returns
    whether it signed; SpravaError (locked keys, a log that does not extend the last
    checkpoint) is the caller's to report.
    """
    from sprava.ledger import log

    if not log.take_appended():
        return False
    sign_checkpoint()
    return True


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
