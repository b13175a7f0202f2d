"""Evidence intake's errors."""

from sprava.integrity.errors import SpravaError


class IngestError(SpravaError):
    """An input file could not be taken into the locker (unreadable, vanished, refused)."""
