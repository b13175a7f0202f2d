"""The legal layer in the API.

Assessments, conclusions and charges (issue 9 §2), on the `analysis` router:

    GET    /cases/{id}/assessments            the case's assessments (live ones by default)
    POST   /cases/{id}/assessments            assess a source against an element
    GET    /assessments/{id}                  one
    PATCH  /assessments/{id}                  change what it says, or its source
    POST   /assessments/{id}/withdraw         withdraw it, with a reason (never deleted)
    GET    /cases/{id}/conclusions            the case's current conclusions (or all)
    POST   /cases/{id}/conclusions            conclude on an element at a standard of proof
    GET    /conclusions/{id}                  one
    GET    /cases/{id}/charges                the crimes the case charges
    POST   /cases/{id}/charges                charge a crime
    DELETE /cases/{id}/charges/{crime}        withdraw a charge, with a reason

Each write is one domain function (`sprava.law.assessments`, `conclusions`, `charges`), the
one the pages call. A case the reader is no member of is 404; a reference in a body the reader
cannot see is 400 "unknown ...", like one that does not exist; what the rules refuse is 400
(`LawError`), 409 for a conflict, and a missing permission 403.
"""

import dataclasses
import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.params import P, PathEx

from sprava.accounts import permissions
from sprava.api import common
from sprava.api.common import IdPath, PageParams, PersonRef, RecordId, Text, reader, responses
from sprava.cases.models import Case
from sprava.evidence.visibility import numbered
from sprava.law import assessments, charges, conclusions
from sprava.law.assessments import REASON_MAX, REASONING_MAX, Appraisal
from sprava.law.conclusions import Finding
from sprava.law.framework import current
from sprava.law.models import (
    CRIME_MAX,
    ELEMENT_MAX,
    MODE_MAX,
    PINPOINT_MAX,
    Assessment,
    Category,
    Charge,
    Conclusion,
    Direction,
    PinpointKind,
    State,
    Strength,
    Targeted,
)
from sprava.law.shown import Shown, element_of, who
from sprava.law.sources import PARAGRAPH_MAX, Pinpoint, Source, SourceType
from sprava.law.targets import Target, TargetKind
from sprava.records.identity import Fact
from sprava.records.models import (
    Act,
    CustodyPeriod,
    Involvement,
    Position,
    Reliability,
    Testimony,
)

# --- assessments, conclusions and charges (issue 9 §2) ------------------------------------

analysis = Router(tags=["legal analysis"])

Slug = common.Code  # plain text, and at most as long as each use says
CrimeId = Annotated[Slug, Field(max_length=CRIME_MAX, description="A framework crime's id.")]
ModeId = Annotated[Slug, Field(max_length=MODE_MAX,
                               description="A framework mode's id (an involvement's mode).")]
ElementId = Annotated[Slug, Field(min_length=1, max_length=ELEMENT_MAX,
                                  description="An element's id, or one of its alternatives'.")]
Reasoning = Annotated[Text, Field(min_length=1, max_length=REASONING_MAX)]
WithdrawReason = Annotated[common.Reason, Field(min_length=1, max_length=REASON_MAX)]


class TargetIn(Schema):
    """Exactly one shape: `act` with `crime`; `perpetrator` with `mode`; neither, for the
    case's context (a contextual element)."""

    act: RecordId | None = Field(None, description="An act of the case.")
    crime: CrimeId = ""
    perpetrator: RecordId | None = Field(None, description="A perpetrator in the case.")
    mode: ModeId = ""
    element: ElementId


class SourceIn(Schema):
    type: SourceType
    id: RecordId = Field(description="The record's id; an evidence item's number as you know "
                                     "it (GET /evidence).")
    pinpoint_kind: PinpointKind | None = Field(None, description="For an evidence item.")
    pinpoint: Annotated[Slug, Field(max_length=PINPOINT_MAX)] = Field(
        "", description="Pages (12, 12-14), paragraphs, a time code (01:02:03-01:04:00) or an "
                        "image region (x,y,width,height).")
    paragraph: int | None = Field(None, ge=1, le=PARAGRAPH_MAX,
                                  description="For a testimony: the paragraph cited.")


class AssessmentIn(TargetIn):
    source: SourceIn
    direction: Direction
    category: Category
    strength: Strength
    reliability: Reliability
    reasoning: Reasoning


class AssessmentChange(Schema):
    source: SourceIn | None = None
    direction: Direction | None = None
    category: Category | None = None
    strength: Strength | None = None
    reliability: Reliability | None = None
    reasoning: Reasoning | None = None


class WithdrawIn(Schema):
    reason: WithdrawReason = Field(description="Why; kept with the assessment and the ledger.")


class ElementOut(Schema):
    id: str
    number: int | None = Field(description="Null for an element this framework no longer has.")
    type: str
    label: str
    contextual: bool


class SourceOut(Schema):
    type: str
    id: int | None = Field(description="Null when withheld from you.")
    reference: str
    label: str
    pinpoint: str
    withheld: bool


class TargetOut(Schema):
    id: int
    case: str
    kind: str = Field(description="act, perpetrator or context")
    act: int | None
    crime: str
    perpetrator: PersonRef | None
    mode: str
    element: ElementOut
    framework_version: str
    reasoning: str
    created_by: str
    created_at: datetime.datetime


class AssessmentOut(TargetOut):
    source: SourceOut
    direction: str
    category: str
    strength: str
    reliability: str
    withdrawn: bool
    withdrawn_at: datetime.datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str


class ConclusionIn(TargetIn):
    state: State
    standard: Annotated[Slug, Field(max_length=40, description="A standard of proof's id: "
                                    "reasonable-grounds, substantial-grounds, "
                                    "beyond-reasonable-doubt.")]
    reasoning: Reasoning


class ConclusionOut(TargetOut):
    state: str
    standard: str
    current: bool
    superseded_by: int | None
    superseded_at: datetime.datetime | None


class ChargeIn(Schema):
    crime: CrimeId


class ChargeOut(Schema):
    id: int
    crime: str
    article: str
    name: str
    framework_version: str
    created_by: str
    created_at: datetime.datetime


class AnalysisFilters(PageParams):
    kind: TargetKind | None = None
    act: RecordId | None = None
    perpetrator: RecordId | None = None
    crime: CrimeId | None = None
    mode: ModeId | None = None
    element: Annotated[Slug, Field(max_length=ELEMENT_MAX)] | None = None


class AssessmentFilters(AnalysisFilters):
    withdrawn: bool = Field(False, description="Include withdrawn assessments.")


class ConclusionFilters(AnalysisFilters):
    superseded: bool = Field(False, description="Include superseded conclusions.")
    standard: Annotated[Slug, Field(max_length=40)] | None = None


AssessmentPage = common.page_schema(AssessmentOut, "AssessmentPage")
ConclusionPage = common.page_schema(ConclusionOut, "ConclusionPage")


# Reading ------------------------------------------------------------------------------------


def _case(r: common.Reader, pk: int) -> Case:
    return common.one(r.visible_cases(), pk)


def _targeted(r: common.Reader, row: Targeted) -> dict[str, Any]:
    element = element_of(current(), row)
    kind = (TargetKind.ACT if row.act_id else TargetKind.PERPETRATOR if row.perpetrator_id
            else TargetKind.CONTEXT)
    return {"id": row.pk, "case": row.case.reference, "kind": kind.value, "act": row.act_id,
            "crime": row.crime, "perpetrator": r.maybe_person(row.perpetrator),
            "mode": row.mode, "framework_version": row.framework_version,
            "element": {"id": element.id, "number": element.number, "type": element.type,
                        "label": element.label, "contextual": element.contextual},
            "reasoning": row.reasoning, "created_by": who(row.created_by),
            "created_at": row.created_at}


def assessment_out(r: common.Reader, row: Assessment, shown: Shown | None = None) -> dict[str, Any]:
    source = (shown or Shown.of(r, [row])).source(row)
    return {**_targeted(r, row), "source": dataclasses.asdict(source),
            "direction": row.direction, "category": row.category, "strength": row.strength,
            "reliability": row.reliability, "withdrawn": not row.live,
            "withdrawn_at": row.withdrawn_at,
            "withdrawn_by": who(row.withdrawn_by) if row.withdrawn_by_id else None,
            "withdrawn_reason": row.withdrawn_reason}


def conclusion_out(r: common.Reader, row: Conclusion) -> dict[str, Any]:
    return {**_targeted(r, row), "state": row.state, "standard": row.standard,
            "current": row.current, "superseded_by": row.superseded_by_id,
            "superseded_at": row.superseded_at}


def _narrow(rows: QuerySet[Any], filters: AnalysisFilters) -> QuerySet[Any]:
    if filters.kind == TargetKind.ACT:
        rows = rows.filter(act__isnull=False)
    elif filters.kind == TargetKind.PERPETRATOR:
        rows = rows.filter(perpetrator__isnull=False)
    elif filters.kind == TargetKind.CONTEXT:
        rows = rows.filter(act__isnull=True, perpetrator__isnull=True)
    for name in ("act", "perpetrator"):
        value = getattr(filters, name)
        if value is not None:
            rows = rows.filter(**{f"{name}_id": value})
    for name in ("crime", "mode", "element"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{name: value})
    return rows


def _assessment_rows(r: common.Reader) -> QuerySet[Assessment]:
    return assessments.for_display(assessments.visible(r))


def _conclusion_rows(r: common.Reader) -> QuerySet[Conclusion]:
    return conclusions.visible(r).select_related("case", "perpetrator", "created_by") \
        .prefetch_related("perpetrator__names")


# Resolving what a body names, as the reader sees it -----------------------------------------


def _target(r: common.Reader, case: Case, body: TargetIn) -> Target:
    act = None
    if body.act is not None:
        act = permissions.filter_visible(r.user, Act.objects.filter(
            permissions.in_cases(Act, case))).select_related("act_type").filter(
            pk=body.act).first()
        if act is None:
            raise common.ApiError(f"unknown act {body.act}")
    # The shape (act with crime, perpetrator with mode, or neither) is the value type's rule.
    return Target(case=case, act=act, crime=body.crime,
                  perpetrator=common.person_by_id(r, body.perpetrator), mode=body.mode,
                  element=body.element)


def _source(r: common.Reader, body: SourceIn) -> Source:
    kind = body.type
    if kind == SourceType.ITEM:
        item = numbered(r.user, body.id).first()
        if item is None:
            raise common.ApiError(f"unknown evidence item {body.id}")
        if body.pinpoint_kind is None:
            raise common.ApiError("an evidence item is cited with pinpoint_kind and pinpoint")
        return Source(item=item, pinpoint=Pinpoint(body.pinpoint_kind.value, body.pinpoint))
    found: Any
    if kind == SourceType.TESTIMONY:
        found = permissions.filter_visible(r.user, Testimony.objects.all())
    elif kind == SourceType.CUSTODY:
        found = common.of_visible_persons(r, CustodyPeriod.objects.select_related("person"),
                                          fact=Fact.CUSTODY)
    elif kind == SourceType.POSITION:
        found = common.of_visible_persons(r, Position.objects.all())
    else:
        found = permissions.filter_visible(r.user, Involvement.objects.all())
    record = found.filter(pk=body.id).first()
    if record is None:
        raise common.ApiError(f"unknown {kind.value} {body.id}")
    if body.pinpoint_kind is not None or body.pinpoint:
        raise common.ApiError("only an evidence item is cited with a pinpoint")
    return Source(**{kind.value: record}, paragraph=body.paragraph)  # the value type's rules


APPRAISAL_FIELDS = ("direction", "category", "strength", "reliability", "reasoning")


def _appraisal(body: AssessmentIn) -> Appraisal:
    return Appraisal(**{name: str(getattr(body, name)) for name in APPRAISAL_FIELDS})


def _assessment_to_change(r: common.Reader, pk: int) -> Assessment:
    return common.one(_assessment_rows(r), pk)


# Endpoints ----------------------------------------------------------------------------------


@analysis.get("/cases/{id}/assessments", response=responses(200, AssessmentPage),
              summary="The case's assessments", url_name="list_assessments",
              operation_id="law_list_assessments")
def list_assessments(request: HttpRequest, id: IdPath,
                     filters: Query[AssessmentFilters]) -> Any:
    r = reader(request)
    case = _case(r, id)
    rows = _narrow(_assessment_rows(r).filter(case=case), filters)
    if not filters.withdrawn:
        rows = rows.filter(withdrawn_at__isnull=True)
    rows = rows.order_by("id")
    count = rows.count()
    page = list(rows[filters.offset:filters.offset + filters.limit])
    shown = Shown.of(r, page)
    return {"count": count, "limit": filters.limit, "offset": filters.offset,
            "items": [assessment_out(r, row, shown) for row in page]}


@analysis.post("/cases/{id}/assessments", response=responses(201, AssessmentOut),
               summary="Assess a source against an element", url_name="create_assessment",
               operation_id="law_create_assessment")
def create_assessment(request: HttpRequest, id: IdPath, payload: AssessmentIn) -> Any:
    r = reader(request)
    case = _case(r, id)
    row = assessments.assess(r, _target(r, case, payload), _source(r, payload.source),
                             _appraisal(payload))
    return Status(201, assessment_out(r, _assessment_to_change(r, row.pk)))


@analysis.get("/assessments/{id}", response=responses(200, AssessmentOut),
              summary="One assessment", url_name="get_assessment",
              operation_id="law_get_assessment")
def get_assessment(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return assessment_out(r, _assessment_to_change(r, id))


@analysis.patch("/assessments/{id}", response=responses(200, AssessmentOut),
                summary="Change an assessment (its history stays in the ledger)",
                url_name="change_assessment", operation_id="law_change_assessment")
def change_assessment(request: HttpRequest, id: IdPath, payload: AssessmentChange,
                      reason: common.ChangeReason = "") -> Any:
    r = reader(request)
    row = _assessment_to_change(r, id)
    values = {name: str(value) for name in APPRAISAL_FIELDS
              if (value := getattr(payload, name)) is not None}
    appraisal = dataclasses.replace(Appraisal.of_row(row), **values) if values else None
    source = _source(r, payload.source) if payload.source is not None else None
    assessments.change_assessment(r, row, source=source, appraisal=appraisal, reason=reason)
    return assessment_out(r, _assessment_to_change(r, id))


@analysis.post("/assessments/{id}/withdraw", response=responses(200, AssessmentOut),
               summary="Withdraw an assessment, saying why (it is never deleted)",
               url_name="withdraw_assessment", operation_id="law_withdraw_assessment")
def withdraw_assessment(request: HttpRequest, id: IdPath, payload: WithdrawIn) -> Any:
    r = reader(request)
    row = _assessment_to_change(r, id)
    assessments.withdraw_assessment(r, row, reason=payload.reason)
    return assessment_out(r, _assessment_to_change(r, id))


@analysis.get("/cases/{id}/conclusions", response=responses(200, ConclusionPage),
              summary="The case's conclusions on elements", url_name="list_conclusions",
              operation_id="law_list_conclusions")
def list_conclusions(request: HttpRequest, id: IdPath,
                     filters: Query[ConclusionFilters]) -> Any:
    r = reader(request)
    case = _case(r, id)
    rows = _narrow(_conclusion_rows(r).filter(case=case), filters)
    if not filters.superseded:
        rows = conclusions.current_of(rows)
    if filters.standard:
        rows = rows.filter(standard=filters.standard)
    return common.page(rows.order_by("id"), filters, lambda row: conclusion_out(r, row))


@analysis.post("/cases/{id}/conclusions", response=responses(201, ConclusionOut),
               summary="Conclude on an element at a standard of proof (lawyers and leads)",
               url_name="create_conclusion", operation_id="law_create_conclusion")
def create_conclusion(request: HttpRequest, id: IdPath, payload: ConclusionIn) -> Any:
    r = reader(request)
    case = _case(r, id)
    row = conclusions.conclude(r, _target(r, case, payload), Finding(
        state=payload.state.value, standard=payload.standard, reasoning=payload.reasoning))
    return Status(201, conclusion_out(r, common.one(_conclusion_rows(r), row.pk)))


@analysis.get("/conclusions/{id}", response=responses(200, ConclusionOut),
              summary="One conclusion", url_name="get_conclusion",
              operation_id="law_get_conclusion")
def get_conclusion(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    return conclusion_out(r, common.one(_conclusion_rows(r), id))


def charge_out(row: Charge) -> dict[str, Any]:
    framework = current()
    crime = next((c for c in framework.crimes if c.id == row.crime), None)
    return {"id": row.pk, "crime": row.crime, "article": crime.article if crime else "",
            "name": crime.name.text() if crime else row.crime,
            "framework_version": row.framework_version, "created_by": who(row.created_by),
            "created_at": row.created_at}


@analysis.get("/cases/{id}/charges", response=responses(200, list[ChargeOut]),
              summary="The crimes the case charges", url_name="list_charges",
              operation_id="law_list_charges")
def list_charges(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    case = _case(r, id)
    return [charge_out(row) for row in charges.in_framework_order(
        list(charges.of_case(case)), current())]


@analysis.post("/cases/{id}/charges", response=responses(201, ChargeOut),
               summary="Charge a crime in the case (lawyers and leads)", url_name="add_charge",
               operation_id="law_add_charge")
def add_charge(request: HttpRequest, id: IdPath, payload: ChargeIn) -> Any:
    r = reader(request)
    case = _case(r, id)
    return Status(201, charge_out(charges.charge(r, case, payload.crime)))


@analysis.delete("/cases/{id}/charges/{crime}", response=responses(204, None),
                 summary="Withdraw a charge (lawyers and leads), saying why",
                 url_name="remove_charge", operation_id="law_remove_charge")
def remove_charge(request: HttpRequest, id: IdPath,
                  crime: PathEx[CrimeId, P(description="The charged crime's id.")],
                  reason: common.DeleteReason) -> Any:
    r = reader(request)
    case = _case(r, id)
    row = charges.of_case(case).filter(crime=crime).first()
    if row is None:
        raise Http404("not charged")
    charges.uncharge(r, row, reason=reason)
    return Status(204, None)
