"""Signing the custody log's checkpoints, and the latest one kept outside the database."""

from __future__ import annotations

from pathlib import Path

from sprava.home.keys import KEYRING, origin, verifier
from sprava.home.paths import Paths, paths
from sprava.integrity.errors import SpravaError, VerificationError
from sprava.ledger.kept import KeptCheckpoint, read_note


def kept_checkpoint_path(where: Paths | None = None) -> Path:
    """The latest checkpoint this instance signed, kept outside the database."""
    return (where or paths()).home / "checkpoint.latest"


def kept_checkpoint(where: Paths | None = None) -> str | None:
    """The note in `kept_checkpoint_path`, or None if there is none yet.

    This copy guards against a forger who has the database only; partners' copies
    (`verify --checkpoint`) guard against one who has the server too.
    """
    return read_note(kept_checkpoint_path(where))


def kept_copy(where: Paths | None = None) -> KeptCheckpoint:
    """The kept checkpoint of this home, checked with its log's key and origin."""
    where = where or paths()
    return KeptCheckpoint(kept_checkpoint_path(where), verifier(where), origin(where))


def sign_checkpoint() -> None:
    """Sign a checkpoint over everything appended so far (needs the unlocked keys).

    It must extend the checkpoint kept outside the database, which it then replaces: the key
    signs no log that a database-only forger cut back or rewrote.
    """
    from sprava.integrity import checkpoint as tlog
    from sprava.ledger import log
    from sprava.ledger.checkpoints import sign_latest

    log.take_appended()  # this covers what this thread appended so far
    copy = kept_copy()
    try:
        kept = copy.read()
    except SpravaError as exc:
        raise VerificationError(
            f"{copy.path} is not a checkpoint of this log ({exc}); not signing"
        ) from exc
    signed = sign_latest(KEYRING.signer(), copy.origin, kept=kept)
    if signed is not None:
        copy.keep(signed.note, tlog.Checkpoint(copy.origin, signed.size, bytes(signed.root)))


def sign_appended() -> bool:
    """At the end of a request or command: sign one checkpoint if this thread appended.

    Called after the appending transactions committed (the signing transaction is durable), so
    an entry stays unsigned only for the rest of the request or command that made it. Returns
    whether it signed; SpravaError (locked keys, a log that does not extend the last
    checkpoint) is the caller's to report.
    """
    from sprava.ledger import log

    if not log.take_appended():
        return False
    sign_checkpoint()
    return True
