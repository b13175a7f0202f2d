"""The contextual element, computed: the figures of a widespread or systematic attack in one
case (Rome Statute art. 7(1) chapeau; Elements of Crimes, the last two elements of every crime
against humanity), for one reader.

Widespread: acts and distinct victims by act type, by month (by day for a short case), by
region, place, place of detention and unit; how many regions and places; the growth over
time. Systematic: the same act type by the same unit, or at the same place of detention,
recurring across months and regions (`sprava.analysis.patterns`).

Definitions, so that every number can be explained to a court:

- acts: the acts recorded in the case's incidents; victims: the distinct persons who suffered
  them (a person holding the victim role with no act recorded is in no figure here: there is
  nothing to count them by);
- where: an act's place, else its incident's; its region the first-level division that place
  lies in (`sprava.analysis.regions`), "unknown" when it lies in none or nothing is recorded;
- when: as `sprava.analysis.periods` says; acts no period may hold are counted apart by the
  precision of their date, never spread over the periods;
- unit: an organisation named in an involvement of the act; an act with involvements of two
  units counts for each, once;
- held: the case's victims with a custody period at a place of detention, counting only the
  periods the reader may see (a protected person's custody is hidden from a reader without
  identity access to them, `records.identity.HIDDEN_FACTS`, even as a number).

Everything is counted in the database, a fixed number of GROUP BY queries whatever the size of
the case; Python only walks the small place table and the grouped rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet

from sprava.accounts import permissions
from sprava.accounts.errors import PermissionDenied
from sprava.accounts.permissions import Permission, in_cases
from sprava.analysis import patterns
from sprava.analysis.periods import (
    Unit,
    choose_unit,
    held_q,
    last_day,
    month_end,
    period,
    precision_of,
    start_of,
)
from sprava.analysis.regions import ABROAD, UNKNOWN, at, divisions
from sprava.analysis.scope import Scope, count_by_first, grouped
from sprava.analysis.tallies import (
    Facility,
    HeatRow,
    Name,
    Params,
    Pattern,
    Period,
    Row,
    Tally,
    Unplaced,
    params,
)
from sprava.cases.models import Case
from sprava.records.identity import Fact
from sprava.records.models import (
    Act,
    ActType,
    CustodyPeriod,
    Involvement,
    Organisation,
    Place,
    PlaceKind,
    Precision,
)
from sprava.records.reader import Reader

__all__ = ["HEAT_ROWS", "ContextFigures", "context_figures", "no_unit"]

HEAT_ROWS = 20
"""The places of the heat map: the busiest, as many as a page can show in a row each."""


@dataclass(frozen=True)
class ContextFigures:
    case_id: int
    case_reference: str
    unit: Unit
    """Whether `periods` are months or days."""
    total: Tally
    place_count: int
    """Distinct places with an act (an act's place, else its incident's)."""
    region_count: int
    """Distinct first-level divisions with an act."""
    by_type: tuple[Row, ...]
    periods: tuple[Period, ...]
    """Every period from the first act's to the last one's, empty ones too."""
    unplaced: tuple[Unplaced, ...]
    """Acts no period holds ("date not precise enough"), by precision."""
    regions: tuple[Row, ...]
    """Every division, those with acts first."""
    region_unknown: Tally
    region_abroad: Tally
    """Acts at a place in another country than Belarus."""
    places: tuple[Row, ...]
    facilities: tuple[Facility, ...]
    """Places of detention with acts there or victims of the case held there."""
    units: tuple[Row, ...]
    unit_unknown: Tally
    """Acts with no unit named in any of their involvements."""
    heat: tuple[HeatRow, ...]
    """The `HEAT_ROWS` busiest places, across `periods`."""
    patterns: tuple[Pattern, ...]
    """Recurring patterns, the most widely recurring first (`sprava.analysis.patterns`)."""
    policy: tuple[Any, ...] = ()
    """The seam for policy evidence (orders, official statements) linked to the contextual
    elements ctx-1 and ctx-2 by assessments (issue 9, section 2): the legal layer, above this
    one, adds them with `dataclasses.replace`; nothing here reads or invents them."""

    def __post_init__(self) -> None:
        # Each breakdown accounts for every act once: a figure that loses or doubles acts must
        # fail here, not reach a court.
        acts = self.total.acts
        for name, parts in (("periods", [*self.periods, *self.unplaced]),
                            ("regions", [*self.regions, self.region_unknown,
                                         self.region_abroad])):
            if sum(part.acts for part in parts) != acts:
                raise ValueError(f"the {name} do not add up to the {acts} acts")
        if sum(row.acts for row in self.by_type) != acts:
            raise ValueError(f"the act types do not add up to the {acts} acts")
        if any(len(row.cells) != len(self.periods) for row in self.heat):
            raise ValueError("a heat map row does not span the periods")

    @property
    def dated(self) -> int:
        """Acts that a period holds."""
        return sum(period.acts for period in self.periods)

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON (the API and `sprava analysis context --json`)."""
        return {
            "case": {"id": self.case_id, "reference": self.case_reference},
            "unit": str(self.unit),
            "acts": self.total.acts, "victims": self.total.victims,
            "acts_filter": dict(self.total.filters),
            "places": self.place_count, "regions_reached": self.region_count,
            "widespread": {
                "by_type": [row.to_dict() for row in self.by_type],
                "by_period": [period.to_dict() for period in self.periods],
                "date_not_precise_enough": [part.to_dict() for part in self.unplaced],
                "by_region": [row.to_dict() for row in self.regions],
                "region_unknown": self.region_unknown.to_dict(),
                "abroad": self.region_abroad.to_dict(),
                "by_place": [row.to_dict() for row in self.places],
                "by_facility": [row.to_dict() for row in self.facilities],
                "by_unit": [row.to_dict() for row in self.units],
                "unit_unknown": self.unit_unknown.to_dict(),
                "heat_map": [row.to_dict() for row in self.heat],
            },
            "systematic": {"patterns": [pattern.to_dict() for pattern in self.patterns]},
            "policy": [item.to_dict() if hasattr(item, "to_dict") else item
                       for item in self.policy],
        }


def context_figures(reader: Reader, case: Case) -> ContextFigures:
    """The contextual figures of `case`, as `reader` may see them.

    Refused (PermissionDenied) for a reader who is no member of the case: the front ends answer
    that as "not found", as for a case that does not exist.
    """
    if not reader.can(Permission.VIEW, case):
        raise PermissionDenied(f"{reader.user.get_username()} may not view case #{case.pk}")
    acts = Act.objects.filter(in_cases(Act, case)).order_by()
    places = divisions()
    totals = acts.aggregate(
        acts=Count("pk"), victims=Count("victim", distinct=True),
        first=Min("start_date", filter=held_q(Unit.MONTH)),
        last_day=Max("start_date", filter=held_q(Unit.DAY)),
        last_month=Max("start_date", filter=held_q(Unit.MONTH) & ~held_q(Unit.DAY)),
        daily=Count("pk", filter=held_q(Unit.DAY)), monthly=Count("pk", filter=held_q(Unit.MONTH)),
        places=Count(at(), distinct=True), regions=Count(places.of(), distinct=True))
    ends = [totals["last_day"], totals["last_month"] and month_end(totals["last_month"])]
    unit = choose_unit(totals["first"], max((end for end in ends if end), default=None),
                       daily=totals["daily"], monthly=totals["monthly"])
    scope = Scope(case=case, acts=acts, divisions=places, unit=unit)
    periods = _periods(scope)
    regions, region_unknown, region_abroad = _regions(scope)
    at_places = _at_places(scope)
    return ContextFigures(
        case_id=case.pk, case_reference=case.reference, unit=unit,
        total=Tally(acts=totals["acts"], victims=totals["victims"],
                    filters=params(case.reference)),
        place_count=totals["places"], region_count=totals["regions"],
        by_type=_by_type(scope), periods=periods, unplaced=_unplaced(scope),
        regions=regions, region_unknown=region_unknown, region_abroad=region_abroad,
        places=_places(scope, at_places), facilities=_facilities(scope, reader, at_places),
        units=_units(scope), unit_unknown=_unit_unknown(scope),
        heat=_heat(scope, periods), patterns=patterns.recurring(scope),
    )


# --- Widespread ---------------------------------------------------------------------------------


def _row(name: Name, counts: dict[str, Any], filters: Params) -> Row:
    return Row(name=name, acts=counts["n_acts"], victims=counts["n_victims"],
               periods=counts["n_periods"], regions=counts["n_regions"], filters=filters)


def _by_type(scope: Scope) -> tuple[Row, ...]:
    counts = {row["act_type"]: row for row in
              grouped(scope.acts.values("act_type").annotate(**scope.spread()))}
    types = ActType.objects.in_bulk(list(counts))
    rows = [_row(Name.of(types[pk], types[pk].code), counts[pk],
                 params(scope.reference, act_type=types[pk].code)) for pk in counts]
    return tuple(sorted(rows, key=lambda row: (-row.acts, row.name.en)))


def _periods(scope: Scope) -> tuple[Period, ...]:
    held = scope.acts.filter(held_q(scope.unit))
    counts = {start_of(row["span"]): row for row in
              grouped(held.values(span=period(scope.unit)).annotate(
                  n_acts=Count("pk"), n_victims=Count("victim", distinct=True)))}
    if not counts:
        return ()
    firsts = count_by_first(held.filter(victim__isnull=False), "victim_id", period(scope.unit))
    result: list[Period] = []
    acts_so_far = victims_so_far = 0
    for start in scope.run(min(counts), max(counts)):
        row = counts.get(start, {"n_acts": 0, "n_victims": 0})
        new = firsts.get(start, 0)
        acts_so_far += row["n_acts"]
        victims_so_far += new
        result.append(Period(start=start, end=last_day(start, scope.unit), acts=row["n_acts"],
                             victims=row["n_victims"], new_victims=new,
                             acts_to_date=acts_so_far, victims_to_date=victims_so_far,
                             filters=scope.period_params(start)))
    return tuple(result)


_PRECISION_ORDER = (Precision.DAY, Precision.MONTH, Precision.APPROXIMATE, Precision.YEAR,
                    Precision.UNKNOWN)


def _unplaced(scope: Scope) -> tuple[Unplaced, ...]:
    rows = grouped(scope.acts.exclude(held_q(scope.unit)).values(kind=precision_of())
                   .annotate(n_acts=Count("pk"), n_victims=Count("victim", distinct=True)))
    found = {row["kind"]: row for row in rows}
    return tuple(Unplaced(precision=str(kind), acts=found[kind]["n_acts"],
                          victims=found[kind]["n_victims"],
                          filters=params(scope.reference, precision=str(kind)))
                 for kind in _PRECISION_ORDER if kind in found)


def _tally(scope: Scope, where: Q, **filters: str) -> Tally:
    counts = scope.acts.filter(where).aggregate(n_acts=Count("pk"),
                                                n_victims=Count("victim", distinct=True))
    return Tally(acts=counts["n_acts"], victims=counts["n_victims"],
                 filters=params(scope.reference, **filters))


_EMPTY = {"n_acts": 0, "n_victims": 0, "n_periods": 0, "n_regions": 0}


def _regions(scope: Scope) -> tuple[tuple[Row, ...], Tally, Tally]:
    """Every division, the acts in none (the group of a NULL division) and those abroad: one
    scan."""
    found = {row["division"]: row for row in
             grouped(scope.acts.values(division=scope.divisions.of()).annotate(**scope.spread()))}
    rows = [_row(Name.of(place, code), found.get(place.pk, _EMPTY),
                 params(scope.reference, region=code))
            for code, place in scope.divisions.places.items()]
    order = list(scope.divisions.places)
    unknown = found.get(None, _EMPTY)
    abroad = next((row for key, row in found.items() if scope.divisions.is_abroad(key)), _EMPTY)
    return (tuple(sorted(rows, key=lambda row: (-row.acts, order.index(row.name.code)))),
            Tally(acts=unknown["n_acts"], victims=unknown["n_victims"],
                  filters=params(scope.reference, region=UNKNOWN)),
            Tally(acts=abroad["n_acts"], victims=abroad["n_victims"],
                  filters=params(scope.reference, region=ABROAD)))


@dataclass(frozen=True)
class _AtPlaces:
    """The counts of every place with acts, and those places, read once for the places and
    the places of detention."""

    counts: dict[int, dict[str, Any]]
    places: dict[int, Place]


def _at_places(scope: Scope) -> _AtPlaces:
    counts = {row["spot"]: row for row in
              grouped(scope.acts.values(spot=at()).annotate(**scope.spread()))
              if row["spot"] is not None}
    return _AtPlaces(counts=counts, places=Place.objects.in_bulk(list(counts)))


def _places(scope: Scope, found: _AtPlaces) -> tuple[Row, ...]:
    rows = [_row(Name.of(place, place.code), found.counts[pk],
                 params(scope.reference, at=place.code)) for pk, place in found.places.items()]
    return tuple(sorted(rows, key=lambda row: (-row.acts, row.name.en)))


def _facilities(scope: Scope, reader: Reader, found: _AtPlaces) -> tuple[Facility, ...]:
    detention = Place.objects.filter(kind=PlaceKind.DETENTION)
    acts = {pk: found.counts[pk] for pk, place in found.places.items()
            if place.kind == PlaceKind.DETENTION}
    victims = scope.acts.filter(victim__isnull=False).values("victim_id")
    # Only the periods the reader may see: of persons they see (`CASE_PATHS`), and of a
    # protected person only with identity access to them: a prison and a date identify one.
    custody = permissions.filter_visible(reader.user, CustodyPeriod.objects.filter(
        person__in=victims, place__in=detention)).filter(
        reader.disclosure.shown(Fact.CUSTODY, "person"))
    held = {row["place"]: row for row in grouped(custody.values("place").annotate(
        n_held=Count("person", distinct=True), n_periods=Count("pk")).order_by())}
    named = {**Place.objects.in_bulk([pk for pk in held if pk not in acts]),
             **{pk: found.places[pk] for pk in acts}}
    rows = [Facility(name=Name.of(place, place.code), acts=acts.get(pk, _EMPTY)["n_acts"],
                     victims=acts.get(pk, _EMPTY)["n_victims"],
                     periods=acts.get(pk, _EMPTY)["n_periods"],
                     regions=acts.get(pk, _EMPTY)["n_regions"],
                     held=held[pk]["n_held"] if pk in held else 0,
                     custody_periods=held[pk]["n_periods"] if pk in held else 0,
                     filters=params(scope.reference, at=place.code))
            for pk, place in named.items()]
    return tuple(sorted(rows, key=lambda row: (-row.acts, -row.held, row.name.en)))


def _units(scope: Scope) -> tuple[Row, ...]:
    involved = Involvement.objects.filter(in_cases(Involvement, scope.case),
                                          organisation__isnull=False).order_by()
    found = {row["organisation"]: row for row in
             grouped(involved.values("organisation").annotate(**scope.spread("act__")))}
    units = Organisation.objects.in_bulk(list(found))
    rows = [_row(Name.of(units[pk], str(pk)), found[pk],
                 params(scope.reference, organisation=str(pk))) for pk in found]
    return tuple(sorted(rows, key=lambda row: (-row.acts, row.name.en)))


def no_unit(involvements: QuerySet[Involvement] | None = None) -> Q:
    """Acts with no unit named in any of their involvements (the acts list's
    `organisation=none`); `involvements` narrows the subquery (to one case's)."""
    involvements = Involvement.objects.all() if involvements is None else involvements
    return ~Q(pk__in=involvements.filter(organisation__isnull=False).values("act_id"))


def _unit_unknown(scope: Scope) -> Tally:
    return _tally(scope, no_unit(Involvement.objects.filter(in_cases(Involvement, scope.case))),
                  organisation="none")


def _heat(scope: Scope, periods: tuple[Period, ...]) -> tuple[HeatRow, ...]:
    if not periods:
        return ()
    rows = grouped(scope.acts.filter(held_q(scope.unit))
                   .values(spot=at(), span=period(scope.unit)).annotate(n=Count("pk")))
    index = {p.start: i for i, p in enumerate(periods)}
    cells: dict[int, list[int]] = {}
    for row in rows:
        if row["spot"] is not None:
            place = cells.setdefault(row["spot"], [0] * len(periods))
            place[index[start_of(row["span"])]] = row["n"]
    busiest = sorted(cells, key=lambda pk: -sum(cells[pk]))[:HEAT_ROWS]
    named = Place.objects.in_bulk(busiest)
    result = [HeatRow(name=Name.of(named[pk], named[pk].code), cells=tuple(cells[pk]),
                      links=tuple(scope.period_params(p.start, at=named[pk].code)
                                  for p in periods))
              for pk in busiest if pk in named]
    return tuple(sorted(result, key=lambda row: (-row.acts, row.name.en)))
