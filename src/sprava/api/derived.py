"""Derived support: what the rules propose from a case's records, and a lawyer's decisions.

    GET  /cases/{id}/derived             the case's proposals, paged (?act= for one act's)
    POST /cases/{id}/derived/decisions   accept or reject one: {"proposal", "accepted", "reason"}

Thin over `sprava.law.derived` and `sprava.law.decisions`. A case the reader is no member of,
or an act not in the case, is 404; deciding without the right is 403; a proposal the rules do
not make now (its records changed since, or it rests on what the reader may not see) is 400.
"""

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sprava.api import common
from sprava.api.common import IdPath, PageParams, Reason, RecordId, reader, responses
from sprava.law import decisions, derived
from sprava.law.errors import LawError, UnknownProposal

router = Router(tags=["derived support"])

ProposalKey = Annotated[common.Plain, Field(min_length=1, max_length=120)]


class RuleOut(Schema):
    id: str
    version: int = Field(description="The rule's own version: a new one makes new proposals.")
    name: str


class RecordOut(Schema):
    model: str = Field(description="e.g. records.act, records.custodyperiod, records.position")
    id: int
    label: str


class TargetOut(Schema):
    kind: str = Field(description="act (an element of a crime) or perpetrator (of a mode).")
    case: int
    act: int | None
    crime: str | None
    perpetrator: int | None
    mode: str | None
    element: str = Field(description="The framework's element, e.g. torture-2, superior-1.")
    label: str = Field(description="The act, or the perpetrator (by pseudonym if protected).")
    element_label: str


class DecisionOut(Schema):
    id: int
    accepted: bool
    reason: str
    by: str
    at: str
    earlier: int = Field(description="How many earlier decisions on it this one superseded.")


class ProposalOut(Schema):
    key: str = Field(description="Names the proposal in a decision; another key once any "
                                 "record it rests on changes.")
    rule: RuleOut
    rules_version: str
    framework_version: str
    target: TargetOut
    records: list[RecordOut] = Field(description="What the proposal rests on.")
    records_key: str
    certainty: str = Field(description="certain, or uncertain where the dates' precision "
                                       "does not allow saying more.")
    why: str
    examples: list[RecordOut] = Field(description="Acts that illustrate a perpetrator's "
                                                  "proposal; not part of what it rests on.")
    instances: int
    decision: DecisionOut | None


class VersionOut(Schema):
    id: str
    version: str


class DerivedPage(Schema):
    case: int
    rules: VersionOut
    framework: VersionOut
    count: int
    limit: int
    offset: int
    items: list[ProposalOut]


class DerivedFilters(PageParams):
    act: RecordId | None = Field(None, description="Only this act's proposals.")


class DecisionIn(Schema):
    proposal: ProposalKey = Field(description="The proposal's key, as listed.")
    accepted: bool
    reason: Reason = ""


@router.get("/cases/{id}/derived", response=responses(200, DerivedPage),
            summary="What the rules propose from the case's records")
def list_derived(request: HttpRequest, id: IdPath, filters: Query[DerivedFilters]) -> Any:
    r = reader(request)
    if filters.act is not None:
        page = derived.act_proposals(r, filters.act)
        if page.case_id != id:
            raise Http404("no such act in the case")
        items = page.items[filters.offset: filters.offset + filters.limit]
    else:
        page = derived.case_proposals(r, id, offset=filters.offset, limit=filters.limit)
        items = page.items
    document = page.as_json()
    return {**document, "limit": filters.limit, "offset": filters.offset,
            "items": [p.as_json() for p in items]}


@router.post("/cases/{id}/derived/decisions", response=responses(201, ProposalOut),
             summary="Accept or reject a proposal (a lawyer)")
def decide(request: HttpRequest, id: IdPath, payload: DecisionIn) -> Any:
    r = reader(request)
    try:
        proposal = decisions.decide(r, id, payload.proposal, accepted=payload.accepted,
                                    reason=payload.reason)
    except UnknownProposal as exc:
        raise common.ApiError(f"unknown proposal: {exc}") from None
    except LawError as exc:
        raise common.ApiError(str(exc)) from None
    return Status(201, proposal.as_json())
