"""The latest signed checkpoint kept outside the database (SPRAVA_HOME/checkpoint.latest).

Signing refuses a log that does not extend this copy and then replaces it with what it signed,
so a forger who has only the database cannot cut the log back unseen. Every request that
appends signs, so the copy is read at every signing, and its few hundred bytes are read each
time: another worker process may have replaced it since. What this process last read or wrote
is remembered, so the signature is checked again only when the bytes differ. The file's stat
cannot stand in for its bytes: a freed inode number is handed out again at once and mtime
ticks are coarse, so two workers' copies can share inode, size and mtime, and a stale copy
would then be taken for the current one.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sprava.integrity import checkpoint as tlog
from sprava.integrity.errors import ConfigurationError, SpravaError
from sprava.integrity.note import Verifier

logger = logging.getLogger("sprava.ledger")


def read_note(path: Path) -> str | None:
    """The note in the file, or None if there is none yet.

    An empty file counts as none: a crash while replacing it may leave one, and whoever can
    empty it could as well delete it. Bytes that are no UTF-8 are read as U+FFFD: such a file
    holds a note whose signature does not verify, refused and reported as any changed copy.
    """
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigurationError(f"cannot read the kept checkpoint {path}: {exc}") from exc
    return text or None


@dataclass(frozen=True)
class _Opened:
    """A note this process verified (or signed), with what it verified it against."""

    text: str
    vkey: str
    origin: str
    checkpoint: tlog.Checkpoint


# Per path, the last note read or written there by this process; one entry per SPRAVA_HOME.
_OPENED: dict[Path, _Opened] = {}


@dataclass(frozen=True)
class KeptCheckpoint:
    """The kept copy at `path`, verified with this log's key and origin."""

    path: Path
    verifier: Verifier
    origin: str

    def read(self) -> tlog.Checkpoint | None:
        """The kept checkpoint, or None if there is none yet; VerificationError (or
        MalformedError) if the file holds no checkpoint of this log signed by its key,
        ConfigurationError if it cannot be read."""
        text = read_note(self.path)
        return None if text is None else self._open(text)

    def keep(self, note_text: str, signed: tlog.Checkpoint) -> None:
        """Replace the copy with `note_text`, the note of `signed` just signed, unless it holds
        a larger checkpoint already.

        Under a lock on a file beside it, taken by every thread and process that signs for
        this home, so the copy only grows while several workers sign at once: each writes its
        own checkpoint after its transaction committed, in no particular order.
        """
        try:
            with self._locked():
                current = read_note(self.path)
                if current is not None:
                    try:
                        if self._open(current).size >= signed.size:
                            return
                    except SpravaError as exc:
                        # It verified before signing: a copy that stopped verifying since was
                        # changed by someone else. It is replaced by the newer one, said so.
                        logger.warning(
                            "the kept checkpoint %s no longer verifies (%s); replaced by the "
                            "one just signed", self.path, exc)
                self._replace(note_text)
                self._remember(note_text, signed)
        except OSError as exc:
            raise ConfigurationError(
                f"checkpoint {signed.size} is signed, but the kept copy {self.path} could not "
                f"be replaced: {exc}"
            ) from exc

    def _replace(self, note_text: str) -> None:
        # No fsync: after a crash an older or empty copy is still safe (see read_note).
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            tmp.write_text(note_text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def _open(self, text: str) -> tlog.Checkpoint:
        known = _OPENED.get(self.path)
        if known is not None and (known.text, known.vkey, known.origin) == (
            text, self.verifier.vkey, self.origin
        ):
            return known.checkpoint
        opened = tlog.open_checkpoint(text, self.verifier, origin=self.origin)
        self._remember(text, opened)
        return opened

    def _remember(self, text: str, checkpoint: tlog.Checkpoint) -> None:
        _OPENED[self.path] = _Opened(text, self.verifier.vkey, self.origin, checkpoint)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # flock locks belong to an open file: two threads' opens exclude each other as two
        # processes' do. On NFS, Linux maps flock to the server's byte-range locks.
        fd = os.open(self.path.with_name(f"{self.path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock
