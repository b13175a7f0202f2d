"""Analyses of a case (`sprava.analysis`): its contextual element, for its members only."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from sprava.accounts import permissions
from sprava.api import common
from sprava.api.common import IdPath, reader, responses
from sprava.cases.models import Case
from sprava.law.policy import context_with_policy

router = Router(tags=["analysis"])


class ContextOut(Schema):
    case: dict[str, Any] = Field(description="The case's id and reference.")
    unit: str = Field(description="Whether the periods are months or days (a short case).")
    acts: int
    victims: int = Field(description="Distinct persons who suffered the acts.")
    acts_list: str = Field(description="The page whose query parameters `acts_filter` gives: "
                                       "each figure's `acts_filter` there lists its acts.")
    acts_filter: dict[str, str]
    places: int = Field(description="Distinct places with an act (its own, else its incident's).")
    regions_reached: int = Field(description="Distinct first-level divisions with an act.")
    widespread: dict[str, Any] = Field(description="By type, period, region, place, place of "
                                                   "detention and unit; the heat map.")
    systematic: dict[str, Any] = Field(description="Recurring patterns, the widest first.")
    policy: list[Any] = Field(description="Policy evidence linked to the contextual elements "
                                          "(live assessments of the case against ctx-1 or ctx-2).")


@router.get("/cases/{id}/context", response=responses(200, ContextOut),
            summary="The contextual element of a case: widespread and systematic, computed")
def case_context(request: HttpRequest, id: IdPath) -> Any:
    r = reader(request)
    case: Case = common.one(permissions.visible_cases(r.user), id)  # else 404: not a member
    return {**context_with_policy(r, case).to_dict(), "acts_list": reverse("records:act-list")}
