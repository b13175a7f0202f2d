"""Making file names from the outside world safe to store and show.

Names arrive as raw bytes from disks seized in any locale and as strings from browsers. They are
kept readable but can never carry control characters, bidirectional overrides (used to disguise
extensions), path separators or invalid UTF-8 into the database, the pages or an export.
"""

from __future__ import annotations

import os
import unicodedata

MAX_NAME = 255
UNNAMED = "(unnamed)"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_filename(raw: str | bytes) -> str:
    """A display-safe base name; undecodable bytes and control characters become escapes."""
    if isinstance(raw, bytes):
        text = raw.decode("utf-8", errors="backslashreplace")
    else:
        # os.fsdecode keeps undecodable bytes as lone surrogates; turn them back into escapes.
        text = raw.encode("utf-8", errors="surrogateescape").decode(
            "utf-8", errors="backslashreplace"
        )
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        _escape(c) if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"} else c for c in text
    ).strip()
    if cleaned in {"", ".", ".."}:
        return UNNAMED
    if len(cleaned) > MAX_NAME:
        cleaned = cleaned[: MAX_NAME - 1] + "…"
    return cleaned


def safe_path(path: os.PathLike[str] | str) -> str:
    """A whole path, made safe part by part, for reports and the `source_path` field."""
    parts = os.fspath(path).split(os.sep)
    return "/".join(safe_filename(part) if part else "" for part in parts)[:4096]
