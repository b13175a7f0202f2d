"""The value types of the contextual figures: each count with the records behind it.

Every count carries `filters`: the query parameters of the acts list
(`sprava.web.records.filters.ActFilter`) that list exactly the acts it counts, so a page links
each number to its acts and the API and the command line say how to find them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from sprava.records.models.vocabulary import Labelled

__all__ = ["ACT_FILTERS", "Facility", "HeatRow", "Name", "Params", "Pattern", "Period", "Row",
           "Tally", "Unplaced", "params"]

Params = tuple[tuple[str, str], ...]
"""Query parameters of the acts list, in order."""

# The acts list's filters a figure may name; a figure naming another would link to a list
# that ignores it (a filter the list does not know is never obeyed) and so shows too much.
ACT_FILTERS = frozenset({"case", "act_type", "organisation", "at", "region", "month", "start",
                         "end", "precision"})


def _check_params(filters: Params) -> None:
    names = [name for name, _ in filters]
    unknown = set(names) - ACT_FILTERS
    if unknown or len(names) != len(set(names)) or "case" not in names:
        raise ValueError(f"not the acts list's filters of one case: {filters!r}")


def _check_counts(acts: int, victims: int) -> None:
    # One victim per act at most: more victims than acts is a counting error, not a figure.
    if acts < 0 or victims < 0 or victims > acts:
        raise ValueError(f"impossible counts: {acts} acts, {victims} victims")


@dataclass(frozen=True)
class Name:
    """What a row is about, in three languages: an act type, a place, a unit."""

    code: str
    """The act type's or place's code; the unit's id."""
    en: str
    be: str = ""
    ru: str = ""

    def __post_init__(self) -> None:
        if not self.code or not self.en:
            raise ValueError("a name needs a code and an English label")

    @classmethod
    def of(cls, record: Labelled, code: str) -> Name:
        return cls(code=code, en=record.label_en, be=record.label_be, ru=record.label_ru)

    @property
    def label(self) -> str:
        """In the active language, English when none is given."""
        language = (get_language() or "en")[:2]
        return {"be": self.be, "ru": self.ru}.get(language, "") or self.en

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.en,
                "labels": {"en": self.en, "be": self.be or self.en, "ru": self.ru or self.en}}


@dataclass(frozen=True)
class Tally:
    """Acts, and the distinct victims among them, with the acts list that shows them."""

    acts: int
    victims: int
    filters: Params

    def __post_init__(self) -> None:
        _check_counts(self.acts, self.victims)
        _check_params(self.filters)

    def to_dict(self) -> dict[str, Any]:
        return {"acts": self.acts, "victims": self.victims, "acts_filter": dict(self.filters)}


@dataclass(frozen=True)
class Row(Tally):
    """One act type, region, place or unit: its acts, victims, and how far they spread."""

    name: Name
    periods: int
    """Distinct months (or days, for a case counted by day) with an act of the row."""
    regions: int
    """Distinct first-level divisions with an act of the row."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 <= self.periods <= self.acts or not 0 <= self.regions <= self.acts:
            raise ValueError(f"impossible spread: {self!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name.to_dict(), **super().to_dict(), "periods": self.periods,
                "regions": self.regions}


@dataclass(frozen=True)
class Facility(Row):
    """A place of detention: the acts there, and the case's victims held there."""

    held: int
    """Distinct victims of the case with a custody period there (that the reader may see)."""
    custody_periods: int

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0 <= self.held <= self.custody_periods:
            raise ValueError(f"impossible custody counts: {self!r}")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "held": self.held, "custody_periods": self.custody_periods}


@dataclass(frozen=True)
class Period(Tally):
    """One month or day: its acts and victims, and the totals up to its end."""

    start: datetime.date
    end: datetime.date
    new_victims: int
    """Victims whose first act (of those a period holds) falls in this period."""
    acts_to_date: int
    victims_to_date: int

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.end < self.start or not 0 <= self.new_victims <= self.victims \
                or self.acts_to_date < self.acts or self.victims_to_date < self.new_victims:
            raise ValueError(f"impossible period: {self!r}")

    @property
    def key(self) -> str:
        """"2020-08" for a month, "2020-08-10" for a day."""
        if self.start == self.end:
            return self.start.isoformat()
        return self.start.isoformat()[:7]

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.key, "start": self.start.isoformat(), "end": self.end.isoformat(),
                **super().to_dict(), "new_victims": self.new_victims,
                "acts_to_date": self.acts_to_date, "victims_to_date": self.victims_to_date}


@dataclass(frozen=True)
class Unplaced(Tally):
    """Acts no period may hold, by the precision of their date ("unknown": no date)."""

    precision: str

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, **super().to_dict()}


@dataclass(frozen=True)
class HeatRow:
    """One place across the periods: the acts there in each (`ContextFigures.periods`)."""

    name: Name
    cells: tuple[int, ...]
    links: tuple[Params, ...]
    """The acts list of each cell."""

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.links) or any(n < 0 for n in self.cells):
            raise ValueError(f"impossible heat map row: {self.name.code}")
        for filters in self.links:
            _check_params(filters)

    @property
    def acts(self) -> int:
        return sum(self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name.to_dict(), "acts": list(self.cells),
                "acts_filter": [dict(filters) for filters in self.links]}


@dataclass(frozen=True)
class Pattern(Tally):
    """The same act type by the same unit, or at the same place of detention, again and
    again: how many acts, in how many periods and regions."""

    by: str
    """"unit" or "facility"."""
    act_type: Name
    where: Name
    periods: int
    regions: int

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.by not in ("unit", "facility"):
            raise ValueError(f"a pattern is by unit or by facility, not {self.by!r}")

    @property
    def reach(self) -> tuple[int, int, int]:
        """How widely it recurs, the widest first when sorted in reverse."""
        return self.periods, self.regions, self.acts

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "act_type": self.act_type.to_dict(), "where": self.where.to_dict(),
                **super().to_dict(), "periods": self.periods, "regions": self.regions}


def params(case_reference: str, **more: str) -> Params:
    """The acts list's parameters: the case, then the rest in the order given."""
    return (("case", case_reference), *((name, value) for name, value in more.items()))
