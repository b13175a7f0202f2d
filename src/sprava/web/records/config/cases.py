"""Cases and incidents."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from sprava.accounts import permissions
from sprava.accounts.members import members_of
from sprava.accounts.permissions import Permission, case_field, in_cases, role_in
from sprava.cases.models import Case, Venue
from sprava.cases.models import Role as MemberRole
from sprava.records import tally
from sprava.records.models import Act, ActType, Incident, Role, Testimony
from sprava.web.law.analysis import case_charges
from sprava.web.records import filters, forms
from sprava.web.records.access import may_edit
from sprava.web.records.config import common
from sprava.web.records.context import Cell, Ctx, Link, case_link, record_link
from sprava.web.records.kinds import Column, Kind, Scope, Section

# --- Case -----------------------------------------------------------------------------------


def _venues(ctx: Ctx, case: Case) -> Cell:
    labels = dict(Venue.choices)
    return ", ".join(str(labels.get(v, v)) for v in case.venues or []) or "—"


def _your_role(ctx: Ctx, case: Case) -> Cell:
    role = str(dict(MemberRole.choices).get(role_in(ctx.user, case) or "", ""))
    access = gettext("identity access")
    identity = f" · {access}" if ctx.can(Permission.REVEAL_IDENTITY, case) else ""
    return f"{role}{identity}"


def _case_facts(ctx: Ctx, case: Case) -> list[tuple[str, Cell]]:
    return [
        (gettext("Reference"), case.reference),
        (gettext("Venues"), _venues(ctx, case)),
        (gettext("Opened"), f"{case.created_at:%Y-%m-%d}"),
        (gettext("Your role"), _your_role(ctx, case)),
    ]


def _case_incidents(ctx: Ctx, case: Case) -> dict[str, Any]:
    incidents = list(case.incidents.select_related("place").order_by("-start_date", "-id")[:10])
    editable = ctx.can(Permission.EDIT, case)
    return {
        "incidents": [(record_link("incident", i), i.display_when, record_link("place", i.place))
                      for i in incidents],
        "count": case.incidents.count(),
        "all_url": common.list_url("incident", case=case.reference),
        "add_url": common.create_url("incident", case=case.reference) if editable else "",
    }


def _case_numbers(ctx: Ctx, case: Case) -> dict[str, Any]:
    roles = dict(Role.choices)
    by_role = [Link(f"{roles.get(role, role)}: {n}",
                    common.list_url("person", case=case.reference, role=role))
               for role, n in tally.by_role([case.pk]).items()]
    acts = (Act.objects.filter(in_cases(Act, case)).values("act_type_id")
            .annotate(n=Count("pk")).order_by("-n"))
    counts = {row["act_type_id"]: row["n"] for row in acts}
    types = ActType.objects.in_bulk(list(counts))
    by_type = [Link(f"{types[pk].label}: {n}",
                    common.list_url("act", case=case.reference, act_type=types[pk].code))
               for pk, n in counts.items() if pk in types]
    testimonies = Testimony.objects.filter(case=case).count()
    return {
        "victims": tally.victims([case.pk]).count(),
        "perpetrators": tally.perpetrators([case.pk]).count(),
        "victims_url": common.list_url("person", case=case.reference, party="victim"),
        "perpetrators_url": common.list_url("person", case=case.reference, party="perpetrator"),
        "people": by_role, "acts": by_type, "act_count": sum(counts.values()),
        "people_url": common.list_url("person", case=case.reference),
        "acts_url": common.list_url("act", case=case.reference),
        "testimonies": Link(ngettext("%(count)d testimony", "%(count)d testimonies",
                                     testimonies) % {"count": testimonies},
                            common.list_url("testimony", case=case.reference)),
        "dashboard_url": reverse("insight:case-dashboard", args=[case.reference]),
        "jurisdiction_url": reverse("law:case-jurisdiction", args=[case.reference]),
        "superiors_url": reverse("command:case-superiors", args=[case.reference]),
        "context_url": reverse("analysis:case-context", args=[case.reference]),
    }


def _case_members(ctx: Ctx, case: Case) -> dict[str, Any]:
    return {"members": list(members_of(case).order_by("role", "user__username"))}


def _case_label(ctx: Ctx, case: Case) -> str:
    return case.title


CASE = Kind(
    name="case", model=Case, title=gettext_lazy("Case"), plural=gettext_lazy("Cases"),
    path="cases", scope=Scope.CASES,
    form=forms.CaseForm, lookup="reference", label=_case_label,
    intro=gettext_lazy("The cases you are a member of. A case is a body of work prepared for "
                       "one or more venues; everything recorded belongs to one."),
    columns=(
        Column(gettext_lazy("Reference"), lambda ctx, c: case_link(c),
               sort="reference"),
        Column(gettext_lazy("Title"), lambda ctx, c: c.title, sort="title"),
        Column(gettext_lazy("Venues"), _venues),
        Column(gettext_lazy("Your role"), _your_role),
        Column(gettext_lazy("Incidents"), lambda ctx, c: str(c.incident_count), sort="incidents",
               num=True),
        Column(gettext_lazy("Opened"), lambda ctx, c: f"{c.created_at:%Y-%m-%d}", sort="opened",
               nowrap=True),
    ),
    sorts={"reference": ("reference",), "title": ("title", "reference"),
           "opened": ("created_at", "reference"), "incidents": ("incident_count", "reference")},
    default_sort="reference",
    filters=filters.CaseFilter,
    annotate=lambda qs: qs.annotate(incident_count=common.count_of(Incident, "case")),
    facts=_case_facts,
    sections=(
        Section(gettext_lazy("Summary"), "records/sections/text.html",
                common.text_section("summary"), "summary"),
        Section(gettext_lazy("Incidents"), "records/sections/case_incidents.html",
                _case_incidents, "incidents"),
        Section(gettext_lazy("In numbers"), "records/sections/case_numbers.html", _case_numbers,
                "numbers"),
        Section(gettext_lazy("Charges"), "law/charges.html", case_charges, "charges"),
        Section(gettext_lazy("Members"), "records/sections/case_members.html", _case_members,
                "members"),
    ),
    create_params=(),
)

# --- Incident -------------------------------------------------------------------------------


def _incident_facts(ctx: Ctx, incident: Incident) -> list[tuple[str, Cell]]:
    return [
        (gettext("Case"), common.case(ctx, incident)),
        (gettext("When"), incident.display_when),
        (gettext("Place"), common.place_chain(ctx, incident.place_id) or "—"),
        (gettext("Place detail"), incident.place_detail or "—"),
    ]


def acts_with_people(acts: QuerySet[Act]) -> QuerySet[Act]:
    return acts.select_related("act_type", "place", "victim", case_field(Act)).prefetch_related(
        "victim__names", "victim__roles", "involvements__perpetrator__names",
        "involvements__perpetrator__roles")


def act_rows(ctx: Ctx, acts: Any) -> list[dict[str, Any]]:
    return [{
        "link": record_link("act", act, f"#{act.pk}"),
        "type": act.act_type.label,
        "when": act.display_when,
        "victim": ctx.victim_link(act.victim),
        "perpetrators": common.person_links(ctx, [i.perpetrator for i in act.involvements.all()]),
        "place": record_link("place", act.place),
        "incident": record_link("incident", act.incident),
        "case": act.incident.case.reference,
    } for act in acts]


def _incident_acts(ctx: Ctx, incident: Incident) -> dict[str, Any]:
    acts = acts_with_people(incident.acts.order_by("start_date", "id"))
    shown, pager = common.paged(ctx, acts, "acts", "act", incident=incident.pk)
    editable = may_edit(ctx, INCIDENT, incident)
    return {
        "rows": act_rows(ctx, shown), **pager,
        "add_url": common.create_url("act", incident=incident.pk) if editable else "",
        "show_incident": False,
    }


def testimony_rows(ctx: Ctx, testimonies: Any) -> list[dict[str, Any]]:
    return [{"link": record_link("testimony", t, f"#{t.pk}"), "given_on": t.given_on,
             "given_by": ctx.person_link(t.given_by), "kind": t.get_kind_display(),
             "reliability": t.reliability} for t in testimonies]


def _incident_testimonies(ctx: Ctx, incident: Incident) -> dict[str, Any]:
    # Through the visibility rule, not the link alone: a link must never show another team's
    # testimony (the forms and the API link only a testimony's own case, and this keeps it so).
    testimonies = permissions.filter_visible(ctx.user, incident.testimonies.select_related(
        "given_by").prefetch_related("given_by__names", "given_by__roles")
        .order_by("-given_on", "-id"))
    editable = may_edit(ctx, INCIDENT, incident)
    return {"rows": testimony_rows(ctx, testimonies),
            "add_url": common.create_url("testimony", case=incident.case.reference)
            if editable else ""}


INCIDENT = Kind(
    name="incident", model=Incident, title=gettext_lazy("Incident"),
    plural=gettext_lazy("Incidents"), path="incidents",
    scope=Scope.CASE, form=forms.IncidentForm, evidence=True,
    label=lambda ctx, incident: incident.title,
    columns=(
        Column(gettext_lazy("When"), common.when, sort="date", nowrap=True),
        Column(gettext_lazy("Title"), lambda ctx, i: record_link("incident", i), sort="title"),
        Column(gettext_lazy("Place"), common.place, sort="place"),
        Column(gettext_lazy("Case"), common.case, sort="case"),
        Column(gettext_lazy("Acts"), lambda ctx, i: str(i.act_count), sort="acts", num=True),
    ),
    sorts={"date": ("start_date", "id"), "title": ("title", "id"),
           "place": ("place__label_en", "id"), "case": ("case__reference", "start_date", "id"),
           "acts": ("act_count", "id")},
    default_sort="-date",
    filters=filters.IncidentFilter,
    annotate=lambda qs: qs.annotate(act_count=common.count_of(Act, "incident")),
    for_list=lambda qs: qs.select_related("case", "place"),
    for_detail=lambda qs: qs.select_related("case", "place"),
    facts=_incident_facts,
    sections=(
        Section(gettext_lazy("Narrative"), "records/sections/text.html",
                common.text_section("narrative"), "narrative"),
        Section(gettext_lazy("Acts"), "records/sections/acts.html", _incident_acts, "acts"),
        Section(gettext_lazy("Testimonies"), "records/sections/testimonies.html",
                _incident_testimonies, "testimonies"),
    ),
    create_params=("case",),
)
