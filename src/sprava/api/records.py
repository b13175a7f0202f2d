"""Acts (one violation against one victim in an incident) and involvements of perpetrators."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, PatchDict, Query, Router, Schema, Status

from sprava.accounts import permissions
from sprava.api import common
from sprava.api.common import (
    ChangeReason,
    Code,
    DatedFilters,
    DeleteReason,
    IdPath,
    PageParams,
    PersonRef,
    RecordId,
    Ref,
    Text,
    page_schema,
    reader,
    responses,
)
from sprava.api.spans import SPAN_FIELDS, SpanIn, SpanOut
from sprava.records.models import Act, Involvement, LiabilityMode

acts = Router(tags=["acts"])
involvements = Router(tags=["involvements"])


# --- acts ----------------------------------------------------------------------------------


class ActChange(SpanIn):
    incident: RecordId
    act_type: Code = Field(description="The code of an act type (GET /act-types).")
    victim: RecordId | None = Field(None, description="The victim's person id.")
    description: Text = ""
    place: Code | None = Field(None, description="A place's code.")


class ActOut(SpanOut):
    id: int
    case: str
    incident: int
    act_type: str
    act_type_label: str
    victim: PersonRef | None
    description: str
    place: str | None


class ActFilters(DatedFilters):
    incident: RecordId | None = None
    act_type: Code | None = None
    victim: RecordId | None = None


ActPage = page_schema(ActOut, "ActPage")


def act_rows(r: common.Reader) -> QuerySet[Act]:
    rows = Act.objects.select_related("incident__case", "act_type", "place", "victim")
    rows = rows.prefetch_related("victim__names", "victim__roles")
    return permissions.filter_visible(r.user, rows, "incident__case")


def act_out(r: common.Reader, act: Act) -> dict[str, Any]:
    return {"id": act.pk, "case": act.incident.case.reference, "incident": act.incident_id,
            "act_type": act.act_type.code, "act_type_label": act.act_type.label,
            "victim": r.maybe_person(act.victim), "description": act.description,
            "place": act.place.code if act.place else None, **common.span(act)}


def _apply_act(r: common.Reader, act: Act, data: dict[str, Any]) -> None:
    if "incident" in data:
        act.incident = common.incident_to_write(r, data["incident"])
    if "act_type" in data:
        act.act_type = common.act_type_by_code(data["act_type"])
    if "victim" in data:
        act.victim = common.person_by_id(r, data["victim"])
    if "place" in data:
        act.place = common.place_by_code(data["place"])
    common.assign(act, data, ("description", *SPAN_FIELDS))


@acts.get("", response=responses(200, ActPage), summary="List acts")
def list_acts(request: HttpRequest, filters: Query[ActFilters]) -> Any:
    r = reader(request)
    rows = common.dated(act_rows(r), filters, "incident__case")
    if filters.incident:
        rows = rows.filter(incident_id=filters.incident)
    if filters.act_type:
        rows = rows.filter(act_type__code=filters.act_type)
    if filters.victim:
        rows = rows.filter(victim_id=filters.victim)
    return common.page(rows, filters, lambda act: act_out(r, act))


@acts.post("", response=responses(201, ActOut), summary="Record an act")
def create_act(request: HttpRequest, payload: ActChange, reason: ChangeReason = "") -> Any:
    r = reader(request)
    act = Act()
    _apply_act(r, act, payload.dict())
    common.save(r, act, reason)
    return Status(201, act_out(r, common.one(act_rows(r), act.pk)))


@acts.get("/{id}", response=responses(200, ActOut), summary="One act")
def get_act(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return act_out(r, common.one(act_rows(r), id))


@acts.patch("/{id}", response=responses(200, ActOut), summary="Change an act")
def change_act(request: HttpRequest, id: IdPath, payload: PatchDict[ActChange],
               reason: ChangeReason = "") -> Any:
    r = reader(request)
    act = common.one(act_rows(r), id)
    common.require_edit(r, {act.incident.case_id})
    _apply_act(r, act, payload)
    common.save(r, act, reason)
    return act_out(r, common.one(act_rows(r), act.pk))


@acts.delete("/{id}", response=responses(204, None), summary="Delete an act")
def delete_act(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    act = common.one(act_rows(r), id)
    common.require_edit(r, {act.incident.case_id})
    common.remove(r, act, reason)
    return Status(204, None)


# --- involvements --------------------------------------------------------------------------


class InvolvementChange(Schema):
    act: RecordId
    perpetrator: RecordId = Field(description="The perpetrator's person id.")
    organisation: RecordId | None = Field(None, description="The unit they acted for.")
    mode: LiabilityMode = Field(description="The mode of liability claimed.")
    basis: Text = ""


class InvolvementOut(Schema):
    id: int
    case: str
    act: int
    perpetrator: PersonRef
    organisation: Ref | None
    mode: str
    basis: str


class InvolvementFilters(PageParams):
    case: Code | None = None
    act: RecordId | None = None
    perpetrator: RecordId | None = None
    mode: LiabilityMode | None = None


InvolvementPage = page_schema(InvolvementOut, "InvolvementPage")


def involvement_rows(r: common.Reader) -> QuerySet[Involvement]:
    rows = Involvement.objects.select_related("act__incident__case", "perpetrator",
                                              "organisation")
    rows = rows.prefetch_related("perpetrator__names", "perpetrator__roles").order_by("id")
    return permissions.filter_visible(r.user, rows, "act__incident__case")


def involvement_out(r: common.Reader, row: Involvement) -> dict[str, Any]:
    organisation = row.organisation
    return {"id": row.pk, "case": row.act.incident.case.reference, "act": row.act_id,
            "perpetrator": r.person(row.perpetrator),
            "organisation": None if organisation is None else
            {"id": organisation.pk, "label": organisation.label},
            "mode": row.mode, "basis": row.basis}


def _act_to_write(r: common.Reader, pk: int) -> Act:
    act = act_rows(r).filter(pk=pk).first()
    if act is None:
        raise common.ApiError(f"unknown act {pk}")
    common.require_edit(r, {act.incident.case_id})
    return act


def _apply_involvement(r: common.Reader, row: Involvement, data: dict[str, Any]) -> None:
    if "act" in data:
        row.act = _act_to_write(r, data["act"])
    if "perpetrator" in data:
        row.perpetrator = common.required_person(r, data["perpetrator"])
    if "organisation" in data:
        row.organisation = common.organisation_by_id(data["organisation"])
    common.assign(row, data, ("mode", "basis"))


@involvements.get("", response=responses(200, InvolvementPage), summary="List involvements")
def list_involvements(request: HttpRequest, filters: Query[InvolvementFilters]) -> Any:
    r = reader(request)
    rows = involvement_rows(r)
    if filters.case:
        rows = rows.filter(act__incident__case__reference=filters.case)
    if filters.act:
        rows = rows.filter(act_id=filters.act)
    if filters.perpetrator:
        rows = rows.filter(perpetrator_id=filters.perpetrator)
    if filters.mode:
        rows = rows.filter(mode=filters.mode)
    return common.page(rows, filters, lambda row: involvement_out(r, row))


@involvements.post("", response=responses(201, InvolvementOut),
                   summary="Record a perpetrator's involvement in an act")
def create_involvement(request: HttpRequest, payload: InvolvementChange,
                       reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = Involvement()
    _apply_involvement(r, row, payload.dict())
    common.save(r, row, reason)
    return Status(201, involvement_out(r, common.one(involvement_rows(r), row.pk)))


@involvements.get("/{id}", response=responses(200, InvolvementOut), summary="One involvement")
def get_involvement(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return involvement_out(r, common.one(involvement_rows(r), id))


@involvements.patch("/{id}", response=responses(200, InvolvementOut),
                    summary="Change an involvement")
def change_involvement(request: HttpRequest, id: IdPath, payload: PatchDict[InvolvementChange],
                       reason: ChangeReason = "") -> Any:
    r = reader(request)
    row = common.one(involvement_rows(r), id)
    common.require_edit(r, {row.act.incident.case_id})
    _apply_involvement(r, row, payload)
    common.save(r, row, reason)
    return involvement_out(r, common.one(involvement_rows(r), row.pk))


@involvements.delete("/{id}", response=responses(204, None), summary="Delete an involvement")
def delete_involvement(request: HttpRequest, id: IdPath, reason: DeleteReason) -> Any:
    r = reader(request)
    row = common.one(involvement_rows(r), id)
    common.require_edit(r, {row.act.incident.case_id})
    common.remove(r, row, reason)
    return Status(204, None)
