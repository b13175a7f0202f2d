"""Sources and testimonies."""

from __future__ import annotations

from typing import Any

from sprava.records.models import Testimony
from sprava.web.records import filters, forms
from sprava.web.records.config import common
from sprava.web.records.context import Cell, Ctx, case_link, record_link
from sprava.web.records.kinds import Column, Kind, Scope, Section


def _testimony_facts(ctx: Ctx, t: Testimony) -> list[tuple[str, Cell]]:
    return [
        ("Case", case_link(t.case)),
        ("Given by", ctx.person_link(t.given_by) or "not recorded"),
        ("How", t.get_kind_display()),
        ("Given on", f"{t.given_on:%Y-%m-%d}" if t.given_on else "—"),
        ("Language", t.language or "—"),
        ("Taken by", t.taken_by or "—"),
        ("Reliability of the source", t.get_reliability_display()),
    ]


def _translation(ctx: Ctx, t: Testimony) -> dict[str, Any]:
    language = f" ({t.translation_language})" if t.translation_language else ""
    return {"text": t.translation, "caption": f"Translation{language}" if t.translation else ""}


def _incidents(ctx: Ctx, t: Testimony) -> dict[str, Any]:
    incidents = t.incidents.select_related("place").order_by("start_date", "id")
    return {"links": [record_link("incident", i, f"{i.when} · {i.title}") for i in incidents]}


TESTIMONY = Kind(
    name="testimony", model=Testimony, title="Testimony", plural="Testimonies",
    path="testimonies", scope=Scope.CASE, case_path="case", form=forms.TestimonyForm,
    evidence=True, case_ids=lambda t: {t.case_id},
    label=lambda ctx, t: f"Testimony #{t.pk}" + (f" of {ctx.person_label(t.given_by)}"
                                                 if t.given_by else ""),
    intro="Interviews, written statements, documents and open sources, with the reliability "
          "of each source.",
    columns=(
        Column("Given on", lambda ctx, t: f"{t.given_on:%Y-%m-%d}" if t.given_on else "—",
               sort="date", nowrap=True),
        Column("Testimony", lambda ctx, t: record_link("testimony", t, f"#{t.pk}"),
               sort="number", num=True),
        Column("Given by", lambda ctx, t: ctx.person_link(t.given_by)),
        Column("How", lambda ctx, t: t.get_kind_display(), sort="kind"),
        Column("Language", lambda ctx, t: t.language),
        Column("Reliability", lambda ctx, t: t.reliability, sort="reliability"),
        Column("Incidents", lambda ctx, t: str(t.incident_count), num=True),
        Column("Case", common.case),
    ),
    sorts={"date": ("given_on", "id"), "number": ("id",), "kind": ("kind", "id"),
           "reliability": ("reliability", "id")},
    default_sort="-date",
    filters=filters.TestimonyFilter,
    for_list=lambda qs: qs.select_related("case", "given_by").prefetch_related(
        "given_by__names", "given_by__roles").annotate(
        incident_count=common.count_of(Testimony.incidents.through, "testimony")),
    for_detail=lambda qs: qs.select_related("case", "given_by").prefetch_related(
        "given_by__names", "given_by__roles"),
    facts=_testimony_facts,
    sections=(
        Section("Incidents it speaks of", "records/sections/links.html", _incidents,
                "incidents"),
        Section("Transcript", "records/sections/text.html", common.text_section("transcript"),
                "transcript"),
        Section("Translation", "records/sections/text.html", _translation, "translation"),
        Section("Notes", "records/sections/text.html", common.text_section("notes"), "notes"),
    ),
    create_params=("case",),
)
