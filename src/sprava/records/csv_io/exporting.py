"""Exporting any list as CSV: identities as the reader may see them, formulas defused."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import models, transaction
from django.db.models import QuerySet

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.ledger import log, tags
from sprava.ledger.events import Event
from sprava.records.csv_io.reading import FORMULA_START, CsvError
from sprava.records.identity import HIDDEN_VICTIM, LINK_FACTS, Disclosure, Fact, primary_name
from sprava.records.models import (
    Act,
    ActType,
    Consent,
    CustodyPeriod,
    Incident,
    Involvement,
    Organisation,
    Person,
    Place,
    Position,
    Precision,
    Testimony,
)

EXPORTED = tags.LIST_EXPORTED


def escape_cell(value: Any) -> str:
    """A cell as text; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _writer(out: TextIO) -> Any:
    return csv.writer(out, lineterminator="\r\n")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> int:
    writer = _writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
        count += 1
    return count


def record_export(*, actor: str, kind: str, rows: int, case: str | None, channel: str) -> None:
    """A custody event for a list that left the platform as a file."""
    with transaction.atomic():
        log.append([Event(actor=actor, action=EXPORTED, case=case,
                          details={"kind": kind, "rows": rows, "channel": channel})])


@dataclass
class ExportView:
    """Whose eyes an export is for: what identities it shows, which cases' roles it lists."""

    disclosure: Disclosure
    case_ids: set[int] | None = None  # None: every case (the operator at the command line)

    def person(self, person: Person | None) -> str:
        """The name a reader may see (their primary name, or the pseudonym), as one cell."""
        if person is None:
            return ""
        if self.hides(person):
            return person.pseudonym or person.reference
        if person.protected:
            self.disclosure.revealed.add(person.pk)
        return primary_name(person)

    def hides(self, person: Person) -> bool:
        return person.protected and not self.disclosure.may_reveal(person)

    def shows(self, person: Person | None, fact: Fact) -> bool:
        return self.disclosure.shows(person, fact)


Getter = Callable[[ExportView, Any], Any]


@dataclass(frozen=True)
class Export:
    model: type[models.Model]
    columns: tuple[tuple[str, Getter], ...]
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    withheld: tuple[Fact, str] | None = None
    """(fact, attribute holding the person): rows that are a fact the identity rule hides from
    the reader (`records.identity.HIDDEN_FACTS`) are left out."""

    def queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.select_related(*self.related).prefetch_related(
            *self.prefetch)

    def in_case(self, case: Case) -> QuerySet[Any]:
        return self.within(self.queryset(), {case.pk})

    def within(self, rows: QuerySet[Any], case_ids: set[int]) -> QuerySet[Any]:
        """The rows recorded in one of these cases, by the model's declaration in
        `permissions.CASE_PATHS` (a consent given for another case is not in this one);
        reference data as it is."""
        if self.model not in permissions.CASE_PATHS:
            return rows
        rule = permissions.case_path_of(self.model)
        inner = self.model._base_manager.filter(rule.q(case_ids)).values("pk")
        return rows.filter(pk__in=inner)

    def rows(self, view: ExportView, records: Iterable[Any]) -> Iterable[list[Any]]:
        for record in records:
            if self.withheld is not None:
                fact, attribute = self.withheld
                if not view.shows(getattr(record, attribute), fact):
                    continue
            yield [get(view, record) for _, get in self.columns]


def _attr(name: str) -> tuple[str, Getter]:
    return name, lambda view, obj: getattr(obj, name)


def partial_date(value: datetime.date | None, precision: str) -> str:
    """A date as precisely as it is known, in the form the import reads back."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year}"
    if precision == Precision.MONTH:
        return f"{value.year}-{value.month:02d}"
    if precision == Precision.APPROXIMATE:
        return f"c. {value.isoformat()}"
    return value.isoformat()


# Natural keys of records other rows point at: what a person can read and type back.
NATURAL_KEYS = {"case": "reference", "place": "code", "acttype": "code",
                "organisation": "label_en"}


def _foreign(field: models.ForeignKey[Any, Any]) -> list[tuple[str, Getter]]:
    name, attname = field.name, field.attname
    model = field.related_model
    if model is Person:
        fact = LINK_FACTS.get((field.model._meta.label_lower, name))
        if fact is not None:  # e.g. an act's victim: only if what they suffered may show
            return [(f"{name}_id", lambda v, o: getattr(o, attname)
                     if v.shows(getattr(o, name), fact) else ""),
                    (f"{name}_name", lambda v, o: v.person(getattr(o, name))
                     if v.shows(getattr(o, name), fact) else str(HIDDEN_VICTIM))]
        return [(f"{name}_id", lambda v, o: getattr(o, attname)),
                (f"{name}_name", lambda v, o: v.person(getattr(o, name)))]
    key = NATURAL_KEYS.get(model._meta.model_name or "")
    if key is None:
        return [(f"{name}_id", lambda v, o: getattr(o, attname))]

    def natural(view: ExportView, obj: Any) -> Any:
        related = getattr(obj, name)
        return None if related is None else getattr(related, key)
    return [(name, natural)]


def _span_date(name: str) -> Getter:
    return lambda view, obj: partial_date(getattr(obj, name), obj.date_precision)


def _auto(model: type[models.Model], withheld: tuple[Fact, str] | None = None) -> Export:
    """Every stored field, references by natural key, spans as partial dates."""
    columns: list[tuple[str, Getter]] = []
    related: list[str] = []
    prefetch: list[str] = []
    for fld in model._meta.concrete_fields:
        if isinstance(fld, models.ForeignKey):
            columns += _foreign(fld)
            related.append(fld.name)
            if fld.related_model is Person:
                prefetch += [f"{fld.name}__names", f"{fld.name}__roles"]
        elif fld.name in ("start_date", "end_date"):
            columns.append((fld.name, _span_date(fld.name)))
        elif fld.name == "charge_articles":  # held on no charge is not "not known" (empty)
            columns.append((fld.name, lambda view, obj: "none" if obj.charge_articles == []
                            else obj.charge_articles))
        else:
            columns.append(_attr(fld.name))
    return Export(model, tuple(columns), tuple(related), tuple(prefetch), withheld)


def _names(kind: str) -> Getter:
    def get(view: ExportView, person: Person) -> str:
        if view.hides(person):
            return ""
        return "; ".join(n.text for n in person.names.all() if n.kind == kind)
    return get


def _roles(view: ExportView, person: Person) -> list[Any]:
    return [role for role in person.roles.all()
            if view.case_ids is None or role.case_id in view.case_ids]


def _unless_hidden(getter: Getter) -> Getter:
    return lambda view, person: "" if view.hides(person) else getter(view, person)


PERSONS = Export(Person, (
    _attr("id"), ("reference", lambda v, p: p.reference), ("name", lambda v, p: v.person(p)),
    ("transliterations", _names("transliteration")), ("aliases", _names("alias")),
    ("gender", lambda v, p: p.gender if v.shows(p, Fact.GENDER) else ""),
    ("birth_date", _unless_hidden(lambda v, p: partial_date(p.birth_date, p.birth_precision))),
    ("role", lambda v, p: sorted({role.role for role in _roles(v, p)})),
    ("cases", lambda v, p: sorted({role.case.reference for role in _roles(v, p)})),
    _attr("protected"), _attr("pseudonym"),
    ("notes", _unless_hidden(lambda v, p: p.notes)),
), prefetch=("names", permissions.case_field(Person)))


EXPORTS: dict[str, Export] = {
    "cases": _auto(Case),
    "incidents": _auto(Incident),
    "acts": _auto(Act),
    "act-types": _auto(ActType),
    "persons": PERSONS,
    "organisations": _auto(Organisation),
    "positions": _auto(Position),
    "involvements": _auto(Involvement),
    "places": _auto(Place),
    "custody-periods": _auto(CustodyPeriod, (Fact.CUSTODY, "person")),
    "testimonies": _auto(Testimony),
    "consents": _auto(Consent),
}
EXPORT_KINDS = tuple(EXPORTS)


def _export(kind: str) -> Export:
    export = EXPORTS.get(kind)
    if export is None:
        raise CsvError(f"cannot export {kind!r}; choose one of {', '.join(EXPORT_KINDS)}")
    return export


def export_csv(kind: str, records: Iterable[Any], out: TextIO, view: ExportView) -> int:
    """Write the records of a list as CSV; returns the number of rows written."""
    export = _export(kind)
    return write_csv([name for name, _ in export.columns], export.rows(view, records), out)


BATCH = 1000


def batches(records: QuerySet[Any], size: int = BATCH) -> Iterator[list[Any]]:
    """The records in primary-key order (as `export_csv`'s callers write them), `size` at a
    time: one bounded query each, with the export's joins and prefetches, so that a list of
    any length is never held whole. By key, not by offset: a later batch costs no more."""
    last: Any = None
    ordered = records.order_by("pk")
    while True:
        batch = list((ordered if last is None else ordered.filter(pk__gt=last))[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def stream_csv(kind: str, batches: Iterable[Iterable[Any]], view: ExportView) -> Iterator[str]:
    """The text `export_csv` writes, a piece at a time: the header, then one piece per batch.

    Each piece is made before it is handed over, so the identities it shows are already in
    `view.disclosure.revealed` then: a caller that sends pieces as they come commits the
    disclosure before sending each one (a reveal is logged before it leaves)."""
    export = _export(kind)
    out = io.StringIO()
    writer = _writer(out)

    def drain() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow([name for name, _ in export.columns])
    yield drain()
    for batch in batches:
        for row in export.rows(view, batch):
            writer.writerow([escape_cell(value) for value in row])
        yield drain()
