"""The bars of a case's timeline: days, weeks or months, as fits the time the case spans.

A case about one week of August 2020 drawn per month is one bar, which tells nothing; ten years
drawn per day are thousands of slivers. So the span of the dated incidents chooses the unit:

- days, when the incidents span at most `DAYS_AT_MOST` days (about three months);
- weeks (Monday to Sunday, as in Belarus and the ISO calendar) up to `WEEKS_AT_MOST` days;
- months beyond.

No bar claims more precision than the records have: a day or a week holds only incidents whose
date is known to the day. Incidents known only to the month (or approximately) are then
counted per month apart (`month_only`), and when they are most of the dated incidents the
timeline stays per month, where every one of them has its bar.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DAYS_AT_MOST", "WEEKS_AT_MOST", "Bucket", "Timeline", "Unit", "choose_unit",
           "timeline"]

DAYS_AT_MOST = 92
WEEKS_AT_MOST = 366

_DAY = datetime.timedelta(days=1)


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Bucket:
    start: datetime.date
    end: datetime.date
    """The last day of the bucket (a month's last day, a week's Sunday)."""
    count: int


@dataclass(frozen=True)
class Timeline:
    unit: Unit
    buckets: tuple[Bucket, ...]
    """Every bucket from the first dated incident's to the last one's, empty ones too."""
    month_only: tuple[tuple[datetime.date, int], ...] = ()
    """(first day of the month, incidents) known only to the month, not in day or week bars."""


def choose_unit(first: datetime.date, last: datetime.date) -> Unit:
    """The bar of a timeline from `first` to `last` (both days included)."""
    span = (last - first).days + 1
    if span <= DAYS_AT_MOST:
        return Unit.DAY
    if span <= WEEKS_AT_MOST:
        return Unit.WEEK
    return Unit.MONTH


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - _DAY


def _start_of(day: datetime.date, unit: Unit) -> datetime.date:
    if unit is Unit.DAY:
        return day
    if unit is Unit.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _end_of(start: datetime.date, unit: Unit) -> datetime.date:
    if unit is Unit.DAY:
        return start
    if unit is Unit.WEEK:
        return start + datetime.timedelta(days=6)
    return _month_end(start)


def _run(counts: dict[datetime.date, int], unit: Unit) -> tuple[Bucket, ...]:
    """Buckets from the first key's to the last key's, every one in between included."""
    buckets = []
    start, last = _start_of(min(counts), unit), _start_of(max(counts), unit)
    while start <= last:
        end = _end_of(start, unit)
        buckets.append(Bucket(start=start, end=end, count=counts.get(start, 0)))
        start = end + _DAY
    return tuple(buckets)


def timeline(months: Sequence[tuple[datetime.date, int]],
             days: Sequence[tuple[datetime.date, int]]) -> Timeline | None:
    """The buckets of `months` (every dated incident, by month: `CaseFigures.months`) and
    `days` (those known to the day: `CaseFigures.days`); None when nothing is dated."""
    by_month = {month: count for month, count in months if count}
    if not by_month:
        return None
    precise = sum(count for _, count in days)
    month_only: dict[datetime.date, int] = dict(by_month)
    for day, count in days:
        month_only[day.replace(day=1)] -= count
    month_only = {month: count for month, count in month_only.items() if count > 0}
    # The span: from the first dated incident to the last, a month-only one counting as its
    # whole month.
    ends = [day for day, _ in days]
    for month in month_only:
        ends += [month, _month_end(month)]
    unit = choose_unit(min(ends), max(ends))
    if unit is Unit.MONTH or 2 * precise < sum(by_month.values()):
        return Timeline(unit=Unit.MONTH, buckets=_run(by_month, Unit.MONTH))
    counts: dict[datetime.date, int] = {}
    for day, count in days:
        start = _start_of(day, unit)
        counts[start] = counts.get(start, 0) + count
    # Empty buckets stretch the run to the span, so that month-only incidents at either end
    # still fall within the drawing's dates.
    for end in (min(ends), max(ends)):
        counts.setdefault(_start_of(end, unit), 0)
    return Timeline(unit=unit, buckets=_run(counts, unit),
                    month_only=tuple(sorted(month_only.items())))
