"""Places and organisations: reference data every signed-in user reads and administrators keep."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext, pgettext_lazy

from sprava.accounts import permissions
from sprava.collation import sorted_by
from sprava.records.identity import Fact
from sprava.records.models import (
    CustodyPeriod,
    Incident,
    Involvement,
    Organisation,
    Person,
    Place,
    Position,
)
from sprava.web.records import filters, forms
from sprava.web.records.choices import choice_label
from sprava.web.records.config import common
from sprava.web.records.context import Cell, Ctx, Link, record_link
from sprava.web.records.kinds import Column, Kind, Scope, Section


def _labels(obj: Any) -> list[tuple[str, Cell]]:
    # "language" context: the names alone are the language switcher's, in their own language.
    return [(pgettext("language", "English"), obj.label_en),
            (pgettext("language", "Belarusian"), obj.label_be or "—"),
            (pgettext("language", "Russian"), obj.label_ru or "—")]


def _visible_persons(ctx: Ctx) -> Any:
    return permissions.filter_visible(ctx.user, Person.objects.all())


# --- Place ----------------------------------------------------------------------------------


def _coordinates(place: Place) -> str:
    if place.latitude is None or place.longitude is None:
        return "—"
    return f"{place.latitude}, {place.longitude}"


def _place_facts(ctx: Ctx, place: Place) -> list[tuple[str, Cell]]:
    return [
        *_labels(place),
        (gettext("Code"), place.code),
        (gettext("Kind"), place.get_kind_display()),
        (gettext("Within"), common.place_chain(ctx, place.parent_id) or "—"),
        (gettext("Country"), place.country or gettext("as the place it lies within")),
        (gettext("Coordinates"), _coordinates(place)),
        (gettext("Address"), place.address or "—"),
    ]


def _within(place: Any) -> Q:
    return Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)


def _place_children(ctx: Ctx, place: Place) -> dict[str, Any]:
    children = sorted_by(place.children.all(), lambda p: p.label)
    children.sort(key=lambda p: p.kind)  # by kind, then by name in the reader's alphabet
    return {"links": [record_link("place", p, f"{p.label} ({p.get_kind_display().lower()})")
                      for p in children]}


def _place_incidents(ctx: Ctx, place: Place) -> dict[str, Any]:
    incidents = permissions.filter_visible(ctx.user, Incident.objects.filter(_within(place)))
    count = incidents.count()
    latest = incidents.select_related("place").order_by("-start_date", "-id")[:10]
    return {"links": [record_link("incident", i, f"{i.display_when} · {i.title}") for i in latest],
            "more": Link(ngettext("All %(count)d incident here, in your cases",
                                  "All %(count)d incidents here, in your cases", count)
                         % {"count": count},
                         common.list_url("incident", place=place.pk)) if count > 10 else None}


def _held_here(ctx: Ctx, place: Place) -> dict[str, Any]:
    held = CustodyPeriod.objects.filter(_within(place),
                                        ctx.disclosure.shown(Fact.CUSTODY, "person"),
                                        person__in=_visible_persons(ctx))
    periods, pager = common.paged(ctx, held.select_related("person", "place").prefetch_related(
        "person__names", "person__roles").order_by("-start_date", "-id"), "held")
    # Rows are custody periods, and one person may have several here: say both numbers.
    persons = held.values("person_id").distinct().count() if pager["count"] else 0
    periods_text = ngettext("%(count)d custody period", "%(count)d custody periods",
                            pager["count"]) % {"count": pager["count"]}
    pager["note"] = ngettext("%(periods)s of %(count)d person, in your cases.",
                             "%(periods)s of %(count)d persons, in your cases.",
                             persons) % {"periods": periods_text, "count": persons}
    acknowledged = {True: gettext("yes"), False: gettext("no"), None: gettext("unknown")}
    return {"rows": [{"person": ctx.person_link(p.person), "when": p.display_when,
                      "place": record_link("place", p.place) if p.place_id != place.pk else None,
                      "acknowledged": acknowledged[p.acknowledged],
                      "unacknowledged": p.acknowledged is False} for p in periods], **pager}


PLACE = Kind(
    name="place", model=Place, title=gettext_lazy("Place"), plural=gettext_lazy("Places"),
    path="places",
    scope=Scope.REFERENCE, form=forms.PlaceForm,
    label=lambda ctx, p: p.label,
    intro=gettext_lazy("Belarus's regions, district centres and places of detention. "
                       "Administrators keep this list."),
    columns=(
        Column(pgettext_lazy("thing", "Name"), lambda ctx, p: record_link("place", p, p.label),
               sort="name"),
        Column(gettext_lazy("Kind"), lambda ctx, p: choice_label(p, "kind"), sort="kind"),
        Column(gettext_lazy("Within"), lambda ctx, p: record_link("place", p.parent),
               sort="within"),
        Column(gettext_lazy("Code"), lambda ctx, p: p.code, sort="code"),
        Column(gettext_lazy("Coordinates"), lambda ctx, p: _coordinates(p)),
    ),
    sorts={"name": ("label_en", "id"), "kind": ("kind", "label_en"),
           "within": ("parent__label_en", "label_en"), "code": ("code",)},
    default_sort="name",
    filters=filters.PlaceFilter,
    for_list=lambda qs: qs.select_related("parent"),
    for_detail=lambda qs: qs.select_related("parent"),
    facts=_place_facts,
    sections=(
        Section(gettext_lazy("Places within"), "records/sections/links.html", _place_children,
                "within"),
        Section(gettext_lazy("Incidents here"), "records/sections/links.html", _place_incidents,
                "incidents"),
        Section(gettext_lazy("Held here"), "records/sections/held_here.html", _held_here,
                "held"),
        Section(gettext_lazy("Notes"), "records/sections/text.html",
                common.text_section("notes"), "notes"),
    ),
)

# --- Organisation ---------------------------------------------------------------------------


def _organisation_facts(ctx: Ctx, unit: Organisation) -> list[tuple[str, Cell]]:
    superiors = [record_link("organisation", o, o.label) for o in unit.chain()[1:]]
    return [
        *_labels(unit),
        (gettext("Abbreviation"), unit.abbreviation or "—"),
        (gettext("Kind"), unit.get_kind_display()),
        (gettext("Part of"), [link for link in superiors if link] or "—"),
        (gettext("Located"), record_link("place", unit.place) or "—"),
    ]


def _units(ctx: Ctx, unit: Organisation) -> dict[str, Any]:
    return {"links": [record_link("organisation", u, u.label)
                      for u in sorted_by(unit.units.all(), lambda u: u.label)]}


def _posts(ctx: Ctx, unit: Organisation) -> dict[str, Any]:
    posts, pager = common.paged(ctx, Position.objects.filter(
        organisation=unit, person__in=_visible_persons(ctx)).select_related("person")
        .prefetch_related("person__names", "person__roles").order_by("start_date", "id"),
        "positions")
    return {"rows": [{"person": ctx.person_link(p.person), "title": p.title, "rank": p.rank,
                      "when": p.display_when, "superior": p.superior_responsibility}
                     for p in posts], **pager}


def _unit_acts(ctx: Ctx, unit: Organisation) -> dict[str, Any]:
    involvements = permissions.filter_visible(
        ctx.user, Involvement.objects.filter(organisation=unit))
    count = involvements.values("act_id").distinct().count()
    return {"text": ngettext("Members of this unit are named as perpetrators in %(count)d act "
                             "in your cases.",
                             "Members of this unit are named as perpetrators in %(count)d acts "
                             "in your cases.", count) % {"count": count},
            "link": Link(gettext("Show them"), common.list_url("act", organisation=unit.pk))
            if count else None}


ORGANISATION = Kind(
    name="organisation", model=Organisation, title=gettext_lazy("Organisation"),
    plural=gettext_lazy("Organisations"),
    path="organisations", scope=Scope.REFERENCE, form=forms.OrganisationForm,
    label=lambda ctx, o: o.label,
    intro=gettext_lazy("State bodies and their units, with the command hierarchy that "
                       "superior responsibility rests on. Administrators keep this list."),
    columns=(
        Column(pgettext_lazy("thing", "Name"),
               lambda ctx, o: record_link("organisation", o, o.label),
               sort="name"),
        Column(gettext_lazy("Abbreviation"), lambda ctx, o: o.abbreviation,
               sort="abbreviation"),
        Column(gettext_lazy("Kind"), lambda ctx, o: choice_label(o, "kind"), sort="kind"),
        Column(gettext_lazy("Part of"), lambda ctx, o: record_link(
            "organisation", o.parent, o.parent.label if o.parent else "")),
    ),
    sorts={"name": ("label_en", "id"), "abbreviation": ("abbreviation", "label_en"),
           "kind": ("kind", "label_en")},
    default_sort="name",
    filters=filters.OrganisationFilter,
    for_list=lambda qs: qs.select_related("parent"),
    for_detail=lambda qs: qs.select_related("place", "parent__parent__parent"),
    facts=_organisation_facts,
    sections=(
        Section(gettext_lazy("Units"), "records/sections/links.html", _units, "units"),
        Section(gettext_lazy("Posts held"), "records/sections/positions.html", _posts,
                "positions"),
        Section(gettext_lazy("Acts"), "records/sections/text_link.html", _unit_acts, "acts"),
        Section(gettext_lazy("Notes"), "records/sections/text.html",
                common.text_section("notes"), "notes"),
    ),
)
