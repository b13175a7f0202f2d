"""GET /api/v1/cases/{id}/superiors: the ranked candidates for superior responsibility.

The same list as the page (`sprava.analysis.superiors`): a case the reader is not a member of
is 404; persons are shown through the request's disclosure (pseudonyms to readers without
identity access), committed to the ledger before the answer leaves (`v1.SpravaAPI`).
"""


import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from sprava.analysis import superiors as analysis
from sprava.analysis.superiors import Candidate, Ground
from sprava.api import common
from sprava.api.common import IdPath, PageParams, PersonRef, reader, responses
from sprava.cases.models import Case

router = Router(tags=["command"])


class UnitRef(Schema):
    id: int
    label: str = Field(description="The unit's English name.")


class UnitActsOut(Schema):
    unit: UnitRef
    acts: int


class PostOut(Schema):
    id: int = Field(description="The position's id (GET /api/v1/positions/{id}).")
    title: str
    rank: str
    unit: UnitRef
    start_date: datetime.date | None
    end_date: datetime.date | None
    date_precision: str
    when: str
    superior_responsibility: bool = Field(
        description="Whether the post is recorded as giving command or authority.")
    first: datetime.date = Field(description="First day of the tenure with acts counted.")
    last: datetime.date = Field(description="Last day of the tenure with acts counted.")
    acts: int = Field(description="Distinct acts of the case of the post's units meanwhile.")
    victims: int = Field(description="Distinct victims of those acts.")
    units: list[UnitActsOut] = Field(description="The units involved, the most acts first.")


class CandidateOut(Schema):
    rank: int = Field(description="1 is the most acts, then victims; equals share a rank.")
    person: PersonRef
    acts: int = Field(description="Distinct acts under all their posts together.")
    victims: int
    superior_responsibility: bool = Field(description="Whether any of the posts is of command.")
    posts: list[PostOut] = Field(description="The posts that ground the candidacy.")


class SuperiorsOut(Schema):
    case: str = Field(description="The case's reference.")
    count: int
    limit: int
    offset: int
    items: list[CandidateOut]


def _unit(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "label": unit.label_en}


def _post(ground: Ground) -> dict[str, Any]:
    position = ground.post.position
    return {"id": position.pk, "title": position.title, "rank": position.rank,
            "unit": _unit(position.organisation), **common.span(position),
            "superior_responsibility": ground.post.superior, "first": ground.first,
            "last": ground.last, "acts": ground.tally.acts, "victims": ground.tally.victims,
            "units": [{"unit": _unit(row.unit), "acts": row.acts} for row in ground.units]}


def _candidate(r: common.Reader, candidate: Candidate) -> dict[str, Any]:
    return {"rank": candidate.rank, "person": r.person(candidate.person),
            "acts": candidate.tally.acts, "victims": candidate.tally.victims,
            "superior_responsibility": candidate.superior,
            "posts": [_post(ground) for ground in candidate.grounds]}


@router.get("/cases/{id}/superiors", response=responses(200, SuperiorsOut),
            summary="Candidates for superior responsibility in a case, ranked",
            description="Persons of your cases who held a post in a unit involved in the "
                        "case's acts, or a unit above it, during those acts; by acts, then "
                        "victims. A lead for art. 28(b), not a finding.")
def superiors(request: HttpRequest, id: IdPath, page: Query[PageParams]) -> Any:
    r = reader(request)
    try:
        case = analysis.case_of(r, pk=id)
    except Case.DoesNotExist:
        raise Http404("no such case") from None
    found = analysis.superiors(r, case, offset=page.offset, limit=page.limit)
    return {"case": case.reference, "count": found.total, "limit": found.limit,
            "offset": found.offset,
            "items": [_candidate(r, candidate) for candidate in found.candidates]}
