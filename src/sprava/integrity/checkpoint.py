"""C2SP tlog-checkpoint bodies (https://c2sp.org/tlog-checkpoint), signed as C2SP notes.

A checkpoint body is: the origin line, the tree size in decimal, the base64 root hash, then
optional extension lines, each line ending in a newline. Extension lines are kept verbatim.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from sprava.integrity import note
from sprava.integrity.errors import MalformedError, VerificationError
from sprava.integrity.merkle import HASH_SIZE

# Decimal without leading zeros; [0-9] rather than \d, which also matches non-ASCII digits.
_SIZE_RE = re.compile(r"0|[1-9][0-9]*")
# Tree sizes are uint64 in every other implementation; refuse what they could not read.
MAX_TREE_SIZE = 2**64 - 1


def _check_line(value: str, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise MalformedError(f"checkpoint {what} must be a non-empty string")
    if any(ord(c) < 0x20 for c in value):
        raise MalformedError(f"checkpoint {what} must be one line without control characters")
    try:
        value.encode()
    except UnicodeEncodeError as exc:
        raise MalformedError(f"checkpoint {what} must be valid UTF-8") from exc


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: who (origin), how many leaves (size), and their Merkle root."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, "origin")
        if isinstance(self.size, bool) or not isinstance(self.size, int):
            raise MalformedError("checkpoint size must be an integer")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise MalformedError(f"checkpoint size out of range: {self.size}")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise MalformedError(f"checkpoint root hash must be {HASH_SIZE} bytes")
        if not isinstance(self.extensions, tuple):
            raise MalformedError("checkpoint extensions must be a tuple of lines")
        for line in self.extensions:
            _check_line(line, "extension line")

    def body(self) -> str:
        """The note text: every line, the last one included, ends in a newline."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "".join(f"{line}\n" for line in [*lines, *self.extensions])

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Parse a checkpoint body, refusing anything that `body()` would not produce."""
        if not isinstance(body, str) or not body.endswith("\n"):
            raise MalformedError("checkpoint body must end with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise MalformedError("checkpoint body needs origin, size and root hash lines")
        origin, size_text, root_text, *extensions = lines
        # Length first: int() of a huge string is slow, then refused with a plain ValueError.
        if len(size_text) > len(str(MAX_TREE_SIZE)) or not _SIZE_RE.fullmatch(size_text):
            raise MalformedError(f"checkpoint size is not a canonical decimal: {size_text!r}")
        try:
            root_hash = base64.b64decode(root_text, validate=True)
        except ValueError as exc:
            raise MalformedError(f"checkpoint root hash is not base64: {root_text!r}") from exc
        if base64.b64encode(root_hash).decode() != root_text:
            raise MalformedError(f"checkpoint root hash is not canonical base64: {root_text!r}")
        return cls(origin, int(size_text), root_hash, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: note.Signer) -> str:
    """The checkpoint as a signed note, ready to publish."""
    return note.sign(checkpoint.body(), [signer])


def open_checkpoint(
    note_text: str | bytes, verifier: note.Verifier, *, origin: str | None = None
) -> Checkpoint:
    """Verify a signed checkpoint against the log's key and parse its body.

    Pass `origin` to also require the log identity one expects; a key that signs for
    several logs would otherwise let one log's checkpoint stand in for another's.
    """
    opened = note.open_note(note_text, [verifier])
    checkpoint = Checkpoint.parse(opened.text)
    if origin is not None and checkpoint.origin != origin:
        raise VerificationError(f"checkpoint is for log {checkpoint.origin!r}, expected {origin!r}")
    return checkpoint
