"""Sources and testimonies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy

from sprava.accounts import permissions
from sprava.records.models import Testimony
from sprava.web.records import filters, forms
from sprava.web.records.choices import choice_label
from sprava.web.records.config import common
from sprava.web.records.context import Cell, Ctx, case_link, record_link
from sprava.web.records.kinds import Column, Kind, Scope, Section


def _testimony_facts(ctx: Ctx, t: Testimony) -> list[tuple[str, Cell]]:
    return [
        (gettext("Case"), case_link(t.case)),
        (gettext("Given by"), ctx.person_link(t.given_by) or gettext("not recorded")),
        (gettext("How"), t.get_kind_display()),
        (gettext("Given on"), f"{t.given_on:%Y-%m-%d}" if t.given_on else "—"),
        (gettext("Language"), t.language or "—"),
        (gettext("Taken by"), t.taken_by or "—"),
        (gettext("Reliability of the source"), t.get_reliability_display()),
    ]


def _translation(ctx: Ctx, t: Testimony) -> dict[str, Any]:
    caption = (gettext("Translation (%(language)s)") % {"language": t.translation_language}
               if t.translation_language else gettext("Translation"))
    return {"text": t.translation, "caption": caption if t.translation else ""}


def _incidents(ctx: Ctx, t: Testimony) -> dict[str, Any]:
    # Through the visibility rule, as the incident's page lists its testimonies.
    incidents = permissions.filter_visible(ctx.user, t.incidents.select_related("place")
                                           .order_by("start_date", "id"))
    return {"links": [record_link("incident", i, f"{i.display_when} · {i.title}")
                      for i in incidents]}


TESTIMONY = Kind(
    name="testimony", model=Testimony, title=gettext_lazy("Testimony"),
    plural=gettext_lazy("Testimonies"),
    path="testimonies", scope=Scope.CASE, form=forms.TestimonyForm,
    evidence=True,
    label=lambda ctx, t: gettext("Testimony #%(number)s of %(person)s") % {
        "number": t.pk, "person": ctx.person_label(t.given_by)}
    if t.given_by else gettext("Testimony #%(number)s") % {"number": t.pk},
    intro=gettext_lazy("Interviews, written statements, documents and open sources, with the "
                       "reliability of each source."),
    columns=(
        Column(gettext_lazy("Given on"),
               lambda ctx, t: f"{t.given_on:%Y-%m-%d}" if t.given_on else "—",
               sort="date", nowrap=True),
        Column(gettext_lazy("Testimony"), lambda ctx, t: record_link("testimony", t, f"#{t.pk}"),
               sort="number", num=True),
        Column(gettext_lazy("Given by"), lambda ctx, t: ctx.person_link(t.given_by)),
        Column(gettext_lazy("How"), lambda ctx, t: choice_label(t, "kind"), sort="kind"),
        Column(gettext_lazy("Language"), lambda ctx, t: t.language),
        Column(gettext_lazy("Reliability"), lambda ctx, t: t.reliability, sort="reliability"),
        Column(gettext_lazy("Incidents"), lambda ctx, t: str(t.incident_count), num=True),
        Column(gettext_lazy("Case"), common.case),
    ),
    sorts={"date": ("given_on", "id"), "number": ("id",), "kind": ("kind", "id"),
           "reliability": ("reliability", "id")},
    default_sort="-date",
    filters=filters.TestimonyFilter,
    annotate=lambda qs: qs.annotate(
        incident_count=common.count_of(Testimony.incidents.through, "testimony")),
    for_list=lambda qs: qs.select_related("case", "given_by").prefetch_related(
        "given_by__names", "given_by__roles"),
    for_detail=lambda qs: qs.select_related("case", "given_by").prefetch_related(
        "given_by__names", "given_by__roles"),
    facts=_testimony_facts,
    sections=(
        Section(gettext_lazy("Incidents it speaks of"), "records/sections/links.html",
                _incidents, "incidents"),
        Section(gettext_lazy("Transcript"), "records/sections/text.html",
                common.text_section("transcript"), "transcript"),
        Section(gettext_lazy("Translation"), "records/sections/text.html", _translation,
                "translation"),
        Section(gettext_lazy("Notes"), "records/sections/text.html",
                common.text_section("notes"), "notes"),
    ),
    create_params=("case",),
)
