"""The vault's errors: what the blob store could not do."""

from sprava.integrity.errors import SpravaError


class VaultError(SpravaError):
    """The blob store could not do what was asked."""


class BlobNotFoundError(VaultError):
    """No blob of that name is in the vault."""


class BlobExistsError(VaultError):
    """A blob of that name exists already; blobs are write-once."""
