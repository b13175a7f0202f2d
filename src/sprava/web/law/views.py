"""The jurisdiction page of a case: per venue, the acts it can reach and why.

Only members of the case see it: for anyone else the case is not there (404), as on every
case page. Victims are shown as on the act list: a protected one by pseudonym, one whose acts
the identity rule hides as "a protected person".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sprava import ids
from sprava.accounts.permissions import Permission
from sprava.law import jurisdiction
from sprava.law.jurisdiction import ActReach, VenueReach
from sprava.law.venue_rules import Status
from sprava.records.models import Act
from sprava.web.records.context import Ctx, Link, record_link, url_of
from sprava.web.records.presenters import page_url

PAGE_SIZE = 50
MAX_PAGE = 20_000  # as far as the lists let a reader page (`web.paging.MAX_COUNTED`)


class _Counted:
    """The reachable acts of a venue, for a paginator: their count is already known."""

    def __init__(self, rows: QuerySet[Act], count: int) -> None:
        self.rows, self.total = rows, count

    def count(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Act]:
        return list(self.rows[index])


@dataclass(frozen=True)
class Row:
    reach: ActReach
    link: Link | None
    victim: Link | None
    place: Link | None


@dataclass(frozen=True)
class VenueBlock:
    reach: VenueReach
    page: Page[Any]
    rows: tuple[Row, ...]
    previous_url: str
    next_url: str
    statuses: tuple[tuple[str, int], ...]


def _block(ctx: Ctx, reach: VenueReach) -> VenueBlock:
    rows = reach.reachable_acts().select_related(
        "act_type", "place", "incident__place", "victim").prefetch_related(
        "victim__names", "victim__roles").order_by("j_start", "pk")
    parameter, anchor = f"{reach.venue.id}-page", reach.venue.id
    try:
        number = ids.parse_positive(ctx.request.GET.get(parameter, "1"), maximum=MAX_PAGE)
    except ids.NumberTooLarge:
        number = MAX_PAGE
    except ids.InvalidNumber:  # missing, "0", "1.5": the first page, as the lists do
        number = 1
    page = Paginator(_Counted(rows, reach.reachable), PAGE_SIZE).get_page(number)
    explained = reach.explain(page.object_list)
    shown = tuple(Row(one, record_link("act", one.act, f"#{one.act.pk}"),
                      ctx.victim_link(one.act.victim),
                      Link(one.place.label, url_of("records:place-detail", one.place.pk))
                      if one.place is not None else None) for one in explained)
    query = ctx.request.GET
    return VenueBlock(
        reach=reach, page=page, rows=shown,
        previous_url=page_url(query, parameter, page.previous_page_number(), anchor)
        if page.has_previous() else "",
        next_url=page_url(query, parameter, page.next_page_number(), anchor)
        if page.has_next() else "",
        statuses=tuple((status.label, reach.counts[status]) for status in Status
                       if reach.counts.get(status)))


@require_GET
def case_jurisdiction(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    case = ctx.visible_cases().filter(reference=reference).first()
    if case is None or not ctx.can(Permission.VIEW, case):
        raise Http404("no case here")
    found = jurisdiction.case_jurisdiction(ctx.user, case)
    response = render(request, "law/case_jurisdiction.html", {
        "case": case, "found": found,
        "venues": [_block(ctx, reach) for reach in found.venues],
        "case_url": reverse("records:case-detail", args=[case.reference]),
    })
    ctx.commit()  # after rendering: whatever the page showed is in the ledger before it leaves
    return response
