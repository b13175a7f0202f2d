"""What a reader typed, as terms the index understands, and the SQL that finds them.

A query is a handful of words. Every word must occur (AND); a word of three letters or more
also matches words that start with it ("beat" finds "beaten", "Akrest" finds "Akrestsina"),
because there is no stemmer for Belarusian and people type the start of a name. For names, each
word is also folded by `sprava.records.names.search_key`, so that Лукашэнка, Лукашенко and
Lukashenko give the same key, and matched against the folded keys of the names in any order.

Words are runs of letters and digits; everything else separates them, so nothing a reader types
reaches the full-text syntax of either database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from sprava import ids
from sprava.records.names import name_tokens
from sprava.search.index import SOURCES, Source, fts_table, pg_vector

__all__ = ["MAX_LENGTH", "MAX_TERMS", "PREFIX_MIN", "Query", "matching_ids", "parse"]

MAX_LENGTH = 200
MAX_TERMS = 8
PREFIX_MIN = 3

_WORD = re.compile(r"[^\W_]+")
# ASCII digits only: `\d` also takes "١٢", which int() reads as 12 (`sprava.ids`, the one rule).
PSEUDONYM = re.compile(r"^[A-Za-z]{1,3}-[0-9]{1,8}$")
_REFERENCE = re.compile(r"^[Pp]-?([0-9]{1,20})$")


@dataclass(frozen=True)
class Query:
    text: str
    """The query as typed, cut to `MAX_LENGTH` and with its spaces tidied."""
    words: tuple[str, ...]
    """Lower-cased words, at most `MAX_TERMS`."""
    name_keys: tuple[str, ...]
    """The words folded as names are (Лукашэнка → lukawanka), at most `MAX_TERMS`."""

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def pseudonym(self) -> str | None:
        """The query as a pseudonym (W-0042), if it looks like one."""
        return self.text.upper() if PSEUDONYM.match(self.text) else None

    @property
    def person_number(self) -> int | None:
        """The number in a person reference (P-000042), if the query is one."""
        found = _REFERENCE.match(self.text)
        return ids.id_or_none(found.group(1)) if found else None


def parse(text: str) -> Query:
    text = " ".join(unicodedata.normalize("NFKC", str(text))[:MAX_LENGTH].split())
    words: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word not in words:
            words.append(word)
    return Query(text=text, words=tuple(words[:MAX_TERMS]),
                 name_keys=tuple(name_tokens(text)[:MAX_TERMS]))


def _prefix(term: str) -> bool:
    return len(term) >= PREFIX_MIN


# --- The SQL of a match, per database ---------------------------------------------------------


def _fts5_group(source: Source, group: Sequence[str], terms: Sequence[str]) -> str:
    # Terms hold only letters and digits, so quoting them as FTS5 strings is enough.
    column_filter = "" if len(source.groups) == 1 else "{" + " ".join(group) + "} : "
    return " AND ".join(f'{column_filter}"{term}"{"*" if _prefix(term) else ""}'
                        for term in terms)


def _tsquery(terms: Sequence[str]) -> str:
    return " & ".join(f"'{term}'{':*' if _prefix(term) else ''}" for term in terms)


def matching_ids(source_name: str, terms_per_group: Sequence[Sequence[str]]) -> RawSQL | None:
    """A subquery of the ids of rows of the source where, in some group of columns, every term
    of that group's terms occurs. None when there is nothing to look for.

    `terms_per_group` pairs with `Source.groups`: one list of terms per group (an empty list
    leaves that group out).
    """
    source = SOURCES[source_name]
    pairs = [(group, list(terms)) for group, terms in zip(source.groups, terms_per_group,
                                                           strict=True) if terms]
    if not pairs:
        return None
    # The SQL names only tables and columns of SOURCES; the reader's terms travel as parameters.
    if connection.vendor == "sqlite":
        fts = fts_table(source)
        expression = " OR ".join(f"({_fts5_group(source, group, terms)})"
                                 for group, terms in pairs)
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s",  # noqa: S608, S611
                      [expression])
    if connection.vendor == "postgresql":
        conditions = " OR ".join(
            f"{pg_vector(source, group)} @@ to_tsquery('simple'::regconfig, %s)"
            for group, _ in pairs)
        return RawSQL(f'SELECT "id" FROM "{source.table}" WHERE {conditions}',  # noqa: S608, S611
                      [_tsquery(terms) for _, terms in pairs])
    raise NotImplementedError(f"search supports SQLite and PostgreSQL, not {connection.vendor}")
