"""Acts and victims of units within date windows, counted exactly, in bounded queries.

Two reads serve every figure of command:

- `activity`: the involvements of some cases, grouped by unit and month in SQL (acts, and the
  first and last act date of each group). It says which units were involved at all, and when,
  so that a window with nothing in it is never sent to the database.
- `count`: for many claims at once, the distinct acts and distinct victims that fall in each.
  A claim is a set of windows (a unit and a span of days); an act falls in it when one of its
  involvements names a unit of a window and the act's start date lies in that window. "Every
  unit under the ministry while X headed it" is one claim of as many windows as units.

Counts are of distinct acts and distinct victims, so they cannot be summed across units or
months (one act by two units is one act; one victim beaten twice is one victim): each claim
is counted as a whole, by one join of the involvements with a table of the claims' windows,
grouped by claim. Its cost grows with the involvements that fall in some window, not with the
number of claims or of acts.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Count, DateField, F, Func, Max, Min, QuerySet
from django.db.models.functions import TruncMonth

from sprava.records.models import Involvement

K = TypeVar("K", bound=Hashable)

# Rows of the windows' table sent in one statement: four parameters each, well under SQLite's
# 32,766 (and the statement stays small). Claims beyond it go in further statements, each
# joining only its own windows, so nothing is read twice.
ROWS_PER_STATEMENT = 2000


@dataclass(frozen=True, order=True)
class Window:
    """Involvements of one unit in acts that started from `first` to `last`, both included."""

    unit_id: int
    first: datetime.date
    last: datetime.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a window cannot end ({self.last}) before it starts ({self.first})")


@dataclass(frozen=True)
class Tally:
    acts: int = 0
    victims: int = 0

    def __post_init__(self) -> None:
        if self.acts < 0 or self.victims < 0 or self.victims > self.acts:
            raise ValueError(f"impossible tally: {self.acts} acts, {self.victims} victims")


NOTHING = Tally()


@dataclass(frozen=True)
class Activity:
    """The acts of one unit in one month: how many, and the first and last day among them."""

    unit_id: int
    month: datetime.date
    acts: int
    first: datetime.date
    last: datetime.date

    def meets(self, first: datetime.date, last: datetime.date) -> bool:
        return self.first <= last and first <= self.last

    def inside(self, first: datetime.date, last: datetime.date) -> bool:
        return first <= self.first and self.last <= last


class MonthOf(TruncMonth):
    """The first day of a date's month. On SQLite, `TruncMonth` calls a Python function per
    row (Django's `django_date_trunc`), which took as long as the rest of the query; a date
    there is its ISO text, so its first seven characters are its month."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        month = Func(*self.get_source_expressions(), function="substr", template=(
            "substr(%(expressions)s, 1, 7) || '-01'"), output_field=DateField())
        return month.as_sql(compiler, connection, **extra)


def activity(involvements: QuerySet[Involvement]) -> list[Activity]:
    """The involvements' acts per unit and month (dated acts of named units only)."""
    rows = (involvements.order_by()
            .filter(organisation__isnull=False, act__start_date__isnull=False)
            .annotate(month=MonthOf("act__start_date"))
            .values("organisation_id", "month")
            .annotate(acts=Count("act_id", distinct=True), first=Min("act__start_date"),
                      last=Max("act__start_date")))
    return [Activity(unit_id=row["organisation_id"], month=row["month"], acts=row["acts"],
                     first=row["first"], last=row["last"]) for row in rows]


def count(involvements: QuerySet[Involvement],
          claims: Mapping[K, Iterable[Window]]) -> dict[K, Tally]:
    """Distinct acts and victims of each claim, among `involvements` (already narrowed to the
    cases the reader may see). A claim with no window, or nothing in its windows, is
    `NOTHING`."""
    # The same set of windows is counted once, whatever number of claims share it (every
    # holder of one post over the same months).
    keys: dict[frozenset[Window], int] = {}
    claim_of: dict[K, int] = {}
    for key, windows in claims.items():
        shape = frozenset(windows)
        if shape:
            claim_of[key] = keys.setdefault(shape, len(keys))
    tallies: dict[int, Tally] = {}
    rows = [(number, window) for shape, number in keys.items() for window in sorted(shape)]
    while rows:
        # A claim's windows are never split between statements: its count must be whole.
        cut = min(len(rows), ROWS_PER_STATEMENT)
        while cut < len(rows) and rows[cut][0] == rows[cut - 1][0]:
            cut += 1
        chunk, rows = rows[:cut], rows[cut:]
        tallies.update(_count(involvements, chunk))
    return {key: tallies.get(number, NOTHING) for key, number in claim_of.items()}


def _count(involvements: QuerySet[Involvement],
           rows: list[tuple[int, Window]]) -> dict[int, Tally]:
    base = (involvements.order_by().filter(organisation__isnull=False)
            .values(c_unit=F("organisation_id"), c_act=F("act_id"),
                    c_victim=F("act__victim_id"), c_day=F("act__start_date")))
    connection = connections[base.db]
    base_sql, base_params = base.query.sql_with_params()
    day = connection.ops.adapt_datefield_value
    params: list[Any] = []
    for number, window in rows:
        params += [number, window.unit_id, day(window.first), day(window.last)]
    # PostgreSQL types the columns of a VALUES list from its first row: the dates say they
    # are dates. (SQLite holds dates as ISO text, and a CAST there would make them numbers.)
    cast = "::date" if connection.vendor == "postgresql" else ""
    values = ", ".join([f"(%s, %s, %s{cast}, %s{cast})"] * len(rows))
    # Raw SQL for the one thing the ORM cannot say: a join with a table of values. The base
    # query is the ORM's own (its case filter included); only the windows are added here,
    # as placeholders.
    sql = (f"WITH windows (claim, unit, first_day, last_day) AS (VALUES {values}) "  # noqa: S608
           "SELECT windows.claim, COUNT(DISTINCT base.c_act), COUNT(DISTINCT base.c_victim) "
           f"FROM ({base_sql}) base JOIN windows ON base.c_unit = windows.unit "
           "AND base.c_day >= windows.first_day AND base.c_day <= windows.last_day "
           "GROUP BY windows.claim")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *base_params])
        return {number: Tally(acts, victims) for number, acts, victims in cursor.fetchall()}
