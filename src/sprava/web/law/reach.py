"""What an assessment form offers: the elements of its subject, and the sources its subject
reaches, as one reader may choose them (keys such as "item:3", "testimony:12").

An act reaches its evidence items (by the reader's number), its incident's testimonies, its
victim's custody periods (unless the identity rule hides them) and its perpetrators'
involvements. A perpetrator in a case reaches the case's evidence items and testimonies, the
case's custody periods (each unless hidden), their own positions and their involvements in the
case's acts. A case's context reaches the case's items and testimonies: the orders and official
statements policy evidence is made of. The domain checks every source again (`check_source`):
this only spares the reader a choice it would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Model, QuerySet
from django.utils.translation import gettext

from sprava.accounts import permissions
from sprava.cases.models import Case
from sprava.evidence.models import Item
from sprava.evidence.visibility import items_reaching, visible_items, with_seen_receipts
from sprava.law.framework import Element
from sprava.law.shown import TYPE_LABELS
from sprava.law.sources import Source, SourceType
from sprava.records.identity import Fact
from sprava.records.models import (
    Act,
    CustodyPeriod,
    Involvement,
    LiabilityMode,
    Person,
    Position,
    Testimony,
)
from sprava.records.references import reference
from sprava.web.records.context import Ctx

OptionGroups = list[tuple[str, list[tuple[str, str]]]]


def element_options(owner: str, elements: Iterable[Element]) -> list[tuple[str, str]]:
    """"owner:element" per element (and alternative), numbered and typed; `owner` is a crime's
    or a mode's id, or "" for the case's context (then the key is the element's id alone)."""
    options = []
    for element in elements:
        for element_id in element.ids():
            label = element.label.text()
            for alternative in element.alternatives:
                if alternative.id == element_id:
                    label = f"{label}: {alternative.label.text()}"
            key = f"{owner}:{element_id}" if owner else element_id
            options.append((key, f"{element.number}. {label} ({TYPE_LABELS[element.type]})"))
    return options


@dataclass
class _Groups:
    options: dict[str, Model] = field(default_factory=dict)
    groups: OptionGroups = field(default_factory=list)

    def add(self, title: str, rows: list[tuple[str, Model, str]]) -> None:
        if rows:
            self.options.update((key, record) for key, record, _ in rows)
            self.groups.append((title, [(key, label) for key, _, label in rows]))


def _items(ctx: Ctx, items: QuerySet[Item]) -> list[tuple[str, Model, str]]:
    seen: Any = with_seen_receipts(ctx.user, items).order_by(F("number"))
    return [(f"item:{item.number}", item, gettext("item %(number)s") % {"number": item.number}
             + (f" ({item.first_name})" if item.first_name else "")) for item in seen]


def _testimonies(ctx: Ctx, rows: QuerySet[Testimony]) -> list[tuple[str, Model, str]]:
    found = permissions.filter_visible(ctx.user, rows).select_related(
        "given_by").prefetch_related("given_by__names").order_by("id")
    return [(f"testimony:{t.pk}", t, " — ".join(filter(None, [
        reference("records.testimony", t.pk), ctx.person_label(t.given_by)]))) for t in found]


def _custody(ctx: Ctx, rows: Iterable[CustodyPeriod], *,
             named: bool) -> list[tuple[str, Model, str]]:
    return [(f"custody:{c.pk}", c, " — ".join(filter(None, [
        reference("records.custodyperiod", c.pk),
        ctx.person_label(c.person) if named else "",
        c.display_when + (f", {c.place.label}" if c.place else "")])))
        for c in rows if ctx.shows(c.person, Fact.CUSTODY)]


def _involvements(ctx: Ctx, rows: QuerySet[Involvement], *,
                  with_act: bool) -> list[tuple[str, Model, str]]:
    found = rows.select_related("perpetrator").prefetch_related(
        "perpetrator__names").order_by("id")
    return [(f"involvement:{i.pk}", i, f"{ctx.person_label(i.perpetrator)} — "
             f"{LiabilityMode(i.mode).label}"
             + (f" ({reference('records.act', i.act_id)})" if with_act else ""))
            for i in found]


@dataclass(frozen=True)
class Reachable:
    """The sources a subject reaches, by the keys a form's choice uses."""

    options: dict[str, Model]
    groups: OptionGroups

    @classmethod
    def of(cls, ctx: Ctx, act: Act, current: Source | None = None,
           current_label: str = "") -> Reachable:
        found = _Groups()
        found.add(gettext("Evidence items"), _items(ctx, act.evidence.all()))
        found.add(gettext("Testimonies"), _testimonies(
            ctx, Testimony.objects.filter(incidents=act.incident)))
        victim = act.victim
        custody = (victim.custody.select_related("place", "person").order_by("start_date", "id")
                   if victim is not None else [])
        found.add(gettext("Custody periods of the victim"), _custody(ctx, custody, named=False))
        found.add(gettext("Perpetrators of the act"), _involvements(ctx, act.involvements.all(),
                                                                  with_act=False))
        return cls._with_current(ctx, found, current, current_label)

    @classmethod
    def of_case(cls, ctx: Ctx, case: Case, perpetrator: Person | None = None,
                current: Source | None = None, current_label: str = "") -> Reachable:
        """What the case reaches: for a perpetrator, also their positions and involvements."""
        found = _Groups()
        found.add(gettext("Evidence items of the case"), _items(ctx, visible_items(
            ctx.user, Item.objects.filter(items_reaching([case.pk])))))
        found.add(gettext("Testimonies of the case"), _testimonies(
            ctx, Testimony.objects.filter(permissions.in_cases(Testimony, case))))
        if perpetrator is not None:
            found.add(gettext("Their positions"), [
                (f"position:{p.pk}", p, f"{p.title} · {p.organisation.label}"
                 + (f" ({p.display_when})" if p.display_when else ""))
                for p in Position.objects.filter(
                    permissions.in_cases(Position, case), person=perpetrator)
                .select_related("organisation").order_by("start_date", "id")])
            found.add(gettext("Their involvements in the case's acts"), _involvements(
                ctx, Involvement.objects.filter(permissions.in_cases(Involvement, case),
                                                perpetrator=perpetrator), with_act=True))
            # The custody of the victims of their acts in the case, not of every victim of the
            # case: that is what links a perpetrator to the custody or control an element asks
            # about, and a large case holds tens of thousands of custody periods.
            victims = Act.objects.filter(permissions.in_cases(Act, case),
                                         involvements__perpetrator=perpetrator,
                                         victim__isnull=False).values("victim")
            custody = (CustodyPeriod.objects.filter(permissions.in_cases(CustodyPeriod, case),
                                                    person__in=victims)
                       .select_related("place", "person").prefetch_related("person__names")
                       .order_by("start_date", "id"))
            found.add(gettext("Custody of the victims of their acts"),
                      _custody(ctx, custody, named=True))
        return cls._with_current(ctx, found, current, current_label)

    @classmethod
    def _with_current(cls, ctx: Ctx, found: _Groups, current: Source | None,
                      current_label: str) -> Reachable:
        if current is not None:  # an assessment's own source stays choosable on its edit page
            key = source_key(ctx, current)
            if key not in found.options:
                found.options[key] = current.record
                found.groups.insert(0, (gettext("Its source now"), [(key, current_label or key)]))
        return cls(found.options, found.groups)


def source_key(ctx: Ctx, source: Source) -> str:
    record = source.record
    if source.type == SourceType.ITEM:
        seen: Any = with_seen_receipts(ctx.user, Item.objects.filter(pk=record.pk)).first()
        return f"item:{seen.number if seen is not None else 0}"
    return f"{source.type.value}:{record.pk}"
