"""/cases/<reference>/superiors/: the ranked candidates for superior responsibility in a case.

A thin reader of `sprava.analysis.superiors`: a case the reader is not a member of is "not
found", like one that does not exist; protected persons show by pseudonym to readers without
identity access, and every identity shown is in the ledger before the page leaves.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from sprava import ids
from sprava.analysis import superiors as analysis
from sprava.analysis.superiors import Candidate, Ground
from sprava.cases.models import Case
from sprava.web.command.person import day_label
from sprava.web.records.config import common
from sprava.web.records.context import Ctx, Link, case_link, record_link, url_of

PAGE_SIZE = analysis.PAGE_SIZE
LAST_PAGE = 10_000


def _page_number(value: str | None) -> int:
    try:
        return ids.parse_positive(value, maximum=LAST_PAGE)
    except ids.NumberTooLarge:
        return LAST_PAGE
    except ids.InvalidNumber:
        return 1


def _ground(ctx: Ctx, case: Case, ground: Ground) -> dict[str, Any]:
    position = ground.post.position
    unit = position.organisation
    dates = {"case": case.reference, "start": ground.first.isoformat(),
             "end": ground.last.isoformat()}
    return {
        "title": position.title, "rank": position.rank, "when": position.display_when,
        "unit": record_link("organisation", unit, unit.label),
        "superior": ground.post.superior,
        "acts": ground.tally.acts, "victims": ground.tally.victims,
        "span": gettext("%(first)s to %(last)s") % {"first": day_label(ground.first),
                                                    "last": day_label(ground.last)},
        "acts_url": common.list_url("act", unit=unit.pk, **dates),
        "units": [Link(gettext("%(unit)s: %(count)d") % {"unit": row.unit.label,
                                                         "count": row.acts},
                       common.list_url("act", organisation=row.unit.pk, **dates))
                  for row in ground.units],
    }


def _row(ctx: Ctx, case: Case, candidate: Candidate) -> dict[str, Any]:
    return {"rank": candidate.rank, "person": ctx.person_link(candidate.person),
            "command_url": url_of("records:person-detail", candidate.person.pk) + "#command",
            "acts": candidate.tally.acts, "victims": candidate.tally.victims,
            "superior": candidate.superior,
            "grounds": [_ground(ctx, case, ground) for ground in candidate.grounds]}


@require_GET
def superiors(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = Ctx.of(request)
    try:
        case = analysis.case_of(ctx, reference=reference)
    except Case.DoesNotExist:
        raise Http404("no case here") from None
    number = _page_number(request.GET.get("page"))
    found = analysis.superiors(ctx, case, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max(1, -(-found.total // PAGE_SIZE))
    base = url_of("command:case-superiors", case.reference)
    response = render(request, "command/superiors.html", {
        "case": case, "case_link": case_link(case), "found": found,
        "rows": [_row(ctx, case, candidate) for candidate in found.candidates],
        "number": number, "pages": pages,
        "first": found.offset + 1, "last": found.offset + len(found.candidates),
        "previous_url": f"{base}?page={number - 1}" if number > 1 else "",
        "next_url": f"{base}?page={number + 1}" if number < pages else "",
    })
    ctx.commit()  # after rendering: every identity the page showed is in the ledger
    return response
