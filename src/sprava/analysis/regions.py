"""Where an act happened, as the contextual figures count it: its place, else its incident's,
and the first-level division of Belarus that place lies in (Minsk city or one of the six
regions).

The divisions are the shapes of the shipped map (`records/data/belarus_map.json`, kinds
"region" and "city"), so the choropleth and the counts cannot come to disagree about what a
region is. A place is placed in a division by walking up `Place.parent`; the walk is done over
the small place table in Python, once per call, and the database then groups acts by the
division ids as plain `IN` lists, with no join per level of the tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import In

from sprava.records.models import Place
from sprava.records.seed import map_shapes

__all__ = ["ABROAD", "UNKNOWN", "Divisions", "at", "counted_at", "counted_at_place",
           "division_codes", "divisions"]

UNKNOWN = "unknown"
"""The key of acts placed in no division: no place recorded, or a place of Belarus outside
them (the country itself)."""
ABROAD = "abroad"
"""The key of acts at a place in another country (a border crossing in Lithuania, a city of
exile): counted apart, not as of an unknown region, and shown beside the map of Belarus."""
_ABROAD_ID = 0  # no place has the primary key 0: the division value of an act abroad


@cache
def division_codes() -> tuple[str, ...]:
    """The place codes of the first-level divisions, in the map's order."""
    return tuple(shape["code"] for shape in map_shapes() if shape["kind"] in ("region", "city"))


def at(prefix: str = "") -> Coalesce:
    """The place an act is counted at: its own, else its incident's. `prefix` leads from the
    rows queried to the act ("act__" from an involvement)."""
    return Coalesce(F(f"{prefix}place_id"), F(f"{prefix}incident__place_id"))


def counted_at(places: QuerySet[Place], prefix: str = "") -> Q:
    """Acts counted at one of `places` (their own place, else their incident's), as a filter
    that the database can answer from the place columns' indexes."""
    return (Q(**{f"{prefix}place__in": places})
            | Q(**{f"{prefix}place__isnull": True, f"{prefix}incident__place__in": places}))


def counted_at_place(place: Place | None) -> Q:
    """Acts counted at exactly this place, or, for None, with no place at all (the acts list's
    `at` filter)."""
    if place is None:
        return Q(place__isnull=True, incident__place__isnull=True)
    return Q(place=place) | Q(place__isnull=True, incident__place=place)


@dataclass(frozen=True)
class Divisions:
    """The divisions, and the places within each (itself included)."""

    places: Mapping[str, Place]
    """Division code -> its place, for the divisions the place table holds."""
    within: Mapping[str, frozenset[int]]
    """Division code -> ids of the places that lie in it."""
    abroad: frozenset[int] = frozenset()
    """Ids of the places in another country than Belarus."""

    def __post_init__(self) -> None:
        if set(self.within) != set(self.places):
            raise ValueError("every division needs its places")

    def of(self, prefix: str = "") -> Case:
        """The division id of an act (NULL when in none), as a database expression."""
        where = at(prefix)
        whens = [When(In(where, sorted(self.within[code])), then=Value(self.places[code].pk))
                 for code in self.places if self.within[code]]
        if self.abroad:
            whens.append(When(In(where, sorted(self.abroad)), then=Value(_ABROAD_ID)))
        return Case(*whens, default=Value(None), output_field=IntegerField())

    def is_abroad(self, division: int | None) -> bool:
        """Whether a value of `of()` is the one of acts abroad."""
        return division == _ABROAD_ID

    def q(self, code: str, prefix: str = "") -> Q:
        """Acts in the division `code`; for `ABROAD`, at a place in another country; for
        `UNKNOWN`, in none of these (a filter)."""
        if code == ABROAD:
            return Q(In(at(prefix), sorted(self.abroad)))
        if code == UNKNOWN:
            placed = sorted({pk for ids in self.within.values() for pk in ids} | self.abroad)
            # An act with no place at all has a NULL `at`, which `NOT IN` would not keep.
            return (Q(**{f"{prefix}place__isnull": True, f"{prefix}incident__place__isnull": True})
                    | ~Q(In(at(prefix), placed)))
        return Q(In(at(prefix), sorted(self.within.get(code, frozenset()))))


def divisions() -> Divisions:
    """The divisions as the place table holds them now (one query over the shipped places)."""
    places = Place.objects.only("pk", "parent_id", "code", "label_en", "label_be", "label_ru",
                                "kind", "country").in_bulk()
    by_code = {place.code: place for place in places.values()}
    codes = [code for code in division_codes() if code in by_code]
    division_ids = {by_code[code].pk: code for code in codes}
    within: dict[str, set[int]] = {code: set() for code in codes}
    for place in places.values():
        seen: set[int] = set()
        current: Place | None = place
        while current is not None and current.pk not in seen:  # a cycle must not hang a page
            if current.pk in division_ids:
                within[division_ids[current.pk]].add(place.pk)
                break
            seen.add(current.pk)
            current = places.get(current.parent_id) if current.parent_id else None
    return Divisions(places={code: by_code[code] for code in codes},
                     within={code: frozenset(ids) for code, ids in within.items()},
                     abroad=frozenset(pk for pk in places
                                      if _country(places, pk) not in ("", "BY")))


def _country(places: Mapping[int, Place], pk: int) -> str:
    """The place's country, else that of the nearest place it lies in ("" if none says)."""
    seen: set[int] = set()
    current = places.get(pk)
    while current is not None and current.pk not in seen:
        if current.country:
            return current.country
        seen.add(current.pk)
        current = places.get(current.parent_id) if current.parent_id else None
    return ""
