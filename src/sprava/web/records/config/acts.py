"""Acts, the perpetrators involved in them, and the vocabulary of act types."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext, pgettext_lazy

from sprava.accounts import permissions
from sprava.accounts.permissions import case_field
from sprava.law.jurisdiction import act_jurisdiction
from sprava.records.identity import Fact
from sprava.records.models import Act, ActType, Involvement
from sprava.rows.history import subject
from sprava.web.law import derived as law_derived
from sprava.web.law.analysis import act_analysis
from sprava.web.records import filters, forms
from sprava.web.records.access import may_edit
from sprava.web.records.config import common
from sprava.web.records.context import Cell, Ctx, Link, case_link, record_link
from sprava.web.records.kinds import Column, Kind, Parent, Scope, Section

# --- Act ------------------------------------------------------------------------------------


def _type_link(act_type: ActType) -> Link | None:
    return record_link("acttype", act_type, act_type.label)


def _act_facts(ctx: Ctx, act: Act) -> list[tuple[str, Cell]]:
    refs = ", ".join(gettext("art. %(ref)s") % {"ref": ref}
                     for ref in act.act_type.legal_refs or [])
    return [
        (gettext("Type"), _type_link(act.act_type)),
        (gettext("Rome Statute"), refs or "—"),
        (gettext("Victim"), ctx.victim_link(act.victim) or gettext("not recorded")),
        (gettext("When"), act.display_when),
        (gettext("Place"), common.place_chain(ctx, act.place_id) or "—"),
        (gettext("Incident"), record_link("incident", act.incident)),
        (gettext("Case"), case_link(act.incident.case)),
    ]


def _act_perpetrators(ctx: Ctx, act: Act) -> dict[str, Any]:
    editable = may_edit(ctx, ACT, act)
    involvements = act.involvements.select_related("organisation", "perpetrator").prefetch_related(
        "perpetrator__names", "perpetrator__roles").order_by("id")
    rows = [{
        "perpetrator": ctx.person_link(i.perpetrator),
        "organisation": record_link("organisation", i.organisation),
        "mode": i.get_mode_display(),
        "basis": i.basis,
        "edit_url": common.edit_url("involvement", i) if editable else "",
        "delete_url": common.delete_url("involvement", i) if editable else "",
    } for i in involvements]
    return {"rows": rows,
            "add_url": common.create_url("involvement", act=act.pk) if editable else ""}


def _act_jurisdiction(ctx: Ctx, act: Act) -> dict[str, Any]:
    """Each venue's finding on the act, linked to the case's jurisdiction page."""
    return {"rows": [{"venue": venue, "finding": finding}
                     for venue, finding in act_jurisdiction(ctx.user, act)],
            "case_url": reverse("law:case-jurisdiction", args=[act.incident.case.reference])}


def _act_history(ctx: Ctx, act: Act) -> list[str]:
    return common.subjects(act, act.involvements.all())


def _act_masked(ctx: Ctx, act: Act) -> set[str]:
    """An act's entries name its victim by id: not when what they suffered is hidden."""
    return set() if ctx.shows(act.victim, Fact.ACTS_SUFFERED) else {subject(act)}


ACT = Kind(
    name="act", model=Act, title=gettext_lazy("Act"), plural=gettext_lazy("Acts"), path="acts",
    scope=Scope.CASE,
    form=forms.ActForm, evidence=True,
    # The form names the victim by reference: changing an act whose victim the identity rule
    # hides (what they suffered) needs identity access to them.
    identity_of=lambda act: act.victim,
    label=lambda ctx, act: gettext("%(type)s — act #%(number)s") % {
        "type": act.act_type.label, "number": act.pk},
    intro=gettext_lazy("Each act is one violation against one victim in an incident."),
    columns=(
        Column(gettext_lazy("When"), common.when, sort="date", nowrap=True),
        Column(gettext_lazy("Act"), lambda ctx, a: record_link("act", a, f"#{a.pk}"),
               sort="number", num=True),
        Column(gettext_lazy("Type"), lambda ctx, a: a.act_type.label, sort="type"),
        Column(gettext_lazy("Victim"), lambda ctx, a: ctx.victim_link(a.victim)),
        Column(gettext_lazy("Incident"), lambda ctx, a: record_link("incident", a.incident),
               sort="incident"),
        Column(gettext_lazy("Place"), common.place, sort="place"),
        Column(gettext_lazy("Case"), lambda ctx, a: case_link(a.incident.case)),
    ),
    sorts={"date": ("start_date", "id"), "number": ("id",), "type": ("act_type__order", "id"),
           "incident": ("incident__title", "id"), "place": ("place__label_en", "id")},
    default_sort="-date",
    filters=filters.ActFilter,
    for_list=lambda qs: qs.select_related("act_type", case_field(Act), "place", "victim")
    .prefetch_related("victim__names", "victim__roles"),
    for_detail=lambda qs: qs.select_related("act_type", case_field(Act), "victim", "place",
                                            "incident__place")
    .prefetch_related("victim__names", "victim__roles"),
    facts=_act_facts,
    sections=(
        Section(gettext_lazy("Description"), "records/sections/text.html",
                common.text_section("description"), "description"),
        Section(gettext_lazy("Perpetrators"), "records/sections/involvements.html",
                _act_perpetrators, "perpetrators"),
        Section(gettext_lazy("Jurisdiction"), "law/act_jurisdiction.html", _act_jurisdiction,
                "jurisdiction"),
        Section(gettext_lazy("Legal analysis"), "law/analysis.html", act_analysis,
                "legal-analysis"),
        # Apart from anything a person assessed: what the rules read in the records.
        Section(gettext_lazy("Proposed by rules"), law_derived.TEMPLATE, law_derived.act_block,
                law_derived.ANCHOR),
    ),
    history_of=_act_history, masked_history=_act_masked,
    create_params=("incident",),
)

# --- Involvement (lives on the act's page) ----------------------------------------------------

INVOLVEMENT = Kind(
    name="involvement", model=Involvement, title=gettext_lazy("Perpetrator"),
    plural=gettext_lazy("Perpetrators"),
    path="involvements", scope=Scope.CASE,
    form=forms.InvolvementForm,
    label=lambda ctx, i: gettext("%(person)s in act #%(number)s") % {
        "person": ctx.person_label(i.perpetrator), "number": i.act_id}
    if i.pk else gettext("A perpetrator in act #%(number)s") % {"number": i.act_id},
    parent=Parent(kind="act", field="act", anchor="perpetrators"),
    for_detail=lambda qs: qs.select_related(case_field(Involvement), "perpetrator")
    .prefetch_related("perpetrator__names", "perpetrator__roles"),
)

# --- Act types (reference data) ---------------------------------------------------------------


def _type_acts(ctx: Ctx, act_type: ActType) -> dict[str, Any]:
    acts = permissions.filter_visible(ctx.user, Act.objects.filter(act_type=act_type))
    count = acts.count()
    return {"text": ngettext("%(count)d act of this type in your cases.",
                             "%(count)d acts of this type in your cases.", count)
            % {"count": count},
            "link": Link(gettext("Show them"), common.list_url("act", act_type=act_type.code))}


ACT_TYPE = Kind(
    name="acttype", model=ActType, title=gettext_lazy("Act type"),
    plural=gettext_lazy("Act types"), path="act-types",
    scope=Scope.REFERENCE, form=forms.ActTypeForm,
    intro=gettext_lazy("The controlled vocabulary of violations, with the Rome Statute "
                       "provisions each can fall under. Administrators maintain it."),
    columns=(
        Column(pgettext_lazy("thing", "Name"), lambda ctx, t: record_link("acttype", t, t.label),
               sort="name"),
        Column(gettext_lazy("Code"), lambda ctx, t: t.code, sort="code"),
        Column(gettext_lazy("Rome Statute"), lambda ctx, t: ", ".join(t.legal_refs or [])),
        Column(gettext_lazy("In use"),
               lambda ctx, t: gettext("yes") if t.active else gettext("retired")),
        Column(gettext_lazy("Order"), lambda ctx, t: str(t.order), sort="order", num=True),
    ),
    sorts={"order": ("order", "code"), "name": ("label_en",), "code": ("code",)},
    default_sort="order",
    filters=filters.ActTypeFilter,
    facts=lambda ctx, t: [(gettext("Code"), t.code), (pgettext("language", "English"), t.label_en),
                          (pgettext("language", "Belarusian"), t.label_be),
                          (pgettext("language", "Russian"), t.label_ru),
                          (gettext("Rome Statute"), ", ".join(t.legal_refs or []) or "—"),
                          (gettext("In use"), gettext("yes") if t.active else gettext("retired"))],
    sections=(
        Section(gettext_lazy("Description"), "records/sections/text.html",
                common.text_section("description"), "description"),
        Section(gettext_lazy("Acts"), "records/sections/text_link.html", _type_acts, "acts"),
    ),
)
