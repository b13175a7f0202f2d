"""The days a post covers, read from its dates as precisely as they are known.

One rule for every figure of command (the person page, the ranked superiors, the chart at a
date), in Python (`Tenure`) and in SQL (`covering`), tested to agree:

- A post known to the day covers its days; known to the month, the whole of its first and last
  months; known to the year ("in post in 2015"), the whole of its years. An approximate date
  ("c. 2015-06") covers its year: "around" is not narrower than a year.
- No end date: the post is held to this day (a documenter records when someone left, if known).
- No start date, or a precision of "unknown": the post cannot be placed in time. It is listed,
  never counted: an act cannot be said to fall in a tenure nobody can date.

An act is placed by its own start date, as the acts list filters it (`start` and `end` of the
list are the tenure's first and last days), so that a count here is the count of the list it
links to.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Q

from sprava.records.models import Precision


class Dated(Protocol):
    start_date: datetime.date | None
    end_date: datetime.date | None
    date_precision: str


def _first_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.MONTH:
        return day.replace(day=1)
    if precision in (Precision.YEAR, Precision.APPROXIMATE):
        return datetime.date(day.year, 1, 1)
    return day


def _last_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision in (Precision.YEAR, Precision.APPROXIMATE):
        return datetime.date(day.year, 12, 31)
    return day


@dataclass(frozen=True)
class Tenure:
    """The days a post covers: from `first` to `last` (None: to this day). Undated when
    `first` is None."""

    first: datetime.date | None
    last: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.first is None and self.last is not None:
            raise ValueError("an undated tenure has no last day")
        if self.first is not None and self.last is not None and self.last < self.first:
            raise ValueError(f"a tenure cannot end ({self.last}) before it starts ({self.first})")

    @classmethod
    def of(cls, span: Dated) -> Tenure:
        precision = span.date_precision
        if span.start_date is None or precision == Precision.UNKNOWN:
            return cls(None)
        first = _first_day(span.start_date, precision)
        last = None if span.end_date is None else _last_day(span.end_date, precision)
        if last is not None and last < first:
            # The record rules forbid it; read as undated (covering nothing, as `covering`
            # finds it), never as a crash of the page.
            return cls(None)
        return cls(first, last)

    @property
    def dated(self) -> bool:
        return self.first is not None

    @property
    def open(self) -> bool:
        """Held to this day (no end recorded)."""
        return self.dated and self.last is None

    def last_or(self, today: datetime.date) -> datetime.date:
        assert self.first is not None, "an undated tenure has no days"
        return self.last if self.last is not None else max(today, self.first)

    def covers(self, day: datetime.date) -> bool:
        if self.first is None or day < self.first:
            return False
        return self.last is None or day <= self.last

    def within(self, first: datetime.date, last: datetime.date) -> tuple[datetime.date,
                                                                         datetime.date] | None:
        """The days of this tenure between `first` and `last`, or None if it has none there."""
        if self.first is None:
            return None
        start = max(first, self.first)
        end = last if self.last is None else min(last, self.last)
        return (start, end) if start <= end else None


def covering(day: datetime.date, path: str = "") -> Q:
    """Posts (or rows reaching them by `path`) whose tenure covers `day`: `Tenure.covers` as a
    filter, so that the database picks the holders of a date by the same rule."""
    prefix = f"{path}__" if path else ""

    def held(precision: list[str], first: datetime.date, last: datetime.date) -> Q:
        # Started on or before the day's last possible day, ended on or after its first.
        return (Q(**{f"{prefix}date_precision__in": precision,
                     f"{prefix}start_date__lte": last})
                & (Q(**{f"{prefix}end_date__isnull": True})
                   | Q(**{f"{prefix}end_date__gte": first})))

    month = (day.replace(day=1), _last_day(day, Precision.MONTH))
    year = (datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    return (held([Precision.DAY], day, day)
            | held([Precision.MONTH], *month)
            | held([Precision.YEAR, Precision.APPROXIMATE], *year))
