"""Cases and their incidents.

Cases: members read them, the case's lead changes and deletes them, organisation
administrators create them (an administrator who is not a member sees the new case only after
adding themselves, which is a custody event of its own).
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.api import common, crud, evidence
from sprava.api.common import Code, DatedFilters, Line, PageParams, Text
from sprava.api.crud import Names, RecordType, in_its_cases
from sprava.api.spans import SPAN_FIELDS, SpanIn, SpanOut
from sprava.cases.models import Case, Venue
from sprava.records.incidents import save_incident
from sprava.records.models import Incident

router = Router(tags=["cases"])
incidents = Router(tags=["incidents"])


# --- cases ---------------------------------------------------------------------------------


class CaseChange(Schema):
    title: Line
    summary: Text = ""
    venues: list[Venue] = Field(default_factory=list, max_length=len(Venue.values))


class CaseIn(CaseChange):
    reference: Code = Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)


class CaseOut(Schema):
    id: int
    reference: str
    title: str
    summary: str
    venues: list[str]
    created_at: Any
    role: str | None = Field(description="The reader's role in the case.")
    identity_access: bool = Field(description="Whether the reader sees protected identities.")


def venues(chosen: list[Venue] | None) -> list[str]:
    return list(dict.fromkeys(str(venue) for venue in chosen or []))


def case_out(r: common.Reader, case: Case) -> dict[str, Any]:
    return {"id": case.pk, "reference": case.reference, "title": case.title,
            "summary": case.summary, "venues": list(case.venues or []),
            "created_at": case.created_at, "role": permissions.role_in(r.user, case),
            "identity_access": permissions.has_identity_access(r.user, case)}


def case_rows(r: common.Reader) -> Any:
    return permissions.visible_cases(r.user)


class CaseFilters(PageParams):
    pass


def _apply_case(r: common.Reader, case: Case, data: dict[str, Any]) -> None:
    common.assign(case, data, ("title", "summary"))
    if "venues" in data:
        case.venues = venues(data["venues"])


def _create_case(r: common.Reader, data: dict[str, Any], reason: str) -> Case:
    permissions.require(r.user, Permission.ADMINISTER)
    case = Case(reference=data["reference"])
    _apply_case(r, case, data)
    return common.save(r, case, reason)


def _lead(r: common.Reader, case: Case) -> None:
    permissions.require(r.user, Permission.MANAGE_MEMBERS, case)


CASES = RecordType[Case](
    names=Names("case", "cases", "a case", __name__, summaries={
        "list": "List the cases you are a member of", "create": "Create a case (administrators)",
        "change": "Change a case (its lead)", "delete": "Delete an empty case (its lead)"}),
    rows=case_rows, present=case_out, out=CaseOut, filters=CaseFilters,
    order={"reference": "reference", "title": "title", "created_at": "created_at"},
    model=Case, body=CaseChange, create_body=CaseIn, create=_create_case, apply=_apply_case,
    writable=_lead,
    # An administrator who creates a case is not its member: show it as saved.
    reread=False,
)
crud.register(router, CASES)


# --- incidents -----------------------------------------------------------------------------


class IncidentChange(SpanIn):
    case: Code = Field(description="The case's reference.")
    title: Line
    narrative: Text = ""
    place: Code | None = Field(None, description="A place's code.")
    place_detail: Line = ""


class IncidentOut(SpanOut):
    id: int
    case: str
    title: str
    narrative: str
    place: str | None
    place_detail: str


class IncidentFilters(DatedFilters):
    place: Code | None = Field(None, description="Only incidents at this place (its code).")
    q: Line | None = Field(None, description="Words in the title.")


def incident_out(incident: Incident) -> dict[str, Any]:
    return {"id": incident.pk, "case": incident.case.reference, "title": incident.title,
            "narrative": incident.narrative,
            "place": incident.place.code if incident.place else None,
            "place_detail": incident.place_detail, **common.span(incident)}


def incident_rows(r: common.Reader) -> Any:
    return permissions.filter_visible(
        r.user, Incident.objects.select_related("case", "place"))


def _apply_incident(r: common.Reader, incident: Incident, data: dict[str, Any]) -> None:
    if "case" in data:
        incident.case = common.case_to_write(r, data["case"])
    if "place" in data:
        incident.place = common.place_by_code(data["place"])
    common.assign(incident, data, ("title", "narrative", "place_detail", *SPAN_FIELDS))


def _write_incident(r: common.Reader, incident: Incident, data: dict[str, Any],
                    reason: str) -> Incident:
    _apply_incident(r, incident, data)
    permissions.require_links(r.user, incident)
    return save_incident(incident, actor=r.actor, reason=reason)


def _incidents(r: common.Reader, rows: QuerySet[Incident],
               filters: IncidentFilters) -> QuerySet[Incident]:
    rows = common.dated(rows, filters)
    if filters.place:
        rows = rows.filter(place__code=filters.place)
    if filters.q:
        rows = rows.filter(title__icontains=filters.q)
    return rows


INCIDENTS = RecordType[Incident](
    names=Names("incident", "incidents", "an incident", __name__),
    rows=incident_rows, present=lambda r, incident: incident_out(incident), out=IncidentOut,
    filters=IncidentFilters, narrow=_incidents,
    order={"start_date": "start_date", "end_date": "end_date", "title": "title",
           "case": permissions.case_field(Incident, "reference"), "place": "place__code"},
    model=Incident, body=IncidentChange, apply=_apply_incident, write=_write_incident,
    writable=in_its_cases,
)
crud.register(incidents, INCIDENTS)
evidence.register(incidents, INCIDENTS)
