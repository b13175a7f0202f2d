"""Every row of a table whose changes are ledger events, against the state its events recorded.

The ledger says, for each record, what it was created with, what changed and when it was
deleted (`history.state_details`). Folding those events gives the row as it must be now; the
row in the database is recomputed with the same keyed hashes (`history.Snapshotter`) and the
two compared field by field. So an edit, insert or delete made directly in the database, which
no domain function and no ledger entry saw, is named here by table, row and field.

It streams: the entries that name a record are read once, ordered by subject (the subject
index), so all events of one record come together and in sequence; each chunk of records is
compared with its rows, read by primary key in one query. Memory holds one chunk.

A table is checked when it is in the list `audit_records` is given: each app that owns audited
tables lists them, each a `Table` (`sprava.records.audited`, `sprava.accounts.audited`).

A row can be adopted as found (`rows.adoption`, `sprava adopt`): an `adopted` event records
its state then, and the fold starts anew from it. Installations made before events carried
state need it once; every adoption stays in the ledger, and `verify` says so each time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat

from sprava.home.keys import record_hash_key
from sprava.ledger import tags
from sprava.ledger.audit import Problem, Tally
from sprava.ledger.events import parse_entry
from sprava.ledger.models import Entry
from sprava.rows import workers as audit_workers
from sprava.rows.history import HASHED_FIELDS, Snapshotter, ledger_label

CHUNK = 2000
REPORT_AT_MOST = 100  # rows without events, per table; the rest are counted
# What this audit counts (`Tally`).
TABLES = "tables"
ROWS = "rows"
ADOPTIONS = "adoptions"

Progress = Callable[[int, int], None]
States = Mapping[int, Mapping[str, Any]]
# Derived state of rows, by primary key, for fields that are not columns of the table itself.
Derived = Callable[[Sequence[int]], States]
# Given rows as the ledger would record them now, the state each had when it came into being
# without an event (shipped reference data, a settings row made on first read), if it may have.
Origin = Callable[[States], States]


@dataclass(frozen=True)
class RowProblem(Problem):
    """A row that differs from its ledger events: which table (`label`) and which key."""

    label: str = ""
    pk: int = 0


@dataclass(frozen=True)
class Table:
    """One audited table: its model, which of its fields are compared, and what else is.

    `fields` None means every field the ledger records of it (`Snapshotter`) and its
    many-to-many links, so a field added to the model is checked without a change here.
    `links` names, per many-to-many field, the attribute of the linked row the ledger uses
    (evidence items by SHA-256, everything else by id). `derived` adds state computed from
    other tables (an account's second factor); `origin` says which rows may predate the ledger;
    `ignored` fields are left out (they change without an event, such as a token's last use).
    """

    model: type[models.Model]
    fields: tuple[str, ...] | None = None
    links: Mapping[str, str] = field(default_factory=dict)
    derived: Derived | None = None
    origin: Origin | None = None
    ignored: frozenset[str] = frozenset()  # fields that change with no event (last use)

    @property
    def label(self) -> str:
        return ledger_label(self.model)

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def many_to_many(self) -> list[models.ManyToManyField[Any, Any]]:
        if self.fields is not None:
            return []
        return [f for f in self.model._meta.many_to_many if isinstance(f, models.ManyToManyField)]


def constant_origin(state: Mapping[str, Any]) -> Origin:
    """Rows may exist without an event while they hold `state` (e.g. a default settings row)."""
    return lambda states: {pk: state for pk in states}


def audit_records(tables: Iterable[Table], progress: Progress | None = None,
                  report_at_most: int | None = REPORT_AT_MOST, workers: int = 1,
                  tally: Tally | None = None) -> Iterator[Problem]:
    """Every problem of the rows of `tables`; rows without any event are listed up to
    `report_at_most` per table and counted beyond (None: every one, for an adoption).
    `tally` counts the tables, their rows and the adoptions it checked.

    With `workers` > 1 the tables are shared out among that many processes (`audit_workers`),
    each reading only its own tables' entries; the problems are the same."""
    tables = list(tables)
    total = Entry.objects.exclude(subject="").count() if progress else 0
    if tally is not None:
        tally.add(TABLES, len(tables))
    groups = audit_workers.groups(tables, workers)
    if len(groups) > 1:
        def share(tables: Sequence[Table], report: Progress, counted: Tally) -> Iterator[Problem]:
            return audit_tables(tables, report_at_most, total, report, only_these=True,
                                tally=counted)

        yield from audit_workers.run(groups, share, total, progress, tally)
        # 4. (for the workers, who read only their tables' entries) labels of no table
        known = {table.label for table in tables}
        for label in sorted(_ledger_labels() - known):
            yield _unknown(label)
    else:
        yield from audit_tables(tables, report_at_most, total, progress, tally=tally)

    # 5. Every adoption of rows as found, each time: accepted, and never in silence.
    if tally is not None:
        tally.add(ADOPTIONS, 0)
    for adoption in _adoptions():
        if tally is not None:
            tally.add(ADOPTIONS)
        yield adoption
    if progress:
        progress(total, total)


def audit_tables(tables: Sequence[Table], report_at_most: int | None, total: int,
                 progress: Progress | None, only_these: bool = False,
                 tally: Tally | None = None) -> Iterator[Problem]:
    """Steps 1 to 4 for these tables: over every entry that names a record, or, `only_these`,
    over the entries of these tables only (a worker's share; the caller looks for the rest)."""
    by_label = {table.label: _Checker(table, report_at_most) for table in tables}
    done = 0
    unknown: set[str] = set()

    # 1. The entries that name a record, grouped by record, each group in sequence order;
    #    a chunk of records of one table is compared with its rows as soon as it is full.
    for subject, entries in _subjects(sorted(by_label) if only_these else None):
        label, _, pk = subject.rpartition(":")
        checker = by_label.get(label)
        done += len(entries)
        if checker is None or not pk.isdigit():
            unknown.add(label)
            continue
        pending = checker.pending  # (a generator per record, as a method, cost a tenth)
        pending[int(pk)] = entries
        if len(pending) >= CHUNK:
            yield from checker.flush()
        if progress and done % (CHUNK * 8) < len(entries):
            progress(done, total)

    # 2. The last chunk of each table.
    for checker in by_label.values():
        yield from checker.flush()

    # 3. Rows that no event names at all (inserted directly), unless they may predate the
    #    ledger and are as they were then.
    for checker in by_label.values():
        yield from checker.unnamed_rows()
        if tally is not None:
            tally.add(ROWS, checker.rows)

    # 4. Records of tables this audit was not given: said, so that a new table is not
    #    silently left unchecked.
    for label in sorted(unknown):
        yield _unknown(label)
    if progress:
        progress(done, total)


def _unknown(label: str) -> Problem:
    return Problem(f"ledger records of {label}", "are not checked against any table",
                   fatal=False)


def _ledger_labels() -> set[str]:
    """The labels of every record the ledger names, found by skipping along the subject index:
    one seek a label, not a read of every entry."""
    labels: set[str] = set()
    after = ""
    subjects = Entry.objects.order_by("subject").values_list("subject", flat=True)
    while (subject := subjects.filter(subject__gt=after).first()) is not None:
        label = subject.rpartition(":")[0]
        labels.add(label)
        after = label + ";"  # the first text after every "label:..." (";" follows ":")
    return labels


def _adoptions() -> Iterator[Problem]:
    """A warning for every adoption ever made, so that `verify` keeps showing them."""
    entries = Entry.objects.filter(action=tags.ADOPTION_SUMMARY).order_by("seq")
    for entry in entries.values_list("seq", "body"):
        document = parse_entry(bytes(entry[1]))
        details = document.get("details") or {}
        yield Problem(
            f"ledger entry {entry[0]}",
            f"{document.get('actor')} adopted {details.get('rows')} rows as found on "
            f"{str(document.get('time', ''))[:10]} (sprava adopt): {document.get('reason')}",
            fatal=False,
        )


Raw = list[tuple[str, bytes]]  # (action, body) of a record's entries, in sequence order


def _subjects(labels: Sequence[str] | None = None) -> Iterator[tuple[str, Raw]]:
    """(subject, its entries in sequence order), subject after subject: of every record, or of
    the records of these labels only.

    On the database cursor itself: the columns are text and bytes, with nothing for the ORM
    to convert, and there are millions of them."""
    everything = Entry.objects.exclude(subject="")
    if labels is None:
        ranges = [everything]
    else:  # "label:" up to, not including, "label;": exactly the subjects "label:<key>"
        ranges = [everything.filter(subject__gte=f"{label}:", subject__lt=f"{label};")
                  for label in labels]
    current, entries = "", Raw()
    for entries_of in ranges:
        query = entries_of.order_by("subject", "seq").values_list("subject", "action", "body")
        sql, params = query.query.sql_with_params()
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CHUNK * 2):
                for subject, action, body in rows:
                    if subject != current:
                        if entries:
                            yield current, entries
                        current, entries = subject, []
                    entries.append((action, bytes(body)))
    if entries:
        yield current, entries


# As the log writes plain documents (ledger.log._canonical), for dictionaries whose keys are
# in sorted order already (`Snapshotter.values`): anything else differs and takes the slow
# path, so a difference here can only cost time, never hide a change.
_IN_ORDER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class _Checker:
    """Folds the events of one table's records and compares them with its rows, chunk by chunk."""

    def __init__(self, table: Table, report_at_most: int | None = REPORT_AT_MOST) -> None:
        self.table = table
        self.report_at_most = report_at_most
        self.snapshotter = Snapshotter(table.model, record_hash_key())
        self.links = table.many_to_many()
        self.fresh = self.snapshotter.of(table.model())  # every field as a new row has it
        self.pending: dict[int, Raw] = {}
        # Rows created and never changed are matched without parsing, a chunk at once, in a
        # plain table where no value can hold a nested object (see _chunk_as_created).
        self.flat = (table.fields is None and table.derived is None and not table.ignored
                     and not any(isinstance(f, models.JSONField)
                                 for f in table.model._meta.concrete_fields))
        self.record = f',"record":"{table.label}:'.encode()
        # Dates are read as the database's ISO text, which is the ledger's value of a date:
        # parsing each into a date only to write it back as that text cost more than hashing.
        # (Not a hashed date, a date of birth: its keyed hash is of the date itself.)
        self.columns = [
            Cast(attname, CharField()) if _is_date(table.model._meta.get_field(attname))
            and name not in HASHED_FIELDS else attname
            for name, attname in zip(self.snapshotter.names, self.snapshotter.attnames,
                                     strict=True)
        ]
        self.matched = 0  # rows found for records the ledger says exist
        self.rows = 0  # rows in the table, every one checked (`unnamed_rows` counts them)

    def _row(self, pk: int, message: str) -> RowProblem:
        return RowProblem(f"table {self.table.name} row {pk}", message, label=self.table.label,
                          pk=pk)

    def flush(self) -> Iterator[Problem]:
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        rows, links = self._rows(sorted(pending))
        origins = self._origins({pk: rows[pk] for pk in pending if pk in rows})
        created = self._chunk_as_created(pending, rows, links)
        self.matched += len(created)
        for pk, entries in pending.items():
            if pk in created:
                continue
            actual = self._with_links(rows.get(pk), links.get(pk))
            if not created and actual is not None and self._chunk_as_created(
                    {pk: entries}, rows, links):  # the chunk differed somewhere: is it here?
                self.matched += 1
                continue
            documents = [json.loads(body.decode("utf-8")) for _, body in entries]
            expected, problem = self._fold(documents, origins.get(pk))
            if problem:
                yield self._row(pk, problem)
            elif expected is None:
                if actual is not None:
                    yield self._row(pk, "exists, but its ledger events deleted it")
            elif actual is None:
                yield self._row(pk, "is missing: its ledger events say it exists")
            else:
                self.matched += 1
                if expected == actual:  # nearly always: one comparison in C
                    continue
                for name in sorted(actual):
                    # A field no event recorded (added to the model later) holds its default.
                    want = expected[name] if name in expected else self.fresh.get(name)
                    if _comparable(want) != _comparable(actual[name]):
                        yield self._row(pk, f"field {name} differs from the value its ledger "
                                        "events give")

    def _chunk_as_created(self, pending: Mapping[int, Raw], rows: Mapping[int, Mapping[str, Any]],
                          linked: Mapping[int, object]) -> set[int]:
        """The rows of the chunk that their one event created as they are, in one comparison.

        Most rows were created and never changed, and parsing their entries would cost more
        than the rest of the check; the entries are canonical JSON, so their bytes can be
        compared instead. The rows' values are encoded together and compared
        with the `after` values cut out of their entries, joined the same way: one call into
        the JSON encoder and one comparison of bytes for the whole chunk, nearly always equal.
        Each cut is exact: `after` is a flat object of a table without JSON fields (no value
        holds an object, so no nested `"record"` key), it is followed by the top-level
        `"record"` key of details, and a quote inside a string is escaped. If the chunk
        differs anywhere, its rows are compared one by one instead.
        """
        if not self.flat:
            return set()
        keys: list[int] = []
        cuts: list[bytes] = []
        states: list[Mapping[str, Any]] = []
        start_marker = b'"details":{"after":'
        skip = len(start_marker)
        record = self.record
        for pk, entries in pending.items():
            actual = rows.get(pk)
            if actual is None or pk in linked or len(entries) != 1:
                continue  # (a row with links: links that no create event made)
            action, body = entries[0]
            if tags.verb_of(action) != tags.CREATED:
                continue
            start = body.find(start_marker)
            end = body.find(b"%b%d\"}" % (record, pk), start)
            if start < 0 or end < 0:
                continue
            keys.append(pk)
            cuts.append(body[start + skip:end])
            states.append(actual)
        if not keys:
            return set()
        # Keys in sorted order already; one out of order would only send the chunk row by row.
        if b"[" + b",".join(cuts) + b"]" != _IN_ORDER.encode(states).encode("utf-8"):
            return set()
        return set(keys)

    def _origins(self, states: States) -> States:
        if self.table.origin is None or not states:
            return {}
        return self.table.origin(states)

    def _fold(self, documents: list[dict[str, Any]],
              origin: Mapping[str, Any] | None) -> tuple[dict[str, Any] | None, str]:
        """The state the events give: `after` creates, `changes` change, `before` deletes.

        A record whose first event changes it must have had its `origin` before.
        """
        state: dict[str, Any] | None = None
        # An adoption took the row as it was then: what came before it no longer counts.
        adopted = [i for i, d in enumerate(documents)
                   if tags.verb_of(str(d.get("action", ""))) == tags.ADOPTED]
        if adopted:
            documents, origin = documents[adopted[-1]:], None
        for index, document in enumerate(documents):
            details, action = document.get("details") or {}, str(document.get("action", ""))
            verb = tags.verb_of(action)
            changes = details.get("changes")
            if changes is None and verb == tags.INCIDENTS_CHANGED_RETIRED:  # the API's older shape
                changes = {"incidents": details.get("incidents") or {}}
            if index == 0 and origin is not None:
                state = {link.name: [] for link in self.links}
                state.update(origin)
            if verb in (tags.EVIDENCE_LINKED, tags.EVIDENCE_UNLINKED):
                if state is None:
                    return None, f"entry {document.get('seq')} links evidence to no record"
                linked = set(state.get("evidence") or [])
                digests = {item.get("sha256") for item in document.get("items", [])}
                linked = linked | digests if verb == tags.EVIDENCE_LINKED else linked - digests
                state["evidence"] = sorted(linked)
            elif isinstance(changes, dict):
                if state is None:
                    return None, f"entry {document.get('seq')} changes a record that does not exist"
                for name, change in changes.items():
                    if isinstance(change, dict):
                        state[name] = change.get("after")
            elif isinstance(details.get("after"), dict) and "before" not in details:
                state = {link.name: [] for link in self.links}
                state.update(details["after"])
            elif isinstance(details.get("before"), dict) and "after" not in details:
                state = None
        if state is not None and self.table.fields is not None:
            state = {name: state[name] for name in self.table.fields if name in state}
        for name in self.table.ignored:
            if state is not None:
                state.pop(name, None)
        return state, ""

    def _current(self, pks: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The rows of these keys as the ledger would record them now, links included."""
        rows, links = self._rows(pks)
        return {pk: self._linked(state, links.get(pk)) for pk, state in rows.items()}

    def _with_links(self, state: dict[str, Any] | None,
                    links: Mapping[str, list[Any]] | None) -> dict[str, Any] | None:
        return None if state is None else self._linked(state, links)

    def _linked(self, state: dict[str, Any],
                links: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        if not self.links:
            return state
        found = links or {}
        return {**state, **{link.name: sorted(found.get(link.name, ())) for link in self.links}}

    def _rows(self, pks: Sequence[int]) -> tuple[dict[int, dict[str, Any]],
                                                 dict[int, dict[str, list[Any]]]]:
        """The rows of these keys as the ledger would record them now, without their links;
        and the links of those that have any, by link name (a row's state is copied with its
        links only when it must be folded: most rows have none and are compared as they are)."""
        table, manager = self.table, self.table.model._default_manager
        rows = manager.filter(pk__in=_keys(pks)).values_list("pk", *self.columns)
        values = self.snapshotter.values
        states = {row[0]: values(row[1:]) for row in rows}
        found: dict[int, dict[str, list[Any]]] = {}
        for link in self.links:
            through = link.remote_field.through
            assert through is not None  # a concrete many-to-many field always has one
            own, other = link.m2m_field_name(), link.m2m_reverse_field_name()
            key = table.links.get(link.name)
            target = f"{other}__{key}" if key else f"{other}_id"
            pairs = through._default_manager.filter(**{f"{own}_id__in": _keys(pks)})
            for owner, value in pairs.values_list(f"{own}_id", target):
                found.setdefault(owner, {}).setdefault(link.name, []).append(value)
        if table.fields is not None:
            states = {pk: {name: state.get(name) for name in table.fields}
                      for pk, state in states.items()}
        if table.derived is not None:
            for pk, extra in table.derived(list(states)).items():
                states[pk].update(extra)
        if table.ignored:
            for state in states.values():
                for name in table.ignored:
                    state.pop(name, None)
        return states, found

    def unnamed_rows(self) -> Iterator[Problem]:
        """Rows whose subject no entry names; counted first, listed only when some are."""
        manager = self.table.model._default_manager
        self.rows = manager.count()
        if self.rows == self.matched:
            return
        subject = Concat(Value(self.table.label + ":"), Cast("pk", CharField()))
        named = Entry.objects.filter(subject=OuterRef("ledger_subject"))
        unnamed = (manager.annotate(ledger_subject=subject).filter(~Exists(named))
                   .order_by("pk").values_list("pk", flat=True))
        reported, last = 0, None
        while True:  # by chunks of keys (keyset paging), never all of them at once
            page = unnamed if last is None else unnamed.filter(pk__gt=last)
            chunk = list(page[:CHUNK])
            if not chunk:
                break
            last = chunk[-1]
            states = self._current(chunk) if self.table.origin is not None else {}
            origins = self._origins(states)
            for pk in chunk:
                origin = origins.get(pk)
                if origin is not None and all(
                        _comparable(states[pk].get(name)) == _comparable(value)
                        for name, value in origin.items()):
                    continue
                reported += 1
                if self.report_at_most is not None and reported > self.report_at_most:
                    continue
                if origin is None:
                    yield self._row(pk, "has no ledger event: it was made outside Sprava")
                else:
                    for name, value in sorted(origin.items()):
                        if _comparable(states[pk].get(name)) != _comparable(value):
                            yield self._row(pk, f"field {name} differs from the shipped "
                                            "reference data and no ledger event changed it")
        if self.report_at_most is not None and reported > self.report_at_most:
            yield Problem(f"table {self.table.name}",
                          f"{reported - self.report_at_most} more rows have no ledger event")


def _is_date(field: Any) -> bool:
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def current_states(table: Table, pks: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The rows of `table` with these keys as its ledger events would record them now."""
    return _Checker(table)._current(pks)


def _keys(pks: Sequence[int]) -> RawSQL:
    """A chunk of integer keys as one query parameter: the ORM would prepare each one."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(pks)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(pks))])


def _comparable(value: Any) -> Any:
    # JSON has no tuples and the ledger keeps lists as written; compare them as lists.
    if isinstance(value, tuple):
        return list(value)
    return value
