"""Acts (one violation against one victim in an incident) and involvements of perpetrators."""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema

from sprava.accounts import permissions
from sprava.analysis.command import acts_under
from sprava.api import common, crud, evidence
from sprava.api.common import (
    Code,
    DatedFilters,
    PageParams,
    PersonRef,
    RecordId,
    Ref,
    Text,
)
from sprava.api.crud import Names, RecordType, in_its_cases
from sprava.api.spans import SPAN_FIELDS, SpanIn, SpanOut
from sprava.records import acts as act_records
from sprava.records.identity import Fact
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


class PerpetratorIn(Schema):
    perpetrator: RecordId = Field(description="The perpetrator's person id.")
    mode: LiabilityMode = Field(description="The mode of liability claimed.")
    organisation: RecordId | None = Field(None, description="The unit they acted for.")
    basis: Text = ""


class ActCreate(ActChange):
    victims: list[RecordId] = Field(
        default_factory=list, max_length=500,
        description="Several victims: the same act (type, dates, place) is recorded once for "
                    "each, in one transaction (with `victim`, that one comes first).")
    perpetrators: list[PerpetratorIn] = Field(
        default_factory=list, max_length=100,
        description="Perpetrators of the act (of each act, with several victims), each with a "
                    "mode of liability; the same perpetrator twice with the same mode is "
                    "refused.")


class ActOut(SpanOut):
    id: int
    case: str
    incident: int
    act_type: str
    act_type_label: str
    victim: PersonRef | None
    description: str
    place: str | None


class ActCreated(ActOut):
    created: list[ActOut] = Field(description="Every act the request recorded, one per victim "
                                              "in the order given; the first is the one above.")


class ActFilters(DatedFilters):
    incident: RecordId | None = None
    act_type: Code | None = None
    victim: RecordId | None = None
    unit: RecordId | None = Field(None, description="Only acts in which this unit, or a unit "
                                  "under it, is named as involved (an organisation's id).")


def act_rows(r: common.Reader) -> QuerySet[Act]:
    rows = Act.objects.select_related(permissions.case_field(Act), "act_type", "place", "victim")
    rows = rows.prefetch_related("victim__names", "victim__roles")
    return permissions.filter_visible(r.user, rows)


def act_out(r: common.Reader, act: Act) -> dict[str, Any]:
    return {"id": act.pk, "case": act.incident.case.reference, "incident": act.incident_id,
            "act_type": act.act_type.code, "act_type_label": act.act_type.label,
            "victim": r.victim(act.victim), "description": act.description,
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


def _create_acts(r: common.Reader, data: dict[str, Any], reason: str) -> list[Act]:
    """POST /acts: the references as this reader sees them, then the one domain function (the
    victim's role, the incident's dates and place, the perpetrators) that the act form calls."""
    incident = common.incident_to_write(r, data["incident"])  # EDIT there, else 403
    ids = ([data["victim"]] if data.get("victim") is not None else []) + list(data["victims"])
    victims = [common.required_person(r, pk) for pk in ids]
    perpetrators = [act_records.Perpetrator(
        person=common.required_person(r, p["perpetrator"]), mode=p["mode"],
        organisation=common.organisation_by_id(p.get("organisation")), basis=p.get("basis", ""))
        for p in data["perpetrators"]]
    new = act_records.NewActs(
        incident=incident, act_type=common.act_type_by_code(data["act_type"]), victims=victims,
        start_date=data.get("start_date"), end_date=data.get("end_date"),
        date_precision=data.get("date_precision"), place=common.place_by_code(data.get("place")),
        description=data.get("description", ""), perpetrators=perpetrators)
    return act_records.create_acts(new, user=r.user, actor=r.actor, reason=reason)


def _acts(r: common.Reader, rows: QuerySet[Act], filters: ActFilters) -> QuerySet[Act]:
    rows = common.dated(rows, filters)
    if filters.incident:
        rows = rows.filter(incident_id=filters.incident)
    if filters.act_type:
        rows = rows.filter(act_type__code=filters.act_type)
    if filters.victim:
        rows = rows.filter(r.disclosure.shown(Fact.ACTS_SUFFERED, "victim"),
                           victim_id=filters.victim)
    if filters.unit:
        rows = acts_under(rows, filters.unit)
    return rows


ACTS = RecordType[Act](
    names=Names("act", "acts", "an act", __name__, summaries={
        "create": "Record an act, or the same act for several victims, with its perpetrators"}),
    rows=act_rows, present=act_out, out=ActOut, filters=ActFilters, narrow=_acts,
    order={"start_date": "start_date", "end_date": "end_date",
           "case": permissions.case_field(Act, "reference"), "incident": "incident_id",
           "act_type": "act_type__code", "place": "place__code"},
    model=Act, body=ActChange, apply=_apply_act,
    create_body=ActCreate, create_batch=_create_acts, create_out=ActCreated,
    writable=in_its_cases,
)
crud.register(acts, ACTS)
evidence.register(acts, ACTS)


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


def involvement_rows(r: common.Reader) -> QuerySet[Involvement]:
    rows = Involvement.objects.select_related(permissions.case_field(Involvement), "perpetrator",
                                              "organisation")
    rows = rows.prefetch_related("perpetrator__names", "perpetrator__roles").order_by("id")
    return permissions.filter_visible(r.user, rows)


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


def _involvements(r: common.Reader, rows: QuerySet[Involvement],
                  filters: InvolvementFilters) -> QuerySet[Involvement]:
    if filters.case:
        rows = rows.filter(**{permissions.case_field(Involvement, "reference"): filters.case})
    if filters.act:
        rows = rows.filter(act_id=filters.act)
    if filters.perpetrator:
        rows = rows.filter(perpetrator_id=filters.perpetrator)
    if filters.mode:
        rows = rows.filter(mode=filters.mode)
    return rows


INVOLVEMENTS = RecordType[Involvement](
    names=Names("involvement", "involvements", "an involvement", __name__,
                summaries={"create": "Record a perpetrator's involvement in an act"}),
    rows=involvement_rows, present=involvement_out, out=InvolvementOut,
    filters=InvolvementFilters, narrow=_involvements,
    order={"case": permissions.case_field(Involvement, "reference"), "act": "act_id",
           "perpetrator": "perpetrator_id", "mode": "mode"},
    model=Involvement, body=InvolvementChange, apply=_apply_involvement,
    writable=in_its_cases,
)
crud.register(involvements, INVOLVEMENTS)
