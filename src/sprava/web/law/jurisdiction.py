"""The jurisdiction page of a case: per venue, the acts it can reach and why.

Only members of the case see it: for anyone else the case is not there (404), as on every
case page. Victims are shown as on the act list: a protected one by pseudonym, one whose acts
the identity rule hides as "a protected person".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sprava import ids
from sprava.accounts.permissions import Permission
from sprava.law import jurisdiction
from sprava.law.jurisdiction import ActReach, VenueReach
from sprava.law.venue_rules import Status
from sprava.web.records.context import Ctx, Link, record_link, url_of
from sprava.web.records.presenters import page_url

PAGE_SIZE = 50
MAX_PAGE = 20_000  # as far as the lists let a reader page (`web.paging.MAX_COUNTED`)


@dataclass(frozen=True)
class Row:
    reach: ActReach
    link: Link | None
    victim: Link | None
    place: Link | None


@dataclass(frozen=True)
class VenueBlock:
    """One venue's part of the page: its figures, and one page of the acts it reaches (their
    count is the figures': not counted again)."""

    reach: VenueReach
    rows: tuple[Row, ...]
    number: int
    pages: int
    previous_url: str
    next_url: str
    statuses: tuple[tuple[str, int], ...]


def _page_number(ctx: Ctx, parameter: str, pages: int) -> int:
    try:
        asked = ids.parse_positive(ctx.request.GET.get(parameter, "1"), maximum=MAX_PAGE)
    except ids.NumberTooLarge:
        asked = pages
    except ids.InvalidNumber:  # missing, "0", "1.5": the first page, as the lists do
        asked = 1
    return min(asked, pages)


def _block(ctx: Ctx, reach: VenueReach) -> VenueBlock:
    parameter, anchor = f"{reach.venue.id}-page", reach.venue.id
    pages = max(1, -(-reach.reachable // PAGE_SIZE))
    number = _page_number(ctx, parameter, pages)
    rows = reach.reachable_acts().select_related(
        "act_type", "place", "incident__place", "victim").prefetch_related(
        "victim__names", "victim__roles")[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
    shown = tuple(Row(one, record_link("act", one.act, f"#{one.act.pk}"),
                      ctx.victim_link(one.act.victim),
                      Link(one.place.label, url_of("records:place-detail", one.place.pk))
                      if one.place is not None else None) for one in reach.explain(rows))
    query = ctx.request.GET
    return VenueBlock(
        reach=reach, rows=shown, number=number, pages=pages,
        previous_url=page_url(query, parameter, number - 1, anchor) if number > 1 else "",
        next_url=page_url(query, parameter, number + 1, anchor) if number < pages else "",
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
