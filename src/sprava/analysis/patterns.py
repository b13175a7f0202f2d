"""Systematic: the same act type by the same unit, or at the same place of detention, again
and again, across months and regions.

"Systematic" refers to the organised nature of the acts and the improbability of their random
occurrence; patterns of crimes, the non-accidental repetition of similar criminal conduct on a
regular basis, are a common expression of it (ICTY Appeals Chamber, Kunarac et al., 12 June
2002, para. 94, followed by the ICC). So a pattern is counted here when its acts number at
least `MIN_ACTS` and fall in at least two periods or two regions, and patterns are sorted by
how widely they recur: periods, then regions, then acts. Whether a pattern proves anything is
for a lawyer to say; these are the counts they read, each linked to its acts.
"""

from __future__ import annotations

from typing import Any

from sprava.accounts.permissions import in_cases
from sprava.analysis.regions import at, counted_at
from sprava.analysis.scope import Scope, grouped
from sprava.analysis.tallies import Name, Pattern, params
from sprava.records.models import ActType, Involvement, Organisation, Place, PlaceKind

__all__ = ["MIN_ACTS", "recurring"]

MIN_ACTS = 2


def _recurs(row: dict[str, Any]) -> bool:
    return bool(row["n_acts"] >= MIN_ACTS and (row["n_periods"] >= 2 or row["n_regions"] >= 2))


def recurring(scope: Scope) -> tuple[Pattern, ...]:
    """The recurring patterns of the case, the most widely recurring first."""
    by_unit = [row for row in grouped(Involvement.objects.filter(
        in_cases(Involvement, scope.case), organisation__isnull=False).order_by()
        .values("act__act_type", "organisation").annotate(**scope.spread("act__")))
        if _recurs(row)]
    detention = Place.objects.filter(kind=PlaceKind.DETENTION)
    by_facility = [row for row in grouped(scope.acts.filter(counted_at(detention))
                                          .values("act_type", spot=at())
                                          .annotate(**scope.spread())) if _recurs(row)]
    types = ActType.objects.in_bulk({row["act__act_type"] for row in by_unit}
                                    | {row["act_type"] for row in by_facility})
    units = Organisation.objects.in_bulk({row["organisation"] for row in by_unit})
    places = Place.objects.in_bulk({row["spot"] for row in by_facility})
    found: list[Pattern] = []
    for row in by_unit:
        act_type, unit = types[row["act__act_type"]], units[row["organisation"]]
        found.append(_pattern("unit", act_type, Name.of(unit, str(unit.pk)), row,
                              params(scope.reference, act_type=act_type.code,
                                     organisation=str(unit.pk))))
    for row in by_facility:
        act_type, place = types[row["act_type"]], places[row["spot"]]
        found.append(_pattern("facility", act_type, Name.of(place, place.code), row,
                              params(scope.reference, act_type=act_type.code, at=place.code)))
    return tuple(sorted(found, key=lambda p: (tuple(-n for n in p.reach), p.by,
                                              p.act_type.en, p.where.en)))


def _pattern(by: str, act_type: ActType, where: Name, row: dict[str, Any],
             filters: tuple[tuple[str, str], ...]) -> Pattern:
    return Pattern(by=by, act_type=Name.of(act_type, act_type.code), where=where,
                   acts=row["n_acts"], victims=row["n_victims"], periods=row["n_periods"],
                   regions=row["n_regions"], filters=filters)
