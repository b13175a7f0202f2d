"""The figures of one case, for its dashboard: counts, incidents by month, incidents by place.

Everything is counted in the database, a fixed number of queries whatever the size of the case.
The caller checks that the reader may see the case; nothing here names a person.

Definitions (so that the numbers can be explained to a court):

- victims, perpetrators: as `sprava.records.tally` defines them for every page;
- evidence: items that arrived for the case or are linked to one of its incidents, acts,
  testimonies, or persons with a role in it (the rule of `sprava.evidence.visibility`);
- months: incidents whose date is known to the month or better (day, month, approximate);
  incidents known only to the year are counted per year, undated ones apart, so that no bar
  claims more precision than the record has;
- days: incidents whose date is known to the day (not "approximate": "c. 10 August" is no
  day's bar).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from sprava.accounts.permissions import in_cases
from sprava.cases.models import Case
from sprava.evidence.models import Item
from sprava.evidence.visibility import items_reaching
from sprava.records import tally
from sprava.records.identity import Disclosure, Fact
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Incident,
    PersonRole,
    Place,
    PlaceKind,
    Precision,
    Testimony,
)

__all__ = ["CaseFigures", "PlaceFigure", "case_figures"]


@dataclass(frozen=True)
class PlaceFigure:
    place: Place
    incidents: int
    """Incidents of the case recorded at this place."""
    held: int
    """Persons with a role in the case held at this place (custody periods)."""

    @property
    def detention(self) -> bool:
        return self.place.kind == PlaceKind.DETENTION

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """(latitude, longitude) of the place, else of the place it lies within."""
        for place in (self.place, self.place.parent):
            if place is not None and place.latitude is not None and place.longitude is not None:
                return float(place.latitude), float(place.longitude)
        return None


@dataclass(frozen=True)
class CaseFigures:
    incidents: int
    acts: int
    victims: int
    perpetrators: int
    testimonies: int
    evidence: int
    acts_by_type: list[tuple[ActType, int]] = field(default_factory=list)
    months: list[tuple[datetime.date, int]] = field(default_factory=list)
    """(first day of the month, incidents) for every month from the first to the last."""
    days: list[tuple[datetime.date, int]] = field(default_factory=list)
    """(day, incidents) for the days with incidents whose date is known to the day (no gaps
    filled in: the chart chooses its buckets, see `sprava.search.timeline`)."""
    years_only: list[tuple[int, int]] = field(default_factory=list)
    undated: int = 0
    places: list[PlaceFigure] = field(default_factory=list)
    """Places with incidents or detentions in the case, and every place of detention."""


def _evidence(case: Case) -> int:
    return Item.objects.filter(items_reaching([case.pk])).count()


def _acts_by_type(case: Case) -> list[tuple[ActType, int]]:
    counts = dict(Act.objects.filter(in_cases(Act, case)).values("act_type")
                  .annotate(n=Count("id")).order_by().values_list("act_type", "n"))
    types = ActType.objects.filter(pk__in=counts).order_by("order", "code")
    return sorted(((t, counts[t.pk]) for t in types), key=lambda pair: (-pair[1], pair[0].order))


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class _Dates:
    months: list[tuple[datetime.date, int]]
    days: list[tuple[datetime.date, int]]
    years_only: list[tuple[int, int]]
    undated: int


def _timeline(case: Case) -> _Dates:
    # One row per start date and precision: at most a few thousand even for years of work.
    rows = (Incident.objects.filter(case=case)
            .values("start_date", "date_precision").annotate(n=Count("id")).order_by()
            .values_list("start_date", "date_precision", "n"))
    by_month: dict[datetime.date, int] = {}
    by_day: dict[datetime.date, int] = {}
    by_year: dict[int, int] = {}
    undated = 0
    for start, precision, count in rows:
        if start is None or precision == Precision.UNKNOWN:
            undated += count
        elif precision == Precision.YEAR:
            by_year[start.year] = by_year.get(start.year, 0) + count
        else:
            month = start.replace(day=1)
            by_month[month] = by_month.get(month, 0) + count
            if precision == Precision.DAY:
                by_day[start] = by_day.get(start, 0) + count
    months: list[tuple[datetime.date, int]] = []
    if by_month:
        day, last = min(by_month), max(by_month)
        while day <= last:
            months.append((day, by_month.get(day, 0)))
            day = _next_month(day)
    return _Dates(months=months, days=sorted(by_day.items()), years_only=sorted(by_year.items()),
                  undated=undated)


def _places(case: Case, disclosure: Disclosure) -> list[PlaceFigure]:
    incidents = dict(Incident.objects.filter(case=case, place__isnull=False)
                     .values("place").annotate(n=Count("id")).order_by()
                     .values_list("place", "n"))
    persons = PersonRole.objects.filter(case=case).values("person_id")
    # Only the custody the reader may see: a protected person's is an identity fact, and a
    # count that moved with it would tell when and where they were held.
    held = dict(CustodyPeriod.objects.filter(disclosure.shown(Fact.CUSTODY, "person"),
                                             person__in=persons, place__isnull=False)
                .values("place").annotate(n=Count("person", distinct=True)).order_by()
                .values_list("place", "n"))
    places = (Place.objects.filter(Q(pk__in=[*incidents, *held]) | Q(kind=PlaceKind.DETENTION))
              .select_related("parent").order_by("label_en", "id"))
    return [PlaceFigure(place=p, incidents=incidents.get(p.pk, 0), held=held.get(p.pk, 0))
            for p in places]


def case_figures(case: Case, disclosure: Disclosure) -> CaseFigures:
    """The case's figures as a reader with this `disclosure` may see them."""
    dates = _timeline(case)
    return CaseFigures(
        incidents=Incident.objects.filter(case=case).count(),
        acts=Act.objects.filter(in_cases(Act, case)).count(),
        victims=tally.victims([case.pk]).count(),
        perpetrators=tally.perpetrators([case.pk]).count(),
        testimonies=Testimony.objects.filter(case=case).count(),
        evidence=_evidence(case),
        acts_by_type=_acts_by_type(case),
        months=dates.months,
        days=dates.days,
        years_only=dates.years_only,
        undated=dates.undated,
        places=_places(case, disclosure),
    )
