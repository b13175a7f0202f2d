"""Cases and their incidents.

Cases: members read them, the case's lead changes and deletes them, organisation
administrators create them (an administrator who is not a member sees the new case only after
adding themselves, which is a custody event of its own).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, PatchDict, Query, Router, Schema, Status

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.api import common
from sprava.api.common import (
    ChangeReason,
    Code,
    DatedFilters,
    DeleteReason,
    IdPath,
    Line,
    PageParams,
    Text,
    page_schema,
    reader,
    responses,
)
from sprava.api.spans import SPAN_FIELDS, SpanIn, SpanOut
from sprava.records.models import Case, Incident, Venue

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


CasePage = page_schema(CaseOut, "CasePage")


def venues(chosen: list[Venue] | None) -> list[str]:
    return list(dict.fromkeys(str(venue) for venue in chosen or []))


def case_out(r: common.Reader, case: Case) -> dict[str, Any]:
    return {"id": case.pk, "reference": case.reference, "title": case.title,
            "summary": case.summary, "venues": list(case.venues or []),
            "created_at": case.created_at, "role": permissions.role_in(r.user, case),
            "identity_access": permissions.has_identity_access(r.user, case)}


def case_rows(r: common.Reader) -> Any:
    return permissions.visible_cases(r.user)


@router.get("", response=responses(200, CasePage), summary="List the cases you are a member of")
def list_cases(request: HttpRequest, params: Query[PageParams]) -> Any:
    r = reader(request)
    return common.page(case_rows(r), params, lambda case: case_out(r, case))


@router.post("", response=responses(201, CaseOut), summary="Create a case (administrators)")
def create_case(request: HttpRequest, payload: CaseIn,
                reason: ChangeReason = "") -> Any:
    r = reader(request)
    permissions.require(r.user, Permission.ADMINISTER)
    data = payload.dict()
    case = Case(reference=data["reference"])
    common.assign(case, data, ("title", "summary"))
    case.venues = venues(data["venues"])
    return Status(201, case_out(r, common.save(r, case, reason)))


@router.get("/{id}", response=responses(200, CaseOut), summary="One case")
def get_case(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return case_out(r, common.one(case_rows(r), id))


@router.patch("/{id}", response=responses(200, CaseOut), summary="Change a case (its lead)")
def change_case(request: HttpRequest, id: IdPath, payload: PatchDict[CaseChange],
                reason: ChangeReason = "") -> Any:
    r = reader(request)
    case = common.one(case_rows(r), id)
    permissions.require(r.user, Permission.MANAGE_MEMBERS, case)
    common.assign(case, payload, ("title", "summary"))
    if "venues" in payload:
        case.venues = venues(payload["venues"])
    return case_out(r, common.save(r, case, reason))


@router.delete("/{id}", response=responses(204, None), summary="Delete an empty case (its lead)")
def delete_case(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    case = common.one(case_rows(r), id)
    permissions.require(r.user, Permission.MANAGE_MEMBERS, case)
    common.remove(r, case, reason)
    return Status(204, None)


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


IncidentPage = page_schema(IncidentOut, "IncidentPage")


def incident_out(incident: Incident) -> dict[str, Any]:
    return {"id": incident.pk, "case": incident.case.reference, "title": incident.title,
            "narrative": incident.narrative,
            "place": incident.place.code if incident.place else None,
            "place_detail": incident.place_detail, **common.span(incident)}


def incident_rows(r: common.Reader) -> Any:
    return permissions.filter_visible(
        r.user, Incident.objects.select_related("case", "place"), "case"
    )


def _apply_incident(r: common.Reader, incident: Incident, data: dict[str, Any]) -> None:
    if "case" in data:
        incident.case = common.case_to_write(r, data["case"])
    if "place" in data:
        incident.place = common.place_by_code(data["place"])
    common.assign(incident, data, ("title", "narrative", "place_detail", *SPAN_FIELDS))


@incidents.get("", response=responses(200, IncidentPage), summary="List incidents")
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> Any:
    r = reader(request)
    rows = common.dated(incident_rows(r), filters, "case")
    if filters.place:
        rows = rows.filter(place__code=filters.place)
    if filters.q:
        rows = rows.filter(title__icontains=filters.q)
    return common.page(rows, filters, incident_out)


@incidents.post("", response=responses(201, IncidentOut), summary="Record an incident")
def create_incident(request: HttpRequest, payload: IncidentChange,
                    reason: ChangeReason = "") -> Any:
    r = reader(request)
    incident = Incident()
    _apply_incident(r, incident, payload.dict())
    return Status(201, incident_out(common.save(r, incident, reason)))


@incidents.get("/{id}", response=responses(200, IncidentOut), summary="One incident")
def get_incident(request: HttpRequest, id: IdPath) -> Any:
    return incident_out(common.one(incident_rows(reader(request)), id))


@incidents.patch("/{id}", response=responses(200, IncidentOut), summary="Change an incident")
def change_incident(request: HttpRequest, id: IdPath, payload: PatchDict[IncidentChange],
                    reason: ChangeReason = "") -> Any:
    r = reader(request)
    incident = common.one(incident_rows(r), id)
    common.require_edit(r, {incident.case_id})
    _apply_incident(r, incident, payload)
    return incident_out(common.save(r, incident, reason))


@incidents.delete("/{id}", response=responses(204, None), summary="Delete an incident")
def delete_incident(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    incident = common.one(incident_rows(r), id)
    common.require_edit(r, {incident.case_id})
    common.remove(r, incident, reason)
    return Status(204, None)

