"""The declarative description of one kind of record, from which all its pages are made."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from sprava.records.identity import Fact
from sprava.web.records.context import Cell, Ctx

if TYPE_CHECKING:
    from sprava.web.records.fields import FilterForm, RecordForm


class Scope(StrEnum):
    """Where a record belongs, which decides who reads and who writes it.

    For a record of a case (CASE, PERSON), the cases it is recorded in come from its model's
    declaration in `permissions.CASE_PATHS`, the one the API asks too.
    """

    CASES = "cases"
    """A case itself: members read it, its lead edits it, administrators create it."""
    CASE = "case"
    """Recorded in one case: its members read it, those with EDIT there write it."""
    PERSON = "person"
    """A person, and what belongs to one: members of any case the person has a role in read it;
    EDIT in any of those cases writes it."""
    REFERENCE = "reference"
    """Shared data (places, organisations, act types): everyone signed in reads, administrators
    write."""


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, what each row shows, and the sort key it offers."""

    label: str | Promise
    cell: Callable[[Ctx, Any], Cell]
    sort: str = ""
    num: bool = False
    nowrap: bool = False


@dataclass(frozen=True)
class Section:
    """A part of a detail page: a template and the context it needs (loaded in fixed queries)."""

    title: str | Promise
    template: str
    load: Callable[[Ctx, Any], dict[str, Any]]
    anchor: str


@dataclass(frozen=True)
class Parent:
    """A record that lives on its parent's page (a person's names, an act's perpetrators)."""

    kind: str
    field: str
    anchor: str


def _same(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


def _no_facts(ctx: Ctx, obj: Any) -> list[tuple[str, Cell]]:
    return []


def _str_label(ctx: Ctx, obj: Any) -> str:
    return str(obj)


def _nobody(obj: Any) -> Any:
    return None


def _nothing_masked(ctx: Ctx, obj: Any) -> set[str]:
    return set()


def _own_history(ctx: Ctx, obj: Any) -> list[str]:
    from sprava.rows.history import subject

    return [subject(obj)]


def _delete(obj: Any, *, actor: str, reason: str) -> None:
    from sprava.records.services import delete_record

    delete_record(obj, actor=actor, reason=reason)


@dataclass(frozen=True)
class Kind:
    name: str
    """Used in URL names: `records:<name>-list`, `-detail`, `-create`, `-edit`, `-delete`."""
    model: type[Model]
    title: str | Promise
    plural: str | Promise
    path: str
    """The URL segment: /<path>/, /<path>/<id>/, /<path>/new/ ..."""
    scope: Scope
    form: type[RecordForm]
    label: Callable[[Ctx, Any], str] = _str_label
    columns: tuple[Column, ...] = ()
    sorts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_sort: str = ""
    filters: type[FilterForm] | None = None
    facts: Callable[[Ctx, Any], list[tuple[str, Cell]]] = _no_facts
    sections: tuple[Section, ...] = ()
    annotate: Callable[[QuerySet[Any]], QuerySet[Any]] = _same
    """Computed columns a list shows or sorts by (counts): on the query of the page's ids and on
    its rows alike."""
    for_list: Callable[[QuerySet[Any]], QuerySet[Any]] = _same
    """Joins and prefetches that keep a page of the list to a fixed number of queries. Only the
    rows of the page get them: a sort or filter must not depend on them (see `annotate`)."""
    for_detail: Callable[[QuerySet[Any]], QuerySet[Any]] = _same
    parent: Parent | None = None
    evidence: bool = False
    lookup: str = "pk"
    intro: str | Promise = ""
    create_params: tuple[str, ...] = ()
    """Query parameters a create page accepts to preset a field, e.g. ?case=<ref>."""
    identity_of: Callable[[Any], Any] = _nobody
    """The person whose identity changing this record touches: editing it needs identity
    access when that person is protected."""
    open_parent: bool = False
    """Adding one needs EDIT only in the case it names, not in the cases of its parent."""
    history_of: Callable[[Ctx, Any], list[str]] = _own_history
    """The ledger subjects whose entries make the record's history (its own, its children's;
    none that the identity rule withholds from the reader)."""
    masked_history: Callable[[Ctx, Any], set[str]] = _nothing_masked
    """Subjects whose entries are listed without their values (a hidden person's gender, the
    victim of an act whose victim is hidden)."""
    delete: Callable[..., None] = _delete
    withheld: tuple[Fact, str] | None = None
    """(fact, path to the person): rows that are that fact of a person whose fact the identity
    rule (`records.identity.HIDDEN_FACTS`) hides from the reader are not found at all."""
    """Deletes through the domain functions; raises RecordError when others depend on it."""

    @property
    def listed(self) -> bool:
        return self.parent is None and bool(self.columns)
