"""The search page and the case dashboard.

Both read only what the reader may see (`sprava.search.engine`, `permissions.visible_cases`);
a case the reader is not a member of is "not found", like one that does not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.records.identity import Disclosure
from sprava.records.models import Case, Place
from sprava.search import engine
from sprava.search.figures import CaseFigures, PlaceFigure, case_figures
from sprava.search.query import MAX_LENGTH, Query, parse
from sprava.web.insight import charts
from sprava.web.insight.results import ROWS, Row
from sprava.web.paging import COUNT_CAP, MAX_COUNTED

SUMMARY_SIZE = 5
PAGE_SIZE = 25
SEARCH_CHANNEL = "web:search"


@dataclass(frozen=True)
class Page:
    """One page of one kind's results (the count is known before the rows are read)."""

    number: int
    count: int
    size: int
    exact: bool = True
    """False when there are more results than were counted (`count` is then a lower bound)."""

    @property
    def bound(self) -> str:
        return counted(self.count - 1)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.count else 0

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.count)


@dataclass(frozen=True)
class Group:
    name: str
    title: str | Promise
    plural: str | Promise
    count: int
    rows: tuple[Row, ...]
    url: str
    """This kind alone, all pages."""
    exact: bool = True

    @property
    def count_text(self) -> str:
        """The count as shown: "20,000+" when counting stopped there."""
        return counted(self.count) if self.exact else counted(self.count - 1) + "+"


def counted(number: int) -> str:
    return number_format(number, force_grouping=True)


def _reader(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware lets no anonymous visitor in
    return user


def _asked_page(value: str) -> int:
    number = int(value) if value.isdigit() and len(value) < 9 else 1
    return min(max(number, 1), MAX_COUNTED // PAGE_SIZE)


def _group(request: HttpRequest, user: User, query: Query, name: str, only: str,
           disclosure: Disclosure) -> tuple[Group, Page | None]:
    """One kind's results: its count, and its rows when shown (a summary, or a whole page)."""
    kind = engine.KINDS[name]
    found = engine.find(user, query, name)
    # Counted as far as the page needs and no further, as the lists are (sprava.web.paging): a
    # common word in a million acts is "1,000+", not a count of every match.
    asked = _asked_page(request.GET.get("page", "")) if only == name else 1
    limit = (max(COUNT_CAP, asked * PAGE_SIZE) if only == name else COUNT_CAP) + 1
    count = found.order_by()[:limit].count()
    exact = count < limit
    page: Page | None = None
    rows: tuple[Row, ...] = ()
    if count and only == name:
        page = Page(min(asked, max(1, -(-count // PAGE_SIZE))), count, PAGE_SIZE, exact)
        rows = tuple(ROWS[name](obj, query, disclosure)
                     for obj in found[page.offset:page.offset + PAGE_SIZE])
    elif count and not only:
        rows = tuple(ROWS[name](obj, query, disclosure) for obj in found[:SUMMARY_SIZE])
    url = "?" + urlencode({"q": query.text, "kind": name})
    return Group(name=name, title=kind.title, plural=kind.plural, count=count, rows=rows,
                 url=url, exact=exact), page


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    query = parse(request.GET.get("q", ""))
    only = request.GET.get("kind", "")
    if only not in engine.KINDS:
        only = ""
    disclosure = Disclosure(permissions.identity_case_ids(user))
    groups: list[Group] = []
    page: Page | None = None
    for name in engine.KINDS if not query.empty else ():
        group, group_page = _group(request, user, query, name, only, disclosure)
        groups.append(group)
        page = page or group_page
    response = render(request, "insight/search.html", {
        "query": query, "only": only, "only_kind": engine.KINDS.get(only), "groups": groups,
        "page": page,
        "total": sum(group.count for group in groups), "max_length": MAX_LENGTH,
        "total_text": counted(sum(group.count for group in groups))
        + ("" if all(group.exact for group in groups) else "+"),
        "shown": [group for group in groups if group.rows],
        "all_url": "?" + urlencode({"q": query.text}),
    })
    # After rendering, before the response leaves: every protected name shown is in the ledger.
    # The query itself stays out of the ledger: it may be a name.
    disclosure.commit(actor=f"user:{user.get_username()}", channel=SEARCH_CHANNEL)
    return response


# --- Dashboard ---------------------------------------------------------------------------------


def _list_url(kind: str, **params: Any) -> str:
    return reverse(f"records:{kind}-list") + "?" + urlencode(params)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@require_GET
def dashboard(request: HttpRequest, reference: str) -> HttpResponse:
    user = _reader(request)
    case = permissions.visible_cases(user).filter(reference=reference).first()
    if case is None or not permissions.can(user, Permission.VIEW, case):
        raise Http404("no case here")
    figures = case_figures(case)
    ref = case.reference

    def month_link(day: datetime.date) -> str:
        return _list_url("incident", case=ref, start=day.isoformat(),
                         end=_month_end(day).isoformat())

    def place_link(figure: PlaceFigure) -> str:
        return reverse("records:place-detail", args=[figure.place.pk])

    widest = max((count for _, count in figures.acts_by_type), default=1)
    region_labels = {place.code: place.label for place in Place.objects.filter(kind="region")}
    return render(request, "insight/dashboard.html", {
        "case": case, "figures": figures,
        "counts": _counts(case, figures),
        "acts_by_type": [(act_type, count, _list_url("act", case=ref, act_type=act_type.code),
                          round(100 * count / widest, 1))
                         for act_type, count in figures.acts_by_type],
        "timeline": charts.timeline(figures.months, month_link),
        "map": charts.belarus_map(figures.places, region_labels, place_link),
        "place_rows": sorted((f for f in figures.places if f.incidents or f.held),
                             key=lambda f: (-f.incidents, -f.held, f.place.label)),
        "case_url": reverse("records:case-detail", args=[ref]),
    })


def _counts(case: Case, figures: CaseFigures) -> list[tuple[str, int, str]]:
    ref = case.reference
    return [
        (_("Incidents"), figures.incidents, _list_url("incident", case=ref)),
        (_("Acts"), figures.acts, _list_url("act", case=ref)),
        (_("Victims"), figures.victims, ""),
        (_("Perpetrators"), figures.perpetrators, ""),
        (_("Testimonies"), figures.testimonies, _list_url("testimony", case=ref)),
        (_("Evidence items"), figures.evidence, ""),
    ]
