"""What every query of one computation of the contextual figures shares: the case's acts, the
divisions, the unit of time; and the one count the ORM cannot say in one query."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, Min, QuerySet
from django.db.models.expressions import Combinable

from sprava.analysis.periods import Unit, last_day, period_or_null, start_of
from sprava.analysis.regions import Divisions
from sprava.analysis.tallies import Params, params
from sprava.cases.models import Case
from sprava.records.models import Act, Precision

__all__ = ["Scope", "count_by_first", "grouped"]


@dataclass(frozen=True)
class Scope:
    case: Case
    acts: QuerySet[Act]
    divisions: Divisions
    unit: Unit

    @property
    def reference(self) -> str:
        return self.case.reference

    def run(self, first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
        """The first day of every period from `first`'s to `last`'s."""
        start = first
        while start <= last:
            yield start
            start = last_day(start, self.unit) + datetime.timedelta(days=1)

    def spread(self, prefix: str = "") -> dict[str, Any]:
        """The aggregates of every row of the figures: acts, distinct victims, distinct periods
        and distinct regions. `prefix` leads from the rows to the act ("act__" from an
        involvement: an act with two involvements of one unit then counts once)."""
        acts = Count(prefix.removesuffix("__"), distinct=True) if prefix else Count("pk")
        return {"n_acts": acts, "n_victims": Count(f"{prefix}victim", distinct=True),
                "n_periods": Count(period_or_null(self.unit, prefix), distinct=True),
                "n_regions": Count(self.divisions.of(prefix), distinct=True)}

    def period_params(self, start: datetime.date, **more: str) -> Params:
        """The acts list of one period (and `more`): those a period holds, as the figures
        count them (`sprava.analysis.periods`)."""
        if self.unit is Unit.DAY:
            day = start.isoformat()
            return params(self.reference, **more, start=day, end=day, precision=Precision.DAY)
        return params(self.reference, **more, month=start.isoformat()[:7])


def grouped(rows: Any) -> list[dict[str, Any]]:
    """The rows of a `values(...).annotate(...)` query, read once, as plain dictionaries."""
    return list(rows)


def count_by_first(rows: QuerySet[Any], group: str, value: Combinable) -> dict[datetime.date, int]:
    """How many `group`s (victims) have their smallest `value` (first period) on each date.

    A count of a GROUP BY over a GROUP BY, which the ORM cannot put in one query: the inner
    query is the ORM's own SQL, so its filters (the case, the precision rule) are the same as
    every other figure's, and the outer one only counts its rows.
    """
    inner = rows.order_by().values(group).annotate(debut=Min(value)).values("debut")
    sql, sql_params = inner.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SELECT firsts.debut, COUNT(*) FROM ({sql}) firsts "  # noqa: S608
                       f"GROUP BY firsts.debut", sql_params)
        return {start_of(debut): count for debut, count in cursor.fetchall()}
