"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys.

A note is UTF-8 text ending in a newline, a blank line, then one or more signature lines
``— <key name> base64(key ID || signature)``. The key ID is the first four bytes of
SHA-256(name || 0x0A || 0x01 || public key); 0x01 marks Ed25519. A verifier key is written
``<name>+<key ID, 8 hex digits>+base64(0x01 || public key)``, as in Go's sumdb/note.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sprava.integrity.errors import MalformedError, VerificationError

ALG_ED25519 = 0x01
SIGNATURE_PREFIX = "— "  # em dash U+2014, then a space
# The spec asks verifiers to cap signatures and to accept at least 16; 100 is Go's limit.
MAX_SIGNATURES = 100

_ED25519_SIG_SIZE = 64


def check_key_name(name: str) -> str:
    """Key names are non-empty and contain neither Unicode spaces nor '+'."""
    if not isinstance(name, str) or not name:
        raise MalformedError("key name must be a non-empty string")
    if "+" in name or any(c.isspace() for c in name):
        raise MalformedError(f"key name must not contain '+' or spaces: {name!r}")
    if any(ord(c) < 0x20 for c in name) or not _is_utf8(name):
        raise MalformedError(f"key name must be printable UTF-8: {name!r}")
    return name


def key_id(name: str, public_key: bytes) -> int:
    """C2SP key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4], big-endian."""
    material = name.encode() + b"\n" + bytes([ALG_ED25519]) + public_key
    return int.from_bytes(hashlib.sha256(material).digest()[:4], "big")


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _is_utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def _b64decode_strict(value: str) -> bytes:
    """Standard base64 with padding, in its one canonical spelling (no malleable variants)."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedError(f"not valid base64: {value!r}") from exc
    if base64.b64encode(raw).decode() != value:
        raise MalformedError(f"not canonical base64: {value!r}")
    return raw


class Signer:
    """Signs note texts with one named Ed25519 key."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        self.name = check_key_name(name)
        self._private_key = private_key
        self.public_key = _raw_public(private_key.public_key())
        self.key_id = key_id(name, self.public_key)

    @property
    def verifier_key(self) -> str:
        """The public verifier key string that others configure to check our notes."""
        encoded = base64.b64encode(bytes([ALG_ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_id:08x}+{encoded}"

    def sign(self, message: bytes) -> bytes:
        return self._private_key.sign(message)


class Verifier:
    """A trusted public key, parsed and checked from its verifier key string."""

    def __init__(self, vkey: str) -> None:
        # The name holds no "+", but standard base64 may: split off two fields only.
        parts = vkey.split("+", 2) if isinstance(vkey, str) else []
        if len(parts) != 3:
            raise MalformedError("verifier key must be <name>+<key id>+<base64 key>")
        name, hex_id, encoded = parts
        self.name = check_key_name(name)
        if len(hex_id) != 8 or any(c not in "0123456789abcdefABCDEF" for c in hex_id):
            raise MalformedError(f"verifier key ID must be 8 hex digits: {hex_id!r}")
        raw = _b64decode_strict(encoded)
        if len(raw) != 33 or raw[0] != ALG_ED25519:
            raise MalformedError("verifier key must be an Ed25519 key (0x01 then 32 bytes)")
        self.public_key = raw[1:]
        self.key_id = int(hex_id, 16)
        # The ID is derived from name and key; a mismatch means a mangled or forged string.
        if self.key_id != key_id(self.name, self.public_key):
            raise MalformedError("verifier key ID does not match its name and public key")
        self._key = Ed25519PublicKey.from_public_bytes(self.public_key)
        self.vkey = vkey

    def verify(self, message: bytes, signature: bytes) -> bool:
        if len(signature) != _ED25519_SIG_SIZE:
            return False
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"Verifier({self.vkey!r})"


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, key ID, and the base64 text as it appeared."""

    name: str
    key_id: int
    encoded: str


@dataclass(frozen=True)
class Note:
    """An opened note: its text, the signatures we verified, and those from unknown keys."""

    text: str
    signatures: tuple[Signature, ...]
    unverified_signatures: tuple[Signature, ...] = ()


def generate(name: str) -> tuple[Ed25519PrivateKey, str]:
    """A fresh Ed25519 key and its verifier key string."""
    private_key = Ed25519PrivateKey.generate()
    return private_key, Signer(name, private_key).verifier_key


def _check_text(text: str) -> bytes:
    """The note text rules shared by signing and opening; returns the UTF-8 bytes."""
    if not text.endswith("\n"):
        raise MalformedError("note text must end with a newline")
    if not _is_utf8(text):
        raise MalformedError("note text must be valid UTF-8")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise MalformedError("note text must not contain control characters other than newline")
    return text.encode()


def sign(text: str, signers: Iterable[Signer]) -> str:
    """The signed note: text, a blank line, one signature line per signer."""
    message = _check_text(text)
    lines: list[str] = []
    seen: set[tuple[str, int]] = set()
    for signer in signers:
        if (signer.name, signer.key_id) in seen:
            raise ValueError(f"duplicate signer {signer.name}")
        seen.add((signer.name, signer.key_id))
        blob = signer.key_id.to_bytes(4, "big") + signer.sign(message)
        lines.append(f"{SIGNATURE_PREFIX}{signer.name} {base64.b64encode(blob).decode()}\n")
    if not lines:
        raise ValueError("a note needs at least one signature")
    if len(lines) > MAX_SIGNATURES:
        raise ValueError(f"a note carries at most {MAX_SIGNATURES} signatures")
    return text + "\n" + "".join(lines)


def _parse_signature_line(line: str) -> tuple[Signature, bytes]:
    if not line.startswith(SIGNATURE_PREFIX):
        raise MalformedError(f"signature line must start with an em dash and a space: {line!r}")
    name, space, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not space:
        raise MalformedError(f"signature line has no signature: {line!r}")
    check_key_name(name)
    blob = _b64decode_strict(encoded)
    if len(blob) < 5:
        raise MalformedError(f"signature is too short: {line!r}")
    return Signature(name, int.from_bytes(blob[:4], "big"), encoded), blob[4:]


def open_note(message: str | bytes, verifiers: Iterable[Verifier]) -> Note:
    """Parse a signed note and verify it against the trusted keys in `verifiers`.

    Signatures by unknown keys are ignored (and reported as unverified); a known key's bad
    signature rejects the whole note, and so does the absence of any known signature.
    """
    # 1. Decode: valid UTF-8, no control characters but newline.
    if isinstance(message, bytes):
        try:
            message = message.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedError("note is not valid UTF-8") from exc
    _check_text(message)
    # 2. Split at the last blank line: text (with its final newline), then signatures.
    split = message.rfind("\n\n")
    if split < 0:
        raise MalformedError("note has no blank line before its signatures")
    text, block = message[: split + 1], message[split + 2 :]
    # Split on "\n" only: str.splitlines would also break at U+0085 and U+2028.
    lines = block[:-1].split("\n") if block else []
    if not lines:
        raise MalformedError("note has no signatures")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedError(f"note has more than {MAX_SIGNATURES} signatures")
    # 3. Index the trusted keys; two different keys with one name and ID would be ambiguous.
    known: dict[tuple[str, int], Verifier] = {}
    for trusted in verifiers:
        previous = known.setdefault((trusted.name, trusted.key_id), trusted)
        if previous.public_key != trusted.public_key:
            raise MalformedError(f"two trusted keys share name and ID: {trusted.name}")
    # 4. Check every signature from a known key; keep the others aside.
    payload = text.encode()
    verified: dict[tuple[str, int], Signature] = {}
    unverified: dict[str, Signature] = {}
    for line in lines:
        signature, raw = _parse_signature_line(line)
        verifier = known.get((signature.name, signature.key_id))
        if verifier is None:
            unverified.setdefault(line, signature)
        elif not verifier.verify(payload, raw):
            raise VerificationError(f"invalid signature by {signature.name} on note")
        else:
            verified.setdefault((signature.name, signature.key_id), signature)
    # 5. At least one trusted key must have signed.
    if not verified:
        raise VerificationError("note is not signed by any trusted key")
    return Note(text, tuple(verified.values()), tuple(unverified.values()))
