"""Encrypted, write-once blob store: age (X25519) ciphertext under random names.

Pure library, no Django. A local folder by default; the `Backend` protocol leaves room for
S3-compatible object storage.

Its public face is what the rest of Sprava uses: the `Vault`, the backends it can sit on, the
keys it encrypts to, and its errors. The temporary files, streams and directory fsyncs inside
`backend` and `store` are the vault's own business.
"""

from sprava.vault.backend import Backend, LocalBackend
from sprava.vault.errors import BlobExistsError, BlobNotFoundError, VaultError
from sprava.vault.keys import (
    Identity,
    create_identity_file,
    load_identity,
    load_recipient,
    parse_recipient,
    recipient_path,
    write_recipient_file,
)
from sprava.vault.store import StagedBlob, Vault

__all__ = [
    "Backend",
    "BlobExistsError",
    "BlobNotFoundError",
    "Identity",
    "LocalBackend",
    "StagedBlob",
    "Vault",
    "VaultError",
    "create_identity_file",
    "load_identity",
    "load_recipient",
    "parse_recipient",
    "recipient_path",
    "write_recipient_file",
]
