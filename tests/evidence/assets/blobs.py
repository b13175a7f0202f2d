"""Vault blobs that do not decrypt, each made from a good blob of the vault, with the words the
audit must name it by. Kept as functions: a blob is only hostile relative to the vault's key."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pyrage


class HostileBlob(NamedTuple):
    id: str
    make: Callable[[bytes], bytes]  # from the good ciphertext of the same item
    named: str  # words the problem must contain


def _another_recipients(good: bytes) -> bytes:
    return bytes(pyrage.encrypt(b"the same item, for someone else",
                                [pyrage.x25519.Identity.generate().to_public()]))


HOSTILE_BLOBS: list[HostileBlob] = [
    # age answers this one with "Unknown age format. Have you tried upgrading to the latest
    # version?": advice on two lines, not a named problem.
    HostileBlob("unsupported-version",
                lambda good: good.replace(b"age-encryption.org/v1", b"age-encryption.org/v2", 1),
                "unsupported age version"),
    HostileBlob("another-recipient", _another_recipients, "another recipient"),
    HostileBlob("truncated-header", lambda good: good[:40], "header is truncated"),
    HostileBlob("empty", lambda good: b"", "it is empty"),
    HostileBlob("not-age", lambda good: b"PK\x03\x04 a zip file, not age", "not an age file"),
    HostileBlob("armored", lambda good: b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n"
                b"-----END AGE ENCRYPTED FILE-----\n", "not an age file"),
    HostileBlob("stanza-altered", lambda good: good.replace(b"-> X25519 ", b"-> X25519 A", 1),
                "recipient stanza"),
    HostileBlob("truncated-body", lambda good: good[:-5], "failed authenticated decryption"),
]
