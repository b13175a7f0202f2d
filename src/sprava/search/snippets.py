"""The piece of a record's text that shows why it matched, with the matching words marked.

A snippet is a sequence of (text, matched) parts, never HTML: the page escapes every part and
wraps the matched ones in <mark>, so a narrative that contains markup stays text. The same
words count as a match here as in the index (whole words; words of three letters or more also
as the start of a longer word; names also by their folded key), computed in Python so that
both databases show the same snippet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from sprava.records.names import name_tokens
from sprava.search.query import PREFIX_MIN, Query

__all__ = ["WIDTH", "Parts", "excerpt", "highlight", "plain"]

Parts = tuple[tuple[str, bool], ...]
WIDTH = 240
TITLE_WIDTH = 300
ELLIPSIS = "…"

_WORD = re.compile(r"[^\W_]+")
_LATIN_END = "\u0250"  # diacritics are folded on Latin letters only, as the SQLite index does


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    out: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char):
            if base and base < _LATIN_END:
                continue
        else:
            base = char
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _matches(candidate: str, term: str) -> bool:
    return candidate.startswith(term) if len(term) >= PREFIX_MIN else candidate == term


def _spans(text: str, query: Query, names: bool) -> list[tuple[int, int]]:
    terms = [_fold(word) for word in query.words]
    spans = []
    for found in _WORD.finditer(text):
        word = found.group()
        hit = any(_matches(_fold(word), term) for term in terms)
        if not hit and names and query.name_keys:
            keys = name_tokens(word)
            hit = any(_matches(key, term) for key in keys for term in query.name_keys)
        if hit:
            spans.append(found.span())
    return spans


def _parts(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> Parts:
    parts: list[tuple[str, bool]] = []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > position:
            parts.append((text[position:span_start], False))
        parts.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        parts.append((text[position:end], False))
    return tuple(parts)


def _window(text: str, spans: Sequence[tuple[int, int]], width: int) -> Parts:
    text = " ".join(text.split())  # newlines and runs of spaces would be lost in HTML anyway
    if len(text) <= width:
        return _parts(text, spans, 0, len(text))
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans else start) else end
    parts = _parts(text, spans, start, end)
    if start > 0:
        parts = ((ELLIPSIS + " ", False), *parts)
    if end < len(text):
        parts = (*parts, (" " + ELLIPSIS, False))
    return parts


def _respan(text: str, query: Query, names: bool) -> list[tuple[int, int]]:
    return _spans(" ".join(text.split()), query, names)


def highlight(text: str, query: Query, *, names: bool = False, width: int = TITLE_WIDTH) -> Parts:
    """The whole of a short text (a title, a label, a name), matching words marked."""
    return _window(text, _respan(text, query, names), width)


def excerpt(texts: Sequence[str], query: Query, *, names: bool = False,
            width: int = WIDTH) -> Parts:
    """Around the first match in the first of `texts` that has one; else the start of the
    first text that is not empty (the match was elsewhere, e.g. in the title)."""
    for text in texts:
        spans = _respan(text, query, names)
        if spans:
            return _window(text, spans, width)
    first = next((text for text in texts if text and text.strip()), "")
    return _window(first, [], width)


def plain(parts: Parts) -> str:
    return "".join(text for text, _ in parts)
