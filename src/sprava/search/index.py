"""The full-text index, kept by the database itself so that it can never fall behind.

Records are written in many ways: one at a time through `sprava.records.services`, in bulk by
the CSV import and the demo loader (`bulk_create`, which sends no signals), by data migrations,
and one day perhaps by hand in a database shell. An index fed by Python signals would miss some
of these, silently. So the index lives in the database, beside the records it indexes:

- SQLite: one FTS5 table per indexed table, with the record table as its external content
  (the text is not stored twice), and triggers after insert, update and delete that keep it in
  step inside the writer's own transaction.
- PostgreSQL: a GIN index on `to_tsvector('simple', ...)` of the indexed columns. PostgreSQL
  maintains it with the table; there is nothing to keep in step. The 'simple' configuration
  lower-cases and does not stem: there is no Belarusian stemmer, and a Russian one would treat
  Belarusian words as noise.

`install` creates what is missing and repairs what differs from `SOURCES`, and can run any
number of times. The migration calls it, and so does every `migrate` afterwards (see
`apps.py`): on SQLite, Django rebuilds a table to alter it, which drops the table's triggers,
so a later migration of the records app would otherwise switch the index off without a word.
When triggers had to be made again, the index is rebuilt from the records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = [
    "SOURCES",
    "Source",
    "fts_table",
    "install",
    "pg_vector",
    "rebuild",
    "uninstall",
    "verify",
]


@dataclass(frozen=True)
class Source:
    """An indexed table: its columns, in groups that are searched together.

    Most tables have one group (all their text). Names have two: the folded search key, which
    the query's folded words are matched against, and the name as written.
    """

    name: str
    table: str
    groups: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for group in self.groups for column in group)


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source("incident", "records_incident", (("title", "narrative", "place_detail"),)),
        Source("act", "records_act", (("description",),)),
        Source("testimony", "records_testimony", (("transcript", "translation", "notes"),)),
        Source("personname", "records_personname", (("search_key",), ("text",))),
        Source("place", "records_place",
               (("label_en", "label_be", "label_ru", "address", "notes"),)),
        Source("organisation", "records_organisation",
               (("label_en", "label_be", "label_ru", "abbreviation", "notes"),)),
    )
}

# Diacritics of Latin letters are folded (Łukašenka's š matches s); Cyrillic letters are kept.
_TOKENIZE = "unicode61 remove_diacritics 2"


def _one_line(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


# --- SQLite -------------------------------------------------------------------------------------


def fts_table(source: Source) -> str:
    return f"search_{source.name}_fts"


def _sqlite_table_sql(source: Source) -> str:
    return (f"CREATE VIRTUAL TABLE {fts_table(source)} USING fts5("
            f"{', '.join(source.columns)}, content='{source.table}', content_rowid='id', "
            f"tokenize='{_TOKENIZE}', prefix='3')")


def _sqlite_trigger_sql(source: Source) -> dict[str, str]:
    fts, table, cols = fts_table(source), source.table, source.columns
    names = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    # Identifiers only, all from SOURCES (constants); nothing here comes from a request.
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    delete = (f"INSERT INTO {fts}({fts}, rowid, {names}) "  # noqa: S608
              f"VALUES ('delete', old.id, {old});")
    prefix = f"search_{source.name}"
    return {
        f"{prefix}_ai": f"CREATE TRIGGER {prefix}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"{prefix}_ad": f"CREATE TRIGGER {prefix}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"{prefix}_au": (f"CREATE TRIGGER {prefix}_au AFTER UPDATE OF {names} ON {table} "
                         f"BEGIN {delete} {insert} END"),
    }


def _sqlite_schema(connection: BaseDatabaseWrapper) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master "
                       "WHERE name LIKE 'search\\_%' ESCAPE '\\' AND sql IS NOT NULL")
        return {name: _one_line(sql) for name, sql in cursor.fetchall()}


def _sqlite_install(connection: BaseDatabaseWrapper) -> list[str]:
    done: list[str] = []
    schema = _sqlite_schema(connection)
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            fts, table_sql = fts_table(source), _sqlite_table_sql(source)
            triggers = _sqlite_trigger_sql(source)
            stale = schema.get(fts) != _one_line(table_sql)
            stale_triggers = stale or any(schema.get(name) != _one_line(sql)
                                          for name, sql in triggers.items())
            if not stale_triggers:
                continue
            for name in triggers:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            if stale:
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
                cursor.execute(table_sql)
            for sql in triggers.values():
                cursor.execute(sql)
            # Writes made while the triggers were missing are not in the index: read it all again.
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
            done.append(f"{fts}: {'created' if stale else 'triggers restored'}, rebuilt")
    return done


def _sqlite_uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            for name in _sqlite_trigger_sql(source):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts_table(source)}")


def _sqlite_verify(connection: BaseDatabaseWrapper) -> list[str]:
    problems = []
    schema = _sqlite_schema(connection)
    for source in SOURCES.values():
        fts = fts_table(source)
        if schema.get(fts) != _one_line(_sqlite_table_sql(source)):
            problems.append(f"{fts} is missing or out of date")
            continue
        for name, sql in _sqlite_trigger_sql(source).items():
            if schema.get(name) != _one_line(sql):
                problems.append(f"trigger {name} is missing or out of date")
        try:
            with connection.cursor() as cursor:
                # Rank 1: compare the index with the records it was built from.
                cursor.execute(
                    f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
        except DatabaseError as exc:  # SQLITE_CORRUPT_VTAB: the index disagrees with the records
            problems.append(f"{fts} does not match {source.table}: {exc}")
    return problems


# --- PostgreSQL ---------------------------------------------------------------------------------


def pg_vector(source: Source, group: Sequence[str]) -> str:
    """The indexed expression; a query must use exactly this text for the index to serve it."""
    text = " || ' ' || ".join(f'"{source.table}"."{column}"' for column in group)
    return f"to_tsvector('simple'::regconfig, {text})"


def _pg_indexes(source: Source) -> dict[str, str]:
    """Index name → CREATE statement. The name carries a hash of the expression, so a changed
    expression is a new index and the old one is recognisably stale."""
    indexes = {}
    for number, group in enumerate(source.groups):
        expression = pg_vector(source, group).replace(f'"{source.table}".', "")
        digest = hashlib.sha256(expression.encode()).hexdigest()[:8]
        name = f"search_{source.name}_{number}_{digest}"
        indexes[name] = (f'CREATE INDEX IF NOT EXISTS {name} ON "{source.table}" '
                         f"USING gin (({expression}))")
    return indexes


def _pg_existing(connection: BaseDatabaseWrapper) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, tablename FROM pg_indexes "
                       "WHERE schemaname = current_schema() AND indexname LIKE 'search\\_%'")
        return dict(cursor.fetchall())


def _pg_install(connection: BaseDatabaseWrapper) -> list[str]:
    done: list[str] = []
    existing = _pg_existing(connection)
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            wanted = _pg_indexes(source)
            for name, table in existing.items():
                if (table == source.table and name.startswith(f"search_{source.name}_")
                        and name not in wanted):
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
                    done.append(f"{name}: dropped (out of date)")
            for name, sql in wanted.items():
                if name not in existing:
                    cursor.execute(sql)
                    done.append(f"{name}: created")
    return done


def _pg_uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            for name in _pg_indexes(source):
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def _pg_verify(connection: BaseDatabaseWrapper) -> list[str]:
    existing = _pg_existing(connection)
    return [f"index {name} is missing" for source in SOURCES.values()
            for name in _pg_indexes(source) if name not in existing]


# --- Either -------------------------------------------------------------------------------------


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"search supports SQLite and PostgreSQL, not {connection.vendor}")
    return str(connection.vendor)


def install(connection: BaseDatabaseWrapper) -> list[str]:
    """Create or repair the index; says what it did (nothing when all was in order)."""
    if _vendor(connection) == "sqlite":
        return _sqlite_install(connection)
    return _pg_install(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if _vendor(connection) == "sqlite":
        _sqlite_uninstall(connection)
    else:
        _pg_uninstall(connection)


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Read every record into the index again (SQLite; PostgreSQL's indexes need no rebuild)."""
    if _vendor(connection) != "sqlite":
        return
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            fts = fts_table(source)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608


def verify(connection: BaseDatabaseWrapper) -> list[str]:
    """What is wrong with the index: missing parts, or (SQLite) entries that disagree with the
    records. An empty list means the index is whole."""
    if _vendor(connection) == "sqlite":
        return _sqlite_verify(connection)
    return _pg_verify(connection)
