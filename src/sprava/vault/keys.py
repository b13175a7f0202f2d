"""The vault's age X25519 identity: generate it, keep it passphrase-protected, load it.

On disk, beside each other:

- `<path>`      the identity (AGE-SECRET-KEY-1...), age passphrase-encrypted (scrypt), ASCII
                armoured, mode 0600. `age -d <path>` with the passphrase recovers it, so the key
                stays usable without Sprava.
- `<path>.pub`  the recipient (age1...) in clear, so that putting blobs needs no passphrase.

Losing the identity loses every blob encrypted only to it; that is why files are written
atomically, never overwritten, and why organisations should add an escrow recipient.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyrage  # type: ignore[import-untyped, unused-ignore]

from sprava.integrity.errors import KeyAccessError
from sprava.vault.backend import fsync_directory, link_no_replace

RECIPIENT_SUFFIX = ".pub"
IDENTITY_MODE = 0o600
RECIPIENT_MODE = 0o644


class Identity:
    """An age X25519 identity, the secret half of a key pair.

    Wraps pyrage's object so that the rest of Sprava is typed, and so that printing or logging
    it shows the public recipient only: pyrage's own str() is the secret key.
    """

    __slots__ = ("_inner", "_recipient")

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._recipient: str = str(inner.to_public())

    @classmethod
    def generate(cls) -> Identity:
        return cls(pyrage.x25519.Identity.generate())

    @classmethod
    def from_secret(cls, secret: str) -> Identity:
        try:
            return cls(pyrage.x25519.Identity.from_str(secret.strip()))
        except pyrage.IdentityError as exc:
            raise KeyAccessError(f"not an age X25519 identity: {exc}") from None

    @property
    def recipient(self) -> str:
        """The public half (age1...): what blobs are encrypted to."""
        return self._recipient

    def secret(self) -> str:
        """The AGE-SECRET-KEY-1... string. Only for writing it passphrase-protected."""
        return str(self._inner)

    def as_pyrage(self) -> Any:
        """The pyrage object, for pyrage.decrypt* calls."""
        return self._inner

    def __repr__(self) -> str:
        return f"<Identity for {self._recipient}>"


def parse_recipient(recipient: str) -> Any:
    """A pyrage X25519 recipient from an age1... string; KeyAccessError if malformed."""
    try:
        return pyrage.x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError as exc:
        raise KeyAccessError(f"not an age X25519 recipient {recipient!r}: {exc}") from None


def recipient_path(identity_path: Path) -> Path:
    return identity_path.with_name(identity_path.name + RECIPIENT_SUFFIX)


def create_identity_file(path: Path, passphrase: str) -> Identity:
    """Generate an identity, store it at `path` under `passphrase`, and its recipient beside it.

    Refuses to replace an existing identity file: that would orphan every blob encrypted to it.
    Scrypt makes this take about a second, on purpose.
    """
    if not passphrase:
        raise KeyAccessError("refusing to store a vault identity without a passphrase")
    if path.exists():  # fail fast, before a second of scrypt; the link below is the real guard
        raise KeyAccessError(f"an identity file exists already at {path}; not replacing it")
    identity = Identity.generate()
    sealed = pyrage.passphrase.encrypt(
        (identity.secret() + "\n").encode(), passphrase, armored=True
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        _write_atomically(path, bytes(sealed), IDENTITY_MODE, replace=False)
    except FileExistsError:
        raise KeyAccessError(
            f"an identity file exists already at {path}; not replacing it"
        ) from None
    write_recipient_file(path, identity)
    return identity


def write_recipient_file(identity_path: Path, identity: Identity) -> None:
    """(Re)write the clear recipient file beside an identity file, e.g. after it was lost."""
    data = (identity.recipient + "\n").encode()
    _write_atomically(recipient_path(identity_path), data, RECIPIENT_MODE, replace=True)


def load_identity(path: Path, passphrase: str) -> Identity:
    """Open the identity file with its passphrase.

    Also checks that the recipient file beside it, if present, is this identity's: a replaced
    recipient file would make every new blob readable by someone else and not by us.
    """
    sealed = _read_key_file(path, "identity")
    _refuse_loose_permissions(path)
    try:
        secret = pyrage.passphrase.decrypt(sealed, passphrase)
    except pyrage.DecryptError:
        raise KeyAccessError(
            f"cannot open the vault identity {path}: wrong passphrase, or the file is damaged"
        ) from None
    try:
        text = bytes(secret).decode("ascii")
    except UnicodeDecodeError:
        raise KeyAccessError(f"{path} does not hold an age identity") from None
    identity = Identity.from_secret(text)
    pub = recipient_path(path)
    if pub.exists() and load_recipient(path) != identity.recipient:
        raise KeyAccessError(
            f"{pub} does not match the identity in {path}: it may have been replaced; "
            "new blobs would be unreadable with this identity"
        )
    return identity


def load_recipient(identity_path: Path) -> str:
    """The clear recipient stored beside an identity file (no passphrase needed)."""
    pub = recipient_path(identity_path)
    text = _read_key_file(pub, "recipient").decode("ascii", errors="replace").strip()
    parse_recipient(text)
    return text


def _read_key_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KeyAccessError(f"no vault {what} file at {path}") from None
    except OSError as exc:
        raise KeyAccessError(f"cannot read the vault {what} file {path}: {exc}") from exc


def _refuse_loose_permissions(path: Path) -> None:
    # Like ssh: a secret readable by others is a sign of a mistake worth stopping for, even
    # though the passphrase still protects it.
    if os.name != "posix":
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyAccessError(
            f"{path} is accessible to other users (mode {mode:04o}); run: chmod 600 {path}"
        )


def _write_atomically(path: Path, data: bytes, mode: int, *, replace: bool) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never part.

    With replace=False an existing `path` raises FileExistsError and is left untouched.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temp, path)
        else:
            link_no_replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_directory(path.parent)
