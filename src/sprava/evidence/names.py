"""Making file names from the outside world safe to store and show.

Names arrive as raw bytes from disks seized in any locale and as strings from browsers. They are
kept readable but can never carry control characters, bidirectional overrides (used to disguise
extensions), path separators or invalid UTF-8 into the database, the pages or an export.

Both `/` and `\\` count as separators (browsers may send a whole Windows path), so a stored name
never contains a backslash of its own: every backslash in it starts an escape we wrote, and the
escapes stay unambiguous.
"""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 255
MAX_PATH = 4096
UNNAMED = "(unnamed)"
ELLIPSIS = "…"

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _as_bytes(text: str) -> bytes:
    """The bytes a str name stands for.

    os.fsdecode keeps undecodable bytes as lone surrogates (U+DC80..U+DCFF); surrogateescape
    turns them back into those bytes. Any other lone surrogate (a malformed upload name) is
    kept as its CESU-8 bytes, which are invalid UTF-8 and so come out escaped below.
    """
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def _pieces(raw: str | bytes) -> list[str]:
    """The base name as a list of displayable pieces: a character, or one whole escape."""
    data = raw if isinstance(raw, bytes) else _as_bytes(raw)
    # Split before decoding: the escapes that decoding writes contain backslashes.
    base = re.split(rb"[/\\]", data)[-1]
    text = base.decode("utf-8", errors="backslashreplace")
    pieces: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":  # an undecodable byte, written by backslashreplace as \xNN
            pieces.append(text[index : index + 4])
            index += 4
            continue
        pieces.append(_escape(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char)
        index += 1
    return pieces


def safe_filename(raw: str | bytes) -> str:
    """A display-safe base name; undecodable bytes and control characters become escapes."""
    pieces = _pieces(raw)
    # Strip outer white space (a name of blanks is no name), piece by piece so escapes survive.
    while pieces and pieces[0].isspace():
        pieces.pop(0)
    while pieces and pieces[-1].isspace():
        pieces.pop()
    cleaned = "".join(pieces)
    if cleaned in {"", ".", ".."}:
        return UNNAMED
    if len(cleaned) > MAX_NAME:
        # Cut at a piece boundary, so that an escape is never left half written.
        kept, length = [], 0
        for piece in pieces:
            if length + len(piece) > MAX_NAME - len(ELLIPSIS):
                break
            kept.append(piece)
            length += len(piece)
        cleaned = "".join(kept) + ELLIPSIS
    return cleaned


def safe_path(path: os.PathLike[str] | str) -> str:
    """A whole path, made safe part by part, for reports and the `source_path` field.

    `.` and `..` are kept as they are: in a path they are directions, not names, and where a
    file came from should read as the user typed it.
    """
    parts = os.fspath(path).split(os.sep)
    safe = [part if part in {"", ".", ".."} else safe_filename(part) for part in parts]
    joined = "/".join(safe)
    if len(joined) > MAX_PATH:
        joined = joined[: MAX_PATH - len(ELLIPSIS)] + ELLIPSIS
    return joined


def attachment(name: str) -> str:
    """A Content-Disposition that no file name can break out of.

    The plain `filename` keeps only printable ASCII other than quote and backslash; the
    RFC 6266 / RFC 8187 `filename*` carries the real name, percent-encoded, for browsers that
    read it.
    """
    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
