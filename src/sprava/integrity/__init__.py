"""Pure integrity library: hashing, RFC 9162 Merkle trees, C2SP signed notes and checkpoints,
RFC 3161 timestamps, and the check of a custody proof.

Nothing here imports Django or any other part of Sprava (an import contract holds it), so an
offline verifier can carry this package alone. Its public face, below, is what such a verifier
needs: check a proof document against a trusted key, or check its parts one by one. The
builders (tree ranges, node appends, signing) are there for the ledger and stay in their
modules.
"""

from sprava.integrity.checkpoint import Checkpoint, open_checkpoint
from sprava.integrity.custody_proof import verify_custody_proof
from sprava.integrity.errors import (
    DigestMismatchError,
    MalformedError,
    SpravaError,
    VerificationError,
)
from sprava.integrity.hashing import Digests, digest_bytes, digest_file, digest_stream
from sprava.integrity.merkle import leaf_hash, verify_consistency, verify_inclusion
from sprava.integrity.note import Note, Verifier, open_note
from sprava.integrity.timestamp import TimestampInfo, verify_response

__all__ = [
    "Checkpoint",
    "DigestMismatchError",
    "Digests",
    "MalformedError",
    "Note",
    "SpravaError",
    "TimestampInfo",
    "VerificationError",
    "Verifier",
    "digest_bytes",
    "digest_file",
    "digest_stream",
    "leaf_hash",
    "open_checkpoint",
    "open_note",
    "verify_consistency",
    "verify_custody_proof",
    "verify_inclusion",
    "verify_response",
]
