"""Paging through long lists without counting every row on every page.

An exact COUNT over a million acts costs more than fetching the fifty on the page, on SQLite and
PostgreSQL alike, and the reader gains nothing from "1,000,000" over "more than 10,000" while
paging. So a list counts at most `cap` rows (or just past the page asked for, so that every
page up to it stays reachable): below that the count is exact, above it the pager says "more
than" and offers the next page, not the last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import cached_property

from sprava import ids

COUNT_CAP = 1_000
# Rows a deep page may make us count (page 20,000 of fifty); a larger page number is read as this
# page, so no request can put an absurd LIMIT into the SQL.
MAX_COUNTED = 1_000_000


if TYPE_CHECKING:
    _Paginator = Paginator[Any]  # generic for the type checker only; not subscriptable at run time
else:
    _Paginator = Paginator


class BoundedPaginator(_Paginator):
    """Counts one row past what it needs (`limit` = bound + 1): that row tells "exactly n" from
    "more than n". `get_page` is the way in: it sets how far to count for the page asked."""

    def __init__(self, object_list: Any, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap
        self.limit = self.cap + 1

    def get_page(self, number: Any) -> Page[Any]:
        last = MAX_COUNTED // self.per_page
        try:
            asked = ids.parse_positive(number, maximum=last)
        except ids.NumberTooLarge:
            asked = last
        except ids.InvalidNumber:  # missing, "0", "-1", "1.5", "١٢": the first page
            asked = 1
        # Count far enough to tell whether the asked page exists and whether one follows it.
        self.limit = max(self.cap, asked * self.per_page) + 1
        return super().get_page(asked)

    @cached_property
    def count(self) -> int:
        # Without the sort: counting needs no order, and a sort without an index is slow.
        return int(self.object_list.order_by()[: self.limit].count())  # type: ignore[attr-defined]

    @property
    def exact(self) -> bool:
        """Whether `count` is the whole list (else there are more rows than were counted)."""
        return self.count < self.limit

    @property
    def bound(self) -> str:
        """How many rows were counted, as a number to show ("more than 1,000")."""
        return number_format(self.limit - 1, force_grouping=True)


def pager_query(request: HttpRequest, names: tuple[str, ...]) -> str:
    """The list's own parameters, for the pager's links (without the page)."""
    kept = [(name, value) for name in names if (value := request.GET.get(name, "").strip())]
    return urlencode(kept, quote_via=quote)
