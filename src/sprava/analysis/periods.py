"""The periods the contextual figures count acts in: months, or days for a short case, and the
rule of which acts a period may hold.

A figure never claims more precision than the record has (`records.models.dates`):

- a month holds the acts dated to the day, to the month, or approximately ("c. 10 August" is
  in August); an act known only to the year, or not dated, is in no month;
- a day holds only the acts dated to the day.

Acts that no period may hold are counted apart, by their precision ("date not precise
enough"), never spread over the periods.

By day when the dated acts span less than `DAYS_UNDER` days (about two months) and at least
half of them are known to the day; otherwise by month, where every dated act has its period.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Case, CharField, F, Func, Q, Value, When
from django.db.models.expressions import Combinable

from sprava.records.models import Precision

__all__ = ["DAYS_UNDER", "MONTHLY", "Unit", "choose_unit", "held_q", "in_month", "last_day",
           "month_end", "of_precision", "period", "period_or_null", "precision_of", "start_of"]

DAYS_UNDER = 62
MONTHLY = (Precision.DAY, Precision.MONTH, Precision.APPROXIMATE)
"""The precisions a month holds."""
UNDATED = Precision.UNKNOWN
"""How an act without a start date is counted apart, whatever precision it says."""


class Unit(StrEnum):
    DAY = "day"
    MONTH = "month"

    @property
    def precisions(self) -> tuple[str, ...]:
        return (Precision.DAY,) if self is Unit.DAY else tuple(MONTHLY)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def last_day(start: datetime.date, unit: Unit) -> datetime.date:
    return start if unit is Unit.DAY else month_end(start)


def choose_unit(first: datetime.date | None, last: datetime.date | None, *, daily: int,
                monthly: int) -> Unit:
    """The unit for acts dated from `first` to `last` (a month-precise act's last day
    counting as `last`): `daily` of the `monthly` acts a month may hold are known to the day."""
    if first is None or last is None or not monthly:
        return Unit.MONTH
    if (last - first).days + 1 < DAYS_UNDER and 2 * daily >= monthly:
        return Unit.DAY
    return Unit.MONTH


def held_q(unit: Unit, prefix: str = "") -> Q:
    """Acts a period of `unit` may hold (a filter); `prefix` leads from the rows to the act."""
    return Q(**{f"{prefix}start_date__isnull": False,
                f"{prefix}date_precision__in": list(unit.precisions)})


def in_month(month: datetime.date) -> Q:
    """The acts a month holds (the acts list's `month` filter): those the figures count in it."""
    first = month.replace(day=1)
    return held_q(Unit.MONTH) & Q(start_date__gte=first, start_date__lte=month_end(first))


def of_precision(precision: str) -> Q:
    """Acts whose date has this precision, as `precision_of` reads it (the acts list's
    `precision` filter): "unknown" takes the acts without a start date too."""
    if precision == UNDATED:
        return Q(start_date__isnull=True) | Q(date_precision=UNDATED)
    return Q(start_date__isnull=False, date_precision=precision)


class PeriodKey(Func):
    """An act's period as ISO text, "2020-08" or "2020-08-10", computed by the database itself.

    Not `TruncMonth`: on SQLite that is a Python function called for every row, which made the
    figures of a quarter of a million acts take seconds more than their SQL.
    """

    output_field = CharField()

    def __init__(self, field: str, unit: Unit) -> None:
        super().__init__(F(field))
        self.unit = unit

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps a date as its ISO text.
        length = 10 if self.unit is Unit.DAY else 7
        return self.as_sql(compiler, connection, template=f"SUBSTR(%(expressions)s, 1, {length})",
                           **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        pattern = "YYYY-MM-DD" if self.unit is Unit.DAY else "YYYY-MM"
        return self.as_sql(compiler, connection,
                           template=f"TO_CHAR(%(expressions)s, '{pattern}')", **extra)


def period(unit: Unit, prefix: str = "") -> Combinable:
    """The period of an act that `held_q` keeps, as `PeriodKey` text (`start_of` reads it)."""
    return PeriodKey(f"{prefix}start_date", unit)


def start_of(key: Any) -> datetime.date:
    """The first day of the period a `PeriodKey` names."""
    text = str(key)
    if len(text) == 7:
        return datetime.date(int(text[:4]), int(text[5:7]), 1)
    return datetime.date.fromisoformat(text[:10])


def period_or_null(unit: Unit, prefix: str = "") -> Case:
    """`period`, NULL for an act no period holds: what a count of distinct periods counts."""
    return Case(When(held_q(unit, prefix), then=period(unit, prefix)), default=None,
                output_field=CharField())


def precision_of(prefix: str = "") -> Case:
    """How an act no period holds is counted apart: its precision, "unknown" when it has no
    start date whatever precision it says (the acts list's `precision` filter reads it so)."""
    return Case(When(**{f"{prefix}start_date__isnull": True}, then=Value(UNDATED)),
                default=F(f"{prefix}date_precision"), output_field=CharField())
