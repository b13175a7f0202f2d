"""Encrypted, write-once blob store: age (X25519) ciphertext under random names.

Pure library, no Django. A local folder by default; the `Backend` protocol leaves room for
S3-compatible object storage.
"""

from sprava.vault.backend import Backend, BlobReader, LocalBackend, TempInfo, TempWriter
from sprava.vault.keys import (
    Identity,
    create_identity_file,
    load_identity,
    load_recipient,
    parse_recipient,
    recipient_path,
    write_recipient_file,
)
from sprava.vault.store import StagedBlob, Vault, new_blob_name

__all__ = [
    "Backend",
    "BlobReader",
    "Identity",
    "LocalBackend",
    "StagedBlob",
    "TempInfo",
    "TempWriter",
    "Vault",
    "create_identity_file",
    "load_identity",
    "load_recipient",
    "new_blob_name",
    "parse_recipient",
    "recipient_path",
    "write_recipient_file",
]
