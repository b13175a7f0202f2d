"""One-pass streaming SHA-256 + SHA-512 in constant memory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sprava.integrity.errors import DigestMismatchError, MalformedError

CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class Digests:
    """The digests and size of one byte string, as recorded when it arrived."""

    sha256: bytes
    sha512: bytes
    size: int

    def __post_init__(self) -> None:
        if len(self.sha256) != 32 or len(self.sha512) != 64:
            raise MalformedError("digests must be 32 (SHA-256) and 64 (SHA-512) bytes long")
        if self.size < 0:
            raise MalformedError("size must not be negative")

    @property
    def sha256_hex(self) -> str:
        return self.sha256.hex()

    @property
    def sha512_hex(self) -> str:
        return self.sha512.hex()

    @classmethod
    def from_hex(cls, sha256: str, sha512: str, size: int) -> Digests:
        try:
            return cls(bytes.fromhex(sha256), bytes.fromhex(sha512), size)
        except ValueError as exc:
            raise MalformedError(f"not a hex digest: {exc}") from exc

    def check(self, other: Digests, what: str = "data") -> None:
        """Raise DigestMismatchError unless `other` describes the same bytes."""
        if self != other:
            raise DigestMismatchError(
                f"{what} does not match its recorded digests "
                f"(expected sha256 {self.sha256_hex}, {self.size} bytes; "
                f"got sha256 {other.sha256_hex}, {other.size} bytes)"
            )


class StreamingHasher:
    """Feeds every chunk to SHA-256 and SHA-512 at once, so a file is read only once."""

    def __init__(self) -> None:
        self._sha256 = hashlib.sha256()
        self._sha512 = hashlib.sha512()
        self._size = 0

    def update(self, chunk: bytes | bytearray | memoryview) -> None:
        self._sha256.update(chunk)
        self._sha512.update(chunk)
        self._size += len(chunk)

    def digests(self) -> Digests:
        return Digests(self._sha256.digest(), self._sha512.digest(), self._size)


def digest_stream(stream: BinaryIO, chunk_size: int = CHUNK_SIZE) -> Digests:
    hasher = StreamingHasher()
    while chunk := stream.read(chunk_size):
        hasher.update(chunk)
    return hasher.digests()


def digest_bytes(data: bytes) -> Digests:
    hasher = StreamingHasher()
    hasher.update(data)
    return hasher.digests()


def digest_file(path: Path | str) -> Digests:
    with open(path, "rb") as stream:
        return digest_stream(stream)
