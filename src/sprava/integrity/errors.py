"""The root of Sprava's one error hierarchy, and the errors of the integrity library.

Every error the platform raises on purpose derives from `SpravaError`, so front ends
(web, API, CLI) can turn any of them into a clear message without catching bare Exceptions.
It lives here, in the lowest layer, because `integrity` may import nothing else of Sprava's.
Each layer above keeps its own errors beside its code (`sprava.vault.errors`,
`sprava.evidence.errors`, `sprava.accounts.errors`, ...), all derived from this root.
`ConfigurationError` is the one kind shared by every layer from the ledger up: settings, the
data directory and the files kept in it.
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


class ConfigurationError(SpravaError):
    """Settings or the data directory are missing or inconsistent."""
