"""The search page and the case dashboard.

Both read only what the reader may see (`sprava.search.engine`, `permissions.visible_cases`);
a case the reader is not a member of is "not found", like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sprava.accounts import permissions
from sprava.accounts.permissions import Permission
from sprava.cases.models import Case
from sprava.collation import sorted_by
from sprava.records.identity import Disclosure
from sprava.records.models import Place
from sprava.search import engine, timeline
from sprava.search.figures import CaseFigures, PlaceFigure, case_figures
from sprava.search.query import MAX_LENGTH, Query, parse
from sprava.search.timeline import Bucket
from sprava.web.insight import charts
from sprava.web.insight.results import ROWS, Row
from sprava.web.paging import BoundedPaginator

SUMMARY_SIZE = 5
PAGE_SIZE = 25
SEARCH_CHANNEL = "web:search"


@dataclass(frozen=True)
class Group:
    name: str
    title: str | Promise
    plural: str | Promise
    rows: tuple[Row, ...]
    url: str
    """This kind alone, all pages."""
    paginator: BoundedPaginator

    @property
    def count(self) -> int:
        return self.paginator.count

    @property
    def count_text(self) -> str:
        """The count as shown: "20,000+" when counting stopped there."""
        return counted(self.count) if self.paginator.exact else self.paginator.bound + "+"


def counted(number: int) -> str:
    return number_format(number, force_grouping=True)


def _reader(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware lets no anonymous visitor in
    return user


def _group(request: HttpRequest, user: User, query: Query, name: str, only: str,
           disclosure: Disclosure) -> tuple[Group, Page[Any] | None]:
    """One kind's results: its count, and its rows when shown (a summary, or a whole page).

    Counted as far as the page needs and no further, as the lists are: a common word in a
    million acts is "1,000+", not a count of every match.
    """
    kind = engine.KINDS[name]
    alone = only == name
    paginator = BoundedPaginator(engine.find(user, query, name),
                                 PAGE_SIZE if alone else SUMMARY_SIZE)
    page = paginator.get_page(request.GET.get("page") if alone else 1)
    rows: tuple[Row, ...] = ()
    if paginator.count and (alone or not only):
        rows = tuple(ROWS[name](obj, query, disclosure) for obj in page.object_list)
    url = "?" + urlencode({"q": query.text, "kind": name})
    return Group(name=name, title=kind.title, plural=kind.plural, rows=rows, url=url,
                 paginator=paginator), page if alone and paginator.count else None


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    query = parse(request.GET.get("q", ""))
    only = request.GET.get("kind", "")
    if only not in engine.KINDS:
        only = ""
    disclosure = Disclosure(permissions.identity_case_ids(user))
    groups: list[Group] = []
    page: Page[Any] | None = None
    for name in engine.KINDS if not query.empty else ():
        group, group_page = _group(request, user, query, name, only, disclosure)
        groups.append(group)
        page = page or group_page
    response = render(request, "insight/search.html", {
        "query": query, "only": only, "only_kind": engine.KINDS.get(only), "groups": groups,
        "page": page,
        "total": sum(group.count for group in groups), "max_length": MAX_LENGTH,
        "total_text": counted(sum(group.count for group in groups))
        + ("" if all(group.paginator.exact for group in groups) else "+"),
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


@require_GET
def dashboard(request: HttpRequest, reference: str) -> HttpResponse:
    user = _reader(request)
    case = permissions.visible_cases(user).filter(reference=reference).first()
    if case is None or not permissions.can(user, Permission.VIEW, case):
        raise Http404("no case here")
    figures = case_figures(case, Disclosure(permissions.identity_case_ids(user)))
    ref = case.reference

    def bucket_link(bucket: Bucket) -> str:
        return _list_url("incident", case=ref, start=bucket.start.isoformat(),
                         end=bucket.end.isoformat())

    def place_link(figure: PlaceFigure) -> str:
        return reverse("records:place-detail", args=[figure.place.pk])

    buckets = timeline.timeline(figures.months, figures.days)
    widest = max((count for _, count in figures.acts_by_type), default=1)
    region_labels = {place.code: place.label for place in Place.objects.filter(kind="region")}
    return render(request, "insight/dashboard.html", {
        "case": case, "figures": figures,
        "counts": _counts(case, figures),
        "acts_by_type": [(act_type, count, _list_url("act", case=ref, act_type=act_type.code),
                          round(100 * count / widest, 1))
                         for act_type, count in figures.acts_by_type],
        "timeline": charts.timeline(buckets, bucket_link),
        "month_only": buckets.month_only if buckets else (),
        "map": charts.belarus_map(figures.places, region_labels, place_link),
        # The busiest first; places of equal figures in the reader's alphabet.
        "place_rows": sorted(sorted_by((f for f in figures.places if f.incidents or f.held),
                                       lambda f: f.place.label),
                             key=lambda f: (-f.incidents, -f.held)),
        "case_url": reverse("records:case-detail", args=[ref]),
    })


def _counts(case: Case, figures: CaseFigures) -> list[tuple[str, int, str]]:
    ref = case.reference
    return [
        (_("Incidents"), figures.incidents, _list_url("incident", case=ref)),
        (_("Acts"), figures.acts, _list_url("act", case=ref)),
        (_("Victims"), figures.victims, _list_url("person", case=ref, party="victim")),
        (_("Perpetrators"), figures.perpetrators,
         _list_url("person", case=ref, party="perpetrator")),
        (_("Testimonies"), figures.testimonies, _list_url("testimony", case=ref)),
        (_("Evidence items"), figures.evidence, ""),
    ]
