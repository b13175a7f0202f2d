"""Dates as precise as they are known, and what can be said of two spans: certainly, possibly,
or not at all.

A record's date stands for every day it may be (`records.models.dates`): a date known to the
month is any day of that month, to the year any day of that year, an approximate one any day
within the rules' margin of it, an unknown one any day at all. So a span known to the month
runs from some day of its first month to some day of its last: it surely covers the days in
between, and may cover the days of the months at its ends. Each question below answers
CERTAIN when every reading of the dates agrees, UNCERTAIN when some do, and None when none
does; a rule then proposes, says "uncertain", or stays silent.

A span with no end is still going on (custody: "empty while the person is still held"; a
post: still held): it ends today. An act with no end took place on its start.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

EARLIEST = datetime.date.min
LATEST = datetime.date.max


class Certainty(StrEnum):
    CERTAIN = "certain"
    UNCERTAIN = "uncertain"


def weakest(first: Certainty | None, then: Certainty | None) -> Certainty | None:
    """Both hold: as certain as the less certain of them (None if either fails)."""
    if first is None or then is None:
        return None
    return first if first is Certainty.UNCERTAIN else then


def strongest(*found: Certainty | None) -> Certainty | None:
    """Either (any) holds: as certain as the most certain of them."""
    if Certainty.CERTAIN in found:
        return Certainty.CERTAIN
    return Certainty.UNCERTAIN if Certainty.UNCERTAIN in found else None


@dataclass(frozen=True)
class Day:
    """The first and the last day a recorded date may be."""

    lo: datetime.date
    hi: datetime.date

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError("a date's earliest reading comes after its latest")


ANY_DAY = Day(EARLIEST, LATEST)


def day(value: datetime.date | None, precision: str, margin: int) -> Day:
    """The days a recorded date may be, at its precision."""
    if value is None or precision == "unknown":
        return ANY_DAY
    if precision == "month":
        last = calendar.monthrange(value.year, value.month)[1]
        return Day(value.replace(day=1), value.replace(day=last))
    if precision == "year":
        return Day(datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31))
    if precision == "approximate":
        return Day(_shift(value, -margin), _shift(value, margin))
    return Day(value, value)


def _shift(value: datetime.date, days: int) -> datetime.date:
    try:
        return value + datetime.timedelta(days=days)
    except OverflowError:
        return EARLIEST if days < 0 else LATEST


@dataclass(frozen=True)
class Span:
    start: Day
    end: Day

    @classmethod
    def of(cls, start: datetime.date | None, end: datetime.date | None, precision: str, *,
           margin: int, today: datetime.date, ongoing: bool) -> Span:
        """A record's span. `ongoing`: a missing end means still going on (custody, a post);
        otherwise the span ends on its start (an act)."""
        first = day(start, precision, margin)
        if end is not None:
            last = day(end, precision, margin)
        elif ongoing:
            last = Day(today, today)
        else:
            last = first
        if last.hi < first.lo:  # an end before the start (the dates rule refuses it): the start
            last = first
        # The end is no earlier than the start, whichever reading: an unknown start is no
        # later than the end's latest day.
        first = Day(first.lo, min(first.hi, last.hi))
        last = Day(max(last.lo, first.lo), last.hi)
        return cls(first, last)


def covers(outer: Span, inner: Span) -> Certainty | None:
    """Whether `outer` takes in the whole of `inner` (custody at the time of an act)."""
    if outer.end.hi < inner.start.lo or inner.end.hi < outer.start.lo:
        return None  # no reading lets them meet
    if outer.start.hi <= inner.start.lo and inner.end.hi <= outer.end.lo:
        return Certainty.CERTAIN
    return Certainty.UNCERTAIN


def held_from(event: Span, period: Span, gap: int) -> Certainty | None:
    """Whether `period` holds the person from the time of `event` on: it has begun by the
    event's end (or at most `gap` days after) and has not ended before the event began. An
    arrest and the custody it begins; a beating in a cell and the custody it took place in."""
    if _shift(event.end.hi, gap) < period.start.lo or period.end.hi < event.start.lo:
        return None
    if period.start.hi <= _shift(event.end.lo, gap) and period.end.lo >= event.start.hi:
        return Certainty.CERTAIN
    return Certainty.UNCERTAIN


def continues(first: Span, then: Span, gap: int) -> Certainty | None:
    """Whether `then` carries on from `first` without a break of more than `gap` days: a
    transfer from one place of detention to the next."""
    if _shift(first.end.hi, gap) < then.start.lo or then.end.hi < first.end.lo:
        return None
    if then.start.hi <= _shift(first.end.lo, gap) and then.end.lo >= first.end.hi:
        return Certainty.CERTAIN
    return Certainty.UNCERTAIN


def longer_than(span: Span, days: int) -> Certainty | None:
    """Whether more than `days` days pass from the span's first day to its last: held from the
    9th to the 13th is more than three days (at least 72 hours and a minute), to the 12th not
    surely, so not at all: the days' hours are not recorded."""
    shortest = (span.end.lo - span.start.hi).days
    longest = (span.end.hi - span.start.lo).days
    if longest <= days:
        return None
    return Certainty.CERTAIN if shortest > days else Certainty.UNCERTAIN
