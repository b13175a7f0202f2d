"""The one error hierarchy of Sprava.

Every error the platform raises on purpose derives from `SpravaError`, so front ends
(web, API, CLI) can turn any of them into a clear message without catching bare Exceptions.
"""


class SpravaError(Exception):
    """Base of every error Sprava raises on purpose."""


class VerificationError(SpravaError):
    """Something that should verify did not: a proof, a signature, a digest, a token."""


class DigestMismatchError(VerificationError):
    """Bytes read back do not match the digests recorded when they arrived."""


class MalformedError(VerificationError, ValueError):
    """Input in an integrity format (a proof, a note, a checkpoint, a token) is not well formed."""


class KeyAccessError(SpravaError):
    """A key could not be loaded: missing file, wrong passphrase, bad permissions."""


class VaultError(SpravaError):
    """The blob store could not do what was asked."""


class BlobNotFoundError(VaultError):
    """No blob of that name is in the vault."""


class BlobExistsError(VaultError):
    """A blob of that name exists already; blobs are write-once."""


class ConfigurationError(SpravaError):
    """Settings or the data directory are missing or inconsistent."""


class IngestError(SpravaError):
    """An input file could not be taken into the locker (unreadable, vanished, refused)."""
