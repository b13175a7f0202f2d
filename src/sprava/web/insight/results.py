"""Search results as rows a template shows: a marked title, a link, facts and a marked excerpt.

Every person is named through the request's `Disclosure`: a protected person appears by
pseudonym unless the reader has identity access in one of the person's cases, and then the
reveal is recorded when the view commits the disclosure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sprava.cases.models import Case
from sprava.records.identity import HIDDEN_VICTIM, Disclosure
from sprava.records.identity import Fact as Withheld
from sprava.records.models import Act, Incident, Organisation, Person, Place, Testimony
from sprava.search.query import Query
from sprava.search.snippets import Parts, excerpt, highlight
from sprava.web.records.context import url_of


@dataclass(frozen=True)
class Fact:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Row:
    title: Parts
    url: str
    facts: tuple[Fact, ...] = ()
    snippet: Parts = ()
    note: str = ""


def _url(kind: str, key: Any) -> str:
    return url_of(f"records:{kind}-detail", key)


def _case(case: Case) -> Fact:
    return Fact(case.reference, _url("case", case.reference))


def _plain(text: str) -> Parts:
    return ((text, False),)


def _hits_only(texts: Sequence[str], query: Query) -> Parts:
    """An excerpt only when one of `texts` has a match (a label in another language, say)."""
    parts = excerpt(texts, query)
    return parts if any(hit for _, hit in parts) else ()


def person_row(person: Person, query: Query, disclosure: Disclosure) -> Row:
    label = disclosure.label(person)
    facts = [Fact(person.reference)]
    facts += [Fact(_("%(role)s in %(case)s") % {"role": role.get_role_display().lower(),
                                                "case": role.case.reference},
                   _url("case", role.case.reference)) for role in person.roles.all()]
    # The names that matched, as written; none for a protected person the reader may not see.
    shown: list[tuple[str, bool]] = []
    for name in disclosure.names(person):
        parts = highlight(name, query, names=True)
        if any(hit for _, hit in parts) and name not in label:
            shown += [*([(" · ", False)] if shown else []), *parts]
    note = _("protected identity") if person.protected else ""
    return Row(title=highlight(label, query, names=True), url=_url("person", person.pk),
               facts=tuple(facts), snippet=tuple(shown), note=note)


def incident_row(incident: Incident, query: Query, disclosure: Disclosure) -> Row:
    facts = [_case(incident.case), Fact(incident.display_when)]
    if incident.place is not None:
        facts.append(Fact(incident.place.label, _url("place", incident.place.pk)))
    return Row(title=highlight(incident.title, query), url=_url("incident", incident.pk),
               facts=tuple(facts), snippet=excerpt([incident.narrative, incident.place_detail],
                                                   query))


def act_row(act: Act, query: Query, disclosure: Disclosure) -> Row:
    facts = [_case(act.incident.case), Fact(act.display_when),
             Fact(act.incident.title, _url("incident", act.incident_id))]
    if act.victim is not None and not disclosure.shows(act.victim, Withheld.ACTS_SUFFERED):
        facts.append(Fact(_("victim: %(name)s") % {"name": HIDDEN_VICTIM}))
    elif act.victim is not None:
        facts.append(Fact(_("victim: %(name)s") % {"name": disclosure.label(act.victim)},
                          _url("person", act.victim.pk)))
    return Row(title=_plain(act.act_type.label), url=_url("act", act.pk),
               facts=tuple(facts), snippet=excerpt([act.description], query))


def testimony_row(testimony: Testimony, query: Query, disclosure: Disclosure) -> Row:
    by = disclosure.label(testimony.given_by) if testimony.given_by is not None else ""
    kind = testimony.get_kind_display()
    title = _("%(kind)s by %(name)s") % {"kind": kind, "name": by} if by else kind
    facts = [_case(testimony.case)]
    if testimony.given_on:
        facts.append(Fact(testimony.given_on.isoformat()))
    if testimony.language:
        facts.append(Fact(_("language: %(code)s") % {"code": testimony.language}))
    return Row(title=_plain(title), url=_url("testimony", testimony.pk), facts=tuple(facts),
               snippet=excerpt([testimony.transcript, testimony.translation, testimony.notes],
                               query))


def organisation_row(unit: Organisation, query: Query, disclosure: Disclosure) -> Row:
    facts = [Fact(unit.get_kind_display())]
    if unit.abbreviation:
        facts.insert(0, Fact(unit.abbreviation))
    if unit.parent is not None:
        facts.append(Fact(_("part of %(unit)s") % {"unit": unit.parent.label},
                          _url("organisation", unit.parent.pk)))
    others = [t for t in (unit.label_en, unit.label_be, unit.label_ru) if t != unit.label]
    return Row(title=highlight(unit.label, query), url=_url("organisation", unit.pk),
               facts=tuple(facts),
               snippet=_hits_only([*others, unit.abbreviation, unit.notes], query))


def place_row(place: Place, query: Query, disclosure: Disclosure) -> Row:
    facts = [Fact(place.get_kind_display())]
    if place.parent is not None:
        facts.append(Fact(_("in %(place)s") % {"place": place.parent.label},
                          _url("place", place.parent.pk)))
    others = [t for t in (place.label_en, place.label_be, place.label_ru) if t != place.label]
    return Row(title=highlight(place.label, query), url=_url("place", place.pk),
               facts=tuple(facts),
               snippet=_hits_only([*others, place.address, place.notes], query))


ROWS: dict[str, Callable[[Any, Query, Disclosure], Row]] = {
    "person": person_row,
    "incident": incident_row,
    "act": act_row,
    "testimony": testimony_row,
    "organisation": organisation_row,
    "place": place_row,
}
