"""Keeping checkpoints in a child process, with no Django in it: what a second worker does to
the copy kept outside the database."""

from __future__ import annotations

from pathlib import Path

from sprava.integrity import checkpoint as tlog
from sprava.integrity.note import Verifier
from sprava.ledger.kept import KeptCheckpoint


def keep_all(path: str, vkey: str, origin: str, notes: list[str]) -> list[tuple[int, int]]:
    """Keep each note in turn; right after, the copy must hold at least that one. Returns every
    (kept, found) that broke this."""
    copy = KeptCheckpoint(Path(path), Verifier(vkey), origin)
    broken = []
    for text in notes:
        mine = tlog.open_checkpoint(text, copy.verifier)
        copy.keep(text, mine)
        found = copy.read()
        if found is None or found.size < mine.size:
            broken.append((mine.size, found.size if found else -1))
    return broken
