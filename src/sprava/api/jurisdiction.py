"""Jurisdiction per venue: `GET /api/v1/cases/{id}/jurisdiction`, which venues can reach the
case's acts, and why (`sprava.law.jurisdiction`, the function the page and `sprava law
jurisdiction` call).

A case's members read it (VIEW); anyone else is told it is not there. Its acts are shown as in
the act list: a victim whose acts the identity rule hides from the reader reads "a protected
person", a protected victim by pseudonym.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.params import Query

from sprava.api import common
from sprava.api.cases import case_rows
from sprava.api.common import IdPath, PageParams, PersonRef, reader, responses
from sprava.cases.models import Case
from sprava.law.errors import UnknownElement
from sprava.law.jurisdiction import VenueReach, case_jurisdiction

router = Router(tags=["jurisdiction"])

VenueId = Annotated[str, Field(max_length=40, pattern=r"^[a-z][a-z-]*$")]


class ReasonOut(Schema):
    code: str = Field(description="Stable, for machines: icc-state-party, icc-non-party, ...")
    text: str = Field(description="The sentence in the request's language.")


class FindingOut(Schema):
    status: str = Field(description="link, no-link, unknown (a fact is missing or too "
                        "imprecise) or not-needed")
    reasons: list[ReasonOut]
    crimes: list[str] = Field(description="The crimes (framework ids) the venue can reach "
                              "the act for.")
    referral: str | None = Field(description="ICC, for an act it can reach: whether "
                                 "Lithuania's referral covers it (covered, partly, "
                                 "not-covered, unknown).")
    verify: bool = Field(description="Rests on a fact still to be verified.")


class GroupOut(FindingOut):
    acts: int


class CrimeCountOut(Schema):
    crime: str
    article: str
    name: str
    acts: int = Field(description="Acts the venue can reach for this crime.")


class ReachedActOut(Schema):
    id: int
    act_type: str
    when: str = Field(description="The dates the finding went by: the act's, else its "
                      "incident's.")
    place: str | None = Field(description="The place the finding went by (its code).")
    country: str
    victim: PersonRef | None
    finding: FindingOut


class ReachedActsOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReachedActOut]


class VenueReachOut(Schema):
    venue: str
    name: str
    rule: str = Field(description="The jurisdiction rule: icc-territorial, lt-universal, "
                      "de-universal, pl-universal, none.")
    acts: int = Field(description="All the case's acts.")
    reachable: int = Field(description="Acts the case can bring to the venue.")
    counts: dict[str, int] = Field(description="Acts by status.")
    crimes: list[CrimeCountOut]
    referral: int | None = Field(description="ICC: acts the referral covers, wholly or "
                                 "partly.")
    groups: list[GroupOut] = Field(description="The distinct findings, most acts first.")
    reachable_acts: ReachedActsOut = Field(description="One page of the acts the venue can reach.")


class JurisdictionCase(Schema):
    id: int
    reference: str


class JurisdictionFramework(Schema):
    id: str
    version: str | int


class JurisdictionDataVersion(Schema):
    version: int


class JurisdictionOut(Schema):
    case: JurisdictionCase
    framework: JurisdictionFramework
    jurisdiction_data: JurisdictionDataVersion
    venues: list[VenueReachOut]


class JurisdictionParams(PageParams):
    venue: VenueId | None = Field(None, description="Only this venue (icc, lt, de, pl, "
                                  "peoples-tribunal).")


def _acts(r: common.Reader, reach: VenueReach, params: PageParams) -> dict[str, Any]:
    """One page of the acts the venue reaches (their count is the summary's: not counted
    again), each with its finding."""
    rows = reach.reachable_acts().select_related(
        "act_type", "place", "incident__place", "victim").prefetch_related(
        "victim__names", "victim__roles")
    shown = reach.explain(rows[params.offset: params.offset + params.limit])
    return {"count": reach.reachable, "limit": params.limit, "offset": params.offset,
            "items": [{**one.as_dict(), "victim": r.victim(one.act.victim)} for one in shown]}


@router.get("/cases/{id}/jurisdiction", response=responses(200, JurisdictionOut),
            summary="Which venues can reach the case's acts, and why")
def jurisdiction(request: HttpRequest, id: IdPath,
                 params: Query[JurisdictionParams]) -> Any:
    r = reader(request)
    case: Case = common.one(case_rows(r), id)
    try:
        found = case_jurisdiction(r.user, case, params.venue)
    except UnknownElement as exc:
        raise common.ApiError(str(exc)) from None
    document = found.as_dict()
    for venue, reach in zip(document["venues"], found.venues, strict=True):
        venue["reachable_acts"] = _acts(r, reach, params)
    return document
